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
- **Atomic.** Reserve and settle are one Lua script each (``redis_scripts``), sent
  by EVALSHA (loaded again on NOSCRIPT). No read-modify-write spans two round trips.
- **Ordered.** All of a store's script calls travel on one connection, in the order
  they were made, batched: a process's settle always runs before its next reserve, and
  a burst of tasks costs one round trip.
- **Leases.** A reservation is a lease that expires after ``lease_ttl`` seconds; the
  scripts drop expired ones and count them as spent (in the window they were taken in).
  A process killed in mid-request gives its places back within ``lease_ttl``.
- **Clock.** Redis's ``TIME``: one clock for every machine. What a process learnt on its
  own clock (the reset, already corrected for the server's ``Date``) travels as seconds
  from the moment the call is sent.
- **Waking.** Every settle publishes on the key's channel; a process waiting for an
  answer wakes on it, and in any case looks again within ``poll`` seconds (pub/sub may
  drop a message).
- **Failure.** Every call has a timeout; an unreachable Redis raises
  ``aiomastodon.errors.RateLimitStoreError``, or, with ``fallback=True``, logs one
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
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import redis.asyncio as aioredis
from redis.asyncio.client import PubSub
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import NoScriptError, RedisError, ResponseError
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


def _resp(*parts: str) -> bytes:
    """Strings as RESP bulk strings (the elements of a command, without its header).

    Every command here is a fixed-shape array of strings: its fixed parts are encoded
    once per bucket layout, which is most of the cost redis-py's general encoder has.
    """
    out = []
    for part in parts:
        data = part.encode()
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


class _Layout:
    """The names, and the fixed parts of both scripts' commands, of one (key, sub-bucket)."""

    __slots__ = ("channel", "names", "reserve_head", "reserve_tail", "settle_head", "settle_tail")

    def __init__(
        self, tag: str, names: tuple[str, ...], lease_ttl: float, shas: tuple[str, str], me: str
    ) -> None:
        self.names = names
        keys: list[str] = []
        tail: list[str] = []
        for name in names:
            window = window_of(name)
            keys += [f"{tag}:{name}", f"{tag}:{name}:leases"]
            tail += [repr(window), str(int((max(2 * window, lease_ttl) + _KEY_MARGIN) * 1000))]
        self.channel = f"{tag}:changed"
        sub_limit = str(DEFAULT_LIMITS[names[1]][1]) if len(names) > 1 else ""
        reserve, settle = shas
        # RESERVE ARGV: now, policy, lease id, lease ttl | per bucket: window, key ttl
        self.reserve_head = b"*%d\r\n%s" % (
            3 + len(keys) + 4 + len(tail),
            _resp("EVALSHA", reserve, str(len(keys)), *keys),
        )
        self.reserve_tail = _resp(*tail)
        # SETTLE ARGV: now, lease id, mode, limit, remaining, reset, blocked | sub limit,
        # channel, publisher id, per bucket: window, key ttl
        self.settle_head = b"*%d\r\n%s" % (
            3 + len(keys) + 7 + 3 + len(tail),
            _resp("EVALSHA", settle, str(len(keys)), *keys),
        )
        self.settle_tail = _resp(sub_limit, self.channel, me, *tail)


_Reply = list[Any]
_T = TypeVar("_T")


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _resolved(value: _T) -> asyncio.Future[_T]:
    future: asyncio.Future[_T] = asyncio.get_running_loop().create_future()
    future.set_result(value)
    return future


class _Call:
    """One script call waiting in the link: its command, and what to do with the reply."""

    __slots__ = ("command", "done", "future", "retried")

    def __init__(
        self,
        command: bytes | Callable[[], bytes],
        future: asyncio.Future[Any],
        done: Callable[[_Reply, asyncio.Future[Any]], None],
    ) -> None:
        self.command = command
        self.future = future
        self.done = done
        self.retried = False


class _Link:
    """One connection that carries every script call of a store, in order, in batches.

    Calls are queued when made; whatever is queued when the connection is free goes out
    as one write, and the replies are read back in order. One ordered stream means a
    process's settle always runs before its later reserve (it reads its own writes), and
    a burst of tasks costs one round trip, not one each. The scripts are loaded (SCRIPT
    LOAD, in the same write) whenever the connection is new, and again after NOSCRIPT.
    """

    def __init__(self, redis: aioredis.Redis, scripts: dict[str, str]) -> None:
        self._pool = redis.connection_pool
        self._scripts = scripts  # sha1 -> source
        self._connection: Any = None
        self._loaded = False
        self._queue: list[_Call] = []
        self._flusher: asyncio.Task[None] | None = None
        self.failed: Callable[[BaseException], BaseException] = lambda exc: exc

    def call(
        self,
        command: bytes | Callable[[], bytes],
        done: Callable[[_Reply, asyncio.Future[Any]], None],
    ) -> asyncio.Future[Any]:
        """Queue ``command`` (RESP, or what makes it when sent); ``done`` gets its reply."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        self._queue.append(_Call(command, future, done))
        if self._flusher is None or self._flusher.done():
            self._flusher = loop.create_task(self._flush())
        return future

    async def _flush(self) -> None:
        while self._queue:
            batch, self._queue = self._queue, []
            try:
                retry = await self._send(batch)
            except _FAILURES as exc:
                await self._drop()
                error = self.failed(exc)
                for call in batch:
                    if not call.future.done():
                        call.future.set_exception(error)
                continue
            except BaseException:
                await self._drop()
                for call in batch:
                    call.future.cancel()
                raise
            if retry:
                self._loaded = False
                self._queue[:0] = retry

    async def _send(self, batch: list[_Call]) -> list[_Call]:
        """Send a batch and hand out its replies; the calls to send again (NOSCRIPT)."""
        if self._connection is None:
            self._connection = self._pool.make_connection()  # type: ignore[no-untyped-call]
            self._loaded = False
        connection = self._connection
        commands = [c if isinstance(c, bytes) else c() for c in (call.command for call in batch)]
        loads = 0
        if not self._loaded:
            loads = len(self._scripts)
            commands[:0] = [b"*3\r\n" + _resp("SCRIPT", "LOAD", s) for s in self._scripts.values()]
        await connection.send_packed_command(b"".join(commands))
        for _ in range(loads):
            await connection.read_response()
        self._loaded = True
        retry: list[_Call] = []
        for call in batch:
            try:
                reply = await connection.read_response()
            except NoScriptError as exc:
                if not call.retried:  # the scripts were flushed: load them, and again
                    call.retried = True
                    retry.append(call)
                elif not call.future.done():
                    call.future.set_exception(self.failed(exc))
                continue
            except ResponseError as exc:  # an error reply (read on: the stream is intact)
                if not call.future.done():
                    call.future.set_exception(self.failed(exc))
                continue
            try:
                call.done(reply, call.future)
            except (TypeError, ValueError, IndexError) as exc:  # not what the script sends
                if not call.future.done():
                    call.future.set_exception(self.failed(exc))
        return retry

    async def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(*_FAILURES):
                await connection.disconnect()

    async def aclose(self) -> None:
        if self._flusher is not None and not self._flusher.done():
            self._flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flusher
        await self._drop()


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
            ``aiomastodon.errors.RateLimitStoreError``; ``True`` logs one warning
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
            # No retries inside redis-py: a failure is the caller's to decide on, at once.
            self._redis = aioredis.Redis.from_url(
                url,
                socket_timeout=timeout,
                socket_connect_timeout=timeout,
                retry=Retry(NoBackoff(), 0),
            )
            self._owns_client = True
            where = URL(url)
            if where.scheme == "unix":
                self._where = f"unix://{where.path}"
            else:
                port = f":{where.port}" if where.port else ""
                self._where = f"{where.scheme}://{where.host or ''}{port}"
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
        self._reserve_sha = hashlib.sha1(RESERVE.encode()).hexdigest()
        self._settle_sha = hashlib.sha1(SETTLE.encode()).hexdigest()
        self._shas = (self._reserve_sha, self._settle_sha)
        self._link = _Link(self._redis, {self._reserve_sha: RESERVE, self._settle_sha: SETTLE})
        self._link.failed = self._failed
        self._id = secrets.token_hex(8)  # this store's name on the channel and in lease ids
        self._leases = itertools.count()
        self._layouts: dict[tuple[BucketKey, str | None], _Layout] = {}
        # (key, bucket) -> (seq, our time, raw snapshot): the newest the scripts told.
        self._states: dict[tuple[BucketKey, str], tuple[int, float, _Reply]] = {}
        self._local = MemoryStore()
        self._local_leases: dict[str, tuple[Bucket, ...]] = {}
        self._down_until: float | None = None  # monotonic: Redis failed; local until then
        self._watchers: dict[str, list[Callable[[], None]]] = {}
        self._listener: asyncio.Task[None] | None = None
        self._listening = asyncio.Event()  # the listener has subscribed (or failed to)
        self._pubsub: PubSub | None = None
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
            layout = self._layouts[(key, sub)] = _Layout(
                self._tag(key), names, self.lease_ttl, self._shas, self._id
            )
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
                exc,
            )
        self._down_until = time.monotonic() + self.retry_interval

    def _came_back(self) -> None:
        if self._down_until is not None:
            self._down_until = None
            log.warning("the rate-limit store (%s) answers again: budget shared", self._where)

    # --- reserve and settle ----------------------------------------------------------

    def reserve(
        self, key: BucketKey, sub: str | None, policy: Policy, now: float
    ) -> Awaitable[Lease | Denied]:
        """As ``aiomastodon.scheduler.store.RateLimitStore.reserve``."""
        if self._local_now():
            return _resolved(self._reserve_locally(key, sub, policy, now))
        layout = self._layout(key, sub)
        lease_id = f"{self._id}:{next(self._leases)}"

        def done(reply: _Reply, future: asyncio.Future[Lease | Denied]) -> None:
            self._came_back()
            self._remember(key, layout.names, reply, 4, now)
            delay, which = reply[0], layout.names[int(reply[1]) - 1]
            if delay is None:
                first = reply[2]
                recheck = self.poll if first is None else min(self.poll, float(first))
                result: Lease | Denied = Denied(None, which, recheck)
            elif _text(delay) == "":
                result = Lease(key, layout.names, _text(reply[3]))
            else:
                result = Denied(float(delay), which)
            if not future.done():
                future.set_result(result)
            elif isinstance(result, Lease):
                self.cancel(result)  # the caller gave up waiting: give the place back

        command = (
            layout.reserve_head
            + _resp(self._now_arg(), policy, lease_id, self._ttl_arg)
            + layout.reserve_tail
        )
        sent = self._link.call(command, done)
        if not self.fallback:
            return sent
        return self._or_locally(sent, key, sub, policy, now)

    async def _or_locally(
        self,
        sent: Awaitable[Lease | Denied],
        key: BucketKey,
        sub: str | None,
        policy: Policy,
        now: float,
    ) -> Lease | Denied:
        try:
            return await sent
        except RateLimitStoreError as exc:
            self._went_down(exc)
            return self._reserve_locally(key, sub, policy, now)

    def _reserve_locally(
        self, key: BucketKey, sub: str | None, policy: Policy, now: float
    ) -> Lease | Denied:
        granted = self._local.reserve(key, sub, policy, now)
        if isinstance(granted, Denied):
            return granted
        lease = Lease(key, tuple(b.name for b in granted), f"local:{next(self._leases)}")
        self._local_leases[lease.id] = granted
        return lease

    def settle(
        self,
        lease: Lease,
        observed: RateLimitHeaders | None,
        answered: bool,
        blocked_until: float | None,
        now: float,
    ) -> Awaitable[str]:
        """As ``aiomastodon.scheduler.store.RateLimitStore.settle``."""
        local = self._local_leases.pop(lease.id, None)
        if local is not None:
            return _resolved(self._local.settle(local, observed, answered, blocked_until, now))
        mode = "answer" if answered else "none"
        return self._run_settle(lease, mode, observed, blocked_until, now)

    def cancel(self, lease: Lease) -> None:
        """As ``aiomastodon.scheduler.store.RateLimitStore.cancel``."""
        local = self._local_leases.pop(lease.id, None)
        if local is not None:
            self._local.cancel(local)
            return
        sent = self._run_settle(lease, "cancel", None, None, time.time())
        # Nobody waits for it; if it fails, the lease runs out by itself.
        sent.add_done_callback(lambda done: done.cancelled() or done.exception())

    def _run_settle(
        self,
        lease: Lease,
        mode: str,
        observed: RateLimitHeaders | None,
        blocked_until: float | None,
        now: float,
    ) -> asyncio.Future[str]:
        layout = self._layout(lease.key, lease.names[1] if len(lease.names) > 1 else None)
        limit = remaining = ""
        if observed is not None:
            limit = "" if observed.limit is None else str(observed.limit)
            remaining = "" if observed.remaining is None else str(observed.remaining)
        reset_at = observed.reset_at if observed is not None else None
        queued = time.monotonic()

        def command() -> bytes:
            # Times go as seconds from the moment Redis runs the script, so they are
            # taken now, as it is sent: a settle that waited in the queue (a busy
            # process) must not arrive with its reset late by that wait.
            since = now + (time.monotonic() - queued)
            reset = "" if reset_at is None else repr(reset_at - since)
            blocked = "" if blocked_until is None else repr(blocked_until - since)
            return (
                layout.settle_head
                + _resp(self._now_arg(), lease.id, mode, limit, remaining, reset, blocked)
                + layout.settle_tail
            )

        def done(reply: _Reply, future: asyncio.Future[str]) -> None:
            self._remember(lease.key, layout.names, reply, 1, now)
            if not future.done():
                future.set_result(layout.names[int(reply[0]) - 1])

        return self._link.call(command, done)

    # --- snapshots -------------------------------------------------------------------

    def _remember(
        self, key: BucketKey, names: tuple[str, ...], reply: _Reply, at: int, now: float
    ) -> None:
        """Keep the snapshots a script replied with, when newer (read into states lazily)."""
        states = self._states
        for index, name in enumerate(names):
            base = at + 5 * index
            if base + 5 > len(reply):
                break  # the script stopped at an earlier bucket, and left this one alone
            seq = int(reply[base + 4])
            known = states.get((key, name))
            if known is None or known[0] < seq:
                states[(key, name)] = (seq, now, reply[base : base + 4])

    def state(self, key: BucketKey) -> list[BucketState]:
        """As ``aiomastodon.scheduler.store.RateLimitStore.state``."""
        if self._local_now():
            return self._local.state(key)
        found = []
        for (k, name), (_seq, now, (limit, remaining, reset, in_flight)) in self._states.items():
            if k != key:
                continue
            found.append(
                BucketState(
                    name=name,
                    limit=None if limit is None else int(limit),
                    remaining=None if remaining is None else int(remaining),
                    reset_at=None if reset is None else as_datetime(now + float(reset)),
                    in_flight=int(in_flight),
                )
            )
        return found

    # --- waking ----------------------------------------------------------------------

    async def watch(self, key: BucketKey, wake: Callable[[], None]) -> None:
        """As ``aiomastodon.scheduler.store.RateLimitStore.watch``."""
        channel = self._layout(key, None).channel
        fresh = channel not in self._watchers
        self._watchers.setdefault(channel, []).append(wake)
        if not fresh or self._closed:
            return
        with contextlib.suppress(*_FAILURES):  # best effort: waiters poll in any case
            if self._listener is None or self._listener.done():
                self._listening = asyncio.Event()
                self._listener = asyncio.ensure_future(self._listen())
                await asyncio.wait_for(self._listening.wait(), self.timeout)
            elif self._pubsub is not None:
                await asyncio.wait_for(self._pubsub.subscribe(channel), self.timeout)

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
                self._listening.set()
                while not self._closed:
                    message = await pubsub.get_message(timeout=self.poll)
                    if message is None or message.get("type") != "message":
                        continue
                    if _text(message.get("data", b"")) == self._id:
                        continue  # our own settle: this process knows already
                    channel = _text(message.get("channel", b""))
                    for wake in self._watchers.get(channel, ()):
                        wake()
            except _FAILURES as exc:
                log.debug("rate-limit store channel lost (%s); waiting processes poll", exc)
                self._listening.set()  # watch() stops waiting for it
                self._wake_all()
                await asyncio.sleep(self.poll)
            finally:
                self._pubsub = None
                with contextlib.suppress(*_FAILURES):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]

    async def aclose(self) -> None:
        """Stop listening, and close the connections (unless the client was given)."""
        self._closed = True
        if self._listener is not None and not self._listener.done():
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, *_FAILURES):
                await self._listener
        await self._link.aclose()
        if self._owns_client:
            with contextlib.suppress(*_FAILURES):
                await self._redis.aclose()
