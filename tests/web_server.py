"""A local HTTP server on 127.0.0.1 for the feed, page and fetch tests.

tests/conftest.py registers this module as a plugin, so tests just ask for `web_server`.
It serves tests/fixtures/web/ (with `{{BASE}}` in a file replaced by the
server's own base URL, so feeds can point at the pages it serves), and a few
misbehaving routes:

- /static/NAME       the fixture, with ETag and Last-Modified; answers 304 to either
- /etag-only/NAME    only an ETag;  /lm-only/NAME  only Last-Modified
- /hang              accepts the connection and never answers
- /loop/a, /loop/b   a redirect loop;  /redirect/N  N redirects then /static/rss2.xml
- /to-file           a redirect to a file: URL
- /huge              50 MB streamed without a Content-Length;  /huge-declared  with one
- /status/CODE       that status
- /evil-reason       a 500 whose reason phrase carries OSC/CSI escapes and markup
- /dribble           a 200 whose headers come one byte every 0.1 s, for ever
- /slow/SECONDS/NAME the fixture NAME after a pause of SECONDS
- /bytes/NAME        the raw body `server.bodies[NAME]` = (bytes, {headers}); when
                     `server.gates[NAME]` (a threading.Event) is set up, only once it is set
Counts of 200 and 304 answers per path are in `server.counts`.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "web"
LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)
HUGE = 50 * 1024 * 1024
_CHUNK = b"x" * 65536
_TYPES = {".xml": "application/xml", ".rdf": "application/rdf+xml", ".json": "application/json",
          ".html": "text/html; charset=utf-8", ".opml": "text/x-opml"}


class _Handler(BaseHTTPRequestHandler):
    server: LocalWebServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
        # Counted before answering: the client may assert as soon as it has the answer.
        self.server.counts[(self.path, status)] += 1
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and status != 304:
            self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.requests.append((self.path, dict(self.headers)))
        path = self.path
        kind, _, rest = path.lstrip("/").partition("/")
        if kind in ("static", "etag-only", "lm-only"):
            return self._fixture(kind, rest)
        if kind == "hang":
            self.server.release.wait(10)  # never answers while the test runs
            return None
        if kind == "loop":
            target = "/loop/b" if rest == "a" else "/loop/a"
            return self._send(302, headers={"Location": target})
        if kind == "redirect":
            n = int(rest)
            target = f"/redirect/{n - 1}" if n > 1 else "/static/rss2.xml"
            return self._send(301, headers={"Location": target})
        if kind == "to-file":
            return self._send(302, headers={"Location": "file:///etc/passwd"})
        if kind in ("huge", "huge-declared"):
            return self._huge(declared=kind == "huge-declared")
        if kind == "status":
            return self._send(int(rest), b"error page")
        if kind == "evil-reason":  # a reason phrase carrying terminal escapes
            self.server.counts[(self.path, 500)] += 1
            self.send_response(500, "\x1b]0;owned\x07Bad\x1b[2J [bold]gateway\x9b31m")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if kind == "dribble":
            return self._dribble()
        if kind == "slow":
            seconds, _, name = rest.partition("/")
            self.server.release.wait(float(seconds))
            return self._fixture("static", name)
        if kind == "bytes" and rest in self.server.bodies:
            body, headers = self.server.bodies[rest]
            if (gate := self.server.gates.get(rest)) is not None:
                gate.wait(10)
            return self._send(200, body, headers)
        return self._send(404, b"not found")

    def _fixture(self, kind: str, name: str) -> None:
        file = FIXTURES / name
        if "/" in name or not file.is_file():
            return self._send(404, b"not found")
        body = file.read_bytes().replace(b"{{BASE}}", self.server.base.encode())
        etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
        headers = {"Content-Type": _TYPES.get(file.suffix, "application/octet-stream")}
        if kind != "lm-only":
            headers["ETag"] = etag
        if kind != "etag-only":
            headers["Last-Modified"] = LAST_MODIFIED
        if kind != "lm-only" and self.headers.get("If-None-Match") == etag:
            return self._send(304, headers=headers)
        if kind == "lm-only" and self.headers.get("If-Modified-Since") == LAST_MODIFIED:
            return self._send(304, headers=headers)
        return self._send(200, body, headers)

    def _dribble(self) -> None:
        try:
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            self.wfile.flush()
            while not self.server.release.wait(0.1):
                self.wfile.write(b"X")
                self.wfile.flush()
        except OSError:  # the client gave up: what the test wants
            pass
        self.close_connection = True

    def _huge(self, declared: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        if declared:
            self.send_header("Content-Length", str(HUGE))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        sent = 0
        try:
            while sent < HUGE and not self.server.release.is_set():
                self.wfile.write(_CHUNK)
                sent += len(_CHUNK)
        except OSError:  # the client hung up at its cap: what the test wants
            pass
        self.server.huge_sent = sent


class LocalWebServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.counts: Counter = Counter()
        self.requests: list[tuple[str, dict]] = []
        self.release = threading.Event()
        self.huge_sent = 0
        self.bodies: dict[str, tuple[bytes, dict]] = {}
        self.gates: dict[str, threading.Event] = {}
        self.base = f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # a client closing its keep-alive connection: not a failure
        super().handle_error(request, client_address)

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def web_server():
    server = LocalWebServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        for gate in server.gates.values():
            gate.set()
        server.shutdown()
        server.server_close()
        time.sleep(0)
