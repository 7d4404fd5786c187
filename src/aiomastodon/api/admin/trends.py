"""Review trends.

Docs: https://docs.joinmastodon.org/methods/admin/trends/
"""

from __future__ import annotations

from ..._sansio.routes import route
from ...entities import AdminTag, Status, TrendsLink
from .._base import Namespace

__all__ = ["AdminTrends"]

LINKS = route("GET", "/api/v1/admin/trends/links", "admin.trends.links", version="3.5.0")
STATUSES = route("GET", "/api/v1/admin/trends/statuses", "admin.trends.statuses", version="3.5.0")
TAGS = route("GET", "/api/v1/admin/trends/tags", "admin.trends.tags", version="3.5.0")


class AdminTrends(Namespace):
    """``client.admin.trends``: what is trending, including what no one has reviewed yet.

    Needs ``admin:read`` and a role that may manage taxonomies.
    """

    __slots__ = ()

    async def links(self) -> list[TrendsLink]:
        """``GET /api/v1/admin/trends/links``: trending links, reviewed or not.

        Docs: https://docs.joinmastodon.org/methods/admin/trends/#links
        """
        return await self._requester.call(list[TrendsLink], LINKS)

    async def statuses(self) -> list[Status]:
        """``GET /api/v1/admin/trends/statuses``: trending statuses, reviewed or not.

        Docs: https://docs.joinmastodon.org/methods/admin/trends/#statuses
        """
        return await self._requester.call(list[Status], STATUSES)

    async def tags(self) -> list[AdminTag]:
        """``GET /api/v1/admin/trends/tags``: trending hashtags, reviewed or not.

        Each carries its review state (``trendable``, ``usable``, ``requires_review``);
        Mastodon 4.0 sent plain tags without it, which decode with those fields false.

        Docs: https://docs.joinmastodon.org/methods/admin/trends/#tags
        """
        return await self._requester.call(list[AdminTag], TAGS)
