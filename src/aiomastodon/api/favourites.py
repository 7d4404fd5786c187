"""Favourites: the statuses you favourited.

Docs: https://docs.joinmastodon.org/methods/favourites/
"""

from __future__ import annotations

from .._sansio.request import UNSET, UnsetType
from .._sansio.routes import route
from ..entities import Status
from ..pagination import Paginator
from ._base import Namespace, cursor_query

__all__ = ["Favourites"]

LIST = route("GET", "/api/v1/favourites", "favourites.list", paging="link")


class Favourites(Namespace):
    """``client.favourites``: the statuses you favourited."""

    __slots__ = ()

    def list(
        self,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[Status]:
        """``GET /api/v1/favourites``: your favourites, most recently favourited first.

        Pages through the ``Link`` header: the cursors are the ids of the favourites,
        not of the statuses, so the order is when you favourited, not when they were
        posted.

        Args:
            limit: Statuses per page (default 20, at most 40).

        ``max_id``, ``since_id``, ``min_id``: ``Link`` [cursors][aiomastodon.pagination.Paginator].

        Docs: https://docs.joinmastodon.org/methods/favourites/#get
        """
        return Paginator(
            self._requester,
            LIST,
            Status,
            query=cursor_query(limit, max_id, since_id, min_id),
        )
