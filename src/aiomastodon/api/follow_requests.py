"""Follow requests: who asks to follow your locked account.

Docs: https://docs.joinmastodon.org/methods/follow_requests/
"""

from __future__ import annotations

from .._sansio.request import UNSET, UnsetType
from .._sansio.routes import route
from ..entities import Account, Relationship
from ..pagination import Paginator
from ._base import Namespace

__all__ = ["FollowRequests"]

LIST = route(
    "GET", "/api/v1/follow_requests", "follow_requests.list", paging="link", version="0.0.0"
)
AUTHORIZE = route(
    "POST",
    "/api/v1/follow_requests/:account_id/authorize",
    "follow_requests.authorize",
    version="0.0.0",
)
REJECT = route(
    "POST",
    "/api/v1/follow_requests/:account_id/reject",
    "follow_requests.reject",
    version="0.0.0",
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
            max_id: A cursor from a ``Link`` header: start below it (older).
            since_id: A cursor from a ``Link`` header: only entries above it, from the newest end.

        Docs: https://docs.joinmastodon.org/methods/follow_requests/#get
        """
        return Paginator(
            self._requester,
            LIST,
            Account,
            query={"limit": limit, "max_id": max_id, "since_id": since_id},
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
