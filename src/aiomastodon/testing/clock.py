"""Virtual time for asyncio tests: waits that take no real time, in the right order.

```python
clock = VirtualClock()
scheduler = Scheduler(clock=clock.time, sleep=clock.sleep)
```

A task that sleeps is parked until virtual time reaches its deadline. Time moves only
when every task is blocked, and then straight to the earliest deadline, so sleeps wake in
the order real time would wake them, and an hour passes in microseconds. It suits code
whose only waiting is on this clock and on other tasks (a fake transport, not sockets).
"""

from __future__ import annotations

import asyncio
import heapq
import itertools

__all__ = ["VirtualClock"]

_IDLE_SPINS = 1_000  # ceiling on yields while waiting for the loop to settle


class VirtualClock:
    """A clock whose ``sleep`` advances virtual time instead of waiting.

    Args:
        start: The virtual time to start at, in epoch seconds (default 2026-01-01 UTC).
    """

    def __init__(self, start: float = 1_767_225_600.0) -> None:
        self.now = start
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._driver: asyncio.Task[None] | None = None

    def time(self) -> float:
        """The current virtual time, in epoch seconds."""
        return self.now

    async def sleep(self, delay: float) -> None:
        """Wait ``delay`` virtual seconds (at once, in real time, when nothing else can run)."""
        loop = asyncio.get_running_loop()
        wake: asyncio.Future[None] = loop.create_future()
        heapq.heappush(self._sleepers, (self.now + max(delay, 0.0), next(self._order), wake))
        if self._driver is None or self._driver.done():
            self._driver = loop.create_task(self._drive())
        await wake

    async def _drive(self) -> None:
        while self._sleepers:
            await _settle()
            deadline, _, wake = heapq.heappop(self._sleepers)
            if wake.done():  # cancelled while asleep
                continue
            self.now = max(self.now, deadline)
            wake.set_result(None)


async def _settle() -> None:
    """Yield until no other callback is ready to run."""
    loop = asyncio.get_running_loop()
    ready = getattr(loop, "_ready", None)
    for _ in range(_IDLE_SPINS):
        await asyncio.sleep(0)
        if ready is not None and not ready:
            return
