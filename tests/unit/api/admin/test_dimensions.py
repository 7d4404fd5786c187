"""client.admin.dimensions: breakdowns (languages, servers, software, space used)."""

from __future__ import annotations

from datetime import date, datetime, timezone

from aiomastodon.entities import AdminDimension

from .._helpers import BASE, form_of, method_example, only_request

URL = f"{BASE}/api/v1/admin/dimensions"


async def test_get_with_every_parameter(mocked, client):
    example = method_example("admin_dimensions.get")
    mocked.post(URL, payload=example)
    dimensions = await client.admin.dimensions.get(
        ["languages", "tag_servers", "instance_accounts"],
        start_at=datetime(2022, 9, 14, tzinfo=timezone.utc),
        end_at=datetime(2022, 9, 15, 12, 30, tzinfo=timezone.utc),
        limit=5,
        tag_servers_id="802",
        tag_languages_id="803",
        instance_accounts_domain="mastodon.social",
        instance_languages_domain="example.org",
    )
    assert [d.key for d in dimensions] == [d["key"] for d in example]
    assert all(isinstance(d, AdminDimension) for d in dimensions)
    assert [len(d.data) for d in dimensions] == [len(d["data"]) for d in example]
    assert form_of(only_request(mocked, "POST", URL)) == [
        ("keys[]", "languages"),
        ("keys[]", "tag_servers"),
        ("keys[]", "instance_accounts"),
        ("start_at", "2022-09-14T00:00:00+00:00"),
        ("end_at", "2022-09-15T12:30:00+00:00"),
        ("limit", "5"),
        ("tag_servers[id]", "802"),
        ("tag_languages[id]", "803"),
        ("instance_accounts[domain]", "mastodon.social"),
        ("instance_languages[domain]", "example.org"),
    ]


async def test_get_with_the_keys_only(mocked, client):
    mocked.post(URL, payload=[])
    assert await client.admin.dimensions.get(("sources",)) == []
    assert form_of(only_request(mocked, "POST", URL)) == [("keys[]", "sources")]


async def test_a_lone_key_is_still_sent_as_an_array(mocked, client):
    mocked.post(URL, payload=[])
    await client.admin.dimensions.get("servers", start_at=date(2022, 9, 1))
    assert form_of(only_request(mocked, "POST", URL)) == [
        ("keys[]", "servers"),
        ("start_at", "2022-09-01"),
    ]
