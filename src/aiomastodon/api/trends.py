"""Trending hashtags, statuses and links.

Docs: https://docs.joinmastodon.org/methods/trends/

Trends are ranked, not ordered by id: every method pages by ``offset`` and the walk
ends at the first empty page. No token is needed (unless the server restricts them).
"""

from __future__ import annotations

import warnings

from .._sansio.request import UNSET, UnsetType
from .._sansio.routes import route
from ..entities import Status, Tag, TrendsLink
from ..pagination import Paginator
from ._base import Namespace

__all__ = ["Trends"]

TAGS = route("GET", "/api/v1/trends/tags", "trends.tags", paging="offset", version="3.0.0")
TAGS_ALIAS = route(
    "GET",
    "/api/v1/trends",
    "trends.tags_alias",
    paging="offset",
    version="3.0.0",
    deprecated="deprecated since Mastodon 3.5; use trends.tags (GET /api/v1/trends/tags)",
)
STATUSES = route(
    "GET", "/api/v1/trends/statuses", "trends.statuses", paging="offset", version="3.5.0"
)
LINKS = route("GET", "/api/v1/trends/links", "trends.links", paging="offset", version="3.5.0")


class Trends(Namespace):
    """``client.trends``: what is trending on the server."""

    __slots__ = ()

    def tags(
        self, *, limit: int | UnsetType = UNSET, offset: int | UnsetType = UNSET
    ) -> Paginator[Tag]:
        """``GET /api/v1/trends/tags``: hashtags used more than usual lately, page by page.

        Args:
            limit: Hashtags per page (default 10, at most 20).
            offset: Skip this many results.

        Docs: https://docs.joinmastodon.org/methods/trends/#tags
        """
        return Paginator(self._requester, TAGS, Tag, query={"limit": limit, "offset": offset})

    def tags_alias(
        self, *, limit: int | UnsetType = UNSET, offset: int | UnsetType = UNSET
    ) -> Paginator[Tag]:
        """``GET /api/v1/trends``: trending hashtags at their old path (deprecated).

        The path of [`tags`][aiomastodon.api.trends.Trends.tags] before Mastodon 3.5, which keeps it
        as an alias; the only one servers before 3.5 know.

        Args:
            limit: Hashtags per page (default 10, at most 20).
            offset: Skip this many results.

        Docs: https://docs.joinmastodon.org/methods/trends/#tags
        """
        warnings.warn(
            "GET /api/v1/trends is deprecated since Mastodon 3.5; use client.trends.tags()",
            DeprecationWarning,
            stacklevel=2,
        )
        query = {"limit": limit, "offset": offset}
        return Paginator(self._requester, TAGS_ALIAS, Tag, query=query)

    def statuses(
        self, *, limit: int | UnsetType = UNSET, offset: int | UnsetType = UNSET
    ) -> Paginator[Status]:
        """``GET /api/v1/trends/statuses``: statuses interacted with more than usual.

        Args:
            limit: Statuses per page (default 20, at most 40).
            offset: Skip this many results.

        Docs: https://docs.joinmastodon.org/methods/trends/#statuses
        """
        query = {"limit": limit, "offset": offset}
        return Paginator(self._requester, STATUSES, Status, query=query)

    def links(
        self, *, limit: int | UnsetType = UNSET, offset: int | UnsetType = UNSET
    ) -> Paginator[TrendsLink]:
        """``GET /api/v1/trends/links``: links shared more than usual, with their history.

        Args:
            limit: Links per page (default 10, at most 20).
            offset: Skip this many results.

        Docs: https://docs.joinmastodon.org/methods/trends/#links
        """
        query = {"limit": limit, "offset": offset}
        return Paginator(self._requester, LINKS, TrendsLink, query=query)
