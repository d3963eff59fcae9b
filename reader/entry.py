"""The `newsreader` command's entry point.

Its first act is to pause Python's cyclic garbage collector for the launch
(`reader.gc_pause` says why); then it imports the command line and runs it.
Nothing else may be imported above `pause`, or its import runs with the
collector on.
"""

from __future__ import annotations


def main() -> int:
    from reader import gc_pause

    gc_pause.pause()
    from reader.cli import main as cli_main

    return cli_main()
