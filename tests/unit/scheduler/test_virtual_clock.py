"""The virtual clock: sleeps wake in deadline order, without real waiting."""

from __future__ import annotations

import asyncio
import time

from aiomastodon.testing import VirtualClock


async def test_sleeps_wake_in_order_and_take_no_real_time() -> None:
    clock = VirtualClock(start=1000.0)
    woke: list[tuple[str, float]] = []

    async def sleeper(name: str, delay: float) -> None:
        await clock.sleep(delay)
        woke.append((name, clock.time()))

    started = time.perf_counter()
    await asyncio.gather(sleeper("late", 3600), sleeper("early", 1), sleeper("middle", 60))
    assert woke == [("early", 1001.0), ("middle", 1060.0), ("late", 4600.0)]
    assert time.perf_counter() - started < 1.0


async def test_time_waits_for_other_tasks_to_settle() -> None:
    clock = VirtualClock(start=0.0)
    ready = asyncio.Event()
    seen: list[float] = []

    async def worker() -> None:
        for _ in range(50):
            await asyncio.sleep(0)  # busy, not sleeping on the clock
        seen.append(clock.time())
        ready.set()

    async def sleeper() -> None:
        await clock.sleep(5)
        seen.append(clock.time())

    await asyncio.gather(sleeper(), worker())
    assert seen == [0.0, 5.0]


async def test_a_cancelled_sleep_does_not_move_time() -> None:
    clock = VirtualClock(start=0.0)
    task = asyncio.ensure_future(clock.sleep(100))
    await asyncio.sleep(0)
    task.cancel()
    await clock.sleep(1)
    assert clock.time() == 1.0
