"""The aiohttp transport: requests, streamed answers and WebSockets over one session.

**Bounds.** A body is read in chunks, counted as aiohttp hands it over (inflated, when the
server compressed it), and reading stops with ``ResponseTooLarge`` as soon as the count
passes ``max_body_size``: a small gzip body that inflates to gigabytes costs the bound and
one chunk, no more (aiohttp 3.14 inflates in bounded steps, as the reader asks). A
``text/event-stream`` is bounded per event instead, since the stream itself never ends.

**Errors.** What aiohttp raises when no answer arrived (refused, reset, timed out) becomes
``TransportError``; a URL it cannot request and an answer it cannot parse (a bad status
line, an absurd header) become ``ProtocolError``, and so does anything else it or the OS
raises on the way (``ValueError``, ``UnicodeError``, ``LookupError``, ...). Messages name
the request by method and path: never a URL, whose query may carry a token.

**Connections.** A server that closes every connection without saying so (snac) is
learnt per origin, and its requests then go on connections that are not kept:
``transport/keepalive.py``.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from contextlib import ExitStack, asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from types import SimpleNamespace
from typing import Final, NoReturn

import aiohttp
from multidict import CIMultiDictProxy
from yarl import URL

from .._sansio.request import Multipart, PreparedRequest
from .._sansio.response import RawResponse
from ..errors import (
    MastodonError,
    ProtocolError,
    ResponseTooLarge,
    TransportError,
    WebSocketRefused,
)
from .base import DEFAULT_MAX_BODY_SIZE
from .keepalive import KeepAlive, Tracing

__all__ = ["AiohttpTransport"]

# Python 3.10's asyncio.TimeoutError is not the builtin TimeoutError: catch both.
_TIMEOUTS = (TimeoutError, asyncio.TimeoutError)


class AiohttpTransport:
    """Moves bytes with an ``aiohttp.ClientSession``; follows no redirect.

    Args:
        session: A session the caller owns. The transport uses it and never closes it
            (while it opens a WebSocket, it lends the session a trace callback that stops
            the handshake at a redirect). Without one, the transport creates its own on
            first use and closes it in ``close``; only then does it also learn which
            servers close every connection (``transport/keepalive.py``).
        timeout: Seconds for one whole request (connect, send, read), or ``None``. A
            streamed answer or a WebSocket is bounded only while connecting (and a
            streamed body by the ``idle`` its caller gives).
        max_body_size: The largest body read, in bytes as decoded (a
            ``text/event-stream``: the largest event); beyond it, ``ResponseTooLarge``.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession | None = None,
        *,
        timeout: float | None = 30.0,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        if max_body_size < 1:
            raise ValueError("max_body_size must be at least 1 byte")
        self._session = session
        self._owns_session = session is None
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._connect_timeout = aiohttp.ClientTimeout(total=None, sock_connect=timeout)
        self.max_body_size = max_body_size
        self._tracing = Tracing()
        self._keepalive = KeepAlive(self._timeout, self._tracing)

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None or (self._owns_session and self._session.closed):
            # Created lazily: a ClientSession must be made inside a running loop.
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        return self._session

    async def send(self, request: PreparedRequest) -> RawResponse:
        """Send ``request`` once and read its body, at most ``max_body_size`` bytes."""
        session = self._get_session()
        attempt = None
        if self._owns_session:
            session, attempt = self._keepalive.begin(session, request)
        answered = False
        failure: BaseException | None = None
        try:
            with ExitStack() as opened:
                sent = request.body
                # The caller's files (their errors are its own); any other body as it is.
                data: bytes | aiohttp.FormData | None = (
                    await _form(sent, opened) if isinstance(sent, Multipart) else sent
                )
                try:
                    async with session.request(
                        request.method,
                        request.url,
                        headers=request.headers,
                        data=data,
                        timeout=self._timeout,
                        allow_redirects=False,
                        trace_request_ctx=attempt,
                    ) as response:
                        answered = True
                        body = await _read_body(response, self.max_body_size, request)
                        return RawResponse(
                            status=response.status,
                            headers=response.headers,
                            body=body,
                            url=response.url,
                            method=request.method,
                        )
                except MastodonError:
                    raise
                except Exception as exc:
                    failure = exc
                    raise _error_for(exc, request) from None
        finally:
            if self._owns_session:
                self._keepalive.end(session, request, attempt, answered=answered, error=failure)

    @asynccontextmanager
    async def stream(
        self, request: PreparedRequest, *, idle: float | None = None, limit: int | None = None
    ) -> AsyncIterator[_Streamed]:
        """Send ``request`` once and hand out the answer, its body unread, until exit."""
        session = self._get_session()
        attempt = None
        if self._owns_session:
            session, attempt = self._keepalive.begin(session, request)
        body = request.body if isinstance(request.body, bytes) else None
        # aiohttp's own read timeout bounds the silence: no wait_for() around each read,
        # which on Python < 3.12 can swallow the cancellation of the task reading.
        timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=self._connect_timeout.sock_connect, sock_read=idle
        )
        failure: BaseException | None = None
        try:
            response = await session.request(
                request.method,
                request.url,
                headers=request.headers,
                data=body,
                timeout=timeout,
                allow_redirects=False,
                trace_request_ctx=attempt,
            )
        except Exception as exc:
            failure = exc
            raise _error_for(exc, request) from None
        finally:
            if self._owns_session:
                answered = failure is None
                self._keepalive.end(session, request, attempt, answered=answered, error=failure)
        try:
            bound = self.max_body_size if limit is None else limit
            yield _Streamed(response, request, idle, bound)
        finally:
            response.close()

    async def websocket(
        self, request: PreparedRequest, *, heartbeat: float | None
    ) -> _AiohttpWebSocket:
        """Open a WebSocket; a handshake answered without an upgrade raises WebSocketRefused."""
        session = self._get_session()
        self._tracing.hold(session, _STOP_REDIRECTS)
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
        except Exception as exc:
            raise _error_for(exc, request) from None
        finally:
            _NO_REDIRECTS.reset(refusing)
            self._tracing.drop(session, _STOP_REDIRECTS)
        return _AiohttpWebSocket(socket, request)

    async def close(self) -> None:
        """Close the sessions this transport created."""
        await self._keepalive.close()
        if self._owns_session and self._session is not None:
            await self._session.close()
            self._session = None


_BLANK_LINE: Final = re.compile(rb"\n\n|\r\r|\n\r\n")  # where an event ends


class _Streamed:
    """A streamed answer: status, headers, and the body's chunks as they arrive.

    Counts what it hands out: the whole body, or for an event stream the bytes since the
    last blank line (where an event ends), and raises ``ResponseTooLarge`` past ``limit``.
    """

    def __init__(
        self,
        response: aiohttp.ClientResponse,
        request: PreparedRequest,
        idle: float | None,
        limit: int = DEFAULT_MAX_BODY_SIZE,
    ) -> None:
        self._response = response
        self._request = request
        self._idle = idle
        self._limit = limit
        media_type = response.headers.get("Content-Type", "").partition(";")[0]
        self._events = media_type.strip().lower() == "text/event-stream"
        self._seen = 0  # bytes handed out
        self._start = 0  # where the body, or the event not yet ended, began
        self._tail = b""  # the last bytes seen, for a blank line split between chunks
        self.status = response.status
        self.headers: CIMultiDictProxy[str] = response.headers
        self.url: URL = response.url

    def __aiter__(self) -> _Streamed:
        return self

    async def __anext__(self) -> bytes:
        request = self._request
        try:
            chunk = await self._response.content.readany()
        except _TIMEOUTS:
            silent = f"the stream was silent for {self._idle:g} s" if self._idle else "timed out"
            raise TransportError(silent, method=request.method, path=request.path) from None
        except Exception as exc:
            raise _error_for(exc, request) from None
        if not chunk:
            raise StopAsyncIteration
        self._count(chunk)
        return chunk

    def _count(self, chunk: bytes) -> None:
        limit = self._limit
        if self._events:
            seen = self._tail + chunk
            offset = self._seen - len(self._tail)  # where ``seen`` begins in the body
            for blank in _BLANK_LINE.finditer(seen):
                end = offset + blank.end()
                if end <= self._start:
                    continue  # a blank line within the tail, counted with the last chunk
                if end - self._start > limit:
                    self._too_large()
                self._start = end
            self._tail = seen[-2:]
        self._seen += len(chunk)
        if self._seen - self._start > limit:
            self._too_large()

    def _too_large(self) -> NoReturn:
        what = "an event of the stream" if self._events else "the streamed answer"
        request = self._request
        raise ResponseTooLarge(self._limit, what=what, method=request.method, path=request.path)


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
        except Exception as exc:
            raise _error_for(exc, self._request) from None

    async def receive_into(self, handle: Callable[[str | bytes], None]) -> None:
        receive = self._socket.receive
        while True:
            try:
                message = await receive()
            except Exception as exc:
                raise _error_for(exc, self._request) from None
            kind = message.type
            if kind in _DATA:
                handle(message.data)  # outside the try: what it raises is the caller's
            elif kind in _END:
                return

    async def close(self) -> None:
        await self._socket.close()


_DATA: Final = (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY)
_END: Final = (
    aiohttp.WSMsgType.CLOSE,
    aiohttp.WSMsgType.CLOSING,
    aiohttp.WSMsgType.CLOSED,
    aiohttp.WSMsgType.ERROR,
)


# --- no redirects in a WebSocket handshake --------------------------------------------------
# aiohttp's ws_connect() always follows redirects (it has no allow_redirects). A trace
# callback, on the session only while this transport opens a socket (and active only in
# that task: a context variable says when), stops it at the first redirect, before
# anything is sent to the target.

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


# --- helpers --------------------------------------------------------------------------------


async def _read_body(
    response: aiohttp.ClientResponse, limit: int, request: PreparedRequest
) -> bytes:
    """The whole body, read in the chunks aiohttp hands over, at most ``limit`` bytes."""
    declared = response.content_length
    if (
        declared is not None
        and declared > limit
        and request.method != "HEAD"
        and "Content-Encoding" not in response.headers
    ):
        raise _too_large(limit, request)  # said so before a byte of it is read
    content = response.content
    chunks: list[bytes] = []
    size = 0
    while chunk := await content.readany():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit, request)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int, request: PreparedRequest) -> ResponseTooLarge:
    return ResponseTooLarge(limit, method=request.method, path=request.path)


def _error_for(exc: BaseException, request: PreparedRequest) -> MastodonError:
    """Ours for whatever aiohttp or the OS raised while sending ``request``."""
    if isinstance(exc, MastodonError):
        return exc
    if isinstance(exc, aiohttp.ClientResponseError):
        # Raised here only when the status line or headers do not parse.
        why = f"the answer is not readable HTTP ({exc.message})"
    elif isinstance(exc, aiohttp.InvalidURL):
        why = "the URL cannot be requested"
    elif isinstance(exc, (aiohttp.ClientError, OSError, *_TIMEOUTS)):
        return _transport_error(exc, request)
    else:
        why = f"the request or its answer cannot be handled ({type(exc).__name__}: {exc})"
    return ProtocolError(_scrubbed(why, request), method=request.method, path=request.path)


def _transport_error(exc: BaseException, request: PreparedRequest) -> TransportError:
    if isinstance(exc, _TIMEOUTS):
        return TransportError("timed out", method=request.method, path=request.path)
    text = str(exc)
    return TransportError(
        _scrubbed(f"{type(exc).__name__}: {text}", request),
        method=request.method,
        path=request.path,
        # A connection never made carried nothing; a request that could not be written
        # out whole cannot have been acted on.
        request_sent=not isinstance(exc, aiohttp.ClientConnectorError)
        and "Can not write request body" not in text,
    )


_URL_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S*")


def _scrubbed(text: str, request: PreparedRequest) -> str:
    """A message without any URL (a query may carry a token), at most 200 characters.

    aiohttp's messages for connection errors include host and port but never headers;
    some include the whole URL, which is replaced by the request's path.
    """
    text = _URL_TEXT.sub(request.path, text)
    return text if len(text) <= 200 else text[:200] + "…"


async def _form(body: Multipart, opened: ExitStack) -> aiohttp.FormData:
    """The aiohttp form of a multipart body, built anew for every attempt.

    A path is opened again each time (aiohttp streams it, then closes it). A caller's file
    object is rewound to where it stood and read whole, off the event loop: aiohttp would
    close it after sending, and a retry must be able to send it again.
    """
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
