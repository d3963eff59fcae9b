"""The Textual app: loads the config, applies theme and keymap, shows the reader."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import ClassVar

from textual.app import App

from reader import bindings, paths
from reader.background_writes import BackgroundWriter, WriteDone
from reader.config import Config, SettingNotSaved, save_setting
from reader.messages import MessageLog
from reader.protocols import LibraryAPI, StoreAPI
from reader.screens.reader import ReaderScreen
from reader.session import ReadingSession, run_now
from reader.text import clean, clean_line
from reader.widgets.palette import ReaderCommands


class _WorkerThreads(ThreadPoolExecutor):
    """The loop's executor for thread workers, which does not wait for them at exit.

    A thread worker cannot be interrupted: a feed fetch waits for its deadline,
    however long. Quitting must not: the app's loop lets such threads go, and
    the command ends the process once the app is down (`launch.run_app`)."""

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        super().shutdown(wait=False, cancel_futures=True)


class NewsReader(App[int]):
    TITLE = "newsreader"
    CSS_PATH: ClassVar = [str(paths.styles_dir() / "app.tcss")]
    BINDINGS: ClassVar = bindings.textual_bindings(bindings.APP)
    COMMANDS: ClassVar = {ReaderCommands}  # with the few system commands kept (palette.py)

    def __init__(self, sources: list[str], store: StoreAPI, library: LibraryAPI,
                 config: Config | None = None, background_writes: bool = True) -> None:
        """`background_writes=False` runs store writes on the UI thread (an
        in-memory test store, where a write costs nothing)."""
        super().__init__()
        self.sources = sources
        self.store = store
        self.library = library
        self.config = config or Config()
        self._refusals: set[str] = set()
        self._config_lock = threading.Lock()
        self._config_refused = False
        self.messages = MessageLog()
        self.writer = BackgroundWriter(self) if background_writes else None
        self.session = ReadingSession(store, sort=self.config.sort,
                                      mark_read_after=self.config.mark_read_after,
                                      report=self._store_refused, notify=self._session_notice,
                                      writer=self.writer or run_now)
        self.keymap, keymap_problems = bindings.usable_keymap(self.config.keymap)
        self.config_problems = [*self.config.problems, *keymap_problems]
        self.set_keymap(self.keymap)  # before the screens compose: their bindings have it
        self._start_in_config_theme()

    def _start_in_config_theme(self) -> None:
        """The config's theme, in place before Textual first reads the stylesheet.

        Set from on_mount (as Textual's guide does), a theme other than Textual's
        default had Textual read and apply the whole stylesheet a second time in
        every launch: the app's mount to the screen's went from 29 to 12 ms, the
        launch 1.34x to 1.28x the bare app (light theme, in-process at 10,000
        articles, nine launches each, alternated). Here it is set with no watcher, so this
        does what Textual's watcher does before the stylesheet is read: the
        stylesheet's variables (the theme's colours), the app's dark or light
        class, and the ANSI colours' mapping (the ANSI theme follows the theme's
        darkness). An unknown theme is left to on_mount's notice."""
        name = self.config.theme
        if name == self.theme or name not in self.available_themes:
            return
        self.set_reactive(App.theme, name)
        self.stylesheet.set_variables(self.get_css_variables())
        dark = self.current_theme.dark
        self.set_class(dark, "-dark-mode", update=False)
        self.set_class(not dark, "-light-mode", update=False)
        self._refresh_truecolor_filter(self.ansi_theme)

    def get_default_screen(self) -> ReaderScreen:
        # The reader is the app's first screen, composed with it. Pushed from
        # on_mount instead, it was mounted inside Textual's start-up batch, which
        # renders its first frame and throws it away.
        return ReaderScreen(self.sources, self.session, self.library)

    def on_mount(self) -> None:
        asyncio.get_running_loop().set_default_executor(_WorkerThreads(thread_name_prefix="worker"))
        if self.config.theme not in self.available_themes:
            self.notify(f"Unknown theme {self.config.theme!r}; using {self.theme}",
                        severity="warning", markup=False)
        if self.store.notice:
            self.notify(str(self.store.notice), title="Store", severity="warning", markup=False,
                        pin=True)
        for problem in self.config_problems:
            self.notify(problem, title="Config", severity="warning", markup=False, pin=True)

    def watch_theme(self, theme: str) -> None:
        """A theme chosen in the app (the command palette) is written to the config
        file, so the next launch opens with it."""
        if theme == self.config.theme:
            return  # the config's own theme, applied at mount
        self.config.theme = theme
        self.run_worker(self._save_theme, thread=True, group="config")

    def _save_theme(self) -> None:
        with self._config_lock:  # one write at a time, each of the theme chosen last
            try:
                save_setting("theme", self.config.theme, self.config.path)
            except SettingNotSaved as err:
                if not self._config_refused:  # one notice, not one per theme tried
                    self._config_refused = True
                    self.call_from_thread(self.notify, str(err), title="Config",
                                          severity="warning", markup=False)

    def notify(self, message: str, *, title: str = "", severity="information",
               timeout: float | None = None, markup: bool = True, toast: bool = True,
               pin: bool = False) -> None:
        """Every notice, from any screen, passes here. Notices carry file names,
        paths, config values and server text: escapes are cleaned out, and the
        text is never read as markup. Every notice goes to the messages screen;
        `toast=False` only there (a detail a summary toast points to), `pin=True`
        also stays in the status line until the messages screen is opened.
        Thread-safe, as Textual's."""
        message, title = clean(str(message)), clean_line(title)
        self.messages.add(message, title=title, severity=severity, pin=pin)
        if pin and (reader := self.reader) is not None and reader.is_mounted:
            self.call_later(reader.update_status)
        if toast:
            kw = {} if timeout is None else {"timeout": timeout}
            super().notify(message, title=title, severity=severity, markup=False, **kw)

    def action_show_messages(self) -> None:
        from reader.screens.messages import MessagesScreen

        def closed(_result: object) -> None:
            if (reader := self.reader) is not None:
                reader.update_status()

        self.push_screen(MessagesScreen(self.messages), closed)

    def on_write_done(self, message: WriteDone) -> None:
        message.finish(message.result, message.error)

    def _session_notice(self, message: str, ok: bool) -> None:
        self.notify(message, severity="information" if ok else "error", markup=False)

    def _store_refused(self, message: str) -> None:
        """The store refused a write: its reason once; each refused action says so itself."""
        if message in self._refusals:
            return
        self._refusals.add(message)
        self.notify(message, title="Store", severity="error", markup=False, timeout=10, pin=True)

    @property
    def reader(self) -> ReaderScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                return screen
        return None

    def post_display_hook(self) -> None:
        # After each frame: photos drawn in pixels follow what it shows.
        reader = self.reader
        if reader is not None:
            reader.photos_displayed()

    async def action_quit(self) -> None:
        self.session.leave()
        if (reader := self.reader) is not None:
            reader.keep_partial_head()
        if self.writer is not None:
            self.writer.flush(timeout=5)  # the last marks and the position reach the disk
        self.exit(0)

    def on_unmount(self) -> None:
        if self.writer is not None:
            self.writer.close()
