"""Talking to a Google Reader API server: requests with one total deadline each.

Uses the connection pool of the project's one HTTP client (`reader.fetch.Fetcher`),
with what the feed client does not need: POST bodies and the
`Authorization: GoogleLogin auth=...` header. Every request has one total
deadline (connect, wait and body together); a server that stops answering, or
trickles, costs the caller at most that. Failures are `ApiError` with a one-line reason
that never holds a credential (the token is only ever in a header, never in a
URL, and reasons are built from status codes, not echoed requests).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable
from urllib.parse import urlencode

import httpx

from reader.fetch import USER_AGENT, Fetcher, FetchError, _reason, check_url

REQUEST_DEADLINE = 30.0        # seconds for a whole request
MAX_API_BYTES = 32 * 1024 * 1024


class ApiError(Exception):
    """A request that failed. `str()` is one line; `status` the HTTP status, if any."""

    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.status = status


class AuthError(ApiError):
    """The server refused the credentials or the token (HTTP 401/403)."""


Params = dict[str, str] | list[tuple[str, str]]


def request(fetcher: Fetcher, method: str, url: str, *, params: Params | None = None,
            data: Params | None = None, token: str | None = None,
            deadline: float | None = None) -> bytes:
    """One request; the body of a 2xx answer, else ApiError (AuthError on 401/403).

    `deadline`: seconds for the whole request (default REQUEST_DEADLINE), held strictly:
    the request runs on a daemon thread and the caller stops waiting when it passes, even
    if the server trickles bytes (the thread then ends at its own timeouts)."""
    deadline = REQUEST_DEADLINE if deadline is None else deadline
    try:
        check_url(url)
    except FetchError as err:
        raise ApiError(err.reason) from None
    outcome: dict[str, object] = {}
    done = threading.Event()

    def run() -> None:
        try:
            outcome["body"] = _request(fetcher, method, url, params, data, token, deadline)
        except BaseException as err:  # handed to the caller's thread
            outcome["error"] = err
        finally:
            done.set()

    threading.Thread(target=run, name="newsreader-sync-request", daemon=True).start()
    if not done.wait(deadline):
        raise ApiError(f"timed out: no full answer within {deadline:g} s")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["body"]  # type: ignore[return-value]


def _request(fetcher: Fetcher, method: str, url: str, params: Params | None,
             data: Params | None, token: str | None, deadline: float) -> bytes:
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json, text/plain;q=0.9, */*;q=0.5"}
    if token:
        headers["Authorization"] = f"GoogleLogin auth={token}"
    body = None
    if data is not None:
        body = urlencode(data).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    end = time.monotonic() + deadline
    try:
        with fetcher._http().stream(method, url, params=params, content=body, headers=headers,
                                    timeout=httpx.Timeout(deadline)) as response:
            status = response.status_code
            if status in (401, 403):
                raise AuthError("the server refused the user name, password or token", status)
            if 300 <= status < 400:
                where = response.headers.get("location", "")
                raise ApiError(f"the server redirects (HTTP {status}) to {where[:120]}", status)
            if status >= 400 or status < 200:
                raise ApiError(f"HTTP {status} {response.reason_phrase or ''}".strip(), status)
            chunks, total = [], 0
            for chunk in response.iter_bytes():
                total += len(chunk)
                if total > MAX_API_BYTES:
                    raise ApiError("the server's answer is too large")
                if time.monotonic() > end:
                    raise ApiError(f"timed out: no full answer within {deadline:g} s")
                chunks.append(chunk)
            return b"".join(chunks)
    except ApiError:
        raise
    except Exception as err:
        raise ApiError(_reason(err)) from None


def parse_json(raw: bytes, what: str) -> dict:
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise ApiError(f"not a Google Reader API: {what} is not JSON") from None
    if not isinstance(data, dict):
        raise ApiError(f"not a Google Reader API: {what} is not a JSON object")
    return data


def repeated(name: str, values: Iterable[str]) -> list[tuple[str, str]]:
    return [(name, value) for value in values]
