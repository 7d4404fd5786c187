"""Block IP address ranges.

Docs: https://docs.joinmastodon.org/methods/admin/ip_blocks/
"""

from __future__ import annotations

from .._base import Namespace

__all__ = ["AdminIpBlocks"]


class AdminIpBlocks(Namespace):
    """Block IP address ranges."""

    __slots__ = ()
