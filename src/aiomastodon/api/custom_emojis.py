"""Custom emojis of the server.

Docs: https://docs.joinmastodon.org/methods/custom_emojis/
"""

from __future__ import annotations

import builtins

from .._sansio.routes import route
from ..entities import CustomEmoji
from ._base import Namespace

__all__ = ["CustomEmojis"]

LIST = route("GET", "/api/v1/custom_emojis", "custom_emojis.list", version="2.0.0")


class CustomEmojis(Namespace):
    """``client.custom_emojis``: the server's custom emojis."""

    __slots__ = ()

    async def list(self) -> builtins.list[CustomEmoji]:
        """``GET /api/v1/custom_emojis``: every custom emoji the server offers.

        Needs no token.

        Docs: https://docs.joinmastodon.org/methods/custom_emojis/#get
        """
        return await self._requester.call(builtins.list[CustomEmoji], LIST)
