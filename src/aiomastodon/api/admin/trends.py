"""Review trends.

Docs: https://docs.joinmastodon.org/methods/admin/trends/
"""

from __future__ import annotations

from ..._sansio.request import UNSET, UnsetType
from ..._sansio.routes import route
from ...entities import AdminTag, AwareDatetime, Entity, Status, TrendsLink
from ...pagination import Paginator
from .._base import Namespace, cursor_query

__all__ = ["AdminTrendLink", "AdminTrendStatus", "AdminTrends", "LinkPublisher"]

LINKS = route("GET", "/api/v1/admin/trends/links", "admin.trends.links", version="3.5.0")
STATUSES = route("GET", "/api/v1/admin/trends/statuses", "admin.trends.statuses", version="3.5.0")
TAGS = route("GET", "/api/v1/admin/trends/tags", "admin.trends.tags", version="3.5.0")
# Undocumented by the Mastodon docs: the review routes of 4.2.0 (CHANGELOG, #24257).
APPROVE_LINK = route(
    "POST",
    "/api/v1/admin/trends/links/:id/approve",
    "admin.trends.approve_link",
    version="4.2.0",
    retry_safe=True,
)
REJECT_LINK = route(
    "POST",
    "/api/v1/admin/trends/links/:id/reject",
    "admin.trends.reject_link",
    version="4.2.0",
    retry_safe=True,
)
APPROVE_STATUS = route(
    "POST",
    "/api/v1/admin/trends/statuses/:id/approve",
    "admin.trends.approve_status",
    version="4.2.0",
    retry_safe=True,
)
REJECT_STATUS = route(
    "POST",
    "/api/v1/admin/trends/statuses/:id/reject",
    "admin.trends.reject_status",
    version="4.2.0",
    retry_safe=True,
)
APPROVE_TAG = route(
    "POST",
    "/api/v1/admin/trends/tags/:id/approve",
    "admin.trends.approve_tag",
    version="4.2.0",
    retry_safe=True,
)
REJECT_TAG = route(
    "POST",
    "/api/v1/admin/trends/tags/:id/reject",
    "admin.trends.reject_tag",
    version="4.2.0",
    retry_safe=True,
)
PUBLISHERS = route(
    "GET",
    "/api/v1/admin/trends/links/publishers",
    "admin.trends.publishers",
    paging="id",
    version="4.2.0",
)
APPROVE_PUBLISHER = route(
    "POST",
    "/api/v1/admin/trends/links/publishers/:id/approve",
    "admin.trends.approve_publisher",
    version="4.2.0",
    retry_safe=True,
)
REJECT_PUBLISHER = route(
    "POST",
    "/api/v1/admin/trends/links/publishers/:id/reject",
    "admin.trends.reject_publisher",
    version="4.2.0",
    retry_safe=True,
)


class AdminTrendLink(TrendsLink, frozen=True, kw_only=True):
    """A trending link as a moderator sees it (``Trends::Link`` and its review state).

    Attributes:
        id: The preview card's id, which the review methods take. Mastodon sends it as
            a JSON number here (its serializer does not make it a string); it decodes
            into a ``str`` like every id.
        requires_review: Nobody has approved or rejected it yet.
    """

    id: str = ""
    requires_review: bool = False


class AdminTrendStatus(Status, frozen=True, kw_only=True):
    """A trending status as a moderator sees it (``Status`` and its review state).

    Attributes:
        requires_review: Nobody has approved or rejected it yet.
    """

    requires_review: bool = False


class LinkPublisher(Entity, frozen=True, kw_only=True):
    """A site whose links may trend (Mastodon's ``PreviewCardProvider``).

    Attributes:
        id: The publisher's id (a JSON number from Mastodon; decoded as a ``str``).
        domain: The site's domain.
        trendable: Its links may trend.
        reviewed_at: When a moderator last approved or rejected it.
        requested_review_at: When its links first asked for a review.
        requires_review: Nobody has approved or rejected it yet.
    """

    id: str
    domain: str = ""
    trendable: bool = False
    reviewed_at: AwareDatetime | None = None
    requested_review_at: AwareDatetime | None = None
    requires_review: bool = False


class AdminTrends(Namespace):
    """``client.admin.trends``: what is trending, including what no one has reviewed yet.

    Needs ``admin:read`` (reviewing: ``admin:write``) and a role that may manage
    taxonomies.
    """

    __slots__ = ()

    async def links(self) -> list[AdminTrendLink]:
        """``GET /api/v1/admin/trends/links``: trending links, reviewed or not.

        Each carries the ``id`` and ``requires_review`` the review methods need.

        Docs: https://docs.joinmastodon.org/methods/admin/trends/#links
        """
        return await self._requester.call(list[AdminTrendLink], LINKS)

    async def statuses(self) -> list[AdminTrendStatus]:
        """``GET /api/v1/admin/trends/statuses``: trending statuses, reviewed or not.

        Docs: https://docs.joinmastodon.org/methods/admin/trends/#statuses
        """
        return await self._requester.call(list[AdminTrendStatus], STATUSES)

    async def tags(self) -> list[AdminTag]:
        """``GET /api/v1/admin/trends/tags``: trending hashtags, reviewed or not.

        Each carries its review state (``trendable``, ``usable``, ``requires_review``);
        Mastodon 4.0 sent plain tags without it, which decode with those fields false.

        Docs: https://docs.joinmastodon.org/methods/admin/trends/#tags
        """
        return await self._requester.call(list[AdminTag], TAGS)

    async def approve_link(self, link_id: str, /) -> AdminTrendLink:
        """``POST /api/v1/admin/trends/links/:id/approve``: let a link trend.

        ``link_id`` is the ``id`` of [`links`][aiomastodon.api.admin.trends.AdminTrends.links].

        Undocumented: ``Api::V1::Admin::Trends::LinksController#approve``, in Mastodon
        since 4.2.0 (CHANGELOG, #24257).

        Docs: https://docs.joinmastodon.org/methods/admin/trends/ (not listed there)
        """
        return await self._requester.call(AdminTrendLink, APPROVE_LINK, link_id)

    async def reject_link(self, link_id: str, /) -> AdminTrendLink:
        """``POST /api/v1/admin/trends/links/:id/reject``: keep a link from trending.

        Undocumented: ``Api::V1::Admin::Trends::LinksController#reject``, in Mastodon
        since 4.2.0 (CHANGELOG, #24257).

        Docs: https://docs.joinmastodon.org/methods/admin/trends/ (not listed there)
        """
        return await self._requester.call(AdminTrendLink, REJECT_LINK, link_id)

    async def approve_status(self, status_id: str, /) -> AdminTrendStatus:
        """``POST /api/v1/admin/trends/statuses/:id/approve``: let a status trend.

        Undocumented: ``Api::V1::Admin::Trends::StatusesController#approve``, in
        Mastodon since 4.2.0 (CHANGELOG, #24257).

        Docs: https://docs.joinmastodon.org/methods/admin/trends/ (not listed there)
        """
        return await self._requester.call(AdminTrendStatus, APPROVE_STATUS, status_id)

    async def reject_status(self, status_id: str, /) -> AdminTrendStatus:
        """``POST /api/v1/admin/trends/statuses/:id/reject``: keep a status from trending.

        Undocumented: ``Api::V1::Admin::Trends::StatusesController#reject``, in
        Mastodon since 4.2.0 (CHANGELOG, #24257).

        Docs: https://docs.joinmastodon.org/methods/admin/trends/ (not listed there)
        """
        return await self._requester.call(AdminTrendStatus, REJECT_STATUS, status_id)

    async def approve_tag(self, tag_id: str, /) -> AdminTag:
        """``POST /api/v1/admin/trends/tags/:id/approve``: let a hashtag trend.

        ``tag_id`` is the tag's ``id``, not its name.

        Undocumented: ``Api::V1::Admin::Trends::TagsController#approve``, in Mastodon
        since 4.2.0 (CHANGELOG, #24257).

        Docs: https://docs.joinmastodon.org/methods/admin/trends/ (not listed there)
        """
        return await self._requester.call(AdminTag, APPROVE_TAG, tag_id)

    async def reject_tag(self, tag_id: str, /) -> AdminTag:
        """``POST /api/v1/admin/trends/tags/:id/reject``: keep a hashtag from trending.

        Undocumented: ``Api::V1::Admin::Trends::TagsController#reject``, in Mastodon
        since 4.2.0 (CHANGELOG, #24257).

        Docs: https://docs.joinmastodon.org/methods/admin/trends/ (not listed there)
        """
        return await self._requester.call(AdminTag, REJECT_TAG, tag_id)

    def publishers(
        self,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[LinkPublisher]:
        """``GET /api/v1/admin/trends/links/publishers``: the sites links come from.

        Newest first; pages by the publishers' ids (a full page has a ``next`` link).

        Undocumented: ``Api::V1::Admin::Trends::Links::PreviewCardProvidersController``,
        in Mastodon since 4.2.0 (CHANGELOG, #24257).

        Args:
            limit: Publishers per page (default 100, at most 200).
            max_id: Start below this id (older).
            since_id: Only publishers newer than this id (from the newest end).
            min_id: Walk forward from just after this id, oldest first.

        Docs: https://docs.joinmastodon.org/methods/admin/trends/ (not listed there)
        """
        query = cursor_query(limit, max_id, since_id, min_id)
        return Paginator(self._requester, PUBLISHERS, LinkPublisher, query=query)

    async def approve_publisher(self, publisher_id: str, /) -> LinkPublisher:
        """``POST /api/v1/admin/trends/links/publishers/:id/approve``: let a site's links trend.

        Undocumented: ``Api::V1::Admin::Trends::Links::PreviewCardProvidersController``
        (``approve``), in Mastodon since 4.2.0 (CHANGELOG, #24257).

        Docs: https://docs.joinmastodon.org/methods/admin/trends/ (not listed there)
        """
        return await self._requester.call(LinkPublisher, APPROVE_PUBLISHER, publisher_id)

    async def reject_publisher(self, publisher_id: str, /) -> LinkPublisher:
        """``POST /api/v1/admin/trends/links/publishers/:id/reject``: keep a site's links out.

        Undocumented: ``Api::V1::Admin::Trends::Links::PreviewCardProvidersController``
        (``reject``), in Mastodon since 4.2.0 (CHANGELOG, #24257).

        Docs: https://docs.joinmastodon.org/methods/admin/trends/ (not listed there)
        """
        return await self._requester.call(LinkPublisher, REJECT_PUBLISHER, publisher_id)
