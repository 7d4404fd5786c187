"""aiomastodon.testing's fake server, REST side: each behaviour against what Mastodon
documents (paging and Link headers, hidden record ids, error bodies, idempotency, edits,
notifications, lists, search, instance and NodeInfo), over real HTTP on 127.0.0.1.

The servers come from the kit's own pytest plugin (``mastodon_server``, ``mastodon_client``).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import aiohttp
import pytest

from aiomastodon import Client, Forbidden, NotFound, Unauthorized, Unprocessable
from aiomastodon._sansio.links import page_links
from aiomastodon.testing import FakeMastodon

pytestmark = pytest.mark.integration


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def client_of(server: FakeMastodon, username: str) -> Client:
    return Client(server.url, access_token=server.token(username))


# --- timelines and Link headers ----------------------------------------------------------


async def test_the_home_timeline_pages_both_ways_with_mastodons_link_header(
    mastodon_server: FakeMastodon, mastodon_client: Client, http: aiohttp.ClientSession
) -> None:
    await mastodon_server.add_account("bob")
    await mastodon_server.follow(as_="alice", target="bob")
    ids = await mastodon_server.post_many(as_="bob", count=7)
    url = f"{mastodon_server.url}/api/v1/timelines/home?limit=3"
    async with http.get(url, headers=bearer(mastodon_server.token("alice"))) as response:
        body = await response.json()
        links = page_links(response.headers.get("Link"), response.url)
    assert [s["id"] for s in body] == ids[::-1][:3]
    assert links.next is not None
    assert links.next.query["max_id"] == ids[4]
    assert links.prev is not None
    assert links.prev.query["min_id"] == ids[6]
    assert links.next.query["limit"] == "3"
    walked = [s.id async for s in mastodon_client.timelines.home(limit=3)]
    assert walked == ids[::-1]
    newer = [s.id async for s in mastodon_client.timelines.home(limit=2, min_id=ids[2])]
    assert sorted(newer, key=int) == ids[3:]


async def test_a_page_is_exactly_the_bytes_of_its_statuses(
    mastodon_server: FakeMastodon, http: aiohttp.ClientSession
) -> None:
    mastodon_server.json_style = "varied"
    await mastodon_server.add_account("alice")
    ids = await mastodon_server.post_many(as_="alice", count=4, text="café <{n}> \u2028 🦣")
    async with http.get(f"{mastodon_server.url}/api/v1/timelines/public") as response:
        raw = await response.read()
    expected = [mastodon_server.status_bytes(i) for i in ids[::-1]]
    assert raw == b"[" + b",".join(expected) + b"]"
    assert len({len(b) for b in expected}) > 1  # the styles differ on purpose


async def test_the_public_timeline_leaves_out_what_mastodon_leaves_out(
    mastodon_server: FakeMastodon,
) -> None:
    await mastodon_server.seed(["alice", "bob"])
    shown = await mastodon_server.post(as_="alice", text="for everyone #Kit")
    await mastodon_server.post(as_="alice", text="quietly", visibility="unlisted")
    await mastodon_server.post(as_="bob", text="a reply", in_reply_to=shown)
    await mastodon_server.reblog(as_="bob", status_id=shown)
    async with Client(mastodon_server.url) as anonymous:
        assert [s.id async for s in anonymous.timelines.public()] == [shown]
        assert [s.id async for s in anonymous.timelines.tag("kit")] == [shown]


async def test_favourites_page_by_the_hidden_favourite_ids_as_mastodon_does(
    mastodon_server: FakeMastodon, mastodon_client: Client, http: aiohttp.ClientSession
) -> None:
    await mastodon_server.add_account("bob")
    ids = await mastodon_server.post_many(as_="bob", count=5)
    order = [ids[3], ids[0], ids[4], ids[1], ids[2]]  # favourited in another order
    for status_id in order:
        await mastodon_client.statuses.favourite(status_id)
    token = mastodon_server.token("alice")
    url = f"{mastodon_server.url}/api/v1/favourites?limit=2"
    async with http.get(url, headers=bearer(token)) as response:
        first = [s["id"] for s in await response.json()]
        links = page_links(response.headers.get("Link"), response.url)
    assert first == [ids[2], ids[1]]  # the latest favourited first
    assert links.next is not None
    record_ids = [f.id for f in mastodon_server.world.favourites]
    assert links.next.query["max_id"] == str(record_ids[3])  # not a status id
    assert links.next.query["max_id"] not in ids
    walked = [s.id async for s in mastodon_client.favourites.list(limit=2)]
    assert walked == order[::-1]
    # Built from the last status's id instead, the cursor skips nothing: a repeat.
    wrong = f"{mastodon_server.url}/api/v1/favourites?limit=2&max_id={first[-1]}"
    async with http.get(wrong, headers=bearer(token)) as response:
        assert [s["id"] for s in await response.json()] == first


async def test_bookmarks_page_by_the_bookmark_ids(
    mastodon_server: FakeMastodon, mastodon_client: Client
) -> None:
    await mastodon_server.add_account("bob")
    ids = await mastodon_server.post_many(as_="bob", count=3)
    for status_id in (ids[1], ids[2], ids[0]):
        bookmarked = await mastodon_client.statuses.bookmark(status_id)
        assert bookmarked.bookmarked is True
    assert [s.id async for s in mastodon_client.bookmarks.list(limit=1)] == [
        ids[0], ids[2], ids[1],
    ]  # fmt: skip


async def test_followers_page_by_the_follow_ids(
    mastodon_server: FakeMastodon, mastodon_client: Client
) -> None:
    names = ["bob", "carol", "dave"]
    for name in names:
        await mastodon_server.add_account(name)
        await mastodon_server.follow(as_=name, target="alice")
    me = mastodon_server.account_id("alice")
    followers = [a.username async for a in mastodon_client.accounts.followers(me, limit=1)]
    assert followers == names[::-1]
    notified = [n.account.username async for n in mastodon_client.notifications.list()]
    assert notified == names[::-1]


# --- statuses ----------------------------------------------------------------------------


async def test_the_idempotency_key_makes_a_retried_post_appear_once(
    mastodon_server: FakeMastodon, mastodon_client: Client
) -> None:
    mastodon_server.faults.fail("/api/v1/statuses", method="POST", status=503)
    posted = await mastodon_client.statuses.create("only once", idempotency_key="abc")
    again = await mastodon_client.statuses.create("only once", idempotency_key="abc")
    assert again.id == posted.id
    attempts = mastodon_server.requests_to("/api/v1/statuses", method="POST")
    assert [r.status for r in attempts] == [503, 200, 200]
    assert {r.header("Idempotency-Key") for r in attempts} == {"abc"}
    assert len(mastodon_server.world.statuses) == 1


async def test_an_edit_is_kept_in_the_history_with_the_source(
    mastodon_server: FakeMastodon, mastodon_client: Client
) -> None:
    posted = await mastodon_client.statuses.create("first <draft>")
    edited = await mastodon_client.statuses.edit(posted.id, status="second", spoiler_text="cw")
    assert edited.edited_at is not None
    assert edited.spoiler_text == "cw"
    history = await mastodon_client.statuses.history(posted.id)
    assert [h.content for h in history] == ["<p>first &lt;draft&gt;</p>", "<p>second</p>"]
    source = await mastodon_client.statuses.source(posted.id)
    assert (source.text, source.spoiler_text) == ("second", "cw")


async def test_replies_make_a_context(
    mastodon_server: FakeMastodon, mastodon_client: Client
) -> None:
    await mastodon_server.add_account("bob")
    root = await mastodon_server.post(as_="bob", text="root")
    reply = await mastodon_client.statuses.create("@bob reply", in_reply_to_id=root)
    deeper = await mastodon_server.post(as_="bob", text="deeper", in_reply_to=reply.id)
    context = await mastodon_client.statuses.context(reply.id)
    assert [s.id for s in context.ancestors] == [root]
    assert [s.id for s in context.descendants] == [deeper]
    assert reply.in_reply_to_account_id == mastodon_server.account_id("bob")
    bob = await client_of(mastodon_server, "bob")
    async with bob:
        [mention] = [n async for n in bob.notifications.list(types=["mention"])]
    assert mention.status is not None
    assert mention.status.id == reply.id


async def test_boosts_favourites_and_their_undoing(
    mastodon_server: FakeMastodon, mastodon_client: Client
) -> None:
    await mastodon_server.add_account("bob")
    status_id = await mastodon_server.post(as_="bob", text="boost me")
    boost = await mastodon_client.statuses.reblog(status_id)
    assert boost.reblog is not None
    assert boost.reblog.id == status_id
    assert boost.id != status_id
    assert (await mastodon_client.statuses.reblog(status_id)).id == boost.id  # once
    favourited = await mastodon_client.statuses.favourite(status_id)
    assert favourited.favourited
    assert favourited.reblogged
    assert favourited.favourites_count == 1
    undone = await mastodon_client.statuses.unreblog(status_id)
    assert undone.id == status_id
    assert not undone.reblogged
    assert undone.reblogs_count == 0
    assert not (await mastodon_client.statuses.unfavourite(status_id)).favourited
    kinds = [n.type for n in mastodon_server.world.notifications]
    assert kinds == ["reblog", "favourite"]


async def test_errors_have_mastodons_bodies(
    mastodon_server: FakeMastodon, mastodon_client: Client, http: aiohttp.ClientSession
) -> None:
    await mastodon_server.add_account("bob")
    hidden = await mastodon_server.post(as_="bob", text="followers", visibility="private")
    async with http.get(
        f"{mastodon_server.url}/api/v1/timelines/home", headers=bearer("nonsense")
    ) as response:
        assert response.status == 401
        assert await response.json() == {"error": "The access token is invalid"}
        assert "invalid_token" in response.headers["WWW-Authenticate"]
    with pytest.raises(NotFound) as not_found:
        await mastodon_client.statuses.get(hidden)
    assert not_found.value.error == "Record not found"
    with pytest.raises(Unprocessable) as blank:
        await mastodon_client.statuses.create("  ")
    assert blank.value.error == "Validation failed: Text can't be blank"
    public = await mastodon_server.post(as_="bob", text="mine")
    with pytest.raises(Forbidden) as forbidden:
        await mastodon_client.statuses.delete(public)
    assert forbidden.value.error == "This action is not allowed"
    async with Client(mastodon_server.url) as anonymous:
        with pytest.raises(Unauthorized):
            [s async for s in anonymous.timelines.home()]


async def test_a_route_not_served_answers_mastodons_json_404(
    mastodon_server: FakeMastodon, http: aiohttp.ClientSession
) -> None:
    async with http.get(f"{mastodon_server.url}/api/v1/polls/1") as response:
        assert response.status == 404
        assert await response.json() == {"error": "The page you are looking for isn't here."}
        assert "X-RateLimit-Remaining" in response.headers


async def test_a_deleted_status_answers_with_its_source_and_then_404(
    mastodon_server: FakeMastodon, mastodon_client: Client
) -> None:
    posted = await mastodon_client.statuses.create("going #away")
    deleted = await mastodon_client.statuses.delete(posted.id)
    assert deleted.text == "going #away"
    with pytest.raises(NotFound):
        await mastodon_client.statuses.get(posted.id)


# --- accounts, lists, search, instance ---------------------------------------------------


async def test_lists_and_the_list_timeline(
    mastodon_server: FakeMastodon, mastodon_client: Client
) -> None:
    for name in ("bob", "carol"):
        await mastodon_server.add_account(name)
    bob_id = mastodon_server.account_id("bob")
    created = await mastodon_client.lists.create("friends", replies_policy="none")
    with pytest.raises(NotFound):  # only followed accounts may be added
        await mastodon_client.lists.add_accounts(created.id, account_ids=[bob_id])
    await mastodon_client.accounts.follow(bob_id)
    await mastodon_client.lists.add_accounts(created.id, account_ids=[bob_id])
    in_list = await mastodon_server.post(as_="bob", text="listed")
    await mastodon_server.post(as_="carol", text="not listed")
    assert [s.id async for s in mastodon_client.timelines.list(created.id)] == [in_list]
    members = [a.username async for a in mastodon_client.lists.accounts(created.id)]
    assert members == ["bob"]
    assert [lst.title for lst in await mastodon_client.lists.list()] == ["friends"]
    await mastodon_client.lists.delete(created.id)
    with pytest.raises(NotFound):
        await mastodon_client.lists.get(created.id)


async def test_account_statuses_relationships_and_lookup(
    mastodon_server: FakeMastodon, mastodon_client: Client
) -> None:
    await mastodon_server.add_account("bob")
    bob_id = mastodon_server.account_id("bob")
    root = await mastodon_server.post(as_="bob", text="root")
    alices = await mastodon_server.post(as_="alice", text="alice's")
    await mastodon_server.post(as_="bob", text="@alice a reply", in_reply_to=alices)
    await mastodon_server.post(as_="bob", text="followers only", visibility="private")
    seen = [s.content async for s in mastodon_client.accounts.statuses(bob_id)]
    assert len(seen) == 2  # not the private one: alice does not follow bob
    await mastodon_client.accounts.follow(bob_id)
    seen = [s.id async for s in mastodon_client.accounts.statuses(bob_id, exclude_replies=True)]
    assert len(seen) == 2
    assert root in seen
    [relationship] = await mastodon_client.accounts.relationships([bob_id])
    assert relationship.following
    assert not relationship.followed_by
    bob = await mastodon_client.accounts.lookup("bob")
    assert (bob.id, bob.followers_count, bob.statuses_count) == (bob_id, 1, 3)


async def test_search_finds_accounts_hashtags_and_statuses(
    mastodon_server: FakeMastodon, mastodon_client: Client
) -> None:
    await mastodon_server.add_account("bob", display_name="Bob the Builder")
    found = await mastodon_server.post(as_="bob", text="building #Houses today")
    results = await mastodon_client.search.search("build")
    assert [a.username for a in results.accounts] == ["bob"]
    assert [s.id for s in results.statuses] == [found]
    tags = await mastodon_client.search.search("#hous", type="hashtags")
    assert [t.name for t in tags.hashtags] == ["houses"]
    assert tags.accounts == []


async def test_the_instance_names_itself_as_the_streaming_server(
    mastodon_server: FakeMastodon, http: aiohttp.ClientSession
) -> None:
    async with Client(mastodon_server.url) as anonymous:
        instance = await anonymous.instance.get()
    assert instance.configuration.urls.streaming == mastodon_server.streaming_url
    assert mastodon_server.streaming_url.startswith("ws://127.0.0.1:")
    async with http.get(f"{mastodon_server.url}/api/v1/instance") as response:
        v1 = await response.json()
    assert v1["urls"]["streaming_api"] == mastodon_server.streaming_url
    assert v1["version"] == mastodon_server.instance.version
    async with http.get(f"{mastodon_server.url}/.well-known/nodeinfo") as response:
        [link] = (await response.json())["links"]
    assert link["rel"] == "http://nodeinfo.diaspora.software/ns/schema/2.0"
    async with http.get(link["href"]) as response:
        nodeinfo = json.loads(await response.read())
    assert nodeinfo["software"] == {"name": "mastodon", "version": "4.3.0"}
    mastodon_server.instance.streaming_url = None
    async with http.get(f"{mastodon_server.url}/api/v2/instance") as response:
        assert (await response.json())["configuration"]["urls"]["streaming"] is None
