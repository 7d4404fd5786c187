"""Moderate hashtags (undocumented by the Mastodon docs).

Mastodon routes ``resources :tags, only: [:index, :show, :update]`` in its admin API
since 4.2.0 (``config/routes/api.rb``; CHANGELOG 4.2.0, #26872), served by
``Api::V1::Admin::TagsController``; the docs have no page for it.
"""

from __future__ import annotations

from ..._sansio.request import UNSET, UnsetType
from ..._sansio.routes import route
from ...entities import AdminTag
from ...pagination import Paginator
from .._base import Namespace, cursor_query

__all__ = ["AdminTags"]

LIST = route("GET", "/api/v1/admin/tags", "admin.tags.list", paging="id", version="4.2.0")
GET = route("GET", "/api/v1/admin/tags/:id", "admin.tags.get", version="4.2.0")
UPDATE = route("PUT", "/api/v1/admin/tags/:id", "admin.tags.update", version="4.2.0")


class AdminTags(Namespace):
    """``client.admin.tags``: every hashtag the server knows, and whether it may trend.

    Needs ``admin:read`` (changing: ``admin:write``) and a role that may manage
    taxonomies.
    """

    __slots__ = ()

    def list(
        self,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[AdminTag]:
        """``GET /api/v1/admin/tags``: every hashtag, newest first.

        Undocumented: ``Api::V1::Admin::TagsController#index``, in Mastodon since 4.2.0
        (CHANGELOG, #26872). Pages by the tags' ids.

        Args:
            limit: Tags per page (default 100, at most 200).
            max_id: Start below this id (older).
            since_id: Only tags newer than this id (from the newest end).
            min_id: Walk forward from just after this id, oldest first.

        Docs: https://docs.joinmastodon.org/methods/admin/ (not listed there)
        """
        query = cursor_query(limit, max_id, since_id, min_id)
        return Paginator(self._requester, LIST, AdminTag, query=query)

    async def get(self, tag_id: str, /) -> AdminTag:
        """``GET /api/v1/admin/tags/:id``: one hashtag, by its id (not its name).

        Undocumented: ``Api::V1::Admin::TagsController#show``, in Mastodon since 4.2.0
        (CHANGELOG, #26872).

        Docs: https://docs.joinmastodon.org/methods/admin/ (not listed there)
        """
        return await self._requester.call(AdminTag, GET, tag_id)

    async def update(
        self,
        tag_id: str,
        /,
        *,
        display_name: str | UnsetType = UNSET,
        trendable: bool | UnsetType = UNSET,
        usable: bool | UnsetType = UNSET,
        listable: bool | UnsetType = UNSET,
    ) -> AdminTag:
        """``PUT /api/v1/admin/tags/:id``: change how a hashtag may be used.

        Undocumented: ``Api::V1::Admin::TagsController#update``, in Mastodon since
        4.2.0 (CHANGELOG, #26872). Marks the tag reviewed; an invalid value answers 422.
        Only the arguments given change.

        Args:
            display_name: How the tag is written (it may differ from the name only in
                letter case).
            trendable: It may trend.
            usable: It may be used in posts at all.
            listable: It may be suggested and found.

        Docs: https://docs.joinmastodon.org/methods/admin/ (not listed there)
        """
        form = {
            "display_name": display_name,
            "trendable": trendable,
            "usable": usable,
            "listable": listable,
        }
        return await self._requester.call(AdminTag, UPDATE, tag_id, form=form)
