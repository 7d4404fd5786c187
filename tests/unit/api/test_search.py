"""client.search: accounts, statuses and hashtags."""

from __future__ import annotations

import pytest

from aiomastodon.entities import Search, Tag

from ._helpers import BASE, account, method_example, no_body, only_request, status


async def test_search_v2_query(mocked, client):
    url = (
        f"{BASE}/api/v2/search?q=cats+%26+dogs&type=hashtags&resolve=true&following=false"
        "&account_id=3&exclude_unreviewed=true&max_id=9&min_id=1&limit=5&offset=10"
    )
    # The docs' accounts and statuses are abridged; whole ones stand in for them.
    payload = {**method_example("search.v2"), "accounts": [account("1")], "statuses": []}
    mocked.get(url, payload=payload)
    found = await client.search.search(
        "cats & dogs",
        type="hashtags",
        resolve=True,
        following=False,
        account_id="3",
        exclude_unreviewed=True,
        max_id="9",
        min_id="1",
        limit=5,
        offset=10,
    )
    assert isinstance(found, Search)
    assert [t.name for t in found.hashtags] == [t["name"] for t in payload["hashtags"]]
    assert [a.id for a in found.accounts] == ["1"]
    no_body(only_request(mocked, "GET", url))


async def test_search_v2_query_only(mocked, client):
    url = f"{BASE}/api/v2/search?q=cats"
    mocked.get(url, payload={"accounts": [account("1")], "statuses": [status("2")], "hashtags": []})
    found = await client.search.search("cats")
    assert ([a.id for a in found.accounts], [s.id for s in found.statuses]) == (["1"], ["2"])
    only_request(mocked, "GET", url)


async def test_search_v1_is_legacy_and_keeps_string_hashtags(mocked, client):
    url = f"{BASE}/api/v1/search?q=cats&resolve=false"
    mocked.get(
        url,
        payload={
            "accounts": [account("1")],
            "statuses": [],
            "hashtags": ["cats", "catsofmastodon"],
        },
    )
    with pytest.warns(DeprecationWarning, match=r"client\.search\.search\(\)"):
        found = await client.search.search_v1("cats", resolve=False)
    assert isinstance(found, Search)
    assert [a.id for a in found.accounts] == ["1"]
    assert found.hashtags == [Tag(name="cats"), Tag(name="catsofmastodon")]
    only_request(mocked, "GET", url)


async def test_search_v1_decodes_tag_objects_too(mocked, client):
    url = f"{BASE}/api/v1/search?q=cats"
    payload = method_example("search.v2")
    mocked.get(url, payload=payload)
    with pytest.warns(DeprecationWarning, match="removed in Mastodon 3.0"):
        found = await client.search.search_v1("cats")
    assert [t.url for t in found.hashtags] == [t["url"] for t in payload["hashtags"]]
