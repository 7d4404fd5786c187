"""Servers that close every connection after answering, without ``Connection: close``.

snac 2.94 does so (tests/data/realservers/OBSERVATIONS.md): the next request on the pooled
connection then fails before any answer. The client learns such an origin and stops
reusing its connections; what still fails is retried when that is safe. A server that
keeps connections keeps its one connection.
"""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp
import pytest

from aiomastodon import Client
from aiomastodon.errors import TransportError
from aiomastodon.scheduler import Scheduler, SchedulerEvent

from .raw_server import RawRequest, RawServer, http_answer

pytestmark = pytest.mark.integration

DATA = Path(__file__).resolve().parents[1] / "data"
STATUS = (DATA / "mastodon-api" / "examples" / "Status.json").read_bytes()
ACCOUNT = json.loads((DATA / "realservers" / "snac" / "07-verify-credentials.json").read_text())[
    "body"
].encode()


def _answer(request: RawRequest) -> bytes:
    if request.target.startswith("/api/v1/accounts/verify_credentials"):
        return http_answer(body=ACCOUNT)
    return http_answer(body=STATUS)


def _retries() -> tuple[Scheduler, list[SchedulerEvent]]:
    events: list[SchedulerEvent] = []
    scheduler = Scheduler(on_event=events.append, sleep=_no_sleep)
    return scheduler, events


async def _no_sleep(seconds: float) -> None:
    return None


async def _session_of_a_bot(client: Client) -> None:
    """What a bot does: who am I, read, then favourite and unfavourite in a row."""
    await client.accounts.verify_credentials()
    await client.statuses.get("1")
    for _ in range(5):
        await client.statuses.favourite("1")
        await client.statuses.unfavourite("1")


async def test_a_server_that_closes_every_connection_costs_no_retry_and_no_error() -> None:
    scheduler, events = _retries()
    async with (
        RawServer(_answer, keep_alive=False) as server,
        Client(server.url, access_token="token", scheduler=scheduler) as client,
    ):
        await _session_of_a_bot(client)
    # The first sign is usually aiohttp's own second attempt of the GET, which teaches the
    # client before any POST fails (live against snac 2.94: no retry in
    # 20 requests); should a POST be the first to meet a closed connection, it is the one retry.
    retries = [event for event in events if event.kind == "retry"]
    assert len(retries) <= 1
    # Each call reached the server once: nothing was sent twice.
    assert len(server.requests) == 12
    # From the first sign on, every request goes on a connection that is not kept.
    closing = [r.headers.get("connection") == "close" for r in server.requests]
    assert True in closing
    assert all(closing[closing.index(True) :])


async def test_a_server_that_keeps_connections_keeps_one() -> None:
    scheduler, events = _retries()
    async with (
        RawServer(_answer, keep_alive=True) as server,
        Client(server.url, access_token="token", scheduler=scheduler) as client,
    ):
        await _session_of_a_bot(client)
    assert [event for event in events if event.kind == "retry"] == []
    assert len(server.requests) == 12
    assert server.connections == 1
    assert not any(r.headers.get("connection") == "close" for r in server.requests)


async def test_with_a_borrowed_session_safe_requests_are_retried_not_failed() -> None:
    # The caller's session keeps its own connector; the favourites, safe to send twice,
    # are retried where a closed connection failed them.
    scheduler, events = _retries()
    async with (
        RawServer(_answer, keep_alive=False) as server,
        aiohttp.ClientSession() as session,
        Client(server.url, access_token="token", scheduler=scheduler, session=session) as client,
    ):
        await _session_of_a_bot(client)
    favourites = [r for r in server.requests if r.method == "POST"]
    assert len(favourites) == 10  # every one arrived once: the failed ones never had
    retried = {event.endpoint for event in events if event.kind == "retry"}
    assert retried <= {"POST /api/v1/statuses/1/favourite", "POST /api/v1/statuses/1/unfavourite"}


async def test_a_request_unsafe_to_resend_is_not_sent_twice() -> None:
    # POST /api/v1/lists creates a list: after a failure that may have reached the server
    # it is reported, not repeated. (A server that drops the request unread is the case
    # where that is visible: it closes at once.)
    def drop(request: RawRequest) -> bytes:
        return b""  # close without any answer

    scheduler, events = _retries()
    async with (
        RawServer(drop, keep_alive=False) as server,
        Client(server.url, access_token="token", scheduler=scheduler) as client,
    ):
        with pytest.raises(TransportError) as caught:
            await client.lists.create("friends")
    assert caught.value.endpoint == "POST /api/v1/lists"
    assert len(server.requests) == 1
    assert [event for event in events if event.kind == "retry"] == []
