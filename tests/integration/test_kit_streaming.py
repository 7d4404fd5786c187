"""aiomastodon.testing's streaming: WebSocket (multiplexed and single) and SSE, with the
events Mastodon sends to the streams it sends them to, and the handshake controls."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import aiohttp
import pytest

from aiomastodon import Client
from aiomastodon.streaming import StreamOptions
from aiomastodon.testing import FakeMastodon

pytestmark = pytest.mark.integration

TIMEOUT = 5.0


@pytest.fixture
async def server() -> AsyncIterator[FakeMastodon]:
    async with FakeMastodon(streaming_heartbeat=0.05) as server:
        await server.seed(["alice", "bob", "carol"], follows=[("alice", "bob")])
        yield server


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def auth(server: FakeMastodon, name: str = "alice") -> dict[str, str]:
    return {"Authorization": f"Bearer {server.token(name)}"}


async def frame(socket: aiohttp.ClientWebSocketResponse) -> dict[str, object]:
    message = await asyncio.wait_for(socket.receive(), TIMEOUT)
    assert message.type == aiohttp.WSMsgType.TEXT, message
    body: dict[str, object] = json.loads(message.data)
    return body


async def subscribe(
    server: FakeMastodon, socket: aiohttp.ClientWebSocketResponse, stream: str, **extra: str
) -> None:
    await socket.send_json({"type": "subscribe", "stream": stream, **extra})
    key = (stream, *extra.values())
    await server.until(lambda: server.streaming.subscribed(key))


async def test_a_multiplexed_socket_gets_each_event_from_its_streams(
    server: FakeMastodon, http: aiohttp.ClientSession
) -> None:
    async with http.ws_connect(f"{server.url}/api/v1/streaming", headers=auth(server)) as ws:
        await subscribe(server, ws, "user")
        await subscribe(server, ws, "hashtag", tag="kit")
        posted = await server.post(as_="bob", text="@alice look #Kit")
        events = [await frame(ws) for _ in range(3)]
        assert sorted((tuple(e["stream"]), e["event"]) for e in events) == [  # type: ignore[arg-type]
            (("hashtag", "kit"), "update"),
            (("user",), "notification"),
            (("user",), "update"),
        ]
        update = next(e for e in events if e["stream"] == ["user"] and e["event"] == "update")
        assert isinstance(update["payload"], str)  # JSON text, to parse a second time
        assert json.loads(update["payload"])["id"] == posted
        await server.edit(as_="bob", status_id=posted, text="edited #kit")
        edits = [await frame(ws) for _ in range(2)]
        assert {e["event"] for e in edits} == {"status.update"}
        await ws.send_json({"type": "unsubscribe", "stream": "hashtag", "tag": "kit"})
        await server.until(lambda: not server.streaming.subscribed(("hashtag", "kit")))
        await server.delete(as_="bob", status_id=posted)
        deleted = await frame(ws)
        assert (deleted["stream"], deleted["event"], deleted["payload"]) == (
            ["user"], "delete", posted,
        )  # fmt: skip
        await ws.send_json({"type": "subscribe", "stream": "nonsense"})
        assert await frame(ws) == {"error": "Unknown stream type", "status": 400}


async def test_only_the_streams_a_status_belongs_to_hear_of_it(
    server: FakeMastodon, http: aiohttp.ClientSession
) -> None:
    async with http.ws_connect(
        f"{server.url}/api/v1/streaming", headers=auth(server, "carol")
    ) as ws:
        await subscribe(server, ws, "public")
        await subscribe(server, ws, "user")
        await server.post(as_="bob", text="quiet", visibility="unlisted")
        await server.post(as_="bob", text="followers", visibility="private")
        shown = await server.post(as_="bob", text="loud")
        event = await frame(ws)
        assert (event["stream"], json.loads(str(event["payload"]))["id"]) == (["public"], shown)
    assert server.streaming.sent == [(("public",), "update")]  # carol follows nobody


async def test_list_and_local_streams(server: FakeMastodon, http: aiohttp.ClientSession) -> None:
    members = await server.create_list(as_="alice", title="bob", members=["bob"])
    async with http.ws_connect(f"{server.url}/api/v1/streaming", headers=auth(server)) as ws:
        await subscribe(server, ws, "list", list=members)
        await subscribe(server, ws, "public:local")
        await server.post(as_="carol", text="not in the list, public")
        await server.post(as_="bob", text="in the list", visibility="unlisted")
        first, second = await frame(ws), await frame(ws)
    assert (first["stream"], first["event"]) == (["public:local"], "update")
    assert (second["stream"], second["event"]) == (["list", members], "update")
    assert json.loads(str(second["payload"]))["content"] == "<p>in the list</p>"
    async with http.ws_connect(f"{server.url}/api/v1/streaming", headers=auth(server, "bob")) as ws:
        await ws.send_json({"type": "subscribe", "stream": "list", "list": members})
        assert await frame(ws) == {"error": "Not authorized to stream this list", "status": 400}


async def test_a_single_stream_socket_and_the_token_as_subprotocol(
    server: FakeMastodon, http: aiohttp.ClientSession
) -> None:
    url = f"{server.url}/api/v1/streaming?stream=hashtag&tag=Python"
    async with http.ws_connect(url, protocols=(server.token("alice"),)) as ws:
        await server.until(lambda: server.streaming.subscribed(("hashtag", "python")))
        await server.post(as_="carol", text="#python")
        event = await frame(ws)
        assert event["stream"] == ["hashtag", "python"]
    [handshake] = server.streaming.handshakes
    assert handshake.authorized
    assert handshake.outcome == "accepted"


async def test_server_sent_events_with_heartbeats_and_mastodons_refusals(
    server: FakeMastodon, http: aiohttp.ClientSession
) -> None:
    url = f"{server.url}/api/v1/streaming/user/notification"
    async with http.get(url, headers=auth(server)) as response:
        assert response.headers["Content-Type"] == "text/event-stream"
        await server.until(lambda: server.streaming.beats >= 1)
        await server.favourite(as_="bob", status_id=await server.post(as_="alice", text="x"))
        lines = []
        while not lines or lines[-1] != "":
            line = (await asyncio.wait_for(response.content.readline(), TIMEOUT)).decode()
            if line.startswith(":"):
                continue  # a comment: the opening one and heartbeats
            lines.append(line.rstrip("\n"))
    assert lines[0] == "event: notification"
    assert json.loads(lines[1].removeprefix("data: "))["type"] == "favourite"
    async with http.get(f"{server.url}/api/v1/streaming/nope", headers=auth(server)) as r:
        assert (r.status, await r.json()) == (400, {"error": "Unknown channel requested"})
    async with http.get(url) as r:
        assert (r.status, await r.json()) == (401, {"error": "Missing access token"})
    async with http.get(f"{url}?access_token=wrong") as r:
        assert (r.status, await r.json()) == (401, {"error": "Invalid access token"})
    assert server.streaming.handshakes[-1].query == {"access_token": "<redacted>"}


async def test_handshake_controls(server: FakeMastodon, http: aiohttp.ClientSession) -> None:
    url = f"{server.url}/api/v1/streaming"
    server.streaming.refuse = 1
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await http.ws_connect(url, headers=auth(server))
    assert refused.value.status == 502
    server.streaming.auth_failure = "1008"
    async with http.ws_connect(url, headers={"Authorization": "Bearer wrong"}) as ws:
        closing = await asyncio.wait_for(ws.receive(), TIMEOUT)
        assert closing.type == aiohttp.WSMsgType.CLOSE
        assert ws.close_code == 1008
    server.streaming.hold = asyncio.Event()
    pending = asyncio.ensure_future(http.ws_connect(url, headers=auth(server)))
    await server.until(lambda: len(server.streaming.handshakes) == 3)
    assert not pending.done()
    server.streaming.hold.set()
    async with await pending:
        await server.until(lambda: len(server.streaming.sockets) == 1)
        await server.streaming.drop()
    assert [h.outcome for h in server.streaming.handshakes] == ["down (502)", "1008", "accepted"]


async def test_the_clients_own_stream_reads_what_the_server_says(server: FakeMastodon) -> None:
    async with Client(server.url, access_token=server.token("alice")) as client:
        for options in (StreamOptions(), StreamOptions(transport="sse")):
            async with client.streaming.user(options=options, on_state=server.changed) as stream:
                await server.until(
                    lambda s=stream: (
                        s.state == "connected"  # type: ignore[misc]
                        and server.streaming.subscribed(("user",))
                    )
                )
                posted = await server.post(as_="bob", text="@alice live")
                received = []
                while len(received) < 2:
                    received.append(await asyncio.wait_for(anext(stream), TIMEOUT))
                assert {(e.name, e.id) for e in received} >= {("update", posted)}
                assert {e.name for e in received} == {"update", "notification"}
            await server.until(lambda: not server.streaming.connections)
