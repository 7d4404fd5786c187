"""aiomastodon.testing's media: asynchronous processing (202, then 206 until ready, then
200), attaching, and the separate media origin with Range requests and its faults."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
from yarl import URL

from aiomastodon import Client, Unprocessable
from aiomastodon.scheduler import Scheduler
from aiomastodon.testing import FakeMastodon

pytestmark = pytest.mark.integration

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.fixture
async def server() -> AsyncIterator[FakeMastodon]:
    async with FakeMastodon(media_polls=2) as server:
        await server.add_account("alice")
        yield server


@pytest.fixture
async def client(server: FakeMastodon) -> AsyncIterator[Client]:
    # The client's polling sleeps (0.5 s, 1 s...) pass at once: they are not the point.
    scheduler = Scheduler(sleep=lambda _: asyncio.sleep(0))
    async with Client(server.url, access_token=server.token("alice"), scheduler=scheduler) as c:
        yield c


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def test_an_upload_is_processed_after_the_answer_and_then_served_elsewhere(
    server: FakeMastodon, client: Client, http: aiohttp.ClientSession
) -> None:
    media = await client.media.upload(PNG, description="a test pattern")
    assert [r.status for r in server.requests] == [202, 206, 206, 200]
    assert media.url is not None
    assert media.description == "a test pattern"
    url = URL(media.url)
    assert url.origin() == URL(server.media_url).origin() != URL(server.url).origin()
    async with http.get(url) as response:
        assert response.status == 200
        assert await response.read() == PNG
        assert response.headers["Content-Type"] == "image/png"
    posted = await client.statuses.create("with a picture", media_ids=[media.id])
    assert [m.id for m in posted.media_attachments] == [media.id]
    [fetched] = server.requests_to(origin="media")
    assert not fetched.authorized  # this client sent no token there; the log would show it


async def test_the_log_shows_a_token_sent_to_the_media_origin(
    server: FakeMastodon, http: aiohttp.ClientSession
) -> None:
    media_id = await server.media.add(as_="alice", data=PNG)
    url = server.media_url + server.render.media_path(server.world.media[media_id])
    async with http.get(url, headers={"Authorization": "Bearer leaked"}) as response:
        assert response.status == 200
    [leak] = server.requests_to(origin="media")
    assert leak.authorized
    assert "leaked" not in repr(leak)


async def test_an_unprocessed_upload_cannot_be_attached(
    server: FakeMastodon, client: Client
) -> None:
    pending = await client.media.upload(PNG, wait=False)
    assert pending.url is None
    with pytest.raises(Unprocessable) as caught:
        await client.statuses.create("too soon", media_ids=[pending.id])
    assert caught.value.error == (
        "Cannot attach files that have not finished processing. Try again in a moment!"
    )
    server.media.process(pending.id)
    ready = await client.media.get(pending.id)
    assert ready.url is not None
    await client.statuses.create("now", media_ids=[pending.id])


async def test_small_uploads_can_be_ready_at_once(server: FakeMastodon, client: Client) -> None:
    server.media.polls = 0
    media = await client.media.upload(PNG)
    assert [r.status for r in server.requests] == [200]
    assert media.url is not None


async def test_range_requests_and_the_media_origins_faults(
    server: FakeMastodon, http: aiohttp.ClientSession
) -> None:
    media_id = await server.media.add(as_="alice", data=PNG, filename="p.png")
    url = server.media_url + server.render.media_path(server.world.media[media_id])
    async with http.get(url, headers={"Range": "bytes=8-15"}) as response:
        assert response.status == 206
        assert response.headers["Content-Range"] == f"bytes 8-15/{len(PNG)}"
        assert await response.read() == PNG[8:16]
    async with http.get(url, headers={"Range": "bytes=-4"}) as response:
        assert (response.status, await response.read()) == (206, PNG[-4:])
    async with http.get(url, headers={"Range": f"bytes={len(PNG)}-"}) as response:
        assert response.status == 416
    server.media.fail("no-range")
    async with http.get(url, headers={"Range": "bytes=8-15"}) as response:
        assert response.status == 200
        assert "Accept-Ranges" not in response.headers
        assert await response.read() == PNG
    server.media.fail("404")
    async with http.get(url) as response:
        assert response.status == 404
    server.media.fail("drop")
    with pytest.raises(aiohttp.ClientPayloadError):
        async with http.get(url) as response:
            await response.read()
    async with http.get(url) as response:
        assert await response.read() == PNG
