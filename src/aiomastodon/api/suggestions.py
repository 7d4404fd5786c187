"""Suggested accounts to follow.

Docs: https://docs.joinmastodon.org/methods/suggestions/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["Suggestions"]


class Suggestions(Namespace):
    """Suggested accounts to follow."""

    __slots__ = ()
