"""Every test runs with its own HOME and XDG folders: nothing a test does can
read or touch the real user's data, config or cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The local HTTP server fixture (`web_server`) for feed, page and fetch tests.
pytest_plugins = ["tests.web_server"]

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []

_XDG = ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name in _XDG:
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.delenv("NEWSREADER_CONFIG", raising=False)
    return home


@pytest.fixture
def env(isolated_home) -> dict[str, str]:
    """The environment for a subprocess that must see the same isolated folders."""
    return dict(os.environ)


@pytest.fixture
def counted(monkeypatch):
    """Every read of a file by the light pass, in this process."""
    from reader import library
    from reader.sources import light_summary

    calls: list[str] = []

    def counting(path):
        calls.append(str(path))
        return light_summary(path)

    monkeypatch.setattr(library, "light_summary", counting)
    return calls
