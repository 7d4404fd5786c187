"""client.followed_tags: the hashtags you follow."""

from __future__ import annotations

from aiomastodon.entities import Tag

from ._helpers import (
    BASE,
    assert_walks_link_pages,
    link,
    method_example,
    no_body,
    only_request,
    sent_nothing_else,
)

URL = f"{BASE}/api/v1/followed_tags"


def _tag(tag_id: str) -> dict[str, object]:
    return {**method_example("followed_tags.get")[0], "id": tag_id, "name": f"tag{tag_id}"}


async def test_list_follows_the_link_header(mocked, client):
    tags = await assert_walks_link_pages(
        mocked, client.followed_tags.list(limit=2), f"{URL}?limit=2", _tag, Tag
    )
    assert [t.name for t in tags] == ["tag11", "tag12", "tag13"]
    assert all(t.following for t in tags)


async def test_list_query_and_the_docs_example(mocked, client):
    url = f"{URL}?limit=1&max_id=9&since_id=3"
    payload = method_example("followed_tags.get")
    mocked.get(url, payload=payload)
    found = await client.followed_tags.list(limit=1, max_id="9", since_id="3").collect()
    assert [(t.id, t.name) for t in found] == [(t["id"], t["name"]) for t in payload]
    # No Link header: the hidden cursors cannot be guessed, so the walk ends here.
    no_body(only_request(mocked, "GET", url))
    sent_nothing_else(mocked, ("GET", url))


async def test_list_walks_newer_from_min_id(mocked, client):
    first = f"{URL}?min_id=5"
    newer = f"{URL}?min_id=9200"
    mocked.get(first, payload=[_tag("21"), _tag("20")], headers=link(prev=newer))
    mocked.get(newer, payload=[])
    found = [t.id async for t in client.followed_tags.list(min_id="5")]
    assert found == ["20", "21"]
    sent_nothing_else(mocked, ("GET", first), ("GET", newer))
