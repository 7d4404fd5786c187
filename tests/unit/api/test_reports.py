"""client.reports: report accounts to the moderators."""

from __future__ import annotations

import pytest

from aiomastodon.entities import Report

from ._helpers import BASE, entity_example, form_of, method_example, no_body, only_request

URL = f"{BASE}/api/v1/reports"


async def test_create(mocked, client):
    payload = method_example("reports.post")
    mocked.post(URL, payload=payload)
    report = await client.reports.create(
        "108366849347798387",
        status_ids=["108882889550545820", "108882889550545821"],
        comment="Spam account",
        forward=True,
        category="violation",
        rule_ids=("1", "3"),
    )
    assert isinstance(report, Report)
    assert report.id == payload["id"]
    assert report.target_account.id == payload["target_account"]["id"]
    assert form_of(only_request(mocked, "POST", URL)) == [
        ("account_id", "108366849347798387"),
        ("status_ids[]", "108882889550545820"),
        ("status_ids[]", "108882889550545821"),
        ("comment", "Spam account"),
        ("forward", "true"),
        ("category", "violation"),
        ("rule_ids[]", "1"),
        ("rule_ids[]", "3"),
    ]


async def test_create_with_the_account_only(mocked, client):
    mocked.post(URL, payload=method_example("reports.post"))
    await client.reports.create("1")
    assert form_of(only_request(mocked, "POST", URL)) == [("account_id", "1")]


async def test_list_is_legacy(mocked, client):
    mocked.get(URL, payload=[entity_example("Report")])
    with pytest.warns(DeprecationWarning, match="no longer exists"):
        reports = await client.reports.list()
    assert [r.id for r in reports] == [entity_example("Report")["id"]]
    assert isinstance(reports[0], Report)
    no_body(only_request(mocked, "GET", URL))
