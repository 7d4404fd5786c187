"""Moderate accounts.

Docs: https://docs.joinmastodon.org/methods/admin/accounts/
"""

from __future__ import annotations

from .._base import Namespace

__all__ = ["AdminAccounts"]


class AdminAccounts(Namespace):
    """Moderate accounts."""

    __slots__ = ()
