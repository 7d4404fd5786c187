"""aiomastodon.testing's blocks, mutes, domain blocks and follow requests, against what
Mastodon does: each listing pages by its hidden record's id (only the ``Link`` header
carries it), and the relations change what the server's own logic sends.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import aiohttp
import pytest

from aiomastodon import Client, Forbidden, NotFound
from aiomastodon._sansio.links import page_links
from aiomastodon.testing import FakeMastodon

pytestmark = pytest.mark.integration


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def first_page(
    http: aiohttp.ClientSession, server: FakeMastodon, path: str, as_: str = "alice"
) -> tuple[list[object], str | None]:
    """The first page of ``path`` (raw JSON items) and its ``rel="next"`` max_id."""
    headers = {"Authorization": f"Bearer {server.token(as_)}"}
    async with http.get(f"{server.url}{path}", headers=headers) as response:
        assert response.status == 200, await response.text()
        items = await response.json()
        links = page_links(response.headers.get("Link"), response.url)
    return items, links.next.query["max_id"] if links.next is not None else None


async def make(server: FakeMastodon, count: int) -> list[str]:
    names = [f"user{n}" for n in range(count)]
    for name in names:
        await server.add_account(name)
    return names


async def test_blocks_page_by_the_block_ids_and_end_the_follows_both_ways(
    mastodon_server: FakeMastodon, mastodon_client: Client, http: aiohttp.ClientSession
) -> None:
    names = await make(mastodon_server, 3)
    await mastodon_server.follow(as_="alice", target="user0")
    await mastodon_server.follow(as_="user0", target="alice")
    ids = [mastodon_server.account_id(n) for n in names]
    for account_id in (ids[1], ids[0], ids[2]):
        relationship = await mastodon_client.accounts.block(account_id)
        assert relationship.blocking is True
        assert relationship.following is False
        assert relationship.followed_by is False
    items, max_id = await first_page(http, mastodon_server, "/api/v1/blocks?limit=2")
    assert [a["id"] for a in items] == [ids[2], ids[0]]
    records = [b.id for b in mastodon_server.world.blocks]
    assert max_id == str(records[1])  # the block's id, not the account's
    assert max_id not in ids
    walked = [a.id async for a in mastodon_client.blocks.list(limit=2)]
    assert walked == [ids[2], ids[0], ids[1]]

    # The blocked one cannot follow back, and its posts and mentions reach alice no more.
    async with Client(mastodon_server.url, access_token=mastodon_server.token("user0")) as user0:
        with pytest.raises(Forbidden):
            await user0.accounts.follow(mastodon_server.account_id("alice"))
        seen_by_them = await user0.accounts.relationships([mastodon_server.account_id("alice")])
        assert seen_by_them[0].blocked_by is True
    await mastodon_server.post(as_="user0", text="@alice hello?")
    assert [n async for n in mastodon_client.notifications.list()] == []

    await mastodon_client.accounts.unblock(ids[0])
    assert [a.id async for a in mastodon_client.blocks.list()] == [ids[2], ids[1]]


async def test_mutes_page_by_the_mute_ids_and_hide_from_home(
    mastodon_server: FakeMastodon, mastodon_client: Client, http: aiohttp.ClientSession
) -> None:
    names = await make(mastodon_server, 3)
    for name in names:
        await mastodon_server.follow(as_="alice", target=name)
    ids = [mastodon_server.account_id(n) for n in names]
    muted = await mastodon_client.accounts.mute(ids[0], notifications=False)
    assert (muted.muting, muted.muting_notifications) == (True, False)
    await mastodon_client.accounts.mute(ids[1])
    items, max_id = await first_page(http, mastodon_server, "/api/v1/mutes?limit=1")
    assert [a["id"] for a in items] == [ids[1]]
    assert max_id == str(mastodon_server.world.mutes[1].id)
    assert max_id not in ids
    assert [a.id async for a in mastodon_client.mutes.list(limit=1)] == [ids[1], ids[0]]

    shown = await mastodon_server.post(as_="user2", text="still here")
    await mastodon_server.post(as_="user0", text="muted, posts hidden")
    boost_of_muted = await mastodon_server.post(as_="user1", text="mine")
    await mastodon_server.reblog(as_="user2", status_id=boost_of_muted)
    home = [s.id async for s in mastodon_client.timelines.home()]
    assert home == [shown]  # neither muted account's posts, nor a boost of one
    # user0's mute left notifications on, user1's did not.
    await mastodon_server.post(as_="user0", text="@alice heard")
    await mastodon_server.post(as_="user1", text="@alice not heard")
    notified = [n.account.username async for n in mastodon_client.notifications.list()]
    assert notified == ["user0"]


async def test_blocks_and_mutes_keep_authors_off_the_viewers_public_feeds_and_streams(
    mastodon_server: FakeMastodon, mastodon_client: Client, http: aiohttp.ClientSession
) -> None:
    # user0: blocked by alice; user1: muted by alice; user2: blocks alice; user3: neither.
    names = await make(mastodon_server, 4)
    await mastodon_server.block(as_="alice", target="user0")
    await mastodon_server.mute(as_="alice", target="user1")
    await mastodon_server.block(as_="user2", target="alice")
    headers = {"Authorization": f"Bearer {mastodon_server.token('alice')}"}
    async with http.ws_connect(f"{mastodon_server.url}/api/v1/streaming", headers=headers) as ws:
        for stream, extra in (("public", {}), ("hashtag", {"tag": "kit"})):
            await ws.send_json({"type": "subscribe", "stream": stream, **extra})
            key = (stream, *extra.values())
            await mastodon_server.until(lambda key=key: mastodon_server.streaming.subscribed(key))
        posted = [await mastodon_server.post(as_=name, text=f"#kit from {name}") for name in names]
        # Each post is streamed in turn: the first frame alice gets is user3's.
        first = await asyncio.wait_for(ws.receive_json(), 5)
        assert json.loads(first["payload"])["id"] == posted[3]
    assert [key for key, _ in mastodon_server.streaming.sent] == [("public",), ("hashtag", "kit")]

    assert [s.id async for s in mastodon_client.timelines.public()] == [posted[3]]
    assert [s.id async for s in mastodon_client.timelines.tag("kit")] == [posted[3]]
    # Nobody else is kept from them: another account, and an anonymous reader.
    async with Client(mastodon_server.url, access_token=mastodon_server.token("user3")) as user3:
        assert [s.id async for s in user3.timelines.public()] == posted[::-1]
    async with Client(mastodon_server.url) as anonymous:
        assert [s.id async for s in anonymous.timelines.tag("kit")] == posted[::-1]


async def test_a_mute_with_a_duration_ends() -> None:
    now = [1_767_225_600.0]
    async with FakeMastodon(clock=lambda: now[0]) as server:
        await server.seed(["alice", "bob"])
        async with Client(server.url, access_token=server.token("alice")) as alice:
            bob = server.account_id("bob")
            muted = await alice.accounts.mute(bob, duration=60)
            assert muted.muting_expires_at is not None
            assert [a.username async for a in alice.mutes.list()] == ["bob"]
            now[0] += 61
            assert [a async for a in alice.mutes.list()] == []
            assert (await alice.accounts.relationships([bob]))[0].muting is False


async def test_domain_blocks_are_strings_paged_by_the_block_ids(
    mastodon_server: FakeMastodon, mastodon_client: Client, http: aiohttp.ClientSession
) -> None:
    domains = [f"spam{n}.example" for n in range(5)]
    for domain in domains:
        await mastodon_client.domain_blocks.create(domain)
    await mastodon_client.domain_blocks.create("SPAM0.example")  # already blocked
    items, max_id = await first_page(http, mastodon_server, "/api/v1/domain_blocks?limit=2")
    assert items == domains[::-1][:2]
    assert max_id == str(mastodon_server.world.domain_blocks[3].id)
    walked = [d async for d in mastodon_client.domain_blocks.list(limit=2)]
    assert walked == domains[::-1]
    await mastodon_client.domain_blocks.delete("spam3.example")  # in the query
    assert [d async for d in mastodon_client.domain_blocks.list()] == [
        "spam4.example", "spam2.example", "spam1.example", "spam0.example",
    ]  # fmt: skip


async def test_following_a_locked_account_is_a_request_until_authorized(
    mastodon_server: FakeMastodon, http: aiohttp.ClientSession
) -> None:
    await mastodon_server.add_account("carol", locked=True)
    names = await make(mastodon_server, 3)
    carol_id = mastodon_server.account_id("carol")
    for name in (names[2], names[0], names[1]):
        async with Client(mastodon_server.url, access_token=mastodon_server.token(name)) as user:
            relationship = await user.accounts.follow(carol_id)
            assert (relationship.following, relationship.requested) == (False, True)
    ids = {n: mastodon_server.account_id(n) for n in names}
    items, max_id = await first_page(
        http, mastodon_server, "/api/v1/follow_requests?limit=2", as_="carol"
    )
    assert [a["id"] for a in items] == [ids["user1"], ids["user0"]]
    assert max_id == str(mastodon_server.world.follow_requests[1].id)
    assert max_id not in ids.values()

    token = mastodon_server.token("carol")
    async with Client(mastodon_server.url, access_token=token) as carol:
        asked = [a.id async for a in carol.follow_requests.list(limit=2)]
        assert asked == [ids["user1"], ids["user0"], ids["user2"]]
        kinds = [(n.type, n.account.username) async for n in carol.notifications.list()]
        assert kinds == [("follow_request", n) for n in ("user1", "user0", "user2")]
        accepted = await carol.follow_requests.authorize(ids["user0"])
        assert accepted.followed_by is True
        await carol.follow_requests.reject(ids["user1"])
        with pytest.raises(NotFound):
            await carol.follow_requests.reject(ids["user1"])  # answered already
        assert [a.id async for a in carol.follow_requests.list()] == [ids["user2"]]
        followers = [a.username async for a in carol.accounts.followers(carol_id)]
        assert followers == ["user0"]
        latest = await carol.notifications.list(limit=1).take(1).collect()
        assert [(n.type, n.account.username) for n in latest] == [("follow", "user0")]

    await mastodon_server.authorize(as_="carol", follower="user2")
    assert len(mastodon_server.world.follow_requests) == 0
    assert mastodon_server.world.following(
        mastodon_server.world.named("user2"), mastodon_server.world.named("carol")
    )
