"""A real FreshRSS on 127.0.0.1, and the feeds it fetches, for the sync tests and benchmark.

`FreshRSS.start(workdir)` runs ../shared/servers/freshrss/start.sh (PHP's
built-in server, SQLite) on a free port; `FeedServer` serves generated RSS
from 127.0.0.1 for the server to fetch. `FreshRSS.api_call` talks to the API
with the server's own token, to act "on another device" (mark read, star,
look at states). Nothing here is part of the reader.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import httpx

SERVERS = Path(__file__).resolve().parents[1].parent / "shared" / "servers" / "freshrss"
START = SERVERS / "start.sh"
USER, PASSWORD = "alice", "apipass123"
PHP_PACKAGES = "php-cli php-sqlite3 php-curl php-xml php-mbstring php-intl php-gmp"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unavailable() -> str | None:
    """Why FreshRSS cannot run here, or None."""
    if not START.exists():
        return f"the FreshRSS test server is not at {START}"
    if shutil.which("php") is None:
        return f"php is not installed (Debian: apt-get install {PHP_PACKAGES}); .ci/run installs it"
    return None


class FreshRSS:
    def __init__(self, workdir: Path, port: int, pid: int, api: str, auth: str) -> None:
        self.workdir, self.port, self.pid, self.api, self.auth = workdir, port, pid, api, auth
        self.url = f"http://127.0.0.1:{port}/"
        self._http = httpx.Client(timeout=60, trust_env=False)

    @classmethod
    def start(cls, workdir: Path) -> FreshRSS:
        port = free_port()
        out = subprocess.run([str(START), str(port), str(workdir), USER, PASSWORD],
                             capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            raise RuntimeError(f"FreshRSS did not start: {out.stderr.strip()}")
        fields = dict(line.split("=", 1) for line in out.stdout.split() if "=" in line)
        return cls(workdir, port, int(fields["pid"]), fields["api"], fields["auth"])

    # Process control ----------------------------------------------------------

    def stop(self) -> None:
        try:
            os.kill(self.pid, signal.SIGCONT)
            os.kill(self.pid, signal.SIGTERM)
            for _ in range(100):
                os.kill(self.pid, 0)
                time.sleep(0.02)
        except ProcessLookupError:
            pass

    def restart(self) -> None:
        """Start PHP's server again on the same data and port."""
        with open(self.workdir / "server.log", "ab") as log:
            proc = subprocess.Popen(["php", "-S", f"127.0.0.1:{self.port}", "-t", "p"],
                                    cwd=self.workdir / "freshrss", stdout=log, stderr=log,
                                    start_new_session=True)
        self.pid = proc.pid
        for _ in range(100):
            try:
                self._http.get(self.api)
                return
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("FreshRSS did not come back")

    def pause(self) -> None:
        os.kill(self.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.pid, signal.SIGCONT)

    # The API, as another client would use it ----------------------------------

    def api_call(self, method: str, path: str, **kwargs) -> httpx.Response:
        headers = {"Authorization": f"GoogleLogin auth={self.auth}"}
        response = self._http.request(method, f"{self.api}/reader/api/0/{path}", headers=headers,
                                      **kwargs)
        response.raise_for_status()
        return response

    def subscribe(self, url: str, folder: str | None = None) -> None:
        data = {"ac": "subscribe", "s": f"feed/{url}", "T": "x"}
        if folder:
            data["a"] = f"user/-/label/{folder}"
        self.api_call("POST", "subscription/edit", data=data)

    def subscriptions(self) -> list[dict]:
        return self.api_call("GET", "subscription/list", params={"output": "json"}).json()[
            "subscriptions"]

    def items(self, n: int = 100_000) -> list[dict]:
        """Every item (newest first) with its categories."""
        out, cont = [], None
        while True:
            params = {"n": "1000", "output": "json"}
            if cont:
                params["c"] = cont
            data = self.api_call("GET", "stream/contents/user/-/state/com.google/reading-list",
                                 params=params).json()
            out += data["items"]
            cont = data.get("continuation")
            if not cont or not data["items"] or len(out) >= n:
                return out

    def item_by_title(self, title: str) -> dict:
        return next(i for i in self.items() if i["title"] == title)

    def edit(self, item_id: str, add: str | None = None, remove: str | None = None) -> None:
        data = {"i": item_id, "T": "x"}
        if add:
            data["a"] = f"user/-/state/com.google/{add}"
        if remove:
            data["r"] = f"user/-/state/com.google/{remove}"
        self.api_call("POST", "edit-tag", data=data)

    def close(self) -> None:
        self._http.close()
        self.stop()


def rss(title: str, base: str, items: list[tuple[str, str]], start: int = 0) -> bytes:
    """An RSS 2.0 feed of (title, body HTML) items with guids under `base`."""
    parts = []
    for n, (item_title, body) in enumerate(items, start):
        day = 1 + n % 28
        parts.append(f"<item><title>{escape(item_title)}</title><link>{base}/a/{n}</link>"
                     f"<guid>{base}/a/{n}</guid><description>{escape(body)}</description>"
                     f"<pubDate>Mon, {day:02d} Jan 2024 10:{n % 60:02d}:00 GMT</pubDate></item>")
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
            f"<title>{escape(title)}</title><link>{base}/</link>{''.join(parts)}"
            f"</channel></rss>").encode()


class FeedServer:
    """Serves `feeds[path] = bytes` on 127.0.0.1 (any other path: 404)."""

    def __init__(self) -> None:
        self.feeds: dict[str, bytes] = {}
        feeds = self.feeds

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                body = feeds.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def add(self, path: str, title: str, items: list[tuple[str, str]], start: int = 0) -> str:
        self.feeds[path] = rss(title, self.base + path, items, start)
        return self.base + path

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
