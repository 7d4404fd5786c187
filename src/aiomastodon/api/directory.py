"""The profile directory.

Docs: https://docs.joinmastodon.org/methods/directory/
"""

from __future__ import annotations

from .._sansio.request import UNSET, UnsetType
from .._sansio.routes import route
from ..entities import Account
from ..pagination import Paginator
from ._base import Namespace
from .enums import DirectoryOrder, Raw

__all__ = ["Directory"]

LIST = route("GET", "/api/v1/directory", "directory.list", paging="offset", version="3.0.0")


class Directory(Namespace):
    """``client.directory``: the accounts that chose to be listed in the profile directory."""

    __slots__ = ()

    def list(
        self,
        *,
        order: DirectoryOrder | Raw | UnsetType = UNSET,
        local: bool | UnsetType = UNSET,
        limit: int | UnsetType = UNSET,
        offset: int | UnsetType = UNSET,
    ) -> Paginator[Account]:
        """``GET /api/v1/directory``: the listed accounts, page by page (by ``offset``).

        Needs no token.

        Args:
            order: ``active`` (recently posted first, the default) or ``new`` (newest
                accounts first).
            local: Only this server's accounts.
            limit: Accounts per page (default 40, at most 80).
            offset: Skip this many accounts.

        Docs: https://docs.joinmastodon.org/methods/directory/#get
        """
        query = {"order": order, "local": local, "limit": limit, "offset": offset}
        return Paginator(self._requester, LIST, Account, query=query)
