"""Exponential backoff with full jitter."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["full_jitter"]


def full_jitter(attempt: int, *, base: float, cap: float, random: Callable[[], float]) -> float:
    """A delay drawn uniformly from ``[0, min(cap, base * 2**attempt))``.

    Full jitter spreads the retries of many clients that failed together, so they do not
    come back together (the "thundering herd").
    """
    return random() * min(cap, base * 2.0**attempt)
