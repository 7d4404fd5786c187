"""Handle reports.

Docs: https://docs.joinmastodon.org/methods/admin/reports/
"""

from __future__ import annotations

from .._base import Namespace

__all__ = ["AdminReports"]


class AdminReports(Namespace):
    """Handle reports."""

    __slots__ = ()
