"""Mutes: the accounts you mute.

Docs: https://docs.joinmastodon.org/methods/mutes/
"""

from __future__ import annotations

from .._sansio.request import UNSET, UnsetType
from .._sansio.routes import route
from ..entities import MutedAccount
from ..pagination import Paginator
from ._base import Namespace, cursor_query

__all__ = ["Mutes"]

LIST = route("GET", "/api/v1/mutes", "mutes.list", paging="link")


class Mutes(Namespace):
    """``client.mutes``: the accounts you mute (mute one with ``client.accounts.mute``)."""

    __slots__ = ()

    def list(
        self,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
    ) -> Paginator[MutedAccount]:
        """``GET /api/v1/mutes``: the accounts you mute, most recently muted first.

        Each is an ``Account`` with ``mute_expires_at``
        (3.3+). Pages through the ``Link`` header (the cursors are hidden ids).

        Args:
            limit: Accounts per page (default 40, at most 80).

        ``max_id``, ``since_id``: ``Link`` [cursors][aiomastodon.pagination.Paginator].

        Docs: https://docs.joinmastodon.org/methods/mutes/#get
        """
        return Paginator(
            self._requester,
            LIST,
            MutedAccount,
            query=cursor_query(limit, max_id, since_id),
        )
