"""client.mutes: the accounts you mute."""

from __future__ import annotations

from aiomastodon.entities import Account, MutedAccount

from ._helpers import BASE, account, assert_walks_link_pages, only_request


async def test_list_follows_the_link_header(mocked, client):
    await assert_walks_link_pages(
        mocked,
        client.mutes.list(limit=2),
        f"{BASE}/api/v1/mutes?limit=2",
        lambda n: account(n, mute_expires_at="2030-01-01T00:00:00.000Z"),
        MutedAccount,
    )


async def test_list_items_are_accounts_with_the_mute_expiry(mocked, client):
    url = f"{BASE}/api/v1/mutes"
    mocked.get(url, payload=[account("1", mute_expires_at=None), account("2")])
    muted = await client.mutes.list().collect()
    assert all(isinstance(a, Account) for a in muted)
    assert [a.mute_expires_at for a in muted] == [None, None]
    only_request(mocked, "GET", url)
