"""oEmbed for statuses.

Docs: https://docs.joinmastodon.org/methods/oembed/
"""

from __future__ import annotations

from ._base import Namespace

__all__ = ["OEmbed"]


class OEmbed(Namespace):
    """oEmbed for statuses."""

    __slots__ = ()
