"""User retention cohorts.

Docs: https://docs.joinmastodon.org/methods/admin/retention/
"""

from __future__ import annotations

from .._base import Namespace

__all__ = ["AdminRetention"]


class AdminRetention(Namespace):
    """User retention cohorts."""

    __slots__ = ()
