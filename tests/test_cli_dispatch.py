"""`newsreader` tells the reader from a command without importing the commands."""

from __future__ import annotations

import argparse
import subprocess
import sys

from reader.cli import build_parser
from reader.commands import COMMANDS


def test_the_command_names_are_those_the_modules_register():
    parser = build_parser()
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert tuple(sub.choices) == COMMANDS


def test_the_reader_path_imports_no_command_module_no_file_lock_and_no_toml_writer(tmp_path):
    code = (
        "import sys\n"
        "import reader.cli, reader.commands.launch, reader.app, reader.library\n"
        "from reader.store import Store\n"
        "store = Store.open(sys.argv[1])\n"
        "store.read_ids(); store.bookmark_counts()\n"
        "print(sorted(m for m in sys.modules\n"
        "             if m.startswith(('reader.commands.', 'filelock', 'tomlkit', 'reader.sync'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "store")],
                         capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    assert out.strip() == "['reader.commands.base', 'reader.commands.launch']"
