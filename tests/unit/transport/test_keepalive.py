"""Learning which origins keep connections (transport/keepalive.py), without a network."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from aiomastodon._sansio.request import PreparedRequest
from aiomastodon.transport.keepalive import (
    FRESH_REQUESTS,
    LEARNING_REQUESTS,
    WATCH,
    KeepAlive,
    Tracing,
)


def request(url: str = "http://127.0.0.1:8080/api/v1/statuses/1") -> PreparedRequest:
    return PreparedRequest("GET", URL(url), CIMultiDictProxy(CIMultiDict()))


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as made:
        yield made


@pytest.fixture
async def keepalive() -> AsyncIterator[KeepAlive]:
    made = KeepAlive(aiohttp.ClientTimeout(total=5), Tracing())
    yield made
    await made.close()


async def test_a_reused_connection_that_answered_ends_the_watch(
    session: aiohttp.ClientSession, keepalive: KeepAlive
) -> None:
    chosen, attempt = keepalive.begin(session, request())
    assert chosen is session
    assert attempt is not None
    assert WATCH in session.trace_configs  # lent while the watched request is out
    attempt.reused = True
    keepalive.end(session, request(), attempt, answered=True)
    assert WATCH not in session.trace_configs
    assert keepalive.begin(session, request()) == (session, None)  # known: not watched


async def test_aiohttps_own_second_attempt_marks_the_origin_as_closing(
    session: aiohttp.ClientSession, keepalive: KeepAlive
) -> None:
    _, attempt = keepalive.begin(session, request())
    assert attempt is not None
    attempt.reused = attempt.replaced = True  # a GET aiohttp sent again, on a new connection
    keepalive.end(session, request(), attempt, answered=True)
    unkept = [keepalive.begin(session, request())[0] for _ in range(FRESH_REQUESTS)]
    assert all(chosen is not session for chosen in unkept)
    assert unkept[0].connector is not None
    assert unkept[0].connector.force_close
    # Another origin is not concerned; and after the fresh requests, the origin is learnt again.
    assert keepalive.begin(session, request("http://127.0.0.1:9090/x"))[0] is session
    chosen, attempt = keepalive.begin(session, request())
    assert chosen is session
    assert attempt is not None


@pytest.mark.parametrize(
    ("error", "closing"),
    [
        (aiohttp.ServerDisconnectedError(), True),
        (aiohttp.ClientOSError(104, "Connection reset by peer"), True),
        (aiohttp.ClientOSError(None, "Can not write request body for x"), True),
        (aiohttp.ClientConnectorError(None, OSError(111, "refused")), False),  # type: ignore[arg-type]
        (aiohttp.ServerTimeoutError("timeout"), False),
        (ValueError("not a connection"), False),
    ],
)
async def test_a_connection_closed_before_an_answer_marks_the_origin(
    session: aiohttp.ClientSession,
    keepalive: KeepAlive,
    error: BaseException,
    closing: bool,
) -> None:
    # Known to keep connections, yet one closed under a request: that counts too.
    _, attempt = keepalive.begin(session, request())
    assert attempt is not None
    attempt.reused = True
    keepalive.end(session, request(), attempt, answered=True)
    keepalive.end(session, request(), None, answered=False, error=error)
    assert (keepalive.begin(session, request())[0] is not session) is closing


async def test_an_origin_never_reused_is_watched_only_so_long(
    session: aiohttp.ClientSession, keepalive: KeepAlive
) -> None:
    # Takahē: every answer says Connection: close, so no connection is ever reused.
    for _ in range(LEARNING_REQUESTS):
        _, attempt = keepalive.begin(session, request())
        assert attempt is not None
        keepalive.end(session, request(), attempt, answered=True)
    assert keepalive.begin(session, request()) == (session, None)
    assert WATCH not in session.trace_configs


async def test_a_trace_config_stays_lent_while_anyone_holds_it(
    session: aiohttp.ClientSession,
) -> None:
    tracing = Tracing()
    tracing.hold(session, WATCH)
    tracing.hold(session, WATCH)
    tracing.drop(session, WATCH)
    assert session.trace_configs.count(WATCH) == 1
    tracing.drop(session, WATCH)
    assert WATCH not in session.trace_configs
    tracing.drop(session, WATCH)  # one drop too many is harmless
    assert WATCH not in session.trace_configs
