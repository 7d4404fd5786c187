"""Hashtags: look up, follow, feature.

Docs: https://docs.joinmastodon.org/methods/tags/

Every method takes the hashtag's name (a leading ``#`` is dropped). The docs call the
path parameter of ``feature`` and ``unfeature`` ``:id``; Mastodon reads the name there
too, as for the others.
"""

from __future__ import annotations

from .._sansio.routes import route
from ..entities import Tag
from ._base import Namespace

__all__ = ["Tags"]

GET = route("GET", "/api/v1/tags/:name", "tags.get", version="4.0.0")
FOLLOW = route(
    "POST",
    "/api/v1/tags/:name/follow",
    "tags.follow",
    version="4.0.0",
    retry_safe=True,
)
UNFOLLOW = route(
    "POST",
    "/api/v1/tags/:name/unfollow",
    "tags.unfollow",
    version="4.0.0",
    retry_safe=True,
)
FEATURE = route(
    "POST",
    "/api/v1/tags/:id/feature",
    "tags.feature",
    version="4.4.0",
    retry_safe=True,
)
UNFEATURE = route(
    "POST",
    "/api/v1/tags/:id/unfeature",
    "tags.unfeature",
    version="4.4.0",
    retry_safe=True,
)


def _name(name: str) -> str:
    return name[1:] if name.startswith("#") else name


class Tags(Namespace):
    """``client.tags``: one hashtag: read it, follow it, feature it on your profile."""

    __slots__ = ()

    async def get(self, name: str, /) -> Tag:
        """``GET /api/v1/tags/:name``: a hashtag, with its recent use.

        With a token, ``following`` and ``featuring`` say whether you follow or
        feature it.

        Args:
            name: The hashtag, with or without ``#``.

        Docs: https://docs.joinmastodon.org/methods/tags/#get
        """
        return await self._requester.call(Tag, GET, _name(name))

    async def follow(self, name: str, /) -> Tag:
        """``POST /api/v1/tags/:name/follow``: follow a hashtag (its posts reach your home).

        Following one you already follow is harmless (Mastodon 4.1+).

        Args:
            name: The hashtag, with or without ``#``.

        Docs: https://docs.joinmastodon.org/methods/tags/#follow
        """
        return await self._requester.call(Tag, FOLLOW, _name(name))

    async def unfollow(self, name: str, /) -> Tag:
        """``POST /api/v1/tags/:name/unfollow``: stop following a hashtag.

        Args:
            name: The hashtag, with or without ``#``.

        Docs: https://docs.joinmastodon.org/methods/tags/#unfollow
        """
        return await self._requester.call(Tag, UNFOLLOW, _name(name))

    async def feature(self, name: str, /) -> Tag:
        """``POST /api/v1/tags/:id/feature``: feature a hashtag on your profile.

        Mastodon 4.4+; for older servers use ``client.featured_tags.feature``.

        Args:
            name: The hashtag, with or without ``#``.

        Docs: https://docs.joinmastodon.org/methods/tags/#feature
        """
        return await self._requester.call(Tag, FEATURE, _name(name))

    async def unfeature(self, name: str, /) -> Tag:
        """``POST /api/v1/tags/:id/unfeature``: stop featuring a hashtag on your profile.

        Mastodon 4.4+; for older servers use ``client.featured_tags.unfeature``.

        Args:
            name: The hashtag, with or without ``#``.

        Docs: https://docs.joinmastodon.org/methods/tags/#unfeature
        """
        return await self._requester.call(Tag, UNFEATURE, _name(name))
