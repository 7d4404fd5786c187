"""What every endpoint group shares."""

from __future__ import annotations

from .._requester import Requester
from .._sansio.request import UNSET, UnsetType

__all__ = ["Namespace", "cursor_query"]


class Namespace:
    """A group of endpoints, as on one methods page of the docs (``client.statuses``)."""

    __slots__ = ("_requester",)

    def __init__(self, requester: Requester) -> None:
        self._requester = requester

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._requester!r}>"


def cursor_query(
    limit: int | UnsetType,
    max_id: str | UnsetType,
    since_id: str | UnsetType,
    min_id: str | UnsetType = UNSET,
) -> dict[str, object]:
    """The page size and cursor parameters of a list endpoint, in the order they are sent.

    What each cursor means: [Paginator][aiomastodon.pagination.Paginator].
    """
    return {"limit": limit, "max_id": max_id, "since_id": since_id, "min_id": min_id}
