"""Block IP address ranges.

Docs: https://docs.joinmastodon.org/methods/admin/ip_blocks/
"""

from __future__ import annotations

from ..._sansio.request import UNSET, UnsetType
from ..._sansio.routes import route
from ...entities import AdminIpBlock
from ...pagination import Paginator
from ..enums import IpBlockSeverity, Raw
from ._common import AdminRecords

__all__ = ["AdminIpBlocks"]

LIST = route(
    "GET", "/api/v1/admin/ip_blocks", "admin.ip_blocks.list", paging="link", version="4.0.0"
)
GET = route("GET", "/api/v1/admin/ip_blocks/:id", "admin.ip_blocks.get", version="4.0.0")
CREATE = route("POST", "/api/v1/admin/ip_blocks", "admin.ip_blocks.create", version="4.0.0")
UPDATE = route("PUT", "/api/v1/admin/ip_blocks/:id", "admin.ip_blocks.update", version="4.0.0")
DELETE = route("DELETE", "/api/v1/admin/ip_blocks/:id", "admin.ip_blocks.delete", version="4.0.0")


class AdminIpBlocks(AdminRecords[AdminIpBlock]):
    """``client.admin.ip_blocks``: restrict sign-ups or access from IP ranges.

    Needs ``admin:read:ip_blocks`` / ``admin:write:ip_blocks``.
    """

    __slots__ = ()
    _entity = AdminIpBlock
    _list_route, _get_route, _delete_route = LIST, GET, DELETE

    def list(
        self,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[AdminIpBlock]:
        """``GET /api/v1/admin/ip_blocks``: the IP blocks.

        Pages through the ``Link`` header.

        Args:
            limit: Blocks per page (default 100, at most 200).

        ``max_id``, ``since_id``, ``min_id``: ``Link`` [cursors][aiomastodon.pagination.Paginator].

        Docs: https://docs.joinmastodon.org/methods/admin/ip_blocks/#get
        """
        return self._walk(limit, max_id, since_id, min_id)

    async def get(self, block_id: str, /) -> AdminIpBlock:
        """``GET /api/v1/admin/ip_blocks/:id``: one IP block.

        Docs: https://docs.joinmastodon.org/methods/admin/ip_blocks/#get-one
        """
        return await self._one(block_id)

    async def create(
        self,
        ip: str,
        *,
        severity: IpBlockSeverity | Raw,
        comment: str | UnsetType = UNSET,
        expires_in: int | UnsetType = UNSET,
    ) -> AdminIpBlock:
        """``POST /api/v1/admin/ip_blocks``: block an IP address or range.

        Args:
            ip: An address or CIDR range, e.g. ``192.0.2.0/24``.
            severity: ``sign_up_requires_approval``, ``sign_up_block`` or ``no_access``.
            comment: Why, for the moderators.
            expires_in: Seconds until the block lifts; without it, it never does.

        Docs: https://docs.joinmastodon.org/methods/admin/ip_blocks/#create
        """
        form = {"ip": ip, "severity": severity, "comment": comment, "expires_in": expires_in}
        return await self._requester.call(AdminIpBlock, CREATE, form=form)

    async def update(
        self,
        block_id: str,
        /,
        *,
        ip: str | UnsetType = UNSET,
        severity: IpBlockSeverity | Raw | UnsetType = UNSET,
        comment: str | UnsetType = UNSET,
        expires_in: int | UnsetType = UNSET,
    ) -> AdminIpBlock:
        """``PUT /api/v1/admin/ip_blocks/:id``: change an IP block.

        Only the arguments given are changed.

        Args:
            ip: An address or CIDR range.
            severity: ``sign_up_requires_approval``, ``sign_up_block`` or ``no_access``.
            comment: Why, for the moderators.
            expires_in: Seconds from now until the block lifts.

        Docs: https://docs.joinmastodon.org/methods/admin/ip_blocks/#update
        """
        form = {"ip": ip, "severity": severity, "comment": comment, "expires_in": expires_in}
        return await self._requester.call(AdminIpBlock, UPDATE, block_id, form=form)

    async def delete(self, block_id: str, /) -> None:
        """``DELETE /api/v1/admin/ip_blocks/:id``: lift an IP block.

        The server answers with an empty object (as the docs' example shows).

        Docs: https://docs.joinmastodon.org/methods/admin/ip_blocks/#delete
        """
        await self._remove(block_id)
