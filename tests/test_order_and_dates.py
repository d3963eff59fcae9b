"""Articles ordered by full timestamp, and the dates list rows show."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from reader.config import parse_config
from reader.library import order
from reader.model import ArticleSummary
from reader.present import row_date


def item(id: str, published: str | None, at: str | None = None, source: str = "") -> ArticleSummary:
    return ArticleSummary(id, id, source or f"/n/{id}.txt", published, "item" if at else "file",
                          "https://feed.example/rss" if at else None, at)


def test_order_within_a_day_is_by_time_newest_first():
    rows = [
        item("morning", "2026-06-10", "2026-06-10T08:00:00Z", "/a/1"),
        item("evening", "2026-06-10", "2026-06-10T17:00:00Z", "/a/2"),
        item("dated-only", "2026-06-10"),
        item("yesterday", "2026-06-09", "2026-06-09T23:00:00Z"),
        item("undated", None),
    ]
    assert [s.id for s in order(rows)] == ["evening", "morning", "dated-only", "yesterday", "undated"]
    assert [s.id for s in order(rows, "oldest")] == [
        "yesterday", "dated-only", "morning", "evening", "undated"]


def test_sort_is_a_config_setting():
    assert parse_config({"sort": "oldest"}).sort == "oldest"
    bad = parse_config({"sort": "random"})
    assert bad.sort == "newest" and "sort must be" in bad.problems[0]


def test_mark_read_after_setting():
    assert parse_config({}).mark_read_after == 2
    assert parse_config({"mark_read_after": 0}).mark_read_after == 0
    assert parse_config({"mark_read_after": "never"}).mark_read_after is None
    bad = parse_config({"mark_read_after": "soon"})
    assert bad.mark_read_after == 2 and "mark_read_after" in bad.problems[0]


NOW = datetime(2026, 6, 10, 18, 30, tzinfo=timezone(timedelta(hours=2)))  # a Wednesday


def test_row_date_is_the_time_today_the_weekday_this_week_the_date_before():
    assert row_date(item("a", "2026-06-10", "2026-06-10T08:05:00Z"), NOW) == "10:05"  # local time
    assert row_date(item("b", "2026-06-10"), NOW) == "today"
    assert row_date(item("c", "2026-06-08", "2026-06-08T12:00:00Z"), NOW) == "Mon"
    assert row_date(item("d", "2026-06-04"), NOW) == "Thu"
    assert row_date(item("e", "2026-06-03"), NOW) == "2026-06-03"  # a week ago: the date
    assert row_date(item("f", None), NOW) == "no date"  # not a cut file name


def test_row_date_of_a_late_item_follows_the_readers_clock():
    # 23:30 at -07:00 on 9 June is 08:30 on 10 June here: today, at 08:30.
    late = item("g", "2026-06-09", "2026-06-10T06:30:00Z")
    assert row_date(late, NOW) == "08:30"


@pytest.mark.parametrize("data, problem", [
    ({"refresh_minutes": True}, "refresh_minutes must be minutes"),
    ({"refresh_minutes": 20000}, "refresh_minutes must be minutes"),
    ({"image_rows": 3.5}, "image_rows must be a number of rows"),
    ({"image_rows": 1}, "image_rows must be a number of rows"),
    ({"image_cache_mb": -1}, "image_cache_mb must be megabytes"),
])
def test_numbers_in_the_config_are_checked_and_the_default_kept(data, problem):
    from reader.config import Config, parse_config

    config = parse_config(data)
    [told] = config.problems
    assert problem in told
    key = next(iter(data))
    assert getattr(config, key) == getattr(Config(), key)


def test_numbers_in_range_are_taken():
    from reader.config import parse_config

    config = parse_config({"refresh_minutes": 0, "image_rows": 60, "image_cache_mb": 0.5})
    assert not config.problems
    assert (config.refresh_minutes, config.image_rows, config.image_cache_mb) == (0, 60, 0.5)
