"""Timelines: the home feed, the public feeds, hashtags, lists and trending links.

Docs: https://docs.joinmastodon.org/methods/timelines/

Every method returns a ``Paginator`` at once. Walk it to go from the
newest status to the oldest; pass ``min_id`` to walk forward from there instead, oldest
first.
"""

from __future__ import annotations

import warnings

from .._sansio.request import UNSET, UnsetType, as_array
from .._sansio.routes import route
from ..entities import Status
from ..pagination import Paginator
from ._base import Namespace, cursor_query
from .enums import OneOrMany

__all__ = ["Timelines"]

HOME = route("GET", "/api/v1/timelines/home", "timelines.home", paging="id")
PUBLIC = route("GET", "/api/v1/timelines/public", "timelines.public", paging="id")
TAG = route("GET", "/api/v1/timelines/tag/:hashtag", "timelines.tag", paging="id")
LIST = route(
    "GET", "/api/v1/timelines/list/:list_id", "timelines.list", paging="id", version="2.1.0"
)
LINK = route("GET", "/api/v1/timelines/link", "timelines.link", paging="id", version="4.3.0")
DIRECT = route(
    "GET",
    "/api/v1/timelines/direct",
    "timelines.direct",
    paging="id",
    version=None,
    deprecated="removed in Mastodon 3.0 (deprecated since 2.6.0); use conversations.list "
    "(GET /api/v1/conversations)",
    legacy=True,
)


class Timelines(Namespace):
    """``client.timelines``: read timelines, page by page."""

    __slots__ = ()

    def home(
        self,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[Status]:
        """``GET /api/v1/timelines/home``: statuses from followed accounts and hashtags.

        Args:
            limit: Statuses per page (default 20, at most 40).
            max_id: Start below this id (older).
            since_id: Only statuses newer than this id (from the newest end; may leave a gap).
            min_id: Walk forward from just after this id, oldest first, without gaps.

        Docs: https://docs.joinmastodon.org/methods/timelines/#home
        """
        query = cursor_query(limit, max_id, since_id, min_id)
        return Paginator(self._requester, HOME, Status, query=query)

    def public(
        self,
        *,
        local: bool | UnsetType = UNSET,
        remote: bool | UnsetType = UNSET,
        only_media: bool | UnsetType = UNSET,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[Status]:
        """``GET /api/v1/timelines/public``: public statuses known to the server.

        Args:
            local: Only statuses of this server's accounts.
            remote: Only statuses of other servers' accounts.
            only_media: Only statuses with media.
            limit: Statuses per page (default 20, at most 40).
            max_id: Start below this id (older).
            since_id: Only statuses newer than this id (from the newest end).
            min_id: Walk forward from just after this id, oldest first.

        Docs: https://docs.joinmastodon.org/methods/timelines/#public
        """
        query = {
            "local": local,
            "remote": remote,
            "only_media": only_media,
            **cursor_query(limit, max_id, since_id, min_id),
        }
        return Paginator(self._requester, PUBLIC, Status, query=query)

    def tag(
        self,
        hashtag: str,
        /,
        *,
        any: OneOrMany[str] | UnsetType = UNSET,
        all: OneOrMany[str] | UnsetType = UNSET,
        none: OneOrMany[str] | UnsetType = UNSET,
        local: bool | UnsetType = UNSET,
        remote: bool | UnsetType = UNSET,
        only_media: bool | UnsetType = UNSET,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[Status]:
        """``GET /api/v1/timelines/tag/:hashtag``: public statuses with a hashtag.

        Args:
            hashtag: The hashtag, without ``#``.
            any: Also statuses with any of these hashtags.
            all: Only statuses that also have all of these.
            none: Not statuses that have any of these.
            local: Only statuses of this server's accounts.
            remote: Only statuses of other servers' accounts.
            only_media: Only statuses with media.
            limit: Statuses per page (default 20, at most 40).
            max_id: Start below this id (older).
            since_id: Only statuses newer than this id (from the newest end).
            min_id: Walk forward from just after this id, oldest first.

        Docs: https://docs.joinmastodon.org/methods/timelines/#tag
        """
        query = {
            "any": as_array(any),
            "all": as_array(all),
            "none": as_array(none),
            "local": local,
            "remote": remote,
            "only_media": only_media,
            **cursor_query(limit, max_id, since_id, min_id),
        }
        return Paginator(self._requester, TAG, Status, (hashtag.lstrip("#"),), query=query)

    def list(
        self,
        list_id: str,
        /,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[Status]:
        """``GET /api/v1/timelines/list/:list_id``: statuses from the members of a list.

        Args:
            limit: Statuses per page (default 20, at most 40).
            max_id: Start below this id (older).
            since_id: Only statuses newer than this id (from the newest end).
            min_id: Walk forward from just after this id, oldest first.

        Docs: https://docs.joinmastodon.org/methods/timelines/#list
        """
        query = cursor_query(limit, max_id, since_id, min_id)
        return Paginator(self._requester, LIST, Status, (list_id,), query=query)

    def link(
        self,
        url: str,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[Status]:
        """``GET /api/v1/timelines/link``: statuses that share a trending link (Mastodon 4.3+).

        Only for links in ``client.trends`` (others answer 404). Servers may require a
        token for it, or turn it off.

        Args:
            url: The link's URL, as in the trending link's ``url``.
            limit: Statuses per page (default 20, at most 40).
            max_id: Start below this id (older).
            since_id: Only statuses newer than this id (from the newest end).
            min_id: Walk forward from just after this id, oldest first.

        Docs: https://docs.joinmastodon.org/methods/timelines/#link
        """
        query = {
            "url": url,
            **cursor_query(limit, max_id, since_id, min_id),
        }
        return Paginator(self._requester, LINK, Status, query=query)

    def direct(
        self,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[Status]:
        """``GET /api/v1/timelines/direct``: your direct statuses (legacy).

        Removed in Mastodon 3.0 (deprecated since 2.6.0): current servers answer 404.
        Use ``client.conversations.list()`` instead.

        Args:
            limit: Statuses per page (default 20, at most 40).
            max_id: Start below this id (older).
            since_id: Only statuses newer than this id (from the newest end).
            min_id: Walk forward from just after this id, oldest first.

        Docs: https://docs.joinmastodon.org/methods/timelines/#direct
        """
        warnings.warn(
            "GET /api/v1/timelines/direct was removed in Mastodon 3.0; "
            "use client.conversations.list()",
            DeprecationWarning,
            stacklevel=2,
        )
        query = cursor_query(limit, max_id, since_id, min_id)
        return Paginator(self._requester, DIRECT, Status, query=query)
