"""The aiohttp transport: requests, streamed answers and WebSockets over one session."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import ExitStack, asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from types import SimpleNamespace

import aiohttp
from multidict import CIMultiDictProxy
from yarl import URL

from .._sansio.request import Multipart, PreparedRequest
from .._sansio.response import RawResponse
from ..errors import TransportError, WebSocketRefused

__all__ = ["AiohttpTransport"]

# Python 3.10's asyncio.TimeoutError is not the builtin TimeoutError: catch both.
_TIMEOUTS = (TimeoutError, asyncio.TimeoutError)


class AiohttpTransport:
    """Moves bytes with an ``aiohttp.ClientSession``; follows no redirect.

    Args:
        session: A session the caller owns. The transport uses it and never closes it
            (it adds one trace callback to it, inert except while this transport opens a
            WebSocket: it stops the handshake at a redirect). Without one, the transport
            creates its own on first use and closes it in ``close``.
        timeout: Seconds for one whole request (connect, send, read), or ``None``. A
            streamed answer or a WebSocket is bounded only while connecting (and a
            streamed body by the ``idle`` its caller gives).
    """

    def __init__(
        self, session: aiohttp.ClientSession | None = None, *, timeout: float | None = 30.0
    ) -> None:
        self._session = session
        self._owns_session = session is None
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._connect_timeout = aiohttp.ClientTimeout(total=None, sock_connect=timeout)

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None or (self._owns_session and self._session.closed):
            # Created lazily: a ClientSession must be made inside a running loop.
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        return self._session

    async def send(self, request: PreparedRequest) -> RawResponse:
        """Send ``request`` once; map every failure to reach the server to TransportError."""
        session = self._get_session()
        with ExitStack() as opened:
            data = await _body(request.body, opened)
            try:
                async with session.request(
                    request.method,
                    request.url,
                    headers=request.headers,
                    data=data,
                    timeout=self._timeout,
                    allow_redirects=False,
                ) as response:
                    body = await response.read()
                    return RawResponse(
                        status=response.status,
                        headers=response.headers,
                        body=body,
                        url=response.url,
                        method=request.method,
                    )
            except (aiohttp.ClientError, *_TIMEOUTS) as exc:
                raise _transport_error(exc, request) from None

    @asynccontextmanager
    async def stream(
        self, request: PreparedRequest, *, idle: float | None = None
    ) -> AsyncIterator[_Streamed]:
        """Send ``request`` once and hand out the answer, its body unread, until exit."""
        session = self._get_session()
        body = request.body if isinstance(request.body, bytes) else None
        # aiohttp's own read timeout bounds the silence: no wait_for() around each read,
        # which on Python < 3.12 can swallow the cancellation of the task reading.
        timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=self._connect_timeout.sock_connect, sock_read=idle
        )
        try:
            response = await session.request(
                request.method,
                request.url,
                headers=request.headers,
                data=body,
                timeout=timeout,
                allow_redirects=False,
            )
        except (aiohttp.ClientError, *_TIMEOUTS) as exc:
            raise _transport_error(exc, request) from None
        try:
            yield _Streamed(response, request, idle)
        finally:
            response.close()

    async def websocket(
        self, request: PreparedRequest, *, heartbeat: float | None
    ) -> _AiohttpWebSocket:
        """Open a WebSocket; a handshake answered without an upgrade raises WebSocketRefused."""
        session = self._get_session()
        _refuse_redirects_of(session)
        refusing = _NO_REDIRECTS.set(True)
        try:
            socket = await session.ws_connect(
                request.url, headers=request.headers, heartbeat=heartbeat, autoping=True
            )
        except _Redirected as exc:
            raise WebSocketRefused(exc.status, exc.headers, path=request.path) from None
        except aiohttp.WSServerHandshakeError as exc:
            headers = exc.headers if exc.headers is not None else {}
            raise WebSocketRefused(exc.status, dict(headers), path=request.path) from None
        except (aiohttp.ClientError, OSError, *_TIMEOUTS) as exc:
            raise _transport_error(exc, request) from None
        finally:
            _NO_REDIRECTS.reset(refusing)
        return _AiohttpWebSocket(socket, request)

    async def close(self) -> None:
        """Close the session if this transport created it."""
        if self._owns_session and self._session is not None:
            await self._session.close()
            self._session = None


class _Streamed:
    """A streamed answer: status, headers, and the body's chunks as they arrive."""

    def __init__(
        self, response: aiohttp.ClientResponse, request: PreparedRequest, idle: float | None
    ) -> None:
        self._response = response
        self._request = request
        self._idle = idle
        self.status = response.status
        self.headers: CIMultiDictProxy[str] = response.headers
        self.url: URL = response.url

    def __aiter__(self) -> _Streamed:
        return self

    async def __anext__(self) -> bytes:
        try:
            chunk = await self._response.content.readany()
        except _TIMEOUTS:
            silent = f"the stream was silent for {self._idle:g} s" if self._idle else "timed out"
            request = self._request
            raise TransportError(silent, method=request.method, path=request.path) from None
        except aiohttp.ClientError as exc:
            raise _transport_error(exc, self._request) from None
        if not chunk:
            raise StopAsyncIteration
        return chunk


class _AiohttpWebSocket:
    """An open WebSocket; aiohttp's failures surface as TransportError."""

    def __init__(
        self, socket: aiohttp.ClientWebSocketResponse[bool], request: PreparedRequest
    ) -> None:
        self._socket = socket
        self._request = request

    @property
    def closed(self) -> bool:
        return self._socket.closed

    @property
    def close_code(self) -> int | None:
        return self._socket.close_code

    async def send_text(self, text: str) -> None:
        try:
            await self._socket.send_str(text)
        except (aiohttp.ClientError, ConnectionError) as exc:
            raise _transport_error(exc, self._request) from None

    async def __aiter__(self) -> AsyncIterator[str | bytes]:
        text, binary = aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY
        try:
            async for message in self._socket:
                kind = message.type
                if kind is text or kind is binary:
                    yield message.data
                elif kind is aiohttp.WSMsgType.ERROR:
                    break
        except (aiohttp.ClientError, ConnectionError, *_TIMEOUTS) as exc:
            raise _transport_error(exc, self._request) from None

    async def close(self) -> None:
        await self._socket.close()


# --- no redirects in a WebSocket handshake --------------------------------------------------
# aiohttp's ws_connect() always follows redirects (it has no allow_redirects). A trace
# callback, active only while this transport opens a socket (a context variable says
# when), stops it at the first redirect, before anything is sent to the target.

_NO_REDIRECTS: ContextVar[bool] = ContextVar("aiomastodon_no_redirects", default=False)


class _Redirected(Exception):
    def __init__(self, status: int, headers: dict[str, str]) -> None:
        super().__init__(status)
        self.status = status
        self.headers = headers


async def _on_redirect(
    session: aiohttp.ClientSession,
    context: SimpleNamespace,
    params: aiohttp.TraceRequestRedirectParams,
) -> None:
    if _NO_REDIRECTS.get():
        raise _Redirected(params.response.status, dict(params.response.headers))


_STOP_REDIRECTS = aiohttp.TraceConfig()
_STOP_REDIRECTS.on_request_redirect.append(_on_redirect)
_STOP_REDIRECTS.freeze()


def _refuse_redirects_of(session: aiohttp.ClientSession) -> None:
    """Install the callback on a session (a borrowed one too: it is inert elsewhere)."""
    if _STOP_REDIRECTS not in session.trace_configs:
        session.trace_configs.append(_STOP_REDIRECTS)


# --- helpers --------------------------------------------------------------------------------


def _transport_error(exc: BaseException, request: PreparedRequest) -> TransportError:
    if isinstance(exc, _TIMEOUTS):
        return TransportError("timed out", method=request.method, path=request.path)
    return TransportError(
        f"{type(exc).__name__}: {_describe(exc)}",
        method=request.method,
        path=request.path,
        # A connection that was never made carried nothing to the server.
        request_sent=not isinstance(exc, aiohttp.ClientConnectorError),
    )


async def _body(
    body: bytes | Multipart | None, opened: ExitStack
) -> bytes | aiohttp.FormData | None:
    """The aiohttp form of a body, built anew for every attempt.

    A path is opened again each time (aiohttp streams it, then closes it). A caller's file
    object is rewound to where it stood and read whole, off the event loop: aiohttp would
    close it after sending, and a retry must be able to send it again.
    """
    if not isinstance(body, Multipart):
        return body
    form = aiohttp.FormData(quote_fields=False)
    for name, value in body.fields:
        form.add_field(name, value)
    for part in body.files:
        source = part.source
        if isinstance(source, Path):
            payload: object = opened.enter_context(source.open("rb"))
        elif isinstance(source, bytes):
            payload = source
        else:
            if source.seekable():
                source.seek(part.position)
            payload = await asyncio.to_thread(source.read)
        form.add_field(part.name, payload, filename=part.filename, content_type=part.content_type)
    return form


def _describe(exc: BaseException) -> str:
    # aiohttp's messages for connection errors include host and port but never headers.
    text = str(exc)
    return text if len(text) <= 200 else text[:200] + "…"
