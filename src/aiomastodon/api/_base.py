"""What every endpoint group shares."""

from __future__ import annotations

from .._requester import Requester

__all__ = ["DOCS", "Namespace"]

DOCS = "https://docs.joinmastodon.org/methods"
"""Where the method pages of the Mastodon docs live; docstrings link below it."""


class Namespace:
    """A group of endpoints, as on one methods page of the docs (``client.statuses``)."""

    __slots__ = ("_requester",)

    def __init__(self, requester: Requester) -> None:
        self._requester = requester

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._requester!r}>"
