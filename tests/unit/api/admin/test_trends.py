"""client.admin.trends: trends, including what no one has reviewed yet."""

from __future__ import annotations

from aiomastodon.entities import AdminTag, Status, TrendsLink

from .._helpers import BASE, method_example, no_body, only_request, status

URL = f"{BASE}/api/v1/admin/trends"


async def test_links(mocked, client):
    example = method_example("admin_trends.links")
    mocked.get(f"{URL}/links", payload=example)
    links = await client.admin.trends.links()
    assert [link.url for link in links] == [link["url"] for link in example]
    assert all(isinstance(link, TrendsLink) for link in links)
    assert [h.uses for h in links[0].history] == [h["uses"] for h in example[0]["history"]]
    no_body(only_request(mocked, "GET", f"{URL}/links"))


async def test_statuses(mocked, client):
    # The docs' example is abridged: each status is completed from the Status example.
    example = method_example("admin_trends.statuses")
    payload = [{**status(s["id"]), **s, "account": status(s["id"])["account"]} for s in example]
    mocked.get(f"{URL}/statuses", payload=payload)
    statuses = await client.admin.trends.statuses()
    assert [s.id for s in statuses] == [s["id"] for s in example]
    assert all(isinstance(s, Status) for s in statuses)
    no_body(only_request(mocked, "GET", f"{URL}/statuses"))


async def test_tags(mocked, client):
    example = method_example("admin_trends.tags")
    mocked.get(f"{URL}/tags", payload=example)
    tags = await client.admin.trends.tags()
    assert [t.name for t in tags] == [t["name"] for t in example]
    assert all(isinstance(t, AdminTag) for t in tags)
    assert (tags[0].trendable, tags[0].usable, tags[0].requires_review) == (
        example[0]["trendable"],
        example[0]["usable"],
        example[0]["requires_review"],
    )
    no_body(only_request(mocked, "GET", f"{URL}/tags"))


async def test_tags_from_mastodon_4_0_decode_without_the_review_fields(mocked, client):
    # 4.0.0 sent Tag, not Admin::Tag, by mistake: the review fields are missing.
    plain = dict(method_example("admin_trends.tags")[0])
    for key in ("trendable", "usable", "requires_review"):
        del plain[key]
    mocked.get(f"{URL}/tags", payload=[plain])
    tags = await client.admin.trends.tags()
    assert isinstance(tags[0], AdminTag)
    assert tags[0].name == plain["name"]
    assert (tags[0].trendable, tags[0].usable, tags[0].requires_review) == (False, False, False)
