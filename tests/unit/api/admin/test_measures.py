"""client.admin.measures: counts over time."""

from __future__ import annotations

from datetime import date, datetime, timezone

from aiomastodon.entities import AdminMeasure

from .._helpers import BASE, form_of, method_example, only_request

URL = f"{BASE}/api/v1/admin/measures"


async def test_get_with_every_parameter(mocked, client):
    example = method_example("admin_measures.get")
    mocked.post(URL, payload=example)
    measures = await client.admin.measures.get(
        ["active_users", "tag_uses", "instance_statuses"],
        start_at=datetime(2022, 9, 14, tzinfo=timezone.utc),
        end_at=datetime(2022, 9, 15, tzinfo=timezone.utc),
        tag_accounts_id="1",
        tag_uses_id="2",
        tag_servers_id="3",
        instance_accounts_domain="a.example",
        instance_media_attachments_domain="b.example",
        instance_reports_domain="c.example",
        instance_statuses_domain="d.example",
        instance_follows_domain="e.example",
        instance_followers_domain="f.example",
    )
    assert [m.key for m in measures] == [m["key"] for m in example]
    assert all(isinstance(m, AdminMeasure) for m in measures)
    assert measures[0].total == example[0]["total"]
    assert measures[0].data[0].value == example[0]["data"][0]["value"]
    assert isinstance(measures[0].data[0].date, datetime)
    assert form_of(only_request(mocked, "POST", URL)) == [
        ("keys[]", "active_users"),
        ("keys[]", "tag_uses"),
        ("keys[]", "instance_statuses"),
        ("start_at", "2022-09-14T00:00:00+00:00"),
        ("end_at", "2022-09-15T00:00:00+00:00"),
        ("tag_accounts[id]", "1"),
        ("tag_uses[id]", "2"),
        ("tag_servers[id]", "3"),
        ("instance_accounts[domain]", "a.example"),
        ("instance_media_attachments[domain]", "b.example"),
        ("instance_reports[domain]", "c.example"),
        ("instance_statuses[domain]", "d.example"),
        ("instance_follows[domain]", "e.example"),
        ("instance_followers[domain]", "f.example"),
    ]


async def test_get_with_dates(mocked, client):
    mocked.post(URL, payload=[])
    measures = await client.admin.measures.get(
        ["new_users"], start_at=date(2022, 9, 1), end_at=date(2022, 9, 30)
    )
    assert measures == []
    assert form_of(only_request(mocked, "POST", URL)) == [
        ("keys[]", "new_users"),
        ("start_at", "2022-09-01"),
        ("end_at", "2022-09-30"),
    ]
