"""Block or limit federation with domains.

Docs: https://docs.joinmastodon.org/methods/admin/domain_blocks/
"""

from __future__ import annotations

from .._base import Namespace

__all__ = ["AdminDomainBlocks"]


class AdminDomainBlocks(Namespace):
    """Block or limit federation with domains."""

    __slots__ = ()
