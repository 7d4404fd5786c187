"""Hashtags featured on your profile.

Docs: https://docs.joinmastodon.org/methods/featured_tags/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["FeaturedTags"]


class FeaturedTags(Namespace):
    """Hashtags featured on your profile."""

    __slots__ = ()
