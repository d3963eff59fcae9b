"""The one HTTP client: every feed and page the reader downloads goes through here.

Limits that hold for every request:
- http and https only; any other scheme (file:, ftp:, data:...) is refused,
  on the first URL and on every redirect hop;
- one total deadline per fetch (`Limits.total_timeout`, default 30 s) that
  covers connecting, the headers and the body: every socket read and write
  of the fetch gets only the time left, so a server that dribbles its
  headers or its body a byte at a time is cut at the deadline;
- a response size cap on the decoded bytes as they stream: the body's
  Content-Encodings (gzip, deflate, br when a bounded brotli is installed,
  stacked in any order and any number, gzip-of-gzip included) are undone
  here in pieces of at most 64 KB, so a compression bomb is cut at the cap
  and memory stays under the cap plus a small buffer;
- at most `max_redirects` redirects, a loop is reported as a loop;
- conditional GET: pass the `Validators` of the last answer and an unchanged
  resource comes back as `FetchResult(not_modified=True, content=None)`.

Every failure is a `FetchError` whose `str()` is a one-line reason; nothing
else escapes `fetch()`. The CLI and the TUI workers are threads, so the API is
synchronous; `fetch_many` runs requests on a bounded thread pool sharing one
connection pool. Nothing happens at import time: the httpx client is built on
first use (it costs ~150 ms, so reuse a `Fetcher` for many requests).
"""

from __future__ import annotations

import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from reader import __version__
from reader.text import clean_inline

USER_AGENT = f"newsreader/{__version__} (+terminal news reader)"
MAX_RESPONSE_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 20.0
TOTAL_TIMEOUT = 30.0
PIECE = 65536  # the most one decoding step may produce at a time
_REDIRECTS = {301, 302, 303, 307, 308}
_ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, "
           "application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, "
           "text/html;q=0.8, */*;q=0.5")


class FetchError(Exception):
    """A download that failed. `str(err)` is a one-line reason; `url` the URL asked for."""

    def __init__(self, url: str, reason: str) -> None:
        reason = clean_inline(reason)  # server text (reason phrases, error strings) is data
        super().__init__(reason)
        self.url = url
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Validators:
    """What the server said about a version, to ask "changed since?" next time."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        out = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out

    def to_dict(self) -> dict:
        return {"etag": self.etag, "last_modified": self.last_modified}

    @classmethod
    def from_dict(cls, data: dict | None) -> Validators:
        data = data or {}
        return cls(data.get("etag") or None, data.get("last_modified") or None)


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A successful answer. `content` is None when `not_modified` (HTTP 304)."""

    url: str                      # the URL asked for
    final_url: str                # after redirects
    status: int
    content: bytes | None
    validators: Validators        # to store and pass to the next fetch
    content_type: str | None = None
    elapsed: float = 0.0

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = MAX_RESPONSE_BYTES
    max_redirects: int = MAX_REDIRECTS
    connect_timeout: float = CONNECT_TIMEOUT
    read_timeout: float = READ_TIMEOUT
    total_timeout: float = TOTAL_TIMEOUT


def check_url(url: str) -> str:
    """The URL if it is an absolute http(s) URL with a host; else FetchError."""
    try:
        parts = urlsplit(url)
    except ValueError:
        raise FetchError(url, "not a valid URL") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"{scheme}:" if scheme else "no scheme"
        raise FetchError(url, f"refused: only http and https URLs are fetched ({shown})")
    if not parts.hostname:
        raise FetchError(url, "not a valid URL: no host")
    return url


def _size(n: int) -> str:
    return f"{n / 1048576:.0f} MB" if n >= 1048576 else f"{n // 1024} KB"


def _reason(err: Exception) -> str:
    """A one-line reason for an httpx or socket error."""
    if isinstance(err, httpx.ConnectTimeout):
        return "timed out connecting to the server"
    if isinstance(err, httpx.TimeoutException):
        return "timed out waiting for the server"
    if isinstance(err, httpx.ConnectError):
        text = str(err)
        cause = err.__context__
        while cause is not None and not isinstance(cause, socket.gaierror):
            cause = cause.__context__
        if cause is not None or "Name or service not known" in text or "nodename" in text:
            return "cannot resolve the host name (DNS)"
        if "refused" in text.lower():
            return "cannot connect: connection refused"
        if "CERTIFICATE" in text or "SSL" in text:
            return "TLS error: " + " ".join(text.split())[:120]
        return "cannot connect: " + (" ".join(text.split())[:120] or "network error")
    if isinstance(err, httpx.RemoteProtocolError):
        return "the server broke the connection or answered garbage"
    if isinstance(err, httpx.DecodingError):
        return "the server sent a body that cannot be decoded"
    if isinstance(err, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return "not a valid URL"
    if isinstance(err, httpx.HTTPError):
        return "network error: " + (" ".join(str(err).split())[:120] or type(err).__name__)
    return f"fetch failed: {type(err).__name__}"


class _Undecodable(Exception):
    """A body whose Content-Encoding cannot be undone (unknown, or corrupt data)."""


def _zlib_stage(pieces: Iterator[bytes], wbits: int) -> Iterator[bytes]:
    """Inflate a stream in outputs of at most PIECE bytes. gzip may hold several members
    one after the other; deflate (wbits 15) falls back to a raw stream as browsers do."""
    decomp = zlib.decompressobj(wbits)
    started = False
    members = 0
    for data in pieces:
        while data:
            try:
                out = decomp.decompress(data, PIECE)
            except zlib.error:
                if wbits == 15 and not started:  # "deflate" sent without its zlib header
                    wbits = -15
                    decomp = zlib.decompressobj(wbits)
                    continue
                if members:  # padding after a complete gzip member: ignored, as gzip does
                    return
                raise _Undecodable("corrupt compressed data") from None
            started = True
            if out:
                yield out
            data = decomp.unconsumed_tail
            if decomp.eof:  # the next gzip member, if any, starts in unused_data
                members += 1
                data = decomp.unused_data
                if data and wbits != 31:
                    break  # trailing bytes after a deflate stream: ignored, as zlib does
                decomp = zlib.decompressobj(wbits)
                if not data:
                    break


def _brotli_stage(pieces: Iterator[bytes]) -> Iterator[bytes]:
    brotli = _bounded_brotli()
    if brotli is None:
        raise _Undecodable("br compression is not supported here")
    decomp = brotli.Decompressor()
    for data in pieces:
        try:
            out = decomp.process(data, output_buffer_limit=PIECE)
            while True:
                if out:
                    yield out
                if decomp.can_accept_more_data():
                    break
                out = decomp.process(b"", output_buffer_limit=PIECE)
        except brotli.error:
            raise _Undecodable("corrupt compressed data") from None
    try:  # what the decoder still holds once the input has all been given
        while not decomp.is_finished():
            out = decomp.process(b"", output_buffer_limit=PIECE)
            if not out:
                break
            yield out
    except brotli.error:
        raise _Undecodable("corrupt compressed data") from None


def _bounded_brotli():
    """The brotli module if it can limit each step's output (brotli >= 1.2), else None."""
    try:
        import brotli
    except ImportError:
        return None
    return brotli if hasattr(brotli.Decompressor, "can_accept_more_data") else None


_STAGES = {"gzip": 31, "x-gzip": 31, "deflate": 15}


def content_codings(header: str | None) -> list[str]:
    """The Content-Encoding header as a list of codings, in the order they were applied."""
    codings = [c.strip().lower() for c in (header or "").split(",")]
    return [c for c in codings if c and c != "identity"]


def decoded(raw: Iterable[bytes], codings: list[str]) -> Iterator[bytes]:
    """The body's bytes with every coding undone, last applied first, lazily, in pieces of
    at most PIECE bytes each (as long as the raw pieces are no larger)."""
    stream: Iterator[bytes] = iter(raw)
    for coding in reversed(codings):
        if coding in _STAGES:
            stream = _zlib_stage(stream, _STAGES[coding])
        elif coding == "br":
            stream = _brotli_stage(stream)
        else:
            raise _Undecodable(f"unknown Content-Encoding {coding!r}")
    return stream


def _accept_encoding() -> str:
    return "gzip, deflate, br" if _bounded_brotli() else "gzip, deflate"


# The deadline of the fetch running on this thread: every socket operation of the
# connection pool (whichever thread opened the connection) gets only the time left.
_deadline = threading.local()


def _time_left(timeout: float | None) -> float | None:
    deadline = getattr(_deadline, "at", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the fetch's deadline has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _time_left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _time_left(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname,
                                                      _time_left(timeout)))

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self) -> None:
        self._backend = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        return _DeadlineStream(self._backend.connect_tcp(host, port, _time_left(timeout),
                                                         local_address, socket_options))

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise httpcore.ConnectError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


Outcome = FetchResult | FetchError


@dataclass
class Fetcher:
    """A reusable client: one connection pool, shared by the threads of `fetch_many`."""

    limits: Limits = field(default_factory=Limits)
    accept: str = _ACCEPT  # the Accept header (pictures ask for image types)
    # When given, an answer whose Content-Type starts with none of these is refused
    # before its body is read (pictures: ("image/",)).
    content_types: tuple[str, ...] = ()
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def _http(self) -> httpx.Client:
        with self._lock:
            if self._client is None:
                lim = self.limits
                transport = httpx.HTTPTransport(
                    limits=httpx.Limits(max_connections=32, max_keepalive_connections=16))
                # httpx has no total deadline: its connection pool gets a network backend
                # whose every read, write and connect is given only the fetch's time left.
                transport._pool._network_backend = _DeadlineBackend()
                self._client = httpx.Client(
                    headers={"User-Agent": USER_AGENT, "Accept": self.accept,
                             "Accept-Encoding": _accept_encoding()},
                    timeout=httpx.Timeout(lim.read_timeout, connect=lim.connect_timeout),
                    follow_redirects=False,
                    transport=transport,
                    trust_env=False,  # no proxy or netrc surprises from the environment
                )
            return self._client

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str, validators: Validators | None = None) -> FetchResult:
        """GET `url`; raise only FetchError."""
        started = time.monotonic()
        deadline = started + self.limits.total_timeout
        _deadline.at = deadline
        try:
            return self._fetch(url, validators, started, deadline)
        except FetchError:
            raise
        except Exception as err:
            if time.monotonic() >= deadline - 0.05:
                raise FetchError(url, f"timed out: no complete answer within "
                                      f"{self.limits.total_timeout:g} s") from None
            raise FetchError(url, _reason(err)) from None
        finally:
            _deadline.at = None

    def _fetch(self, url: str, validators: Validators | None, started: float,
               deadline: float) -> FetchResult:
        check_url(url)
        headers = validators.headers() if validators else {}
        seen = {url}
        current = url
        for _hop in range(self.limits.max_redirects + 1):
            with self._http().stream("GET", current, headers=headers) as response:
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    target = urljoin(current, response.headers["location"].strip())
                    try:
                        check_url(target)
                    except FetchError as err:
                        raise FetchError(url, f"redirect {err.reason}") from None
                    if target in seen:
                        raise FetchError(url, "redirect loop")
                    seen.add(target)
                    current = target
                    continue
                return self._finish(url, current, response, started, deadline)
        raise FetchError(url, f"too many redirects (more than {self.limits.max_redirects})")

    def _finish(self, url: str, final: str, response: httpx.Response, started: float,
                deadline: float) -> FetchResult:
        status = response.status_code
        new = Validators(response.headers.get("etag"), response.headers.get("last-modified"))
        ctype = response.headers.get("content-type")
        if status == 304:
            return FetchResult(url, final, 304, None, new, ctype, time.monotonic() - started)
        if status >= 400 or status < 200 or status in _REDIRECTS:
            phrase = response.reason_phrase or ""
            raise FetchError(url, f"HTTP {status} {phrase}".strip())
        if self.content_types and not (ctype or "").strip().lower().startswith(self.content_types):
            shown = (ctype or "").split(";")[0].strip()[:60] or "no content type"
            raise FetchError(url, f"refused: the server sent {shown}, not "
                                  f"{' or '.join(t.rstrip('/') for t in self.content_types)}")
        cap = self.limits.max_bytes
        declared = response.headers.get("content-length", "")
        encoded = "content-encoding" in response.headers  # the length is not the body's
        if declared.isdigit() and int(declared) > cap and not encoded:
            raise FetchError(url, f"too large: {_size(int(declared))} is over the "
                                  f"{_size(cap)} limit")
        chunks: list[bytes] = []
        total = 0
        codings = content_codings(response.headers.get("content-encoding"))
        try:
            for chunk in decoded(response.iter_raw(PIECE), codings):
                total += len(chunk)
                if total > cap:
                    raise FetchError(url, f"too large: over the {_size(cap)} limit")
                if time.monotonic() > deadline:
                    raise FetchError(url, f"timed out: no complete answer within "
                                          f"{self.limits.total_timeout:g} s")
                chunks.append(chunk)
        except _Undecodable as err:
            raise FetchError(url, f"the server sent a body that cannot be decoded ({err})") from None
        return FetchResult(url, final, status, b"".join(chunks), new, ctype,
                           time.monotonic() - started)

    def fetch_outcome(self, url: str, validators: Validators | None = None) -> Outcome:
        try:
            return self.fetch(url, validators)
        except FetchError as err:
            return err

    def fetch_many(self, requests: Iterable[tuple[str, Validators | None]], max_workers: int = 8,
                   on_result: Callable[[str, Outcome], None] | None = None
                   ) -> dict[str, Outcome]:
        """Fetch every (url, validators) with at most `max_workers` at a time.

        Returns {url: FetchResult or FetchError}; one failing URL never stops
        the others. `on_result(url, outcome)` is called from the worker
        thread as each one finishes (for a progress bar: post a message or
        use call_from_thread from there, never touch a widget).
        """
        jobs = dict(requests)
        results: dict[str, Outcome] = {}
        if not jobs:
            return results

        def run(url: str) -> None:
            outcome = self.fetch_outcome(url, jobs[url])
            results[url] = outcome
            if on_result is not None:
                try:
                    on_result(url, outcome)
                except Exception:
                    pass

        with ThreadPoolExecutor(max_workers=max(1, min(max_workers, len(jobs))),
                                thread_name_prefix="newsreader-fetch") as pool:
            list(pool.map(run, jobs))
        return results


def fetch(url: str, validators: Validators | None = None, limits: Limits | None = None
          ) -> FetchResult:
    """One GET with a client of its own (use a `Fetcher` for many)."""
    with Fetcher(limits or Limits()) as fetcher:
        return fetcher.fetch(url, validators)


def fetch_many(requests: Iterable[tuple[str, Validators | None]], max_workers: int = 8,
               on_result: Callable[[str, Outcome], None] | None = None,
               limits: Limits | None = None) -> dict[str, Outcome]:
    with Fetcher(limits or Limits()) as fetcher:
        return fetcher.fetch_many(requests, max_workers, on_result)
