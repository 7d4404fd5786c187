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
- The budgets live in a **store** (``store``): in memory by default, or shared
  between processes (Redis, ``redis_store``). The scheduler keeps what is per
  process: the concurrency cap, the waiting, the events, the retries.
- Time is injected: ``clock()`` (epoch seconds) and ``sleep(seconds)``; tests run in
  virtual time.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import logging
import random as _random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from types import TracebackType

import msgspec

from .._sansio.ratelimit import (
    RateLimitHeaders,
    as_datetime,
    parse_retry_after,
    read_rate_limit,
)
from .._sansio.request import PreparedRequest
from .._sansio.response import RawResponse
from ..errors import MastodonError, RateLimited, RateLimitStoreError, TransportError
from .backoff import full_jitter
from .bucket import Bucket, BucketState, Policy
from .retry import retryable_error, retryable_status
from .store import (
    DEFAULT_LIMITS,
    STORE_SCHEMES,
    BucketKey,
    Denied,
    Lease,
    MemoryStore,
    RateLimitStore,
)

__all__ = ["DEFAULT_LIMITS", "DEFAULT_MAX_WAIT", "Scheduler", "SchedulerEvent", "Slot", "token_key"]

log = logging.getLogger("aiomastodon.scheduler")

_JITTER = 1.0  # seconds of jitter after a reset, so waiting tasks do not all wake at once

DEFAULT_MAX_WAIT = 35 * 60.0
"""The longest a request waits for its budget by default, in seconds: 35 minutes.

Mastodon's longest window is 30 minutes (media uploads, deleting statuses), its
account window 5 minutes; a reset or ``Retry-After`` within them is honoured in full.
The 5 minutes beyond cover what moves a reset later without a longer window: the
server's clock read through ``Date`` (cut to the second), the jitter after a reset, and
operators who lengthened a window a little. A server asking for longer (a day, say)
is misconfigured or hostile, and a default client must not sleep on its word:
``RateLimited`` is raised at once, with the time (``reset_at``) in it. Pass
``max_wait=None`` to wait however long the server says.
"""


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


class Slot(msgspec.Struct):
    """The right to send one request: its place in the store's buckets, taken at ``sent_at``.

    A ``msgspec.Struct``, as ``PreparedRequest``: one is made for every request.
    """

    lease: tuple[Bucket, ...] | Lease
    request: PreparedRequest
    sent_at: float
    open: bool = True


def token_key(host: str, token: str | None) -> BucketKey:
    """The bucket key of a (host, token): the token only as a digest, never in clear.

    128 bits of SHA-256: two tokens never share a budget by accident. Stores see only
    this key (a shared store derives its own names from it; see ``redis_store``).
    """
    digest = hashlib.sha256(token.encode()).hexdigest()[:32] if token else ""
    return host, digest


class Scheduler:
    """Rate-limit buckets, pacing, backoff and retry decisions for one or more clients.

    Args:
        policy: ``"wait"`` (default), ``"pace"`` or ``"raise"``; see ``Policy``.
        max_wait: Raise [`RateLimited`][aiomastodon.errors.RateLimited] rather than wait longer than
            this many seconds for a budget: for a reset, a ``Retry-After`` or a pacing
            turn. 35 minutes by default (``DEFAULT_MAX_WAIT``: Mastodon's longest window
            is 30 minutes, plus room for clock skew); ``None``: no bound.
        max_concurrency: Requests in flight at once, across every task.
        retries: How many times one call is retried after transient failures and 429s.
        backoff_base: The first backoff's upper bound, in seconds; it doubles per retry.
        backoff_cap: The largest backoff, in seconds.
        clock: The current time in epoch seconds (injected for tests).
        sleep: Waits that many seconds (injected for tests).
        random: A float in [0, 1) for jitter (injected for tests).
        on_event: Called with a ``SchedulerEvent`` whenever the scheduler waits or
            retries.
        store: Where the budgets live. ``None``: in this process (a
            ``aiomastodon.scheduler.store.MemoryStore``). A URL
            (``"redis://host:6379/0"``): shared with every process using the same Redis
            (needs ``aiomastodon[redis]``); the scheduler closes it in ``aclose``.
            Or a store object (``MemoryStore``, ``RedisStore``), which its owner closes.
    """

    def __init__(
        self,
        *,
        policy: Policy = "wait",
        max_wait: float | None = DEFAULT_MAX_WAIT,
        max_concurrency: int = 16,
        retries: int = 3,
        backoff_base: float = 0.5,
        backoff_cap: float = 30.0,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        random: Callable[[], float] = _random.random,
        on_event: Callable[[SchedulerEvent], None] | None = None,
        store: MemoryStore | RateLimitStore | str | None = None,
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
        self._owns_store = isinstance(store, str)
        if store is None:
            store = MemoryStore()
        elif isinstance(store, str):
            store = open_store(store)
        # The in-memory store is called directly (no await on the default road); any
        # other store is shared, and its calls return awaitables.
        self._memory: MemoryStore | None = store if isinstance(store, MemoryStore) else None
        self._shared: RateLimitStore | None = None if isinstance(store, MemoryStore) else store
        self.store: MemoryStore | RateLimitStore = store
        self._in_flight = 0
        self._changed: asyncio.Event | None = None
        self._settling: set[asyncio.Future[str]] = set()
        self._watched: set[BucketKey] = set()

    def __repr__(self) -> str:
        return f"Scheduler(policy={self.policy!r}, store={self.store!r})"

    async def __aenter__(self) -> Scheduler:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Finish settling answers with a shared store, and close it if it was given as a URL."""
        if self._settling:
            await asyncio.wait(tuple(self._settling))
        if self._owns_store and self._shared is not None:
            await self._shared.aclose()

    # --- buckets -------------------------------------------------------------------------

    def state(self, key: BucketKey | None = None) -> list[BucketState]:
        """Snapshots of the buckets (of one key, or all), for inspection.

        With a shared store, they are as the last reply from it said (no round trip);
        ``in_flight`` then counts every process's requests.
        """
        if self._memory is not None:
            return self._memory.state(key)
        assert self._shared is not None
        return [] if key is None else self._shared.state(key)

    # --- slots -----------------------------------------------------------------------------

    def _notify(self) -> None:
        if self._changed is not None:
            self._changed.set()
            self._changed = None

    async def _until_changed(self) -> None:
        if self._changed is None:
            self._changed = asyncio.Event()
        await self._changed.wait()

    async def acquire(self, key: BucketKey, request: PreparedRequest) -> Slot:
        """Wait until ``request`` may go, then take its slot.

        Raises:
            RateLimited: The policy is ``"raise"`` and the budget is spent, or the wait
                would exceed ``max_wait``. Nothing was sent.
            RateLimitStoreError: A shared store could not be reached. Nothing was sent.
        """
        sub = request.route.bucket if request.route is not None else None
        memory = self._memory
        while True:
            if self._in_flight >= self.max_concurrency:
                await self._until_changed()
                continue
            now = self.clock()
            # The cap's place is taken before a shared store is asked, so that tasks
            # waiting for its answer cannot together pass the cap.
            self._in_flight += 1
            granted: tuple[Bucket, ...] | Lease | Denied
            try:
                if memory is not None:
                    granted = memory.reserve(key, sub, self.policy, now)
                else:
                    granted = await self._reserve_shared(key, sub, now, request)
            except BaseException:
                # A store error, or the task cancelled while a shared store answers: the
                # cap's place goes back, and a waiter may take it.
                self._in_flight -= 1
                self._notify()
                raise
            if not isinstance(granted, Denied):
                return Slot(granted, request, now)
            self._in_flight -= 1
            delay = granted.delay
            if delay is None or delay == 0.0:
                # Wait for an answer: the limit is not known yet, or the cap is reached.
                await self._wait_for_news(granted.recheck)
                continue
            if self.policy == "raise" or (self.max_wait is not None and delay > self.max_wait):
                raise self._refused(request, granted.bucket, now, delay)
            self._emit(
                SchedulerEvent(
                    "wait",
                    f"{request.method} {request.path}",
                    delay,
                    "rate-limit budget",
                    bucket=granted.bucket,
                )
            )
            await self.sleep(delay)

    def _refused(
        self, request: PreparedRequest, bucket: str, now: float, delay: float
    ) -> RateLimited:
        """The error for a request not sent, because its wait is not allowed."""
        why = (
            "the policy is raise" if self.policy == "raise" else f"max_wait is {self.max_wait:g} s"
        )
        reset_at = as_datetime(now + delay)
        until = f"until {reset_at:%Y-%m-%dT%H:%M:%SZ}, " if reset_at is not None else ""
        return RateLimited(
            429,
            f"not sent: the {bucket} budget is spent {until}for {delay:.1f} s ({why})",
            method=request.method,
            path=request.path,
            reset_at=reset_at,
        )

    async def _reserve_shared(
        self, key: BucketKey, sub: str | None, now: float, request: PreparedRequest
    ) -> Lease | Denied:
        """Ask the shared store (which has this process's earlier settles, in order)."""
        store = self._shared
        assert store is not None
        try:
            if key not in self._watched:
                self._watched.add(key)
                await store.watch(key, self._notify)
            return await store.reserve(key, sub, self.policy, now)
        except MastodonError as exc:
            if not exc.method:
                exc.method, exc.path = request.method, request.path
            raise

    async def _wait_for_news(self, recheck: float | None) -> None:
        """Until an answer comes (here, or in another process when ``recheck`` is set)."""
        if recheck is None:
            await self._until_changed()
            return
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._until_changed(), max(recheck, 0.001))

    def release(self, slot: Slot, response: RawResponse | None) -> None:
        """Give the slot back, learning from the answer's headers (``None``: no answer).

        The slot's place under the concurrency cap and in every bucket is given back
        whatever happens here: headers no parser foresaw are learnt nothing from (logged),
        and a shared store that fails to take the settle has its lease cancelled (or
        left to run out). Only an ``on_event`` hook's own exception propagates, after the
        bookkeeping is done.
        """
        if not slot.open:
            return
        slot.open = False
        try:
            now = self.clock()
            observed: RateLimitHeaders | None = None
            until: float | None = None
            if response is not None:
                try:
                    observed = read_rate_limit(response.headers, now)
                    if response.status == 429:
                        until = self._blocked_until(response, now)
                except Exception as exc:
                    # The parsers never raise; should one be caught out, an answer's
                    # headers are only advice: keep the slot's bookkeeping whole.
                    log.debug(
                        "%s %s: rate-limit headers not read (%r)",
                        slot.request.method,
                        slot.request.path,
                        exc,
                    )
                    observed = None
                    if response.status == 429:
                        until = now + self.backoff_cap
            lease = slot.lease
            if isinstance(lease, tuple):
                memory = self._memory
                assert memory is not None
                try:
                    owner = memory.settle(
                        lease, observed, response is not None, until, now, slot.sent_at
                    )
                except Exception:
                    # Plain arithmetic that should not fail; if it does, the places go
                    # back (spending nothing) rather than stay taken for good.
                    log.exception(
                        "%s %s: answer not recorded", slot.request.method, slot.request.path
                    )
                    memory.cancel(lease)
                else:
                    if until is not None:
                        self._emit_rate_limited(slot.request, until - now, owner)
            else:
                self._settle_shared(slot, lease, observed, response is not None, until, now)
        finally:
            self._in_flight -= 1
            changed = self._changed
            if changed is not None:  # as _notify, without the call: this runs per request
                self._changed = None
                changed.set()

    def _settle_shared(
        self,
        slot: Slot,
        lease: Lease,
        observed: RateLimitHeaders | None,
        answered: bool,
        until: float | None,
        now: float,
    ) -> None:
        store = self._shared
        assert store is not None
        # The store sends the settle now, ahead of this process's next reservation;
        # the caller has its answer already and does not wait for it.
        try:
            settled = asyncio.ensure_future(store.settle(lease, observed, answered, until, now))
        except Exception as exc:
            log.debug(
                "%s %s: answer not recorded (%s)", slot.request.method, slot.request.path, exc
            )
            with contextlib.suppress(Exception):
                store.cancel(lease)  # if this fails too, the lease runs out by itself
            if until is not None:
                self._emit_rate_limited(slot.request, until - now, lease.names[0])
            return
        self._settling.add(settled)
        settled.add_done_callback(
            functools.partial(self._settled, slot.request, lease.names[0], until, now)
        )

    def _settled(
        self,
        request: PreparedRequest,
        main: str,
        until: float | None,
        now: float,
        settled: asyncio.Future[str],
    ) -> None:
        self._settling.discard(settled)
        self._notify()
        if settled.cancelled():
            return
        error = settled.exception()
        if error is not None:
            # The lease runs out by itself; the next answer carries the same news.
            log.debug("%s %s: answer not recorded (%s)", request.method, request.path, error)
        if until is not None:
            self._emit_rate_limited(request, until - now, main if error else settled.result())

    def _blocked_until(self, response: RawResponse, now: float) -> float:
        """Until when a 429 blocks its bucket, on the local clock, with jitter."""
        until = self.reset_of(response)
        if until is None:
            until = now + self.backoff_cap  # a 429 that says nothing of when: be patient
        elif until <= now:
            until = now + 1.0  # a reset just passed (or clocks disagree): a moment
        return until + self.random() * _JITTER

    def _emit_rate_limited(self, request: PreparedRequest, delay: float, bucket: str) -> None:
        self._emit(
            SchedulerEvent(
                "rate_limited",
                f"{request.method} {request.path}",
                delay,
                "the server answered 429",
                bucket=bucket,
            )
        )

    def reset_of(self, response: RawResponse) -> float | None:
        """When a (429) answer says its budget refills, on the local clock, if it says."""
        now = self.clock()
        reset = read_rate_limit(response.headers, now).reset_at
        retry_at = parse_retry_after(response.headers.get("Retry-After"), now)
        if retry_at is not None:
            reset = max(reset or 0.0, retry_at)
        return reset

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


def open_store(url: str) -> RateLimitStore:
    """A shared store from its URL: ``redis://``, ``rediss://`` or ``unix://`` (Redis).

    Raises:
        ValueError: Not a URL of a store this package knows.
        RateLimitStoreError: The Redis store needs redis-py (``aiomastodon[redis]``).
    """
    scheme = url.partition("://")[0].lower() if "://" in url else ""
    if scheme not in STORE_SCHEMES:
        raise ValueError(
            "rate_limit_store: give a redis://, rediss:// or unix:// URL, or a store object"
        )
    try:
        # redis-py is an optional dependency; the store module imports this package's store.
        from .redis_store import RedisStore
    except ImportError as exc:
        raise RateLimitStoreError(
            "a redis:// rate-limit store needs redis-py: pip install 'aiomastodon[redis]'"
        ) from exc
    return RedisStore(url)
