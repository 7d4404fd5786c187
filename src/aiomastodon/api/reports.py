"""Reports: tell the moderators about an account or its statuses.

Docs: https://docs.joinmastodon.org/methods/reports/
"""

from __future__ import annotations

import builtins
import warnings

from .._sansio.request import UNSET, UnsetType, as_array
from .._sansio.routes import route
from ..entities import Report
from ._base import Namespace
from .enums import OneOrMany, Raw, ReportCategory

__all__ = ["Reports"]

CREATE = route("POST", "/api/v1/reports", "reports.create", version="1.1.0")
LIST = route(
    "GET",
    "/api/v1/reports",
    "reports.list",
    version="1.1.0",
    deprecated="no longer exists on current Mastodon servers; there is no replacement "
    "for users (moderators have admin.reports)",
    legacy=True,
)


class Reports(Namespace):
    """``client.reports``: report accounts and statuses to the moderators."""

    __slots__ = ()

    async def create(
        self,
        account_id: str,
        *,
        status_ids: OneOrMany[str] | UnsetType = UNSET,
        collection_ids: OneOrMany[str] | UnsetType = UNSET,
        comment: str | UnsetType = UNSET,
        forward: bool | UnsetType = UNSET,
        category: ReportCategory | Raw | UnsetType = UNSET,
        rule_ids: OneOrMany[str] | UnsetType = UNSET,
    ) -> Report:
        """``POST /api/v1/reports``: report an account.

        Args:
            account_id: The account to report.
            status_ids: Its statuses that show the problem (``status_ids[]``).
            collection_ids: Its collections that show the problem (``collection_ids[]``;
                Mastodon 4.6+).
            comment: Why, for the moderators (at most 1000 characters).
            forward: Also send the report to the account's server, if remote.
            category: ``spam``, ``legal``, ``violation`` (then give ``rule_ids``) or
                ``other`` (the default).
            rule_ids: The server rules broken, for ``violation`` (``rule_ids[]``).

        Docs: https://docs.joinmastodon.org/methods/reports/#post
        """
        form = {
            "account_id": account_id,
            "status_ids": as_array(status_ids),
            "collection_ids": as_array(collection_ids),
            "comment": comment,
            "forward": forward,
            "category": category,
            "rule_ids": as_array(rule_ids),
        }
        return await self._requester.call(Report, CREATE, form=form)

    async def list(self) -> builtins.list[Report]:
        """``GET /api/v1/reports``: the reports you filed (legacy).

        Gone from current Mastodon servers, which answer 404; only very old servers
        have it, and it never told much.

        Docs: https://docs.joinmastodon.org/methods/reports/
        """
        warnings.warn(
            "GET /api/v1/reports no longer exists on current Mastodon servers",
            DeprecationWarning,
            stacklevel=2,
        )
        return await self._requester.call(builtins.list[Report], LIST)
