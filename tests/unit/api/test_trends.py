"""client.trends: trending hashtags, statuses and links, paged by offset."""

from __future__ import annotations

import pytest

from aiomastodon import Paginator
from aiomastodon.entities import Status, Tag, TrendsLink

from ._helpers import (
    BASE,
    method_example,
    no_body,
    only_request,
    sent_nothing_else,
    status,
    with_params,
)


def _tag(name: str) -> dict[str, object]:
    return {**method_example("trends.tags")[0], "name": name, "id": name}


def _link(url: str) -> dict[str, object]:
    return {**method_example("trends.links")[0], "url": url}


async def test_tags_pages_by_offset(mocked, client):
    first = f"{BASE}/api/v1/trends/tags?limit=2"
    second = with_params(first, offset="2")
    third = with_params(first, offset="3")
    mocked.get(first, payload=[_tag("a"), _tag("b")])
    mocked.get(second, payload=[_tag("c")])
    mocked.get(third, payload=[])
    walk = client.trends.tags(limit=2)
    assert isinstance(walk, Paginator)
    tags = [t async for t in walk]
    assert all(isinstance(t, Tag) for t in tags)
    assert [t.name for t in tags] == ["a", "b", "c"]
    for url in (first, second, third):
        no_body(only_request(mocked, "GET", url))
    sent_nothing_else(mocked, ("GET", first), ("GET", second), ("GET", third))


async def test_tags_decode_the_docs_example(mocked, client):
    url = f"{BASE}/api/v1/trends/tags"
    payload = method_example("trends.tags")
    mocked.get(url, payload=payload)
    tags = await client.trends.tags().take(len(payload)).collect()
    assert [t.name for t in tags] == [t["name"] for t in payload]
    assert tags[0].history[0].uses == payload[0]["history"][0]["uses"]
    sent_nothing_else(mocked, ("GET", url))


async def test_tags_alias_is_deprecated(mocked, client):
    first = f"{BASE}/api/v1/trends?limit=1&offset=5"
    second = f"{BASE}/api/v1/trends?limit=1&offset=6"
    mocked.get(first, payload=[_tag("a")])
    mocked.get(second, payload=[])
    with pytest.warns(DeprecationWarning, match=r"client\.trends\.tags\(\)"):
        walk = client.trends.tags_alias(limit=1, offset=5)
    assert [t.name async for t in walk] == ["a"]
    only_request(mocked, "GET", first)
    sent_nothing_else(mocked, ("GET", first), ("GET", second))


async def test_statuses_pages_by_offset(mocked, client):
    first = f"{BASE}/api/v1/trends/statuses?limit=2&offset=4"
    second = f"{BASE}/api/v1/trends/statuses?limit=2&offset=6"
    third = f"{BASE}/api/v1/trends/statuses?limit=2&offset=7"
    mocked.get(first, payload=[status("1"), status("2")])
    mocked.get(second, payload=[status("3")])
    mocked.get(third, payload=[])
    found = await client.trends.statuses(limit=2, offset=4).collect()
    assert all(isinstance(s, Status) for s in found)
    assert [s.id for s in found] == ["1", "2", "3"]
    for url in (first, second, third):
        only_request(mocked, "GET", url)
    sent_nothing_else(mocked, ("GET", first), ("GET", second), ("GET", third))


async def test_links_pages_by_offset(mocked, client):
    first = f"{BASE}/api/v1/trends/links?limit=2"
    second = f"{BASE}/api/v1/trends/links?limit=2&offset=2"
    third = f"{BASE}/api/v1/trends/links?limit=2&offset=3"
    mocked.get(first, payload=[_link("https://a.example/"), _link("https://b.example/")])
    mocked.get(second, payload=[_link("https://c.example/")])
    mocked.get(third, payload=[])
    links = await client.trends.links(limit=2).collect()
    assert all(isinstance(item, TrendsLink) for item in links)
    assert [item.url for item in links] == [
        "https://a.example/",
        "https://b.example/",
        "https://c.example/",
    ]
    example = method_example("trends.links")[0]
    assert links[0].title == example["title"]
    assert links[0].history[0].uses == example["history"][0]["uses"]
    for url in (first, second, third):
        only_request(mocked, "GET", url)
    sent_nothing_else(mocked, ("GET", first), ("GET", second), ("GET", third))
