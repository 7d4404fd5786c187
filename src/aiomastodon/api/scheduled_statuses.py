"""Statuses scheduled for later.

Docs: https://docs.joinmastodon.org/methods/scheduled_statuses/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["ScheduledStatuses"]


class ScheduledStatuses(Namespace):
    """Statuses scheduled for later."""

    __slots__ = ()
