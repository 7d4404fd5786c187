"""Hashtags you follow.

Docs: https://docs.joinmastodon.org/methods/followed_tags/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["FollowedTags"]


class FollowedTags(Namespace):
    """Hashtags you follow."""

    __slots__ = ()
