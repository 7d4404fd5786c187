"""Notifications: mentions, follows, boosts, favourites and the rest, one by one.

Docs: https://docs.joinmastodon.org/methods/notifications/
"""

from __future__ import annotations

import warnings

from .._sansio.request import UNSET, UnsetType, as_array
from .._sansio.routes import route
from ..entities import (
    Entity,
    Notification,
    NotificationPolicy,
    NotificationRequest,
    V1NotificationPolicy,
)
from ..pagination import Paginator
from ._base import Namespace, cursor_query
from .enums import NotificationPolicyValue, NotificationType, OneOrMany, Raw

__all__ = ["Notifications", "RequestsMerged", "UnreadCount"]

LIST = route("GET", "/api/v1/notifications", "notifications.list", paging="id")
GET = route("GET", "/api/v1/notifications/:id", "notifications.get")
CLEAR = route(
    "POST",
    "/api/v1/notifications/clear",
    "notifications.clear",
    retry_safe=True,
)
DISMISS = route(
    "POST",
    "/api/v1/notifications/:id/dismiss",
    "notifications.dismiss",
    version="1.3.0",
    retry_safe=True,
)
DISMISS_LEGACY = route(
    "POST",
    "/api/v1/notifications/dismiss",
    "notifications.dismiss_legacy",
    deprecated="removed in Mastodon 3.0; use notifications.dismiss "
    "(POST /api/v1/notifications/:id/dismiss)",
    legacy=True,
    retry_safe=True,
)
UNREAD_COUNT = route(
    "GET", "/api/v1/notifications/unread_count", "notifications.unread_count", version="4.3.0"
)
GET_POLICY = route(
    "GET", "/api/v2/notifications/policy", "notifications.get_policy", version="4.3.0"
)
UPDATE_POLICY = route(
    "PATCH",
    "/api/v2/notifications/policy",
    "notifications.update_policy",
    version="4.3.0",
    retry_safe=True,
)
REQUESTS = route(
    "GET",
    "/api/v1/notifications/requests",
    "notifications.requests",
    paging="id",
    version="4.3.0",
)
GET_REQUEST = route(
    "GET", "/api/v1/notifications/requests/:id", "notifications.get_request", version="4.3.0"
)
ACCEPT_REQUEST = route(
    "POST",
    "/api/v1/notifications/requests/:id/accept",
    "notifications.accept_request",
    version="4.3.0",
    retry_safe=True,
)
DISMISS_REQUEST = route(
    "POST",
    "/api/v1/notifications/requests/:id/dismiss",
    "notifications.dismiss_request",
    version="4.3.0",
    retry_safe=True,
)
ACCEPT_REQUESTS = route(
    "POST",
    "/api/v1/notifications/requests/accept",
    "notifications.accept_requests",
    version="4.3.0",
    retry_safe=True,
)
DISMISS_REQUESTS = route(
    "POST",
    "/api/v1/notifications/requests/dismiss",
    "notifications.dismiss_requests",
    version="4.3.0",
    retry_safe=True,
)
REQUESTS_MERGED = route(
    "GET",
    "/api/v1/notifications/requests/merged",
    "notifications.requests_merged",
    version="4.3.0",
)
# Undocumented by the Mastodon docs (each method's docstring gives the source).
DISMISS_MANY = route(
    "DELETE", "/api/v1/notifications/destroy_multiple", "notifications.dismiss_many", version=None
)
GET_POLICY_V1 = route(
    "GET", "/api/v1/notifications/policy", "notifications.get_policy_v1", version="4.3.0"
)
UPDATE_POLICY_V1 = route(
    "PATCH",
    "/api/v1/notifications/policy",
    "notifications.update_policy_v1",
    version="4.3.0",
    retry_safe=True,
)


class UnreadCount(Entity, frozen=True, kw_only=True):
    """The answer of the ``unread_count`` endpoints: ``{"count": 42}``.

    Attributes:
        count: How many unread notifications (or notification groups) there are, up
            to the ``limit`` asked for.
    """

    count: int = 0


class RequestsMerged(Entity, frozen=True, kw_only=True):
    """The answer of ``GET /api/v1/notifications/requests/merged``: ``{"merged": true}``.

    Attributes:
        merged: Whether the notifications of accepted requests are all in your
            notifications yet (accepting merges them in the background).
    """

    merged: bool = False


class Notifications(Namespace):
    """``client.notifications``: read and dismiss notifications."""

    __slots__ = ()

    def list(
        self,
        *,
        types: OneOrMany[NotificationType | Raw] | UnsetType = UNSET,
        exclude_types: OneOrMany[NotificationType | Raw] | UnsetType = UNSET,
        supported_types: OneOrMany[NotificationType | Raw] | UnsetType = UNSET,
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
            supported_types: The types your client can show (``supported_types[]``,
                Mastodon 4.6+); others come with a ``fallback``.
            account_id: Only notifications caused by this account.
            include_filtered: Also those hidden by your notification filters (4.3+).
            limit: Notifications per page (default 40, at most 80).
            max_id: Start below this id (older).
            since_id: Only notifications newer than this id (from the newest end).
            min_id: Walk forward from just after this id, oldest first.

        Docs: https://docs.joinmastodon.org/methods/notifications/#get
        """
        query = {
            "types": as_array(types),
            "exclude_types": as_array(exclude_types),
            "supported_types": as_array(supported_types),
            "account_id": account_id,
            "include_filtered": include_filtered,
            **cursor_query(limit, max_id, since_id, min_id),
        }
        return Paginator(self._requester, LIST, Notification, query=query)

    async def get(
        self,
        notification_id: str,
        /,
        *,
        supported_types: OneOrMany[NotificationType | Raw] | UnsetType = UNSET,
    ) -> Notification:
        """``GET /api/v1/notifications/:id``: one notification.

        Args:
            supported_types: The types your client can show (``supported_types[]``,
                Mastodon 4.6+); another type comes with a ``fallback``.

        Docs: https://docs.joinmastodon.org/methods/notifications/#get-one
        """
        query = {"supported_types": as_array(supported_types)}
        return await self._requester.call(Notification, GET, notification_id, query=query)

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
        Use [`dismiss`][aiomastodon.api.notifications.Notifications.dismiss]. The id is sent as the
        form field ``id``.

        Docs: https://docs.joinmastodon.org/methods/notifications/#dismiss-deprecated
        """
        warnings.warn(
            "POST /api/v1/notifications/dismiss was removed in Mastodon 3.0; "
            "use client.notifications.dismiss(id)",
            DeprecationWarning,
            stacklevel=2,
        )
        await self._requester.send(DISMISS_LEGACY, form={"id": notification_id})

    async def unread_count(
        self,
        *,
        limit: int | UnsetType = UNSET,
        types: OneOrMany[NotificationType | Raw] | UnsetType = UNSET,
        exclude_types: OneOrMany[NotificationType | Raw] | UnsetType = UNSET,
        account_id: str | UnsetType = UNSET,
    ) -> UnreadCount:
        """``GET /api/v1/notifications/unread_count``: how many notifications are unread.

        Unread means newer than your notifications marker (``client.markers``).
        Mastodon 4.3+.

        Args:
            limit: Count up to this many (default 100, at most 1000).
            types: Only count these types (``types[]``).
            exclude_types: Do not count these types (``exclude_types[]``).
            account_id: Only count those caused by this account.

        Docs: https://docs.joinmastodon.org/methods/notifications/#unread-count
        """
        query = {
            "limit": limit,
            "types": as_array(types),
            "exclude_types": as_array(exclude_types),
            "account_id": account_id,
        }
        return await self._requester.call(UnreadCount, UNREAD_COUNT, query=query)

    async def get_policy(self) -> NotificationPolicy:
        """``GET /api/v2/notifications/policy``: how notifications from strangers are filtered.

        Mastodon 4.3+.

        Docs: https://docs.joinmastodon.org/methods/notifications/#get-policy
        """
        return await self._requester.call(NotificationPolicy, GET_POLICY)

    async def update_policy(
        self,
        *,
        for_not_following: NotificationPolicyValue | Raw | UnsetType = UNSET,
        for_not_followers: NotificationPolicyValue | Raw | UnsetType = UNSET,
        for_new_accounts: NotificationPolicyValue | Raw | UnsetType = UNSET,
        for_private_mentions: NotificationPolicyValue | Raw | UnsetType = UNSET,
        for_limited_accounts: NotificationPolicyValue | Raw | UnsetType = UNSET,
    ) -> NotificationPolicy:
        """``PATCH /api/v2/notifications/policy``: change how notifications are filtered.

        Each argument is ``accept`` (notify as usual), ``filter`` (hold them as a
        notification request, see
        [`requests`][aiomastodon.api.notifications.Notifications.requests]) or ``drop`` (discard
        them). Only the arguments given change. Mastodon 4.3+.

        Args:
            for_not_following: Notifications from accounts you do not follow.
            for_not_followers: From accounts that do not follow you.
            for_new_accounts: From accounts created in the last 30 days.
            for_private_mentions: Private mentions you did not ask for (not replies
                to your own mentions, not from accounts you follow).
            for_limited_accounts: From accounts the moderators limited.

        Docs: https://docs.joinmastodon.org/methods/notifications/#update-policy
        """
        form = {
            "for_not_following": for_not_following,
            "for_not_followers": for_not_followers,
            "for_new_accounts": for_new_accounts,
            "for_private_mentions": for_private_mentions,
            "for_limited_accounts": for_limited_accounts,
        }
        return await self._requester.call(NotificationPolicy, UPDATE_POLICY, form=form)

    def requests(
        self,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[NotificationRequest]:
        """``GET /api/v1/notifications/requests``: the notifications your policy held back.

        One request per account, newest first. Mastodon 4.3+.

        Args:
            limit: Requests per page (default 40, at most 80).
            max_id: Start below this id (older).
            since_id: Only requests newer than this id (from the newest end).
            min_id: Walk forward from just after this id, oldest first.

        Docs: https://docs.joinmastodon.org/methods/notifications/#get-requests
        """
        query = cursor_query(limit, max_id, since_id, min_id)
        return Paginator(self._requester, REQUESTS, NotificationRequest, query=query)

    async def get_request(self, request_id: str, /) -> NotificationRequest:
        """``GET /api/v1/notifications/requests/:id``: one notification request.

        Docs: https://docs.joinmastodon.org/methods/notifications/#get-one-request
        """
        return await self._requester.call(NotificationRequest, GET_REQUEST, request_id)

    async def accept_request(self, request_id: str, /) -> None:
        """``POST /api/v1/notifications/requests/:id/accept``: let an account's notifications in.

        Its held notifications are merged into your notifications in the background
        (see [`requests_merged`][aiomastodon.api.notifications.Notifications.requests_merged]), and
        later ones are no longer filtered.

        Docs: https://docs.joinmastodon.org/methods/notifications/#accept-request
        """
        await self._requester.send(ACCEPT_REQUEST, request_id)

    async def dismiss_request(self, request_id: str, /) -> None:
        """``POST /api/v1/notifications/requests/:id/dismiss``: discard a notification request.

        Docs: https://docs.joinmastodon.org/methods/notifications/#dismiss-request
        """
        await self._requester.send(DISMISS_REQUEST, request_id)

    async def accept_requests(self, request_ids: OneOrMany[str]) -> None:
        """``POST /api/v1/notifications/requests/accept``: accept several requests at once.

        Args:
            request_ids: The requests' ids (sent as ``id[]``); at least one.

        Docs: https://docs.joinmastodon.org/methods/notifications/#accept-multiple-requests
        """
        await self._requester.send(ACCEPT_REQUESTS, form={"id": _ids(request_ids)})

    async def dismiss_requests(self, request_ids: OneOrMany[str]) -> None:
        """``POST /api/v1/notifications/requests/dismiss``: dismiss several requests at once.

        Args:
            request_ids: The requests' ids (sent as ``id[]``); at least one.

        Docs: https://docs.joinmastodon.org/methods/notifications/#dismiss-multiple-requests
        """
        await self._requester.send(DISMISS_REQUESTS, form={"id": _ids(request_ids)})

    async def requests_merged(self) -> RequestsMerged:
        """``GET /api/v1/notifications/requests/merged``: whether accepted requests are merged.

        Accepting a request merges its notifications in the background; poll this
        before reloading your notifications.

        Docs: https://docs.joinmastodon.org/methods/notifications/#requests-merged
        """
        return await self._requester.call(RequestsMerged, REQUESTS_MERGED)

    async def dismiss_many(self, notification_ids: OneOrMany[str]) -> None:
        """``DELETE /api/v1/notifications/destroy_multiple``: delete several notifications.

        Undocumented: ``Api::V1::NotificationsController#destroy_multiple``, routed by
        Mastodon since before 4.0 (and by Akkoma and Pleroma). Ids that are not yours,
        or unknown, are ignored. The ids travel in the query string (``ids[]``), which
        Mastodon reads, as some proxies drop the body of a ``DELETE``.

        Args:
            notification_ids: One id or several; at least one.

        Docs: https://docs.joinmastodon.org/methods/notifications/ (not listed there)
        """
        await self._requester.send(DISMISS_MANY, query={"ids": _ids(notification_ids)})

    async def get_policy_v1(self) -> V1NotificationPolicy:
        """``GET /api/v1/notifications/policy``: the notification policy, as true/false.

        Undocumented: ``Api::V1::Notifications::PoliciesController``, Mastodon 4.3's
        compatibility form of [`get_policy`][aiomastodon.api.notifications.Notifications.get_policy]
        (v2). Lossy: each ``filter_*`` is true unless v2 says ``accept``, so ``drop``
        reads as ``true`` too. Prefer v2.

        Docs: https://docs.joinmastodon.org/methods/notifications/ (not listed there)
        """
        return await self._requester.call(V1NotificationPolicy, GET_POLICY_V1)

    async def update_policy_v1(
        self,
        *,
        filter_not_following: bool | UnsetType = UNSET,
        filter_not_followers: bool | UnsetType = UNSET,
        filter_new_accounts: bool | UnsetType = UNSET,
        filter_private_mentions: bool | UnsetType = UNSET,
    ) -> V1NotificationPolicy:
        """``PATCH /api/v1/notifications/policy``: change the policy, as true/false.

        Undocumented: ``Api::V1::Notifications::PoliciesController`` (Mastodon 4.3).
        ``True`` sets v2's ``filter``, ``False`` its ``accept``: this form can never
        ``drop`` (use [`update_policy`][aiomastodon.api.notifications.Notifications.update_policy]).
        Only the arguments given change.

        Args:
            filter_not_following: Filter notifications from accounts you do not follow.
            filter_not_followers: From accounts that do not follow you.
            filter_new_accounts: From accounts created in the last 30 days.
            filter_private_mentions: Private mentions you did not ask for.

        Docs: https://docs.joinmastodon.org/methods/notifications/ (not listed there)
        """
        form = {
            "filter_not_following": filter_not_following,
            "filter_not_followers": filter_not_followers,
            "filter_new_accounts": filter_new_accounts,
            "filter_private_mentions": filter_private_mentions,
        }
        return await self._requester.call(V1NotificationPolicy, UPDATE_POLICY_V1, form=form)


def _ids(ids: OneOrMany[str]) -> list[str]:
    """One id or several, as a list; at least one."""
    out = as_array(ids)
    if not out:
        raise ValueError("needs at least one id")
    return out
