"""The scheduler: every request of a client takes a slot here before it is sent.

Design, in short:

- **Buckets** are keyed by (host, token) and name: the account-wide budget (``"account"``,
  or ``"ip"`` without a token; 300 per 5 minutes by default) and the documented
  sub-limits a route also spends (``"media"``: uploads, 30 per 30 minutes;
  ``"status_delete"``: deleting and unreblogging, 30 per 30 minutes). Every task of the
  client, and every client given the same scheduler, shares them.
- A request may go when each of its buckets allows one more (``remaining - in_flight >
  0``, or, for ``"pace"``, when its turn in an even spread to the reset has come) and the
  client's concurrency cap has room. Otherwise it waits (or raises, per the policy).
- Every answer updates the buckets from its headers. Mastodon reports whichever of the
  request's limits is nearest to running out, so an answer's headers are credited to a
  sub-bucket when their limit is that sub-bucket's, else to the account bucket.
- A 429 blocks the bucket until the reset (or ``Retry-After``), plus jitter; the
  request is then sent again, since the server did nothing with it.
- Transient failures (no answer, 502/503/504) are retried with exponential backoff and
  full jitter, a bounded number of times, when re-sending is harmless (see ``retry``).
- Time is injected: ``clock()`` (epoch seconds) and ``sleep(seconds)``; tests run in
  virtual time.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random as _random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from .._sansio.ratelimit import as_datetime, parse_retry_after, read_rate_limit
from .._sansio.request import PreparedRequest
from .._sansio.response import RawResponse
from ..errors import RateLimited, TransportError
from .backoff import full_jitter
from .bucket import Bucket, BucketState, Policy
from .retry import retryable_error, retryable_status

__all__ = ["Scheduler", "SchedulerEvent", "Slot"]

log = logging.getLogger("aiomastodon.scheduler")

# (window seconds, limit) of each bucket, as Mastodon ships them (operators may change them).
DEFAULT_LIMITS: dict[str, tuple[float, int]] = {
    "account": (300.0, 300),
    "ip": (300.0, 300),
    "media": (1800.0, 30),
    "status_delete": (1800.0, 30),
}
_JITTER = 1.0  # seconds of jitter after a reset, so waiting tasks do not all wake at once


@dataclass(frozen=True, slots=True)
class SchedulerEvent:
    """What the scheduler did instead of sending at once, for logs and hooks.

    Attributes:
        kind: ``"wait"`` (for a budget), ``"retry"`` (after a failure), or ``"rate_limited"``
            (the server answered 429).
        endpoint: ``"METHOD /path"`` of the request.
        delay: Seconds waited (or about to be).
        reason: Why, in words.
        attempt: For retries, which retry this is (1 for the first).
        bucket: The bucket involved, if any.
    """

    kind: str
    endpoint: str
    delay: float
    reason: str
    attempt: int = 0
    bucket: str | None = None


@dataclass(slots=True)
class Slot:
    """The right to send one request: the buckets it spends, taken at ``sent_at``."""

    buckets: tuple[Bucket, ...]
    request: PreparedRequest
    sent_at: float
    open: bool = True


def token_key(host: str, token: str | None) -> tuple[str, str]:
    """The bucket key of a (host, token): the token only as a short digest, never in clear."""
    digest = hashlib.sha256(token.encode()).hexdigest()[:16] if token else ""
    return host, digest


class Scheduler:
    """Rate-limit buckets, pacing, backoff and retry decisions for one or more clients.

    Args:
        policy: ``"wait"`` (default), ``"pace"`` or ``"raise"``; see ``Policy``.
        max_wait: Raise [`RateLimited`][aiomastodon.errors.RateLimited] rather than wait longer than
            this many seconds for a budget (``None``: no bound).
        max_concurrency: Requests in flight at once, across every task.
        retries: How many times one call is retried after transient failures and 429s.
        backoff_base: The first backoff's upper bound, in seconds; it doubles per retry.
        backoff_cap: The largest backoff, in seconds.
        clock: The current time in epoch seconds (injected for tests).
        sleep: Waits that many seconds (injected for tests).
        random: A float in [0, 1) for jitter (injected for tests).
        on_event: Called with a ``SchedulerEvent`` whenever the scheduler waits or
            retries.
    """

    def __init__(
        self,
        *,
        policy: Policy = "wait",
        max_wait: float | None = None,
        max_concurrency: int = 16,
        retries: int = 3,
        backoff_base: float = 0.5,
        backoff_cap: float = 30.0,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        random: Callable[[], float] = _random.random,
        on_event: Callable[[SchedulerEvent], None] | None = None,
    ) -> None:
        if policy not in ("wait", "pace", "raise"):
            raise ValueError(f"unknown rate-limit policy {policy!r}: use wait, pace or raise")
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        self.policy: Policy = policy
        self.max_wait = max_wait
        self.max_concurrency = max_concurrency
        self.retries = retries
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.clock = clock
        self.sleep = sleep
        self.random = random
        self.on_event = on_event
        self._buckets: dict[tuple[str, str, str], Bucket] = {}
        self._in_flight = 0
        self._changed: asyncio.Event | None = None

    def __repr__(self) -> str:
        return f"Scheduler(policy={self.policy!r}, buckets={len(self._buckets)})"

    # --- buckets -------------------------------------------------------------------------

    def _bucket(self, key: tuple[str, str], name: str) -> Bucket:
        full = (*key, name)
        bucket = self._buckets.get(full)
        if bucket is None:
            window, _limit = DEFAULT_LIMITS.get(name, (300.0, 300))
            bucket = self._buckets[full] = Bucket(name=name, window=window)
        return bucket

    def buckets_for(self, key: tuple[str, str], request: PreparedRequest) -> tuple[Bucket, ...]:
        """The buckets a request spends: the account's (or IP's) and its route's sub-bucket."""
        main = self._bucket(key, "account" if key[1] else "ip")
        sub = request.route.bucket if request.route is not None else None
        return (main,) if sub is None else (main, self._bucket(key, sub))

    def state(self, key: tuple[str, str] | None = None) -> list[BucketState]:
        """Snapshots of the buckets (of one key, or all), for inspection."""
        return [
            bucket.state()
            for (host, token, _name), bucket in self._buckets.items()
            if key is None or (host, token) == key
        ]

    # --- slots -----------------------------------------------------------------------------

    def _notify(self) -> None:
        if self._changed is not None:
            self._changed.set()
            self._changed = None

    async def _until_changed(self) -> None:
        if self._changed is None:
            self._changed = asyncio.Event()
        await self._changed.wait()

    def _delay(self, buckets: tuple[Bucket, ...], now: float) -> tuple[float | None, Bucket]:
        """The longest wait any bucket asks for (``None``: until a request in flight ends)."""
        worst: tuple[float | None, Bucket] = (0.0, buckets[0])
        for bucket in buckets:
            delay = bucket.delay(now, self.policy)
            if delay is None:
                return None, bucket
            if worst[0] is not None and delay > worst[0]:
                worst = (delay, bucket)
        return worst

    async def acquire(self, key: tuple[str, str], request: PreparedRequest) -> Slot:
        """Wait until ``request`` may go, then take its slot.

        Raises:
            RateLimited: The policy is ``"raise"`` and the budget is spent, or the wait
                would exceed ``max_wait``. Nothing was sent.
        """
        buckets = self.buckets_for(key, request)
        endpoint = f"{request.method} {request.path}"
        while True:
            now = self.clock()
            delay, bucket = self._delay(buckets, now)
            if delay == 0.0 and self._in_flight < self.max_concurrency:
                for each in buckets:
                    each.take(now)
                self._in_flight += 1
                return Slot(buckets, request, now)
            if delay is None or delay == 0.0:
                # Wait for an answer: the limit is not known yet, or the cap is reached.
                await self._until_changed()
                continue
            reset_at = as_datetime(now + delay)
            if self.policy == "raise" or (self.max_wait is not None and delay > self.max_wait):
                why = (
                    "the policy is raise"
                    if self.policy == "raise"
                    else f"max_wait is {self.max_wait:g} s"
                )
                raise RateLimited(
                    429,
                    f"not sent: the {bucket.name} budget is spent for {delay:.1f} s ({why})",
                    method=request.method,
                    path=request.path,
                    reset_at=reset_at,
                )
            self._emit(
                SchedulerEvent("wait", endpoint, delay, "rate-limit budget", bucket=bucket.name)
            )
            await self.sleep(delay)

    def release(self, slot: Slot, response: RawResponse | None) -> None:
        """Give the slot back, learning from the answer's headers (``None``: no answer)."""
        if not slot.open:
            return
        slot.open = False
        now = self.clock()
        observed = read_rate_limit(response.headers, now) if response is not None else None
        owner = self._owner(slot.buckets, observed.limit if observed is not None else None)
        for bucket in slot.buckets:
            bucket.settle(observed if bucket is owner else None, now)
        main = slot.buckets[0]
        if response is not None and not main.known and not (observed and observed.usable):
            main.silent = True  # this server sends no rate-limit headers: nothing to plan by
        if response is not None and response.status == 429:
            until = self.reset_of(response)
            if until is None:
                until = now + self.backoff_cap  # a 429 that says nothing of when: be patient
            elif until <= now:
                until = now + 1.0  # a reset just passed (or clocks disagree): a moment
            until += self.random() * _JITTER
            owner.exhaust(until)
            self._emit(
                SchedulerEvent(
                    "rate_limited",
                    f"{slot.request.method} {slot.request.path}",
                    until - now,
                    "the server answered 429",
                    bucket=owner.name,
                )
            )
        self._in_flight -= 1
        self._notify()

    def reset_of(self, response: RawResponse) -> float | None:
        """When a (429) answer says its budget refills, on the local clock, if it says."""
        now = self.clock()
        reset = read_rate_limit(response.headers, now).reset_at
        retry_at = parse_retry_after(response.headers.get("Retry-After"), now)
        if retry_at is not None:
            reset = max(reset or 0.0, retry_at)
        return reset

    @staticmethod
    def _owner(buckets: tuple[Bucket, ...], limit: int | None) -> Bucket:
        """Which bucket an answer's headers describe.

        Mastodon reports the limit nearest to running out. For a request that also spends
        a sub-bucket, a limit other than the account's known one is the sub-bucket's; while
        the account's is unknown, the sub-bucket's known (or documented) limit decides.
        """
        main = buckets[0]
        if limit is None or len(buckets) == 1:
            return main
        sub = buckets[1]
        if main.limit is not None:
            return sub if limit != main.limit else main
        expected = sub.limit if sub.limit is not None else DEFAULT_LIMITS[sub.name][1]
        return sub if limit == expected else main

    # --- retries -----------------------------------------------------------------------

    def retry_delay(
        self,
        request: PreparedRequest,
        attempt: int,
        *,
        error: TransportError | None = None,
        response: RawResponse | None = None,
    ) -> float | None:
        """Seconds to wait before retry number ``attempt + 1``, or ``None``: do not retry.

        A 429 needs no delay here: its bucket is blocked until the reset, and the next
        ``acquire`` waits (or raises, per the policy).
        """
        if attempt >= self.retries:
            return None
        if response is not None and response.status == 429:
            return None if self.policy == "raise" else 0.0
        if error is not None:
            retry = retryable_error(request, error)
        elif response is not None:
            retry = retryable_status(request, response.status)
        else:
            retry = False
        if not retry:
            return None
        return full_jitter(
            attempt, base=self.backoff_base, cap=self.backoff_cap, random=self.random
        )

    # --- observation -------------------------------------------------------------------

    def _emit(self, event: SchedulerEvent) -> None:
        log.debug(
            "%s %s: %.2f s (%s)%s",
            event.kind,
            event.endpoint,
            event.delay,
            event.reason,
            f", retry {event.attempt}" if event.attempt else "",
        )
        if self.on_event is not None:
            self.on_event(event)

    def emit_retry(self, request: PreparedRequest, delay: float, attempt: int, reason: str) -> None:
        """Report a retry about to happen."""
        self._emit(
            SchedulerEvent("retry", f"{request.method} {request.path}", delay, reason, attempt)
        )
