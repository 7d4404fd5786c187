"""The two ways to the streaming server: a WebSocket, or server-sent events over HTTP.

Each opens one connection and yields what arrives, until the connection ends. Neither
retries; ``aiomastodon.streaming.stream`` decides what to do when one ends.

A refusal is told apart here, once: a refused token (401; 403 with
``WWW-Authenticate`` or a body that speaks of the token) is ``Unauthorized``; another
4xx but 408 and 429 is ``StreamRefused`` (the stream is not served there); 408, 429 and
5xx are a server that is busy or down, a ``TransportError`` to retry. A WebSocket
handshake carries no body to read, so a 403 without ``WWW-Authenticate`` is left to the
server-sent events fallback to tell.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from contextlib import AsyncExitStack

import msgspec
from yarl import URL

from .._sansio.origin import Identity, next_hop
from .._sansio.request import PreparedRequest, build_request, join_url
from .._sansio.routes import Route
from ..errors import (
    HTTPError,
    MastodonError,
    StreamRefused,
    TransportError,
    Unauthorized,
    WebSocketRefused,
)
from ..transport.base import StreamedResponse, Transport, WebSocket
from .events import Event, Frame, SSEParser, read_ws_frame
from .subscriptions import WEBSOCKET, StreamOptions, Subscription

__all__ = ["SSEConnection", "WebSocketConnection", "open_sse", "open_websocket"]

Deliver = Callable[[Event | Frame], None]
"""Where a connection hands what arrives: an event (over SSE), or a frame whose payload
is still text (over a WebSocket)."""

log = logging.getLogger("aiomastodon.streaming")

_AUTH_FAILURE_CLOSE = frozenset({1008, 4001, 4003})
# What an error body says when it is the token that was refused (Mastodon: "Invalid
# access token", "Missing access token"; mastodon-mock: "Your login is currently
# disabled"; others: "Unauthorized", "not authenticated", "insufficient scope").
_ABOUT_THE_TOKEN = re.compile(r"token|unauthori[sz]|authenticat|scope|credential|login", re.I)
_EXCERPT = 300  # bytes of an error body read, at most


def _challenges(headers: Mapping[str, str]) -> bool:
    """Whether an answer asks for credentials (``WWW-Authenticate``, in any case)."""
    return any(name.lower() == "www-authenticate" for name in headers)


def refusal(
    status: int, body: str, headers: Mapping[str, str], stream: str, path: str
) -> HTTPError | TransportError:
    """The error for a stream's opening answered ``status`` (not 2xx, not a redirect
    that was followed): see the module docstring."""
    excerpt = " ".join(body.split())[:200]
    if status == 401 or (status == 403 and (_challenges(headers) or _ABOUT_THE_TOKEN.search(body))):
        why = f"the streaming server refused the token for stream {stream}"
        return Unauthorized(
            status, f"{why} ({excerpt})" if excerpt else why, method="GET", path=path
        )
    if 400 <= status < 500 and status not in (408, 429):
        why = f"the streaming server does not serve stream {stream}"
        return StreamRefused(
            status, f"{why} ({excerpt})" if excerpt else why, stream=stream, path=path
        )
    return TransportError(f"the stream answered HTTP {status}", method="GET", path=path)


def _prepared(
    route: Route,
    url: URL,
    identity: Identity,
    options: StreamOptions,
    query: Mapping[str, str],
    accept: str,
) -> PreparedRequest:
    """The request that opens a stream: the token in the header, or in the query if asked
    (and only where ``identity`` lets it go)."""
    in_query = options.token_in_query
    token = identity.token_for(url)
    if in_query and token is not None:
        query = {**query, "access_token": token}
    headers = identity.headers(url, accept=accept, token=not in_query)
    return build_request(url, route, headers=headers, url=url.with_query(query))


def _with_scheme(url: URL, kind: str) -> URL:
    """``url`` as ``ws``/``wss`` (``kind="ws"``) or ``http``/``https``, keeping its TLS."""
    secure = url.scheme in ("https", "wss")
    return url.with_scheme(f"{kind}s" if secure else kind)


class WebSocketConnection:
    """One WebSocket to ``{base}/api/v1/streaming``: multiplexed, or one stream in the URL."""

    def __init__(self, socket: WebSocket, multiplexed: bool, path: str = WEBSOCKET.path) -> None:
        self._socket = socket
        self.multiplexed = multiplexed
        self._path = path
        self.received = False  # whether a frame came (set by pump())

    async def subscribe(self, subscription: Subscription) -> None:
        """Ask for a stream on a multiplexed socket."""
        if self.multiplexed:
            await self._socket.send_text(json.dumps({"type": "subscribe", **subscription.params}))

    async def unsubscribe(self, subscription: Subscription) -> None:
        """Stop a stream on a multiplexed socket."""
        if self.multiplexed and not self._socket.closed:
            message = json.dumps({"type": "unsubscribe", **subscription.params})
            await self._socket.send_text(message)

    async def pump(self, deliver: Deliver) -> None:
        """Hand ``deliver`` each event frame's envelope as it arrives, until the socket
        closes; a frame that cannot be read, or an error the server reports, is logged and
        skipped (``received`` says afterwards whether any frame came).
        """
        parse = read_ws_frame

        def arrived(data: str | bytes) -> None:
            self.received = True
            frame = parse(data)
            if type(frame) is Frame:
                deliver(frame)
            elif frame is None:
                log.warning("an unreadable frame was skipped")
            else:
                log.warning("the streaming server reported: %s (%s)", frame.error, frame.status)

        await self._socket.receive_into(arrived)
        code = self._socket.close_code
        if not self.received and code in _AUTH_FAILURE_CLOSE:
            # Mastodon closes at once, before any frame, when it will not take the token.
            raise Unauthorized(
                401,
                f"the streaming server closed the socket at once ({code}): the token",
                method="GET",
                path=self._path,
            )

    async def close(self) -> None:
        """Close the socket."""
        await self._socket.close()


async def open_websocket(
    transport: Transport,
    base: URL,
    identity: Identity,
    options: StreamOptions,
    single: Subscription | None,
    label: str = "",
) -> WebSocketConnection:
    """Open the socket: multiplexed when ``single`` is ``None``, else for that one stream.

    A redirect of the handshake is followed as ``_sansio/origin.next_hop`` allows.
    ``label`` names the streams it is for, in errors.

    Raises:
        Unauthorized: The handshake was refused with 401, or 403 with
            ``WWW-Authenticate``.
        WebSocketRefused: There is no WebSocket here, or it was refused for a reason the
            handshake does not say (the caller may fall back to SSE).
        RedirectRefused: The handshake was redirected where the rule forbids.
        TransportError: No connection, or a transient refusal (429, 5xx: a proxy in front
            of a streaming server that is restarting).
    """
    url = join_url(_with_scheme(base, "ws"), WEBSOCKET.path)
    query = single.params if single is not None else {}
    request = _prepared(WEBSOCKET, url, identity, options, query, "*/*")
    hops = 0
    while True:
        try:
            socket = await transport.websocket(request, heartbeat=options.heartbeat)
        except WebSocketRefused as exc:
            redirected = next_hop(request, exc.status, exc.headers, hops)
            if redirected is not None:
                target = _with_scheme(redirected.url, "ws")
                request, hops = msgspec.structs.replace(redirected, url=target), hops + 1
                continue
            name = label or (":".join(single.key) if single is not None else "(all)")
            if exc.status == 401 or (exc.status == 403 and _challenges(exc.headers)):
                raise refusal(exc.status, "", exc.headers, name, request.path) from None
            if exc.status in (408, 429) or exc.status >= 500:
                raise TransportError(
                    f"the WebSocket was refused with HTTP {exc.status}",
                    method="GET",
                    path=request.path,
                ) from None
            raise
        return WebSocketConnection(socket, multiplexed=single is None, path=request.path)


class SSEConnection:
    """One ``text/event-stream`` response, read until it ends or goes quiet."""

    def __init__(
        self, response: StreamedResponse, opened: AsyncExitStack, subscription: Subscription
    ) -> None:
        self._response = response
        self._opened = opened
        self._parser = SSEParser(subscription.key)
        self.received = False  # whether an event came (set by pump())

    async def pump(self, deliver: Deliver) -> None:
        """Hand ``deliver`` each event as it arrives, until the response ends.

        A silence longer than the stream's idle_timeout raises TransportError (the
        transport bounds each read).
        """
        feed = self._parser.feed
        async for chunk in self._response:
            for event in feed(chunk):
                self.received = True
                deliver(event)

    async def close(self) -> None:
        """Close the response."""
        await self._opened.aclose()


async def open_sse(
    transport: Transport,
    base: URL,
    identity: Identity,
    options: StreamOptions,
    subscription: Subscription,
) -> SSEConnection:
    """``GET /api/v1/streaming/<stream>``: open the event stream.

    A redirect is followed as ``_sansio/origin.next_hop`` allows.

    Raises:
        Unauthorized: 401, or 403 about the token.
        StreamRefused: Another 4xx (but 408, 429): the stream is not served there.
        RedirectRefused: A redirect the rule forbids.
        TransportError: No connection, 408, 429, 5xx or another status.
    """
    route, params = subscription.sse_route()
    url = join_url(_with_scheme(base, "http"), route.path)
    request = _prepared(route, url, identity, options, params, "text/event-stream")
    hops = 0
    opened = AsyncExitStack()
    try:
        while True:
            stream = transport.stream(request, idle=options.idle_timeout)
            response = await opened.enter_async_context(stream)
            redirected = next_hop(request, response.status, response.headers, hops)
            if redirected is None:
                break
            await opened.aclose()
            request, hops = redirected, hops + 1
        if response.status != 200:
            body = await _excerpt(response) if 400 <= response.status < 500 else ""
            raise refusal(
                response.status,
                body,
                response.headers,
                ":".join(subscription.key),
                request.path,
            )
    except BaseException:
        await opened.aclose()
        raise
    return SSEConnection(response, opened, subscription)


async def _excerpt(response: StreamedResponse) -> str:
    """The start of an error answer's body (what it says about the refusal)."""
    data = b""
    try:
        async for chunk in response:
            data += chunk
            if len(data) >= _EXCERPT:
                break
    except MastodonError:  # cut off, or too slow: the status says enough
        pass
    return data[:_EXCERPT].decode("utf-8", "replace")


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
