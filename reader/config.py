"""The user's config file: `config.toml` in the config directory.

    theme = "textual-light"          # any Textual theme name
    sort = "newest"                  # or "oldest": the article list's order
    mark_read_after = 2              # seconds an article stays shown before it counts
                                     # as read; 0: at once; "never": only `m` marks

    refresh_minutes = 30             # the reader refreshes feeds this often; 0: only
                                     # at start and on R
    browser = "firefox %u"           # what `o` runs; %u: the URL (else it goes last)
    images = "auto"                  # article photos: "auto", "kitty", "sixel",
                                     # "halfblocks" or "off"
    image_rows = 16                  # the most rows a photo takes in the reading pane
    image_cache_mb = 200             # photos kept on disk for offline reading (0: none)

    [keymap]                          # binding id = "key[,key...]"
    next-article = "ctrl+n,J"
    quit = "ctrl+q"

    [fetch]
    timeout = 30                      # seconds for one whole download (connect, headers, body)

A theme chosen in the app's command palette is written back here (`save_setting`):
only the `theme` line changes; comments, order and other keys stay as written.

Binding ids are listed by the help screen (`?`) and in the README. A file
that does not parse, or entries that make no sense, never stop the reader:
they become `Config.problems`, one line each, shown as a notification.

This module reads the file and checks its shape only; whether a keymap entry
names a binding and keys that can be bound is for `reader.bindings`, which
knows Textual's key names (this module, like every core module, does not
import Textual).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reader import paths
from reader.atomic import write_atomic
from reader.files import read_regular
from reader.opener import command_argv
from reader.text import clean_line

DEFAULT_THEME = "textual-dark"
SORTS = ("newest", "oldest")
DEFAULT_MARK_READ_AFTER = 2.0
DEFAULT_FETCH_TIMEOUT = 30.0
DEFAULT_REFRESH_MINUTES = 30.0
IMAGE_MODES = ("auto", "kitty", "sixel", "halfblocks", "off")
DEFAULT_IMAGE_ROWS = 16
DEFAULT_IMAGE_CACHE_MB = 200


@dataclass
class Config:
    theme: str = DEFAULT_THEME
    sort: str = "newest"
    mark_read_after: float | None = DEFAULT_MARK_READ_AFTER  # None: never by time
    keymap: dict[str, str] = field(default_factory=dict)
    fetch_timeout: float = DEFAULT_FETCH_TIMEOUT
    refresh_minutes: float = DEFAULT_REFRESH_MINUTES  # 0: no timed refresh
    problems: list[str] = field(default_factory=list)
    browser: str | None = None  # the command `o` runs; None: $BROWSER, then the system's
    path: Path | None = None  # the file read, where settings changed in the app are saved
    images: str = "auto"  # photos in the reading pane: "auto", "kitty", "sixel", "halfblocks", "off"
    image_protocol: str | None = None  # what "auto" found on this terminal (set at launch)
    image_rows: int = DEFAULT_IMAGE_ROWS
    image_cache_mb: float = DEFAULT_IMAGE_CACHE_MB


class SettingNotSaved(Exception):
    """A setting could not be written to the config file; the message is one line."""


def config_path() -> Path:
    return paths.config_dir() / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """Read the config file; a missing file is the default config."""
    path = config_path() if path is None else path
    try:
        raw = read_regular(path)  # a FIFO in its place is refused, not waited on
    except FileNotFoundError:
        return Config(path=path)
    except OSError as err:
        return Config(problems=[f"{path}: cannot read ({err.strerror or err})"], path=path)
    import tomllib  # here: with no config file (the usual launch) it is never needed

    try:
        data = tomllib.loads(raw.decode("utf-8", errors="replace"))
    except (tomllib.TOMLDecodeError, RecursionError) as err:
        return Config(problems=[f"{path}: not valid TOML ({err})"], path=path)
    config = parse_config(data, str(path))
    config.path = path
    return config


def save_setting(key: str, value: str | int | float, path: Path | None = None) -> Path:
    """Set the top-level `key` in the config file, keeping the rest of the file as the
    user wrote it (comments, order, spacing, other keys). The file is replaced
    atomically; a symlinked config (a dotfiles checkout) is written through the
    link. A missing file is created. A file that does not parse is left alone:
    `SettingNotSaved`, with a one-line reason, as for any write the disk refuses.
    Returns the path written."""
    path = config_path() if path is None else path
    target = path.resolve()
    try:
        raw = read_regular(target).decode("utf-8")
    except FileNotFoundError:
        raw = ""
    except (OSError, UnicodeDecodeError) as err:
        reason = getattr(err, "strerror", None) or err
        raise SettingNotSaved(f"{clean_line(path)}: cannot read ({clean_line(reason)}); "
                              f"{key} not saved") from None
    import tomlkit  # only when a setting is saved: launching does not pay for it
    from tomlkit.exceptions import TOMLKitError

    try:
        document = tomlkit.parse(raw)
    except (TOMLKitError, RecursionError):
        raise SettingNotSaved(f"{clean_line(path)} is not valid TOML; {key} not saved "
                              "(the file is left as it is)") from None
    document[key] = value
    try:
        write_atomic(target, tomlkit.dumps(document).encode("utf-8"), durable=True)
    except OSError as err:
        raise SettingNotSaved(f"{clean_line(path)}: cannot write ({clean_line(err.strerror or err)}); "
                              f"{key} not saved") from None
    return target


def _fetch_timeout(data: dict, where: str, problems: list[str]) -> float:
    table = data.get("fetch", {})
    value = table.get("timeout", DEFAULT_FETCH_TIMEOUT) if isinstance(table, dict) else None
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= 3600:
        return float(value)
    problems.append(f"{where}: [fetch] timeout must be a number of seconds (1 to 3600)")
    return DEFAULT_FETCH_TIMEOUT


def fetch_timeout(path: Path | None = None) -> float:
    """The total deadline of one download, from the config file (problems are reported by
    `load_config`; here they fall back to the default). Imports nothing of the UI."""
    import tomllib

    try:
        data = tomllib.loads((path or config_path()).read_bytes().decode("utf-8", "replace"))
    except (OSError, tomllib.TOMLDecodeError):
        return DEFAULT_FETCH_TIMEOUT
    return _fetch_timeout(data, "config", [])


def parse_config(data: dict, where: str = "config") -> Config:
    config = Config()
    config.fetch_timeout = _fetch_timeout(data, where, config.problems)
    theme = data.get("theme", DEFAULT_THEME)
    if isinstance(theme, str) and theme.strip():
        config.theme = theme.strip()
    else:
        config.problems.append(f"{where}: theme must be a theme name")
    sort = data.get("sort", "newest")
    if sort in SORTS:
        config.sort = sort
    else:
        config.problems.append(f"{where}: sort must be \"newest\" or \"oldest\"")
    after = data.get("mark_read_after", DEFAULT_MARK_READ_AFTER)
    if after == "never":
        config.mark_read_after = None
    elif isinstance(after, int | float) and not isinstance(after, bool) and 0 <= after <= 86400:
        config.mark_read_after = float(after)
    else:
        config.problems.append(f"{where}: mark_read_after must be seconds (0 or more) or \"never\"")
    _number(config, data, where, "refresh_minutes", DEFAULT_REFRESH_MINUTES, 0, 10080,
            "minutes (0 to 10080; 0: off)")
    browser = data.get("browser")
    if browser is not None:
        try:
            if not isinstance(browser, str):
                raise ValueError
            command_argv(browser, "u", "%u")
            config.browser = browser.strip()
        except ValueError:
            config.problems.append(f"{where}: browser must be a command, like \"firefox %u\" "
                                   "(%u: the URL)")
    _parse_images(data, where, config)
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict):
        config.problems.append(f"{where}: [keymap] must be a table of binding-id = \"keys\"")
        keymap = {}
    for binding_id, keys in keymap.items():
        if not isinstance(keys, str) or not keys.strip():
            config.problems.append(f"{where}: keymap {binding_id!r} must be a key string")
        else:
            config.keymap[binding_id] = keys
    return config


def _number(config: Config, data: dict, where: str, key: str, default: float, low: float,
            high: float, unit: str, whole: bool = False) -> None:
    """Set `config.<key>` from `data[key]` (or `default`) when it is a number from
    `low` to `high` (a whole one if `whole`; TOML's true and false are not
    numbers); else keep the default and add a problem saying it must be `unit`."""
    value = data.get(key, default)
    kinds = int if whole else int | float
    if isinstance(value, kinds) and not isinstance(value, bool) and low <= value <= high:
        setattr(config, key, value if whole else float(value))
    else:
        config.problems.append(f"{where}: {key} must be {unit}")


def _parse_images(data: dict, where: str, config: Config) -> None:
    images = data.get("images", "auto")
    if images in IMAGE_MODES:
        config.images = images
    else:
        config.problems.append(
            f'{where}: images must be "auto", "kitty", "sixel", "halfblocks" or "off"')
    _number(config, data, where, "image_rows", DEFAULT_IMAGE_ROWS, 2, 60,
            "a number of rows (2 to 60)", whole=True)
    _number(config, data, where, "image_cache_mb", DEFAULT_IMAGE_CACHE_MB, 0, 100_000,
            "megabytes (0 to 100000; 0: none kept)")
