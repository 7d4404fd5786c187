"""Allow domains (limited federation mode).

Docs: https://docs.joinmastodon.org/methods/admin/domain_allows/
"""

from __future__ import annotations

from .._base import Namespace

__all__ = ["AdminDomainAllows"]


class AdminDomainAllows(Namespace):
    """Allow domains (limited federation mode)."""

    __slots__ = ()
