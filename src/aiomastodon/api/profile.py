"""Your profile: avatar, header and the profile entity.

Docs: https://docs.joinmastodon.org/methods/profile/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["Profile"]


class Profile(Namespace):
    """Your profile: avatar, header and the profile entity."""

    __slots__ = ()
