"""Follow requests: who asks to follow your locked account.

Docs: https://docs.joinmastodon.org/methods/follow_requests/
"""

from __future__ import annotations

from .._sansio.request import UNSET, UnsetType
from .._sansio.routes import route
from ..entities import Account, Relationship
from ..pagination import Paginator
from ._base import Namespace, cursor_query

__all__ = ["FollowRequests"]

LIST = route("GET", "/api/v1/follow_requests", "follow_requests.list", paging="link")
AUTHORIZE = route(
    "POST",
    "/api/v1/follow_requests/:account_id/authorize",
    "follow_requests.authorize",
    retry_safe=True,
)
REJECT = route(
    "POST",
    "/api/v1/follow_requests/:account_id/reject",
    "follow_requests.reject",
    retry_safe=True,
)


class FollowRequests(Namespace):
    """``client.follow_requests``: accept or reject who asks to follow you."""

    __slots__ = ()

    def list(
        self,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
    ) -> Paginator[Account]:
        """``GET /api/v1/follow_requests``: the accounts asking to follow you.

        Pages through the ``Link`` header (the cursors are hidden ids).

        Args:
            limit: Accounts per page (default 40, at most 80).

        ``max_id``, ``since_id``: ``Link`` [cursors][aiomastodon.pagination.Paginator].

        Docs: https://docs.joinmastodon.org/methods/follow_requests/#get
        """
        return Paginator(
            self._requester,
            LIST,
            Account,
            query=cursor_query(limit, max_id, since_id),
        )

    async def authorize(self, account_id: str, /) -> Relationship:
        """``POST /api/v1/follow_requests/:account_id/authorize``: accept a request.

        Args:
            account_id: The id of the account that asked.

        Docs: https://docs.joinmastodon.org/methods/follow_requests/#accept
        """
        return await self._requester.call(Relationship, AUTHORIZE, account_id)

    async def reject(self, account_id: str, /) -> Relationship:
        """``POST /api/v1/follow_requests/:account_id/reject``: reject a request.

        Args:
            account_id: The id of the account that asked.

        Docs: https://docs.joinmastodon.org/methods/follow_requests/#reject
        """
        return await self._requester.call(Relationship, REJECT, account_id)
