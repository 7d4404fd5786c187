"""Waiting for a server-side job: poll with growing delays, within a bound of time.

For work the server finishes after it answered (a media file being processed): the
caller asks again and again, sleeping ``first``, then twice as long each time up to
``cap``, until its check says done or ``max_wait`` seconds were slept. Sleeping is the
caller's injected ``sleep`` (the scheduler's clock), so tests run it in virtual time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

__all__ = ["poll"]

T = TypeVar("T")


async def poll(
    check: Callable[[], Awaitable[T | None]],
    *,
    sleep: Callable[[float], Awaitable[None]],
    max_wait: float,
    first: float = 0.5,
    cap: float = 5.0,
) -> T | None:
    """Sleep, then ``await check()``, until it returns something other than ``None``.

    The delays are ``first``, ``2 * first``, ... at most ``cap``, the last one cut so that
    their sum never passes ``max_wait``.

    Returns:
        What ``check`` returned, or ``None`` when ``max_wait`` seconds went by first.
    """
    slept = 0.0
    delay = first
    while slept < max_wait:
        step = min(delay, max_wait - slept)
        await sleep(step)
        slept += step
        result = await check()
        if result is not None:
            return result
        delay = min(delay * 2, cap)
    return None
