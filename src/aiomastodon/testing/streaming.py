"""Streaming: Mastodon's WebSocket and server-sent events, fed by the server's own state.

- ``GET /api/v1/streaming`` as a WebSocket: multiplexed (``{"type": "subscribe",
  "stream": ...}`` and ``unsubscribe`` messages; frames ``{"stream": [...], "event": ...,
  "payload": "<text>"}``), or one stream named in the query (``?stream=hashtag&tag=x``).
- ``GET /api/v1/streaming/<user|user/notification|public|public/local|public/remote|
  hashtag|hashtag/local|list|direct>`` as event streams, with a ``:thump`` heartbeat.
- The token from ``Authorization: Bearer``, ``Sec-WebSocket-Protocol`` or ``access_token``
  in the query; every stream needs one (401, or with ``auth_failure="1008"`` the
  WebSocket accepted and closed at once with 1008, as Mastodon does).

What is streamed follows from what happens (``StreamingControl`` is the state's
listener): a new status goes as ``update`` to the ``user`` stream of every account whose
home feed it enters, to ``public`` and ``public:local`` (and their ``:media`` forms) if
it is public and not a reply to someone else, to ``hashtag`` for each of its tags, and to
each ``list`` it belongs in (public and hashtag streams not to viewers who block or mute
its author, or whom its author blocks); an edit goes to the same streams as
``status.update``, a deletion as ``delete``; a notification goes to its recipient's
``user`` and ``user:notification`` streams.

Test control, as attributes: ``down`` (handshakes answered
``"502"`` like a proxy before a dead streaming server, or ``"reset"``),
``refuse`` (that many handshakes refused so, then normal),
``close_at_once`` (that many accepted and ended at once),
``hold`` (WebSocket handshakes wait for this event),
``websocket`` (``"404"``: no WebSocket; ``"silent"``: accepted,
then nothing sent and pings unanswered), ``heartbeat``; and as
methods: ``drop()``, ``emit()``,
``send_raw()``, ``close_sockets()``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from aiohttp import web

from .core import Core
from .encoding import encode
from .state import Account, Notification, Status

__all__ = ["SSE_PATHS", "STREAM_NAMES", "Connection", "Handshake", "Key", "StreamingControl"]

Key = tuple[str, ...]
"""A subscription: ``("user",)``, ``("hashtag", "python")``, ``("list", "1")``."""
Transport = Literal["websocket", "sse"]
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
_NEEDS = {"hashtag": "tag", "hashtag:local": "tag", "list": "list"}


@dataclass
class Handshake:
    """One streaming request: how it came, and what it was answered."""

    transport: Transport
    path: str
    query: dict[str, str]
    authorized: bool
    """Whether a token came with it (in any of the three places)."""
    outcome: str = ""
    """``"accepted"``, ``"401"``, ``"1008"``, ``"400"``, ``"404"``, ``"down (502)"``..."""


@dataclass(eq=False)
class Connection:
    """An open stream: its account and subscriptions."""

    transport: Transport
    request: web.Request
    account: Account
    keys: set[Key] = field(default_factory=set)
    socket: web.WebSocketResponse | None = None
    response: web.StreamResponse | None = None
    closed: asyncio.Event = field(default_factory=asyncio.Event)

    def abort(self) -> None:
        transport = self.request.transport
        if transport is not None:
            transport.abort()
        self.closed.set()


@dataclass
class _Delivery:
    event: str
    targets: list[tuple[Key, Account | None]]
    payload: Callable[[Account], str | None]
    author: Account | None = None
    """Whose status it is: kept from the shared streams (public, hashtag) of the viewers
    that blocks and mutes exclude it from (``World.excludes``)."""


def key_of(stream: str, query: dict[str, str]) -> Key:
    """The subscription ``stream`` names with its ``tag`` or ``list`` argument."""
    argument = query.get(_NEEDS.get(stream, ""), "")
    if stream.startswith("hashtag"):
        argument = argument.lower()
    return (stream, argument) if argument else (stream,)


class _Reset(Exception):
    """Close the connection without an answer."""


class StreamingControl:
    """The streaming side of a ``Core``."""

    def __init__(self, server: Core, *, heartbeat: float | None = 10.0) -> None:
        self.server = server
        self.heartbeat = heartbeat
        """Seconds between ``:thump`` comments on event streams (``None``: none)."""
        self.handshakes: list[Handshake] = []
        self.connections: list[Connection] = []
        self.messages: list[dict[str, object]] = []
        """What clients sent on WebSockets (parsed), in order."""
        self.down: Literal["502", "reset"] | None = None
        self.refuse = 0
        self.refusal: Literal["502", "reset"] = "502"
        self.websocket: Literal["ok", "404", "silent"] = "ok"
        self.silent = 1
        """How many WebSockets ``websocket="silent"`` affects."""
        self.auth_failure: Literal["401", "1008"] = "401"
        self.sse_silent = 0
        """How many event streams get no heartbeat."""
        self.close_at_once = 0
        self.hold: asyncio.Event | None = None
        self.pings = 0
        self.beats = 0
        self.sent: list[tuple[Key, str]] = []
        """Every event sent: the stream it went to, and its name."""
        self._pending: list[_Delivery] = []
        self._lock = asyncio.Lock()

    # --- what tests see ------------------------------------------------------------------

    @property
    def sockets(self) -> list[Connection]:
        """The open WebSockets."""
        return [c for c in self.connections if c.transport == "websocket"]

    @property
    def responses(self) -> list[Connection]:
        """The open event streams."""
        return [c for c in self.connections if c.transport == "sse"]

    def accepted(self, transport: Transport | None = None) -> list[Handshake]:
        """The handshakes that were accepted (of one transport)."""
        return [
            h
            for h in self.handshakes
            if h.outcome == "accepted" and (transport is None or h.transport == transport)
        ]

    def subscribed(self, key: Key, username: str | None = None) -> bool:
        """Whether an open connection (of ``username``'s) carries ``key``."""
        return any(
            key in c.keys and (username is None or c.account.username == username)
            for c in self.connections
        )

    # --- the state's listener ------------------------------------------------------------

    def _status_targets(self, status: Status) -> list[tuple[Key, Account | None]]:
        world = self.server.world
        targets: list[tuple[Key, Account | None]] = [
            (("user",), account)
            for account in world.accounts.values()
            if world.in_home(account, status)
        ]
        if world.in_public(status):
            names = ["public", "public:local"]
            if status.media:
                names += ["public:media", "public:local:media"]
            targets += [((name,), None) for name in names]
        if status.visibility == "public" and status.reblog is None:
            for tag in status.tags:
                targets += [(("hashtag", tag), None), (("hashtag:local", tag), None)]
        for member_list in world.lists.values():
            if world.in_list(member_list, status):
                targets.append((("list", member_list.id), member_list.owner))
        return targets

    def _status_payload(self, status: Status) -> Callable[[Account], str | None]:
        def payload(viewer: Account) -> str:
            return encode(self.server.render.status(status, viewer), "mastodon").decode()

        return payload

    def status_created(self, status: Status) -> None:
        self._pending.append(
            _Delivery(
                "update", self._status_targets(status), self._status_payload(status), status.account
            )
        )

    def status_updated(self, status: Status) -> None:
        self._pending.append(
            _Delivery(
                "status.update",
                self._status_targets(status),
                self._status_payload(status),
                status.account,
            )
        )

    def status_deleted(self, status: Status) -> None:
        self._pending.append(
            _Delivery("delete", self._status_targets(status), lambda _viewer: status.id)
        )

    def notified(self, notification: Notification) -> None:
        recipient = notification.recipient

        def payload(_viewer: Account) -> str:
            rendered = self.server.render.notification(notification)
            return encode(rendered, "mastodon").decode()

        targets: list[tuple[Key, Account | None]] = [
            (("user",), recipient),
            (("user:notification",), recipient),
        ]
        self._pending.append(_Delivery("notification", targets, payload))

    async def flush(self) -> None:
        """Send what the state has told since the last flush, in order."""
        world = self.server.world
        async with self._lock:
            pending, self._pending = self._pending, []
            for delivery in pending:
                for connection in list(self.connections):
                    viewer = connection.account
                    for key, owner in delivery.targets:
                        if key not in connection.keys or owner not in (None, viewer):
                            continue
                        author = delivery.author
                        if owner is None and author is not None and world.excludes(viewer, author):
                            continue  # as Mastodon's streaming server: blocks and mutes
                        await self._deliver(connection, key, delivery)

    async def _deliver(self, connection: Connection, key: Key, delivery: _Delivery) -> None:
        self.sent.append((key, delivery.event))
        await self._send_event(
            connection, key, delivery.event, delivery.payload(connection.account)
        )

    # --- what tests do -------------------------------------------------------------------

    async def emit(self, event: str, payload: str | None, keys: set[Key]) -> None:
        """Send any event to every connection subscribed to one of ``keys``."""
        for connection in list(self.connections):
            for key in sorted(connection.keys & keys):
                self.sent.append((key, event))
                await self._send_event(connection, key, event, payload)

    async def send_raw(self, data: str | bytes) -> None:
        """Send ``data`` as it is on every connection: a frame, or event-stream bytes."""
        for connection in list(self.connections):
            if connection.socket is not None:
                with contextlib.suppress(ConnectionError, RuntimeError):
                    if isinstance(data, bytes):
                        await connection.socket.send_bytes(data)
                    else:
                        await connection.socket.send_str(data)
            else:
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

    async def close_all(self) -> None:
        for connection in list(self.connections):
            connection.abort()
            self._forget(connection)

    # --- serving -------------------------------------------------------------------------

    def setup(self, app: web.Application) -> None:
        app.router.add_get("/api/v1/streaming", self._websocket)
        app.router.add_get("/api/v1/streaming/{path:.+}", self._sse)

    def _token(self, request: web.Request) -> tuple[str | None, bool]:
        """The token, and whether it came as the WebSocket subprotocol."""
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            return header[7:].strip(), False
        protocol = request.headers.get("Sec-WebSocket-Protocol", "").strip()
        if protocol:
            return protocol, True
        return request.query.get("access_token"), False

    def _handshake(self, request: web.Request, transport: Transport) -> Handshake:
        token, _ = self._token(request)
        query = {k: ("<redacted>" if k == "access_token" else v) for k, v in request.query.items()}
        handshake = Handshake(transport, request.path, query, token is not None)
        self.handshakes.append(handshake)
        self.server.changed()
        return handshake

    def _answer(self, handshake: Handshake, outcome: str) -> None:
        handshake.outcome = outcome
        self.server.changed()

    def _open(self, connection: Connection) -> None:
        self.connections.append(connection)
        self.server.changed()

    def _forget(self, connection: Connection) -> None:
        connection.closed.set()
        with contextlib.suppress(ValueError):
            self.connections.remove(connection)
        self.server.changed()

    def _refusal(self, handshake: Handshake) -> web.Response | None:
        how = self.down
        if how is None and self.refuse > 0:
            self.refuse -= 1
            how = self.refusal
        if how is None:
            return None
        self._answer(handshake, f"down ({how})")
        if how == "reset":
            raise _Reset
        return web.Response(
            status=502, text="<html>502 Bad Gateway</html>", content_type="text/html"
        )

    @staticmethod
    def _reset(request: web.Request) -> web.Response:
        if request.transport is not None:
            request.transport.close()
        raise web.HTTPBadGateway()  # never sent: the connection is gone

    def _bad_subscription(
        self, account: Account, stream: object, query: dict[str, str]
    ) -> str | None:
        """Why ``stream`` cannot be subscribed to (``None``: it can)."""
        if not isinstance(stream, str) or stream not in STREAM_NAMES:
            return "Unknown stream type"
        needed = _NEEDS.get(stream)
        if needed is not None and not query.get(needed):
            return f"Missing {'tag name' if needed == 'tag' else 'list'} parameter"
        if stream == "list":
            member_list = self.server.world.lists.get(query["list"])
            if member_list is None or member_list.owner is not account:
                return "Not authorized to stream this list"
        return None

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
        if self.websocket == "404" or request.headers.get("Upgrade", "").lower() != "websocket":
            self._answer(handshake, "404")
            return self.server.error(404, "Not found")
        token, as_protocol = self._token(request)
        account = self.server.world.by_token(token) if token else None
        protocols = (token,) if as_protocol and token else ()
        if account is None:
            message = "Invalid access token" if token else "Missing access token"
            if self.auth_failure == "401":
                self._answer(handshake, "401")
                return self.server.json({"error": message}, status=401)
            self._answer(handshake, "1008")
            socket = web.WebSocketResponse(protocols=protocols)
            await socket.prepare(request)
            await socket.close(code=1008, message=message.encode())
            return socket
        silent = self.websocket == "silent" and self.silent > 0
        if silent:
            self.silent -= 1
        # Pings are answered here, not by aiohttp, so that they can be counted (or not).
        socket = web.WebSocketResponse(autoping=False, protocols=protocols)
        await socket.prepare(request)
        self._answer(handshake, "accepted")
        if self.close_at_once > 0:
            self.close_at_once -= 1
            await socket.close(code=1011, message=b"Internal error")
            return socket
        connection = Connection("websocket", request, account, socket=socket)
        stream = request.query.get("stream")
        problem = None
        if stream is not None:
            problem = self._bad_subscription(account, stream, dict(request.query))
            if problem is None:
                connection.keys.add(key_of(stream, dict(request.query)))
        self._open(connection)
        try:
            if stream is not None and problem is not None:
                await self._send(connection, json.dumps({"error": problem, "status": 400}))
            if silent:
                await connection.closed.wait()  # nothing read: pings go unanswered
                return socket
            await self._read(connection, socket)
        finally:
            self._forget(connection)
        return socket

    async def _read(self, connection: Connection, socket: web.WebSocketResponse) -> None:
        async for message in socket:
            if message.type == web.WSMsgType.PING:
                await socket.pong(message.data)
                self.pings += 1
                self.server.changed()
                continue
            if message.type != web.WSMsgType.TEXT:
                continue
            try:
                body = json.loads(message.data)
            except ValueError:
                continue
            if not isinstance(body, dict):
                continue
            self.messages.append(body)
            await self._on_message(connection, body)
            self.server.changed()

    async def _on_message(self, connection: Connection, body: dict[str, object]) -> None:
        stream = body.get("stream")
        query = {k: str(v) for k, v in body.items() if k in ("tag", "list")}
        problem = self._bad_subscription(connection.account, stream, query)
        if problem is not None:
            await self._send(connection, json.dumps({"error": problem, "status": 400}))
            return
        assert isinstance(stream, str)
        key = key_of(stream, query)
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
        stream = SSE_PATHS.get(request.match_info["path"])
        if stream is None:
            self._answer(handshake, "400")
            return self.server.json({"error": "Unknown channel requested"}, status=400)
        if request.query.get("only_media") in ("true", "1") and stream.startswith("public"):
            stream += ":media"
        token, _ = self._token(request)
        account = self.server.world.by_token(token) if token else None
        if account is None:
            self._answer(handshake, "401")
            message = "Invalid access token" if token else "Missing access token"
            return self.server.json({"error": message}, status=401)
        problem = self._bad_subscription(account, stream, dict(request.query))
        if problem is not None:
            self._answer(handshake, "400")
            return self.server.json({"error": problem}, status=400)
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"}
        )
        await response.prepare(request)
        self._answer(handshake, "accepted")
        if self.close_at_once > 0:
            self.close_at_once -= 1
            return response  # ended at once
        connection = Connection("sse", request, account, response=response)
        connection.keys.add(key_of(stream, dict(request.query)))
        self._open(connection)
        every = None if self.sse_silent > 0 else self.heartbeat
        self.sse_silent = max(0, self.sse_silent - 1)
        beats = asyncio.ensure_future(self._beat(connection, every)) if every else None
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

    async def _beat(self, connection: Connection, every: float) -> None:
        """Mastodon's heartbeat: a ``:thump`` comment every ``every`` seconds."""
        while True:
            await asyncio.sleep(every)
            await self._write(connection, b":thump\n")
            self.beats += 1
            self.server.changed()

    async def _send_event(
        self, connection: Connection, key: Key, event: str, payload: str | None
    ) -> None:
        if connection.socket is not None:
            frame: dict[str, object] = {"stream": list(key), "event": event}
            if payload is not None:
                frame["payload"] = payload
            await self._send(connection, json.dumps(frame, ensure_ascii=False))
        else:
            data = "undefined" if payload is None else payload
            await self._write(connection, f"event: {event}\ndata: {data}\n\n".encode())

    async def _send(self, connection: Connection, text: str) -> None:
        assert connection.socket is not None
        with contextlib.suppress(ConnectionError, RuntimeError):
            await connection.socket.send_str(text)

    async def _write(self, connection: Connection, data: bytes) -> None:
        assert connection.response is not None
        with contextlib.suppress(ConnectionError, RuntimeError):
            await connection.response.write(data)
