"""Notifications: mentions, follows, boosts, favourites and the rest, one by one.

Docs: https://docs.joinmastodon.org/methods/notifications/
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

from .._sansio.request import UNSET, UnsetType
from .._sansio.routes import route
from ..entities import Notification
from ..pagination import Paginator
from ._base import Namespace

__all__ = ["Notifications"]

LIST = route("GET", "/api/v1/notifications", "notifications.list", paging="id", version="0.0.0")
GET = route("GET", "/api/v1/notifications/:id", "notifications.get", version="0.0.0")
CLEAR = route("POST", "/api/v1/notifications/clear", "notifications.clear", version="0.0.0")
DISMISS = route(
    "POST", "/api/v1/notifications/:id/dismiss", "notifications.dismiss", version="1.3.0"
)
DISMISS_LEGACY = route(
    "POST",
    "/api/v1/notifications/dismiss",
    "notifications.dismiss_legacy",
    version="0.0.0",
    deprecated="removed in Mastodon 3.0; use notifications.dismiss "
    "(POST /api/v1/notifications/:id/dismiss)",
    legacy=True,
)


class Notifications(Namespace):
    """``client.notifications``: read and dismiss notifications."""

    __slots__ = ()

    def list(
        self,
        *,
        types: Sequence[str] | UnsetType = UNSET,
        exclude_types: Sequence[str] | UnsetType = UNSET,
        account_id: str | UnsetType = UNSET,
        include_filtered: bool | UnsetType = UNSET,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[Notification]:
        """``GET /api/v1/notifications``: your notifications, newest first.

        Args:
            types: Only these types (``mention``, ``status``, ``reblog``, ``follow``,
                ``follow_request``, ``favourite``, ``poll``, ``update``, ...; sent as
                ``types[]``).
            exclude_types: Leave out these types (``exclude_types[]``).
            account_id: Only notifications caused by this account.
            include_filtered: Also those hidden by your notification filters (4.3+).
            limit: Notifications per page (default 40, at most 80).
            max_id: Start below this id (older).
            since_id: Only notifications newer than this id (from the newest end).
            min_id: Walk forward from just after this id, oldest first.

        Docs: https://docs.joinmastodon.org/methods/notifications/#get
        """
        query = {
            "types": _as_list(types),
            "exclude_types": _as_list(exclude_types),
            "account_id": account_id,
            "include_filtered": include_filtered,
            "limit": limit,
            "max_id": max_id,
            "since_id": since_id,
            "min_id": min_id,
        }
        return Paginator(self._requester, LIST, Notification, query=query)

    async def get(self, notification_id: str, /) -> Notification:
        """``GET /api/v1/notifications/:id``: one notification.

        Docs: https://docs.joinmastodon.org/methods/notifications/#get-one
        """
        return await self._requester.call(Notification, GET, notification_id)

    async def clear(self) -> None:
        """``POST /api/v1/notifications/clear``: delete all your notifications.

        Docs: https://docs.joinmastodon.org/methods/notifications/#clear
        """
        await self._requester.send(CLEAR)

    async def dismiss(self, notification_id: str, /) -> None:
        """``POST /api/v1/notifications/:id/dismiss``: delete one notification.

        Docs: https://docs.joinmastodon.org/methods/notifications/#dismiss
        """
        await self._requester.send(DISMISS, notification_id)

    async def dismiss_legacy(self, notification_id: str) -> None:
        """``POST /api/v1/notifications/dismiss``: delete one notification (legacy).

        Removed in Mastodon 3.0 (deprecated since 1.3): current servers answer 404.
        Use :meth:`dismiss`. The id is sent as the form field ``id``.

        Docs: https://docs.joinmastodon.org/methods/notifications/#dismiss-deprecated
        """
        warnings.warn(
            "POST /api/v1/notifications/dismiss was removed in Mastodon 3.0; "
            "use client.notifications.dismiss(id)",
            DeprecationWarning,
            stacklevel=2,
        )
        await self._requester.send(DISMISS_LEGACY, form={"id": notification_id})


def _as_list(values: Sequence[str] | UnsetType) -> list[str] | UnsetType:
    """A sequence as a list, which the parameter encoder sends as a Rails array."""
    if isinstance(values, UnsetType):
        return values
    return [values] if isinstance(values, str) else list(values)
