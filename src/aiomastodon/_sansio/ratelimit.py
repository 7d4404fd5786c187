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
A missing or garbled header gives ``None`` for that value, never an exception; so does a
limit of 0, which no window could ever refill (waiting for it would never end).
"""

from __future__ import annotations

import math
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
# A reset or Retry-After further than this is garbage (milliseconds read as seconds, say),
# not a time. Nearer ones are kept, however long: whether to wait for them is the
# scheduler's ``max_wait`` to decide, and its error then names the time.
_FARTHEST_RESET = 366 * 86_400.0
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


# Parsed headers by their raw text. A reset string stays the same for a whole window and
# ``Date`` for a second, so nearly every response hits; the caches are cleared when full,
# which bounds them without the bookkeeping of an LRU.
_CACHE_SIZE = 64
_resets: dict[str, tuple[bool, float] | None] = {}
_dates: dict[str, float | None] = {}


def _reset_value(text: str) -> tuple[bool, float] | None:
    """``(relative, seconds)`` of an ``X-RateLimit-Reset`` value, or ``None``; cached."""
    try:
        return _resets[text]
    except KeyError:
        pass
    value = _read_reset(text.strip())
    if len(_resets) >= _CACHE_SIZE:
        _resets.clear()
    _resets[text] = value
    return value


def _read_reset(text: str) -> tuple[bool, float] | None:
    if not text:
        return None
    if _NUMBER.match(text):
        number = float(text)
        if not math.isfinite(number):  # hundreds of digits
            return None
        if number < _EPOCH_FLOOR:
            return True, number
        return False, number + 1.0 if number.is_integer() else number
    parsed = parse_datetime(text)
    if parsed is None:
        return None
    whole_second = parsed.microsecond == 0 and not _FRACTION.search(text)
    try:
        stamp = parsed.timestamp()
    except (OverflowError, OSError, ValueError):  # years at the edge of datetime's range
        return None
    return False, stamp + (1.0 if whole_second else 0.0)


def parse_reset(value: str | None, now: float) -> float | None:
    """``X-RateLimit-Reset`` as epoch seconds on the sender's clock.

    ISO 8601 (with or without fraction or offset; naive read as UTC), epoch seconds, or a
    small number read as seconds from ``now``. A time given to the whole second may have
    been truncated (mastodon-mock sends ``int(window_end)``), so it is read as the end of
    that second: waiting a second too long costs little, sending early costs a 429.
    Anything else, including a reset a year or more away, is ``None``: never an exception.
    """
    if value is None:
        return None
    parsed = _reset_value(value)
    if parsed is None:
        return None
    relative, number = parsed
    reset = now + number if relative else number
    return reset if reset - now < _FARTHEST_RESET else None


def parse_http_date(value: str | None) -> float | None:
    """An RFC 7231 date (``Date``, ``Retry-After``) as epoch seconds, or ``None``; cached."""
    if not value:
        return None
    try:
        return _dates[value]
    except KeyError:
        pass
    at = _read_http_date(value)
    if len(_dates) >= _CACHE_SIZE:
        _dates.clear()
    _dates[value] = at
    return at


def _read_http_date(value: str) -> float | None:
    try:
        parsed = parsedate_to_datetime(value)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=timezone.utc)
        return parsed.timestamp()
    except (TypeError, ValueError, IndexError, OverflowError, OSError):
        return None


def parse_retry_after(value: str | None, now: float) -> float | None:
    """``Retry-After`` (seconds, or an HTTP date) as epoch seconds on the local clock.

    ``None`` for anything else, and for a wait of a year or more.
    """
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


def _count(value: str | None) -> int | None:
    """A header's count, or ``None``; ``int()`` first, as nearly every value is plain digits."""
    if value is None:
        return None
    try:
        number = int(value)  # int() itself allows the surrounding whitespace
    except ValueError:
        return _int(value)
    return number if number >= 0 else None


def read_rate_limit(headers: Mapping[str, str], now: float) -> RateLimitHeaders:
    """The rate-limit headers of a response, with the reset moved onto the local clock.

    Never raises: a header that is missing or garbled is ``None`` in the result. This runs
    for every answer, so it is ``parse_reset`` and ``server_skew`` in one, each raw
    string looked up once in the caches.
    """
    get = headers.get
    reset: float | None = None
    raw_reset = get("X-RateLimit-Reset")
    if raw_reset is not None:
        try:
            parsed = _resets[raw_reset]
        except KeyError:
            parsed = _reset_value(raw_reset)
        if parsed is not None:
            relative, reset = parsed
            if relative:
                reset = now + reset if reset < _FARTHEST_RESET else None
            elif reset - now >= _FARTHEST_RESET:
                reset = None
            else:
                # A time on the server's clock: moved by its skew (see server_skew).
                raw_date = get("Date")
                if raw_date:
                    try:
                        server_now = _dates[raw_date]
                    except KeyError:
                        server_now = parse_http_date(raw_date)
                    if server_now is not None:
                        skew = server_now - now
                        if skew > _SKEW_RESOLUTION or skew < -_SKEW_RESOLUTION:
                            reset -= skew
    # A limit of 0 would refill to nothing at every reset: no budget to plan with.
    return RateLimitHeaders(
        _count(get("X-RateLimit-Limit")) or None, _count(get("X-RateLimit-Remaining")), reset
    )


def as_datetime(epoch: float | None) -> datetime | None:
    """Epoch seconds as an aware UTC datetime (``None``, or beyond ``datetime``, gives ``None``)."""
    if epoch is None:
        return None
    try:
        return datetime.fromtimestamp(epoch, timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
