"""Block or limit federation with domains.

Docs: https://docs.joinmastodon.org/methods/admin/domain_blocks/
"""

from __future__ import annotations

from ..._sansio.request import UNSET, UnsetType
from ..._sansio.routes import route
from ...entities import AdminDomainBlock
from ...pagination import Paginator
from .._base import Namespace, cursor_query
from ..enums import DomainBlockSeverity, Raw

__all__ = ["AdminDomainBlocks"]

LIST = route(
    "GET", "/api/v1/admin/domain_blocks", "admin.domain_blocks.list", paging="link", version="4.0.0"
)
GET = route("GET", "/api/v1/admin/domain_blocks/:id", "admin.domain_blocks.get", version="4.0.0")
CREATE = route("POST", "/api/v1/admin/domain_blocks", "admin.domain_blocks.create", version="4.0.0")
UPDATE = route(
    "PUT", "/api/v1/admin/domain_blocks/:id", "admin.domain_blocks.update", version="4.0.0"
)
DELETE = route(
    "DELETE", "/api/v1/admin/domain_blocks/:id", "admin.domain_blocks.delete", version="4.0.0"
)


class AdminDomainBlocks(Namespace):
    """``client.admin.domain_blocks``: suspend or limit whole domains.

    Needs ``admin:read:domain_blocks`` / ``admin:write:domain_blocks``.
    """

    __slots__ = ()

    def list(
        self,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[AdminDomainBlock]:
        """``GET /api/v1/admin/domain_blocks``: the blocked domains.

        Pages through the ``Link`` header.

        Args:
            limit: Blocks per page (default 100, at most 200).

        ``max_id``, ``since_id``, ``min_id``: ``Link`` [cursors][aiomastodon.pagination.Paginator].

        Docs: https://docs.joinmastodon.org/methods/admin/domain_blocks/#get
        """
        query = cursor_query(limit, max_id, since_id, min_id)
        return Paginator(self._requester, LIST, AdminDomainBlock, query=query)

    async def get(self, block_id: str, /) -> AdminDomainBlock:
        """``GET /api/v1/admin/domain_blocks/:id``: one blocked domain.

        Docs: https://docs.joinmastodon.org/methods/admin/domain_blocks/#get-one
        """
        return await self._requester.call(AdminDomainBlock, GET, block_id)

    async def create(
        self,
        domain: str,
        *,
        severity: DomainBlockSeverity | Raw | UnsetType = UNSET,
        reject_media: bool | UnsetType = UNSET,
        reject_reports: bool | UnsetType = UNSET,
        private_comment: str | UnsetType = UNSET,
        public_comment: str | UnsetType = UNSET,
        obfuscate: bool | UnsetType = UNSET,
    ) -> AdminDomainBlock:
        """``POST /api/v1/admin/domain_blocks``: block or limit a domain.

        A domain already blocked, or covered by a block of a parent domain that is at
        least as strict, is refused (``Unprocessable``).

        Args:
            domain: The domain; the block covers its subdomains too.
            severity: ``silence`` (the default: limit), ``suspend`` or ``noop`` (only
                the media or report rejection below).
            reject_media: Drop the domain's media files.
            reject_reports: Ignore reports from the domain.
            private_comment: A note for the moderators.
            public_comment: A reason shown publicly, if the server lists its blocks.
            obfuscate: Partly hide the domain in the public list.

        Docs: https://docs.joinmastodon.org/methods/admin/domain_blocks/#create
        """
        form = {
            "domain": domain,
            "severity": severity,
            "reject_media": reject_media,
            "reject_reports": reject_reports,
            "private_comment": private_comment,
            "public_comment": public_comment,
            "obfuscate": obfuscate,
        }
        return await self._requester.call(AdminDomainBlock, CREATE, form=form)

    async def update(
        self,
        block_id: str,
        /,
        *,
        severity: DomainBlockSeverity | Raw | UnsetType = UNSET,
        reject_media: bool | UnsetType = UNSET,
        reject_reports: bool | UnsetType = UNSET,
        private_comment: str | UnsetType = UNSET,
        public_comment: str | UnsetType = UNSET,
        obfuscate: bool | UnsetType = UNSET,
    ) -> AdminDomainBlock:
        """``PUT /api/v1/admin/domain_blocks/:id``: change a domain block.

        Only the arguments given are changed.

        Args:
            severity: ``silence``, ``suspend`` or ``noop``.
            reject_media: Drop the domain's media files.
            reject_reports: Ignore reports from the domain.
            private_comment: A note for the moderators.
            public_comment: A reason shown publicly, if the server lists its blocks.
            obfuscate: Partly hide the domain in the public list.

        Docs: https://docs.joinmastodon.org/methods/admin/domain_blocks/#update
        """
        form = {
            "severity": severity,
            "reject_media": reject_media,
            "reject_reports": reject_reports,
            "private_comment": private_comment,
            "public_comment": public_comment,
            "obfuscate": obfuscate,
        }
        return await self._requester.call(AdminDomainBlock, UPDATE, block_id, form=form)

    async def delete(self, block_id: str, /) -> None:
        """``DELETE /api/v1/admin/domain_blocks/:id``: lift a domain block.

        The server answers with an empty object (as the docs' example shows).

        Docs: https://docs.joinmastodon.org/methods/admin/domain_blocks/#delete
        """
        await self._requester.send(DELETE, block_id)
