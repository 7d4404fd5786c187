"""The server's health check.

Docs: https://docs.joinmastodon.org/methods/health/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["Health"]


class Health(Namespace):
    """The server's health check."""

    __slots__ = ()
