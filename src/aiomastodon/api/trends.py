"""Trending hashtags, statuses and links.

Docs: https://docs.joinmastodon.org/methods/trends/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["Trends"]


class Trends(Namespace):
    """Trending hashtags, statuses and links."""

    __slots__ = ()
