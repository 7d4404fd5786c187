"""Collections: curated sets of accounts.

Docs: https://docs.joinmastodon.org/methods/collections/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["Collections"]


class Collections(Namespace):
    """Collections: curated sets of accounts."""

    __slots__ = ()
