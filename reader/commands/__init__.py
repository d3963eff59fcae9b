"""The non-interactive commands. Each module has `register(subparsers)`."""

from reader.commands import articles, feeds, state

# Modules are registered in this order; `newsreader --help` lists them so.
COMMAND_MODULES = [articles, state, feeds]
