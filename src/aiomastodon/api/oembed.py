"""oEmbed for statuses.

Docs: https://docs.joinmastodon.org/methods/oembed/
"""

from __future__ import annotations

from .._sansio.request import UNSET, UnsetType
from .._sansio.routes import route
from ..entities import Entity
from ._base import Namespace

__all__ = ["OEmbed", "OEmbedDocument"]

GET = route("GET", "/api/oembed", "oembed.get", version="1.0.0")


class OEmbedDocument(Entity, frozen=True, kw_only=True):
    """What [`OEmbed.get`][aiomastodon.api.oembed.OEmbed.get] answers: an oEmbed ``rich`` document
    (oembed.com).

    Attributes:
        type: ``rich`` for a status.
        version: ``1.0``.
        title: A title for the embed.
        author_name: The status author's display name.
        author_url: The author's profile URL.
        provider_name: The server's domain.
        provider_url: The server's URL.
        cache_age: How long the document may be cached, in seconds.
        html: The ``<iframe>`` (and script) to embed.
        width: The iframe's width in pixels.
        height: Its height in pixels; ``None`` lets the embed size itself.
    """

    type: str = "rich"
    version: str = "1.0"
    title: str = ""
    author_name: str = ""
    author_url: str = ""
    provider_name: str = ""
    provider_url: str = ""
    cache_age: int | None = None
    html: str = ""
    width: int | None = None
    height: int | None = None


class OEmbed(Namespace):
    """``client.oembed``: HTML to embed a status in a web page."""

    __slots__ = ()

    async def get(
        self,
        url: str,
        *,
        maxwidth: int | UnsetType = UNSET,
        maxheight: int | UnsetType = UNSET,
    ) -> OEmbedDocument:
        """``GET /api/oembed``: the oEmbed document of a public status.

        Needs no token.

        Args:
            url: The status's URL on this server.
            maxwidth: Width of the iframe (default 400).
            maxheight: Height of the iframe.

        Docs: https://docs.joinmastodon.org/methods/oembed/#get
        """
        query = {"url": url, "maxwidth": maxwidth, "maxheight": maxheight}
        return await self._requester.call(OEmbedDocument, GET, query=query)
