"""Filters: hide or warn about statuses by keyword (v2), and the v1 filters.

Docs: https://docs.joinmastodon.org/methods/filters/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["Filters"]


class Filters(Namespace):
    """Filters: hide or warn about statuses by keyword (v2), and the v1 filters."""

    __slots__ = ()
