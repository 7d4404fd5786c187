"""client.suggestions: accounts to follow."""

from __future__ import annotations

import pytest

from aiomastodon.entities import Account, Suggestion

from ._helpers import BASE, account, method_example, no_body, only_request


async def test_list(mocked, client):
    url = f"{BASE}/api/v2/suggestions?limit=2"
    # The docs' accounts are abridged; whole ones with their ids stand in.
    example = method_example("suggestions.v2")
    payload = [{**s, "account": account(s["account"]["id"])} for s in example]
    mocked.get(url, payload=payload)
    found = await client.suggestions.list(limit=2)
    assert all(isinstance(s, Suggestion) for s in found)
    assert [(s.source, s.account.id) for s in found] == [
        (s["source"], s["account"]["id"]) for s in example
    ]
    no_body(only_request(mocked, "GET", url))


async def test_list_without_limit(mocked, client):
    url = f"{BASE}/api/v2/suggestions"
    mocked.get(url, payload=[{"sources": ["featured"], "account": account("1")}])
    found = await client.suggestions.list()
    assert [(s.sources, s.account.id) for s in found] == [(["featured"], "1")]
    only_request(mocked, "GET", url)


async def test_list_v1_is_deprecated(mocked, client):
    url = f"{BASE}/api/v1/suggestions?limit=3"
    example = method_example("suggestions.v1")
    mocked.get(url, payload=[account(a["id"]) for a in example])
    with pytest.warns(DeprecationWarning, match=r"client\.suggestions\.list\(\)"):
        found = await client.suggestions.list_v1(limit=3)
    assert all(isinstance(a, Account) for a in found)
    assert [a.id for a in found] == [a["id"] for a in example]
    no_body(only_request(mocked, "GET", url))


async def test_remove(mocked, client):
    url = f"{BASE}/api/v1/suggestions/332766"
    mocked.delete(url, payload=method_example("suggestions.remove"))
    assert await client.suggestions.remove("332766") is None
    no_body(only_request(mocked, "DELETE", url))
