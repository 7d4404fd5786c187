"""Email confirmation.

Docs: https://docs.joinmastodon.org/methods/emails/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["Emails"]


class Emails(Namespace):
    """Email confirmation."""

    __slots__ = ()
