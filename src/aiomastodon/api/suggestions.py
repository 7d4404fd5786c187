"""Suggested accounts to follow.

Docs: https://docs.joinmastodon.org/methods/suggestions/
"""

from __future__ import annotations

import builtins
import warnings

from .._sansio.request import UNSET, UnsetType
from .._sansio.routes import route
from ..entities import Account, Suggestion
from ._base import Namespace

__all__ = ["Suggestions"]

LIST = route("GET", "/api/v2/suggestions", "suggestions.list", version="3.4.0")
LIST_V1 = route(
    "GET",
    "/api/v1/suggestions",
    "suggestions.list_v1",
    version="2.4.3",
    deprecated="deprecated since Mastodon 3.4; use suggestions.list (GET /api/v2/suggestions)",
)
REMOVE = route("DELETE", "/api/v1/suggestions/:account_id", "suggestions.remove", version="2.4.3")


class Suggestions(Namespace):
    """``client.suggestions``: accounts the server suggests you follow."""

    __slots__ = ()

    async def list(self, *, limit: int | UnsetType = UNSET) -> builtins.list[Suggestion]:
        """``GET /api/v2/suggestions``: accounts to follow, each with why it is suggested.

        One answer, not paged: ask for more with ``limit``.

        Args:
            limit: How many (default 40, at most 80).

        Docs: https://docs.joinmastodon.org/methods/suggestions/#v2
        """
        return await self._requester.call(builtins.list[Suggestion], LIST, query={"limit": limit})

    async def list_v1(self, *, limit: int | UnsetType = UNSET) -> builtins.list[Account]:
        """``GET /api/v1/suggestions``: accounts to follow, old form (deprecated).

        Deprecated since Mastodon 3.4 in favour of
        [`list`][aiomastodon.api.suggestions.Suggestions.list]; the only form servers before 3.4
        know.

        Args:
            limit: How many (default 40, at most 80).

        Docs: https://docs.joinmastodon.org/methods/suggestions/#v1
        """
        warnings.warn(
            "GET /api/v1/suggestions is deprecated since Mastodon 3.4; "
            "use client.suggestions.list()",
            DeprecationWarning,
            stacklevel=2,
        )
        return await self._requester.call(builtins.list[Account], LIST_V1, query={"limit": limit})

    async def remove(self, account_id: str, /) -> None:
        """``DELETE /api/v1/suggestions/:account_id``: stop suggesting an account.

        Docs: https://docs.joinmastodon.org/methods/suggestions/#remove
        """
        await self._requester.send(REMOVE, account_id)
