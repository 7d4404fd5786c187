"""Where a walk stands, as plain data: the [`Cursor`][aiomastodon.Cursor] a paginator resumes from.

Its own module (re-exported by ``aiomastodon.pagination``) so that an error can carry one
without ``errors.py`` importing the paginator.
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
    """

    endpoint: str
    path: str
    params: list[tuple[str, str]] = msgspec.field(default_factory=list)
    direction: Direction = "older"
    next_url: str | None = None
    offset: int = 0
    done: bool = False

    def to_json(self) -> str:
        """The cursor as JSON text."""
        return msgspec.json.encode(self).decode()

    @classmethod
    def from_json(cls, text: str | bytes) -> Cursor:
        """Read a cursor written by [`to_json`][aiomastodon.Cursor.to_json]."""
        return msgspec.json.decode(text, type=cls)
