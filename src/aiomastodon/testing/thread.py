"""``ThreadedMastodon``: the fake server in a thread of its own, for synchronous callers.

A test whose client blocks (a command line run in the same process with
``asyncio.run``, a synchronous library, another process) cannot share the server's event
loop. This runs a ``FakeMastodon`` on a loop in a daemon thread;
``ThreadedMastodon.run()`` runs one of its coroutines there and returns the result,
``ThreadedMastodon.call()`` does the same for a plain function (to read its state
safely), and ``ThreadedMastodon.until()`` waits on its condition.

```python
with ThreadedMastodon() as threaded:
    token = threaded.run(threaded.server.add_account("alice"))
    threaded.run(threaded.server.post_many(as_="alice", count=50))
    subprocess.run([sys.executable, "my_bot.py", threaded.url, token], check=True)
    threaded.until(lambda: len(threaded.server.world.statuses) > 50)
```
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from types import TracebackType
from typing import TypeVar

from .server import FakeMastodon
from .signal import DEFAULT_TIMEOUT

__all__ = ["ThreadedMastodon"]

T = TypeVar("T")
_START_TIMEOUT = 10.0


class ThreadedMastodon:
    """A ``FakeMastodon`` serving from its own thread.

    Args:
        server: The server to run (default: a new one). Build it with any options;
            it starts in the thread.
    """

    def __init__(self, server: FakeMastodon | None = None) -> None:
        self._server = server
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    @property
    def server(self) -> FakeMastodon:
        """The server (touch its state through ``run()`` or ``call()``)."""
        if self._server is None:
            raise RuntimeError("ThreadedMastodon is not started")
        return self._server

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> str:
        """Start the thread and the server; the server's base URL."""
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="FakeMastodon", daemon=True)
        thread.start()
        self._loop, self._thread = loop, thread

        async def make() -> FakeMastodon:
            server = self._server or FakeMastodon()
            await server.start()
            return server

        self._server = asyncio.run_coroutine_threadsafe(make(), loop).result(_START_TIMEOUT)
        return self._server.url

    def run(self, coroutine: Coroutine[object, object, T], timeout: float = 30.0) -> T:
        """Run ``coroutine`` on the server's loop; its result."""
        if self._loop is None:
            coroutine.close()
            raise RuntimeError("ThreadedMastodon is not started")
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def call(self, function: Callable[[], T], timeout: float = 30.0) -> T:
        """Call ``function`` on the server's loop (where its state lives); its result."""

        async def call() -> T:
            return function()

        return self.run(call(), timeout)

    def until(self, condition: Callable[[], object], timeout: float = DEFAULT_TIMEOUT) -> None:
        """Block until ``condition()`` holds on the server's loop (fail after ``timeout``)."""
        self.run(self.server.until(condition, timeout), timeout + 5.0)

    def stop(self) -> None:
        """Stop the server and the thread."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        self._loop = self._thread = None
        if self._server is not None:
            asyncio.run_coroutine_threadsafe(self._server.stop(), loop).result(_START_TIMEOUT)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(_START_TIMEOUT)
        loop.close()

    def __enter__(self) -> ThreadedMastodon:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
