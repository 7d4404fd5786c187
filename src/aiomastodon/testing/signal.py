"""Waiting on a condition without polling: the kit's ``Signal``.

The fake server calls its ``Signal`` whenever anything a test may wait for changes
(a request came, a stream opened, a status was posted). A test waits with
``await server.until(lambda: ...)``: the condition is looked at again after each change,
and the test fails after a bound instead of hanging.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

__all__ = ["DEFAULT_TIMEOUT", "Signal"]

DEFAULT_TIMEOUT = 5.0
"""Seconds one wait may take before the test fails (generous: nothing here is slow)."""


class Signal:
    """Something changed: wake every task waiting in ``until()``, to look again.

    Callable with any arguments, so that it can be passed as a callback (a stream's
    ``on_state``, for one), which makes those callbacks wake the waiters too.
    """

    def __init__(self) -> None:
        self._waiters: list[asyncio.Future[None]] = []

    def __call__(self, *_: object) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.get_loop().call_soon_threadsafe(_wake, waiter)

    async def until(
        self, condition: Callable[[], object], timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        """Return once ``condition()`` is true, looking again at each change.

        Raises:
            AssertionError: ``condition()`` was still false after ``timeout`` seconds.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not condition():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"still not true after {timeout:g} s: {condition}")
            waiter = loop.create_future()
            self._waiters.append(waiter)
            await asyncio.wait([waiter], timeout=remaining)


def _wake(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)
