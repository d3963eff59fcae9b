"""How fast the reader starts and moves, next to a bare Textual app, in one run.

    python benchmarks/startup.py [--sizes 100,1000,10000,100000] [--repeat 15]

1. Launch to first article visible, in a real terminal (tmux, polling the
   screen), for each library size: first launch (empty index cache; median
   of COLD_LAUNCHES, each in a fresh cache) and second launch (cache warm);
   beside it a bare Textual app showing 100 titles in an OptionList.
2. The whole list known ("N articles" on screen, the scan over) on a first
   launch, and on a relaunch after a first session quit one second after it
   showed the first article, against the raw read of the same files in the
   same run; the reader's peak RSS (VmHWM, its own process) then.
3. Next article: key press to the new article's text on screen, in-process
   (Pilot) and from tmux, beside the bare app moving its highlight.

Everything runs under a temporary HOME/XDG, on generated articles in a temp
folder (the first file is the newest article, so it is first in the sidebar);
with 100k articles the run takes about ten minutes, most of it writing and
first-scanning files. Launches of the reader and of the bare app are
interleaved and their medians compared, so load from elsewhere on the
machine hits both.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

NEWEST = datetime.date(2026, 1, 1)
TMUX = ["tmux", "-L", f"newsreader-bench-{os.getpid()}"]  # a server of our own
LAUNCHES = 9  # second launches and bare launches: the median of this many (5 swung by 0.1x between runs)
COLD_LAUNCHES = 3  # first launches (each in a fresh cache), and resumed ones

BARE_APP = '''
from textual.app import App
from textual.widgets import OptionList, Static

class Bare(App):
    CSS = "#label { height: 1; } OptionList { height: 1fr; }"

    def compose(self):
        yield Static(id="label")
        yield OptionList(*[f"Bare title {n}" for n in range(100)])
    def on_option_list_option_highlighted(self, event):
        self.query_one("#label", Static).update(f"Selected: {event.option.prompt}!")
    def on_mount(self):
        self.query_one(OptionList).focus()

Bare().run()
'''


def write_articles(folder: Path, count: int) -> list[str]:
    """`count` plain-text articles; the first file is the newest, so it is first."""
    folder.mkdir(parents=True)
    titles = []
    body = "\n\n".join(
        f"Paragraph {p} of the story tells what happened, who said it and why it matters "
        "to the people of the valley, in a few plain sentences."  for p in range(8))
    for n in range(count):
        title = f"Benchmark story {n:06d} about the harbour"
        date = (NEWEST - datetime.timedelta(days=n)).isoformat()  # newest first
        titles.append(title)
        (folder / f"story-{n:06d}.txt").write_text(
            f"{title}\n\nPublished: {date}\n\nKEY POINTS\n\n  • First point of story {n}\n"
            f"  • Second point of story {n}\n\n{body}\n", encoding="utf-8")
    return titles


class Tmux:
    def __init__(self, command: str, env: dict[str, str], size=(120, 40)) -> None:
        self.name = f"bench-{uuid.uuid4().hex[:8]}"
        env_args = [a for k in ("HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME")
                    for a in ("-e", f"{k}={env[k]}")]
        self.started = time.perf_counter()
        subprocess.run([*TMUX, "new-session", "-d", "-s", self.name, "-x", str(size[0]),
                        "-y", str(size[1]), *env_args, command], check=True, env=env)

    def screen(self) -> str:
        return subprocess.run([*TMUX, "capture-pane", "-t", self.name, "-p"],
                              capture_output=True, text=True, check=False).stdout

    def wait_for(self, text: str, timeout: float = 180.0) -> float:
        """Seconds from `self.started` until `text` is on screen."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if text in self.screen():
                return time.perf_counter() - self.started
            time.sleep(0.005)
        raise TimeoutError(f"{text!r} not seen in {timeout}s:\n{self.screen()}")

    def key_to_text(self, key: str, text: str) -> float:
        self.started = time.perf_counter()
        subprocess.run([*TMUX, "send-keys", "-t", self.name, key], check=True)
        return self.wait_for(text, timeout=10)

    def close(self) -> None:
        subprocess.run([*TMUX, "kill-session", "-t", self.name], capture_output=True, check=False)


def newsreader_command() -> str:
    """The `newsreader` entry point installed for this interpreter, started directly.

    Not the first `newsreader` on PATH: that may be a version manager's shim
    (pyenv's runs ~100 ms of bash before Python starts), which the bare app,
    started as `sys.executable script`, would not pay.
    """
    entry = Path(sys.executable).with_name("newsreader")
    return str(entry) if entry.exists() else shutil.which("newsreader") or "newsreader"


def fresh_env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    home = Path(tempfile.mkdtemp(dir=root))
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"),
               XDG_CACHE_HOME=str(home / "cache"), XDG_CONFIG_HOME=str(home / "config"))
    return env


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.0f} ms"


def bare_script(root: Path) -> Path:
    script = root / "bare_app.py"
    script.write_text(BARE_APP)
    return script


def bench_bare_launch(script: Path, env: dict[str, str]) -> float:
    term = Tmux(f"{sys.executable} {script}", env)
    try:
        return term.wait_for("Bare title 0")
    finally:
        term.close()


def bench_bare_moves(script: Path, env: dict[str, str], repeat: int) -> float:
    term = Tmux(f"{sys.executable} {script}", env)
    try:
        term.wait_for("Selected: Bare title 0!")
        moves = [term.key_to_text("Down", f"Selected: Bare title {n}!")
                 for n in range(1, repeat + 1)]
        return statistics.median(moves)
    finally:
        term.close()


def reader_pid(term: Tmux) -> str | None:
    """The reader's process in the pane (a child of the pane's shell)."""
    pane = subprocess.run([*TMUX, "list-panes", "-t", term.name, "-F", "#{pane_pid}"],
                          capture_output=True, text=True, check=False).stdout.split()
    for pid in subprocess.run(["pgrep", "-P", pane[0]], capture_output=True, text=True,
                              check=False).stdout.split() if pane else []:
        try:
            if "newsreader" in Path(f"/proc/{pid}/cmdline").read_text():
                return pid
        except OSError:
            continue
    return None


def peak_rss_kb(pid: str | None) -> int:
    """VmHWM of the process (its own peak resident memory, not its workers')."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM"):
                return int(line.split()[1])
    except (OSError, TypeError):
        pass
    return 0


def bench_launch(folder: Path, first_title: str, count: int, env: dict[str, str],
                 quit_after: float | None = None) -> tuple[float, float, int, float]:
    """Launch to the first article's title in the reading pane, then to the whole
    list known ("N articles", scan over), and the reader's peak RSS then; quit
    with q. With `quit_after`, quit that many seconds after the first article
    shows instead (a session cut short mid-scan): the list time is then 0."""
    newsreader = newsreader_command()
    term = Tmux(f"{newsreader} {folder}; echo EXITED; sleep 30", env)
    try:
        frame = term.wait_for("Next article")  # the footer: the first frame is out
        # The title line of the reading pane (indented by the gutter).
        seconds = term.wait_for(f"   {first_title}")
        whole = 0.0
        pid = reader_pid(term)
        if quit_after is not None:
            time.sleep(quit_after)
        else:
            deadline = time.perf_counter() + 300
            while time.perf_counter() < deadline:
                screen = term.screen()
                if f"{count:,} articles" in screen and "scanning" not in screen:
                    whole = time.perf_counter() - term.started
                    break
                time.sleep(0.02)
        rss = peak_rss_kb(pid)
        subprocess.run([*TMUX, "send-keys", "-t", term.name, "q"], check=True)
        term.wait_for("EXITED", timeout=30)
        return seconds, whole, rss, frame
    finally:
        term.close()


def raw_read(folder: Path) -> float:
    """Seconds to open and read every file of the folder in one Python process."""
    started = time.perf_counter()
    for entry in os.scandir(folder):
        with open(entry.path, "rb") as handle:
            handle.read()
    return time.perf_counter() - started


def bench_tmux_next(folder: Path, titles: list[str], env: dict[str, str], repeat: int) -> float:
    newsreader = newsreader_command()
    term = Tmux(f"{newsreader} {folder}", env)
    try:
        term.wait_for(f"   {titles[0]}")
        times = [term.key_to_text("J", f"   {titles[n]}") for n in range(1, repeat + 1)]
        return statistics.median(times)
    finally:
        term.close()


async def bench_in_process(folder: Path, titles: list[str], repeat: int) -> float:
    from reader import library
    from reader.app import NewsReader
    from reader.store import Store

    store = Store.open(Path(tempfile.mkdtemp()) / "store")
    app = NewsReader([str(folder)], store, library)
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        while app.reader is None or app.reader.article is None:
            await pilot.pause(0.01)
        for n in range(1, repeat + 1):
            await pilot.pause()
            started = time.perf_counter()
            press = asyncio.create_task(pilot.press("J"))
            deadline = started + 10
            while titles[n] not in app.reader.pane.text:
                if time.perf_counter() > deadline:
                    raise TimeoutError(f"{titles[n]!r} never shown in-process")
                await asyncio.sleep(0)
            times.append(time.perf_counter() - started)
            await press
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("benchmarks/startup.py needs tmux", file=sys.stderr)
        return 1
    sizes = [int(s) for s in args.sizes.split(",")]
    root = Path(tempfile.mkdtemp(prefix="newsreader-bench-"))
    # Launches cache their bytecode, as an installed package has it: with this set
    # (some sandboxes do), an editable checkout recompiles the reader's ~40 modules
    # (~35 ms) on every launch, while the bare app's Textual is precompiled.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    # A session that outlives the measured ones, so the server never stops between them.
    subprocess.run([*TMUX, "new-session", "-d", "-s", "keepalive", "sleep 3600"], check=True)
    try:
        script = bare_script(root)
        bare_env = fresh_env(root)
        print(f"{'articles':>8}  {'first frame, cold':>17}  {'first article, cold':>19}  "
              f"{'second launch':>13}  {'bare app':>9}  {'frame / bare':>12}  "
              f"{'article / bare':>14}  {'second / bare':>13}")
        lists = []
        folders = {}
        for size in sizes:
            started = time.perf_counter()
            folder = root / f"lib-{size}"
            titles = write_articles(folder, size)
            os.sync()  # let the writes settle before timing anything
            folders[size] = (folder, titles)
            raw_read(folder)  # the page cache warm, as for every launch below
            firsts, frames, cold_lists, resumed, rss_cold, rss_warm = [], [], [], [], [], []
            seconds, bare, raws = [], [], []
            for _ in range(COLD_LAUNCHES):
                raws.append(raw_read(folder))
                first, whole, rss, frame = bench_launch(folder, titles[0], size, fresh_env(root))
                firsts.append(first)
                frames.append(frame)
                cold_lists.append(whole)
                rss_cold.append(rss)
                bare.append(bench_bare_launch(script, bare_env))
                # A first session quit a second after it showed the first
                # article, then a relaunch that finishes the scan.
                env = fresh_env(root)
                bench_launch(folder, titles[0], size, env, quit_after=1.0)
                resumed.append(bench_launch(folder, titles[0], size, env)[1])
            for _ in range(LAUNCHES):  # interleaved, so drifting load hits both alike
                bare.append(bench_bare_launch(script, bare_env))
                second, _, rss, _ = bench_launch(folder, titles[0], size, env)
                seconds.append(second)
                rss_warm.append(rss)
            med = statistics.median
            second, bare_launch, first, frame = med(seconds), med(bare), med(firsts), med(frames)
            print(f"{size:>8}  {ms(frame):>17}  {ms(first):>19}  {ms(second):>13}  "
                  f"{ms(bare_launch):>9}  {frame / bare_launch:>11.2f}x  "
                  f"{first / bare_launch:>13.2f}x  {second / bare_launch:>12.2f}x   "
                  f"(setup {time.perf_counter() - started:.0f}s)", flush=True)
            lists.append((size, med(raws), med(cold_lists), med(resumed),
                          max(rss_cold), max(rss_warm)))
        print(f"\n{'articles':>8}  {'raw read':>9}  {'whole list, cold':>16}  {'x raw':>6}  "
              f"{'after quitting mid-scan':>23}  {'x raw':>6}  {'peak RSS cold / warm':>20}")
        for size, raw, cold, resumed, rss_cold, rss_warm in lists:
            print(f"{size:>8}  {ms(raw):>9}  {ms(cold):>16}  {cold / raw:>5.1f}x  "
                  f"{ms(resumed):>23}  {resumed / raw:>5.1f}x  "
                  f"{rss_cold / 1024:>11.0f} / {rss_warm / 1024:.0f} MB", flush=True)
        bare_move = bench_bare_moves(script, bare_env, args.repeat)
        folder, titles = folders[min(sizes, key=lambda s: abs(s - 1000))]
        env = fresh_env(root)
        os.environ.update({k: env[k] for k in ("HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                                                  "XDG_CONFIG_HOME")})
        repeat = min(args.repeat, len(titles) - 1)
        in_process = asyncio.run(bench_in_process(folder, titles, repeat))
        from_tmux = bench_tmux_next(folder, titles, env, repeat)
        print(f"next article ({len(titles)} articles): in-process {ms(in_process)} median; "
              f"tmux {ms(from_tmux)} median = {from_tmux / bare_move:.2f}x the bare app's "
              f"highlight move ({ms(bare_move).strip()})")
    finally:
        subprocess.run([*TMUX, "kill-server"], capture_output=True, check=False)
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
