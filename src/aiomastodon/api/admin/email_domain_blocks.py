"""Block sign-ups from email domains.

Docs: https://docs.joinmastodon.org/methods/admin/email_domain_blocks/
"""

from __future__ import annotations

from .._base import Namespace

__all__ = ["AdminEmailDomainBlocks"]


class AdminEmailDomainBlocks(Namespace):
    """Block sign-ups from email domains."""

    __slots__ = ()
