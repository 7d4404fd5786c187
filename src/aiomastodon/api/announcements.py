"""Announcements from the server's staff.

Docs: https://docs.joinmastodon.org/methods/announcements/
"""

from __future__ import annotations

import builtins

from .._sansio.routes import route
from ..entities import Announcement
from ._base import Namespace

__all__ = ["Announcements"]

LIST = route("GET", "/api/v1/announcements", "announcements.list", version="3.1.0")
DISMISS = route(
    "POST",
    "/api/v1/announcements/:id/dismiss",
    "announcements.dismiss",
    version="3.1.0",
    retry_safe=True,
)
ADD_REACTION = route(
    "PUT",
    "/api/v1/announcements/:id/reactions/:name",
    "announcements.add_reaction",
    version="3.1.0",
)
REMOVE_REACTION = route(
    "DELETE",
    "/api/v1/announcements/:id/reactions/:name",
    "announcements.remove_reaction",
    version="3.1.0",
)


class Announcements(Namespace):
    """``client.announcements``: read, dismiss and react to the staff's announcements."""

    __slots__ = ()

    async def list(self) -> builtins.list[Announcement]:
        """``GET /api/v1/announcements``: the announcements in effect now.

        Each says whether you have ``read`` (dismissed) it, and carries its reactions.

        Docs: https://docs.joinmastodon.org/methods/announcements/#get
        """
        return await self._requester.call(builtins.list[Announcement], LIST)

    async def dismiss(self, announcement_id: str, /) -> None:
        """``POST /api/v1/announcements/:id/dismiss``: mark an announcement as read.

        Docs: https://docs.joinmastodon.org/methods/announcements/#dismiss
        """
        await self._requester.send(DISMISS, announcement_id)

    async def add_reaction(self, announcement_id: str, name: str, /) -> None:
        """``PUT /api/v1/announcements/:id/reactions/:name``: react to an announcement.

        Args:
            announcement_id: The announcement.
            name: A Unicode emoji, or the shortcode of one of the server's custom
                emojis (without colons).

        Docs: https://docs.joinmastodon.org/methods/announcements/#put-reactions
        """
        await self._requester.send(ADD_REACTION, announcement_id, name)

    async def remove_reaction(self, announcement_id: str, name: str, /) -> None:
        """``DELETE /api/v1/announcements/:id/reactions/:name``: take back your reaction.

        Args:
            announcement_id: The announcement.
            name: The emoji or custom emoji shortcode you reacted with.

        Docs: https://docs.joinmastodon.org/methods/announcements/#delete-reactions
        """
        await self._requester.send(REMOVE_REACTION, announcement_id, name)
