"""Web Push subscriptions.

Docs: https://docs.joinmastodon.org/methods/push/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["Push"]


class Push(Namespace):
    """Web Push subscriptions."""

    __slots__ = ()
