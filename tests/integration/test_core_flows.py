"""The core endpoints over real HTTP against the kit's fake Mastodon on 127.0.0.1.

Seeded as mastodon-mock seeds itself (conftest.py), so that these tests read as they did
against it: alice follows bob, and carol is locked.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from aiomastodon import Client, NotFound, Unauthorized
from aiomastodon.entities import (
    Account,
    Context,
    CredentialAccount,
    CredentialApplication,
    Instance,
    List,
    MediaAttachment,
    Notification,
    Relationship,
    Search,
    Status,
    V1Instance,
)
from aiomastodon.testing import FakeMastodon

pytestmark = pytest.mark.integration

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
async def kit() -> AsyncIterator[FakeMastodon]:
    async with FakeMastodon(media_polls=0) as server:
        await server.seed(["alice", "bob"], follows=[("alice", "bob")])
        await server.add_account("carol", locked=True)
        yield server


# These replace conftest.py's clients of mastodon-mock, for this module.
@pytest.fixture
async def alice(kit: FakeMastodon) -> AsyncIterator[Client]:
    async with Client(kit.url, access_token=kit.token("alice")) as client:
        yield client


@pytest.fixture
async def bob(kit: FakeMastodon) -> AsyncIterator[Client]:
    async with Client(kit.url, access_token=kit.token("bob")) as client:
        yield client


@pytest.fixture
async def anonymous(kit: FakeMastodon) -> AsyncIterator[Client]:
    async with Client(kit.url) as client:
        yield client


async def _account(client: Client, username: str) -> Account:
    found = await client.search.search(username, type="accounts")
    return next(a for a in found.accounts if a.username == username)


async def test_register_an_app(anonymous: Client) -> None:
    app = await anonymous.apps.create(
        "aiomastodon tests",
        redirect_uris="urn:ietf:wg:oauth:2.0:oob",
        scopes="read write",
        website="https://example.org",
    )
    assert isinstance(app, CredentialApplication)
    assert app.name == "aiomastodon tests"
    assert app.client_id
    assert app.client_secret


async def test_verify_credentials_and_a_refused_token(alice: Client, kit: FakeMastodon) -> None:
    me = await alice.accounts.verify_credentials()
    assert isinstance(me, CredentialAccount)
    assert me.username == "alice"
    assert (await alice.accounts.get(me.id)).acct == "alice"
    async with Client(kit.url, access_token="not-a-token") as stranger:
        with pytest.raises(Unauthorized) as caught:
            await stranger.accounts.verify_credentials()
    assert "not-a-token" not in str(caught.value)


async def test_post_fetch_and_delete_a_status(alice: Client) -> None:
    posted = await alice.statuses.create("hello from aiomastodon", visibility="unlisted")
    assert isinstance(posted, Status)
    assert "hello from aiomastodon" in posted.content
    assert posted.visibility == "unlisted"
    fetched = await alice.statuses.get(posted.id)
    assert fetched.id == posted.id
    reply = await alice.statuses.create("a reply", in_reply_to_id=posted.id)
    context = await alice.statuses.context(posted.id)
    assert isinstance(context, Context)
    assert [s.id for s in context.descendants] == [reply.id]
    deleted = await alice.statuses.delete(posted.id)
    assert deleted.id == posted.id
    with pytest.raises(NotFound):
        await alice.statuses.get(posted.id)


async def test_favourite_and_reblog(alice: Client, bob: Client) -> None:
    posted = await alice.statuses.create("boost me")
    favourited = await bob.statuses.favourite(posted.id)
    assert favourited.favourited is True
    assert favourited.favourites_count == 1
    boost = await bob.statuses.reblog(posted.id)
    assert boost.reblog is not None
    assert boost.reblog.id == posted.id
    likers = await alice.statuses.favourited_by(posted.id).collect()
    assert [a.username for a in likers] == ["bob"]
    boosters = await alice.statuses.reblogged_by(posted.id).collect()
    assert [a.username for a in boosters] == ["bob"]
    assert (await bob.statuses.unfavourite(posted.id)).favourited is False
    assert (await bob.statuses.unreblog(posted.id)).reblogged is False
    favourites = await bob.favourites.list().collect()
    assert posted.id not in [s.id for s in favourites]


async def test_follow_and_unfollow(bob: Client, alice: Client) -> None:
    alice_account = await _account(bob, "alice")
    relationship = await bob.accounts.follow(alice_account.id)
    assert isinstance(relationship, Relationship)
    assert relationship.following is True
    (seen,) = await bob.accounts.relationships([alice_account.id])
    assert seen.following is True
    followers = await alice.accounts.followers(alice_account.id).collect()
    assert "bob" in [a.username for a in followers]
    assert (await bob.accounts.unfollow(alice_account.id)).following is False


async def test_lists(alice: Client) -> None:
    bob_account = await _account(alice, "bob")  # alice follows bob in the seed
    created = await alice.lists.create("friends", replies_policy="list")
    assert isinstance(created, List)
    updated = await alice.lists.update(created.id, title="close friends")
    assert updated.title == "close friends"
    await alice.lists.add_accounts(created.id, account_ids=[bob_account.id])
    members = await alice.lists.accounts(created.id).collect()
    assert [a.id for a in members] == [bob_account.id]
    assert created.id in [lst.id for lst in await alice.lists.list()]
    await alice.lists.remove_accounts(created.id, account_ids=[bob_account.id])
    assert await alice.lists.accounts(created.id).collect() == []
    await alice.lists.delete(created.id)
    with pytest.raises(NotFound):
        await alice.lists.get(created.id)


async def test_media_upload_and_update(alice: Client) -> None:
    media = await alice.media.upload(PNG, description="one pixel")
    assert isinstance(media, MediaAttachment)
    assert media.description == "one pixel"
    updated = await alice.media.update(media.id, description="a single pixel")
    assert updated.description == "a single pixel"
    posted = await alice.statuses.create("with media", media_ids=[media.id])
    assert [m.id for m in posted.media_attachments] == [media.id]


async def test_notifications(alice: Client, bob: Client) -> None:
    await bob.statuses.create("@alice hello there")
    notes = await alice.notifications.list(types=["mention"]).collect()
    assert notes, "the mention should notify alice"
    first = notes[0]
    assert isinstance(first, Notification)
    assert first.type == "mention"
    assert first.account.username == "bob"
    assert (await alice.notifications.get(first.id)).id == first.id
    await alice.notifications.dismiss(first.id)
    with pytest.raises(NotFound):
        await alice.notifications.get(first.id)
    await alice.notifications.clear()
    assert await alice.notifications.list().collect() == []


async def test_search(alice: Client) -> None:
    await alice.statuses.create("searching for #aiomastodon")
    found = await alice.search.search("bob")
    assert isinstance(found, Search)
    assert "bob" in [a.username for a in found.accounts]
    accounts = await alice.accounts.search("car").collect()
    assert "carol" in [a.username for a in accounts]


async def test_instance(anonymous: Client) -> None:
    v2 = await anonymous.instance.get()
    assert isinstance(v2, Instance)
    assert v2.domain
    with pytest.warns(DeprecationWarning, match=r"instance\.get\(\)"):
        v1 = await anonymous.instance.get_v1()
    assert isinstance(v1, V1Instance)
    assert v1.uri


async def test_timelines_and_account_statuses(alice: Client, bob: Client) -> None:
    posted = await bob.statuses.create("for my followers #integration")
    home = await alice.timelines.home(limit=5).take(5).collect()
    assert posted.id in [s.id for s in home]
    public = await alice.timelines.public(local=True).take(20).collect()
    assert posted.id in [s.id for s in public]
    tagged = await alice.timelines.tag("integration").collect()
    assert [s.id for s in tagged] == [posted.id]
    bob_statuses = await alice.accounts.statuses(posted.account.id).collect()
    assert posted.id in [s.id for s in bob_statuses]
