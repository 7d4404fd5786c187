"""A failed observation never leaks a slot or a lease (issue 12, item 3).

Each test takes the path where something goes wrong between a slot's taking and its
giving back (headers no parser foresaw, an event hook that raises, a task cancelled, a
store that fails), then checks the bookkeeping is whole: nothing in flight, and with a
concurrency cap of one, 100 more calls go through. A leaked place would make them wait
forever; ``asyncio.wait_for`` turns that into a failure instead of a hang.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from aiomastodon import Client, RateLimited
from aiomastodon._sansio.ratelimit import RateLimitHeaders
from aiomastodon._sansio.request import PreparedRequest
from aiomastodon._sansio.response import RawResponse
from aiomastodon.errors import RateLimitStoreError
from aiomastodon.scheduler import BucketState, MemoryStore, Policy, Scheduler
from aiomastodon.scheduler import scheduler as scheduler_module
from aiomastodon.scheduler.store import BucketKey, Denied, Lease
from aiomastodon.testing import VirtualClock
from tests.conftest import BASE, TOKEN

from .sim import STATUS, response

GOOD = {
    "Content-Type": "application/json",
    "X-RateLimit-Limit": "300",
    "X-RateLimit-Remaining": "299",
    "X-RateLimit-Reset": "2026-01-01T00:05:00.000000Z",
    "Date": "Thu, 01 Jan 2026 00:00:00 GMT",
}
HOSTILE = {
    **GOOD,
    "X-RateLimit-Reset": "2030-01-01T00:00:00+24:00",  # timezone() refuses 24 h
    "Date": "Xyz, 99 Foo 100000 99:99:99 +2400",
}


class Scripted:
    """A transport answering each request with the next of ``answers`` (then ``GOOD``)."""

    def __init__(self, *answers: tuple[int, dict[str, str]]) -> None:
        self.answers = list(answers)
        self.sent = 0
        self.hold: asyncio.Event | None = None
        self.arrived = asyncio.Event()

    async def send(self, request: PreparedRequest) -> RawResponse:
        self.sent += 1
        self.arrived.set()
        if self.hold is not None:
            await self.hold.wait()
        status, headers = self.answers.pop(0) if self.answers else (200, GOOD)
        return response(request, status, STATUS if status == 200 else b"{}", headers)

    async def close(self) -> None:
        return None


def client_of(scheduler: Scheduler, transport: Scripted) -> Client:
    return Client(BASE, access_token=TOKEN, transport=transport, scheduler=scheduler)


def virtual(clock: VirtualClock, **options: object) -> Scheduler:
    return Scheduler(
        clock=clock.time,
        sleep=clock.sleep,
        random=lambda: 0.5,
        max_concurrency=1,  # one leaked place and every later call waits
        **options,  # type: ignore[arg-type]
    )


def nothing_in_flight(scheduler: Scheduler) -> None:
    assert scheduler._in_flight == 0
    assert all(bucket.in_flight == 0 for bucket in scheduler.state())


async def hundred_more(client: Client) -> None:
    async def calls() -> None:
        for n in range(100):
            await client.statuses.get(str(n))

    await asyncio.wait_for(calls(), 10)  # real seconds: a leaked slot fails, never hangs


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


async def test_a_reset_with_a_24_hour_offset_leaves_nothing_in_flight(clock: VirtualClock) -> None:
    scheduler = virtual(clock)
    client = client_of(scheduler, Scripted((200, HOSTILE), (200, HOSTILE)))
    await client.statuses.get("1")
    await client.statuses.get("2")
    nothing_in_flight(scheduler)
    await hundred_more(client)
    nothing_in_flight(scheduler)


async def test_headers_a_parser_cannot_read_still_give_the_slot_back(
    clock: VirtualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = scheduler_module.read_rate_limit
    calls = itertools.count()

    def flaky(headers: object, now: float) -> RateLimitHeaders:
        if next(calls) == 0:
            raise ValueError("offset must be a timedelta strictly between ...")
        return real(headers, now)  # type: ignore[arg-type]

    monkeypatch.setattr(scheduler_module, "read_rate_limit", flaky)
    scheduler = virtual(clock)
    client = client_of(scheduler, Scripted())
    status = await client.statuses.get("1")  # the answer is the caller's all the same
    assert status.id == "1"
    nothing_in_flight(scheduler)
    await hundred_more(client)
    assert scheduler.state()[0].remaining == 299  # and later answers are learnt from


async def test_a_429_whose_block_cannot_be_worked_out_still_gives_the_slot_back(
    clock: VirtualClock,
) -> None:
    draws = itertools.count()

    def random() -> float:
        if next(draws) == 0:
            raise ArithmeticError("an injected random that fails once")
        return 0.5

    scheduler = Scheduler(clock=clock.time, sleep=clock.sleep, random=random, max_concurrency=1)
    transport = Scripted((429, {"Retry-After": "7"}))
    client = client_of(scheduler, transport)
    started = clock.time()
    await client.statuses.get("1")
    # The block falls back to the patient default (backoff_cap), as for a bare 429.
    assert clock.time() - started == pytest.approx(scheduler.backoff_cap)
    assert transport.sent == 2
    nothing_in_flight(scheduler)
    await hundred_more(client)


async def test_an_event_hook_that_raises_leaks_nothing(clock: VirtualClock) -> None:
    def hook(event: scheduler_module.SchedulerEvent) -> None:
        if event.kind == "rate_limited":
            raise LookupError("the caller's own hook")

    scheduler = virtual(clock, on_event=hook)
    client = client_of(scheduler, Scripted((429, {"Retry-After": "7"})))
    with pytest.raises(LookupError):  # the hook's error is the caller's to see ...
        await client.statuses.get("1")
    nothing_in_flight(scheduler)  # ... and the slot went back before it propagated
    assert scheduler.state()[0].in_flight == 0
    await hundred_more(client)


async def test_a_request_cancelled_in_flight_gives_its_slot_back(clock: VirtualClock) -> None:
    scheduler = virtual(clock)
    transport = Scripted()
    client = client_of(scheduler, transport)
    transport.hold = asyncio.Event()
    task = asyncio.ensure_future(client.statuses.get("1"))
    await transport.arrived.wait()
    assert scheduler._in_flight == 1
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    nothing_in_flight(scheduler)
    transport.hold = None
    await hundred_more(client)


async def test_a_memory_store_that_fails_to_settle_gives_the_places_back(
    clock: VirtualClock, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> str:
        raise ZeroDivisionError("a bucket's arithmetic")

    scheduler = virtual(clock)
    client = client_of(scheduler, Scripted())
    await client.statuses.get("0")  # the buckets exist, the limit is known
    with monkeypatch.context() as patch:
        patch.setattr(MemoryStore, "settle", broken)
        await client.statuses.get("1")
    assert "answer not recorded" in caplog.text
    nothing_in_flight(scheduler)
    await hundred_more(client)


class FailingStore:
    """A shared store whose settle fails at once, as a store that lost its connection."""

    def __init__(self, *, reserve: Callable[[], object] | None = None) -> None:
        self.leases = itertools.count()
        self.cancelled: list[Lease] = []
        self.held: set[str] = set()
        self.reserving = reserve
        self.asked = asyncio.Event()

    async def _reserve(self, key: BucketKey) -> Lease | Denied:
        self.asked.set()
        if self.reserving is not None:
            await asyncio.Event().wait()  # never answers
        lease = Lease(key, ("account",), str(next(self.leases)))
        self.held.add(lease.id)
        return lease

    def reserve(self, key: BucketKey, sub: str | None, policy: Policy, now: float) -> object:
        return self._reserve(key)

    def settle(self, lease: Lease, *args: object) -> object:
        raise RateLimitStoreError("the store went away")

    def cancel(self, lease: Lease) -> None:
        self.cancelled.append(lease)
        self.held.discard(lease.id)

    def state(self, key: BucketKey) -> list[BucketState]:
        return []

    async def watch(self, key: BucketKey, wake: Callable[[], None]) -> None:
        return None

    async def aclose(self) -> None:
        return None


async def test_a_shared_store_that_fails_to_settle_gives_the_lease_back(
    clock: VirtualClock,
) -> None:
    store = FailingStore()
    scheduler = virtual(clock, store=store)
    client = client_of(scheduler, Scripted((429, {"Retry-After": "7"})))
    status = await client.statuses.get("1")  # the answer arrived: the caller has it
    assert status.id == "1"
    assert len(store.cancelled) == 2  # the 429's lease and the retry's
    assert store.held == set()
    assert scheduler._in_flight == 0
    await hundred_more(client)
    assert store.held == set()


async def test_a_task_cancelled_while_a_shared_store_answers_gives_its_place_back(
    clock: VirtualClock,
) -> None:
    store = FailingStore(reserve=lambda: None)
    scheduler = virtual(clock, store=store)
    client = client_of(scheduler, Scripted())
    task = asyncio.ensure_future(client.statuses.get("1"))
    await store.asked.wait()
    assert scheduler._in_flight == 1
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert scheduler._in_flight == 0


# --- any headers at all ---------------------------------------------------------------------

_NAMES = st.sampled_from(
    ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Date", "Retry-After"]
)
_VALUES = st.one_of(
    st.text(max_size=40),
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.builds(
        lambda y, mo, d, h, off: f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:00:00{off}",
        st.integers(0, 9999),
        st.integers(0, 13),
        st.integers(0, 32),
        st.integers(0, 25),
        st.sampled_from(["Z", "+24:00", "-99:99", "+00:00", "", ".5Z"]),
    ),
)


@settings(max_examples=150, deadline=None)
@given(
    headers=st.dictionaries(_NAMES, _VALUES),
    status=st.sampled_from([200, 429, 500, 503]),
    policy=st.sampled_from(["wait", "pace", "raise"]),
)
@example(headers={"X-RateLimit-Reset": "2030-01-01T00:00:00+24:00"}, status=429, policy="wait")
@example(headers={"Date": "garbage", "Retry-After": "1e400"}, status=429, policy="pace")
@example(
    headers={"X-RateLimit-Limit": "0", "X-RateLimit-Remaining": "0"}, status=200, policy="wait"
)
def test_any_headers_leave_the_scheduler_usable(
    headers: dict[str, str], status: int, policy: Policy
) -> None:
    async def run() -> None:
        clock = VirtualClock()
        scheduler = Scheduler(policy=policy, clock=clock.time, sleep=clock.sleep, max_concurrency=1)
        key = scheduler_module.token_key("example.social", TOKEN)
        request = PreparedRequest(
            "GET", URL(f"{BASE}/api/v1/statuses/1"), CIMultiDictProxy(CIMultiDict())
        )
        # First an answer that makes the budget known, then the hostile one.
        for answer, code in ((GOOD, 200), (headers, status)):
            slot = await scheduler.acquire(key, request)
            scheduler.release(slot, response(request, code, b"{}", answer))
            nothing_in_flight(scheduler)
        # Usable: the next request is granted, or refused with our own error (a wait
        # beyond max_wait, or the raise policy), never kept waiting for news forever.
        try:
            slot = await asyncio.wait_for(scheduler.acquire(key, request), 5)
        except RateLimited:
            pass  # our error; any other fails the test
        else:
            scheduler.release(slot, None)
        nothing_in_flight(scheduler)

    asyncio.run(run())
