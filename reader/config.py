"""The user's config file: `config.toml` in the config directory.

    theme = "textual-light"          # any Textual theme name

    [keymap]                          # binding id = "key[,key...]"
    next-article = "ctrl+n,J"
    quit = "ctrl+q"

Binding ids are listed by the help screen (`?`) and in the README. A file
that does not parse, or entries that make no sense, never stop the reader:
they become `Config.problems`, one line each, shown as a notification.

This module reads the file and checks its shape only; whether a keymap entry
names a binding and keys that can be bound is for `reader.bindings`, which
knows Textual's key names (this module, like every core module, does not
import Textual).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from reader import paths
from reader.files import read_regular

DEFAULT_THEME = "textual-dark"


@dataclass
class Config:
    theme: str = DEFAULT_THEME
    keymap: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def config_path() -> Path:
    return paths.config_dir() / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """Read the config file; a missing file is the default config."""
    path = config_path() if path is None else path
    try:
        raw = read_regular(path)  # a FIFO in its place is refused, not waited on
    except FileNotFoundError:
        return Config()
    except OSError as err:
        return Config(problems=[f"{path}: cannot read ({err.strerror or err})"])
    try:
        data = tomllib.loads(raw.decode("utf-8", errors="replace"))
    except (tomllib.TOMLDecodeError, RecursionError) as err:
        return Config(problems=[f"{path}: not valid TOML ({err})"])
    return parse_config(data, str(path))


def parse_config(data: dict, where: str = "config") -> Config:
    config = Config()
    theme = data.get("theme", DEFAULT_THEME)
    if isinstance(theme, str) and theme.strip():
        config.theme = theme.strip()
    else:
        config.problems.append(f"{where}: theme must be a theme name")
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict):
        config.problems.append(f"{where}: [keymap] must be a table of binding-id = \"keys\"")
        keymap = {}
    for binding_id, keys in keymap.items():
        if not isinstance(keys, str) or not keys.strip():
            config.problems.append(f"{where}: keymap {binding_id!r} must be a key string")
        else:
            config.keymap[binding_id] = keys
    return config
