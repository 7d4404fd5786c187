"""Asynchronous refreshes (alpha).

Docs: https://docs.joinmastodon.org/methods/async_refreshes/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["AsyncRefreshes"]


class AsyncRefreshes(Namespace):
    """Asynchronous refreshes (alpha)."""

    __slots__ = ()
