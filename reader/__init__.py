"""newsreader: a terminal news reader that keeps an article's structure."""

__version__ = "0.1.0"
