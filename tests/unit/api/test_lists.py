"""client.lists: lists and their members."""

from __future__ import annotations

import pytest

from aiomastodon.entities import Account, List

from ._helpers import (
    BASE,
    account,
    assert_walks_link_pages,
    form_of,
    method_example,
    no_body,
    only_request,
)

URL = f"{BASE}/api/v1/lists"


async def test_list(mocked, client):
    payload = method_example("lists.get")
    mocked.get(URL, payload=payload)
    lists = await client.lists.list()
    assert isinstance(lists, list)
    assert all(isinstance(x, List) for x in lists)
    assert [(x.id, x.exclusive) for x in lists] == [(p["id"], p["exclusive"]) for p in payload]
    no_body(only_request(mocked, "GET", URL))


async def test_get(mocked, client):
    url = f"{URL}/12249"
    mocked.get(url, payload=method_example("lists.get-one"))
    got = await client.lists.get("12249")
    assert isinstance(got, List)
    assert got.title == method_example("lists.get-one")["title"]
    no_body(only_request(mocked, "GET", url))


async def test_create(mocked, client):
    mocked.post(URL, payload=method_example("lists.create"))
    got = await client.lists.create("test", replies_policy="followed", exclusive=True)
    assert isinstance(got, List)
    assert got.id == method_example("lists.create")["id"]
    assert form_of(only_request(mocked, "POST", URL)) == [
        ("title", "test"),
        ("replies_policy", "followed"),
        ("exclusive", "true"),
    ]


async def test_create_with_title_only(mocked, client):
    mocked.post(URL, payload=method_example("lists.create"))
    await client.lists.create("test")
    assert form_of(only_request(mocked, "POST", URL)) == [("title", "test")]


async def test_update_is_a_put(mocked, client):
    url = f"{URL}/13585"
    mocked.put(url, payload=method_example("lists.update"))
    got = await client.lists.update("13585", title="testing", exclusive=False)
    assert isinstance(got, List)
    assert got.title == method_example("lists.update")["title"]
    assert form_of(only_request(mocked, "PUT", url)) == [
        ("title", "testing"),
        ("exclusive", "false"),
    ]


async def test_delete(mocked, client):
    url = f"{URL}/13585"
    mocked.delete(url, payload=method_example("lists.delete"))
    assert await client.lists.delete("13585") is None
    no_body(only_request(mocked, "DELETE", url))


async def test_accounts_follows_the_link_header(mocked, client):
    await assert_walks_link_pages(
        mocked, client.lists.accounts("7", limit=2), f"{URL}/7/accounts?limit=2", account, Account
    )


async def test_accounts_limit_zero_is_one_page(mocked, client):
    url = f"{URL}/7/accounts?limit=0"
    mocked.get(url, payload=[account("1"), account("2"), account("3")])
    got = await client.lists.accounts("7", limit=0).collect()
    assert [a.id for a in got] == ["1", "2", "3"]
    only_request(mocked, "GET", url)


async def test_add_accounts_in_the_body(mocked, client):
    url = f"{URL}/7/accounts"
    mocked.post(url, payload=method_example("lists.accounts-add"))
    assert await client.lists.add_accounts("7", account_ids=["1", "2"]) is None
    assert form_of(only_request(mocked, "POST", url)) == [
        ("account_ids[]", "1"),
        ("account_ids[]", "2"),
    ]


async def test_remove_accounts_in_the_query(mocked, client):
    url = f"{URL}/7/accounts?account_ids[]=1&account_ids[]=2"
    mocked.delete(url, payload=method_example("lists.accounts-remove"))
    assert await client.lists.remove_accounts("7", account_ids=("1", "2")) is None
    no_body(only_request(mocked, "DELETE", url))


async def test_one_account_id_as_a_string(mocked, client):
    url = f"{URL}/7/accounts?account_ids[]=42"
    mocked.delete(url, payload={})
    await client.lists.remove_accounts("7", account_ids="42")
    only_request(mocked, "DELETE", url)


async def test_no_account_ids_is_refused(mocked, client):
    with pytest.raises(ValueError, match="account_ids"):
        await client.lists.add_accounts("7", account_ids=[])
    assert mocked.requests == {}
