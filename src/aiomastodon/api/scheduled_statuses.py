"""Scheduled statuses: statuses set to be published later.

Docs: https://docs.joinmastodon.org/methods/scheduled_statuses/

Schedule one with ``client.statuses.schedule(...)``.
"""

from __future__ import annotations

from datetime import datetime

from .._sansio.request import UNSET, UnsetType
from .._sansio.routes import route
from ..entities import ScheduledStatus
from ..pagination import Paginator
from ._base import Namespace, cursor_query

__all__ = ["ScheduledStatuses"]

LIST = route(
    "GET", "/api/v1/scheduled_statuses", "scheduled_statuses.list", paging="id", version="2.7.0"
)
GET = route("GET", "/api/v1/scheduled_statuses/:id", "scheduled_statuses.get", version="2.7.0")
UPDATE = route(
    "PUT", "/api/v1/scheduled_statuses/:id", "scheduled_statuses.update", version="2.7.0"
)
CANCEL = route(
    "DELETE", "/api/v1/scheduled_statuses/:id", "scheduled_statuses.cancel", version="2.7.0"
)


class ScheduledStatuses(Namespace):
    """``client.scheduled_statuses``: list, reschedule and cancel scheduled statuses."""

    __slots__ = ()

    def list(
        self,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[ScheduledStatus]:
        """``GET /api/v1/scheduled_statuses``: your statuses waiting to be published.

        Args:
            limit: Statuses per page (default 20, at most 40).
            max_id: Start below this id (older).
            since_id: Only those newer than this id (from the newest end).
            min_id: Walk forward from just after this id, oldest first.

        Docs: https://docs.joinmastodon.org/methods/scheduled_statuses/#get
        """
        query = cursor_query(limit, max_id, since_id, min_id)
        return Paginator(self._requester, LIST, ScheduledStatus, query=query)

    async def get(self, scheduled_status_id: str, /) -> ScheduledStatus:
        """``GET /api/v1/scheduled_statuses/:id``: one scheduled status.

        Docs: https://docs.joinmastodon.org/methods/scheduled_statuses/#get-one
        """
        return await self._requester.call(ScheduledStatus, GET, scheduled_status_id)

    async def update(
        self, scheduled_status_id: str, /, *, scheduled_at: datetime
    ) -> ScheduledStatus:
        """``PUT /api/v1/scheduled_statuses/:id``: publish a scheduled status at another time.

        Args:
            scheduled_at: When to publish it: at least 5 minutes ahead, with a timezone
                (an aware datetime).

        Docs: https://docs.joinmastodon.org/methods/scheduled_statuses/#update
        """
        if scheduled_at.tzinfo is None:
            raise ValueError("scheduled_at needs a timezone (an aware datetime)")
        form = {"scheduled_at": scheduled_at}
        return await self._requester.call(ScheduledStatus, UPDATE, scheduled_status_id, form=form)

    async def cancel(self, scheduled_status_id: str, /) -> None:
        """``DELETE /api/v1/scheduled_statuses/:id``: cancel a scheduled status.

        Its media stays uploaded (unattached) until the server cleans it up.

        Docs: https://docs.joinmastodon.org/methods/scheduled_statuses/#cancel
        """
        await self._requester.send(CANCEL, scheduled_status_id)
