"""Lists: named groups of followed accounts, each with its own timeline.

Docs: https://docs.joinmastodon.org/methods/lists/

The list's timeline is ``client.timelines.list(list_id)``.
"""

from __future__ import annotations

import builtins

from .._sansio.request import UNSET, UnsetType, as_array
from .._sansio.routes import route
from ..entities import Account, List
from ..pagination import Paginator
from ._base import Namespace, cursor_query
from .enums import OneOrMany, Raw, RepliesPolicy

__all__ = ["Lists"]

LIST = route("GET", "/api/v1/lists", "lists.list", version="2.1.0")
GET = route("GET", "/api/v1/lists/:id", "lists.get", version="2.1.0")
CREATE = route("POST", "/api/v1/lists", "lists.create", version="2.1.0")
UPDATE = route("PUT", "/api/v1/lists/:id", "lists.update", version="2.1.0")
DELETE = route("DELETE", "/api/v1/lists/:id", "lists.delete", version="2.1.0")
ACCOUNTS = route(
    "GET", "/api/v1/lists/:id/accounts", "lists.accounts", paging="link", version="2.1.0"
)
ADD_ACCOUNTS = route(
    "POST",
    "/api/v1/lists/:id/accounts",
    "lists.add_accounts",
    version="2.1.0",
    retry_safe=True,
)
REMOVE_ACCOUNTS = route(
    "DELETE", "/api/v1/lists/:id/accounts", "lists.remove_accounts", version="2.1.0"
)


class Lists(Namespace):
    """``client.lists``: create and edit lists and their members."""

    __slots__ = ()

    async def list(self) -> builtins.list[List]:
        """``GET /api/v1/lists``: all your lists (not paginated).

        Docs: https://docs.joinmastodon.org/methods/lists/#get
        """
        return await self._requester.call(builtins.list[List], LIST)

    async def get(self, list_id: str, /) -> List:
        """``GET /api/v1/lists/:id``: one of your lists.

        Docs: https://docs.joinmastodon.org/methods/lists/#get-one
        """
        return await self._requester.call(List, GET, list_id)

    async def create(
        self,
        title: str,
        *,
        replies_policy: RepliesPolicy | Raw | UnsetType = UNSET,
        exclusive: bool | UnsetType = UNSET,
    ) -> List:
        """``POST /api/v1/lists``: make a new list.

        Args:
            title: The list's name.
            replies_policy: Which replies show in the list's timeline: ``followed``
                (replies to anyone you follow), ``list`` (to list members, the
                default) or ``none``.
            exclusive: Keep the members' posts out of the home timeline (4.2+).

        Docs: https://docs.joinmastodon.org/methods/lists/#create
        """
        form = {"title": title, "replies_policy": replies_policy, "exclusive": exclusive}
        return await self._requester.call(List, CREATE, form=form)

    async def update(
        self,
        list_id: str,
        /,
        *,
        title: str | UnsetType = UNSET,
        replies_policy: RepliesPolicy | Raw | UnsetType = UNSET,
        exclusive: bool | UnsetType = UNSET,
    ) -> List:
        """``PUT /api/v1/lists/:id``: rename a list or change its settings.

        Args:
            title: The new name.
            replies_policy: ``followed``, ``list`` or ``none`` (see
                [`create`][aiomastodon.api.lists.Lists.create]).
            exclusive: Keep the members' posts out of the home timeline (4.2+).

        Docs: https://docs.joinmastodon.org/methods/lists/#update
        """
        form = {"title": title, "replies_policy": replies_policy, "exclusive": exclusive}
        return await self._requester.call(List, UPDATE, list_id, form=form)

    async def delete(self, list_id: str, /) -> None:
        """``DELETE /api/v1/lists/:id``: delete a list.

        Docs: https://docs.joinmastodon.org/methods/lists/#delete
        """
        await self._requester.send(DELETE, list_id)

    def accounts(
        self,
        list_id: str,
        /,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[Account]:
        """``GET /api/v1/lists/:id/accounts``: the members of a list.

        Pages through the ``Link`` header (the cursors are hidden ids). ``limit=0``
        asks for every member in one page.

        Args:
            limit: Accounts per page (default 40, at most 80; 0 for all at once).

        ``max_id``, ``since_id``, ``min_id``: ``Link`` [cursors][aiomastodon.pagination.Paginator].

        Docs: https://docs.joinmastodon.org/methods/lists/#accounts
        """
        return Paginator(
            self._requester,
            ACCOUNTS,
            Account,
            (list_id,),
            query=cursor_query(limit, max_id, since_id, min_id),
        )

    async def add_accounts(self, list_id: str, /, *, account_ids: OneOrMany[str]) -> None:
        """``POST /api/v1/lists/:id/accounts``: add accounts to a list.

        Only accounts you follow can be added.

        Args:
            account_ids: The accounts to add (sent as ``account_ids[]``).

        Docs: https://docs.joinmastodon.org/methods/lists/#accounts-add
        """
        form = {"account_ids": _id_list(account_ids)}
        await self._requester.send(ADD_ACCOUNTS, list_id, form=form)

    async def remove_accounts(self, list_id: str, /, *, account_ids: OneOrMany[str]) -> None:
        """``DELETE /api/v1/lists/:id/accounts``: remove accounts from a list.

        ``account_ids[]`` travels in the query string: Mastodon reads it there as well
        as in the body, and some proxies drop the body of a ``DELETE``.

        Args:
            account_ids: The accounts to remove.

        Docs: https://docs.joinmastodon.org/methods/lists/#accounts-remove
        """
        query = {"account_ids": _id_list(account_ids)}
        await self._requester.send(REMOVE_ACCOUNTS, list_id, query=query)


def _id_list(ids: OneOrMany[str]) -> builtins.list[str]:
    """The ids as a list (one id may be given as a bare string); at least one."""
    out = as_array(ids)
    if not out:
        raise ValueError("account_ids needs at least one id")
    return out
