"""client.directory: the profile directory, paged by offset."""

from __future__ import annotations

from aiomastodon.entities import Account

from ._helpers import (
    BASE,
    account,
    method_example,
    no_body,
    only_request,
    sent_nothing_else,
    with_params,
)


async def test_list_query_and_pages_by_offset(mocked, client):
    first = f"{BASE}/api/v1/directory?order=new&local=true&limit=2"
    second = with_params(first, offset="2")
    third = with_params(first, offset="3")
    mocked.get(first, payload=[account("1"), account("2")])
    mocked.get(second, payload=[account("3")])
    mocked.get(third, payload=[])
    found = [a async for a in client.directory.list(order="new", local=True, limit=2)]
    assert all(isinstance(a, Account) for a in found)
    assert [a.id for a in found] == ["1", "2", "3"]
    for url in (first, second, third):
        no_body(only_request(mocked, "GET", url))
    sent_nothing_else(mocked, ("GET", first), ("GET", second), ("GET", third))


async def test_list_from_an_offset(mocked, client):
    first = f"{BASE}/api/v1/directory?offset=40"
    second = f"{BASE}/api/v1/directory?offset=42"
    # The docs' accounts are abridged; whole ones with their ids stand in.
    example = method_example("directory.get")
    mocked.get(first, payload=[account(a["id"], acct=a["acct"]) for a in example])
    mocked.get(second, payload=[])
    found = await client.directory.list(offset=40).collect()
    assert [(a.id, a.acct) for a in found] == [(a["id"], a["acct"]) for a in example]
    sent_nothing_else(mocked, ("GET", first), ("GET", second))
