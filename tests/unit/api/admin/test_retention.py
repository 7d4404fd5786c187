"""client.admin.retention: how many of the users who signed up stay active."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from aiomastodon.entities import AdminCohort

from .._helpers import BASE, form_of, method_example, only_request

URL = f"{BASE}/api/v1/admin/retention"


@pytest.mark.parametrize("index", [0, 1, 2])
async def test_get_decodes_the_docs_examples(mocked, client, index):
    example = method_example("admin_retention.create", index)
    mocked.post(URL, payload=example)
    cohorts = await client.admin.retention.get(
        start_at=datetime(2022, 9, 8, tzinfo=timezone.utc),
        end_at=datetime(2022, 9, 14, tzinfo=timezone.utc),
        frequency="month",
    )
    assert all(isinstance(c, AdminCohort) for c in cohorts)
    assert [c.frequency for c in cohorts] == [c["frequency"] for c in example]
    assert [[d.rate for d in c.data] for c in cohorts] == [
        [d["rate"] for d in c["data"]] for c in example
    ]
    assert form_of(only_request(mocked, "POST", URL)) == [
        ("start_at", "2022-09-08T00:00:00+00:00"),
        ("end_at", "2022-09-14T00:00:00+00:00"),
        ("frequency", "month"),
    ]


async def test_get_sends_the_daily_frequency_by_default(mocked, client):
    mocked.post(URL, payload=[])
    await client.admin.retention.get(start_at=date(2022, 9, 1), end_at=date(2022, 9, 14))
    assert form_of(only_request(mocked, "POST", URL)) == [
        ("start_at", "2022-09-01"),
        ("end_at", "2022-09-14"),
        ("frequency", "day"),
    ]
