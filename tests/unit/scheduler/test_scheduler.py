"""The scheduler in virtual time against a simulated server that enforces its budgets."""

from __future__ import annotations

import asyncio
import itertools
import logging
from datetime import datetime, timezone

import pytest

from aiomastodon import Client, RateLimited, ServerError, TransportError
from aiomastodon._sansio.request import PreparedRequest
from aiomastodon.scheduler import Scheduler, SchedulerEvent
from aiomastodon.testing import VirtualClock
from tests.conftest import BASE, TOKEN

from .sim import SimServer, once, refuse

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


def make_client(
    clock: VirtualClock,
    sim: SimServer,
    events: list[SchedulerEvent] | None = None,
    **options: object,
) -> Client:
    scheduler = Scheduler(
        clock=clock.time,
        sleep=clock.sleep,
        random=lambda: 0.5,
        on_event=events.append if events is not None else None,
        **options,  # type: ignore[arg-type]
    )
    return Client(BASE, access_token=TOKEN, transport=sim, scheduler=scheduler)


async def burst(client: Client, n: int) -> None:
    await asyncio.gather(*(client.statuses.get(str(i)) for i in range(n)))


@pytest.mark.parametrize("policy", ["wait", "pace"])
@pytest.mark.parametrize("reset", ["iso", "epoch"])
async def test_150_concurrent_requests_against_30_per_3s_get_no_429(
    clock: VirtualClock, policy: str, reset: str
) -> None:
    sim = SimServer(clock, limit=30, window=3.0, reset=reset)
    client = make_client(clock, sim, policy=policy)
    started = clock.time()
    await burst(client, 150)
    assert sim.statuses.count(429) == 0
    assert sim.statuses.count(200) == 150
    # Five windows' worth: it cannot finish before the fifth window opens. Whole-second
    # epoch resets are read as the end of their second (they may be truncated), which
    # costs up to a second per window.
    elapsed = clock.time() - started
    assert 12.0 <= elapsed < (16.0 if reset == "iso" else 21.0)


async def test_wait_spends_freely_then_waits_for_the_reset(clock: VirtualClock) -> None:
    sim = SimServer(clock, limit=30, window=3.0, latency=0.01)
    client = make_client(clock, sim, policy="wait")
    await burst(client, 60)
    window_end = (sim.sent[0].at // 3.0 + 1) * 3.0
    in_first_window = [s for s in sim.sent if s.at < window_end]
    assert len(in_first_window) == 30  # the whole budget at once ...
    assert sim.sent[30].at >= window_end  # ... then a wait for the reset
    assert sim.statuses.count(429) == 0


async def test_pace_spreads_the_budget_evenly(clock: VirtualClock) -> None:
    sim = SimServer(clock, limit=30, window=3.0, latency=0.01)
    client = make_client(clock, sim, policy="pace")
    await client.statuses.get("first")  # learn the limit
    clock.now = (clock.now // 3.0 + 1) * 3.0  # start of a fresh window
    await burst(client, 20)
    times = [s.at for s in sim.sent[1:]]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    # 30 per 3 s spread evenly is one per 0.1 s; never a burst.
    assert min(gaps) >= 0.09
    assert sim.statuses.count(429) == 0


async def test_pace_after_an_idle_spell_sends_at_once(clock: VirtualClock) -> None:
    sim = SimServer(clock, limit=30, window=300.0, latency=0.01)
    client = make_client(clock, sim, policy="pace")
    await burst(client, 5)
    await clock.sleep(120)  # idle, well past the pacing interval
    before = clock.time()
    await client.statuses.get("x")
    assert clock.time() - before == pytest.approx(0.01)


async def test_pace_never_raises_when_a_window_expired(clock: VirtualClock) -> None:
    sim = SimServer(clock, limit=5, window=3.0, latency=0.01)
    client = make_client(clock, sim, policy="pace")
    await burst(client, 5)
    await clock.sleep(30)  # several windows pass with the budget spent
    await burst(client, 5)
    assert sim.statuses.count(429) == 0


async def test_raise_policy_raises_with_the_reset_and_sends_nothing(clock: VirtualClock) -> None:
    sim = SimServer(clock, limit=3, window=60.0, latency=0.01)
    client = make_client(clock, sim, policy="raise")
    for n in range(3):
        await client.statuses.get(str(n))
    with pytest.raises(RateLimited) as caught:
        await client.statuses.get("4")
    assert len(sim.sent) == 3
    reset = datetime.fromtimestamp((clock.now // 60 + 1) * 60, timezone.utc)
    assert caught.value.reset_at is not None
    assert abs((caught.value.reset_at - reset).total_seconds()) < 1.0
    assert "not sent" in str(caught.value)


async def test_max_wait_raises_rather_than_wait_longer(clock: VirtualClock) -> None:
    sim = SimServer(clock, limit=2, window=60.0, latency=0.01)
    client = make_client(clock, sim, max_wait=5.0)
    await burst(client, 2)
    with pytest.raises(RateLimited, match="max_wait is 5 s"):
        await client.statuses.get("3")
    assert len(sim.sent) == 2


async def test_until_the_limit_is_known_one_request_at_a_time(clock: VirtualClock) -> None:
    sim = SimServer(clock, limit=300, window=300.0, latency=1.0)
    client = make_client(clock, sim)
    first = asyncio.gather(*(client.statuses.get(str(i)) for i in range(5)))
    await first
    assert sim.max_in_flight >= 2  # once known, they go together
    times = sorted(s.at for s in sim.sent)
    assert times[1] - times[0] == pytest.approx(1.0)  # the second waited for the first answer


async def test_a_server_without_rate_limit_headers_is_not_throttled(clock: VirtualClock) -> None:
    sim = SimServer(clock, latency=1.0, headers=False)
    client = make_client(clock, sim, max_concurrency=8)
    await burst(client, 40)
    assert sim.max_in_flight == 8  # the concurrency cap, nothing more
    assert client.rate_limits[0].limit is None


async def test_media_sub_bucket_holds_uploads_while_other_requests_go_on(
    clock: VirtualClock,
) -> None:
    sim = SimServer(clock, limit=300, window=300.0, media=(3, 60.0), latency=0.01)
    client = make_client(clock, sim)
    await client.statuses.get("warm-up")
    uploads = [asyncio.ensure_future(client.media.upload(PNG)) for _ in range(5)]
    await asyncio.sleep(0)
    reads = asyncio.gather(*(client.statuses.get(str(i)) for i in range(20)))
    await reads
    read_done = clock.time()
    await asyncio.gather(*uploads)
    assert sim.statuses.count(429) == 0
    media_times = [s.at for s in sim.sent if s.path == "/api/v2/media"]
    assert len(media_times) == 5
    assert read_done < media_times[3]  # the reads did not wait behind the held uploads
    assert media_times[3] >= (media_times[0] // 60 + 1) * 60 - 0.01
    names = {b.name for b in client.rate_limits}
    assert names == {"account", "media"}


async def test_server_clock_skew_is_corrected(clock: VirtualClock) -> None:
    sim = SimServer(clock, limit=10, window=60.0, skew=120.0, latency=0.01)
    client = make_client(clock, sim)
    started = clock.time()
    await burst(client, 20)
    assert sim.statuses.count(429) == 0
    # Uncorrected, the reset would look 120 s later than it is. (The correction leans a
    # second late, as Date has one-second resolution.)
    assert clock.time() - started < 62.0


async def test_garbled_reset_degrades_safely(clock: VirtualClock) -> None:
    sim = SimServer(clock, limit=10, window=3.0, reset="garbled", latency=0.01)
    client = make_client(clock, sim)
    await burst(client, 15)
    assert sim.statuses.count(429) == 0
    assert sim.statuses.count(200) == 15


async def test_429_waits_for_the_reset_then_succeeds(clock: VirtualClock) -> None:
    sim = SimServer(clock, limit=300, window=300.0, latency=0.01)
    events: list[SchedulerEvent] = []
    client = make_client(clock, sim, events)
    reset = datetime.fromtimestamp(clock.now + 10, timezone.utc).isoformat(timespec="microseconds")
    sim.faults.append(
        once(
            429,
            headers={
                "X-RateLimit-Limit": "300",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": reset,
            },
        )
    )
    started = clock.time()
    status = await client.statuses.get("1")
    assert status.id == "1"
    assert sim.statuses == [429, 200]
    # Until the reset, plus half the one-second jitter (random() is 0.5 here).
    assert sim.sent[1].at - started == pytest.approx(10.5 + 0.01, abs=0.05)
    assert [e.kind for e in events][:2] == ["rate_limited", "retry"]


async def test_429_with_retry_after(clock: VirtualClock) -> None:
    sim = SimServer(clock, latency=0.01)
    client = make_client(clock, sim)
    sim.faults.append(once(429, headers={"Retry-After": "7"}))
    started = clock.time()
    await client.statuses.get("1")
    assert sim.sent[1].at - started == pytest.approx(7.5 + 0.01, abs=0.05)


async def test_429_in_raise_mode_raises_with_reset_at(clock: VirtualClock) -> None:
    sim = SimServer(clock, latency=0.01)
    client = make_client(clock, sim, policy="raise")
    sim.faults.append(once(429, headers={"Retry-After": "30"}))
    with pytest.raises(RateLimited) as caught:
        await client.statuses.get("1")
    assert caught.value.status == 429
    assert caught.value.reset_at is not None
    assert caught.value.reset_at.timestamp() == pytest.approx(clock.now + 30, abs=0.1)
    assert len(sim.sent) == 1


async def test_transient_failures_are_retried_with_full_jitter_backoff(clock: VirtualClock) -> None:
    sim = SimServer(clock, latency=0.01)
    events: list[SchedulerEvent] = []
    client = make_client(clock, sim, events)
    sim.faults += [once(503), once(502), refuse(sent=True)]
    await client.statuses.get("1")
    assert sim.statuses == [503, 502, 0, 200]
    retries = [e for e in events if e.kind == "retry"]
    # random() is 0.5: half of 0.5 s, 1 s, 2 s.
    assert [e.delay for e in retries] == [0.25, 0.5, 1.0]
    assert [e.attempt for e in retries] == [1, 2, 3]


async def test_retries_are_bounded(clock: VirtualClock) -> None:
    sim = SimServer(clock, latency=0.01)
    client = make_client(clock, sim, retries=2)
    sim.faults += [once(503), once(503), once(503), once(503)]
    with pytest.raises(ServerError):
        await client.statuses.get("1")
    assert sim.statuses == [503, 503, 503]


async def test_a_plain_post_is_not_retried_once_it_may_have_arrived(clock: VirtualClock) -> None:
    sim = SimServer(clock, latency=0.01)
    client = make_client(clock, sim)
    sim.faults.append(once(503))
    with pytest.raises(ServerError):
        await client.lists.create("friends")  # a second list, if sent twice
    assert sim.statuses == [503]
    sim.faults.append(refuse(sent=True))
    with pytest.raises(TransportError):
        await client.lists.create("friends")
    assert sim.statuses == [503, 0]


async def test_a_post_idempotent_by_meaning_is_retried(clock: VirtualClock) -> None:
    # Favouriting twice favourites once: the route says so (retry_safe).
    sim = SimServer(clock, latency=0.01)
    client = make_client(clock, sim)
    sim.faults += [once(503), refuse(sent=True)]
    await client.statuses.favourite("1")
    assert sim.statuses == [503, 0, 200]


async def test_a_post_that_never_left_is_retried(clock: VirtualClock) -> None:
    sim = SimServer(clock, latency=0.01)
    client = make_client(clock, sim)
    sim.faults.append(refuse(sent=False))
    await client.statuses.favourite("1")
    assert sim.statuses == [0, 200]


async def test_posting_a_status_is_retried_with_the_same_idempotency_key(
    clock: VirtualClock,
) -> None:
    sim = SimServer(clock, latency=0.01)
    client = make_client(clock, sim)
    seen: list[PreparedRequest] = []
    sim.faults += [once(503, seen=seen), once(504, seen=seen)]
    await client.statuses.create("hello")
    keys = [r.headers["Idempotency-Key"] for r in seen]
    assert len(keys) == 2
    assert keys[0] == keys[1]
    assert sim.statuses == [503, 504, 200]
    # A second logical post gets a new key; a caller's own key is used as given.
    sim.faults.append(once(503, seen=seen))
    await client.statuses.create("again", idempotency_key="mine-1")
    assert seen[2].headers["Idempotency-Key"] == "mine-1"


async def test_rate_limits_are_inspectable(clock: VirtualClock) -> None:
    sim = SimServer(clock, limit=30, window=300.0, latency=0.01)
    client = make_client(clock, sim)
    assert client.rate_limits == []
    await burst(client, 4)
    (account,) = client.rate_limits
    assert (account.name, account.limit, account.remaining, account.in_flight) == (
        "account",
        30,
        26,
        0,
    )
    assert account.reset_at is not None
    assert account.reset_at.tzinfo is not None


async def test_waits_and_retries_are_logged_without_the_token(
    clock: VirtualClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="aiomastodon")
    sim = SimServer(clock, limit=2, window=3.0, latency=0.01)
    client = make_client(clock, sim)
    sim.faults.append(once(503))
    await burst(client, 3)
    assert "wait GET /api/v1/statuses/" in caplog.text
    assert "retry GET /api/v1/statuses/" in caplog.text
    assert TOKEN not in caplog.text


async def test_one_scheduler_is_shared_by_clients_of_the_same_account(clock: VirtualClock) -> None:
    sim = SimServer(clock, limit=10, window=3.0, latency=0.01)
    scheduler = Scheduler(clock=clock.time, sleep=clock.sleep, random=lambda: 0.5)
    one = Client(BASE, access_token=TOKEN, transport=sim, scheduler=scheduler)
    two = Client(BASE, access_token=TOKEN, transport=sim, scheduler=scheduler)
    await asyncio.gather(burst(one, 15), burst(two, 15))
    assert sim.statuses.count(429) == 0
    assert one.rate_limits == two.rate_limits


def test_bad_policy_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="wait, pace or raise"):
        Scheduler(policy="hurry")  # type: ignore[arg-type]


async def test_a_media_upload_is_retried_after_503(clock: VirtualClock) -> None:
    # A duplicate upload is never attached and the server deletes it: safe to resend.
    sim = SimServer(clock, latency=0.01)
    client = make_client(clock, sim)
    sim.faults.append(once(503, path="/api/v2/media"))
    await client.media.upload(PNG)
    assert sim.statuses == [503, 200]


async def test_a_429_whose_reset_already_passed_waits_a_moment(clock: VirtualClock) -> None:
    sim = SimServer(clock, latency=0.01)
    client = make_client(clock, sim)
    past = datetime.fromtimestamp(clock.now - 5, timezone.utc).isoformat(timespec="microseconds")
    sim.faults.append(once(429, headers={"X-RateLimit-Reset": past}))
    started = clock.time()
    await client.statuses.get("1")
    assert sim.sent[1].at - started == pytest.approx(1.5 + 0.01, abs=0.05)
