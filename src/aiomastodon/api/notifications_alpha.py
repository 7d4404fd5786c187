"""Grouped notifications, alpha API (deprecated: use grouped_notifications).

Docs: https://docs.joinmastodon.org/methods/notifications_alpha/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["NotificationsAlpha"]


class NotificationsAlpha(Namespace):
    """Grouped notifications, alpha API (deprecated: use grouped_notifications)."""

    __slots__ = ()
