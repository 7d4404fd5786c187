"""Block email addresses by canonical form.

Docs: https://docs.joinmastodon.org/methods/admin/canonical_email_blocks/
"""

from __future__ import annotations

from .._base import Namespace

__all__ = ["AdminCanonicalEmailBlocks"]


class AdminCanonicalEmailBlocks(Namespace):
    """Block email addresses by canonical form."""

    __slots__ = ()
