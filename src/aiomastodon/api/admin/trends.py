"""Review trends.

Docs: https://docs.joinmastodon.org/methods/admin/trends/
"""

from __future__ import annotations

from .._base import Namespace

__all__ = ["AdminTrends"]


class AdminTrends(Namespace):
    """Review trends."""

    __slots__ = ()
