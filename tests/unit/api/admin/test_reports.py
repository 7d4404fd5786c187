"""client.admin.reports: read, triage and close reports."""

from __future__ import annotations

import pytest

from aiomastodon.entities import AdminAccount, AdminReport

from .._helpers import (
    BASE,
    assert_walks_link_pages,
    form_of,
    method_example,
    no_body,
    only_request,
)
from ._payloads import admin_report, admin_report_from, report_example

URL = f"{BASE}/api/v1/admin/reports"


async def test_list_sends_the_filters_and_follows_the_link_header(mocked, client):
    walk = client.admin.reports.list(resolved=False, account_id="5", target_account_id="6", limit=2)
    first = f"{URL}?resolved=false&account_id=5&target_account_id=6&limit=2"
    await assert_walks_link_pages(mocked, walk, first, admin_report, AdminReport)


async def test_list_decodes_the_docs_example(mocked, client):
    example = method_example("admin_reports.get")
    mocked.get(f"{URL}?resolved=true", payload=[admin_report_from(r) for r in example])
    reports = await client.admin.reports.list(resolved=True).collect()
    assert [r.id for r in reports] == [r["id"] for r in example]
    assert isinstance(reports[0], AdminReport)
    assert isinstance(reports[0].target_account, AdminAccount)
    assert reports[0].target_account.email == example[0]["target_account"]["email"]
    assert reports[0].category == example[0]["category"]
    no_body(only_request(mocked, "GET", f"{URL}?resolved=true"))


async def test_get(mocked, client):
    payload = report_example("admin_reports.get-one")
    url = f"{URL}/{payload['id']}"
    mocked.get(url, payload=payload)
    report = await client.admin.reports.get(payload["id"])
    assert isinstance(report, AdminReport)
    assert report.id == payload["id"]
    assert report.account.username == payload["account"]["username"]
    no_body(only_request(mocked, "GET", url))


async def test_update(mocked, client):
    payload = report_example("admin_reports.update")
    url = f"{URL}/{payload['id']}"
    mocked.put(url, payload=payload)
    report = await client.admin.reports.update(payload["id"], category="violation", rule_ids=[1, 4])
    assert isinstance(report, AdminReport)
    assert report.category == payload["category"]
    assert form_of(only_request(mocked, "PUT", url)) == [
        ("category", "violation"),
        ("rule_ids[]", "1"),
        ("rule_ids[]", "4"),
    ]


async def test_update_with_the_category_only(mocked, client):
    url = f"{URL}/3"
    mocked.put(url, payload=admin_report("3"))
    await client.admin.reports.update("3", category="spam")
    assert form_of(only_request(mocked, "PUT", url)) == [("category", "spam")]


@pytest.mark.parametrize(
    ("verb", "example"),
    [
        ("assign_to_self", "admin_reports.assign_to_self"),
        ("unassign", "admin_reports.unassign"),
        ("resolve", "admin_reports.resolve"),
        ("reopen", "admin_reports.reopen"),
    ],
)
async def test_triage(mocked, client, verb, example):
    payload = report_example(example)
    url = f"{URL}/{payload['id']}/{verb}"
    mocked.post(url, payload=payload)
    report = await getattr(client.admin.reports, verb)(payload["id"])
    assert isinstance(report, AdminReport)
    assert report.id == payload["id"]
    assert report.action_taken is payload["action_taken"]
    no_body(only_request(mocked, "POST", url))


async def test_assign_to_self_decodes_the_assignee(mocked, client):
    payload = report_example("admin_reports.assign_to_self")
    mocked.post(f"{URL}/{payload['id']}/assign_to_self", payload=payload)
    report = await client.admin.reports.assign_to_self(payload["id"])
    assert isinstance(report.assigned_account, AdminAccount)
    assert report.assigned_account.id == payload["assigned_account"]["id"]
