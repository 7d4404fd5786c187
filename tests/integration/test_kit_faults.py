"""aiomastodon.testing's faults, rate-limit budgets and request log, over real HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import aiohttp
import pytest

from aiomastodon import Client, DecodeError, RateLimited, TransportError
from aiomastodon.scheduler import Scheduler
from aiomastodon.testing import FakeMastodon, VirtualClock

pytestmark = pytest.mark.integration

NOW = 1_767_225_610.0  # 2026-01-01T00:00:10Z


@pytest.fixture
async def server() -> AsyncIterator[FakeMastodon]:
    async with FakeMastodon(clock=lambda: NOW) as server:
        await server.seed(["alice", "bob"], statuses=[("bob", "one"), ("bob", "two")])
        yield server


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def public(server: FakeMastodon) -> str:
    return f"{server.url}/api/v1/timelines/public"


async def test_the_next_answers_of_an_endpoint_fail_as_asked(
    server: FakeMastodon, http: aiohttp.ClientSession
) -> None:
    server.faults.fail("/api/v1/timelines/*", status=502, count=2, skip=1)
    server.faults.fail("/api/v1/timelines/*", status=418, body=b"<html>teapot</html>",
                       content_type="text/html")  # fmt: skip
    answers = []
    for _ in range(5):
        async with http.get(public(server)) as response:
            answers.append((response.status, await response.read()))
    assert [status for status, _ in answers] == [200, 502, 502, 418, 200]
    assert answers[1][1].startswith(b'{"error":"')
    assert answers[3][1] == b"<html>teapot</html>"
    assert server.faults.served == {"502": 2, "418": 1}
    assert server.faults.pending() == 0


async def test_a_mastodon_429_says_the_window_ends_and_a_proxys_says_when_to_retry(
    server: FakeMastodon, http: aiohttp.ClientSession
) -> None:
    server.faults.rate_limit()
    server.faults.rate_limit(proxy=True)
    async with http.get(public(server)) as response:
        assert response.status == 429
        assert await response.json() == {"error": "Too many requests"}
        assert response.headers["X-RateLimit-Remaining"] == "0"
        assert response.headers["X-RateLimit-Reset"] == "2026-01-01T00:05:00.000000Z"
        assert "Retry-After" not in response.headers  # Mastodon sends none
    async with http.get(public(server)) as response:
        assert response.status == 429
        assert response.headers["X-RateLimit-Reset"] == "2026-01-01T00:00:11.200000Z"
        assert response.headers["Retry-After"] == "2"


async def test_every_answer_has_rate_limit_headers_and_the_servers_date(
    server: FakeMastodon, http: aiohttp.ClientSession
) -> None:
    async with http.get(public(server)) as first, http.get(public(server)) as second:
        assert int(second.headers["X-RateLimit-Remaining"]) == (
            int(first.headers["X-RateLimit-Remaining"]) - 1
        )
        assert parsedate_to_datetime(first.headers["Date"]) == datetime.fromtimestamp(
            int(NOW), timezone.utc
        )


async def test_an_enforced_budget_refuses_with_mastodons_429(
    server: FakeMastodon, http: aiohttp.ClientSession
) -> None:
    server.ratelimits.enforce(limit=2, window=60.0)
    statuses = []
    for _ in range(3):
        async with http.get(public(server)) as response:
            statuses.append(response.status)
            body = await response.read()
    assert statuses == [200, 200, 429]
    assert body == b'{"error":"Too many requests"}'
    assert response.headers["X-RateLimit-Limit"] == "2"
    assert response.headers["X-RateLimit-Reset"] == "2026-01-01T00:01:00.000000Z"
    async with Client(server.url, access_token=server.token("alice"), ratelimit="raise") as c:
        for _ in range(2):  # a budget per token: alice's is whole
            await c.accounts.verify_credentials()
        with pytest.raises(RateLimited):  # the scheduler learnt: Remaining 0, not sent
            await c.accounts.verify_credentials()
    assert len(server.requests_to("/api/v1/accounts/verify_credentials")) == 2


async def test_uploads_and_deletions_have_budgets_of_their_own(
    server: FakeMastodon, http: aiohttp.ClientSession
) -> None:
    server.ratelimits.enforce()  # Mastodon's: 300 per 5 min, 30 uploads and deletions
    token = server.token("bob")
    headers = {"Authorization": f"Bearer {token}"}
    [status_id, *_] = server.world.statuses
    async with http.delete(f"{server.url}/api/v1/statuses/{status_id}", headers=headers) as r:
        assert (r.status, r.headers["X-RateLimit-Limit"]) == (200, "30")
        assert r.headers["X-RateLimit-Remaining"] == "29"
        assert r.headers["X-RateLimit-Reset"] == "2026-01-01T00:30:00.000000Z"
    async with http.get(public(server), headers=headers) as r:
        assert (r.headers["X-RateLimit-Limit"], r.headers["X-RateLimit-Remaining"]) == (
            "300", "298",
        )  # fmt: skip


async def test_a_client_under_a_budget_waits_instead_of_being_refused() -> None:
    clock = VirtualClock()
    async with FakeMastodon(clock=clock.time) as server:
        token = await server.add_account("alice")
        server.ratelimits.enforce(limit=3, window=300.0)
        scheduler = Scheduler(clock=clock.time, sleep=clock.sleep)
        async with Client(server.url, access_token=token, scheduler=scheduler) as client:
            for n in range(7):
                await client.statuses.create(f"post {n}")
        assert [r.status for r in server.requests] == [200] * 7
        assert clock.time() - VirtualClock().time() >= 600  # two windows waited out


async def test_a_truncated_body_is_a_decode_error(server: FakeMastodon) -> None:
    server.faults.truncate("/api/v1/timelines/public")
    async with Client(server.url, retries=0) as client:
        with pytest.raises(DecodeError):
            [s async for s in client.timelines.public()]


async def test_a_dropped_body_and_a_reset_connection_are_retried_by_the_client(
    server: FakeMastodon, http: aiohttp.ClientSession
) -> None:
    server.faults.drop("/api/v1/timelines/public")
    with pytest.raises(aiohttp.ClientPayloadError):
        async with http.get(public(server)) as response:
            await response.read()
    server.faults.reset("/api/v1/statuses")
    # A POST: aiohttp itself sends a GET again when its connection closes unanswered.
    with pytest.raises(aiohttp.ServerDisconnectedError):
        async with http.post(f"{server.url}/api/v1/statuses", data={"status": "x"}) as response:
            await response.read()
    assert server.requests[-1].status is None  # logged, never answered
    server.faults.drop("/api/v1/timelines/public")
    server.faults.reset("/api/v1/timelines/public")
    scheduler = Scheduler(sleep=lambda _: asyncio.sleep(0))
    async with Client(server.url, scheduler=scheduler) as client:
        assert len([s async for s in client.timelines.public()]) == 2
    assert server.faults.served == {"drop": 2, "reset": 2}


async def test_latency_outlasts_a_short_timeout(server: FakeMastodon) -> None:
    server.faults.latency(30.0, "/api/v1/timelines/public")
    async with Client(server.url, timeout=0.2, retries=0) as client:
        with pytest.raises(TransportError):
            [s async for s in client.timelines.public()]
    server.faults.clear()
    async with Client(server.url, timeout=5.0) as client:
        assert len([s async for s in client.timelines.public()]) == 2


async def test_the_log_shows_what_was_sent_without_the_secrets(
    server: FakeMastodon, http: aiohttp.ClientSession
) -> None:
    token = server.token("alice")
    async with Client(server.url, access_token=token) as client:
        await client.statuses.create("logged", visibility="unlisted")
    async with http.get(f"{public(server)}?access_token={token}&limit=5") as response:
        assert response.status == 200
    form = {"password": "hunter2", "status": "x"}
    async with http.post(f"{server.url}/api/v1/statuses", data=form) as response:
        assert response.status == 401  # no user: Mastodon's 401
    posted, queried, anonymous = server.requests
    assert (posted.method, posted.path, posted.account, posted.status) == (
        "POST", "/api/v1/statuses", "alice", 200,
    )  # fmt: skip
    assert posted.authorized
    assert posted.header("authorization") == "<redacted>"
    assert posted.param("visibility") == "unlisted"
    assert posted.header("Idempotency-Key")
    assert dict(queried.query) == {"access_token": "<redacted>", "limit": "5"}
    assert not queried.authorized
    assert queried.account == "alice"
    assert anonymous.param("password") == "<redacted>"
    assert anonymous.account is None
    everything = repr(server.requests)
    assert token not in everything
    assert "hunter2" not in everything


async def test_a_smaller_page_max_and_the_in_flight_gauge(server: FakeMastodon) -> None:
    server.page_max = 1
    server.faults.latency(0.05, "/api/v1/statuses/*")
    [first, second] = list(server.world.statuses)
    async with Client(server.url) as client:
        walked = [s.id async for s in client.timelines.public(limit=40)]
        await asyncio.gather(*(client.statuses.get(i) for i in (first, second, first)))
    assert walked == [second, first]
    assert [r.param("limit") for r in server.requests_to("/api/v1/timelines/public")] == [
        "40", "40", "40",
    ]  # fmt: skip
    assert server.max_in_flight == 3
    assert server.in_flight == 0


async def test_uploads_are_logged_by_size(server: FakeMastodon) -> None:
    server.media.polls = 0
    async with Client(server.url, access_token=server.token("alice")) as client:
        await client.media.upload(b"\x89PNG\r\n\x1a\n" + b"x" * 92, description="alt")
    [upload] = server.requests_to("/api/v2/media")
    assert upload.files == (("file", "upload", 100),)
    assert upload.param("description") == "alt"


async def test_a_streaming_handshake_can_get_a_faults_answer(
    server: FakeMastodon, http: aiohttp.ClientSession
) -> None:
    elsewhere = "http://127.0.0.1:9/api/v1/streaming"
    server.faults.fail("/api/v1/streaming", status=307, headers={"Location": elsewhere})
    server.faults.fail("/api/v1/streaming/*", status=502, body=b"<html>bad</html>",
                       content_type="text/html")  # fmt: skip
    url = f"{server.url}/api/v1/streaming"
    async with http.get(url, allow_redirects=False) as response:
        assert (response.status, response.headers["Location"]) == (307, elsewhere)
    async with http.get(f"{url}/user", headers={"Authorization": "Bearer x"}) as response:
        assert (response.status, await response.read()) == (502, b"<html>bad</html>")
    assert server.streaming.handshakes == []  # neither reached the streaming side
