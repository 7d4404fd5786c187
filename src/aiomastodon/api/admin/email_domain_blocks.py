"""Block sign-ups from email domains.

Docs: https://docs.joinmastodon.org/methods/admin/email_domain_blocks/
"""

from __future__ import annotations

from ..._sansio.request import UNSET, UnsetType
from ..._sansio.routes import route
from ...entities import AdminEmailDomainBlock
from ...pagination import Paginator
from ._common import AdminRecords

__all__ = ["AdminEmailDomainBlocks"]

LIST = route(
    "GET",
    "/api/v1/admin/email_domain_blocks",
    "admin.email_domain_blocks.list",
    paging="link",
    version="4.0.0",
)
GET = route(
    "GET",
    "/api/v1/admin/email_domain_blocks/:id",
    "admin.email_domain_blocks.get",
    version="4.1.0",
)
CREATE = route(
    "POST", "/api/v1/admin/email_domain_blocks", "admin.email_domain_blocks.create", version="4.0.0"
)
DELETE = route(
    "DELETE",
    "/api/v1/admin/email_domain_blocks/:id",
    "admin.email_domain_blocks.delete",
    version="4.0.0",
)


class AdminEmailDomainBlocks(AdminRecords[AdminEmailDomainBlock]):
    """``client.admin.email_domain_blocks``: refuse sign-ups from email domains.

    Needs ``admin:read:email_domain_blocks`` / ``admin:write:email_domain_blocks``.
    """

    __slots__ = ()
    _entity = AdminEmailDomainBlock
    _list_route, _get_route, _delete_route = LIST, GET, DELETE

    def list(
        self,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[AdminEmailDomainBlock]:
        """``GET /api/v1/admin/email_domain_blocks``: the blocked email domains.

        Pages through the ``Link`` header.

        Args:
            limit: Blocks per page (default 100, at most 200).

        ``max_id``, ``since_id``, ``min_id``: ``Link`` [cursors][aiomastodon.pagination.Paginator].

        Docs: https://docs.joinmastodon.org/methods/admin/email_domain_blocks/#get
        """
        return self._walk(limit, max_id, since_id, min_id)

    async def get(self, block_id: str, /) -> AdminEmailDomainBlock:
        """``GET /api/v1/admin/email_domain_blocks/:id``: one blocked email domain (4.1+).

        Docs: https://docs.joinmastodon.org/methods/admin/email_domain_blocks/#get-one
        """
        return await self._one(block_id)

    async def create(self, domain: str) -> AdminEmailDomainBlock:
        """``POST /api/v1/admin/email_domain_blocks``: refuse sign-ups from an email domain.

        Args:
            domain: The email domain (the part after ``@``).

        Docs: https://docs.joinmastodon.org/methods/admin/email_domain_blocks/#create
        """
        return await self._requester.call(AdminEmailDomainBlock, CREATE, form={"domain": domain})

    async def delete(self, block_id: str, /) -> None:
        """``DELETE /api/v1/admin/email_domain_blocks/:id``: lift an email domain block.

        The server answers with an empty object (as the docs' example shows).

        Docs: https://docs.joinmastodon.org/methods/admin/email_domain_blocks/#delete
        """
        await self._remove(block_id)
