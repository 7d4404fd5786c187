"""The Client: sessions it owns or borrows, headers, timeouts, namespaces."""

from __future__ import annotations

import logging

import aiohttp
import pytest
from aioresponses import aioresponses
from yarl import URL

import aiomastodon
from aiomastodon import Client, TransportError
from aiomastodon.api.statuses import Statuses
from aiomastodon.scheduler import Scheduler
from aiomastodon.testing import VirtualClock
from tests.conftest import BASE, TOKEN

STATUS = f"{BASE}/api/v1/statuses/1"
PAYLOAD = {
    "id": "1",
    "created_at": "2026-11-27T00:00:00Z",
    "account": {"id": "2", "created_at": "2026-11-27T00:00:00Z"},
}


async def test_borrowed_session_is_used_and_never_closed(mocked: aioresponses) -> None:
    mocked.get(STATUS, payload=PAYLOAD)
    async with aiohttp.ClientSession() as session:
        async with Client(BASE, access_token=TOKEN, session=session) as client:
            status = await client.statuses.get("1")
        assert status.id == "1"
        assert not session.closed
        request = mocked.requests[("GET", URL(STATUS))][0]
        assert request.kwargs["headers"]["Authorization"] == f"Bearer {TOKEN}"


async def test_own_session_is_closed_on_exit(mocked: aioresponses) -> None:
    mocked.get(STATUS, payload=PAYLOAD)
    client = Client(BASE, access_token=TOKEN)
    async with client:
        await client.statuses.get("1")
        session = client._transport._session  # type: ignore[attr-defined]
        assert session is not None
        assert not session.closed
    assert session.closed


async def test_custom_user_agent_and_no_token(mocked: aioresponses) -> None:
    mocked.get(STATUS, payload=PAYLOAD)
    async with Client(BASE, user_agent="mybot/1.0") as client:
        await client.statuses.get("1")
    headers = mocked.requests[("GET", URL(STATUS))][0].kwargs["headers"]
    assert headers["User-Agent"] == "mybot/1.0"
    assert "Authorization" not in headers


async def test_timeout_is_passed_to_aiohttp(mocked: aioresponses) -> None:
    mocked.get(STATUS, payload=PAYLOAD)
    async with Client(BASE, timeout=7.5) as client:
        await client.statuses.get("1")
    timeout = mocked.requests[("GET", URL(STATUS))][0].kwargs["timeout"]
    assert timeout.total == 7.5


async def test_close_without_use_is_harmless() -> None:
    client = Client(BASE)
    await client.close()
    await client.close()


async def test_token_never_logged(mocked: aioresponses, caplog: pytest.LogCaptureFixture) -> None:
    mocked.get(STATUS, status=503, body=b"down")
    caplog.set_level(logging.DEBUG)
    async with Client(BASE, access_token=TOKEN, retries=0) as client:
        with pytest.raises(aiomastodon.ServerError):
            await client.statuses.get("1")
    assert "GET /api/v1/statuses/1 -> 503" in caplog.text
    assert TOKEN not in caplog.text


async def test_namespaces_are_cached() -> None:
    client = Client(BASE)
    assert isinstance(client.statuses, Statuses)
    assert client.statuses is client.statuses


async def test_transport_error_does_not_leak_the_token(mocked: aioresponses) -> None:
    mocked.get(STATUS, exception=aiohttp.ClientOSError(111, "Connection refused"))
    clock = VirtualClock()  # the retries' backoff, in no time
    scheduler = Scheduler(clock=clock.time, sleep=clock.sleep)
    async with Client(BASE, access_token=TOKEN, scheduler=scheduler) as client:
        with pytest.raises(TransportError) as caught:
            await client.statuses.get("1")
    assert TOKEN not in str(caught.value)
    assert TOKEN not in repr(caught.value)


def test_routes_lists_every_endpoint_once() -> None:
    table = aiomastodon.routes()
    keys = [(r.method, r.path) for r in table]
    assert len(keys) == len(set(keys))
    assert ("GET", "/api/v1/statuses/:id") in keys
    get = next(r for r in table if r.name == "statuses.get")
    assert (get.method, get.path, get.template) == (
        "GET",
        "/api/v1/statuses/:id",
        "/api/v1/statuses/{id}",
    )
