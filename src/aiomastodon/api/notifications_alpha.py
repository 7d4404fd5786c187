"""Grouped notifications, alpha API (``/api/v2_alpha``): the 4.3 betas' first version.

Docs: https://docs.joinmastodon.org/methods/notifications_alpha/

Deprecated since Mastodon 4.3.0-beta.2 in favour of ``client.grouped_notifications``
(``/api/v2/notifications``), which works the same way. Only servers running a 4.3 beta
answer here; every method warns.
"""

from __future__ import annotations

import warnings

from .._sansio.request import UNSET, UnsetType, as_array
from .._sansio.routes import route
from ..entities import V2AlphaGroupedNotificationsResults, V2AlphaNotificationGroup
from ..pagination import Page, Paginator
from ._base import Namespace, cursor_query
from .enums import ExpandAccounts, NotificationType, OneOrMany, Raw
from .grouped_notifications import _decode_page
from .notifications import UnreadCount

__all__ = ["NotificationsAlpha", "page_results"]

_INSTEAD = "deprecated since Mastodon 4.3.0-beta.2; use client.grouped_notifications"

LIST = route(
    "GET",
    "/api/v2_alpha/notifications",
    "notifications_alpha.list",
    paging="id",
    version="4.3.0-beta.1",
    deprecated="deprecated since Mastodon 4.3.0-beta.2; use grouped_notifications.list "
    "(GET /api/v2/notifications)",
)
GET = route(
    "GET",
    "/api/v2_alpha/notifications/:group_key",
    "notifications_alpha.get",
    version="4.3.0-beta.1",
    deprecated="deprecated since Mastodon 4.3.0-beta.2; use grouped_notifications.get "
    "(GET /api/v2/notifications/:group_key)",
)
DISMISS = route(
    "POST",
    "/api/v2_alpha/notifications/:group_key/dismiss",
    "notifications_alpha.dismiss",
    version="4.3.0-beta.1",
    deprecated="deprecated since Mastodon 4.3.0-beta.2; use grouped_notifications.dismiss "
    "(POST /api/v2/notifications/:group_key/dismiss)",
    retry_safe=True,
)
UNREAD_COUNT = route(
    "GET",
    "/api/v2_alpha/notifications/unread_count",
    "notifications_alpha.unread_count",
    version="4.3.0-beta.1",
    deprecated="deprecated since Mastodon 4.3.0-beta.2; use grouped_notifications.unread_count "
    "(GET /api/v2/notifications/unread_count)",
)


def page_results(page: Page[V2AlphaNotificationGroup]) -> V2AlphaGroupedNotificationsResults:
    """The whole answer behind one page of
    [`NotificationsAlpha.list`][aiomastodon.api.notifications_alpha.NotificationsAlpha.list].

    The groups come in the server's order (newest first), also on a walk with
    ``min_id``, whose ``page.items`` are oldest first.
    """
    return _decode_page(page, V2AlphaGroupedNotificationsResults)


def _warn(wire: str, instead: str) -> None:
    warnings.warn(
        f"{wire} is {_INSTEAD}.{instead}()",
        DeprecationWarning,
        stacklevel=3,
    )


class NotificationsAlpha(Namespace):
    """``client.notifications_alpha``: grouped notifications on 4.3 betas (deprecated)."""

    __slots__ = ()

    def list(
        self,
        *,
        types: OneOrMany[NotificationType | Raw] | UnsetType = UNSET,
        exclude_types: OneOrMany[NotificationType | Raw] | UnsetType = UNSET,
        grouped_types: OneOrMany[NotificationType | Raw] | UnsetType = UNSET,
        account_id: str | UnsetType = UNSET,
        expand_accounts: ExpandAccounts | Raw | UnsetType = UNSET,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[V2AlphaNotificationGroup]:
        """``GET /api/v2_alpha/notifications``: your notifications, grouped (deprecated).

        Deprecated since Mastodon 4.3.0-beta.2: use
        ``client.grouped_notifications.list()``. Yields the groups; pass a page to
        ``page_results`` for the accounts and statuses they refer to.

        Args:
            types: Only these types (``types[]``).
            exclude_types: Leave out these types (``exclude_types[]``).
            grouped_types: Group only these types (``grouped_types[]``).
            account_id: Only notifications caused by this account.
            expand_accounts: ``full`` (the default) or ``partial_avatars``.
            limit: Notifications per page (default 40, at most 80), before grouping.
            max_id: Start below this notification id (older).
            since_id: Only notifications newer than this id (from the newest end).
            min_id: Walk forward from just after this id, oldest first.

        Docs: https://docs.joinmastodon.org/methods/notifications_alpha/#get-grouped
        """
        _warn(LIST.wire, "list")
        query = {
            "types": as_array(types),
            "exclude_types": as_array(exclude_types),
            "grouped_types": as_array(grouped_types),
            "account_id": account_id,
            "expand_accounts": expand_accounts,
            **cursor_query(limit, max_id, since_id, min_id),
        }
        return Paginator(
            self._requester,
            LIST,
            V2AlphaNotificationGroup,
            query=query,
            envelope="notification_groups",
        )

    async def get(self, group_key: str, /) -> V2AlphaGroupedNotificationsResults:
        """``GET /api/v2_alpha/notifications/:group_key``: one notification group (deprecated).

        Deprecated since Mastodon 4.3.0-beta.2: use ``client.grouped_notifications.get()``.

        Docs: https://docs.joinmastodon.org/methods/notifications_alpha/#get-notification-group
        """
        _warn(GET.wire, "get")
        return await self._requester.call(V2AlphaGroupedNotificationsResults, GET, group_key)

    async def dismiss(self, group_key: str, /) -> None:
        """``POST /api/v2_alpha/notifications/:group_key/dismiss``: dismiss a group (deprecated).

        Deprecated since Mastodon 4.3.0-beta.2: use
        ``client.grouped_notifications.dismiss()``.

        Docs: https://docs.joinmastodon.org/methods/notifications_alpha/#dismiss-group
        """
        _warn(DISMISS.wire, "dismiss")
        await self._requester.send(DISMISS, group_key)

    async def unread_count(
        self,
        *,
        limit: int | UnsetType = UNSET,
        types: OneOrMany[NotificationType | Raw] | UnsetType = UNSET,
        exclude_types: OneOrMany[NotificationType | Raw] | UnsetType = UNSET,
        grouped_types: OneOrMany[NotificationType | Raw] | UnsetType = UNSET,
        account_id: str | UnsetType = UNSET,
    ) -> UnreadCount:
        """``GET /api/v2_alpha/notifications/unread_count``: unread groups (deprecated).

        Deprecated since Mastodon 4.3.0-beta.2: use
        ``client.grouped_notifications.unread_count()``.

        Args:
            limit: Count up to this many (default 100, at most 1000).
            types: Only count these types (``types[]``).
            exclude_types: Do not count these types (``exclude_types[]``).
            grouped_types: Group only these types (``grouped_types[]``).
            account_id: Only count those caused by this account.

        Docs: https://docs.joinmastodon.org/methods/notifications_alpha/#unread-group-count
        """
        _warn(UNREAD_COUNT.wire, "unread_count")
        query = {
            "limit": limit,
            "types": as_array(types),
            "exclude_types": as_array(exclude_types),
            "grouped_types": as_array(grouped_types),
            "account_id": account_id,
        }
        return await self._requester.call(UnreadCount, UNREAD_COUNT, query=query)
