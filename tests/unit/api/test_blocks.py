"""client.blocks: the accounts you block."""

from __future__ import annotations

from aiomastodon.entities import Account

from ._helpers import BASE, account, assert_walks_link_pages, only_request


async def test_list_follows_the_link_header(mocked, client):
    await assert_walks_link_pages(
        mocked, client.blocks.list(limit=2), f"{BASE}/api/v1/blocks?limit=2", account, Account
    )


async def test_list_without_limit(mocked, client):
    url = f"{BASE}/api/v1/blocks"
    mocked.get(url, payload=[account("1")])
    assert [a.id for a in await client.blocks.list().collect()] == ["1"]
    only_request(mocked, "GET", url)
