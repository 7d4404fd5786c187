"""User retention cohorts.

Docs: https://docs.joinmastodon.org/methods/admin/retention/
"""

from __future__ import annotations

from datetime import date, datetime

from ..._sansio.routes import route
from ...entities import AdminCohort
from .._base import Namespace
from ..enums import Raw, RetentionFrequency

__all__ = ["AdminRetention"]

# Computes statistics and changes nothing: sending it twice is harmless.
GET = route(
    "POST", "/api/v1/admin/retention", "admin.retention.get", version="3.5.0", retry_safe=True
)


class AdminRetention(Namespace):
    """``client.admin.retention``: how many of the users who signed up stay active.

    Needs ``admin:read`` and a role that may view the dashboard.
    """

    __slots__ = ()

    async def get(
        self,
        *,
        start_at: datetime | date,
        end_at: datetime | date,
        frequency: RetentionFrequency | Raw = "day",
    ) -> list[AdminCohort]:
        """``POST /api/v1/admin/retention``: retention cohorts for a period.

        One cohort per day (or month) of sign-ups in the period, each with the share
        of those users still active on each later day (or month).

        Args:
            start_at: The start of the period (sent as ISO 8601).
            end_at: The end of the period.
            frequency: ``day`` or ``month``: the size of a cohort.

        Docs: https://docs.joinmastodon.org/methods/admin/retention/#create
        """
        form = {"start_at": start_at, "end_at": end_at, "frequency": frequency}
        return await self._requester.call(list[AdminCohort], GET, form=form)
