"""Quantitative statistics.

Docs: https://docs.joinmastodon.org/methods/admin/measures/
"""

from __future__ import annotations

from .._base import Namespace

__all__ = ["AdminMeasures"]


class AdminMeasures(Namespace):
    """Quantitative statistics."""

    __slots__ = ()
