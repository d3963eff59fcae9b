"""The Textual app: loads the config, applies theme and keymap, shows the reader."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App

from reader import bindings, paths
from reader.config import Config
from reader.guarded_store import GuardedStore
from reader.screens.reader import ReaderScreen
from reader.text import clean, clean_line
from reader.widgets.palette import ReaderCommands


class NewsReader(App[int]):
    TITLE = "newsreader"
    CSS_PATH: ClassVar = [str(paths.styles_dir() / "app.tcss")]
    BINDINGS: ClassVar = list(bindings.APP)
    COMMANDS: ClassVar = App.COMMANDS | {ReaderCommands}

    def __init__(self, sources: list[str], store, library, config: Config | None = None) -> None:
        super().__init__()
        self.sources = sources
        self.store = GuardedStore(store, self._store_refused)
        self.library = library
        self.config = config or Config()
        self.keymap, keymap_problems = bindings.usable_keymap(self.config.keymap)
        self.config_problems = [*self.config.problems, *keymap_problems]
        self.set_keymap(self.keymap)  # before the screens compose: their bindings have it

    def get_default_screen(self) -> ReaderScreen:
        # The reader is the app's first screen, composed with it. Pushed from
        # on_mount instead, it was mounted inside Textual's start-up batch, which
        # renders its first frame and throws it away.
        return ReaderScreen(self.sources, self.store, self.library)

    def on_mount(self) -> None:
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        else:
            self.notify(f"Unknown theme {self.config.theme!r}; using {self.theme}",
                        severity="warning", markup=False)
        for problem in self.config_problems:
            self.notify(problem, title="Config", severity="warning", markup=False)

    def notify(self, message: str, *, title: str = "", severity="information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notice, from any screen, passes here. Notices carry file names,
        paths, config values and server text: escapes are cleaned out, and the
        text is never read as markup."""
        super().notify(clean(str(message)), title=clean_line(title), severity=severity,
                       timeout=timeout, markup=False)

    def _store_refused(self, message: str) -> None:
        self.notify(message, title="Store", severity="error", markup=False, timeout=10)

    @property
    def reader(self) -> ReaderScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                return screen
        return None

    async def action_quit(self) -> None:
        if self.reader is not None:
            self.reader.save_position()
        self.exit(0)
