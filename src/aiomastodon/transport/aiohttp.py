"""The aiohttp transport."""

from __future__ import annotations

import asyncio
from contextlib import ExitStack
from pathlib import Path

import aiohttp

from .._sansio.request import Multipart, PreparedRequest
from .._sansio.response import RawResponse
from ..errors import TransportError

__all__ = ["AiohttpTransport"]


class AiohttpTransport:
    """Sends requests with an :class:`aiohttp.ClientSession`.

    Args:
        session: A session the caller owns. The transport uses it and never closes it.
            Without one, the transport creates its own on first use and closes it in
            :meth:`close`.
        timeout: Seconds for one whole request (connect, send, read), or ``None``.
    """

    def __init__(
        self, session: aiohttp.ClientSession | None = None, *, timeout: float | None = 30.0
    ) -> None:
        self._session = session
        self._owns_session = session is None
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    def session(self) -> aiohttp.ClientSession:
        """The session requests go through (made now if the transport makes its own)."""
        return self._get_session()

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
                ) as response:
                    body = await response.read()
                    return RawResponse(
                        status=response.status,
                        headers=response.headers,
                        body=body,
                        url=response.url,
                        method=request.method,
                    )
            except (TimeoutError, asyncio.TimeoutError):  # two classes before 3.11
                raise TransportError(
                    "timed out", method=request.method, path=request.path
                ) from None
            except aiohttp.ClientError as exc:
                raise TransportError(
                    f"{type(exc).__name__}: {_describe(exc)}",
                    method=request.method,
                    path=request.path,
                    # A connection that was never made carried nothing to the server.
                    request_sent=not isinstance(exc, aiohttp.ClientConnectorError),
                ) from None

    async def close(self) -> None:
        """Close the session if this transport created it."""
        if self._owns_session and self._session is not None:
            await self._session.close()
            self._session = None


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


def _describe(exc: aiohttp.ClientError) -> str:
    # aiohttp's messages for connection errors include host and port but never headers.
    text = str(exc)
    return text if len(text) <= 200 else text[:200] + "…"
