"""Where a walk stands, as plain data: the [`Cursor`][aiomastodon.Cursor] a paginator resumes from.

Its own module (re-exported by ``aiomastodon.pagination``) so that an error can carry one
without ``errors.py`` importing the paginator.

A cursor is saved as JSON text (``to_json() -> str``, ``from_json(str | bytes)``), like
every ``to_json`` of the package (entities, push keys). Cursors saved by earlier versions
(without ``item``, ``envelope`` and ``paging``) still load and resume through the endpoint
method's ``.resume()``; ``client.resume`` needs ``item``.
"""

from __future__ import annotations

from typing import Literal

import msgspec

__all__ = ["Cursor", "Direction"]

Direction = Literal["older", "newer"]


class Cursor(msgspec.Struct, frozen=True, kw_only=True):
    """Where a walk stands, as plain data that survives a restart.

    Attributes:
        endpoint: The Python name of the endpoint (``"timelines.home"``).
        path: The request path, placeholders filled in.
        params: The caller's query parameters, as sent.
        direction: ``"older"`` or ``"newer"``.
        next_url: The exact URL of the next page; ``None`` before the first page.
        offset: For offset-paged endpoints, how many items were seen.
        done: ``True`` once the walk reached its end.
        item: The name of the walk's entity type (``"Status"``), for ``client.resume``.
        envelope: The key that holds a page's items when the answer is an object
            (``"statuses"`` for ``GET /api/v2/search``).
        paging: How the walk pages when not as its endpoint does (the search views page
            by ``"offset"``).
    """

    endpoint: str
    path: str
    params: list[tuple[str, str]] = msgspec.field(default_factory=list)
    direction: Direction = "older"
    next_url: str | None = None
    offset: int = 0
    done: bool = False
    item: str | None = None
    envelope: str | None = None
    paging: Literal["link", "id", "offset"] | None = None

    def to_json(self) -> str:
        """The cursor as JSON text."""
        return msgspec.json.encode(self).decode()

    @classmethod
    def from_json(cls, text: str | bytes) -> Cursor:
        """Read a cursor written by [`to_json`][aiomastodon.Cursor.to_json] (by this
        version or an earlier one).

        Raises:
            ValueError: The text is not a saved cursor (your own file is damaged: a
                ``ValueError`` like ``json.loads`` raises, not a server's error).
        """
        try:
            return msgspec.json.decode(text, type=cls)
        except (msgspec.DecodeError, UnicodeError, RecursionError) as exc:
            raise ValueError(f"not a saved cursor: {exc}") from None
