"""Read positions in timelines, saved across devices.

Docs: https://docs.joinmastodon.org/methods/markers/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["Markers"]


class Markers(Namespace):
    """Read positions in timelines, saved across devices."""

    __slots__ = ()
