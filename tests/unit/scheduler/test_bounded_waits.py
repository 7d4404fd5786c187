"""A default client never sleeps a day on a server's word (issue 12, item 7), in virtual time."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from aiomastodon import Client, RateLimited
from aiomastodon.scheduler import Scheduler
from aiomastodon.scheduler.scheduler import DEFAULT_MAX_WAIT
from aiomastodon.testing import VirtualClock
from tests.conftest import BASE, TOKEN

from .sim import SimServer, once

DAY = 86_400.0


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


def default_client(clock: VirtualClock, sim: SimServer, **options: object) -> Client:
    """As a caller makes one: every bound at its default, only time injected."""
    scheduler = Scheduler(clock=clock.time, sleep=clock.sleep, random=lambda: 0.5, **options)  # type: ignore[arg-type]
    return Client(BASE, access_token=TOKEN, transport=sim, scheduler=scheduler)


def test_the_default_bound_covers_mastodons_longest_window_and_no_more() -> None:
    assert 30 * 60 < DEFAULT_MAX_WAIT <= 40 * 60
    assert Scheduler().max_wait == DEFAULT_MAX_WAIT
    assert Client(BASE).scheduler.max_wait == DEFAULT_MAX_WAIT


async def test_a_24_hour_retry_after_raises_at_once_with_the_time(clock: VirtualClock) -> None:
    sim = SimServer(clock, latency=0.01)
    client = default_client(clock, sim)
    sim.faults.append(once(429, headers={"Retry-After": "86400"}))
    started = clock.time()
    with pytest.raises(RateLimited) as caught:
        await client.statuses.get("1")
    assert clock.time() - started == pytest.approx(0.01)  # the request's latency, no sleep
    assert len(sim.sent) == 1
    assert caught.value.reset_at is not None
    assert caught.value.reset_at.timestamp() == pytest.approx(started + DAY, abs=2.0)
    text = str(caught.value)
    assert f"until {caught.value.reset_at:%Y-%m-%dT%H:%M:%SZ}" in text
    assert "max_wait is 2100 s" in text


async def test_a_reset_a_day_away_on_a_429_raises_at_once(clock: VirtualClock) -> None:
    sim = SimServer(clock, latency=0.01)
    client = default_client(clock, sim)
    reset = datetime.fromtimestamp(clock.now + DAY, timezone.utc).isoformat()
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
    with pytest.raises(RateLimited) as caught:
        await client.statuses.get("1")
    assert clock.time() - started < 1.0
    assert caught.value.reset_at is not None
    assert caught.value.reset_at.timestamp() == pytest.approx(started + DAY, abs=2.0)
    # Until then, every request is refused at once, never sent.
    with pytest.raises(RateLimited):
        await client.statuses.get("2")
    assert len(sim.sent) == 1


@pytest.mark.parametrize("retry_after", ["240", "1740"])  # 4 minutes; 29 minutes
async def test_a_wait_within_mastodons_windows_is_waited(
    clock: VirtualClock, retry_after: str
) -> None:
    sim = SimServer(clock, latency=0.01)
    client = default_client(clock, sim)
    sim.faults.append(once(429, headers={"Retry-After": retry_after}))
    started = clock.time()
    status = await client.statuses.get("1")
    assert status.id == "1"
    assert sim.statuses == [429, 200]
    # The wait, plus half the second of jitter (random() is 0.5 here).
    assert sim.sent[1].at - started == pytest.approx(float(retry_after) + 0.5 + 0.01, abs=0.05)


async def test_an_exhausted_30_minute_window_is_waited_for(clock: VirtualClock) -> None:
    sim = SimServer(clock, limit=300, window=300.0, media=(2, 1800.0), latency=0.01)
    client = default_client(clock, sim)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    for _ in range(3):
        await client.media.upload(png)
    assert sim.statuses.count(429) == 0
    assert sim.sent[-1].at - sim.sent[0].at > 60  # the third waited for the window's reset


async def test_max_wait_none_waits_as_long_as_the_server_says(clock: VirtualClock) -> None:
    sim = SimServer(clock, latency=0.01)
    client = default_client(clock, sim, max_wait=None)
    sim.faults.append(once(429, headers={"Retry-After": "86400"}))
    started = clock.time()
    await client.statuses.get("1")
    assert sim.sent[1].at - started == pytest.approx(DAY + 0.5 + 0.01, abs=0.05)


async def test_a_retry_after_a_year_away_is_garbage_not_a_time(clock: VirtualClock) -> None:
    # Milliseconds read as seconds, say: the patient default for a bare 429 (backoff_cap).
    sim = SimServer(clock, latency=0.01)
    client = default_client(clock, sim)
    sim.faults.append(once(429, headers={"Retry-After": str(int(400 * DAY))}))
    started = clock.time()
    await client.statuses.get("1")
    assert sim.sent[1].at - started == pytest.approx(30.0 + 0.5 + 0.01, abs=0.05)
