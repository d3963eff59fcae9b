"""The `newsreader` command: argument parsing and dispatch.

`newsreader [SOURCE...]` opens the reader; `newsreader COMMAND ...` runs one
of the non-interactive commands registered by the modules in
`reader.commands`. Every command turns expected failures into a one-line
message on stderr and a non-zero exit; nothing reaches the user as a traceback.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import TYPE_CHECKING

from reader import __version__, gc_pause
from reader.commands import COMMANDS, command_modules
from reader.commands.base import CommandError
from reader.store import StoreError
from reader.text import clean, clean_line

if TYPE_CHECKING:
    import argparse


@cache
def parser_class() -> type[argparse.ArgumentParser]:
    """argparse, made on first use: a plain launch (`newsreader`, or sources
    only) needs no parser, and importing argparse is a millisecond or two of
    every launch."""
    import argparse

    class ArgumentParser(argparse.ArgumentParser):
        """argparse echoes what it could not parse (a file name, an option): the
        echo is cleaned, as every string from outside is before it is shown."""

        def error(self, message: str):
            super().error(clean_line(message))  # one line, as every error of ours

        def _print_message(self, message: str, file=None) -> None:
            super()._print_message(clean(message) if message else message, file)

    return ArgumentParser


def build_parser() -> argparse.ArgumentParser:
    parser = parser_class()(
        prog="newsreader",
        description="A terminal news reader that keeps an article's structure.",
        epilog="With no COMMAND, opens the reader on the given SOURCEs (files and folders), "
        "else on your library, else on the bundled sample articles. A SOURCE spelled like "
        "a command is reached as ./NAME.",
    )
    parser.add_argument("--version", action="version", version=f"newsreader {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in command_modules():
        module.register(sub)
    return parser


def build_app_parser() -> argparse.ArgumentParser:
    parser = parser_class()(
        prog="newsreader",
        description="Open the reader on SOURCEs (files and folders), else on your library.",
    )
    parser.add_argument("sources", nargs="*", metavar="SOURCE")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if not argv or argv[0] == "--" or (argv[0] not in COMMANDS and not argv[0].startswith("-")):
            if any(arg.startswith("-") for arg in argv):  # "--", or an option after a source
                argv = build_app_parser().parse_args(argv).sources
            from reader.commands.launch import run_app

            return run_app(argv)
        gc_pause.resume()  # paused for the reader's launch (reader.entry); a command runs as usual
        parser = build_parser()  # imports the command modules: only a command needs them
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return 0
        return int(args.func(args) or 0)
    except (CommandError, StoreError) as err:
        print(f"newsreader: {clean_line(err)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `newsreader list | head`: the reader went away; not an error worth a trace.
        sys.stderr.close()
        return 0
