"""Domain blocks: whole servers you hide.

Docs: https://docs.joinmastodon.org/methods/domain_blocks/
"""

from __future__ import annotations

from .._sansio.request import UNSET, UnsetType
from .._sansio.routes import route
from ..entities import Entity
from ..pagination import Paginator
from ._base import Namespace, cursor_query

__all__ = ["DomainBlockPreview", "DomainBlocks"]

LIST = route("GET", "/api/v1/domain_blocks", "domain_blocks.list", paging="link", version="1.4.0")
CREATE = route(
    "POST",
    "/api/v1/domain_blocks",
    "domain_blocks.create",
    version="1.4.0",
    retry_safe=True,
)
DELETE = route("DELETE", "/api/v1/domain_blocks", "domain_blocks.delete", version="1.4.0")
# Undocumented by the Mastodon docs (the method's docstring gives the source).
PREVIEW = route("GET", "/api/v1/domain_blocks/preview", "domain_blocks.preview", version="4.3.0")


class DomainBlockPreview(Entity, frozen=True, kw_only=True):
    """What blocking a domain would cost you (``GET /api/v1/domain_blocks/preview``).

    Attributes:
        following_count: Accounts of that domain you follow (the block unfollows them).
        followers_count: Your followers there (the block removes them).
    """

    following_count: int = 0
    followers_count: int = 0


class DomainBlocks(Namespace):
    """``client.domain_blocks``: hide everything from whole servers."""

    __slots__ = ()

    def list(
        self,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[str]:
        """``GET /api/v1/domain_blocks``: the domains you block, as plain strings.

        Pages through the ``Link`` header (the cursors are hidden ids).

        Args:
            limit: Domains per page (default 100, at most 200).

        ``max_id``, ``since_id``, ``min_id``: ``Link`` [cursors][aiomastodon.pagination.Paginator].

        Docs: https://docs.joinmastodon.org/methods/domain_blocks/#get
        """
        return Paginator(
            self._requester,
            LIST,
            str,
            query=cursor_query(limit, max_id, since_id, min_id),
        )

    async def create(self, domain: str) -> None:
        """``POST /api/v1/domain_blocks``: block a domain.

        Hides its posts and notifications, removes your followers there, and stops
        them from following you.

        Args:
            domain: The domain, e.g. ``"spam.example"``.

        Docs: https://docs.joinmastodon.org/methods/domain_blocks/#block
        """
        await self._requester.send(CREATE, form={"domain": domain})

    async def delete(self, domain: str) -> None:
        """``DELETE /api/v1/domain_blocks``: unblock a domain.

        ``domain`` travels in the query string: Mastodon reads it from the query as
        well as from the body, and some proxies drop the body of a ``DELETE``.

        Args:
            domain: The domain to unblock.

        Docs: https://docs.joinmastodon.org/methods/domain_blocks/#unblock
        """
        await self._requester.send(DELETE, query={"domain": domain})

    async def preview(self, domain: str) -> DomainBlockPreview:
        """``GET /api/v1/domain_blocks/preview``: what blocking a domain would remove.

        Undocumented: ``Api::V1::DomainBlocks::PreviewsController`` (``show``), in
        Mastodon since 4.3.0 (CHANGELOG, #32032: the web app's block dialog). Counts
        the accounts there you follow and that follow you. Needs ``follow``, ``write``
        or ``write:blocks``.

        Args:
            domain: The domain you think of blocking.

        Docs: https://docs.joinmastodon.org/methods/domain_blocks/ (not listed there)
        """
        return await self._requester.call(DomainBlockPreview, PREVIEW, query={"domain": domain})
