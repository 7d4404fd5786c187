"""The profile directory.

Docs: https://docs.joinmastodon.org/methods/directory/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["Directory"]


class Directory(Namespace):
    """The profile directory."""

    __slots__ = ()
