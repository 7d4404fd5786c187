"""Direct conversations.

Docs: https://docs.joinmastodon.org/methods/conversations/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["Conversations"]


class Conversations(Namespace):
    """Direct conversations."""

    __slots__ = ()
