"""Announcements from the server's staff.

Docs: https://docs.joinmastodon.org/methods/announcements/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["Announcements"]


class Announcements(Namespace):
    """Announcements from the server's staff."""

    __slots__ = ()
