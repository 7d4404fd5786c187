"""What aiomastodon.testing gained when our own integration tests moved onto it:
redirects as faults, upload digests in the log, the window of a relaxed budget, and
``POST /api/v1/apps``."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator

import aiohttp
import pytest

from aiomastodon import Client, RedirectRefused
from aiomastodon.testing import FakeMastodon

pytestmark = pytest.mark.integration

NOW = 1_767_225_610.0  # 2026-01-01T00:00:10Z


@pytest.fixture
async def server() -> AsyncIterator[FakeMastodon]:
    async with FakeMastodon(clock=lambda: NOW, media_polls=0) as server:
        await server.seed(["alice"], statuses=[("alice", "one")])
        yield server


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def test_a_redirect_is_answered_before_the_route_for_count_requests(
    server: FakeMastodon, http: aiohttp.ClientSession
) -> None:
    server.faults.redirect("/oauth/revoke", "http://127.0.0.1:9/x?y=1", method="POST")
    server.faults.redirect("/api/v1/statuses/*", "/api/v1/statuses/2", status=301, count=2)
    async with http.post(f"{server.url}/oauth/revoke", allow_redirects=False) as response:
        assert (response.status, response.headers["Location"]) == (307, "http://127.0.0.1:9/x?y=1")
        assert "X-RateLimit-Remaining" in response.headers  # the API answered it
    async with http.post(f"{server.url}/oauth/revoke", allow_redirects=False) as response:
        assert response.status == 404  # count=1: spent, and no such route here
    statuses = []
    for _ in range(3):
        url = f"{server.url}/api/v1/statuses/1"
        async with http.get(url, allow_redirects=False) as response:
            statuses.append((response.status, response.headers.get("Location")))
    assert statuses == [(301, "/api/v1/statuses/2")] * 2 + [(404, None)]
    assert server.faults.served == {"307": 1, "301": 2}


async def test_a_cross_origin_redirect_is_refused_by_the_client(server: FakeMastodon) -> None:
    [status_id] = list(server.world.statuses)
    server.faults.redirect(f"/api/v1/statuses/{status_id}", "http://localhost:9/elsewhere")
    async with Client(server.url, access_token=server.token("alice"), retries=0) as client:
        with pytest.raises(RedirectRefused, match="another origin"):
            await client.statuses.get(status_id)
    assert [r.status for r in server.requests_to("/api/v1/statuses/*")] == [307]


async def test_uploads_are_logged_with_their_digest(server: FakeMastodon) -> None:
    data = bytes(range(256)) * 40
    server.faults.fail("/api/v2/media", status=503)
    async with Client(server.url, access_token=server.token("alice"), retries=1) as client:
        await client.media.upload(data)
    first, second = server.requests_to("/api/v2/media")
    assert (first.status, second.status) == (503, 200)
    digest = hashlib.sha256(data).hexdigest()
    assert first.file_digests == second.file_digests == (digest,)
    assert first.files == (("file", "upload", len(data)),)


async def test_a_relaxed_budget_has_the_window_asked_for(
    server: FakeMastodon, http: aiohttp.ClientSession
) -> None:
    server.ratelimits.relax(window=0.5)
    server.faults.rate_limit(count=1)
    url = f"{server.url}/api/v1/timelines/public"
    async with http.get(url) as refused, http.get(url) as served:
        # NOW is 10.0 s past the minute: a 0.5 s window ends at 10.5 s.
        assert refused.status == 429
        assert refused.headers["X-RateLimit-Reset"] == "2026-01-01T00:00:10.500000Z"
        assert served.status == 200
        assert served.headers["X-RateLimit-Reset"] == "2026-01-01T00:00:10.500000Z"
        assert int(served.headers["X-RateLimit-Remaining"]) > 1000
    server.ratelimits.relax()
    async with http.get(url) as response:
        assert response.headers["X-RateLimit-Reset"] == "2026-01-01T00:05:00.000000Z"


async def test_an_app_is_registered_with_new_credentials(server: FakeMastodon) -> None:
    async with Client(server.url) as anonymous:
        one = await anonymous.apps.create(
            "bot", redirect_uris=["urn:ietf:wg:oauth:2.0:oob", "https://bot.example/cb"],
            scopes="read write", website="https://bot.example",
        )  # fmt: skip
        two = await anonymous.apps.create("bot", redirect_uris="urn:ietf:wg:oauth:2.0:oob")
    assert (one.name, one.website, one.scopes) == ("bot", "https://bot.example", ["read", "write"])
    assert one.redirect_uris == ["urn:ietf:wg:oauth:2.0:oob", "https://bot.example/cb"]
    assert two.scopes == ["read"]
    assert one.id != two.id
    assert one.client_id
    assert one.client_secret
    assert {one.client_id, one.client_secret}.isdisjoint({two.client_id, two.client_secret})
    [logged, _] = server.requests_to("/api/v1/apps")
    assert logged.status == 200


async def test_an_app_without_a_redirect_uri_is_refused(
    server: FakeMastodon, http: aiohttp.ClientSession
) -> None:
    async with http.post(f"{server.url}/api/v1/apps", data={"client_name": "x"}) as response:
        assert response.status == 422
        assert await response.json() == {"error": "Validation failed: Redirect URI can't be blank"}


@pytest.mark.parametrize("where", ["header", "query", "protocol"])
async def test_a_streaming_handshake_is_logged_as_whose_token_it_was(
    server: FakeMastodon, http: aiohttp.ClientSession, where: str
) -> None:
    token = server.token("alice")
    url = f"{server.url}/api/v1/streaming?stream=user"
    headers: dict[str, str] = {}
    if where == "header":
        headers["Authorization"] = f"Bearer {token}"
    elif where == "query":
        url += f"&access_token={token}"
    protocols = (token,) if where == "protocol" else ()
    server.faults.redirect("/api/v1/streaming", "/api/v1/streaming?stream=user&hop=1")
    first = {"Sec-WebSocket-Protocol": token} if where == "protocol" else headers
    async with http.get(url, headers=first, allow_redirects=False) as response:
        assert response.status == 307
    async with http.ws_connect(url, headers=headers, protocols=protocols) as socket:
        await socket.close()
    stranger = {"Authorization": "Bearer not-a-token"}
    with pytest.raises(aiohttp.WSServerHandshakeError):
        await http.ws_connect(f"{server.url}/api/v1/streaming?stream=user", headers=stranger)
    logged = server.requests_to("/api/v1/streaming")
    assert [r.account for r in logged] == ["alice", "alice", None]
    assert token not in repr(logged)


async def test_held_requests_are_logged_then_answered_at_the_release(
    server: FakeMastodon,
) -> None:
    server.faults.hold("/api/v1/timelines/*")
    async with Client(server.url) as client:
        walk = asyncio.ensure_future(client.timelines.public().collect())
        await server.until(lambda: len(server.requests) == 1)
        async with Client(server.url) as other:
            instance = await asyncio.wait_for(other.instance.get(), 5)  # not held
        assert instance.title
        assert not walk.done()
        assert [r.status for r in server.requests_to("/api/v1/timelines/public")] == [None]
        server.faults.release()
        statuses = await asyncio.wait_for(walk, 5)
    assert [s.content for s in statuses] == ["<p>one</p>"]
    # Later requests are not held.
    async with Client(server.url) as client:
        assert len(await asyncio.wait_for(client.timelines.public().collect(), 5)) == 1
