"""Web Push subscriptions.

Docs: https://docs.joinmastodon.org/methods/push/

One subscription per access token: creating one replaces the token's previous one.
The server encrypts each notification for the ``p256dh`` key and ``auth`` secret you
give it (RFC 8291), and signs it with its ``server_key`` (VAPID).
"""

from __future__ import annotations

from typing import TypedDict

from .._sansio.request import UNSET, UnsetType
from .._sansio.routes import route
from ..entities import WebPushSubscription
from ._base import Namespace
from .enums import PushPolicy, Raw

__all__ = ["Push", "PushAlerts"]

CREATE = route(
    "POST",
    "/api/v1/push/subscription",
    "push.create",
    version="2.4.0",
    retry_safe=True,
)
GET = route("GET", "/api/v1/push/subscription", "push.get", version="2.4.0")
UPDATE = route("PUT", "/api/v1/push/subscription", "push.update", version="2.4.0")
DELETE = route("DELETE", "/api/v1/push/subscription", "push.delete", version="2.4.0")

PushAlerts = TypedDict(
    "PushAlerts",
    {
        "mention": bool,
        "quote": bool,
        "status": bool,
        "reblog": bool,
        "follow": bool,
        "follow_request": bool,
        "favourite": bool,
        "poll": bool,
        "update": bool,
        "quoted_update": bool,
        "admin.sign_up": bool,
        "admin.report": bool,
    },
    total=False,
)
"""Which notifications to push, e.g. ``{"mention": True, "follow": True}``; sent as
``data[alerts][mention]=true``. Types left out are not pushed (on create) or left as
they were (on update)."""


class Push(Namespace):
    """``client.push``: the Web Push subscription of your access token."""

    __slots__ = ()

    async def create(
        self,
        *,
        endpoint: str,
        p256dh: str,
        auth: str,
        standard: bool | UnsetType = UNSET,
        alerts: PushAlerts | UnsetType = UNSET,
        policy: PushPolicy | Raw | UnsetType = UNSET,
    ) -> WebPushSubscription:
        """``POST /api/v1/push/subscription``: subscribe to push notifications.

        Replaces any subscription the token had.

        Args:
            endpoint: The push endpoint URL (``subscription[endpoint]``).
            p256dh: The client's public key, Base64url (``subscription[keys][p256dh]``).
            auth: The client's auth secret, Base64url (``subscription[keys][auth]``).
            standard: Encrypt per RFC 8291 rather than its old draft (Mastodon 4.4+;
                ``subscription[standard]``).
            alerts: Which notification types to push (``data[alerts][...]``).
            policy: From whom: ``all``, ``followed``, ``follower`` or ``none``
                (``data[policy]``).

        Docs: https://docs.joinmastodon.org/methods/push/#create
        """
        form = {
            "subscription": {
                "endpoint": endpoint,
                "keys": {"p256dh": p256dh, "auth": auth},
                "standard": standard,
            },
            "data": {"alerts": alerts, "policy": policy},
        }
        return await self._requester.call(WebPushSubscription, CREATE, form=form)

    async def get(self) -> WebPushSubscription:
        """``GET /api/v1/push/subscription``: the token's subscription (404 if none).

        Docs: https://docs.joinmastodon.org/methods/push/#get
        """
        return await self._requester.call(WebPushSubscription, GET)

    async def update(
        self,
        *,
        alerts: PushAlerts | UnsetType = UNSET,
        policy: PushPolicy | Raw | UnsetType = UNSET,
    ) -> WebPushSubscription:
        """``PUT /api/v1/push/subscription``: change which notifications are pushed.

        The endpoint and keys cannot change; [`create`][aiomastodon.api.push.Push.create] a new
        subscription for that.

        Args:
            alerts: Notification types to turn on or off (``data[alerts][...]``).
            policy: From whom: ``all``, ``followed``, ``follower`` or ``none``. The docs
                name it ``policy``; Mastodon reads ``data[policy]``, so it is sent as both.

        Docs: https://docs.joinmastodon.org/methods/push/#update
        """
        form = {"data": {"alerts": alerts, "policy": policy}, "policy": policy}
        return await self._requester.call(WebPushSubscription, UPDATE, form=form)

    async def delete(self) -> None:
        """``DELETE /api/v1/push/subscription``: stop push notifications for the token.

        Docs: https://docs.joinmastodon.org/methods/push/#delete
        """
        await self._requester.send(DELETE)
