"""Bookmarks: the statuses you bookmarked.

Docs: https://docs.joinmastodon.org/methods/bookmarks/
"""

from __future__ import annotations

from .._sansio.request import UNSET, UnsetType
from .._sansio.routes import route
from ..entities import Status
from ..pagination import Paginator
from ._base import Namespace, cursor_query

__all__ = ["Bookmarks"]

LIST = route("GET", "/api/v1/bookmarks", "bookmarks.list", paging="link", version="3.1.0")


class Bookmarks(Namespace):
    """``client.bookmarks``: the statuses you bookmarked."""

    __slots__ = ()

    def list(
        self,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[Status]:
        """``GET /api/v1/bookmarks``: the statuses you bookmarked, most recent first.

        Pages through the ``Link`` header (the cursors are hidden ids).

        Args:
            limit: Statuses per page (default 20, at most 40).

        ``max_id``, ``since_id``, ``min_id``: ``Link`` [cursors][aiomastodon.pagination.Paginator].

        Docs: https://docs.joinmastodon.org/methods/bookmarks/#get
        """
        query = cursor_query(limit, max_id, since_id, min_id)
        return Paginator(self._requester, LIST, Status, query=query)
