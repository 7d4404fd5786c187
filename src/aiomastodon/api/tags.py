"""Hashtags: look up, follow, feature.

Docs: https://docs.joinmastodon.org/methods/tags/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["Tags"]


class Tags(Namespace):
    """Hashtags: look up, follow, feature."""

    __slots__ = ()
