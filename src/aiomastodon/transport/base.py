"""The transport protocol: the only seam between aiomastodon and the network.

Three ways bytes move, all described by a
``PreparedRequest`` whose headers are already
decided (``_sansio/origin.py``):

- [send][aiomastodon.transport.base.Transport.send]: one request, the whole answer
  (every REST call).
- [stream][aiomastodon.transport.base.Transport.stream]: one request, the answer's body
  as it arrives (server-sent events; media downloads).
- [websocket][aiomastodon.transport.base.Transport.websocket]: a WebSocket (the streaming
  API).

A transport moves bytes and maps the network's failures to
[TransportError][aiomastodon.errors.TransportError]; nothing else. It never follows a
redirect (the request loop decides whether to), never reads a status as an error, and never
adds a header (the hop-by-hop ``Connection: close`` excepted, which an HTTP stack sends
when it will not keep a connection).

Every transport bounds what it holds: a body is read in chunks and counted as decoded
(after any ``Content-Encoding``), and past the bound it stops and raises
[ResponseTooLarge][aiomastodon.errors.ResponseTooLarge]; a stream of server-sent events is
bounded per event instead. Whatever its HTTP stack raises for a URL it cannot request or an
answer it cannot parse reaches the caller as a
[ProtocolError][aiomastodon.errors.ProtocolError], never as a foreign exception.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from multidict import CIMultiDictProxy
from yarl import URL

from .._sansio.request import PreparedRequest
from .._sansio.response import RawResponse

__all__ = ["DEFAULT_MAX_BODY_SIZE", "StreamedResponse", "Transport", "WebSocket"]

DEFAULT_MAX_BODY_SIZE = 32 * 1024 * 1024
"""The largest answer read by default: 32 MiB, as decoded.

Far above any answer Mastodon gives (a page of 40 statuses is about 125 KB; the largest
lists, an instance's custom emojis or its peers, run to a few MB), and far below what
would exhaust a small machine's memory. ``Client(max_body_size=...)`` changes it.
"""


class StreamedResponse(Protocol):
    """An answer whose body is read as it arrives: iterate it for the body's chunks.

    Iterating raises [TransportError][aiomastodon.errors.TransportError] if the connection
    breaks; it ends when the body does.
    """

    @property
    def status(self) -> int:
        """The HTTP status."""
        ...

    @property
    def headers(self) -> CIMultiDictProxy[str]:
        """The response headers."""
        ...

    @property
    def url(self) -> URL:
        """The URL that answered (the request's: transports follow no redirect)."""
        ...

    def __aiter__(self) -> AsyncIterator[bytes]:
        """The body's chunks, as they arrive (never empty)."""
        ...


class WebSocket(Protocol):
    """An open WebSocket: send text, hand over the frames that arrive, close."""

    @property
    def closed(self) -> bool:
        """Whether the socket is closed."""
        ...

    @property
    def close_code(self) -> int | None:
        """The close code the server sent, once closed."""
        ...

    async def send_text(self, text: str) -> None:
        """Send one text frame (raises ``TransportError`` if the socket is gone)."""
        ...

    async def receive_into(self, handle: Callable[[str | bytes], None]) -> None:
        """Call ``handle`` with each frame as it arrives, until the socket closes.

        A text frame is handed over as ``str``, a binary one as ``bytes``. Returns when
        the socket closes (then [close_code][aiomastodon.transport.base.WebSocket.close_code]
        says how); raises [TransportError][aiomastodon.errors.TransportError] if the
        connection breaks. What ``handle`` raises is not caught. A loop that calls, not an
        iterator: a streaming client takes tens of thousands of frames a second, and an
        iterator's step per frame would cost more than the frame's own routing.
        """
        ...

    async def close(self) -> None:
        """Close the socket (nothing happens if it is closed already)."""
        ...


class Transport(Protocol):
    """Moves prepared requests to the server and brings back what it answers.

    A transport raises [TransportError][aiomastodon.errors.TransportError] when no HTTP
    answer arrives (refused, reset, timed out). It never interprets the status: a 404 or a
    503 is an answer like any other, and so is a redirect, which it never follows. It must
    be safe to call from many tasks at once.
    """

    async def send(self, request: PreparedRequest) -> RawResponse:
        """Send ``request`` once and read the whole body (raises ``ResponseTooLarge`` past
        the transport's bound)."""
        ...

    def stream(
        self, request: PreparedRequest, *, idle: float | None = None, limit: int | None = None
    ) -> AbstractAsyncContextManager[StreamedResponse]:
        """Send ``request`` once; the answer's body is read as it arrives, until exit.

        Args:
            idle: Seconds the body may stay silent; then reading it raises
                ``TransportError`` (``None``: no bound).
            limit: The most bytes the body may have (a ``text/event-stream``: each
                event), after which reading raises ``ResponseTooLarge``; ``None``: the
                transport's own bound.
        """
        ...

    async def websocket(self, request: PreparedRequest, *, heartbeat: float | None) -> WebSocket:
        """Open a WebSocket at ``request.url`` with ``request.headers``.

        Args:
            heartbeat: Seconds between pings; a socket that does not answer one is closed.

        Raises:
            WebSocketRefused: The server answered the handshake without upgrading (any
                status, a redirect included), carrying that status and its headers.
            TransportError: No answer.
        """
        ...

    async def close(self) -> None:
        """Release what the transport owns (not what the caller lent it)."""
        ...
