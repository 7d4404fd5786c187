"""One rate-limit budget, as plain state: no I/O, no event loop, time passed in.

A bucket knows what the server last told it (limit, remaining, reset) and what it sent
since (requests in flight). ``remaining - in_flight`` is what may still be spent. It
never believes a response that would raise ``remaining`` within the same window: the
answer to an older request can arrive after a newer one. When the reset passes, the
budget is assumed full again (Mastodon's windows are fixed) until a response says more.
Until a first response has told the limit, one request at a time goes out; a server
whose answers carry no rate-limit headers at all is then not throttled (there is nothing
to plan with), beyond the client's concurrency cap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from .._sansio.ratelimit import RateLimitHeaders, as_datetime

__all__ = ["Bucket", "BucketState", "Policy"]

Policy = Literal["wait", "pace", "raise"]
"""How the scheduler spends a budget.

``"wait"``: send freely; at zero, wait for the reset. ``"pace"``: spread what is left
evenly until the reset (after an idle spell, send at once). ``"raise"``: like ``"wait"``,
but raise [`RateLimited`][aiomastodon.errors.RateLimited] instead of waiting.
"""

_SAME_WINDOW = 1.0  # resets this close are the same window (sub-second jitter)
# How far one answer's reset may sit from another's of the same window: Date is cut to
# the second, and an answer read late looks like a server whose clock is behind.
_RESET_NOISE = 3.0


@dataclass(frozen=True, slots=True)
class BucketState:
    """A snapshot of one bucket, for ``client.rate_limits``.

    Attributes:
        name: ``"account"`` (or ``"ip"`` without a token), ``"media"``, ``"status_delete"``.
        limit: Requests per window, as the server last said (``None`` until it has).
        remaining: Requests left in the window, as far as the client knows.
        reset_at: When the window resets (aware UTC), if known.
        in_flight: Requests sent and not yet answered.
    """

    name: str
    limit: int | None
    remaining: int | None
    reset_at: datetime | None
    in_flight: int


@dataclass
class Bucket:
    """The state of one budget. ``window`` is the documented window length, in seconds."""

    name: str
    window: float
    limit: int | None = None
    remaining: int | None = None
    reset_at: float | None = None
    in_flight: int = 0
    last_sent: float | None = None
    blocked_until: float | None = None
    silent: bool = False  # answers came back without this bucket's headers
    rolled_at: float | None = None  # when the budget last refilled at a reset

    @property
    def known(self) -> bool:
        """Whether a response has told this bucket its limit and what remains."""
        return self.limit is not None and self.remaining is not None

    def _roll(self, now: float) -> None:
        """The window ended: refill the budget; the next answer tells the new reset."""
        if self.reset_at is None or now < self.reset_at or self.limit is None:
            return
        self.remaining = self.limit
        self.reset_at = None
        self.rolled_at = now

    def delay(self, now: float, policy: Policy) -> float | None:
        """Seconds until one more request may go; ``None``: wait for one in flight to end."""
        if self.reset_at is not None and now >= self.reset_at:  # checked here: every request
            self._roll(now)
        if self.blocked_until is not None:
            if now < self.blocked_until:
                return self.blocked_until - now
            self.blocked_until = None
        if self.limit is None or self.remaining is None:
            return 0.0 if self.silent or not self.in_flight else None
        available = self.remaining - self.in_flight
        if available <= 0:
            if self.in_flight and self.remaining > 0:
                # Not known to be spent: a request in flight may be counted in
                # ``remaining`` already (a later request's answer, read first, counted
                # it), and its own answer will give the place back. Waiting for the reset
                # instead would leave that place unused for the rest of the window.
                return None
            if self.reset_at is None:
                if self.in_flight:
                    return None
                # Spent, and no answer will tell the reset: assume the documented window,
                # and remember it, so that the wait ends in a refill.
                self.reset_at = now + self.window
                return self.window
            return max(self.reset_at - now, 0.0)
        if policy == "pace":
            if self.reset_at is None:
                # A new window whose reset no answer has told yet: ask once, then spread.
                return None if self.in_flight else 0.0
            if self.last_sent is not None:
                spacing = (self.reset_at - now) / available
                return max(self.last_sent + spacing - now, 0.0)
        return 0.0

    def take(self, now: float) -> None:
        """One request goes out."""
        self.in_flight += 1
        self.last_sent = now

    def settle(
        self, headers: RateLimitHeaders | None, now: float, sent_at: float | None = None
    ) -> None:
        """One request (sent at ``sent_at``) came back; ``headers`` are its rate-limit
        headers if they are ours.

        The answer to a request sent before the budget last refilled is about the window
        that ended (or was counted at the very start of this one): it counts as one
        spent, and its headers never set this window. Its reset, corrected for a clock
        skew that may have been only delay, can fall inside this window, and would then
        refill the budget a second time in it.
        """
        if self.in_flight > 0:
            self.in_flight -= 1
        if self.reset_at is not None and now >= self.reset_at:
            self._roll(now)
        stale = sent_at is not None and self.rolled_at is not None and sent_at < self.rolled_at
        if (
            headers is not None
            and headers.limit is not None
            and headers.remaining is not None
            and not stale
        ):
            self.observe(headers, now)
        elif self.remaining is not None and self.remaining > 0:
            self.remaining -= 1

    def observe(self, headers: RateLimitHeaders, now: float) -> None:
        """Learn from a response: adopt a newer window, or lower what remains in this one.

        Windows follow each other, they never overlap: while the known window runs, an
        answer with a later reset is about this window (each answer's reset moves by
        how its ``Date`` correction came out, a second or more for an answer read late),
        and so is one whose reset is earlier by no more than that noise; either may only
        lower what remains. A reset much earlier, yet ahead, is another limiter's (a
        proxy's 429: its block is ``exhaust``'s business). An answer whose reset has
        passed is about a window already over.
        """
        if headers.limit is None or headers.remaining is None:
            return
        if self.reset_at is not None and now >= self.reset_at:
            self._roll(now)
        reset = headers.reset_at
        if reset is None:
            reset = self.reset_at if self.reset_at is not None else now + self.window
        if self.reset_at is None or self.remaining is None or now >= self.reset_at:
            self.limit, self.remaining, self.reset_at = headers.limit, headers.remaining, reset
        elif reset > now and reset >= self.reset_at - _RESET_NOISE:
            self.limit = headers.limit
            self.remaining = min(self.remaining, headers.remaining)
        # else: the answer to an older request, about a window already over; ignore it.

    def exhaust(self, until: float) -> None:
        """The server refused a request (429): send nothing more before ``until``.

        A 429 whose reset is this window's says the budget is spent. One that ends sooner
        came from another limiter (a proxy in front of Mastodon): it blocks until then,
        and the budget stays as the last answers told it.
        """
        self.blocked_until = until
        if self.remaining is not None and (
            self.reset_at is None or until >= self.reset_at - _SAME_WINDOW
        ):
            self.remaining = 0

    def state(self) -> BucketState:
        """A snapshot for callers."""
        return BucketState(
            name=self.name,
            limit=self.limit,
            remaining=self.remaining,
            reset_at=as_datetime(self.reset_at),
            in_flight=self.in_flight,
        )
