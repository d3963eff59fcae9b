"""The compact forms that keep a large library small in memory."""

from __future__ import annotations

import platform
import sys

import pytest

from reader import heap


@pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
                    reason="glibc's allocator only")
def test_big_blocks_are_kept_apart_on_glibc(monkeypatch):
    monkeypatch.setattr(heap, "_fixed", None)
    assert heap.keep_big_blocks_apart() is True
    assert heap.keep_big_blocks_apart() is True  # once per process, then remembered


def test_elsewhere_the_allocator_is_left_alone(monkeypatch):
    monkeypatch.setattr(heap, "_fixed", None)
    monkeypatch.setattr(sys, "platform", "darwin")
    assert heap.keep_big_blocks_apart() is False
