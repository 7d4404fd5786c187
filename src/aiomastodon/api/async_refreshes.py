"""Asynchronous refreshes (alpha).

Docs: https://docs.joinmastodon.org/methods/async_refreshes/
"""

from __future__ import annotations

from .._sansio.routes import route
from ..entities import AsyncRefresh, Entity
from ._base import Namespace

__all__ = ["AsyncRefreshes"]

GET = route("GET", "/api/v1_alpha/async_refreshes/:id", "async_refreshes.get", version="4.4.0")


class _Wrapped(Entity, frozen=True, kw_only=True):
    async_refresh: AsyncRefresh


class AsyncRefreshes(Namespace):
    """``client.async_refreshes``: background work the server is doing for you (alpha)."""

    __slots__ = ()

    async def get(self, refresh_id: str, /) -> AsyncRefresh:
        """``GET /api/v1_alpha/async_refreshes/:id``: how a background refresh is going.

        Some answers (a status context fetched from remote servers, Mastodon 4.4+)
        are refreshed in the background; the server names the refresh in a
        ``Mastodon-Async-Refresh`` header. Poll this until ``status`` is
        ``finished``, then fetch again. The server's ``{"async_refresh": {...}}``
        wrapper is taken off. An alpha API: it may change.

        Args:
            refresh_id: The id from the ``Mastodon-Async-Refresh`` header.

        Docs: https://docs.joinmastodon.org/methods/async_refreshes/#show
        """
        wrapped = await self._requester.call(_Wrapped, GET, refresh_id)
        return wrapped.async_refresh
