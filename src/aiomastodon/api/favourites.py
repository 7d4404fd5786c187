"""Favourites: the statuses you favourited.

Docs: https://docs.joinmastodon.org/methods/favourites/
"""

from __future__ import annotations

from .._sansio.request import UNSET, UnsetType
from .._sansio.routes import route
from ..entities import Status
from ..pagination import Paginator
from ._base import Namespace

__all__ = ["Favourites"]

LIST = route("GET", "/api/v1/favourites", "favourites.list", paging="link", version="0.0.0")


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
            max_id: A cursor from a ``Link`` header: start below it (older).
            since_id: A cursor from a ``Link`` header: only entries above it, from the newest end.
            min_id: A cursor from a ``Link`` header: walk forward from just above it, oldest first.

        Docs: https://docs.joinmastodon.org/methods/favourites/#get
        """
        return Paginator(
            self._requester,
            LIST,
            Status,
            query={"limit": limit, "max_id": max_id, "since_id": since_id, "min_id": min_id},
        )
