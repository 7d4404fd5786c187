"""Redirects and the streaming host: the token and request bodies go nowhere but the instance.

Two fake Mastodons of the kit on loopback: the instance, and another origin (another
port) whose log shows whatever reaches it. Redirects are the instance's faults, answered
before any route (so ``/oauth/*``, which the kit does not serve, redirects too). Every
test asserts on what the other one received. Which token came is in the log as whose it
was (``account``): only alice holds :data:`TOKEN`, on both servers.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from aiomastodon import Client, auth
from aiomastodon._sansio.origin import MAX_REDIRECTS
from aiomastodon.errors import RedirectRefused, StreamingURLRefused
from aiomastodon.streaming import StreamOptions
from aiomastodon.testing import FakeMastodon, RecordedRequest

pytestmark = pytest.mark.integration

TOKEN = "secret-token"
SECRET = "client-secret-value"
PASSWORD = "hunter2-password"
DEADLINE = 10.0
FOREVER = 100  # a redirect that every request meets, reconnects included


async def _server() -> FakeMastodon:
    server = FakeMastodon()
    await server.start()
    await server.add_account("alice", token=TOKEN)
    return server


@pytest.fixture
async def instance() -> AsyncIterator[FakeMastodon]:
    server = await _server()
    yield server
    await server.stop()


@pytest.fixture
async def elsewhere() -> AsyncIterator[FakeMastodon]:
    server = await _server()
    yield server
    await server.stop()


@pytest.fixture
async def client(instance: FakeMastodon) -> AsyncIterator[Client]:
    async with Client(instance.url, access_token=TOKEN, retries=0) as client:
        yield client


def credentials(instance: FakeMastodon) -> auth.Credentials:
    return auth.Credentials(
        base_url=instance.url,
        client_id="client-id",
        client_secret=SECRET,
        scopes=("read", "write"),
        access_token=TOKEN,
    )


def with_alices_token(requests: list[RecordedRequest]) -> bool:
    """Each request carried ``Authorization: Bearer`` :data:`TOKEN` (the log redacts the
    value, but names the account it acts as, found from the header when no other place
    holds a token)."""
    return bool(requests) and all(
        r.authorized
        and r.account == "alice"
        and r.param("access_token") is None
        and r.header("Sec-WebSocket-Protocol") is None
        for r in requests
    )


# --- requests with a body are never redirected ----------------------------------------------


@pytest.mark.parametrize("status", [307, 308])
async def test_a_redirected_revoke_never_reaches_the_other_origin(
    instance: FakeMastodon, elsewhere: FakeMastodon, client: Client, status: int
) -> None:
    instance.faults.redirect(
        "/oauth/revoke", f"{elsewhere.url}/oauth/revoke", status=status, method="POST"
    )
    with pytest.raises(RedirectRefused) as raised:
        await auth.revoke(client, credentials(instance))
    assert elsewhere.requests == []
    assert raised.value.endpoint == "POST /oauth/revoke"
    assert raised.value.target == elsewhere.url
    assert raised.value.status == status
    assert SECRET not in str(raised.value)
    assert TOKEN not in str(raised.value)


async def test_a_redirected_password_grant_never_sends_the_password_elsewhere(
    instance: FakeMastodon, elsewhere: FakeMastodon, client: Client
) -> None:
    instance.faults.redirect("/oauth/token", f"{elsewhere.url}/oauth/token?x=1", method="POST")
    with pytest.raises(RedirectRefused) as raised:
        await auth.password_token(client, credentials(instance), "a@example.social", PASSWORD)
    assert elsewhere.requests == []
    assert raised.value.endpoint == "POST /oauth/token"
    assert "x=1" not in str(raised.value)  # the origin only, never the query
    assert len(instance.requests) == 1


async def test_a_redirected_status_is_not_posted_again_anywhere(
    instance: FakeMastodon, elsewhere: FakeMastodon, client: Client
) -> None:
    instance.faults.redirect("/api/v1/statuses", f"{elsewhere.url}/api/v1/statuses")
    with pytest.raises(RedirectRefused, match=r"another origin|body again"):
        await client.statuses.create("hello")
    assert elsewhere.requests == []  # so neither the token nor the text went there
    assert instance.world.statuses == {}


async def test_a_post_redirected_on_the_same_origin_is_not_sent_again(
    instance: FakeMastodon, client: Client
) -> None:
    instance.faults.redirect("/api/v1/statuses", "/api/v1/statuses/again", method="POST")
    with pytest.raises(RedirectRefused, match="body again"):
        await client.statuses.create("hello")
    assert [(s.method, s.path) for s in instance.requests] == [("POST", "/api/v1/statuses")]
    assert instance.world.statuses == {}


# --- GET ------------------------------------------------------------------------------------


async def test_a_same_origin_get_redirect_is_followed_with_the_token(
    instance: FakeMastodon, client: Client
) -> None:
    one, two = await instance.post_many(as_="alice", count=2)
    instance.faults.redirect(f"/api/v1/statuses/{one}", f"/api/v1/statuses/{two}", status=301)
    found = await client.statuses.get(one)
    assert found.id == two
    assert [s.path for s in instance.requests] == [
        f"/api/v1/statuses/{one}",
        f"/api/v1/statuses/{two}",
    ]
    assert with_alices_token(instance.requests)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_a_cross_origin_get_redirect_raises(
    instance: FakeMastodon, elsewhere: FakeMastodon, client: Client, status: int
) -> None:
    (there,) = await elsewhere.post_many(as_="alice", count=1)
    (here,) = await instance.post_many(as_="alice", count=1)
    instance.faults.redirect(
        f"/api/v1/statuses/{here}", f"{elsewhere.url}/api/v1/statuses/{there}", status=status
    )
    with pytest.raises(RedirectRefused, match="another origin") as raised:
        await client.statuses.get(here)
    assert elsewhere.requests == []
    assert raised.value.endpoint == f"GET /api/v1/statuses/{here}"


async def test_a_redirect_loop_raises_after_the_bound(
    instance: FakeMastodon, client: Client
) -> None:
    one, two = await instance.post_many(as_="alice", count=2)
    instance.faults.redirect(f"/api/v1/statuses/{one}", f"/api/v1/statuses/{two}", status=302,
                             count=FOREVER)  # fmt: skip
    instance.faults.redirect(f"/api/v1/statuses/{two}", f"/api/v1/statuses/{one}", status=302,
                             count=FOREVER)  # fmt: skip
    with pytest.raises(RedirectRefused, match=f"more than {MAX_REDIRECTS} redirects"):
        await client.statuses.get(one)
    assert len(instance.requests) == MAX_REDIRECTS + 1


# --- streams --------------------------------------------------------------------------------

NO_GAPS = StreamOptions(gap_fill=False, multiplex=False, backoff_base=0.01, backoff_cap=0.02)


async def first_event(client: Client, options: StreamOptions) -> object:
    async with client.streaming.user(options=options) as stream:
        return await asyncio.wait_for(stream.__anext__(), DEADLINE)


async def first_update(
    client: Client, options: StreamOptions, server: FakeMastodon
) -> tuple[object, str]:
    """The first event of alice's user stream, once ``server`` carries it and alice posts
    there; and her status's id."""
    waiting = asyncio.ensure_future(first_event(client, options))
    await server.until(lambda: waiting.done() or server.streaming.subscribed(("user",), "alice"))
    if waiting.done():
        waiting.result()  # it failed: say how
    posted = await server.post(as_="alice", text="an update")
    return await waiting, posted


@pytest.mark.parametrize("transport", ["websocket", "sse"])
async def test_an_advertised_cleartext_server_on_another_host_gets_nothing(
    instance: FakeMastodon, elsewhere: FakeMastodon, client: Client, transport: str
) -> None:
    # "localhost" is not the instance's host (127.0.0.1), and ws:// is cleartext.
    instance.instance.streaming_url = elsewhere.url.replace("http://127.0.0.1", "ws://localhost")
    options = StreamOptions(transport=transport, gap_fill=False)
    with pytest.raises(StreamingURLRefused, match="another host over cleartext"):
        await first_event(client, options)
    assert elsewhere.requests == []


async def test_the_advertised_server_on_the_instances_host_gets_the_token_and_user_agent(
    instance: FakeMastodon, elsewhere: FakeMastodon
) -> None:
    instance.instance.streaming_url = elsewhere.url.replace("http://", "ws://")
    async with Client(instance.url, access_token=TOKEN, user_agent="bot/1.0") as client:
        event, posted = await first_update(client, NO_GAPS, elsewhere)
    assert getattr(event, "id", None) == posted
    (handshake,) = elsewhere.requests
    assert handshake.path == "/api/v1/streaming"
    assert with_alices_token([handshake])
    assert handshake.header("User-Agent") == "bot/1.0"
    assert instance.streaming.handshakes == []


@pytest.mark.parametrize("transport", ["websocket", "sse"])
async def test_a_stream_redirected_to_another_origin_ends_without_going_there(
    instance: FakeMastodon, elsewhere: FakeMastodon, client: Client, transport: str
) -> None:
    for path in ("/api/v1/streaming", "/api/v1/streaming/user"):
        instance.faults.redirect(path, f"{elsewhere.url}{path}", count=FOREVER)
    options = StreamOptions(transport=transport, gap_fill=False)
    with pytest.raises(RedirectRefused, match="another origin"):
        await first_event(client, options)
    assert elsewhere.requests == []
    streams = [s for s in instance.requests if s.path.startswith("/api/v1/streaming")]
    assert len(streams) == 1  # refused once: no reconnect loop


async def test_a_websocket_redirected_on_the_same_origin_is_followed(
    instance: FakeMastodon, client: Client
) -> None:
    instance.faults.redirect(
        "/api/v1/streaming", "/api/v1/streaming?stream=user&hop=here", status=302
    )
    event, posted = await first_update(client, NO_GAPS, instance)
    assert getattr(event, "id", None) == posted
    handshakes = [s for s in instance.requests if "streaming" in s.path]
    assert handshakes[0].status == 302
    # The first never reached the streaming side; the second, the redirect's, was accepted.
    assert [(h.query.get("hop"), h.outcome) for h in instance.streaming.handshakes] == [
        ("here", "accepted")
    ]
    assert [dict(s.query).get("hop") for s in handshakes] == [None, "here"]
    assert with_alices_token(handshakes)


async def test_an_event_stream_sends_the_user_agent(instance: FakeMastodon) -> None:
    options = StreamOptions(transport="sse", gap_fill=False)
    async with Client(instance.url, access_token=TOKEN, user_agent="bot/2.0") as client:
        event, posted = await first_update(client, options, instance)
    assert getattr(event, "id", None) == posted
    (opened,) = instance.requests_to("/api/v1/streaming/user")
    assert opened.header("User-Agent") == "bot/2.0"
    assert opened.header("Accept") == "text/event-stream"
    assert with_alices_token([opened])
