"""Grouped notifications (v2).

Docs: https://docs.joinmastodon.org/methods/grouped_notifications/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["GroupedNotifications"]


class GroupedNotifications(Namespace):
    """Grouped notifications (v2)."""

    __slots__ = ()
