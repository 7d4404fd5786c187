"""Annual reports (Wrapstodon).

Docs: https://docs.joinmastodon.org/methods/annual_reports/
"""

from __future__ import annotations

from .._sansio.routes import route
from ..entities import Entity, WrappedAnnualReports
from ._base import Namespace

__all__ = ["AnnualReportState", "AnnualReports"]

LIST = route("GET", "/api/v1/annual_reports", "annual_reports.list", version="4.3.0")
GET = route("GET", "/api/v1/annual_reports/:year", "annual_reports.get", version="4.4.0")
STATE = route("GET", "/api/v1/annual_reports/:year/state", "annual_reports.state", version="4.6.0")
READ = route(
    "POST",
    "/api/v1/annual_reports/:year/read",
    "annual_reports.read",
    version="4.3.0",
    retry_safe=True,
)
GENERATE = route(
    "POST", "/api/v1/annual_reports/:year/generate", "annual_reports.generate", version="4.6.0"
)


class AnnualReportState(Entity, frozen=True, kw_only=True):
    """What [`AnnualReports.state`][aiomastodon.api.annual_reports.AnnualReports.state] answers.

    Attributes:
        state: ``available`` (read it with
            [`AnnualReports.get`][aiomastodon.api.annual_reports.AnnualReports.get]),
            ``generating``, ``eligible`` (call
            [`AnnualReports.generate`][aiomastodon.api.annual_reports.AnnualReports.generate]) or
            ``ineligible``.
    """

    state: str


class AnnualReports(Namespace):
    """``client.annual_reports``: your yearly summaries ("Wrapstodon")."""

    __slots__ = ()

    async def list(self) -> WrappedAnnualReports:
        """``GET /api/v1/annual_reports``: all your annual reports.

        The accounts and statuses the reports refer to come along in the answer.

        Docs: https://docs.joinmastodon.org/methods/annual_reports/#index
        """
        return await self._requester.call(WrappedAnnualReports, LIST)

    async def get(self, year: int | str, /) -> WrappedAnnualReports:
        """``GET /api/v1/annual_reports/:year``: your report for one year (Mastodon 4.4+).

        Args:
            year: The year, e.g. ``2025``.

        Docs: https://docs.joinmastodon.org/methods/annual_reports/#get
        """
        return await self._requester.call(WrappedAnnualReports, GET, str(year))

    async def state(self, year: int | str, /) -> AnnualReportState:
        """``GET /api/v1/annual_reports/:year/state``: whether a year's report exists yet.

        Mastodon 4.6+.

        Args:
            year: The year, e.g. ``2025``.

        Docs: https://docs.joinmastodon.org/methods/annual_reports/#get-state
        """
        return await self._requester.call(AnnualReportState, STATE, str(year))

    async def read(self, year: int | str, /) -> None:
        """``POST /api/v1/annual_reports/:year/read``: mark a year's report as read.

        Args:
            year: The year, e.g. ``2025``.

        Docs: https://docs.joinmastodon.org/methods/annual_reports/#read
        """
        await self._requester.send(READ, str(year))

    async def generate(self, year: int | str, /) -> None:
        """``POST /api/v1/annual_reports/:year/generate``: start making a year's report.

        Mastodon 4.6+. The server answers at once (202) and works in the background;
        poll [`state`][aiomastodon.api.annual_reports.AnnualReports.state] until it says
        ``available``.

        Args:
            year: The year, e.g. ``2025``.

        Docs: https://docs.joinmastodon.org/methods/annual_reports/#generate
        """
        await self._requester.send(GENERATE, str(year))
