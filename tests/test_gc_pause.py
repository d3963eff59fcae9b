"""The `newsreader` command pauses Python's cyclic garbage collector for the
launch and the reader turns it back on once its first frame is out
(`reader.gc_pause` says why)."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from reader import gc_pause, paths
from reader.app import NewsReader
from tests.app_helpers import make_article, reader_app, settle


@pytest.fixture
def collector():
    """Whatever a test does to the collector, the next test finds it on."""
    gc.unfreeze()
    yield
    gc_pause.resume()
    gc.enable()
    gc.unfreeze()


def test_resume_turns_back_on_only_what_pause_turned_off(collector):
    gc_pause.pause()
    assert not gc.isenabled() and gc_pause.paused()
    gc_pause.resume()
    assert gc.isenabled() and not gc_pause.paused()
    assert gc.get_freeze_count() > 0  # what was alive is out of the collector's walks
    gc_pause.resume()  # idempotent
    assert gc.isenabled()

    gc.disable()  # off by someone else: pause does not take it over, resume leaves it off
    gc_pause.pause()
    gc_pause.resume()
    assert not gc.isenabled()


def test_the_command_pauses_the_collector_before_its_imports_and_a_command_resumes_it(
        tmp_path):
    code = (
        "import gc, sys\n"
        "seen = {}\n"
        "class Watch:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'reader.cli':\n"
        "            seen['at import'] = gc.isenabled()\n"
        "sys.meta_path.insert(0, Watch())\n"
        "sys.argv = ['newsreader', '--version']\n"
        "from reader.entry import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(seen['at import'], gc.isenabled())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=tmp_path).stdout
    assert out.splitlines()[-1] == "False True"


async def test_the_reader_turns_the_collector_back_on_once_its_first_frame_is_out(collector,
                                                                               monkeypatch):
    at_first_frame = []
    original = NewsReader.post_display_hook

    def post_display_hook(self) -> None:
        if not at_first_frame and self.reader is not None:
            at_first_frame.append(gc.isenabled())
        original(self)

    monkeypatch.setattr(NewsReader, "post_display_hook", post_display_hook)
    gc_pause.pause()
    app = reader_app([make_article(1), make_article(2)])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert gc.isenabled() and not gc_pause.paused() and gc.get_freeze_count() > 0
    assert at_first_frame == [False]  # paused for the whole launch, not just the imports


def test_an_app_that_ends_before_its_first_frame_leaves_the_collector_on(collector,
                                                                        monkeypatch):
    from reader.commands.launch import run_app

    monkeypatch.setattr(NewsReader, "run", lambda self: 0)  # ends before any frame
    gc_pause.pause()
    assert run_app([str(paths.samples_dir())]) == 0
    assert gc.isenabled()
