"""client.endorsements: the accounts featured on your profile."""

from __future__ import annotations

from aiomastodon.entities import Account

from ._helpers import (
    BASE,
    account,
    assert_walks_link_pages,
    method_example,
    no_body,
    only_request,
    sent_nothing_else,
)

URL = f"{BASE}/api/v1/endorsements"


async def test_list_follows_the_link_header(mocked, client):
    await assert_walks_link_pages(
        mocked, client.endorsements.list(limit=2), f"{URL}?limit=2", account, Account
    )


async def test_list_query_and_the_docs_example(mocked, client):
    url = f"{URL}?limit=40&max_id=7&since_id=1"
    payload = method_example("endorsements.get")
    mocked.get(url, payload=payload)
    found = await client.endorsements.list(limit=40, max_id="7", since_id="1").collect()
    assert all(isinstance(a, Account) for a in found)
    assert [a.id for a in found] == [a["id"] for a in payload]
    no_body(only_request(mocked, "GET", url))
    sent_nothing_else(mocked, ("GET", url))
