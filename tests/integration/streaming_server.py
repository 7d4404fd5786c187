"""A fake Mastodon streaming server of our own, with the REST timelines its gaps are refilled from.

It runs on 127.0.0.1 in the test's own event loop (:meth:`StreamingServer.start`), and
speaks Mastodon's streaming API:

- ``GET /api/v1/streaming`` as a WebSocket: multiplexed (``subscribe`` / ``unsubscribe``
  messages; frames ``{"stream": [...], "event": ..., "payload": "<text>"}``), or one
  stream named in the query (``?stream=hashtag&tag=python``);
- ``GET /api/v1/streaming/<user|user/notification|public|public/local|public/remote|
  hashtag|hashtag/local|list|direct>`` as server-sent events, with a ``:thump`` heartbeat
  every :attr:`~StreamingServer.sse_heartbeat` seconds;
- the token from ``Authorization: Bearer`` or, for streaming only, ``access_token`` in the
  query; a bad one is refused with 401 (or, with ``auth_failure="1008"``, the WebSocket
  is accepted and closed at once with 1008, as Mastodon does).

And the REST side, consistent with what it streams: ``GET /api/v1/timelines/home`` (every
status), ``/api/v1/timelines/public`` (the public ones), ``/api/v1/timelines/tag/:tag``,
``/api/v1/notifications`` (newest first; ``limit``, ``max_id``, ``since_id``, ``min_id``;
``Link`` headers with ``next`` and ``prev`` as Mastodon sends them) and
``GET /api/v2/instance`` (``configuration.urls.streaming`` is :attr:`streaming_url`);
the next :attr:`rest_failures` timeline requests are answered 500.

What the tests control: :meth:`post` and :meth:`notify` (stored, and streamed to whoever
is subscribed), :meth:`emit` / :meth:`send_raw` (any event or bytes), :meth:`drop` (cut
every streaming connection), :attr:`down` (handshakes answered ``"502"`` like a proxy in
front of a dead streaming server, or ``"reset"``: the connection closed unanswered),
:attr:`refuse` (that many handshakes answered so, then normal), :attr:`close_at_once`
(that many connections accepted and ended at once: WebSockets closed with 1011),
:attr:`hold` (WebSocket handshakes wait until this event is set), :attr:`websocket`
(``"404"``: no WebSocket here; ``"silent"``: accepted, but pings never answered and nothing
sent, :attr:`silent` times) and :attr:`sse_heartbeat` (``None``: no heartbeat).

What they observe: :attr:`handshakes` (every streaming request, with its headers, query
and outcome), :attr:`sockets` / :attr:`responses` (open connections and their
subscriptions), :attr:`messages` (what clients sent on sockets), :attr:`requests` (REST),
:attr:`pings` (WebSocket pings answered) and :attr:`beats` (SSE heartbeats sent).

How they wait: :meth:`~StreamingServer.until` a condition holds. :attr:`changed` (a
:class:`Signal`) is called whenever any of the above changes; give it to a stream as its
``on_state`` and the stream's states wake the waiters too. Nothing here polls.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from aiohttp import web

__all__ = ["Handshake", "Signal", "StreamingServer"]

Key = tuple[str, ...]
FIRST_ID = 110_000_000_000_000_000
TIMEOUT = 5.0  # seconds any one wait of a test may take before the test fails
_METHODS = Path(__file__).resolve().parents[1] / "data" / "mastodon-api" / "examples" / "methods"
_EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "mastodon-api" / "examples"
SSE_PATHS = {
    "user": "user",
    "user/notification": "user:notification",
    "public": "public",
    "public/local": "public:local",
    "public/remote": "public:remote",
    "hashtag": "hashtag",
    "hashtag/local": "hashtag:local",
    "list": "list",
    "direct": "direct",
}
STREAM_NAMES = frozenset(SSE_PATHS.values()) | {
    "public:media",
    "public:local:media",
    "public:remote:media",
}


def example_payloads() -> dict[str, str]:
    """The documentation's payload text of every event, by name (``data:`` lines)."""
    payloads: dict[str, str] = {}
    for path in sorted(_METHODS.glob("streaming_*.events.txt")):
        for block in path.read_text("utf-8").split("\n\n"):
            lines = block.strip("\n").splitlines()
            if len(lines) >= 2 and lines[0].startswith("event: "):
                payloads.setdefault(lines[0][len("event: ") :], lines[1][len("data: ") :])
    return payloads


EXAMPLES = example_payloads()
_STATUS: dict[str, Any] = json.loads(EXAMPLES["update"])
_NOTIFICATION: dict[str, Any] = json.loads(EXAMPLES["notification"])


class Signal:
    """Something changed: wake every task waiting in :meth:`until`, to look again.

    Callable with any arguments, so that it can be a stream's ``on_state``.
    """

    def __init__(self) -> None:
        self._waiters: list[asyncio.Future[None]] = []

    def __call__(self, *_: object) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def until(self, condition: Callable[[], object], timeout: float = TIMEOUT) -> None:
        """Return once ``condition()`` is true, looking again at each change; fail the test
        if it is still false after ``timeout`` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not condition():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"still not true after {timeout:g} s: {condition}")
            waiter = loop.create_future()
            self._waiters.append(waiter)
            await asyncio.wait([waiter], timeout=remaining)


@dataclass
class Handshake:
    """One streaming request: how it came, and what it was answered."""

    transport: Literal["websocket", "sse"]
    path: str
    query: dict[str, str]
    authorization: str | None
    outcome: str = ""


@dataclass(eq=False)
class _Connection:
    transport: Literal["websocket", "sse"]
    request: web.Request
    keys: set[Key] = field(default_factory=set)
    socket: web.WebSocketResponse | None = None
    response: web.StreamResponse | None = None
    multiplexed: bool = False
    closed: asyncio.Event = field(default_factory=asyncio.Event)

    def abort(self) -> None:
        transport = self.request.transport
        if transport is not None:
            transport.abort()
        self.closed.set()


def _key(stream: str, query: dict[str, str]) -> Key:
    argument = query.get("tag") or query.get("list")
    return (stream,) if not argument else (stream, argument)


class StreamingServer:
    """See the module docstring."""

    def __init__(self, *, tokens: tuple[str, ...] = ("alice_token",)) -> None:
        self.tokens = set(tokens)
        self.statuses: list[dict[str, Any]] = []  # oldest first
        self.notifications: list[dict[str, Any]] = []
        self.handshakes: list[Handshake] = []
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.messages: list[dict[str, Any]] = []
        self.connections: list[_Connection] = []
        self.down: Literal["502", "reset"] | None = None
        self.refuse = 0
        self.refusal: Literal["502", "reset"] = "502"
        self.websocket: Literal["ok", "404", "silent"] = "ok"
        self.silent = 1
        self.auth_failure: Literal["401", "1008"] = "401"
        self.sse_heartbeat: float | None = 0.05
        self.sse_silent = 0
        self.close_at_once = 0
        self.hold: asyncio.Event | None = None
        self.rest_failures = 0
        self.forbid: dict[str, tuple[int, str]] = {}
        """Per transport (``"websocket"``, ``"sse"``): every handshake answered with this
        status and body (``{"websocket": (403, "")}``: mastodon-mock's refusal)."""
        self.streaming_url: str | None = None
        self.next_id = FIRST_ID
        self.pings = 0
        self.beats = 0
        self.changed = Signal()
        self.url = ""
        self._runner: web.AppRunner | None = None

    # --- lifecycle ----------------------------------------------------------------------

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/api/v1/streaming", self._websocket)
        app.router.add_get("/api/v1/streaming/{path:.+}", self._sse)
        app.router.add_get("/api/v1/timelines/home", self._home)
        app.router.add_get("/api/v1/timelines/public", self._public)
        app.router.add_get("/api/v1/timelines/tag/{tag}", self._tag)
        app.router.add_get("/api/v1/notifications", self._notifications)
        app.router.add_get("/api/v2/instance", self._instance)
        # handler_cancellation: a handler whose client left is cancelled, so an event
        # stream ends with its connection instead of waiting for a write to fail.
        self._runner = web.AppRunner(
            app, access_log=None, shutdown_timeout=0.5, handler_cancellation=True
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        return self.url

    async def stop(self) -> None:
        for connection in list(self.connections):
            connection.abort()
        if self._runner is not None:
            await self._runner.cleanup()

    # --- what the tests see ---------------------------------------------------------------

    @property
    def sockets(self) -> list[_Connection]:
        """The open WebSockets."""
        return [c for c in self.connections if c.transport == "websocket"]

    @property
    def responses(self) -> list[_Connection]:
        """The open event streams."""
        return [c for c in self.connections if c.transport == "sse"]

    def accepted(self, transport: str | None = None) -> list[Handshake]:
        """The streaming handshakes that were accepted (of one transport)."""
        return [
            h
            for h in self.handshakes
            if h.outcome == "accepted" and (transport is None or h.transport == transport)
        ]

    def subscribed(self, key: Key) -> bool:
        """Whether some open connection carries ``key``."""
        return any(key in c.keys for c in self.connections)

    async def until(self, condition: Callable[[], object], timeout: float = TIMEOUT) -> None:
        """Wait until ``condition()`` holds (see :class:`Signal`)."""
        await self.changed.until(condition, timeout)

    def gap_requests(self) -> list[tuple[str, dict[str, str]]]:
        """The REST requests that walked forward (``min_id``)."""
        return [r for r in self.requests if "min_id" in r[1]]

    # --- what the tests do ----------------------------------------------------------------

    def status(self, *, public: bool = True, tags: tuple[str, ...] = ()) -> dict[str, Any]:
        """A new status, stored (not streamed)."""
        self.next_id += 1
        status_id = str(self.next_id)
        status = {
            **_STATUS,
            "id": status_id,
            "visibility": "public" if public else "private",
            "content": f"<p>status {status_id}</p>",
            "uri": f"https://mastodon.example/statuses/{status_id}",
            "url": f"https://mastodon.example/@someone/{status_id}",
            "tags": [{"name": t, "url": f"https://mastodon.example/tags/{t}"} for t in tags],
        }
        self.statuses.append(status)
        return status

    async def post(self, *, public: bool = True, tags: tuple[str, ...] = ()) -> str:
        """A new status: stored, and streamed as ``update`` where it belongs. Its id."""
        status = self.status(public=public, tags=tags)
        keys: set[Key] = {("user",)}
        if public:
            keys |= {("public",), ("public:local",)} | {("hashtag", t) for t in tags}
        await self.emit("update", json.dumps(status), keys)
        return str(status["id"])

    async def notify(self, status_id: str | None = None) -> str:
        """A new mention notification: stored, and streamed. Its id."""
        self.next_id += 1
        status = next((s for s in self.statuses if s["id"] == status_id), None)
        notification = {**_NOTIFICATION, "id": str(self.next_id), "status": status}
        self.notifications.append(notification)
        await self.emit(
            "notification", json.dumps(notification), {("user",), ("user:notification",)}
        )
        return str(notification["id"])

    async def emit(self, event: str, payload: str | None, keys: set[Key]) -> None:
        """Send an event to every connection subscribed to one of ``keys``."""
        for connection in list(self.connections):
            for key in sorted(connection.keys & keys):
                if connection.socket is not None:
                    frame: dict[str, Any] = {"stream": list(key), "event": event}
                    if payload is not None:
                        frame["payload"] = payload
                    await self._send(connection, json.dumps(frame))
                elif connection.response is not None:
                    data = "undefined" if payload is None else payload
                    await self._write(connection, f"event: {event}\ndata: {data}\n\n".encode())

    async def send_raw(self, data: str | bytes) -> None:
        """Send ``data`` as it is on every connection: a frame, or bytes of an event stream."""
        for connection in list(self.connections):
            if connection.socket is not None:
                if isinstance(data, bytes):
                    with contextlib.suppress(ConnectionError):
                        await connection.socket.send_bytes(data)
                else:
                    await self._send(connection, data)
            elif connection.response is not None:
                await self._write(connection, data.encode() if isinstance(data, str) else data)

    async def drop(self) -> None:
        """Cut every streaming connection, as a crash or a network failure would."""
        for connection in list(self.connections):
            connection.abort()
            self._forget(connection)

    async def close_sockets(self, code: int) -> None:
        """Close every WebSocket cleanly with ``code``."""
        for connection in self.sockets:
            if connection.socket is not None:
                await connection.socket.close(code=code)

    # --- streaming ------------------------------------------------------------------------

    def _handshake(self, request: web.Request, transport: Literal["websocket", "sse"]) -> Handshake:
        handshake = Handshake(
            transport,
            request.path,
            dict(request.query),
            request.headers.get("Authorization"),
        )
        self.handshakes.append(handshake)
        self.changed()
        return handshake

    def _answer(self, handshake: Handshake, outcome: str) -> None:
        handshake.outcome = outcome
        self.changed()

    def _open(self, connection: _Connection) -> None:
        self.connections.append(connection)
        self.changed()

    def _forget(self, connection: _Connection) -> None:
        connection.closed.set()
        with contextlib.suppress(ValueError):
            self.connections.remove(connection)
        self.changed()

    def _token_ok(self, request: web.Request) -> bool:
        header = request.headers.get("Authorization", "")
        token = header[len("Bearer ") :] if header.startswith("Bearer ") else None
        token = token or request.query.get("access_token")
        return token in self.tokens

    def _refusal(self, handshake: Handshake) -> web.Response | None:
        """An answer for a handshake while the server is down, if it is."""
        how = self.down
        if how is None and self.refuse > 0:
            self.refuse -= 1
            how = self.refusal
        if how is None:
            return None
        self._answer(handshake, f"down ({how})")
        if how == "reset":
            raise _Reset
        return web.Response(status=502, text="<html>502 Bad Gateway</html>")

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        handshake = self._handshake(request, "websocket")
        if self.hold is not None:
            await self.hold.wait()
        try:
            refused = self._refusal(handshake)
        except _Reset:
            return self._reset(request)
        if refused is not None:
            return refused
        if "websocket" in self.forbid:
            return self._forbidden(handshake, "websocket")
        if self.websocket == "404":
            self._answer(handshake, "404")
            return web.json_response({"error": "Not found"}, status=404)
        if not self._token_ok(request):
            if self.auth_failure == "401":
                self._answer(handshake, "401")
                return web.json_response({"error": "Invalid access token"}, status=401)
            self._answer(handshake, "1008")
            socket = web.WebSocketResponse()
            await socket.prepare(request)
            await socket.close(code=1008, message=b"Invalid access token")
            return socket
        silent = self.websocket == "silent" and self.silent > 0
        if silent:
            self.silent -= 1
        # Pings are answered below, not by aiohttp, so that they can be counted.
        socket = web.WebSocketResponse(autoping=False)
        await socket.prepare(request)
        self._answer(handshake, "accepted")
        if self.close_at_once > 0:
            self.close_at_once -= 1
            await socket.close(code=1011, message=b"Internal error")
            return socket
        stream = request.query.get("stream")
        connection = _Connection("websocket", request, socket=socket, multiplexed=stream is None)
        if stream is not None:
            connection.keys.add(_key(stream, dict(request.query)))
        self._open(connection)
        try:
            if silent:
                await connection.closed.wait()  # nothing read: pings go unanswered
                return socket
            async for message in socket:
                if message.type == web.WSMsgType.PING:
                    await socket.pong(message.data)
                    self.pings += 1
                    self.changed()
                    continue
                if message.type != web.WSMsgType.TEXT:
                    continue
                try:
                    body = json.loads(message.data)
                except ValueError:
                    continue
                self.messages.append(body)
                await self._on_message(connection, body)
                self.changed()
        finally:
            self._forget(connection)
        return socket

    async def _on_message(self, connection: _Connection, body: dict[str, Any]) -> None:
        stream = body.get("stream")
        if stream not in STREAM_NAMES:
            await self._send(
                connection, json.dumps({"error": "Unknown stream type", "status": 400})
            )
            return
        key = _key(stream, body)
        if body.get("type") == "subscribe":
            connection.keys.add(key)
        elif body.get("type") == "unsubscribe":
            connection.keys.discard(key)

    async def _sse(self, request: web.Request) -> web.StreamResponse:
        handshake = self._handshake(request, "sse")
        try:
            refused = self._refusal(handshake)
        except _Reset:
            return self._reset(request)
        if refused is not None:
            return refused
        if "sse" in self.forbid:
            return self._forbidden(handshake, "sse")
        stream = SSE_PATHS.get(request.match_info["path"])
        if stream is None:
            self._answer(handshake, "400")
            return web.json_response({"error": "Unknown channel requested"}, status=400)
        if request.query.get("only_media") == "true":
            stream += ":media"
        if not self._token_ok(request):
            self._answer(handshake, "401")
            return web.json_response({"error": "Invalid access token"}, status=401)
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        self._answer(handshake, "accepted")
        if self.close_at_once > 0:
            self.close_at_once -= 1
            return response  # ended at once
        connection = _Connection("sse", request, response=response)
        connection.keys.add(_key(stream, dict(request.query)))
        self._open(connection)
        heartbeat = None if self.sse_silent > 0 else self.sse_heartbeat
        self.sse_silent = max(0, self.sse_silent - 1)
        beats = None
        if heartbeat is not None:
            beats = asyncio.ensure_future(self._beat(connection, heartbeat))
        try:
            await self._write(connection, b":)\n")
            # Until drop() or stop() aborts it, or the client leaves (the runner cancels
            # the handler then: handler_cancellation).
            await connection.closed.wait()
        finally:
            if beats is not None:
                beats.cancel()
            self._forget(connection)
        return response

    def _forbidden(self, handshake: Handshake, transport: str) -> web.Response:
        status, body = self.forbid[transport]
        self._answer(handshake, str(status))
        return web.Response(status=status, text=body)

    async def _beat(self, connection: _Connection, every: float) -> None:
        """Mastodon's heartbeat: a ``:thump`` comment every ``every`` seconds."""
        while True:
            await asyncio.sleep(every)
            await self._write(connection, b":thump\n")
            self.beats += 1
            self.changed()

    def _reset(self, request: web.Request) -> web.Response:
        if request.transport is not None:
            request.transport.close()
        raise web.HTTPBadGateway()  # never sent: the connection is gone

    async def _send(self, connection: _Connection, text: str) -> None:
        assert connection.socket is not None
        with contextlib.suppress(ConnectionError, RuntimeError):
            await connection.socket.send_str(text)

    async def _write(self, connection: _Connection, data: bytes) -> None:
        assert connection.response is not None
        with contextlib.suppress(ConnectionError, RuntimeError):
            await connection.response.write(data)

    # --- REST -----------------------------------------------------------------------------

    def _authorized(self, request: web.Request) -> bool:
        self.requests.append((request.path, dict(request.query)))
        self.changed()
        return request.headers.get("Authorization", "").removeprefix("Bearer ") in self.tokens

    def _page(self, request: web.Request, items: list[dict[str, Any]], cap: int) -> web.Response:
        """Mastodon's paging over ``items`` (oldest first): newest first, with links."""
        if not self._authorized(request):
            return web.json_response({"error": "The access token is invalid"}, status=401)
        if self.rest_failures > 0:
            self.rest_failures -= 1
            return web.json_response({"error": "Internal server error"}, status=500)
        query = request.query
        limit = min(int(query.get("limit", "20")), cap)
        chosen = [
            item
            for item in items
            if ("max_id" not in query or int(item["id"]) < int(query["max_id"]))
            and ("since_id" not in query or int(item["id"]) > int(query["since_id"]))
            and ("min_id" not in query or int(item["id"]) > int(query["min_id"]))
        ]
        # min_id: the items just after it; otherwise the newest.
        chosen = chosen[:limit] if "min_id" in query else chosen[-limit:]
        chosen.reverse()
        headers = {}
        if chosen:
            kept = {k: v for k, v in query.items() if k not in ("max_id", "min_id", "since_id")}
            older = request.url.with_query({**kept, "max_id": chosen[-1]["id"]})
            newer = request.url.with_query({**kept, "min_id": chosen[0]["id"]})
            headers["Link"] = f'<{older}>; rel="next", <{newer}>; rel="prev"'
        return web.json_response(chosen, headers=headers)

    async def _home(self, request: web.Request) -> web.Response:
        return self._page(request, self.statuses, 40)

    async def _public(self, request: web.Request) -> web.Response:
        public = [s for s in self.statuses if s["visibility"] == "public"]
        return self._page(request, public, 40)

    async def _tag(self, request: web.Request) -> web.Response:
        tag = request.match_info["tag"].lower()
        tagged = [
            s
            for s in self.statuses
            if s["visibility"] == "public" and any(t["name"] == tag for t in s["tags"])
        ]
        return self._page(request, tagged, 40)

    async def _notifications(self, request: web.Request) -> web.Response:
        return self._page(request, self.notifications, 80)

    async def _instance(self, request: web.Request) -> web.Response:
        self.requests.append((request.path, dict(request.query)))
        self.changed()
        instance = json.loads((_EXAMPLES / "Instance.json").read_text("utf-8"))
        instance["configuration"]["urls"]["streaming"] = self.streaming_url
        return web.json_response(instance)


class _Reset(Exception):
    """Close the connection without an answer."""
