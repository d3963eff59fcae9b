"""The non-interactive commands. Each module has `register(subparsers)`.

`COMMANDS` names the commands without importing their modules: `newsreader`
tells a command from a SOURCE with it, so opening the reader does not load
every command's dependencies. A test checks it against what the modules register.
"""

from __future__ import annotations

import importlib
from types import ModuleType

# Modules are registered in this order; `newsreader --help` lists them so.
COMMAND_MODULES = ("articles", "state", "feeds", "sync")

COMMANDS = ("show", "list", "bookmarks", "add", "remove", "sources",
            "feeds", "refresh", "import", "export", "account", "sync")


def command_modules() -> list[ModuleType]:
    return [importlib.import_module(f"reader.commands.{name}") for name in COMMAND_MODULES]
