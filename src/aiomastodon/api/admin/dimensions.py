"""Qualitative statistics.

Docs: https://docs.joinmastodon.org/methods/admin/dimensions/
"""

from __future__ import annotations

from .._base import Namespace

__all__ = ["AdminDimensions"]


class AdminDimensions(Namespace):
    """Qualitative statistics."""

    __slots__ = ()
