"""Hashtags featured on your profile.

Docs: https://docs.joinmastodon.org/methods/featured_tags/
"""

from __future__ import annotations

import builtins

from .._sansio.routes import route
from ..entities import FeaturedTag, Tag
from ._base import Namespace

__all__ = ["FeaturedTags"]

LIST = route("GET", "/api/v1/featured_tags", "featured_tags.list", version="3.0.0")
FEATURE = route("POST", "/api/v1/featured_tags", "featured_tags.feature", version="3.0.0")
UNFEATURE = route("DELETE", "/api/v1/featured_tags/:id", "featured_tags.unfeature", version="3.0.0")
SUGGESTIONS = route(
    "GET", "/api/v1/featured_tags/suggestions", "featured_tags.suggestions", version="3.0.0"
)


class FeaturedTags(Namespace):
    """``client.featured_tags``: the hashtags featured on your profile."""

    __slots__ = ()

    async def list(self) -> builtins.list[FeaturedTag]:
        """``GET /api/v1/featured_tags``: the hashtags you feature.

        Someone else's are at ``GET /api/v1/accounts/:id/featured_tags``.

        Docs: https://docs.joinmastodon.org/methods/featured_tags/#get
        """
        return await self._requester.call(builtins.list[FeaturedTag], LIST)

    async def feature(self, name: str) -> FeaturedTag:
        """``POST /api/v1/featured_tags``: feature a hashtag on your profile.

        Args:
            name: The hashtag, without ``#``.

        Docs: https://docs.joinmastodon.org/methods/featured_tags/#feature
        """
        name = name[1:] if name.startswith("#") else name
        return await self._requester.call(FeaturedTag, FEATURE, form={"name": name})

    async def unfeature(self, featured_tag_id: str, /) -> None:
        """``DELETE /api/v1/featured_tags/:id``: stop featuring a hashtag.

        Args:
            featured_tag_id: The ``FeaturedTag``'s id (not the hashtag's name).

        Docs: https://docs.joinmastodon.org/methods/featured_tags/#unfeature
        """
        await self._requester.send(UNFEATURE, featured_tag_id)

    async def suggestions(self) -> builtins.list[Tag]:
        """``GET /api/v1/featured_tags/suggestions``: your most used hashtags, to feature.

        Up to 10 you used recently and do not feature yet.

        Docs: https://docs.joinmastodon.org/methods/featured_tags/#suggestions
        """
        return await self._requester.call(builtins.list[Tag], SUGGESTIONS)
