"""Annual reports (Wrapstodon).

Docs: https://docs.joinmastodon.org/methods/annual_reports/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["AnnualReports"]


class AnnualReports(Namespace):
    """Annual reports (Wrapstodon)."""

    __slots__ = ()
