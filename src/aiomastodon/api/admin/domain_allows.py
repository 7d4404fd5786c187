"""Allow domains (limited federation mode).

Docs: https://docs.joinmastodon.org/methods/admin/domain_allows/
"""

from __future__ import annotations

from ..._sansio.request import UNSET, UnsetType
from ..._sansio.routes import route
from ...entities import AdminDomainAllow
from ...pagination import Paginator
from ._common import AdminRecords, call_or_none

__all__ = ["AdminDomainAllows"]

LIST = route(
    "GET", "/api/v1/admin/domain_allows", "admin.domain_allows.list", paging="link", version="4.0.0"
)
GET = route("GET", "/api/v1/admin/domain_allows/:id", "admin.domain_allows.get", version="4.0.0")
CREATE = route("POST", "/api/v1/admin/domain_allows", "admin.domain_allows.create", version="4.0.0")
DELETE = route(
    "DELETE", "/api/v1/admin/domain_allows/:id", "admin.domain_allows.delete", version="4.0.0"
)


class AdminDomainAllows(AdminRecords[AdminDomainAllow]):
    """``client.admin.domain_allows``: the domains a server in limited federation mode talks to.

    Needs ``admin:read:domain_allows`` / ``admin:write:domain_allows``.
    """

    __slots__ = ()
    _entity = AdminDomainAllow
    _list_route, _get_route, _delete_route = LIST, GET, DELETE

    def list(
        self,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[AdminDomainAllow]:
        """``GET /api/v1/admin/domain_allows``: the allowed domains.

        Pages through the ``Link`` header.

        Args:
            limit: Domains per page (default 100, at most 200).

        ``max_id``, ``since_id``, ``min_id``: ``Link`` [cursors][aiomastodon.pagination.Paginator].

        Docs: https://docs.joinmastodon.org/methods/admin/domain_allows/#get
        """
        return self._walk(limit, max_id, since_id, min_id)

    async def get(self, allow_id: str, /) -> AdminDomainAllow:
        """``GET /api/v1/admin/domain_allows/:id``: one allowed domain.

        Docs: https://docs.joinmastodon.org/methods/admin/domain_allows/#get-one
        """
        return await self._one(allow_id)

    async def create(self, domain: str) -> AdminDomainAllow:
        """``POST /api/v1/admin/domain_allows``: allow federation with a domain.

        Allowing a domain that is already allowed returns the existing entry.

        Args:
            domain: The domain to allow.

        Docs: https://docs.joinmastodon.org/methods/admin/domain_allows/#create
        """
        return await self._requester.call(AdminDomainAllow, CREATE, form={"domain": domain})

    async def delete(self, allow_id: str, /) -> AdminDomainAllow | None:
        """``DELETE /api/v1/admin/domain_allows/:id``: stop allowing a domain.

        Returns the removed entry, or ``None`` from servers that answer with an empty
        object (current Mastodon does; the docs show the entry).

        Docs: https://docs.joinmastodon.org/methods/admin/domain_allows/#delete
        """
        return await call_or_none(self._requester, AdminDomainAllow, DELETE, allow_id)
