"""Polls: read a poll and vote in it.

Docs: https://docs.joinmastodon.org/methods/polls/

Polls are made with their status: ``client.statuses.create(..., poll=...)``.
"""

from __future__ import annotations

from .._sansio.routes import route
from ..entities import Poll
from ._base import Namespace
from .enums import OneOrMany

__all__ = ["Polls"]

GET = route("GET", "/api/v1/polls/:id", "polls.get", version="2.8.0")
VOTE = route("POST", "/api/v1/polls/:id/votes", "polls.vote", version="2.8.0")


class Polls(Namespace):
    """``client.polls``: read polls and vote."""

    __slots__ = ()

    async def get(self, poll_id: str, /) -> Poll:
        """``GET /api/v1/polls/:id``: a poll, with its current results.

        No token is needed for a poll on a public status.

        Docs: https://docs.joinmastodon.org/methods/polls/#get
        """
        return await self._requester.call(Poll, GET, poll_id)

    async def vote(self, poll_id: str, /, *, choices: OneOrMany[int]) -> Poll:
        """``POST /api/v1/polls/:id/votes``: vote in a poll.

        A poll takes one vote per account; one that allows ``multiple`` takes
        several choices in that one vote.

        Args:
            choices: The index of the chosen option, counting from 0, or several
                (sent as ``choices[]``).

        Docs: https://docs.joinmastodon.org/methods/polls/#vote
        """
        picked = [choices] if isinstance(choices, int) else list(choices)
        if not picked:
            raise ValueError("choices needs at least one option index")
        return await self._requester.call(Poll, VOTE, poll_id, form={"choices": picked})
