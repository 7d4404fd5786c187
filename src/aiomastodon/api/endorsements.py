"""Accounts you feature on your profile.

Docs: https://docs.joinmastodon.org/methods/endorsements/
"""

from __future__ import annotations

from .._sansio.request import UNSET, UnsetType
from .._sansio.routes import route
from ..entities import Account
from ..pagination import Paginator
from ._base import Namespace, cursor_query

__all__ = ["Endorsements"]

LIST = route("GET", "/api/v1/endorsements", "endorsements.list", paging="link", version="2.5.0")


class Endorsements(Namespace):
    """``client.endorsements``: the accounts you feature on your profile."""

    __slots__ = ()

    def list(
        self,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
    ) -> Paginator[Account]:
        """``GET /api/v1/endorsements``: the accounts you feature, page by page.

        Pages through the ``Link`` header (the cursors are hidden ids). Feature an
        account with ``POST /api/v1/accounts/:id/endorse`` (``client.accounts``).

        Args:
            limit: Accounts per page (default 40, at most 80).

        ``max_id``, ``since_id``: ``Link`` [cursors][aiomastodon.pagination.Paginator].

        Docs: https://docs.joinmastodon.org/methods/endorsements/#get
        """
        return Paginator(
            self._requester,
            LIST,
            Account,
            query=cursor_query(limit, max_id, since_id),
        )
