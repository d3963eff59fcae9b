"""Where newsreader keeps things. The one place that knows the locations.

Nothing is created at import time: callers ask for a directory and
`ensure()` it when they are about to write. Tests point HOME and XDG_* at
temporary folders and everything follows, because platformdirs reads them
on every call.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP = "newsreader"
PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    """Precious user state: read marks, bookmarks, the library."""
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def cache_dir() -> Path:
    """Rebuildable things: the title index, fetched pages."""
    return Path(platformdirs.user_cache_dir(APP, appauthor=False))


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def samples_dir() -> Path:
    """The bundled sample articles (package data, so they ship in the wheel)."""
    return PACKAGE_DIR / "samples"


def styles_dir() -> Path:
    """The app's .tcss files.

    In a wheel they are installed inside the package (reader/styles); from a
    checkout or an editable install they are the top-level styles/ folder.
    """
    inside = PACKAGE_DIR / "styles"
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parent / "styles"
