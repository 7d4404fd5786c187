"""Block email addresses by canonical form.

Docs: https://docs.joinmastodon.org/methods/admin/canonical_email_blocks/
"""

from __future__ import annotations

import builtins

from ..._sansio.request import UNSET, UnsetType
from ..._sansio.routes import route
from ...entities import AdminCanonicalEmailBlock
from ...pagination import Paginator
from ._common import AdminRecords

__all__ = ["AdminCanonicalEmailBlocks"]

LIST = route(
    "GET",
    "/api/v1/admin/canonical_email_blocks",
    "admin.canonical_email_blocks.list",
    paging="link",
    version="4.0.0",
)
GET = route(
    "GET",
    "/api/v1/admin/canonical_email_blocks/:id",
    "admin.canonical_email_blocks.get",
    version="4.0.0",
)
TEST = route(
    "POST",
    "/api/v1/admin/canonical_email_blocks/test",
    "admin.canonical_email_blocks.test",
    version="4.0.0",
    retry_safe=True,  # reads only
)
CREATE = route(
    "POST",
    "/api/v1/admin/canonical_email_blocks",
    "admin.canonical_email_blocks.create",
    version="4.0.0",
)
DELETE = route(
    "DELETE",
    "/api/v1/admin/canonical_email_blocks/:id",
    "admin.canonical_email_blocks.delete",
    version="4.0.0",
)


class AdminCanonicalEmailBlocks(AdminRecords[AdminCanonicalEmailBlock]):
    """``client.admin.canonical_email_blocks``: block sign-ups by canonical email address.

    The canonical form ignores dots and ``+tags`` in the local part, so one block
    catches every spelling of an address. Needs ``admin:read:canonical_email_blocks`` /
    ``admin:write:canonical_email_blocks``.
    """

    __slots__ = ()
    _entity = AdminCanonicalEmailBlock
    _list_route, _get_route, _delete_route = LIST, GET, DELETE

    def list(
        self,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[AdminCanonicalEmailBlock]:
        """``GET /api/v1/admin/canonical_email_blocks``: the blocked canonical addresses.

        Pages through the ``Link`` header.

        Args:
            limit: Blocks per page (default 100, at most 200).

        ``max_id``, ``since_id``, ``min_id``: ``Link`` [cursors][aiomastodon.pagination.Paginator].

        Docs: https://docs.joinmastodon.org/methods/admin/canonical_email_blocks/#get
        """
        return self._walk(limit, max_id, since_id, min_id)

    async def get(self, block_id: str, /) -> AdminCanonicalEmailBlock:
        """``GET /api/v1/admin/canonical_email_blocks/:id``: one block.

        Docs: https://docs.joinmastodon.org/methods/admin/canonical_email_blocks/#get-one
        """
        return await self._one(block_id)

    async def test(self, email: str) -> builtins.list[AdminCanonicalEmailBlock]:
        """``POST /api/v1/admin/canonical_email_blocks/test``: the blocks an address matches.

        Changes nothing; an empty list means the address may sign up.

        Args:
            email: The address to canonicalize, hash and look up.

        Docs: https://docs.joinmastodon.org/methods/admin/canonical_email_blocks/#test
        """
        return await self._requester.call(
            builtins.list[AdminCanonicalEmailBlock], TEST, form={"email": email}
        )

    async def create(
        self,
        email: str | UnsetType = UNSET,
        *,
        canonical_email_hash: str | UnsetType = UNSET,
    ) -> AdminCanonicalEmailBlock:
        """``POST /api/v1/admin/canonical_email_blocks``: block an address in all its spellings.

        Give the address, or the SHA-256 hash of its canonical form.

        Args:
            email: The address to canonicalize, hash and block (the hash is then ignored).
            canonical_email_hash: The hash to block, when no address is given.

        Raises:
            ValueError: Neither ``email`` nor ``canonical_email_hash`` was given.

        Docs: https://docs.joinmastodon.org/methods/admin/canonical_email_blocks/#create
        """
        if isinstance(email, UnsetType) and isinstance(canonical_email_hash, UnsetType):
            raise ValueError("give email or canonical_email_hash")
        form = {"email": email, "canonical_email_hash": canonical_email_hash}
        return await self._requester.call(AdminCanonicalEmailBlock, CREATE, form=form)

    async def delete(self, block_id: str, /) -> None:
        """``DELETE /api/v1/admin/canonical_email_blocks/:id``: lift a block.

        The server answers with an empty object (as the docs' example shows).

        Docs: https://docs.joinmastodon.org/methods/admin/canonical_email_blocks/#delete
        """
        await self._remove(block_id)
