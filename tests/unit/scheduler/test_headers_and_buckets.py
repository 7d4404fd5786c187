"""Rate-limit header parsing and the bucket arithmetic, as pure code."""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import format_datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiomastodon._sansio.ratelimit import (
    RateLimitHeaders,
    _int,
    _reset_value,
    parse_reset,
    parse_retry_after,
    read_rate_limit,
    server_skew,
)
from aiomastodon.scheduler.bucket import Bucket

NOW = datetime(2026, 10, 14, 19, 0, 0, tzinfo=timezone.utc).timestamp()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-10-14T19:05:00.158143Z", NOW + 300.158143),  # Mastodon 4.7
        ("2026-10-14T19:05:00.000+00:00", NOW + 300),
        ("2026-10-14T21:05:00.5+02:00", NOW + 300.5),
        ("2026-10-14T19:05:00.25", NOW + 300.25),  # naive: UTC
        (f"{NOW + 300.5:.3f}", NOW + 300.5),  # epoch seconds with a fraction
        # Whole seconds may be truncated: read as the end of that second.
        ("2026-10-14T19:05:00Z", NOW + 301),
        (str(int(NOW + 300)), NOW + 301),  # epoch seconds (GoToSocial, mastodon-mock)
        ("42", NOW + 42),  # a small number: seconds from now
    ],
)
def test_reset_formats(value: str, expected: float) -> None:
    assert parse_reset(value, NOW) == pytest.approx(expected, abs=1e-3)


@pytest.mark.parametrize(
    "value",
    [None, "", "soon", "2026-13-45T99:00:00Z", "-5", "1e400x", "9" * 400, "2099-01-01T00:00:00Z"],
)
def test_garbled_reset_is_none(value: str | None) -> None:
    assert parse_reset(value, NOW) is None


def test_read_rate_limit_and_garbled_numbers() -> None:
    good = read_rate_limit(
        {
            "X-RateLimit-Limit": "300",
            "X-RateLimit-Remaining": "297",
            "X-RateLimit-Reset": "2026-10-14T19:05:00.158143Z",
        },
        NOW,
    )
    assert (good.limit, good.remaining, good.usable) == (300, 297, True)
    assert good.reset_at == pytest.approx(NOW + 300.158143, abs=1e-3)
    bad = read_rate_limit({"X-RateLimit-Limit": "lots", "X-RateLimit-Remaining": "-1"}, NOW)
    assert (bad.limit, bad.remaining, bad.reset_at, bad.usable) == (None, None, None, False)
    assert read_rate_limit({}, NOW).usable is False


def test_skew_is_corrected_only_beyond_the_date_resolution() -> None:
    ahead = {"Date": "Wed, 14 Oct 2026 19:02:00 GMT"}  # the server is two minutes ahead
    assert server_skew(ahead, NOW) == pytest.approx(120, abs=1e-3)
    close = {"Date": "Wed, 14 Oct 2026 19:00:00 GMT"}
    assert server_skew(close, NOW + 0.9) == 0.0  # within a second: noise, not skew
    assert server_skew({"Date": "garbage"}, NOW) == 0.0
    headers = {
        **ahead,
        "X-RateLimit-Limit": "300",
        "X-RateLimit-Remaining": "1",
        "X-RateLimit-Reset": "2026-10-14T19:07:00.000Z",  # five minutes on the server's clock
    }
    assert read_rate_limit(headers, NOW).reset_at == pytest.approx(NOW + 300, abs=1e-3)


def test_a_relative_reset_is_not_skew_corrected() -> None:
    headers = {
        "Date": "Wed, 14 Oct 2026 19:02:00 GMT",
        "X-RateLimit-Limit": "1",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": "30",
    }
    assert read_rate_limit(headers, NOW).reset_at == pytest.approx(NOW + 30, abs=1e-3)


def test_retry_after() -> None:
    assert parse_retry_after("120", NOW) == NOW + 120
    assert parse_retry_after("Wed, 14 Oct 2026 19:01:00 GMT", NOW) == NOW + 60
    assert parse_retry_after("whenever", NOW) is None
    assert parse_retry_after(None, NOW) is None


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "X-RateLimit-Limit",
                "X-RateLimit-Remaining",
                "X-RateLimit-Reset",
                "Date",
                "Retry-After",
            ]
        ),
        st.text(max_size=40),
    )
)
def test_property_headers_never_crash(headers: dict[str, str]) -> None:
    parsed = read_rate_limit(headers, NOW)
    assert parsed.limit is None or parsed.limit >= 0
    parse_retry_after(headers.get("Retry-After"), NOW)


def _headers(limit: int, remaining: int, reset: float | None) -> RateLimitHeaders:
    return RateLimitHeaders(limit, remaining, reset)


def test_unknown_bucket_lets_one_request_through_at_a_time() -> None:
    bucket = Bucket("account", window=300)
    assert bucket.delay(NOW, "wait") == 0.0
    bucket.take(NOW)
    assert bucket.delay(NOW, "wait") is None  # wait for the answer
    bucket.settle(_headers(300, 299, NOW + 300), NOW)
    assert bucket.delay(NOW, "wait") == 0.0
    bucket.take(NOW)
    bucket.take(NOW)
    assert bucket.in_flight == 2


def test_wait_spends_in_flight_requests_too() -> None:
    bucket = Bucket("account", window=300, limit=300, remaining=2, reset_at=NOW + 10)
    bucket.take(NOW)
    bucket.take(NOW)
    assert bucket.delay(NOW, "wait") is None  # two in flight hold the two left: their answers
    bucket.settle(_headers(300, 1, NOW + 10), NOW)
    bucket.settle(_headers(300, 0, NOW + 10), NOW)
    assert bucket.delay(NOW, "wait") == pytest.approx(10, abs=1e-3)  # spent: the reset


def test_a_stale_answer_never_raises_remaining() -> None:
    bucket = Bucket("account", window=300, limit=300, remaining=100, reset_at=NOW + 60)
    bucket.take(NOW)
    bucket.settle(_headers(300, 150, NOW + 60), NOW)  # an older request's answer
    assert bucket.remaining == 100
    bucket.take(NOW)
    bucket.settle(_headers(300, 90, NOW + 60.2), NOW)  # same window, sub-second jitter
    assert bucket.remaining == 90
    bucket.take(NOW)
    bucket.settle(_headers(300, 299, NOW - 240), NOW)  # about a window already over
    assert bucket.remaining == 90
    bucket.take(NOW)
    bucket.settle(_headers(300, 299, NOW + 360), NOW + 60.2)  # a new window, once it ended
    assert (bucket.remaining, bucket.reset_at) == (299, NOW + 360)


def test_a_late_answer_never_raises_remaining_whatever_its_reset() -> None:
    # An answer read a second after its Date: its reset, "corrected" for a skew that was
    # only delay, lands a second late. It is still this window's answer.
    bucket = Bucket("account", window=300, limit=30, remaining=5, reset_at=NOW + 2)
    bucket.take(NOW)
    bucket.settle(_headers(30, 11, NOW + 3.02), NOW)
    assert (bucket.remaining, bucket.reset_at) == (5, NOW + 2)
    # The other way round: the window was first learnt from such a late answer; timely
    # answers, a second earlier, still lower what remains.
    bucket = Bucket("account", window=300, limit=30, remaining=20, reset_at=NOW + 3.02)
    bucket.take(NOW)
    bucket.settle(_headers(30, 12, NOW + 2), NOW)
    assert (bucket.remaining, bucket.reset_at) == (12, NOW + 3.02)


def test_answers_without_headers_count_locally() -> None:
    bucket = Bucket("account", window=300, limit=300, remaining=10, reset_at=NOW + 60)
    bucket.take(NOW)
    bucket.settle(None, NOW)
    assert bucket.remaining == 9


def test_the_reset_refills_the_budget() -> None:
    bucket = Bucket("account", window=300, limit=5, remaining=0, reset_at=NOW + 10)
    assert bucket.delay(NOW, "wait") == pytest.approx(10, abs=1e-3)
    assert bucket.delay(NOW + 10, "wait") == 0.0
    assert (bucket.remaining, bucket.reset_at) == (5, None)


def test_pace_spreads_and_sends_at_once_after_idling() -> None:
    bucket = Bucket("account", window=300, limit=300, remaining=100, reset_at=NOW + 100)
    assert bucket.delay(NOW, "pace") == 0.0  # never sent: go
    bucket.take(NOW)
    bucket.settle(_headers(300, 99, NOW + 100), NOW)
    assert bucket.delay(NOW, "pace") == pytest.approx(100 / 99, abs=1e-3)
    assert bucket.delay(NOW + 50, "pace") == 0.0  # idle for a while: at once


def test_exhaust_blocks_until_the_given_time() -> None:
    bucket = Bucket("media", window=1800)
    bucket.exhaust(NOW + 30)
    assert bucket.delay(NOW, "wait") == pytest.approx(30, abs=1e-3)
    assert bucket.delay(NOW + 30, "wait") == 0.0


def test_state_snapshot() -> None:
    bucket = Bucket("account", window=300, limit=300, remaining=12, reset_at=NOW)
    state = bucket.state()
    assert state.reset_at == datetime(2026, 10, 14, 19, 0, tzinfo=timezone.utc)
    assert (state.name, state.limit, state.remaining, state.in_flight) == ("account", 300, 12, 0)


def test_a_429_from_another_limiter_blocks_only_until_its_own_reset() -> None:
    bucket = Bucket("account", window=300, limit=300, remaining=120, reset_at=NOW + 250)
    bucket.exhaust(NOW + 1.5)  # a proxy's Retry-After: 1, far from Mastodon's reset
    assert bucket.delay(NOW, "wait") == pytest.approx(1.5, abs=1e-3)
    assert bucket.delay(NOW + 1.5, "wait") == 0.0
    assert bucket.remaining == 120
    bucket.exhaust(NOW + 250.4)  # Mastodon's own: its window is spent
    assert bucket.remaining == 0


def test_spent_with_no_reset_known_waits_a_window_then_refills() -> None:
    # After a refill, answers without headers spent it all: nothing will tell the reset.
    bucket = Bucket("account", window=300, limit=2, remaining=0)
    assert bucket.delay(NOW, "wait") == 300
    assert bucket.delay(NOW + 300, "wait") == 0.0  # refilled, not another 300 s
    assert bucket.remaining == 2


def test_a_limit_of_zero_is_no_limit_to_plan_with() -> None:
    # It would refill to nothing at every reset: a client waiting for it waits forever.
    parsed = read_rate_limit({"X-RateLimit-Limit": "0", "X-RateLimit-Remaining": "0"}, NOW)
    assert (parsed.limit, parsed.remaining, parsed.usable) == (None, 0, False)


_RESETS = st.one_of(
    st.text(max_size=30),
    st.floats(min_value=0, max_value=4e10).map(lambda x: f"{x:.3f}"),
    st.integers(0, 10**11).map(str),
    st.floats(min_value=NOW - 1e6, max_value=NOW + 1e8).map(
        lambda x: datetime.fromtimestamp(x, timezone.utc).isoformat()
    ),
)
_DATES = st.one_of(
    st.text(max_size=30),
    st.floats(min_value=NOW - 1e6, max_value=NOW + 1e6).map(
        lambda x: format_datetime(datetime.fromtimestamp(int(x), timezone.utc), usegmt=True)
    ),
)


@given(
    reset=st.none() | _RESETS,
    date=st.none() | _DATES,
    limit=st.none() | st.text(max_size=8) | st.integers(-5, 10**6).map(str),
    remaining=st.none() | st.text(max_size=8) | st.integers(-5, 10**6).map(str),
    now=st.floats(min_value=NOW - 1e6, max_value=NOW + 1e6),
)
def test_property_the_fused_reader_is_parse_reset_and_server_skew(
    reset: str | None, date: str | None, limit: str | None, remaining: str | None, now: float
) -> None:
    # read_rate_limit does both in one pass, for speed; it must mean the same as they do.
    headers = {
        name: value
        for name, value in (
            ("X-RateLimit-Reset", reset),
            ("Date", date),
            ("X-RateLimit-Limit", limit),
            ("X-RateLimit-Remaining", remaining),
        )
        if value is not None
    }
    expected = parse_reset(reset, now)
    if expected is not None and reset is not None and not _relative(reset, now):
        expected -= server_skew(headers, now)
    got = read_rate_limit(headers, now)
    assert got.reset_at == expected
    assert got.remaining == _int(remaining)
    assert got.limit == (_int(limit) or None)


def _relative(reset: str, now: float) -> bool:
    """Whether a reset reads as seconds from now (never skew-corrected)."""
    parsed = _reset_value(reset)
    return parsed is not None and parsed[0]
