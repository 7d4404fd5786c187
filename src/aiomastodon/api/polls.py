"""Polls: read and vote.

Docs: https://docs.joinmastodon.org/methods/polls/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["Polls"]


class Polls(Namespace):
    """Polls: read and vote."""

    __slots__ = ()
