"""Reading the rate-limit headers, without trusting them to be well formed.

Mastodon sends, on every response::

    X-RateLimit-Limit: 300
    X-RateLimit-Remaining: 297
    X-RateLimit-Reset: 2026-10-14T19:05:00.158143Z

The docs do not fix the format of ``X-RateLimit-Reset``: Mastodon sends an ISO 8601 time,
GoToSocial and mastodon-mock send epoch seconds, and some servers send the seconds left.
All three are read. The reset is a time on the *server's* clock; when the response's
``Date`` header shows that clock more than a second away from ours (``Date`` has
one-second resolution, so a smaller difference is noise), the reset is moved by that skew.
A missing or garbled header gives ``None`` for that value, never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from .decode import parse_datetime

__all__ = [
    "RateLimitHeaders",
    "as_datetime",
    "parse_http_date",
    "parse_reset",
    "parse_retry_after",
    "read_rate_limit",
    "server_skew",
]

_EPOCH_FLOOR = 1e9  # 2001-09-09: a number this large is a time, a smaller one a duration
_NUMBER = re.compile(r"\s*[0-9]+(\.[0-9]+)?\s*$")
_SKEW_RESOLUTION = 1.0
_FARTHEST_RESET = 86_400.0
_FRACTION = re.compile(r":\d\d[.,]\d")


@dataclass(frozen=True, slots=True)
class RateLimitHeaders:
    """What one response says about its rate limit, with the reset on *our* clock.

    Attributes:
        limit: Requests allowed in the window, or ``None`` if not sent or garbled.
        remaining: Requests left in the window, or ``None``.
        reset_at: When the window resets, epoch seconds on the local clock, or ``None``.
    """

    limit: int | None
    remaining: int | None
    reset_at: float | None

    @property
    def usable(self) -> bool:
        """Whether limit and remaining are both known (enough to plan with)."""
        return self.limit is not None and self.remaining is not None


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        number = int(value.strip())
    except ValueError:
        try:
            number = int(float(value.strip()))
        except (ValueError, OverflowError):  # "garbage", "inf", "nan"
            return None
    return number if number >= 0 else None


def parse_reset(value: str | None, now: float) -> float | None:
    """``X-RateLimit-Reset`` as epoch seconds on the sender's clock.

    ISO 8601 (with or without fraction or offset; naive read as UTC), epoch seconds, or a
    small number read as seconds from ``now``. A time given to the whole second may have
    been truncated (mastodon-mock sends ``int(window_end)``), so it is read as the end of
    that second: waiting a second too long costs little, sending early costs a 429.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    if _NUMBER.match(text):
        number = float(text)
        if number < _EPOCH_FLOOR:
            reset = now + number
        else:
            reset = number + 1.0 if number.is_integer() else number
    else:
        parsed = parse_datetime(text)
        if parsed is None:
            return None
        whole_second = parsed.microsecond == 0 and not _FRACTION.search(text)
        reset = parsed.timestamp() + (1.0 if whole_second else 0.0)
    # No Mastodon window is longer than half an hour: a reset days away is garbage.
    return reset if reset - now < _FARTHEST_RESET else None


def _is_duration(value: str | None) -> bool:
    return value is not None and bool(_NUMBER.match(value)) and float(value) < _EPOCH_FLOOR


def parse_http_date(value: str | None) -> float | None:
    """An RFC 7231 date (``Date``, ``Retry-After``) as epoch seconds, or ``None``."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.timestamp()


def parse_retry_after(value: str | None, now: float) -> float | None:
    """``Retry-After`` (seconds, or an HTTP date) as epoch seconds on the local clock."""
    if value is None or not value.strip():
        return None
    if _NUMBER.match(value):
        seconds = float(value)
        return now + seconds if seconds < _FARTHEST_RESET else None
    at = parse_http_date(value)
    return at if at is not None and at - now < _FARTHEST_RESET else None


def server_skew(headers: Mapping[str, str], now: float) -> float:
    """How far the server's clock is ahead of ours, in seconds; 0 within ``Date``'s resolution."""
    server_now = parse_http_date(headers.get("Date"))
    if server_now is None:
        return 0.0
    # Date is truncated to the second: the server's true time is in [date, date + 1).
    # Taking the low end moves a corrected reset later, never earlier: waiting up to a
    # second too long costs little, sending early costs a 429.
    skew = server_now - now
    return skew if abs(skew) > _SKEW_RESOLUTION else 0.0


def read_rate_limit(headers: Mapping[str, str], now: float) -> RateLimitHeaders:
    """The rate-limit headers of a response, with the reset moved onto the local clock."""
    raw_reset = headers.get("X-RateLimit-Reset")
    reset = parse_reset(raw_reset, now)
    if reset is not None and not _is_duration(raw_reset):
        reset -= server_skew(headers, now)
    return RateLimitHeaders(
        limit=_int(headers.get("X-RateLimit-Limit")),
        remaining=_int(headers.get("X-RateLimit-Remaining")),
        reset_at=reset,
    )


def as_datetime(epoch: float | None) -> datetime | None:
    """Epoch seconds as an aware UTC datetime (``None`` stays ``None``)."""
    return None if epoch is None else datetime.fromtimestamp(epoch, timezone.utc)
