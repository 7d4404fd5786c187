"""Your preferences.

Docs: https://docs.joinmastodon.org/methods/preferences/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["Preferences"]


class Preferences(Namespace):
    """Your preferences."""

    __slots__ = ()
