"""Blocks: the accounts you block.

Docs: https://docs.joinmastodon.org/methods/blocks/
"""

from __future__ import annotations

from .._sansio.request import UNSET, UnsetType
from .._sansio.routes import route
from ..entities import Account
from ..pagination import Paginator
from ._base import Namespace, cursor_query

__all__ = ["Blocks"]

LIST = route("GET", "/api/v1/blocks", "blocks.list", paging="link")


class Blocks(Namespace):
    """``client.blocks``: the accounts you block (block one with ``client.accounts.block``)."""

    __slots__ = ()

    def list(
        self,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[Account]:
        """``GET /api/v1/blocks``: the accounts you block, most recently blocked first.

        Pages through the ``Link`` header (the cursors are hidden ids).

        Args:
            limit: Accounts per page (default 40, at most 80).

        ``max_id``, ``since_id``, ``min_id``: ``Link`` [cursors][aiomastodon.pagination.Paginator].

        Docs: https://docs.joinmastodon.org/methods/blocks/#get
        """
        return Paginator(
            self._requester,
            LIST,
            Account,
            query=cursor_query(limit, max_id, since_id, min_id),
        )
