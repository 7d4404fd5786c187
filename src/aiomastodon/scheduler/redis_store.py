"""One rate budget for many processes and machines, kept in Redis (``aiomastodon[redis]``).

```python
scheduler = Scheduler(store="redis://127.0.0.1:6379/0")
client = Client(url, access_token=token, rate_limit_store="redis://127.0.0.1:6379/0")
```

Design (see ``docs/ratelimits-redis.md``):

- **Keys.** Per bucket a hash and a sorted set of leases,
  ``{prefix}:{host|id}:{bucket}`` and ``...:leases``, and one pub/sub channel per host and
  token, ``{prefix}:{host|id}:changed``. ``id`` is an HMAC-SHA256 of the scheduler's token
  digest keyed with the prefix, so neither the token nor any plain hash of it is written.
  The braces are a Redis Cluster hash tag: a request's buckets share one slot.
- **Atomic.** Reserve and settle are one Lua script each (:mod:`.redis_scripts`), sent
  by EVALSHA (loaded again on NOSCRIPT). No read-modify-write spans two round trips.
- **Leases.** A reservation is a lease that expires after ``lease_ttl`` seconds; the
  scripts drop expired ones and count them as spent. A process killed in mid-request
  gives its places back within ``lease_ttl`` and never leaks budget.
- **Clock.** Redis's ``TIME``: one clock for every machine. What a process learnt on its
  own clock (the reset, already corrected for the server's ``Date``) travels as seconds
  from its ``now``.
- **Waking.** Every settle publishes on the key's channel; a process waiting for an
  answer wakes on it, and in any case looks again within ``poll`` seconds (pub/sub may
  drop a message).
- **Failure.** Every call has a timeout; an unreachable Redis raises
  :class:`~aiomastodon.errors.RateLimitStoreError`, or, with ``fallback=True``, logs one
  warning and spends a budget of this process's own until Redis answers again.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import itertools
import logging
import secrets
import time
from collections.abc import Callable
from typing import Any

import redis.asyncio as aioredis
from redis.asyncio.client import PubSub
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from yarl import URL

from .._sansio.ratelimit import RateLimitHeaders, as_datetime
from ..errors import RateLimitStoreError
from .bucket import Bucket, BucketState, Policy
from .redis_scripts import RESERVE, SETTLE
from .store import DEFAULT_LIMITS, BucketKey, Denied, Lease, MemoryStore, main_bucket, window_of

__all__ = ["RedisStore"]

log = logging.getLogger("aiomastodon.scheduler")

_KEY_MARGIN = 60.0  # seconds a bucket's keys outlive its window and leases
_FAILURES = (RedisError, OSError, asyncio.TimeoutError)


class _Layout:
    """The names and fixed script arguments of one (key, sub-bucket), computed once."""

    __slots__ = ("channel", "keys", "names", "reserve_tail", "settle_tail", "sub_limit")

    def __init__(self, tag: str, names: tuple[str, ...], lease_ttl: float) -> None:
        self.names = names
        self.keys: list[str] = []
        tail: list[str] = []
        for name in names:
            window = window_of(name)
            self.keys += [f"{tag}:{name}", f"{tag}:{name}:leases"]
            tail += [repr(window), str(int((max(2 * window, lease_ttl) + _KEY_MARGIN) * 1000))]
        self.reserve_tail = tail
        self.settle_tail = tail
        self.channel = f"{tag}:changed"
        self.sub_limit = str(DEFAULT_LIMITS[names[1]][1]) if len(names) > 1 else ""


class RedisStore:
    """Rate-limit budgets in Redis, shared by every process that uses the same prefix.

    Args:
        url: ``redis://[[user]:password@]host[:port][/db]``, ``rediss://...`` (TLS) or
            ``unix:///path/to/redis.sock``; or a ``redis.asyncio.Redis`` client you made
            (give it socket timeouts; the store never closes it).
        prefix: The first part of every key and channel: one per deployment sharing a
            Redis. Budgets are shared by stores with the same prefix.
        lease_ttl: Seconds a request in flight holds its place. Longer than your longest
            request (the client's ``timeout``, 30 s by default, plus a margin); a process
            killed mid-request gives its places back after this long.
        timeout: Seconds allowed for connecting to Redis and for each reply.
        poll: A process waiting for another's answer looks again at least this often.
        fallback: When Redis cannot be reached: ``False`` (default) raises
            :class:`~aiomastodon.errors.RateLimitStoreError`; ``True`` logs one warning
            and uses a budget of this process's own (as if there were no Redis) until
            Redis answers again, asked at most every ``retry_interval`` seconds.
        retry_interval: See ``fallback``.
        clock: Epoch seconds to use instead of Redis's ``TIME`` (for tests only: every
            process sharing the store must then share this clock).
    """

    def __init__(
        self,
        url: str | aioredis.Redis,
        *,
        prefix: str = "aiomastodon",
        lease_ttl: float = 60.0,
        timeout: float = 2.0,
        poll: float = 0.5,
        fallback: bool = False,
        retry_interval: float = 30.0,
        clock: Callable[[], float] | None = None,
    ) -> None:
        if lease_ttl <= 0 or timeout <= 0 or poll <= 0:
            raise ValueError("lease_ttl, timeout and poll must be positive")
        if not prefix or any(c in prefix for c in "{}"):
            raise ValueError("prefix must be non-empty and free of braces")
        if isinstance(url, str):
            self._redis = aioredis.Redis.from_url(
                url,
                socket_timeout=timeout,
                socket_connect_timeout=timeout,
                retry=Retry(NoBackoff(), 0),
            )
            self._owns_client = True
            where = URL(url)
            self._where = f"{where.scheme}://{where.host or ''}" + (
                f":{where.port}" if where.port else ""
            )
            if where.scheme == "unix":
                self._where = f"unix://{where.path}"
        else:
            self._redis = url
            self._owns_client = False
            self._where = "the given Redis client"
        self.prefix = prefix
        self.lease_ttl = lease_ttl
        self.timeout = timeout
        self.poll = poll
        self.fallback = fallback
        self.retry_interval = retry_interval
        self._clock = clock
        self._ttl_arg = repr(lease_ttl)
        self._reserve = self._redis.register_script(RESERVE)
        self._settle = self._redis.register_script(SETTLE)
        self._id = secrets.token_hex(8)  # this store's name on the channel and in lease ids
        self._leases = itertools.count()
        self._layouts: dict[tuple[BucketKey, str | None], _Layout] = {}
        # (key, bucket) -> (seq, state): the newest the scripts have told.
        self._states: dict[tuple[BucketKey, str], tuple[int, BucketState]] = {}
        self._local = MemoryStore()
        self._local_leases: dict[str, tuple[Bucket, ...]] = {}
        self._down_until: float | None = None  # monotonic: Redis failed; local until then
        self._watchers: dict[str, list[Callable[[], None]]] = {}
        self._listener: asyncio.Task[None] | None = None
        self._pubsub: PubSub | None = None
        self._background: set[asyncio.Task[None]] = set()
        self._closed = False

    def __repr__(self) -> str:
        return f"RedisStore({self._where!r}, prefix={self.prefix!r})"

    # --- names -----------------------------------------------------------------------

    def _tag(self, key: BucketKey) -> str:
        host, digest = key
        name = hmac.new(self.prefix.encode(), digest.encode(), hashlib.sha256).hexdigest()[:32]
        return f"{self.prefix}:{{{host}|{name if digest else 'anonymous'}}}"

    def _layout(self, key: BucketKey, sub: str | None) -> _Layout:
        layout = self._layouts.get((key, sub))
        if layout is None:
            main = main_bucket(key)
            names = (main,) if sub is None else (main, sub)
            layout = self._layouts[(key, sub)] = _Layout(self._tag(key), names, self.lease_ttl)
        return layout

    def _now_arg(self) -> str:
        return "" if self._clock is None else repr(self._clock())

    # --- failures --------------------------------------------------------------------

    def _failed(self, exc: BaseException) -> RateLimitStoreError:
        return RateLimitStoreError(
            f"the rate-limit store ({self._where}) did not answer: {type(exc).__name__}: {exc}"
        )

    def _local_now(self) -> bool:
        """Whether to use the local budget now (``fallback``, and Redis was down lately)."""
        return self._down_until is not None and time.monotonic() < self._down_until

    def _went_down(self, exc: BaseException) -> None:
        if self._down_until is None:
            log.warning(
                "%s; using a rate-limit budget of this process's own until it answers again",
                self._failed(exc),
            )
        self._down_until = time.monotonic() + self.retry_interval

    def _came_back(self) -> None:
        if self._down_until is not None:
            self._down_until = None
            log.warning("the rate-limit store (%s) answers again: budget shared", self._where)

    # --- reserve and settle ----------------------------------------------------------

    async def reserve(
        self, key: BucketKey, sub: str | None, policy: Policy, now: float
    ) -> Lease | Denied:
        """As :meth:`~aiomastodon.scheduler.store.RateLimitStore.reserve`."""
        if self._local_now():
            return self._reserve_locally(key, sub, policy, now)
        layout = self._layout(key, sub)
        lease_id = f"{self._id}:{next(self._leases)}"
        try:
            reply = await self._reserve(
                keys=layout.keys,
                args=[self._now_arg(), policy, lease_id, self._ttl_arg, *layout.reserve_tail],
            )
        except _FAILURES as exc:
            if not self.fallback:
                raise self._failed(exc) from None
            self._went_down(exc)
            return self._reserve_locally(key, sub, policy, now)
        self._came_back()
        self._remember(key, layout.names, reply, 4, now)
        delay, which = reply[0], layout.names[int(reply[1]) - 1]
        if delay == b"":
            return Lease(key, layout.names, reply[3].decode())
        if delay is None:
            first = reply[2]
            recheck = self.poll if first is None else min(self.poll, float(first))
            return Denied(None, which, recheck)
        return Denied(float(delay), which)

    def _reserve_locally(
        self, key: BucketKey, sub: str | None, policy: Policy, now: float
    ) -> Lease | Denied:
        granted = self._local.reserve(key, sub, policy, now)
        if isinstance(granted, Denied):
            return granted
        lease = Lease(key, tuple(b.name for b in granted), f"local:{next(self._leases)}")
        self._local_leases[lease.id] = granted
        return lease

    async def settle(
        self,
        lease: Lease,
        observed: RateLimitHeaders | None,
        answered: bool,
        blocked_until: float | None,
        now: float,
    ) -> str:
        """As :meth:`~aiomastodon.scheduler.store.RateLimitStore.settle`."""
        local = self._local_leases.pop(lease.id, None)
        if local is not None:
            return self._local.settle(local, observed, answered, blocked_until, now)
        mode = "answer" if answered else "none"
        return await self._run_settle(lease, mode, observed, blocked_until, now)

    async def cancel(self, lease: Lease) -> None:
        """As :meth:`~aiomastodon.scheduler.store.RateLimitStore.cancel`."""
        local = self._local_leases.pop(lease.id, None)
        if local is not None:
            self._local.cancel(local)
            return
        with contextlib.suppress(RateLimitStoreError):  # the lease runs out by itself
            await self._run_settle(lease, "cancel", None, None, time.time())

    async def _run_settle(
        self,
        lease: Lease,
        mode: str,
        observed: RateLimitHeaders | None,
        blocked_until: float | None,
        now: float,
    ) -> str:
        layout = self._layout(lease.key, lease.names[1] if len(lease.names) > 1 else None)
        limit = remaining = reset = ""
        if observed is not None:
            limit = "" if observed.limit is None else str(observed.limit)
            remaining = "" if observed.remaining is None else str(observed.remaining)
            reset = "" if observed.reset_at is None else repr(observed.reset_at - now)
        blocked = "" if blocked_until is None else repr(blocked_until - now)
        try:
            reply = await self._settle(
                keys=layout.keys,
                args=[
                    self._now_arg(),
                    lease.id,
                    mode,
                    limit,
                    remaining,
                    reset,
                    blocked,
                    layout.sub_limit,
                    layout.channel,
                    self._id,
                    *layout.settle_tail,
                ],
            )
        except _FAILURES as exc:
            raise self._failed(exc) from None
        self._remember(lease.key, layout.names, reply, 1, now)
        return layout.names[int(reply[0]) - 1]

    # --- snapshots -------------------------------------------------------------------

    def _remember(
        self, key: BucketKey, names: tuple[str, ...], reply: list[Any], at: int, now: float
    ) -> None:
        """Keep the snapshots a script replied with, when newer than those we have."""
        for index, name in enumerate(names):
            base = at + 5 * index
            if base + 5 > len(reply):
                break  # the script stopped at an earlier bucket, and left this one alone
            limit, remaining, reset, in_flight, seq = reply[base : base + 5]
            seq = int(seq)
            known = self._states.get((key, name))
            if known is not None and known[0] >= seq:
                continue
            self._states[(key, name)] = (
                seq,
                BucketState(
                    name=name,
                    limit=None if limit is None else int(limit),
                    remaining=None if remaining is None else int(remaining),
                    reset_at=None if reset is None else as_datetime(now + float(reset)),
                    in_flight=int(in_flight),
                ),
            )

    def state(self, key: BucketKey) -> list[BucketState]:
        """As :meth:`~aiomastodon.scheduler.store.RateLimitStore.state`."""
        if self._local_now():
            return self._local.state(key)
        return [state for (k, _name), (_seq, state) in self._states.items() if k == key]

    # --- waking ----------------------------------------------------------------------

    def watch(self, key: BucketKey, wake: Callable[[], None]) -> None:
        """As :meth:`~aiomastodon.scheduler.store.RateLimitStore.watch`."""
        channel = self._layout(key, None).channel
        fresh = channel not in self._watchers
        self._watchers.setdefault(channel, []).append(wake)
        if self._closed:
            return
        if self._listener is None or self._listener.done():
            self._listener = asyncio.ensure_future(self._listen())
        elif fresh and self._pubsub is not None:
            task = asyncio.ensure_future(self._subscribe(self._pubsub, channel))
            self._background.add(task)
            task.add_done_callback(self._background.discard)

    async def _subscribe(self, pubsub: PubSub, *channels: str) -> None:
        with contextlib.suppress(*_FAILURES):  # the listener reconnects and subscribes all
            await pubsub.subscribe(*channels)

    def _wake_all(self) -> None:
        for wakes in self._watchers.values():
            for wake in wakes:
                wake()

    async def _listen(self) -> None:
        """Wake the watchers of each channel another process publishes on; reconnect."""
        while not self._closed:
            pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
            self._pubsub = pubsub
            try:
                await pubsub.subscribe(*self._watchers)
                while not self._closed:
                    message = await pubsub.get_message(timeout=self.poll)
                    if message is None or message.get("type") != "message":
                        continue
                    if message.get("data") == self._id.encode():
                        continue  # our own settle: this process knows already
                    channel = message.get("channel", b"").decode()
                    for wake in self._watchers.get(channel, ()):
                        wake()
            except _FAILURES as exc:
                log.debug("rate-limit store channel lost (%s); waiting processes poll", exc)
                self._wake_all()
                await asyncio.sleep(self.poll)
            finally:
                self._pubsub = None
                with contextlib.suppress(*_FAILURES):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]

    async def aclose(self) -> None:
        """Stop listening, and close the connections (unless the client was given)."""
        self._closed = True
        for task in (self._listener, *self._background):
            if task is not None and not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, *_FAILURES):
                    await task
        if self._owns_client:
            with contextlib.suppress(*_FAILURES):
                await self._redis.aclose()
