"""Bounded fetches: the size cap on decoded bytes through stacked encodings, and one total
deadline covering connect, headers and body. Servers on 127.0.0.1 only."""

from __future__ import annotations

import gzip
import subprocess
import sys
import textwrap
import time
import zlib

import pytest

from reader.fetch import (
    PIECE,
    Fetcher,
    FetchError,
    Limits,
    content_codings,
    decoded,
    fetch,
)

BOMB_SIZE = 1 << 30  # 1 GB of zeros once every layer is undone


def _compressed_zeros(size: int, wbits: int) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, wbits)
    block = bytes(1 << 20)
    out = [comp.compress(block) for _ in range(size // len(block))]
    out.append(comp.flush())
    return b"".join(out)


@pytest.fixture(scope="module")
def bombs() -> dict[str, tuple[bytes, dict]]:
    inner = _compressed_zeros(BOMB_SIZE, 31)           # ~1 MB of gzip
    gzip_of_gzip = gzip.compress(inner, 9)              # a few KB
    deflate = _compressed_zeros(BOMB_SIZE, 15)          # ~1 MB of zlib-wrapped deflate
    return {
        "gzip2": (gzip_of_gzip, {"Content-Type": "application/xml",
                                 "Content-Encoding": "gzip, gzip"}),
        "deflate": (deflate, {"Content-Type": "application/xml", "Content-Encoding": "deflate"}),
    }


_LIMITED = textwrap.dedent("""
    import resource, sys
    from reader.fetch import fetch, FetchError
    fetch  # imports done: now cap the address space at what is mapped plus 150 MB
    with open("/proc/self/statm") as f:
        mapped = int(f.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (mapped + 150 * 2**20, mapped + 150 * 2**20))
    try:
        result = fetch(sys.argv[1])
    except FetchError as err:
        print(err)
    else:
        print("fetched", len(result.content))
""")


@pytest.mark.parametrize("name", ["gzip2", "deflate"])
def test_compression_bomb_is_cut_at_the_cap_under_a_memory_limit(web_server, bombs, env, name):
    web_server.bodies[name] = bombs[name]
    proc = subprocess.run([sys.executable, "-c", _LIMITED, web_server.url(f"/bytes/{name}")],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "too large: over the 10 MB limit\n"
    assert proc.stderr == ""


def test_stacked_encodings_are_all_undone(web_server):
    body = b"<rss version='2.0'><channel><title>t</title></channel></rss>"
    once = zlib.compress(body)
    web_server.bodies["stack"] = (gzip.compress(gzip.compress(once)),
                                  {"Content-Encoding": "deflate, gzip, gzip"})
    assert fetch(web_server.url("/bytes/stack")).content == body


def test_raw_deflate_and_multi_member_gzip_are_read():
    body = b"hello world " * 1000
    raw = zlib.compressobj(6, zlib.DEFLATED, -15)
    raw_deflate = raw.compress(body) + raw.flush()
    assert b"".join(decoded([raw_deflate], ["deflate"])) == body
    two_members = gzip.compress(body[:500]) + gzip.compress(body[500:]) + b"\0\0"
    assert b"".join(decoded([two_members], ["gzip"])) == body


def test_decoding_yields_bounded_pieces():
    pieces = list(decoded([gzip.compress(bytes(10 * PIECE))], content_codings("gzip")))
    assert sum(map(len, pieces)) == 10 * PIECE
    assert max(map(len, pieces)) <= PIECE


def test_unknown_or_corrupt_encoding_is_one_line(web_server):
    web_server.bodies["zstd"] = (b"whatever", {"Content-Encoding": "zstd"})
    web_server.bodies["bad"] = (b"not gzip at all", {"Content-Encoding": "gzip"})
    for name in ("zstd", "bad"):
        with pytest.raises(FetchError) as caught:
            fetch(web_server.url(f"/bytes/{name}"))
        assert str(caught.value).startswith("the server sent a body that cannot be decoded")
        assert "\n" not in str(caught.value)


def test_header_dribbling_server_is_cut_at_the_total_deadline(web_server):
    limits = Limits(total_timeout=1.0, read_timeout=5.0)
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(web_server.url("/dribble"), limits=limits)
    took = time.monotonic() - started
    assert str(caught.value) == "timed out: no complete answer within 1 s"
    assert took < 3.0  # the dribble would go on for ever; a read timeout alone never fires


def test_deadline_holds_on_a_reused_connection(web_server):
    with Fetcher(Limits(total_timeout=1.0, read_timeout=5.0)) as fetcher:
        assert fetcher.fetch(web_server.url("/static/rss2.xml")).status == 200
        with pytest.raises(FetchError, match="timed out"):
            fetcher.fetch(web_server.url("/slow/4/rss2.xml"))
        assert fetcher.fetch(web_server.url("/static/atom.xml")).status == 200


def test_reason_phrase_from_the_server_is_cleaned(web_server):
    err = FetchError("http://x/", "HTTP 500 \x1b]0;owned\x07Bad\x1b[2J things\nhappen")
    assert str(err) == "HTTP 500 Bad things happen"


def test_fetch_timeout_comes_from_the_config_file(tmp_path):
    from reader.config import DEFAULT_FETCH_TIMEOUT, fetch_timeout, load_config

    path = tmp_path / "config.toml"
    assert fetch_timeout(path) == DEFAULT_FETCH_TIMEOUT == 30.0
    path.write_text("[fetch]\ntimeout = 7.5\n")
    assert fetch_timeout(path) == 7.5 and load_config(path).fetch_timeout == 7.5
    path.write_text("[fetch]\ntimeout = 'soon'\n")
    config = load_config(path)
    assert fetch_timeout(path) == 30.0 and config.fetch_timeout == 30.0
    assert config.problems == [f"{path}: [fetch] timeout must be a number of seconds (1 to 3600)"]


def test_brotli_stacked_with_gzip_is_decoded_in_bounded_pieces(web_server):
    brotli = pytest.importorskip("brotli")
    if not hasattr(brotli.Decompressor, "can_accept_more_data"):
        pytest.skip("this brotli cannot bound its output")
    from reader.fetch import _accept_encoding

    assert _accept_encoding() == "gzip, deflate, br"
    body = b"<rss version='2.0'><channel><title>br</title></channel></rss>"
    web_server.bodies["br"] = (gzip.compress(brotli.compress(body)),
                               {"Content-Encoding": "br, gzip"})
    assert fetch(web_server.url("/bytes/br")).content == body
    bomb = brotli.compress(bytes(64 << 20))  # 64 MB of zeros in a few hundred bytes
    pieces = list(decoded([bomb], ["br"]))
    # brotli stops growing its buffer once past the limit: a piece may be up to twice it
    assert sum(map(len, pieces)) == 64 << 20 and max(map(len, pieces)) <= 2 * PIECE
    web_server.bodies["brbomb"] = (bomb, {"Content-Encoding": "br"})
    with pytest.raises(FetchError, match="too large"):
        fetch(web_server.url("/bytes/brbomb"))
