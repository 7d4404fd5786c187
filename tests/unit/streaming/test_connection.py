"""The SSE reader: cancelled, it stops, even when the cancel lands as a chunk arrives."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from types import SimpleNamespace

import pytest
from yarl import URL

from aiomastodon.streaming.connection import SSEConnection
from aiomastodon.streaming.subscriptions import Subscription
from aiomastodon.transport.aiohttp import _Streamed


class _Body:
    """``response.content``: each ``readany()`` is a future the test completes."""

    def __init__(self) -> None:
        self.reads: asyncio.Queue[asyncio.Future[bytes]] = asyncio.Queue()

    def readany(self) -> asyncio.Future[bytes]:
        chunk: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self.reads.put_nowait(chunk)
        return chunk


async def test_a_cancel_that_lands_as_a_heartbeat_arrives_ends_the_reader() -> None:
    # What hung the SSE tests' teardown: the link task was cancelled in the same loop
    # turn as a ``:thump`` arrived; asyncio.wait_for() (before 3.12) then returned the
    # chunk and dropped the cancel, and the link read heartbeats for ever.
    body = _Body()
    # The transport's streamed answer around a stand-in aiohttp response, read as the
    # stream reads it.
    response = SimpleNamespace(status=200, headers={}, url=URL("http://127.0.0.1/"), content=body)
    request = SimpleNamespace(method="GET", path="/api/v1/streaming/user")
    streamed = _Streamed(response, request, idle=60.0)  # type: ignore[arg-type]
    connection = SSEConnection(streamed, AsyncExitStack(), Subscription("user"))

    async def read() -> None:
        await connection.pump(lambda _: None)

    reader = asyncio.ensure_future(read())
    first = await asyncio.wait_for(body.reads.get(), 5)
    first.set_result(b":thump\n")
    reader.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(reader, 5)
    assert reader.cancelled()
