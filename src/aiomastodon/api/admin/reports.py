"""Handle reports.

Docs: https://docs.joinmastodon.org/methods/admin/reports/
"""

from __future__ import annotations

from ..._sansio.request import UNSET, UnsetType, as_array
from ..._sansio.routes import route
from ...entities import AdminReport
from ...pagination import Paginator
from .._base import Namespace, cursor_query
from ..enums import OneOrMany, Raw, ReportCategory

__all__ = ["AdminReports"]

LIST = route("GET", "/api/v1/admin/reports", "admin.reports.list", paging="link", version="2.9.1")
GET = route("GET", "/api/v1/admin/reports/:id", "admin.reports.get", version="2.9.1")
UPDATE = route("PUT", "/api/v1/admin/reports/:id", "admin.reports.update", version="3.5.0")
ASSIGN_TO_SELF = route(
    "POST",
    "/api/v1/admin/reports/:id/assign_to_self",
    "admin.reports.assign_to_self",
    version="2.9.1",
    retry_safe=True,
)
UNASSIGN = route(
    "POST",
    "/api/v1/admin/reports/:id/unassign",
    "admin.reports.unassign",
    version="2.9.1",
    retry_safe=True,
)
RESOLVE = route(
    "POST",
    "/api/v1/admin/reports/:id/resolve",
    "admin.reports.resolve",
    version="2.9.1",
    retry_safe=True,
)
REOPEN = route(
    "POST",
    "/api/v1/admin/reports/:id/reopen",
    "admin.reports.reopen",
    version="2.9.1",
    retry_safe=True,
)


class AdminReports(Namespace):
    """``client.admin.reports``: read, triage and close reports.

    Needs a token with ``admin:read:reports`` / ``admin:write:reports`` of a user whose
    role may manage reports.
    """

    __slots__ = ()

    def list(
        self,
        *,
        resolved: bool | UnsetType = UNSET,
        account_id: str | UnsetType = UNSET,
        target_account_id: str | UnsetType = UNSET,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[AdminReport]:
        """``GET /api/v1/admin/reports``: reports, open ones unless ``resolved``.

        Pages through the ``Link`` header (the cursors are report ids the server
        hands out; follow the links rather than building them).

        Args:
            resolved: ``True`` for resolved reports only (the default is open ones).
            account_id: Only reports filed by this account.
            target_account_id: Only reports about this account.
            limit: Reports per page (default 100, at most 200).

        ``max_id``, ``since_id``, ``min_id``: ``Link`` [cursors][aiomastodon.pagination.Paginator].

        Docs: https://docs.joinmastodon.org/methods/admin/reports/#get
        """
        query = {
            "resolved": resolved,
            "account_id": account_id,
            "target_account_id": target_account_id,
            **cursor_query(limit, max_id, since_id, min_id),
        }
        return Paginator(self._requester, LIST, AdminReport, query=query)

    async def get(self, report_id: str, /) -> AdminReport:
        """``GET /api/v1/admin/reports/:id``: one report.

        Docs: https://docs.joinmastodon.org/methods/admin/reports/#get-one
        """
        return await self._requester.call(AdminReport, GET, report_id)

    async def update(
        self,
        report_id: str,
        /,
        *,
        category: ReportCategory | Raw | UnsetType = UNSET,
        rule_ids: OneOrMany[int] | UnsetType = UNSET,
    ) -> AdminReport:
        """``PUT /api/v1/admin/reports/:id``: change a report's category or broken rules.

        Args:
            category: ``spam``, ``legal``, ``violation`` or ``other``.
            rule_ids: The ids of the rules broken, for a ``violation`` (``rule_ids[]``).

        Docs: https://docs.joinmastodon.org/methods/admin/reports/#update
        """
        form = {"category": category, "rule_ids": as_array(rule_ids)}
        return await self._requester.call(AdminReport, UPDATE, report_id, form=form)

    async def assign_to_self(self, report_id: str, /) -> AdminReport:
        """``POST /api/v1/admin/reports/:id/assign_to_self``: take a report on.

        Docs: https://docs.joinmastodon.org/methods/admin/reports/#assign_to_self
        """
        return await self._requester.call(AdminReport, ASSIGN_TO_SELF, report_id)

    async def unassign(self, report_id: str, /) -> AdminReport:
        """``POST /api/v1/admin/reports/:id/unassign``: leave a report to someone else.

        Docs: https://docs.joinmastodon.org/methods/admin/reports/#unassign
        """
        return await self._requester.call(AdminReport, UNASSIGN, report_id)

    async def resolve(self, report_id: str, /) -> AdminReport:
        """``POST /api/v1/admin/reports/:id/resolve``: close a report without acting.

        To act on the reported account as well, call
        ``client.admin.accounts.moderate(account_id, ..., report_id=report_id)``.

        Docs: https://docs.joinmastodon.org/methods/admin/reports/#resolve
        """
        return await self._requester.call(AdminReport, RESOLVE, report_id)

    async def reopen(self, report_id: str, /) -> AdminReport:
        """``POST /api/v1/admin/reports/:id/reopen``: reopen a closed report.

        Docs: https://docs.joinmastodon.org/methods/admin/reports/#reopen
        """
        return await self._requester.call(AdminReport, REOPEN, report_id)
