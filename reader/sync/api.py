"""The Google Reader API as FreshRSS, Miniflux, Inoreader, The Old Reader and BazQux speak it.

Only what the sync needs: ClientLogin, the subscription and tag lists, item
ids of a stream (`ot` and continuation), item contents by id, edit-tag for
read/starred, and subscription edits. Item ids are normalised to the long
form's 16 hex digits, whichever form (decimal or tagged hex) a server sends.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from reader.fetch import Fetcher
from reader.sync.http import ApiError, AuthError, parse_json, repeated, request

READING_LIST = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
LABEL = "user/-/label/"
ITEM_PREFIX = "tag:google.com,2005:reader/item/"
IDS_PAGE = 10_000      # item ids per request
CONTENTS_PAGE = 250    # items per contents request
EDIT_PAGE = 250        # ids per edit-tag request


def item_hex(raw: object) -> str:
    """A server's item id (decimal "1732...", "-42", or "tag:...item/00a1...") as 16 hex."""
    text = str(raw).strip()
    if text.startswith(ITEM_PREFIX):
        text = text[len(ITEM_PREFIX):]
        value = int(text, 16)
    else:
        value = int(text, 10)
    return format(value & 0xFFFF_FFFF_FFFF_FFFF, "016x")


def _join(base: str, path: str) -> str:
    return base.rstrip("/") + "/" + path.lstrip("/")


def candidates(url: str) -> list[str]:
    """Where the API may be for what the user typed: a full API URL as given; else
    FreshRSS's `/api/greader.php` under it, then the URL itself (Miniflux, Inoreader,
    The Old Reader and BazQux serve `/accounts/ClientLogin` and `/reader/api/0` at
    their root)."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    for tail in ("/accounts/ClientLogin", "/reader/api/0"):
        if path.endswith(tail):
            path = path[: -len(tail)]
    base = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    if path.endswith(".php") or "/api/greader" in path:
        return [base]
    return [_join(base, "api/greader.php"), base]


@dataclass(frozen=True, slots=True)
class Subscription:
    stream_id: str          # "feed/12" or "feed/http://..."
    url: str                # the feed's address
    title: str
    folders: tuple[str, ...]


def client_login(fetcher: Fetcher, api: str, user: str, password: str) -> str:
    """The auth token for these credentials; AuthError when refused, ApiError otherwise."""
    raw = request(fetcher, "POST", _join(api, "accounts/ClientLogin"),
                  data={"Email": user, "Passwd": password})
    for line in raw.decode("utf-8", "replace").splitlines():
        if line.startswith("Auth="):
            token = line[5:].strip()
            if token:
                return token
    raise ApiError("not a Google Reader API: ClientLogin gave no Auth token")


def discover(fetcher: Fetcher, url: str, user: str, password: str) -> tuple[str, str]:
    """(api URL, token), trying each candidate. One-line errors: wrong password,
    unreachable server, or not a Google Reader API."""
    last: ApiError | None = None
    for api in candidates(url):
        try:
            token = client_login(fetcher, api, user, password)
        except AuthError:
            raise AuthError("wrong user name or password (for FreshRSS: the API password "
                            "set in the profile)") from None
        except ApiError as err:
            if err.status is None and not str(err).startswith("not a Google Reader API"):
                raise ApiError(f"cannot reach the server: {err}") from None
            last = err
            continue
        GReader(api, token, fetcher).user_info()  # a real API answers this with the token
        return api, token
    reason = str(last) if last and str(last).startswith("not a Google") else (
        f"not a Google Reader API (no ClientLogin at {url}; {last})")
    raise ApiError(reason)


class GReader:
    """An authenticated session with one server."""

    def __init__(self, api: str, token: str, fetcher: Fetcher, deadline: float | None = None) -> None:
        self.api = api.rstrip("/")
        self.deadline = deadline  # per request; None: the default (http.REQUEST_DEADLINE)
        self._token = token
        self._fetcher = fetcher
        self._action: str | None = None

    @property
    def fetcher(self) -> Fetcher:
        return self._fetcher

    def __repr__(self) -> str:  # never shows the token
        return f"GReader({self.api!r})"

    def _get(self, path: str, params: list[tuple[str, str]] | dict | None = None) -> dict:
        raw = request(self._fetcher, "GET", _join(self.api, "reader/api/0/" + path),
                      params=params, token=self._token, deadline=self.deadline)
        return parse_json(raw, path.split("?")[0])

    def _post(self, path: str, data: list[tuple[str, str]]) -> bytes:
        return request(self._fetcher, "POST", _join(self.api, "reader/api/0/" + path),
                       data=data, token=self._token, deadline=self.deadline)

    def user_info(self) -> dict:
        return self._get("user-info", {"output": "json"})

    def action_token(self) -> str:
        if self._action is None:
            raw = request(self._fetcher, "GET", _join(self.api, "reader/api/0/token"),
                          token=self._token, deadline=self.deadline)
            self._action = raw.decode("utf-8", "replace").strip()
        return self._action

    def subscriptions(self) -> list[Subscription]:
        data = self._get("subscription/list", {"output": "json"})
        out = []
        for sub in data.get("subscriptions") or []:
            if not isinstance(sub, dict) or not isinstance(sub.get("id"), str):
                continue
            stream = sub["id"]
            url = sub.get("url") or (stream[5:] if stream.startswith("feed/") else "")
            if not isinstance(url, str) or not url:
                continue
            folders = tuple(str(c.get("label") or str(c.get("id", "")).removeprefix(LABEL))
                            for c in sub.get("categories") or [] if isinstance(c, dict))
            out.append(Subscription(stream, url, str(sub.get("title") or ""), folders))
        return out

    def item_ids(self, stream: str, *, since: int | None = None, exclude: str | None = None
                 ) -> Iterator[str]:
        """Every item id of `stream` (crawled at or after `since`, a Unix time), oldest
        first, following continuations."""
        continuation = None
        while True:
            params = [("s", stream), ("n", str(IDS_PAGE)), ("r", "o"), ("output", "json")]
            if since:
                params.append(("ot", str(since)))
            if exclude:
                params.append(("xt", exclude))
            if continuation:
                params.append(("c", continuation))
            data = self._get("stream/items/ids", params)
            refs = data.get("itemRefs") or []
            for ref in refs:
                if isinstance(ref, dict) and "id" in ref:
                    try:
                        yield item_hex(ref["id"])
                    except ValueError:
                        continue
            continuation = data.get("continuation")
            if not refs or not isinstance(continuation, str) or not continuation:
                return

    def contents(self, ids: list[str]) -> list[dict]:
        """The items with these (16 hex) ids, as the server describes them."""
        out: list[dict] = []
        for start in range(0, len(ids), CONTENTS_PAGE):
            page = ids[start:start + CONTENTS_PAGE]
            raw = self._post("stream/items/contents?output=json",
                             repeated("i", (ITEM_PREFIX + i for i in page)))
            data = parse_json(raw, "stream/items/contents")
            out.extend(i for i in data.get("items") or [] if isinstance(i, dict))
        return out

    def edit_tag(self, ids: list[str], *, add: str | None = None, remove: str | None = None) -> None:
        for start in range(0, len(ids), EDIT_PAGE):
            page = ids[start:start + EDIT_PAGE]
            data = repeated("i", (ITEM_PREFIX + i for i in page))
            if add:
                data.append(("a", add))
            if remove:
                data.append(("r", remove))
            data.append(("T", self.action_token()))
            self._post("edit-tag", data)

    def subscribe(self, url: str, title: str | None = None, folder: str | None = None) -> None:
        data = [("ac", "subscribe"), ("s", "feed/" + url), ("T", self.action_token())]
        if title:
            data.append(("t", title))
        if folder:
            data.append(("a", LABEL + folder))
        self._post("subscription/edit", data)

    def unsubscribe(self, stream_id: str) -> None:
        self._post("subscription/edit",
                   [("ac", "unsubscribe"), ("s", stream_id), ("T", self.action_token())])


