"""client.collections: collections of accounts (Mastodon 4.6)."""

from __future__ import annotations

from aiomastodon import Paginator
from aiomastodon.entities import (
    Account,
    Collection,
    CollectionItem,
    CollectionWithAccounts,
    WrappedCollection,
    WrappedCollectionItem,
)

from ._helpers import (
    BASE,
    account,
    form_of,
    method_example,
    no_body,
    only_request,
    sent_nothing_else,
    with_params,
)

URL = f"{BASE}/api/v1/collections"


def _collection(collection_id: str) -> dict[str, object]:
    return {**method_example("collections.create")["collection"], "id": collection_id}


async def test_create(mocked, client):
    payload = method_example("collections.create")
    mocked.post(URL, payload=payload)
    created = await client.collections.create(
        "Nice accounts",
        description="These accounts are very nice",
        language="en",
        tag_name="accounts",
        sensitive=False,
        discoverable=True,
        account_ids=["1", "2"],
    )
    assert isinstance(created, WrappedCollection)
    assert isinstance(created.collection, Collection)
    assert created.collection.id == payload["collection"]["id"]
    assert created.collection.tag is not None
    assert created.collection.tag.name == "accounts"
    assert form_of(only_request(mocked, "POST", URL)) == [
        ("name", "Nice accounts"),
        ("description", "These accounts are very nice"),
        ("language", "en"),
        ("tag_name", "accounts"),
        ("sensitive", "false"),
        ("discoverable", "true"),
        ("account_ids[]", "1"),
        ("account_ids[]", "2"),
    ]


async def test_create_with_a_name_only(mocked, client):
    mocked.post(URL, payload=method_example("collections.create"))
    await client.collections.create("Mine", account_ids="7")
    assert form_of(only_request(mocked, "POST", URL)) == [
        ("name", "Mine"),
        ("account_ids[]", "7"),
    ]


async def test_get(mocked, client):
    url = f"{URL}/116131056935959117"
    payload = {**method_example("collections.get_collection"), "accounts": [account("5")]}
    mocked.get(url, payload=payload)
    got = await client.collections.get("116131056935959117")
    assert isinstance(got, CollectionWithAccounts)
    assert got.collection.name == payload["collection"]["name"]
    assert [a.id for a in got.accounts] == ["5"]
    assert all(isinstance(a, Account) for a in got.accounts)
    no_body(only_request(mocked, "GET", url))


async def test_list_unwraps_pages_and_pages_by_offset(mocked, client):
    first = f"{BASE}/api/v1/accounts/42/collections?limit=2"
    second = with_params(first, offset="2")
    third = with_params(first, offset="3")
    mocked.get(first, payload={"collections": [_collection("1"), _collection("2")]})
    mocked.get(second, payload={"collections": [_collection("3")]})
    mocked.get(third, payload={"collections": []})
    walk = client.collections.list("42", limit=2)
    assert isinstance(walk, Paginator)
    found = [c async for c in walk]
    assert all(isinstance(c, Collection) for c in found)
    assert [c.id for c in found] == ["1", "2", "3"]
    for url in (first, second, third):
        no_body(only_request(mocked, "GET", url))
    sent_nothing_else(mocked, ("GET", first), ("GET", second), ("GET", third))


async def test_list_decodes_the_docs_example(mocked, client):
    url = f"{BASE}/api/v1/accounts/42/collections"
    # The docs' example misspells the key as "collections:"; the items are whole.
    items = method_example("collections.get_collections")["collections:"]
    mocked.get(url, payload={"collections": items})
    found = await client.collections.list("42").take(len(items)).collect()
    assert [c.id for c in found] == [c["id"] for c in items]
    sent_nothing_else(mocked, ("GET", url))


async def test_featuring(mocked, client):
    first = f"{BASE}/api/v1/accounts/42/in_collections?limit=1&offset=3"
    second = f"{BASE}/api/v1/accounts/42/in_collections?limit=1&offset=4"
    # The docs' example misspells the key as "collections:" here too.
    example = method_example("collections.in_collections")["collections:"]
    mocked.get(first, payload={"collections": example})
    mocked.get(second, payload={"collections": []})
    found = await client.collections.featuring("42", limit=1, offset=3).collect()
    assert [c.id for c in found] == [c["id"] for c in example]
    assert all(isinstance(c, Collection) for c in found)
    only_request(mocked, "GET", first)
    sent_nothing_else(mocked, ("GET", first), ("GET", second))


async def test_update(mocked, client):
    url = f"{URL}/116131056935959117"
    payload = method_example("collections.update_collection")
    mocked.patch(url, payload=payload)
    updated = await client.collections.update(
        "116131056935959117", name="Nicer accounts", discoverable=False
    )
    assert isinstance(updated, WrappedCollection)
    assert updated.collection.name == payload["collection"]["name"]
    assert form_of(only_request(mocked, "PATCH", url)) == [
        ("name", "Nicer accounts"),
        ("discoverable", "false"),
    ]


async def test_delete(mocked, client):
    url = f"{URL}/116131056935959117"
    mocked.delete(url, payload={})
    assert await client.collections.delete("116131056935959117") is None
    no_body(only_request(mocked, "DELETE", url))


async def test_add_account(mocked, client):
    url = f"{URL}/116131056935959117/items"
    payload = method_example("collections.add_account")
    mocked.post(url, payload=payload)
    added = await client.collections.add_account(
        "116131056935959117", account_id="112658193342215767"
    )
    assert isinstance(added, WrappedCollectionItem)
    assert isinstance(added.collection_item, CollectionItem)
    assert (added.collection_item.id, added.collection_item.state) == (
        payload["collection_item"]["id"],
        "accepted",
    )
    assert form_of(only_request(mocked, "POST", url)) == [("account_id", "112658193342215767")]


async def test_remove_account(mocked, client):
    url = f"{URL}/116131056935959117/items/116151066915353115"
    mocked.delete(url, payload={})
    assert (
        await client.collections.remove_account("116131056935959117", "116151066915353115") is None
    )
    no_body(only_request(mocked, "DELETE", url))


async def test_revoke(mocked, client):
    url = f"{URL}/116131056935959117/items/116151066915353115/revoke"
    mocked.post(url, payload={})
    assert await client.collections.revoke("116131056935959117", "116151066915353115") is None
    no_body(only_request(mocked, "POST", url))
