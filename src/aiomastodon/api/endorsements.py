"""Accounts you feature on your profile.

Docs: https://docs.joinmastodon.org/methods/endorsements/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["Endorsements"]


class Endorsements(Namespace):
    """Accounts you feature on your profile."""

    __slots__ = ()
