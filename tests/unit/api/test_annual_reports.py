"""client.annual_reports: your yearly summaries."""

from __future__ import annotations

import pytest

from aiomastodon.api.annual_reports import AnnualReportState
from aiomastodon.entities import AnnualReport, WrappedAnnualReports

from ._helpers import BASE, method_example, no_body, only_request

URL = f"{BASE}/api/v1/annual_reports"


async def test_list(mocked, client):
    payload = method_example("annual_reports.index")
    mocked.get(URL, payload=payload)
    got = await client.annual_reports.list()
    assert isinstance(got, WrappedAnnualReports)
    assert all(isinstance(r, AnnualReport) for r in got.annual_reports)
    assert [r.year for r in got.annual_reports] == [r["year"] for r in payload["annual_reports"]]
    no_body(only_request(mocked, "GET", URL))


@pytest.mark.parametrize("year", [2025, "2025"])
async def test_get(mocked, client, year):
    url = f"{URL}/2025"
    payload = method_example("annual_reports.get")
    mocked.get(url, payload=payload)
    got = await client.annual_reports.get(year)
    assert isinstance(got, WrappedAnnualReports)
    report = got.annual_reports[0]
    assert (report.year, report.schema_version, report.account_id) == (2025, 2, "55911")
    assert report.data is not None
    assert report.data.archetype == "oracle"
    no_body(only_request(mocked, "GET", url))


async def test_state(mocked, client):
    url = f"{URL}/2025/state"
    mocked.get(url, payload=method_example("annual_reports.get-state"))
    assert await client.annual_reports.state(2025) == AnnualReportState(state="available")
    no_body(only_request(mocked, "GET", url))


async def test_read(mocked, client):
    url = f"{URL}/2025/read"
    mocked.post(url, payload={})
    assert await client.annual_reports.read(2025) is None
    no_body(only_request(mocked, "POST", url))


async def test_generate_accepted(mocked, client):
    url = f"{URL}/2025/generate"
    mocked.post(url, status=202, body="")
    assert await client.annual_reports.generate(2025) is None
    no_body(only_request(mocked, "POST", url))
