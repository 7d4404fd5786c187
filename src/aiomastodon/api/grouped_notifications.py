"""Grouped notifications (v2): notifications grouped by the server, as the web app shows them.

Docs: https://docs.joinmastodon.org/methods/grouped_notifications/

A page of grouped notifications is an object: the groups, plus the accounts and
statuses they refer to by id (``sample_account_ids``, ``status_id``), each sent once.
[`GroupedNotifications.list`][aiomastodon.api.grouped_notifications.GroupedNotifications.list] walks
the groups; ``page_results`` gives a whole page, accounts and statuses included::

    async for page in client.grouped_notifications.list().pages():
        results = page_results(page)
        accounts = {account.id: account for account in results.accounts}
        for group in results.notification_groups:
            ...
"""

from __future__ import annotations

import builtins
from typing import TypeVar

import msgspec

from .._sansio.decode import Unrepairable, decoder_for
from .._sansio.request import UNSET, UnsetType, as_array
from .._sansio.response import body_excerpt
from .._sansio.routes import route
from ..entities import Account, GroupedNotificationsResults, NotificationGroup
from ..errors import DecodeError
from ..pagination import Page, Paginator
from ._base import Namespace, cursor_query
from .enums import ExpandAccounts, NotificationType, OneOrMany, Raw
from .notifications import UnreadCount

__all__ = ["GroupedNotifications", "page_results"]

R = TypeVar("R")

LIST = route(
    "GET", "/api/v2/notifications", "grouped_notifications.list", paging="id", version="4.3.0"
)
GET = route("GET", "/api/v2/notifications/:group_key", "grouped_notifications.get", version="4.3.0")
DISMISS = route(
    "POST",
    "/api/v2/notifications/:group_key/dismiss",
    "grouped_notifications.dismiss",
    version="4.3.0",
    retry_safe=True,
)
ACCOUNTS = route(
    "GET",
    "/api/v2/notifications/:group_key/accounts",
    "grouped_notifications.accounts",
    version="4.3.0",
)
UNREAD_COUNT = route(
    "GET",
    "/api/v2/notifications/unread_count",
    "grouped_notifications.unread_count",
    version="4.3.0",
)


def page_results(page: Page[NotificationGroup]) -> GroupedNotificationsResults:
    """The whole answer behind one page of
    [`GroupedNotifications.list`][aiomastodon.api.grouped_notifications.GroupedNotifications.list].

    The groups come in the server's order (newest first), also on a walk with
    ``min_id``, whose ``page.items`` are oldest first.
    """
    return _decode_page(page, GroupedNotificationsResults)


def _decode_page(page: Page[object], into: type[R]) -> R:
    """Decode a page's whole body into ``into``, failing as the client does."""
    try:
        return decoder_for(into).decode(page.raw)
    except (msgspec.DecodeError, Unrepairable) as exc:
        raise DecodeError(
            f"cannot decode the page as {into.__name__}: {exc}",
            method="GET",
            path=page.cursor.path,
            excerpt=body_excerpt(page.raw, 120),
        ) from None


class GroupedNotifications(Namespace):
    """``client.grouped_notifications``: notifications grouped by the server (Mastodon 4.3+)."""

    __slots__ = ()

    def list(
        self,
        *,
        types: OneOrMany[NotificationType | Raw] | UnsetType = UNSET,
        exclude_types: OneOrMany[NotificationType | Raw] | UnsetType = UNSET,
        grouped_types: OneOrMany[NotificationType | Raw] | UnsetType = UNSET,
        supported_types: OneOrMany[NotificationType | Raw] | UnsetType = UNSET,
        account_id: str | UnsetType = UNSET,
        expand_accounts: ExpandAccounts | Raw | UnsetType = UNSET,
        include_filtered: bool | UnsetType = UNSET,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[NotificationGroup]:
        """``GET /api/v2/notifications``: your notifications, grouped, newest first.

        Yields the groups; the accounts and statuses they refer to are in each page's
        body: pass the page to ``page_results`` (see the module's example).

        Args:
            types: Only these types (``types[]``): ``mention``, ``status``, ``reblog``,
                ``follow``, ``follow_request``, ``favourite``, ``poll``, ``update``,
                ``quote``, ...
            exclude_types: Leave out these types (``exclude_types[]``).
            grouped_types: Group only these types (``grouped_types[]``; by default
                ``favourite``, ``follow``, ``reblog`` and ``admin.sign_up``); the
                others come one notification per group.
            supported_types: The types your client can show (``supported_types[]``,
                Mastodon 4.6+); others come with a ``fallback``.
            account_id: Only notifications caused by this account.
            expand_accounts: ``full`` (the default: whole accounts in ``accounts``) or
                ``partial_avatars`` (only the first account of each group in full, the
                others in ``partial_accounts``).
            include_filtered: Also those held back by your notification policy.
            limit: Notifications per page (default 40, at most 80), before grouping.
            max_id: Start below this notification id (older).
            since_id: Only notifications newer than this id (from the newest end).
            min_id: Walk forward from just after this id, oldest first.

        Docs: https://docs.joinmastodon.org/methods/grouped_notifications/#get-grouped
        """
        query = {
            "types": as_array(types),
            "exclude_types": as_array(exclude_types),
            "grouped_types": as_array(grouped_types),
            "supported_types": as_array(supported_types),
            "account_id": account_id,
            "expand_accounts": expand_accounts,
            "include_filtered": include_filtered,
            **cursor_query(limit, max_id, since_id, min_id),
        }
        return Paginator(
            self._requester, LIST, NotificationGroup, query=query, envelope="notification_groups"
        )

    async def get(
        self,
        group_key: str,
        /,
        *,
        supported_types: OneOrMany[NotificationType | Raw] | UnsetType = UNSET,
    ) -> GroupedNotificationsResults:
        """``GET /api/v2/notifications/:group_key``: one notification group.

        Args:
            group_key: The group's ``group_key``.
            supported_types: The types your client can show (``supported_types[]``,
                Mastodon 4.6+).

        Docs: https://docs.joinmastodon.org/methods/grouped_notifications/#get-notification-group
        """
        query = {"supported_types": as_array(supported_types)}
        return await self._requester.call(GroupedNotificationsResults, GET, group_key, query=query)

    async def dismiss(self, group_key: str, /) -> None:
        """``POST /api/v2/notifications/:group_key/dismiss``: delete every notification of a group.

        Docs: https://docs.joinmastodon.org/methods/grouped_notifications/#dismiss-group
        """
        await self._requester.send(DISMISS, group_key)

    async def accounts(self, group_key: str, /) -> builtins.list[Account]:
        """``GET /api/v2/notifications/:group_key/accounts``: every account of a group.

        A group's ``sample_account_ids`` hold only the latest few; this answers all
        of them, newest first (not paginated).

        Docs: https://docs.joinmastodon.org/methods/grouped_notifications/#get-group-accounts
        """
        return await self._requester.call(builtins.list[Account], ACCOUNTS, group_key)

    async def unread_count(
        self,
        *,
        limit: int | UnsetType = UNSET,
        types: OneOrMany[NotificationType | Raw] | UnsetType = UNSET,
        exclude_types: OneOrMany[NotificationType | Raw] | UnsetType = UNSET,
        grouped_types: OneOrMany[NotificationType | Raw] | UnsetType = UNSET,
        account_id: str | UnsetType = UNSET,
    ) -> UnreadCount:
        """``GET /api/v2/notifications/unread_count``: how many groups have unread notifications.

        Unread means newer than your notifications marker (``client.markers``).

        Args:
            limit: Count up to this many (default 100, at most 1000).
            types: Only count these types (``types[]``).
            exclude_types: Do not count these types (``exclude_types[]``).
            grouped_types: Group only these types (``grouped_types[]``).
            account_id: Only count those caused by this account.

        Docs: https://docs.joinmastodon.org/methods/grouped_notifications/#unread-group-count
        """
        query = {
            "limit": limit,
            "types": as_array(types),
            "exclude_types": as_array(exclude_types),
            "grouped_types": as_array(grouped_types),
            "account_id": account_id,
        }
        return await self._requester.call(UnreadCount, UNREAD_COUNT, query=query)
