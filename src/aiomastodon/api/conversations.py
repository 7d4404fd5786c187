"""Conversations: your direct-message threads.

Docs: https://docs.joinmastodon.org/methods/conversations/

Send a direct message with ``client.statuses.create(..., visibility="direct")``.
"""

from __future__ import annotations

from .._sansio.request import UNSET, UnsetType
from .._sansio.routes import route
from ..entities import Conversation
from ..pagination import Paginator
from ._base import Namespace, cursor_query

__all__ = ["Conversations"]

LIST = route("GET", "/api/v1/conversations", "conversations.list", paging="link", version="2.6.0")
DELETE = route("DELETE", "/api/v1/conversations/:id", "conversations.delete", version="2.6.0")
MARK_READ = route(
    "POST",
    "/api/v1/conversations/:id/read",
    "conversations.mark_read",
    version="2.6.0",
    retry_safe=True,
)
# Undocumented by the Mastodon docs (the method's docstring gives the source).
MARK_UNREAD = route(
    "POST",
    "/api/v1/conversations/:id/unread",
    "conversations.mark_unread",
    version="4.2.0",
    retry_safe=True,
)


class Conversations(Namespace):
    """``client.conversations``: list, read and remove direct conversations."""

    __slots__ = ()

    def list(
        self,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[Conversation]:
        """``GET /api/v1/conversations``: your direct conversations, latest activity first.

        Pages through the ``Link`` header (the cursors are the ids of the last
        statuses, not of the conversations).

        Args:
            limit: Conversations per page (default 20, at most 40).

        ``max_id``, ``since_id``, ``min_id``: ``Link`` [cursors][aiomastodon.pagination.Paginator].

        Docs: https://docs.joinmastodon.org/methods/conversations/#get
        """
        query = cursor_query(limit, max_id, since_id, min_id)
        return Paginator(self._requester, LIST, Conversation, query=query)

    async def delete(self, conversation_id: str, /) -> None:
        """``DELETE /api/v1/conversations/:id``: remove a conversation from your list.

        Its statuses are not deleted; a new message brings the conversation back.

        Docs: https://docs.joinmastodon.org/methods/conversations/#delete
        """
        await self._requester.send(DELETE, conversation_id)

    async def mark_read(self, conversation_id: str, /) -> Conversation:
        """``POST /api/v1/conversations/:id/read``: mark a conversation as read.

        Docs: https://docs.joinmastodon.org/methods/conversations/#read
        """
        return await self._requester.call(Conversation, MARK_READ, conversation_id)

    async def mark_unread(self, conversation_id: str, /) -> Conversation:
        """``POST /api/v1/conversations/:id/unread``: mark a conversation as unread again.

        Undocumented: ``Api::V1::ConversationsController#unread``, in Mastodon since
        4.2.0 (CHANGELOG, #25509). Answers the conversation, ``unread`` now true.

        Docs: https://docs.joinmastodon.org/methods/conversations/ (not listed there)
        """
        return await self._requester.call(Conversation, MARK_UNREAD, conversation_id)
