"""Rate-limit budgets and headers, the way Mastodon's Rack::Attack setup has them.

Every answer carries ``X-RateLimit-Limit``, ``X-RateLimit-Remaining`` and
``X-RateLimit-Reset`` (an ISO 8601 time with microseconds, the end of the current
window), with the server's ``Date``. Windows are aligned to the epoch (a 300 s window
resets at every multiple of 300 s). Requests are counted per token, or per client
address without one; every request counts, refused ones too. Where a request falls
under several budgets (media uploads; status deletions and unreblogs), the headers
describe the one nearest to running out.

By default the budget is huge and never refused, so that a client never has to wait for
it; ``RateLimits.enforce()`` sets real numbers (Mastodon's are 300 per 5 minutes,
30 uploads and 30 deletions per 30 minutes) and answers 429 once one is spent.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

__all__ = ["Budget", "RateLimits", "reset_header"]

UNLIMITED = 1_000_000


@dataclass(frozen=True)
class Budget:
    """``limit`` requests per ``window`` seconds."""

    limit: int
    window: float


def reset_header(when: float) -> str:
    """Epoch seconds as Mastodon's ``X-RateLimit-Reset``: ``2026-01-01T00:05:00.000000Z``."""
    moment = datetime.fromtimestamp(when, timezone.utc)
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


class RateLimits:
    """The server's budgets, counted on its clock."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.enforced = False
        self.budgets: dict[str, Budget] = {"api": Budget(UNLIMITED, 300.0)}
        self._counts: dict[tuple[str, str, int], int] = {}

    def enforce(
        self,
        limit: int = 300,
        window: float = 300.0,
        *,
        media: Budget | None = Budget(30, 1800.0),
        deletes: Budget | None = Budget(30, 1800.0),
    ) -> None:
        """Refuse requests beyond ``limit`` per ``window`` seconds (and the sub-budgets)."""
        self.enforced = True
        self.budgets = {"api": Budget(limit, window)}
        if media is not None:
            self.budgets["media"] = media
        if deletes is not None:
            self.budgets["deletes"] = deletes
        self._counts.clear()

    def relax(self, window: float = 300.0) -> None:
        """Back to the default: a huge budget, never refused, in windows of ``window``
        seconds (where ``Reset`` and a Mastodon 429 fault's wait end)."""
        self.enforced = False
        self.budgets = {"api": Budget(UNLIMITED, window)}
        self._counts.clear()

    def window_end(self, window: float) -> float:
        now = self.clock()
        return (math.floor(now / window) + 1) * window

    def take(self, who: str, buckets: tuple[str, ...]) -> tuple[bool, dict[str, str]]:
        """Count one request by ``who`` against ``api`` and ``buckets``: whether it may go
        on, and the headers of its answer."""
        now = self.clock()
        nearest: tuple[int, Budget, float] | None = None
        allowed = True
        for name in ("api", *buckets):
            budget = self.budgets.get(name)
            if budget is None:
                continue
            window = math.floor(now / budget.window)
            key = (name, who, window)
            count = self._counts.get(key, 0) + 1
            self._counts[key] = count
            if count > budget.limit and self.enforced:
                allowed = False
            remaining = max(budget.limit - count, 0)
            if nearest is None or remaining < nearest[0]:
                nearest = (remaining, budget, (window + 1) * budget.window)
        assert nearest is not None
        remaining, budget, reset = nearest
        return allowed, self.headers(budget.limit, 0 if not allowed else remaining, reset)

    def remaining(self, who: str, bucket: str = "api") -> int:
        """What is left of ``who``'s ``bucket`` in the current window."""
        budget = self.budgets[bucket]
        window = math.floor(self.clock() / budget.window)
        return max(budget.limit - self._counts.get((bucket, who, window), 0), 0)

    def spend(self, who: str, bucket: str = "api") -> None:
        """Use up the rest of ``who``'s ``bucket`` for the current window."""
        budget = self.budgets[bucket]
        window = math.floor(self.clock() / budget.window)
        self._counts[(bucket, who, window)] = budget.limit

    @staticmethod
    def headers(limit: int, remaining: int, reset: float) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": reset_header(reset),
        }
