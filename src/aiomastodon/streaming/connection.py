"""The two ways to the streaming server: a WebSocket, or server-sent events over HTTP.

Each opens one connection and yields what arrives, until the connection ends. Neither
retries; :mod:`aiomastodon.streaming.stream` decides what to do when one ends.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterable

import aiohttp
from yarl import URL

from ..errors import TransportError, Unauthorized
from .events import SSEParser, StreamEvent, WsError, parse_ws_frame
from .subscriptions import StreamOptions, Subscription

__all__ = ["Refused", "open_sse", "open_websocket"]

_AUTH_FAILURE_CLOSE = frozenset({1008, 4001, 4003})


class Refused(Exception):
    """No WebSocket here: the handshake got a client error (not 401/403/429), or no upgrade."""

    def __init__(self, status: int) -> None:
        super().__init__(f"WebSocket refused with HTTP {status}")
        self.status = status


def _auth(token: str | None, options: StreamOptions) -> tuple[dict[str, str], dict[str, str]]:
    """Headers and query for the token, per the options (never both)."""
    if token is None:
        return {}, {}
    if options.token_in_query:
        return {}, {"access_token": token}
    return {"Authorization": f"Bearer {token}"}, {}


class WebSocketConnection:
    """One WebSocket to ``{base}/api/v1/streaming``: multiplexed, or one stream in the URL."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse[bool], multiplexed: bool) -> None:
        self._socket = socket
        self.multiplexed = multiplexed

    async def subscribe(self, subscription: Subscription) -> None:
        """Ask for a stream on a multiplexed socket."""
        if self.multiplexed:
            await self._socket.send_str(json.dumps({"type": "subscribe", **subscription.params}))

    async def unsubscribe(self, subscription: Subscription) -> None:
        """Stop a stream on a multiplexed socket."""
        if self.multiplexed and not self._socket.closed:
            await self._socket.send_str(json.dumps({"type": "unsubscribe", **subscription.params}))

    async def __aiter__(self) -> AsyncIterator[StreamEvent | WsError | None]:
        opened = True
        async for message in self._socket:
            if message.type == aiohttp.WSMsgType.TEXT or message.type == aiohttp.WSMsgType.BINARY:
                opened = False
                yield parse_ws_frame(message.data)
            elif message.type in (aiohttp.WSMsgType.ERROR, aiohttp.WSMsgType.CLOSE):
                break
        code = self._socket.close_code
        if opened and code in _AUTH_FAILURE_CLOSE:
            # Mastodon closes at once, before any frame, when it will not take the token.
            raise Unauthorized(401, f"the streaming server closed the socket at once ({code})")

    async def close(self) -> None:
        """Close the socket."""
        await self._socket.close()


async def open_websocket(
    session: aiohttp.ClientSession,
    base: URL,
    token: str | None,
    options: StreamOptions,
    single: Subscription | None,
) -> WebSocketConnection:
    """Open the socket: multiplexed when ``single`` is ``None``, else for that one stream.

    Raises:
        Unauthorized: The handshake was refused with 401 or 403.
        Refused: There is no WebSocket here (the caller may fall back to SSE).
        TransportError: No connection, or a transient refusal (429, 5xx: a proxy in front
            of a streaming server that is restarting).
    """
    headers, query = _auth(token, options)
    if single is not None:
        query = {**single.params, **query}
    url = base.with_scheme("wss" if base.scheme in ("https", "wss") else "ws")
    url = url.with_path(base.path.rstrip("/") + "/api/v1/streaming").with_query(query)
    try:
        socket = await session.ws_connect(
            url, headers=headers, heartbeat=options.heartbeat, autoping=True
        )
    except aiohttp.WSServerHandshakeError as exc:
        if exc.status in (401, 403):
            raise Unauthorized(exc.status, "the streaming server refused the token") from None
        if exc.status == 429 or exc.status >= 500:
            raise TransportError(f"the WebSocket was refused with HTTP {exc.status}") from None
        raise Refused(exc.status) from None
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
        raise TransportError(f"cannot open the stream: {type(exc).__name__}") from None
    return WebSocketConnection(socket, multiplexed=single is None)


class SSEConnection:
    """One ``text/event-stream`` response, read until it ends or goes quiet."""

    def __init__(
        self, response: aiohttp.ClientResponse, subscription: Subscription, idle: float
    ) -> None:
        self._response = response
        self._parser = SSEParser(subscription.key)
        self._idle = idle

    async def __aiter__(self) -> AsyncIterator[StreamEvent]:
        while True:
            try:
                # Silence is aiohttp's sock_read timeout (set in open_sse), not wait_for():
                # before 3.12, wait_for() swallows a cancel that lands as a chunk arrives,
                # and the cancelled link then reads heartbeats for ever.
                chunk = await self._response.content.readany()
            except aiohttp.ServerTimeoutError:
                raise TransportError(f"the stream was silent for {self._idle:g} s") from None
            except aiohttp.ClientError as exc:
                raise TransportError(f"the stream broke: {type(exc).__name__}") from None
            if not chunk:
                return  # the server ended the response
            for event in self._parser.feed(chunk):
                yield event

    async def close(self) -> None:
        """Close the response."""
        self._response.close()


async def open_sse(
    session: aiohttp.ClientSession,
    base: URL,
    token: str | None,
    options: StreamOptions,
    subscription: Subscription,
) -> SSEConnection:
    """``GET /api/v1/streaming/<stream>``: open the event stream.

    Raises:
        Unauthorized: 401 or 403.
        TransportError: No connection, or another error status.
    """
    headers, query = _auth(token, options)
    path, params = subscription.sse_path()
    url = base.with_scheme("https" if base.scheme in ("https", "wss") else "http")
    url = url.with_path(base.path.rstrip("/") + path).with_query({**params, **query})
    try:
        response = await session.get(
            url,
            headers={**headers, "Accept": "text/event-stream"},
            timeout=aiohttp.ClientTimeout(
                total=None, sock_connect=30, sock_read=options.idle_timeout
            ),
        )
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
        raise TransportError(f"cannot open the stream: {type(exc).__name__}") from None
    if response.status in (401, 403):
        response.close()
        raise Unauthorized(response.status, "the streaming server refused the token")
    if response.status != 200:
        response.close()
        raise TransportError(f"the stream answered HTTP {response.status}")
    return SSEConnection(response, subscription, options.idle_timeout)


def matching(key: tuple[str, ...], keys: Iterable[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The subscription keys a frame's ``stream`` field is for.

    ``["hashtag", "python"]`` matches the hashtag subscription for ``python``; a frame
    without a ``stream`` field (a single-stream socket) matches every key.
    """
    if not key:
        return list(keys)
    wanted = tuple(part.lower() for part in key)  # hashtags: #Python is #python
    return [
        k
        for k in keys
        if tuple(p.lower() for p in k) == wanted or (len(key) == 1 and k[0] == key[0])
    ]
