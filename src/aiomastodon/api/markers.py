"""Read positions in timelines, saved across devices.

Docs: https://docs.joinmastodon.org/methods/markers/
"""

from __future__ import annotations

from .._sansio.request import UNSET, UnsetType, as_array
from .._sansio.routes import route
from ..entities import Entity, Marker
from ._base import Namespace
from .enums import MarkerTimeline, OneOrMany, Raw

__all__ = ["Markers", "TimelineMarkers"]

GET = route("GET", "/api/v1/markers", "markers.get", version="3.0.0")
SAVE = route(
    "POST",
    "/api/v1/markers",
    "markers.save",
    version="3.0.0",
    retry_safe=True,
)


class TimelineMarkers(Entity, frozen=True, kw_only=True):
    """Saved read positions, by timeline: ``{"home": Marker, "notifications": Marker}``.

    A timeline without a saved position (or not asked for) is ``None``.

    Attributes:
        home: The position in the home timeline.
        notifications: The position in the notifications.
    """

    home: Marker | None = None
    notifications: Marker | None = None


class Markers(Namespace):
    """``client.markers``: read and save your read positions, shared by your apps."""

    __slots__ = ()

    async def get(
        self, *, timeline: OneOrMany[MarkerTimeline | Raw] | UnsetType = UNSET
    ) -> TimelineMarkers:
        """``GET /api/v1/markers``: your saved read positions.

        Args:
            timeline: Which positions: ``home``, ``notifications`` or both (sent as
                ``timeline[]``). Without it the server answers none on current
                versions, so ask for what you need.

        Docs: https://docs.joinmastodon.org/methods/markers/#get
        """
        timelines = as_array(timeline)

        return await self._requester.call(TimelineMarkers, GET, query={"timeline": timelines})

    async def save(
        self,
        *,
        home: str | UnsetType = UNSET,
        notifications: str | UnsetType = UNSET,
    ) -> TimelineMarkers:
        """``POST /api/v1/markers``: save your read position in the home timeline or notifications.

        The answer holds the positions saved by this call. Two apps saving at once may
        conflict: the server then answers 409 (an ``HTTPError``); read and try again.

        Args:
            home: The id of the last status read in the home timeline
                (``home[last_read_id]``).
            notifications: The id of the last notification read
                (``notifications[last_read_id]``).

        Docs: https://docs.joinmastodon.org/methods/markers/#create
        """
        form = {
            "home": {"last_read_id": home},
            "notifications": {"last_read_id": notifications},
        }
        return await self._requester.call(TimelineMarkers, SAVE, form=form)
