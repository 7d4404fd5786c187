"""Where the rate-limit budgets live: the store protocol, and the in-memory store.

The scheduler keeps what belongs to one process (the concurrency cap, the waiting, the
events, the retry decisions); a store keeps the budgets. A store does two things per
request, each as one step: **reserve** (decide whether the request may go now, for all
of its buckets at once, and if so take its place in them) and **settle** (give the place
back and learn from the answer's headers, or from its 429).

- ``MemoryStore`` (the default) keeps them in the process, as ``Bucket``
  objects. The scheduler calls it synchronously: the default road has no ``await`` and no
  allocation it does not need.
- A shared store (``RateLimitStore``, e.g. ``aiomastodon.scheduler.redis_store.RedisStore``)
  keeps them where several processes see them; its calls are coroutines.

Times the caller passes are on the caller's clock, with ``now`` read from it; a store that
keeps a clock of its own (Redis) turns them into durations from ``now``. Delays a store
returns are durations.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from .._sansio.ratelimit import RateLimitHeaders
from .bucket import Bucket, BucketState, Policy

__all__ = [
    "DEFAULT_LIMITS",
    "STORE_SCHEMES",
    "BucketKey",
    "Denied",
    "Lease",
    "MemoryStore",
    "RateLimitStore",
    "main_bucket",
]

BucketKey = tuple[str, str]
"""(host, token digest): whose budgets. The token itself never reaches a store."""

# (window seconds, limit) of each bucket, as Mastodon ships them (operators may change them).
DEFAULT_LIMITS: dict[str, tuple[float, int]] = {
    "account": (300.0, 300),
    "ip": (300.0, 300),
    "media": (1800.0, 30),
    "status_delete": (1800.0, 30),
}


def main_bucket(key: BucketKey) -> str:
    """The account-wide bucket of a key: ``"account"`` with a token, ``"ip"`` without."""
    return "account" if key[1] else "ip"


def window_of(name: str) -> float:
    """The documented window of a bucket, in seconds (until the server says more)."""
    return DEFAULT_LIMITS.get(name, (300.0, 300))[0]


@dataclass(frozen=True, slots=True)
class Denied:
    """Not now: the answer of ``reserve`` when the request may not go yet.

    Attributes:
        delay: Seconds until it may; ``None``: until a request in flight is answered.
        bucket: The bucket that said no.
        recheck: For ``delay=None`` from a shared store: look again within this many
            seconds even if no news came (an answer in another process, a lease that
            expires). ``None``: news always comes through ``watch`` or this process.
    """

    delay: float | None
    bucket: str
    recheck: float | None = None


@dataclass(frozen=True, slots=True)
class Lease:
    """A place in a shared store's buckets, held by one request in flight until settled.

    Attributes:
        key: Whose buckets.
        names: The buckets it holds a place in, the account's (or IP's) first.
        id: The store's name for it.
    """

    key: BucketKey
    names: tuple[str, ...]
    id: str


class RateLimitStore(Protocol):
    """Budgets shared between processes. Implemented by ``RedisStore``.

    ``reserve`` and ``settle`` start their work when called (the awaitable only
    delivers the outcome), and a store applies one process's calls in the order they
    were made: a reservation sees every settle made before it, as in one process. When
    the shared engine cannot be reached within a bounded time, the awaitables raise
    ``aiomastodon.errors.RateLimitStoreError``. A crashed process's places must
    come back by themselves (leases that expire).
    """

    def reserve(
        self, key: BucketKey, sub: str | None, policy: Policy, now: float
    ) -> Awaitable[Lease | Denied]:
        """Decide, and if the request may go, take its place in every bucket it spends.

        ``sub`` is the route's sub-bucket (``"media"``, ``"status_delete"``) or ``None``.
        If the caller stops waiting before the outcome, a place taken is given back.
        """
        ...

    def settle(
        self,
        lease: Lease,
        observed: RateLimitHeaders | None,
        answered: bool,
        blocked_until: float | None,
        now: float,
    ) -> Awaitable[str]:
        """Give the place back and learn from the answer; the bucket its headers describe.

        ``observed``: its rate-limit headers, read with ``now``. ``answered``: an answer
        came (``False``: the request got none, and counts as spent). ``blocked_until``:
        the answer was a 429, and nothing may go before then.
        """
        ...

    def cancel(self, lease: Lease) -> None:
        """Give the place back, spending nothing: the request was never sent."""
        ...

    def state(self, key: BucketKey) -> list[BucketState]:
        """The buckets of ``key`` as last seen (no round trip), for ``client.rate_limits``."""
        ...

    async def watch(self, key: BucketKey, wake: Callable[[], None]) -> None:
        """Call ``wake`` when another process settles a request of ``key`` (best effort).

        Returns once such news will reach ``wake`` (or the store gave up trying, within
        a bounded time: waiters also look again by themselves); never raises.
        """
        ...

    async def aclose(self) -> None:
        """Close the connections the store opened."""
        ...


def owner_of(buckets: tuple[Bucket, ...], limit: int | None) -> Bucket:
    """Which bucket an answer's headers describe.

    Mastodon reports the limit nearest to running out. For a request that also spends a
    sub-bucket, a limit other than the account's known one is the sub-bucket's; while the
    account's is unknown, the sub-bucket's known (or documented) limit decides.
    """
    main = buckets[0]
    if limit is None or len(buckets) == 1:
        return main
    sub = buckets[1]
    if main.limit is not None:
        return sub if limit != main.limit else main
    expected = sub.limit if sub.limit is not None else DEFAULT_LIMITS[sub.name][1]
    return sub if limit == expected else main


class MemoryStore:
    """The budgets of one process (the default): every task and client using it share them.

    Its methods are plain functions, called without ``await``; a lease is the tuple of
    the buckets a request holds a place in.
    """

    def __init__(self) -> None:
        self._buckets: dict[tuple[str, str, str], Bucket] = {}
        self._sets: dict[tuple[BucketKey, str | None], tuple[Bucket, ...]] = {}

    def __repr__(self) -> str:
        return f"MemoryStore(buckets={len(self._buckets)})"

    def _bucket(self, key: BucketKey, name: str) -> Bucket:
        full = (*key, name)
        bucket = self._buckets.get(full)
        if bucket is None:
            bucket = self._buckets[full] = Bucket(name=name, window=window_of(name))
        return bucket

    def buckets(self, key: BucketKey, sub: str | None) -> tuple[Bucket, ...]:
        """The buckets a request spends: the account's (or IP's), and its sub-bucket."""
        found = self._sets.get((key, sub))
        if found is None:
            main = self._bucket(key, main_bucket(key))
            found = (main,) if sub is None else (main, self._bucket(key, sub))
            self._sets[(key, sub)] = found
        return found

    def reserve(
        self, key: BucketKey, sub: str | None, policy: Policy, now: float
    ) -> tuple[Bucket, ...] | Denied:
        """The request's buckets, each with its place taken; or why not now."""
        buckets = self._sets.get((key, sub)) or self.buckets(key, sub)
        worst = 0.0
        which = buckets[0]
        for bucket in buckets:
            delay = bucket.delay(now, policy)
            if delay is None:
                return Denied(None, bucket.name)
            if delay > worst:
                worst, which = delay, bucket
        if worst:
            return Denied(worst, which.name)
        for bucket in buckets:
            bucket.take(now)
        return buckets

    def settle(
        self,
        lease: tuple[Bucket, ...],
        observed: RateLimitHeaders | None,
        answered: bool,
        blocked_until: float | None,
        now: float,
        sent_at: float | None = None,
    ) -> str:
        """As ``RateLimitStore.settle``; ``sent_at``: when the request was sent."""
        main = lease[0]
        if len(lease) == 1:  # most requests spend the account's budget alone
            owner = main
            main.settle(observed, now, sent_at)
        else:
            owner = owner_of(lease, observed.limit if observed is not None else None)
            for bucket in lease:
                bucket.settle(observed if bucket is owner else None, now, sent_at)
        if (
            answered
            and (main.limit is None or main.remaining is None)  # not main.known, inlined
            and not (observed is not None and observed.usable)
        ):
            main.silent = True  # this server sends no rate-limit headers: nothing to plan by
        if blocked_until is not None:
            owner.exhaust(blocked_until)
        return owner.name

    def cancel(self, lease: tuple[Bucket, ...]) -> None:
        """The request was never sent: give its places back, spending nothing."""
        for bucket in lease:
            bucket.in_flight = max(bucket.in_flight - 1, 0)

    def state(self, key: BucketKey | None = None) -> list[BucketState]:
        """Snapshots of the buckets (of one key, or all)."""
        return [
            bucket.state()
            for (host, token, _name), bucket in self._buckets.items()
            if key is None or (host, token) == key
        ]


STORE_SCHEMES = ("redis", "rediss", "unix")
"""URL schemes ``Scheduler(store=...)`` knows (all Redis)."""
