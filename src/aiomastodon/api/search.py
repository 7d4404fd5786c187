"""Search: accounts, statuses and hashtags in one query.

Docs: https://docs.joinmastodon.org/methods/search/
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import TypeVar

import msgspec

from .._sansio.request import UNSET, UnsetType
from .._sansio.response import decode_body
from .._sansio.routes import route
from ..entities import Account, Search, Status, Tag
from ..pagination import Paginator
from ._base import Namespace
from .enums import Raw, SearchType

T = TypeVar("T")

__all__ = ["SearchMethods"]

SEARCH = route("GET", "/api/v2/search", "search.search", version="2.4.1")
SEARCH_V1 = route(
    "GET",
    "/api/v1/search",
    "search.search_v1",
    version="1.1.0",
    deprecated="removed in Mastodon 3.0; use search.search (GET /api/v2/search)",
    legacy=True,
)


class _V1Search(msgspec.Struct, kw_only=True):
    """``GET /api/v1/search``'s answer: hashtags were plain strings before 2.4.1."""

    accounts: list[Account] = msgspec.field(default_factory=list)
    statuses: list[Status] = msgspec.field(default_factory=list)
    hashtags: list[str | Tag] = msgspec.field(default_factory=list)


class SearchMethods(Namespace):
    """``client.search``: find accounts, statuses and hashtags."""

    __slots__ = ()

    async def search(
        self,
        q: str,
        *,
        type: SearchType | Raw | UnsetType = UNSET,
        resolve: bool | UnsetType = UNSET,
        following: bool | UnsetType = UNSET,
        account_id: str | UnsetType = UNSET,
        exclude_unreviewed: bool | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
        limit: int | UnsetType = UNSET,
        offset: int | UnsetType = UNSET,
    ) -> Search:
        """``GET /api/v2/search``: accounts, statuses and hashtags matching a query.

        A URL or ``user@domain`` in ``q`` with ``resolve=True`` fetches that status or
        account from its server. Full-text status search depends on the server's
        search backend. Without a token, ``resolve`` and ``offset`` are ignored.

        Args:
            q: What to look for.
            type: Only ``accounts``, ``hashtags`` or ``statuses``.
            resolve: Look the query up on remote servers (needs a token).
            following: Only accounts you follow.
            account_id: Only statuses by this account.
            exclude_unreviewed: Leave out hashtags the moderators have not reviewed.
            max_id: Only results with a lower id.
            min_id: Only results with a higher id.
            limit: Results per type (default 20, at most 40).
            offset: Skip this many results; only takes effect with ``type``.

        Docs: https://docs.joinmastodon.org/methods/search/#v2
        """
        query = {
            "q": q,
            "type": type,
            "resolve": resolve,
            "following": following,
            "account_id": account_id,
            "exclude_unreviewed": exclude_unreviewed,
            "max_id": max_id,
            "min_id": min_id,
            "limit": limit,
            "offset": offset,
        }
        return await self._requester.call(Search, SEARCH, query=query)

    def accounts(
        self,
        q: str,
        *,
        resolve: bool | UnsetType = UNSET,
        following: bool | UnsetType = UNSET,
        limit: int | UnsetType = UNSET,
        offset: int | UnsetType = UNSET,
    ) -> Paginator[Account]:
        """``GET /api/v2/search`` with ``type=accounts``: every matching account, page by page.

        Pages by ``offset`` (results are ranked, not ordered by id); needs a token to go
        past the first page.

        Args:
            q: What to look for.
            resolve: Look the query up on remote servers (needs a token).
            following: Only accounts you follow.
            limit: Accounts per page (default 20, at most 40).
            offset: Start after this many results.

        Docs: https://docs.joinmastodon.org/methods/search/#v2
        """
        query = {
            "q": q,
            "type": "accounts",
            "resolve": resolve,
            "following": following,
            "limit": limit,
            "offset": offset,
        }
        return self._view(Account, "accounts", query)

    def statuses(
        self,
        q: str,
        *,
        resolve: bool | UnsetType = UNSET,
        account_id: str | UnsetType = UNSET,
        limit: int | UnsetType = UNSET,
        offset: int | UnsetType = UNSET,
    ) -> Paginator[Status]:
        """``GET /api/v2/search`` with ``type=statuses``: every matching status, page by page.

        Pages by ``offset``; needs a token to go past the first page.

        Args:
            q: What to look for.
            resolve: Look a status URL up on its server (needs a token).
            account_id: Only statuses by this account.
            limit: Statuses per page (default 20, at most 40).
            offset: Start after this many results.

        Docs: https://docs.joinmastodon.org/methods/search/#v2
        """
        query = {
            "q": q,
            "type": "statuses",
            "resolve": resolve,
            "account_id": account_id,
            "limit": limit,
            "offset": offset,
        }
        return self._view(Status, "statuses", query)

    def hashtags(
        self,
        q: str,
        *,
        exclude_unreviewed: bool | UnsetType = UNSET,
        limit: int | UnsetType = UNSET,
        offset: int | UnsetType = UNSET,
    ) -> Paginator[Tag]:
        """``GET /api/v2/search`` with ``type=hashtags``: every matching hashtag, page by page.

        Pages by ``offset``; needs a token to go past the first page.

        Args:
            q: What to look for.
            exclude_unreviewed: Leave out hashtags the moderators have not reviewed.
            limit: Hashtags per page (default 20, at most 40).
            offset: Start after this many results.

        Docs: https://docs.joinmastodon.org/methods/search/#v2
        """
        query = {
            "q": q,
            "type": "hashtags",
            "exclude_unreviewed": exclude_unreviewed,
            "limit": limit,
            "offset": offset,
        }
        return self._view(Tag, "hashtags", query)

    def _view(self, item: type[T], key: str, query: Mapping[str, object]) -> Paginator[T]:
        return Paginator(self._requester, SEARCH, item, query=query, envelope=key, paging="offset")

    async def search_v1(self, q: str, *, resolve: bool | UnsetType = UNSET) -> Search:
        """``GET /api/v1/search``: search, old form (legacy).

        Removed in Mastodon 3.0 (deprecated since 2.4.1): current servers answer 404.
        Use [`search`][aiomastodon.api.search.SearchMethods.search]. Old servers send hashtags as
        plain strings; each becomes a ``Tag`` with only its ``name``.

        Args:
            q: What to look for.
            resolve: Look the query up on remote servers.

        Docs: https://docs.joinmastodon.org/methods/search/#v1
        """
        warnings.warn(
            "GET /api/v1/search was removed in Mastodon 3.0; use client.search.search()",
            DeprecationWarning,
            stacklevel=2,
        )
        response = await self._requester.send(SEARCH_V1, query={"q": q, "resolve": resolve})
        found = decode_body(response, _V1Search)
        return Search(
            accounts=found.accounts,
            statuses=found.statuses,
            hashtags=[Tag(name=tag) if isinstance(tag, str) else tag for tag in found.hashtags],
        )
