"""Which servers keep connections open: learnt per origin, for the aiohttp transport.

Some servers (snac 2.94) close the connection after every answer without saying
``Connection: close``. The close reaches aiohttp a moment after the answer, often after
the next request went out on the pooled connection, which then fails before any answer:
aiohttp sends GET, HEAD, PUT and DELETE again once by itself, on a new connection; any
other method fails. aiohttp 3.14 has no per-host switch for keep-alive and hands out no
pooled connection, so the transport decides per origin, from what aiohttp reports:

- **Learning.** An origin's first ``LEARNING_REQUESTS`` requests are watched through a
  trace config (lent to the session only while a watched request is in flight: a trace
  config costs every request of its session some 15 µs). A reused connection that
  answered means the origin keeps connections: nothing is watched any more. A reused
  connection that failed before its answer (aiohttp's own second attempt on a new
  connection shows it even when the request succeeded) means it closes them.
- **Closing.** Any request whose connection closed before an answer arrived marks its
  origin too. The origin's next ``FRESH_REQUESTS`` requests then go on connections that
  are not kept (a second session, whose connector has ``force_close=True`` and sends
  ``Connection: close``), so none meets a closed one; then the origin is learnt again.

Only a session the transport made is handled so: a session the caller lent keeps its own
connector (give it ``aiohttp.TCPConnector(force_close=True)`` for such a server); the
request loop's retries (``scheduler/retry.py``) still cover what fails.
"""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Final

import aiohttp

from .._sansio.origin import Origin, origin_of
from .._sansio.request import PreparedRequest

__all__ = ["FRESH_REQUESTS", "LEARNING_REQUESTS", "Attempt", "KeepAlive", "Tracing"]

LEARNING_REQUESTS: Final = 8
"""Requests watched per origin before it is taken as one that keeps connections."""

FRESH_REQUESTS: Final = 256
"""Requests sent on connections that are not kept, once an origin was seen closing one."""

# Python 3.10's asyncio.TimeoutError is not the builtin TimeoutError: catch both.
_TIMEOUTS = (TimeoutError, asyncio.TimeoutError)


class Attempt:
    """What aiohttp did with the connections of one watched request."""

    __slots__ = ("origin", "replaced", "reused")

    def __init__(self, origin: Origin) -> None:
        self.origin = origin
        self.reused = False
        self.replaced = False  # a new connection after a reused one: aiohttp's own retry


async def _on_reused(
    session: aiohttp.ClientSession,
    context: SimpleNamespace,
    params: aiohttp.TraceConnectionReuseconnParams,
) -> None:
    attempt = context.trace_request_ctx
    if isinstance(attempt, Attempt):
        attempt.reused = True


async def _on_created(
    session: aiohttp.ClientSession,
    context: SimpleNamespace,
    params: aiohttp.TraceConnectionCreateEndParams,
) -> None:
    attempt = context.trace_request_ctx
    if isinstance(attempt, Attempt) and attempt.reused:
        attempt.replaced = True


WATCH: Final = aiohttp.TraceConfig()
WATCH.on_connection_reuseconn.append(_on_reused)
WATCH.on_connection_create_end.append(_on_created)
WATCH.freeze()


class Tracing:
    """Lends trace configs to sessions only while some request needs them."""

    def __init__(self) -> None:
        self._users: dict[tuple[int, int], int] = {}

    def hold(self, session: aiohttp.ClientSession, config: aiohttp.TraceConfig) -> None:
        """Have ``config`` on ``session`` until the matching ``drop``."""
        key = (id(session), id(config))
        users = self._users.get(key, 0)
        if not users and config not in session.trace_configs:
            session.trace_configs.append(config)
        self._users[key] = users + 1

    def drop(self, session: aiohttp.ClientSession, config: aiohttp.TraceConfig) -> None:
        """Release one ``hold``; the last takes ``config`` off ``session``."""
        key = (id(session), id(config))
        users = self._users.pop(key, 0) - 1
        if users > 0:
            self._users[key] = users
        elif config in session.trace_configs:
            session.trace_configs.remove(config)


class KeepAlive:
    """Per origin: keep its connections, watch them, or send on unkept ones.

    Args:
        timeout: The timeout of the unkept session.
        tracing: Where watched requests borrow the ``WATCH`` trace config.
    """

    def __init__(self, timeout: aiohttp.ClientTimeout, tracing: Tracing) -> None:
        self._timeout = timeout
        self._tracing = tracing
        self._keeps: set[Origin] = set()
        self._learning: dict[Origin, int] = {}  # requests watched so far
        self._closing: dict[Origin, int] = {}  # requests left on unkept connections
        self._unkept: aiohttp.ClientSession | None = None

    def begin(
        self, session: aiohttp.ClientSession, request: PreparedRequest
    ) -> tuple[aiohttp.ClientSession, Attempt | None]:
        """The session to send ``request`` with, and the attempt to watch (if any)."""
        origin = origin_of(request.url)
        if origin in self._keeps:
            return session, None
        left = self._closing.get(origin)
        if left is not None:
            if left > 1:
                self._closing[origin] = left - 1
            else:
                del self._closing[origin]  # the next request learns the origin again
            return self._unkept_session(), None
        seen = self._learning.get(origin, 0)
        if seen >= LEARNING_REQUESTS:
            # Never reused (each answer said Connection: close, or requests came slowly):
            # nothing to fear from its pool, so stop watching.
            del self._learning[origin]
            self._keeps.add(origin)
            return session, None
        self._learning[origin] = seen + 1
        self._tracing.hold(session, WATCH)
        return session, Attempt(origin)

    def end(
        self,
        session: aiohttp.ClientSession,
        request: PreparedRequest,
        attempt: Attempt | None,
        *,
        answered: bool,
        error: BaseException | None = None,
    ) -> None:
        """Learn from how ``request`` went (``answered``: its status and headers came)."""
        if attempt is not None:
            self._tracing.drop(session, WATCH)
        closed = (
            not answered
            and isinstance(error, aiohttp.ClientConnectionError)
            and not isinstance(error, (aiohttp.ClientConnectorError, *_TIMEOUTS))
        )
        if closed or (attempt is not None and attempt.replaced):
            origin = origin_of(request.url)
            self._keeps.discard(origin)
            self._learning.pop(origin, None)
            self._closing[origin] = FRESH_REQUESTS
        elif attempt is not None and attempt.reused and answered:
            self._learning.pop(attempt.origin, None)
            self._keeps.add(attempt.origin)

    def _unkept_session(self) -> aiohttp.ClientSession:
        if self._unkept is None or self._unkept.closed:
            connector = aiohttp.TCPConnector(force_close=True)
            self._unkept = aiohttp.ClientSession(connector=connector, timeout=self._timeout)
        return self._unkept

    async def close(self) -> None:
        """Close the unkept session, if one was made."""
        if self._unkept is not None:
            await self._unkept.close()
            self._unkept = None
