"""The Redis rate-limit store against a real redis-server.

The first tests run the bucket rules against both stores, the in-memory one and Redis,
with the same injected clock: the shared store must decide exactly as one process does.
The rest are Redis's own: atomicity under concurrency, leases of a killed process,
headers learnt in one process slowing another, the token never written, Redis gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
from aiohttp import web
from yarl import URL

from aiomastodon import Client, RateLimited
from aiomastodon._sansio.ratelimit import RateLimitHeaders
from aiomastodon._sansio.request import build_request
from aiomastodon._sansio.routes import Route
from aiomastodon.errors import RateLimitStoreError
from aiomastodon.scheduler import MemoryStore, Scheduler
from aiomastodon.scheduler.bucket import Bucket, BucketState, Policy
from aiomastodon.scheduler.redis_store import RedisStore
from aiomastodon.scheduler.scheduler import token_key
from aiomastodon.scheduler.store import Denied, Lease
from tests.conftest import TOKEN, require_redis, running_redis

from .redis_worker import KEY

pytestmark = pytest.mark.integration

WORKER = Path(__file__).with_name("redis_worker.py")
NOW = 1_767_225_600.0
ROUTE = Route("GET", "/api/v1/statuses/:id", "statuses.get")


@dataclass
class Harness:
    """One store, memory or Redis, driven with the same calls and the same clock."""

    store: MemoryStore | RedisStore
    now: float = NOW
    key: tuple[str, str] = KEY
    held: list[tuple[tuple[Bucket, ...] | Lease, float]] = field(default_factory=list)

    async def reserve(
        self, sub: str | None = None, policy: Policy = "wait"
    ) -> tuple[Bucket, ...] | Lease | Denied:
        if isinstance(self.store, MemoryStore):
            return self.store.reserve(self.key, sub, policy, self.now)
        return await self.store.reserve(self.key, sub, policy, self.now)

    async def take(self, sub: str | None = None, policy: Policy = "wait") -> None:
        granted = await self.reserve(sub, policy)
        assert not isinstance(granted, Denied), granted
        self.held.append((granted, self.now))

    async def settle(
        self,
        headers: RateLimitHeaders | None,
        *,
        answered: bool = True,
        blocked_until: float | None = None,
    ) -> str:
        lease, sent_at = self.held.pop(0)
        if isinstance(self.store, MemoryStore):
            assert isinstance(lease, tuple)
            return self.store.settle(lease, headers, answered, blocked_until, self.now, sent_at)
        assert isinstance(lease, Lease)
        return await self.store.settle(lease, headers, answered, blocked_until, self.now)

    async def learn(self, limit: int, remaining: int, reset: float | None) -> None:
        await self.take()
        await self.settle(RateLimitHeaders(limit, remaining, reset))

    async def delay(self, sub: str | None = None, policy: Policy = "wait") -> float | None:
        """What the store says now; a grant is taken and given straight back."""
        granted = await self.reserve(sub, policy)
        if isinstance(granted, Denied):
            return granted.delay
        self.held.append((granted, self.now))
        await self.cancel_last()
        return 0.0

    async def cancel_last(self) -> None:
        lease, _sent_at = self.held.pop()
        if isinstance(self.store, MemoryStore):
            assert isinstance(lease, tuple)
            self.store.cancel(lease)
        else:
            assert isinstance(lease, Lease)
            self.store.cancel(lease)  # not awaited: the next call is sent after it

    def state(self, name: str = "account") -> BucketState:
        (found,) = [s for s in self.store.state(self.key) if s.name == name]
        return found


@pytest.fixture(params=["memory", "redis"])
async def harness(request: pytest.FixtureRequest) -> AsyncIterator[Harness]:
    if request.param == "memory":
        yield Harness(MemoryStore())
        return
    url = request.getfixturevalue("redis_url")
    box = Harness(MemoryStore())  # replaced below; the clock reads box.now
    store = RedisStore(url, clock=lambda: box.now)
    box.store = store
    try:
        yield box
    finally:
        await store.aclose()


# --- the same rules as one process ---------------------------------------------------------


async def test_unknown_bucket_lets_one_request_through_at_a_time(harness: Harness) -> None:
    await harness.take()
    assert await harness.delay() is None  # wait for the answer
    await harness.settle(RateLimitHeaders(300, 299, NOW + 300))
    await harness.take()
    await harness.take()
    assert harness.state().in_flight == 2
    assert harness.state().remaining == 299


async def test_requests_in_flight_count_against_what_remains(harness: Harness) -> None:
    await harness.learn(300, 2, NOW + 10)
    await harness.take()
    await harness.take()
    # No third: both places are in flight. It waits for their answers, which may find
    # them counted in ``remaining`` already, and for the reset only once they are spent.
    assert await harness.delay() is None
    await harness.settle(RateLimitHeaders(300, 1, NOW + 10))
    assert await harness.delay() is None
    await harness.settle(RateLimitHeaders(300, 0, NOW + 10))
    assert await harness.delay() == pytest.approx(10, abs=1e-3)


async def test_a_place_counted_twice_is_free_again_at_the_next_answer(harness: Harness) -> None:
    # The server counts A (3 left), then B (2 left); B's answer is read first (another
    # process's, say), while A is still in flight. C goes; A is now counted in
    # ``remaining`` and in flight both: 2 - 2 leaves no place, where one is free.
    await harness.learn(300, 4, NOW + 10)
    await harness.take()  # A
    await harness.take()  # B
    await harness.settle(RateLimitHeaders(300, 2, NOW + 10))  # B's answer
    await harness.take()  # C
    # Not "wait for the reset": that would leave the free place unused for 10 s.
    assert await harness.delay() is None
    await harness.settle(RateLimitHeaders(300, 3, NOW + 10))  # A's answer, late
    assert await harness.delay() == 0.0


async def test_a_stale_answer_never_raises_remaining(harness: Harness) -> None:
    await harness.learn(300, 100, NOW + 60)
    await harness.take()
    await harness.settle(RateLimitHeaders(300, 150, NOW + 60))  # an older request's answer
    assert harness.state().remaining == 100
    await harness.take()
    await harness.settle(RateLimitHeaders(300, 90, NOW + 60.2))  # same window, jitter
    assert harness.state().remaining == 90
    await harness.take()
    await harness.settle(RateLimitHeaders(300, 299, NOW - 240))  # a window already over
    assert harness.state().remaining == 90
    harness.now += 60.2
    await harness.take()
    await harness.settle(RateLimitHeaders(300, 299, NOW + 360))  # a new window, once it ended
    state = harness.state()
    assert state.remaining == 299
    assert state.reset_at is not None
    assert state.reset_at.timestamp() == pytest.approx(NOW + 360, abs=1e-3)


async def test_a_late_answer_never_raises_remaining_whatever_its_reset(harness: Harness) -> None:
    await harness.learn(30, 5, NOW + 2)
    await harness.take()
    await harness.settle(RateLimitHeaders(30, 11, NOW + 3.02))  # read a second late
    assert harness.state().remaining == 5
    await harness.take()
    await harness.settle(RateLimitHeaders(30, 4, NOW + 2))
    assert harness.state().remaining == 4


async def test_an_answer_sent_before_the_refill_never_sets_the_new_window(
    harness: Harness,
) -> None:
    await harness.learn(30, 5, NOW + 3)
    await harness.take()  # sent in the window that ends at NOW + 3
    harness.now += 3.1
    await harness.take()  # the budget refilled: 30, two in flight
    # The first one's answer, read late: its reset moved into this window.
    await harness.settle(RateLimitHeaders(30, 4, NOW + 4.1))
    state = harness.state()
    assert (state.remaining, state.reset_at) == (29, None)  # one spent; no window set
    await harness.settle(RateLimitHeaders(30, 27, NOW + 6))  # this window's own answer
    state = harness.state()
    assert state.remaining == 27
    assert state.reset_at is not None
    assert state.reset_at.timestamp() == pytest.approx(NOW + 6, abs=1e-3)


async def test_answers_without_headers_and_no_answer_count_as_spent(harness: Harness) -> None:
    await harness.learn(300, 10, NOW + 60)
    await harness.take()
    await harness.settle(None)
    await harness.take()
    await harness.settle(None, answered=False)
    assert harness.state().remaining == 8


async def test_the_reset_refills_the_budget(harness: Harness) -> None:
    await harness.learn(5, 0, NOW + 10)
    assert await harness.delay() == pytest.approx(10, abs=1e-3)
    harness.now += 10
    assert await harness.delay() == 0.0
    assert harness.state().remaining == 5


async def test_pace_spreads_and_sends_at_once_after_idling(harness: Harness) -> None:
    await harness.learn(300, 100, NOW + 100)  # one sent at NOW
    assert await harness.delay(policy="pace") == pytest.approx(1.0, abs=1e-3)  # 100 s / 100
    harness.now += 1.0
    await harness.take(policy="pace")
    await harness.settle(RateLimitHeaders(300, 98, NOW + 100))
    assert await harness.delay(policy="pace") == pytest.approx(99 / 98, abs=1e-3)
    harness.now += 50
    assert await harness.delay(policy="pace") == 0.0


async def test_a_429_blocks_until_its_time_and_spends_the_window(harness: Harness) -> None:
    await harness.learn(300, 120, NOW + 250)
    await harness.take()
    # A proxy's Retry-After: 1, far from Mastodon's reset: it blocks, the budget stays.
    await harness.settle(RateLimitHeaders(None, None, None), blocked_until=NOW + 1.5)
    assert await harness.delay() == pytest.approx(1.5, abs=1e-3)
    harness.now += 1.5
    assert await harness.delay() == 0.0
    assert harness.state().remaining == 119
    # The same, with the proxy's own headers: its reset is not this window's.
    await harness.take()
    await harness.settle(RateLimitHeaders(300, 0, NOW + 2.7), blocked_until=NOW + 3.0)
    assert await harness.delay() == pytest.approx(1.5, abs=1e-3)
    assert harness.state().remaining == 119  # (its headers say nothing of this budget)
    harness.now += 1.5
    await harness.take()
    await harness.settle(RateLimitHeaders(300, 0, NOW + 250), blocked_until=NOW + 250.4)
    assert harness.state().remaining == 0


async def test_a_sub_bucket_gets_the_headers_with_its_limit(harness: Harness) -> None:
    await harness.learn(300, 250, NOW + 300)
    await harness.take("media")
    owner = await harness.settle(RateLimitHeaders(30, 3, NOW + 1800))
    assert owner == "media"
    assert (harness.state("media").limit, harness.state("media").remaining) == (30, 3)
    assert harness.state("account").remaining == 249  # spent one, told nothing new
    await harness.take("media")
    assert await harness.delay() == 0.0  # the account has room ...
    await harness.take("media")
    await harness.take("media")
    assert await harness.delay("media") is None  # ... media not, until its answers come
    for left in (2, 1, 0):
        await harness.settle(RateLimitHeaders(30, left, NOW + 1800))
    assert await harness.delay("media") == pytest.approx(1800, abs=1e-3)  # spent


async def test_a_server_without_headers_is_not_throttled(harness: Harness) -> None:
    await harness.take()
    await harness.settle(None)
    for _ in range(5):
        await harness.take()
    assert harness.state().in_flight == 5


async def test_cancel_gives_the_place_back_without_spending(harness: Harness) -> None:
    await harness.learn(300, 1, NOW + 60)
    await harness.take()
    assert await harness.delay() is None  # the one place is in flight
    await harness.cancel_last()
    assert await harness.delay() == 0.0
    assert harness.state().remaining == 1


async def test_spent_with_no_reset_known_waits_a_window_then_refills(harness: Harness) -> None:
    await harness.learn(2, 2, NOW + 10)
    harness.now += 10  # refilled; the next answers carry no headers
    for _ in range(2):
        await harness.take()
        await harness.settle(None)
    assert await harness.delay() == 300  # the documented window ...
    harness.now += 300
    assert await harness.delay() == 0.0  # ... then full again
    assert harness.state().remaining == 2


# --- Redis's own -------------------------------------------------------------------------


async def test_concurrent_reservations_never_overspend(redis_url: str) -> None:
    setup = RedisStore(redis_url)
    now = time.time()
    lease = await setup.reserve(KEY, None, "wait", now)
    assert isinstance(lease, Lease)
    await setup.settle(lease, RateLimitHeaders(300, 37, now + 300), True, None, now)
    stores = [RedisStore(redis_url) for _ in range(6)]  # six connection pools
    try:
        results = await asyncio.gather(
            *(store.reserve(KEY, None, "wait", now) for store in stores for _ in range(40))
        )
        granted = [r for r in results if isinstance(r, Lease)]
        assert len(granted) == 37
        assert len({lease.id for lease in granted}) == 37
        # The others wait for those answers (37 remain: none is known to be spent yet).
        assert all(isinstance(r, Denied) and r.delay is None for r in results if r not in granted)
    finally:
        for store in (setup, *stores):
            await store.aclose()


async def test_an_expired_lease_counts_as_spent_once(redis_url: str) -> None:
    clock = [NOW]
    store = RedisStore(redis_url, clock=lambda: clock[0], lease_ttl=5)
    try:
        lease = await store.reserve(KEY, None, "wait", NOW)
        assert isinstance(lease, Lease)
        await store.settle(lease, RateLimitHeaders(10, 10, NOW + 100), True, None, NOW)
        leases = [await store.reserve(KEY, None, "wait", NOW) for _ in range(3)]
        clock[0] = NOW + 6  # their answers never came (the process hung, or died)
        assert isinstance(await store.reserve(KEY, None, "wait", NOW), Lease)
        (account,) = store.state(KEY)
        assert (account.remaining, account.in_flight) == (7, 1)
        late = leases[0]
        assert isinstance(late, Lease)
        await store.settle(late, None, False, None, NOW)  # a late settle: not twice
        assert store.state(KEY)[0].remaining == 7
    finally:
        await store.aclose()


@contextlib.contextmanager
def worker(*args: str) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[2],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(30)
        assert process.stdout is not None
        process.stdout.close()


def _read_line(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    line = process.stdout.readline()  # the worker prints, then waits; it never hangs silent
    assert line, f"the worker exited with {process.wait(30)}"
    return line.strip()


async def test_a_killed_worker_gives_its_leases_back_after_their_ttl(redis_url: str) -> None:
    now = time.time()
    clock = [now]
    store = RedisStore(redis_url, prefix="kill", clock=lambda: clock[0])
    try:
        lease = await store.reserve(KEY, None, "wait", now)
        assert isinstance(lease, Lease)
        await store.settle(lease, RateLimitHeaders(10, 10, now + 10), True, None, now)
        with worker("hold", redis_url, "kill", "10") as held:
            assert await asyncio.to_thread(_read_line, held) == "held"
            held.send_signal(signal.SIGKILL)
            held.wait(30)
        denied = await store.reserve(KEY, None, "wait", now)
        assert isinstance(denied, Denied)  # ten places held by a dead process ...
        clock[0] = now + 11  # the window has reset, and still ...
        assert isinstance(await store.reserve(KEY, None, "wait", now), Denied)
        assert store.state(KEY)[0].in_flight == 10
        clock[0] = now + 120  # ... until the leases (30 s from when it took them) run out
        granted = [await store.reserve(KEY, None, "wait", now) for _ in range(10)]
        assert all(isinstance(g, Lease) for g in granted), granted
        assert store.state(KEY)[0].in_flight == 10  # ours now
    finally:
        await store.aclose()


@pytest.fixture
async def counting_server() -> AsyncIterator[tuple[str, list[str]]]:
    """A server that answers every status with 200 and full headers; records the paths."""
    seen: list[str] = []

    async def status(request: web.Request) -> web.Response:
        seen.append(request.path)
        assert request.headers.get("Authorization") == f"Bearer {TOKEN}"
        reset = time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime(time.time() + 300))
        return web.json_response(
            {
                "id": "1",
                "created_at": "2026-01-01T00:00:00.000Z",
                "account": {"id": "2", "created_at": "2026-01-01T00:00:00.000Z"},
            },
            headers={
                "X-RateLimit-Limit": "300",
                "X-RateLimit-Remaining": "250",
                "X-RateLimit-Reset": reset,
            },
        )

    app = web.Application()
    app.router.add_get("/api/v1/statuses/{id}", status)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}", seen
    finally:
        await runner.cleanup()


async def test_headers_learnt_by_one_process_hold_back_another(
    redis_url: str, counting_server: tuple[str, list[str]]
) -> None:
    base, seen = counting_server
    # Another process was told "0 left, reset in 120 s" for this host and token.
    with worker("learn", redis_url, "learnt", "127.0.0.1", TOKEN, "300", "0", "120") as other:
        assert await asyncio.to_thread(_read_line, other) == "ok"
    store = RedisStore(redis_url, prefix="learnt")
    scheduler = Scheduler(store=store, policy="raise")
    async with Client(base, access_token=TOKEN, scheduler=scheduler) as client:
        with pytest.raises(RateLimited, match="not sent") as caught:
            await client.statuses.get("1")
        (account,) = client.rate_limits
    assert caught.value.reset_at is not None
    assert caught.value.reset_at.timestamp() == pytest.approx(time.time() + 120, abs=5)
    assert (account.limit, account.remaining) == (300, 0)
    assert seen == []  # nothing was sent
    await store.aclose()


async def test_nothing_secret_is_written_to_redis(
    redis_url: str, counting_server: tuple[str, list[str]]
) -> None:
    base, seen = counting_server
    async with Client(base, access_token=TOKEN, rate_limit_store=redis_url) as client:
        await asyncio.gather(*(client.statuses.get(str(n)) for n in range(5)))
    assert len(seen) == 5
    digest = hashlib.sha256(TOKEN.encode()).hexdigest()
    secrets = [TOKEN.encode(), digest[:16].encode(), token_key("127.0.0.1", TOKEN)[1].encode()]
    connection = redis.Redis.from_url(redis_url, socket_timeout=5)
    try:
        keys = list(connection.scan_iter("*"))
        assert keys  # the store did write
        dump: list[bytes] = []
        for key in keys:
            dump.append(key)
            kind = connection.type(key)
            if kind == b"hash":
                for name, value in connection.hgetall(key).items():
                    dump += [name, value]
            elif kind == b"zset":
                dump += [member for member, _ in connection.zrange(key, 0, -1, withscores=True)]
            else:
                dump.append(connection.dump(key) or b"")
    finally:
        connection.close()
    for secret in secrets:
        assert not any(secret in blob for blob in dump), secret


def _refused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again: nothing listens there


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers a byte."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield int(listener.getsockname()[1])


@pytest.mark.parametrize("where", ["refused", "silent"])
async def test_an_unreachable_redis_is_a_clear_error_at_first_use(
    where: str, silent_port: int, counting_server: tuple[str, list[str]]
) -> None:
    base, seen = counting_server
    port = _refused_port() if where == "refused" else silent_port
    store = RedisStore(f"redis://:hunter2@127.0.0.1:{port}/0", timeout=0.5)
    async with Client(base, access_token=TOKEN, rate_limit_store=store) as client:
        with pytest.raises(RateLimitStoreError) as caught:
            await asyncio.wait_for(client.statuses.get("1"), 30)  # bounded, whatever happens
    message = str(caught.value)
    assert message.startswith("GET /api/v1/statuses/1: the rate-limit store")
    assert f"127.0.0.1:{port}" in message
    assert "hunter2" not in message
    assert "hunter2" not in repr(store)
    assert TOKEN not in message
    assert seen == []
    await store.aclose()


async def test_the_opt_in_fallback_uses_a_local_budget_with_one_warning(
    counting_server: tuple[str, list[str]], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="aiomastodon")
    base, seen = counting_server
    store = RedisStore(f"redis://127.0.0.1:{_refused_port()}/0", timeout=0.5, fallback=True)
    async with Client(base, access_token=TOKEN, rate_limit_store=store) as client:
        await asyncio.gather(*(client.statuses.get(str(n)) for n in range(10)))
        (account,) = client.rate_limits
    assert len(seen) == 10
    assert (account.limit, account.remaining, account.in_flight) == (300, 250, 0)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "a rate-limit budget of this process's own" in warnings[0].getMessage()
    await store.aclose()


async def test_a_scheduler_given_a_url_owns_and_closes_its_store(
    redis_url: str, counting_server: tuple[str, list[str]]
) -> None:
    base, seen = counting_server
    async with (
        Scheduler(store=redis_url) as scheduler,
        Client(base, access_token=TOKEN, scheduler=scheduler) as one,
        Client(base, access_token=TOKEN, scheduler=scheduler) as two,
    ):
        await asyncio.gather(one.statuses.get("1"), two.statuses.get("2"))
        assert one.rate_limits == two.rate_limits
        assert one.rate_limits[0].limit == 300
    assert isinstance(scheduler.store, RedisStore)
    assert scheduler.store._closed
    assert len(seen) == 2


class TellingStore(RedisStore):
    """A Redis store that says when it has told a caller to wait for an answer."""

    told_to_wait: asyncio.Event

    def reserve(
        self, key: tuple[str, str], sub: str | None, policy: Policy, now: float
    ) -> Awaitable[Lease | Denied]:
        sent = super().reserve(key, sub, policy, now)

        async def tell() -> Lease | Denied:
            outcome = await sent
            if isinstance(outcome, Denied) and outcome.delay is None:
                self.told_to_wait.set()  # the caller waits from this same step on
            return outcome

        return tell()


async def test_a_process_waiting_for_another_s_answer_wakes_on_its_settle(
    redis_url: str,
) -> None:
    # Until a first answer tells the limit, one request at a time goes, across processes.
    # The waiter looks again only every 30 s: waking in time means the channel woke it.
    first = RedisStore(redis_url)
    second = TellingStore(redis_url, poll=30.0)
    second.told_to_wait = asyncio.Event()
    waiter = Scheduler(store=second)
    try:
        now = time.time()
        lease = await first.reserve(KEY, None, "wait", now)
        assert isinstance(lease, Lease)
        request = build_request(URL("https://example.social"), ROUTE, ["1"])
        waiting = asyncio.ensure_future(waiter.acquire(KEY, request))
        await asyncio.wait_for(second.told_to_wait.wait(), 10)  # (subscribed before that)
        assert not waiting.done()
        await first.settle(lease, RateLimitHeaders(300, 299, now + 300), True, None, now)
        slot = await asyncio.wait_for(waiting, 10)
        waiter.release(slot, None)
        await waiter.aclose()
    finally:
        await first.aclose()
        await second.aclose()


async def test_redis_going_away_mid_run_is_a_clear_error_not_a_hang(tmp_path: Path) -> None:
    require_redis()
    with running_redis(tmp_path) as (url, server):
        store = RedisStore(url, timeout=0.5, poll=0.2)
        scheduler = Scheduler(store=store)
        request = build_request(URL("https://example.social"), ROUTE, ["1"])
        slot = await scheduler.acquire(KEY, request)  # Redis answers ...
        waiting = asyncio.ensure_future(scheduler.acquire(KEY, request))  # (limit unknown)
        server.kill()  # ... then is gone
        server.wait(10)
        with pytest.raises(RateLimitStoreError, match="did not answer"):
            await asyncio.wait_for(waiting, 30)
        scheduler.release(slot, None)  # the settle fails quietly: the lease runs out
        with pytest.raises(RateLimitStoreError):
            await asyncio.wait_for(scheduler.acquire(KEY, request), 30)
        await asyncio.wait_for(scheduler.aclose(), 30)
        await store.aclose()


async def test_flushed_scripts_are_loaded_again(redis_url: str) -> None:
    store = RedisStore(redis_url)
    try:
        now = time.time()
        lease = await store.reserve(KEY, None, "wait", now)
        assert isinstance(lease, Lease)
        with redis.Redis.from_url(redis_url, socket_timeout=5) as connection:
            connection.script_flush()
        await store.settle(lease, RateLimitHeaders(300, 299, now + 300), True, None, now)
        assert isinstance(await store.reserve(KEY, None, "wait", now), Lease)
        assert store.state(KEY)[0].remaining == 299
    finally:
        await store.aclose()
