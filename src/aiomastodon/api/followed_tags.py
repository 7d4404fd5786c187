"""Hashtags you follow.

Docs: https://docs.joinmastodon.org/methods/followed_tags/
"""

from __future__ import annotations

from .._sansio.request import UNSET, UnsetType
from .._sansio.routes import route
from ..entities import Tag
from ..pagination import Paginator
from ._base import Namespace, cursor_query

__all__ = ["FollowedTags"]

LIST = route("GET", "/api/v1/followed_tags", "followed_tags.list", paging="link", version="4.0.0")


class FollowedTags(Namespace):
    """``client.followed_tags``: the hashtags you follow (follow one with ``client.tags``)."""

    __slots__ = ()

    def list(
        self,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[Tag]:
        """``GET /api/v1/followed_tags``: the hashtags you follow, most recently followed first.

        Pages through the ``Link`` header (the cursors are ids of the follows, not of
        the hashtags; Mastodon 4.1+ sends the header).

        Args:
            limit: Hashtags per page (default 100, at most 200).

        ``max_id``, ``since_id``, ``min_id``: ``Link`` [cursors][aiomastodon.pagination.Paginator].

        Docs: https://docs.joinmastodon.org/methods/followed_tags/#get
        """
        return Paginator(
            self._requester,
            LIST,
            Tag,
            query=cursor_query(limit, max_id, since_id, min_id),
        )
