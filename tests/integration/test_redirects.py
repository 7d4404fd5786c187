"""Redirects and the streaming host: the token and request bodies go nowhere but the instance.

Two loopback servers: the instance, and another origin (another port) that records
whatever reaches it. Every test asserts on what the other one received.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiohttp import WSMsgType, web

from aiomastodon import Client, auth
from aiomastodon._sansio.origin import MAX_REDIRECTS
from aiomastodon.errors import RedirectRefused, StreamingURLRefused
from aiomastodon.streaming import StreamOptions

pytestmark = pytest.mark.integration

TOKEN = "secret-token"
SECRET = "client-secret-value"
PASSWORD = "hunter2-password"
DEADLINE = 10.0
EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "mastodon-api" / "examples"
STATUS = {**json.loads((EXAMPLES / "Status.json").read_text()), "id": "2"}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes


@dataclass
class Server:
    """An aiohttp.web app on 127.0.0.1 that records every request, then lets a route answer."""

    routes: dict[tuple[str, str], Handler] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    url: str = ""
    _runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        self.seen.append(
            Seen(request.method, request.path, dict(request.query), dict(request.headers), body)
        )
        handler = self.routes.get((request.method, request.path))
        if handler is None:
            return web.json_response({"error": "Record not found"}, status=404)
        return await handler(request)

    def on(self, method: str, path: str, handler: Handler) -> None:
        self.routes[(method, path)] = handler

    def redirect(self, method: str, path: str, location: str, status: int = 307) -> None:
        async def answer(request: web.Request) -> web.StreamResponse:
            return web.Response(status=status, headers={"Location": location})

        self.on(method, path, answer)

    def carried_secrets(self) -> bool:
        text = repr([(s.query, s.headers, s.body) for s in self.seen])
        return any(secret in text for secret in (TOKEN, SECRET, PASSWORD))


@pytest.fixture
async def instance() -> AsyncIterator[Server]:
    server = Server()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def elsewhere() -> AsyncIterator[Server]:
    server = Server()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def client(instance: Server) -> AsyncIterator[Client]:
    async with Client(instance.url, access_token=TOKEN, retries=0) as client:
        yield client


def credentials(instance: Server) -> auth.Credentials:
    return auth.Credentials(
        base_url=instance.url,
        client_id="client-id",
        client_secret=SECRET,
        scopes=("read", "write"),
        access_token=TOKEN,
    )


# --- requests with a body are never redirected ----------------------------------------------


@pytest.mark.parametrize("status", [307, 308])
async def test_a_redirected_revoke_never_reaches_the_other_origin(
    instance: Server, elsewhere: Server, client: Client, status: int
) -> None:
    instance.redirect("POST", "/oauth/revoke", f"{elsewhere.url}/oauth/revoke", status)
    with pytest.raises(RedirectRefused) as raised:
        await auth.revoke(client, credentials(instance))
    assert elsewhere.seen == []
    assert raised.value.endpoint == "POST /oauth/revoke"
    assert raised.value.target == elsewhere.url
    assert raised.value.status == status
    assert SECRET not in str(raised.value)
    assert TOKEN not in str(raised.value)


async def test_a_redirected_password_grant_never_sends_the_password_elsewhere(
    instance: Server, elsewhere: Server, client: Client
) -> None:
    instance.redirect("POST", "/oauth/token", f"{elsewhere.url}/oauth/token?x=1")
    with pytest.raises(RedirectRefused) as raised:
        await auth.password_token(client, credentials(instance), "a@example.social", PASSWORD)
    assert elsewhere.seen == []
    assert raised.value.endpoint == "POST /oauth/token"
    assert "x=1" not in str(raised.value)  # the origin only, never the query
    assert len(instance.seen) == 1


async def test_a_redirected_status_is_not_posted_again_anywhere(
    instance: Server, elsewhere: Server, client: Client
) -> None:
    instance.redirect("POST", "/api/v1/statuses", f"{elsewhere.url}/api/v1/statuses")
    with pytest.raises(RedirectRefused, match=r"another origin|body again"):
        await client.statuses.create("hello")
    assert elsewhere.seen == []
    assert not elsewhere.carried_secrets()


async def test_a_post_redirected_on_the_same_origin_is_not_sent_again(
    instance: Server, client: Client
) -> None:
    instance.redirect("POST", "/api/v1/statuses", "/api/v1/statuses/again")
    with pytest.raises(RedirectRefused, match="body again"):
        await client.statuses.create("hello")
    assert [(s.method, s.path) for s in instance.seen] == [("POST", "/api/v1/statuses")]


# --- GET ------------------------------------------------------------------------------------


async def test_a_same_origin_get_redirect_is_followed_with_the_token(
    instance: Server, client: Client
) -> None:
    async def status(request: web.Request) -> web.StreamResponse:
        return web.json_response(STATUS)

    instance.redirect("GET", "/api/v1/statuses/1", "/api/v1/statuses/2", 301)
    instance.on("GET", "/api/v1/statuses/2", status)
    found = await client.statuses.get("1")
    assert found.id == "2"
    assert [s.path for s in instance.seen] == ["/api/v1/statuses/1", "/api/v1/statuses/2"]
    assert all(s.headers["Authorization"] == f"Bearer {TOKEN}" for s in instance.seen)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_a_cross_origin_get_redirect_raises(
    instance: Server, elsewhere: Server, client: Client, status: int
) -> None:
    elsewhere.on("GET", "/api/v1/statuses/1", lambda request: _json(STATUS))
    instance.redirect("GET", "/api/v1/statuses/1", f"{elsewhere.url}/api/v1/statuses/1", status)
    with pytest.raises(RedirectRefused, match="another origin") as raised:
        await client.statuses.get("1")
    assert elsewhere.seen == []
    assert raised.value.endpoint == "GET /api/v1/statuses/1"


async def test_a_redirect_loop_raises_after_the_bound(instance: Server, client: Client) -> None:
    instance.redirect("GET", "/api/v1/statuses/1", "/api/v1/statuses/2", 302)
    instance.redirect("GET", "/api/v1/statuses/2", "/api/v1/statuses/1", 302)
    with pytest.raises(RedirectRefused, match=f"more than {MAX_REDIRECTS} redirects"):
        await client.statuses.get("1")
    assert len(instance.seen) == MAX_REDIRECTS + 1


async def _json(payload: object) -> web.StreamResponse:
    return web.json_response(payload)


# --- streams --------------------------------------------------------------------------------

NO_GAPS = StreamOptions(gap_fill=False, multiplex=False, backoff_base=0.01, backoff_cap=0.02)


def advertise(instance: Server, streaming: str) -> None:
    async def v2(request: web.Request) -> web.StreamResponse:
        return web.json_response(
            {"domain": "example", "configuration": {"urls": {"streaming": streaming}}}
        )

    instance.on("GET", "/api/v2/instance", v2)


async def first_event(client: Client, options: StreamOptions) -> object:
    async with client.streaming.user(options=options) as stream:
        return await asyncio.wait_for(stream.__anext__(), DEADLINE)


async def websocket_sending_one_update(request: web.Request) -> web.StreamResponse:
    socket = web.WebSocketResponse()
    await socket.prepare(request)
    frame = {"stream": ["user"], "event": "update", "payload": json.dumps(STATUS)}
    await socket.send_str(json.dumps(frame))
    async for message in socket:
        if message.type == WSMsgType.CLOSE:
            break
    return socket


@pytest.mark.parametrize("transport", ["websocket", "sse"])
async def test_an_advertised_cleartext_server_on_another_host_gets_nothing(
    instance: Server, elsewhere: Server, client: Client, transport: str
) -> None:
    # "localhost" is not the instance's host (127.0.0.1), and ws:// is cleartext.
    advertise(instance, elsewhere.url.replace("http://127.0.0.1", "ws://localhost"))
    options = StreamOptions(transport=transport, gap_fill=False)
    with pytest.raises(StreamingURLRefused, match="another host over cleartext"):
        await first_event(client, options)
    assert elsewhere.seen == []


async def test_the_advertised_server_on_the_instances_host_gets_the_token_and_user_agent(
    instance: Server, elsewhere: Server
) -> None:
    advertise(instance, elsewhere.url.replace("http://", "ws://"))
    elsewhere.on("GET", "/api/v1/streaming", websocket_sending_one_update)
    async with Client(instance.url, access_token=TOKEN, user_agent="bot/1.0") as client:
        event = await first_event(client, NO_GAPS)
    assert getattr(event, "id", None) == "2"
    (handshake,) = elsewhere.seen
    assert handshake.headers["Authorization"] == f"Bearer {TOKEN}"
    assert handshake.headers["User-Agent"] == "bot/1.0"


@pytest.mark.parametrize("transport", ["websocket", "sse"])
async def test_a_stream_redirected_to_another_origin_ends_without_going_there(
    instance: Server, elsewhere: Server, client: Client, transport: str
) -> None:
    for path in ("/api/v1/streaming", "/api/v1/streaming/user"):
        instance.redirect("GET", path, f"{elsewhere.url}{path}")
    options = StreamOptions(transport=transport, gap_fill=False)
    with pytest.raises(RedirectRefused, match="another origin"):
        await first_event(client, options)
    assert elsewhere.seen == []
    streams = [s for s in instance.seen if s.path.startswith("/api/v1/streaming")]
    assert len(streams) == 1  # refused once: no reconnect loop


async def test_a_websocket_redirected_on_the_same_origin_is_followed(
    instance: Server, client: Client
) -> None:
    instance.redirect("GET", "/api/v1/streaming", "/streaming-here?stream=user", 302)
    instance.on("GET", "/streaming-here", websocket_sending_one_update)
    event = await first_event(client, NO_GAPS)
    assert getattr(event, "id", None) == "2"
    handshakes = [s for s in instance.seen if "streaming" in s.path]
    assert [s.path for s in handshakes] == ["/api/v1/streaming", "/streaming-here"]
    assert all(s.headers["Authorization"] == f"Bearer {TOKEN}" for s in handshakes)


async def test_an_event_stream_sends_the_user_agent(instance: Server) -> None:
    async def events(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        await response.write(f"event: update\ndata: {json.dumps(STATUS)}\n\n".encode())
        return response

    instance.on("GET", "/api/v1/streaming/user", events)
    options = StreamOptions(transport="sse", gap_fill=False)
    async with Client(instance.url, access_token=TOKEN, user_agent="bot/2.0") as client:
        event = await first_event(client, options)
    assert getattr(event, "id", None) == "2"
    (opened,) = [s for s in instance.seen if s.path == "/api/v1/streaming/user"]
    assert opened.headers["User-Agent"] == "bot/2.0"
    assert opened.headers["Accept"] == "text/event-stream"
    assert opened.headers["Authorization"] == f"Bearer {TOKEN}"
