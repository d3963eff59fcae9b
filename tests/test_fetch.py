"""The HTTP client against a local server on 127.0.0.1: limits, conditional GET, errors."""

from __future__ import annotations

import threading
import time
import tracemalloc

import pytest

from reader import fetch as fetch_module
from reader.fetch import (
    USER_AGENT,
    Fetcher,
    FetchError,
    FetchResult,
    Limits,
    Validators,
    fetch,
    fetch_many,
)


def test_plain_get_returns_body_validators_and_user_agent(web_server):
    result = fetch(web_server.url("/static/rss2.xml"))
    assert result.status == 200 and not result.not_modified
    assert result.content.startswith(b"<?xml")
    assert result.validators.etag and result.validators.last_modified
    assert result.content_type == "application/xml"
    path, headers = web_server.requests[-1]
    assert headers["User-Agent"] == USER_AGENT == "newsreader/0.1.0 (+terminal news reader)"
    assert "If-None-Match" not in headers


@pytest.mark.parametrize("kind", ["static", "etag-only", "lm-only"])
def test_conditional_get_downloads_an_unchanged_resource_once(web_server, kind):
    url = web_server.url(f"/{kind}/atom.xml")
    with Fetcher() as fetcher:
        first = fetcher.fetch(url)
        second = fetcher.fetch(url, first.validators)
        third = fetcher.fetch(url, Validators.from_dict(first.validators.to_dict()))
    assert first.status == 200 and first.content
    assert second.not_modified and second.content is None and second.status == 304
    assert third.not_modified
    path = f"/{kind}/atom.xml"
    assert web_server.counts[(path, 200)] == 1
    assert web_server.counts[(path, 304)] == 2
    sent = web_server.requests[-1][1]
    if kind == "etag-only":
        assert sent["If-None-Match"] == first.validators.etag
        assert "If-Modified-Since" not in sent
    if kind == "lm-only":
        assert sent["If-Modified-Since"] == first.validators.last_modified
        assert "If-None-Match" not in sent


def test_stale_validators_get_the_full_body(web_server):
    result = fetch(web_server.url("/static/rss2.xml"), Validators('"stale"', None))
    assert result.status == 200 and result.content


def test_server_that_never_answers_times_out_quickly(web_server):
    started = time.monotonic()
    with pytest.raises(FetchError) as err:
        fetch(web_server.url("/hang"), limits=Limits(connect_timeout=0.5, read_timeout=0.5))
    assert time.monotonic() - started < 3
    assert str(err.value) == "timed out waiting for the server"


def test_redirect_loop_is_reported_as_a_loop(web_server):
    with pytest.raises(FetchError, match="^redirect loop$"):
        fetch(web_server.url("/loop/a"))


def test_redirects_are_followed_up_to_the_limit(web_server):
    result = fetch(web_server.url("/redirect/5"))
    assert result.status == 200 and result.final_url == web_server.url("/static/rss2.xml")
    with pytest.raises(FetchError, match=r"^too many redirects \(more than 5\)$"):
        fetch(web_server.url("/redirect/6"))


def test_redirect_to_another_scheme_is_refused(web_server):
    with pytest.raises(FetchError, match="^redirect refused: only http and https"):
        fetch(web_server.url("/to-file"))


@pytest.mark.parametrize("path", ["/huge", "/huge-declared"])
def test_a_50_mb_response_is_cut_at_the_cap_without_holding_it(web_server, path):
    limits = Limits(max_bytes=1024 * 1024)
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(FetchError, match=r"^too large: .*over the 1 MB limit$"):
            fetch(web_server.url(path), limits=limits)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 5
    assert peak < 8 * 1024 * 1024  # a few chunks, never the 50 MB


def test_default_cap_is_10_mb():
    assert fetch_module.MAX_RESPONSE_BYTES == 10 * 1024 * 1024


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/x", "javascript:alert(1)",
                                 "data:text/plain,hi", "127.0.0.1/feed.xml", "http://"])
def test_non_http_urls_are_refused_without_a_request(url):
    with pytest.raises(FetchError) as err:
        fetch(url)
    assert "\n" not in str(err.value)
    assert str(err.value).startswith(("refused: only http and https", "not a valid URL"))


def test_http_errors_and_refused_connections_are_one_line(web_server):
    with pytest.raises(FetchError, match="^HTTP 404 Not Found$"):
        fetch(web_server.url("/status/404"))
    with pytest.raises(FetchError, match="^HTTP 500"):
        fetch(web_server.url("/status/500"))
    port = web_server.server_address[1]
    web_server.shutdown()
    web_server.server_close()
    with pytest.raises(FetchError, match="^cannot connect: connection refused$"):
        fetch(f"http://127.0.0.1:{port}/static/rss2.xml")


def test_unexpected_errors_still_become_fetch_errors(web_server, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("library bug")
    monkeypatch.setattr(Fetcher, "_finish", boom)
    with pytest.raises(FetchError, match="^fetch failed: RuntimeError$"):
        fetch(web_server.url("/static/rss2.xml"))


def test_fetch_many_is_bounded_and_one_failure_does_not_stop_the_others(web_server):
    urls = [web_server.url(f"/static/{name}") for name in
            ("rss2.xml", "rss1.rdf", "atom.xml", "feed.json", "missing.xml")]
    urls.append(web_server.url("/hang"))
    seen: list[str] = []
    threads: set[str] = set()

    def on_result(url, outcome):
        seen.append(url)
        threads.add(threading.current_thread().name)

    started = time.monotonic()
    results = fetch_many([(u, None) for u in urls], max_workers=3, on_result=on_result,
                         limits=Limits(read_timeout=0.5))
    assert time.monotonic() - started < 4
    assert sorted(seen) == sorted(urls) and len(threads) <= 3
    assert all(isinstance(results[u], FetchResult) for u in urls[:4])
    assert str(results[urls[4]]) == "HTTP 404 Not Found"
    assert str(results[urls[5]]) == "timed out waiting for the server"


def test_fetch_many_conditional_second_pass(web_server):
    urls = [web_server.url(f"/static/{n}") for n in ("rss2.xml", "atom.xml", "feed.json")]
    with Fetcher() as fetcher:
        first = fetcher.fetch_many([(u, None) for u in urls])
        second = fetcher.fetch_many([(u, first[u].validators) for u in urls])
    assert all(second[u].not_modified for u in urls)
    assert sum(n for (path, status), n in web_server.counts.items() if status == 200) == 3
