"""The transport protocol: the only seam between aiomastodon and the network."""

from __future__ import annotations

from typing import Protocol

from .._sansio.request import PreparedRequest
from .._sansio.response import RawResponse


class Transport(Protocol):
    """Sends one prepared request and returns the whole answer.

    A transport raises :class:`~aiomastodon.errors.TransportError` when no HTTP answer
    arrives (refused, reset, timed out). It never interprets the status: a 404 or a 503
    is an answer like any other. It must be safe to call from many tasks at once.
    """

    async def send(self, request: PreparedRequest) -> RawResponse:
        """Send ``request`` once and read the whole body."""
        ...

    async def close(self) -> None:
        """Release what the transport owns (not what the caller lent it)."""
        ...
