"""The fake server's rules, without HTTP: visibility, notifications, feeds, idempotency."""

from __future__ import annotations

import pytest

from aiomastodon.testing.state import Account, ApiError, Status, World


class Clock:
    def __init__(self) -> None:
        self.now = 1_767_225_600.0

    def __call__(self) -> float:
        self.now += 0.001
        return self.now


@pytest.fixture
def world() -> World:
    world = World(Clock())
    for name in ("alice", "bob", "carol"):
        world.add_account(name, token=f"{name}-token")
    return world


def who(world: World, name: str) -> Account:
    return world.named(name)


def kinds(world: World, name: str) -> list[tuple[str, str]]:
    return [(n.type, n.account.username) for n in world.notifications_of(who(world, name))]


def test_acting_on_a_status_notifies_its_author_and_nobody_of_their_own_acts(world: World) -> None:
    alice, bob = who(world, "alice"), who(world, "bob")
    status = world.post(alice, "hello @bob and @alice")
    world.favourite(bob, status)
    world.favourite(bob, status)  # once only
    world.reblog(bob, status)
    world.favourite(alice, status)
    world.follow(bob, alice)
    assert kinds(world, "alice") == [("follow", "bob"), ("reblog", "bob"), ("favourite", "bob")]
    assert kinds(world, "bob") == [("mention", "alice")]


@pytest.mark.parametrize(
    ("visibility", "seen_by"),
    [
        ("public", {None, "alice", "bob", "carol"}),
        ("unlisted", {None, "alice", "bob", "carol"}),
        ("private", {"alice", "bob"}),  # bob follows alice
        ("direct", {"alice"}),
    ],
)
def test_visibility(world: World, visibility: str, seen_by: set[str | None]) -> None:
    alice = who(world, "alice")
    world.follow(who(world, "bob"), alice)
    status = world.post(alice, "hi", visibility=visibility)  # type: ignore[arg-type]
    viewers: dict[str | None, Account | None] = {None: None}
    viewers |= {name: who(world, name) for name in ("alice", "bob", "carol")}
    assert {name for name, v in viewers.items() if world.can_see(v, status)} == seen_by
    for name, viewer in viewers.items():
        if name not in seen_by:
            with pytest.raises(ApiError) as caught:
                world.status(status.id, viewer)
            assert (caught.value.status, caught.value.message) == (404, "Record not found")


def test_a_direct_status_is_seen_by_those_it_mentions(world: World) -> None:
    status = world.post(who(world, "alice"), "psst @carol", visibility="direct")
    assert world.can_see(who(world, "carol"), status)
    assert not world.can_see(who(world, "bob"), status)
    assert world.home(who(world, "carol")) == [status]


def test_home_leaves_out_replies_to_strangers_and_boosts_of_your_own(world: World) -> None:
    alice, bob, carol = who(world, "alice"), who(world, "bob"), who(world, "carol")
    world.follow(alice, bob)
    to_carol = world.post(carol, "carol's")
    mine = world.post(alice, "alice's")
    reply_to_carol = world.post(bob, "to carol", in_reply_to=to_carol)
    reply_to_alice = world.post(bob, "to alice", in_reply_to=mine)
    thread = world.post(bob, "a thread")
    self_reply = world.post(bob, "continued", in_reply_to=thread)
    world.reblog(bob, mine)
    boost_of_carol = world.reblog(bob, to_carol)
    home = world.home(alice)
    assert reply_to_carol not in home
    assert home == [boost_of_carol, self_reply, thread, reply_to_alice, mine]
    assert world.public() == [self_reply, thread, mine, to_carol]


def test_the_same_idempotency_key_within_an_hour_posts_once(world: World) -> None:
    clock = world.clock
    assert isinstance(clock, Clock)
    alice = who(world, "alice")
    first = world.post(alice, "once", idempotency_key="k")
    assert world.post(alice, "once again", idempotency_key="k") is first
    assert world.post(who(world, "bob"), "bob's", idempotency_key="k") is not first
    clock.now += 3601
    assert world.post(alice, "an hour later", idempotency_key="k") is not first


def test_an_edit_keeps_the_history_and_notifies_those_who_boosted(world: World) -> None:
    alice, bob = who(world, "alice"), who(world, "bob")
    status = world.post(alice, "first")
    world.reblog(bob, status)
    world.edit(status, alice, text="second #new")
    assert [e.text for e in status.edits] == ["first", "second #new"]
    assert status.tags == ["new"]
    assert status.edited_at is not None
    assert kinds(world, "bob") == [("update", "alice")]
    with pytest.raises(ApiError) as caught:
        world.edit(status, bob, text="not mine")
    assert caught.value.status == 403


def test_deleting_takes_the_boosts_and_the_notifications_with_it(world: World) -> None:
    alice, bob = who(world, "alice"), who(world, "bob")
    status = world.post(alice, "soon gone")
    boost = world.reblog(bob, status)
    world.favourite(bob, status)
    world.bookmark(bob, status)
    world.delete(status, alice)
    assert status.deleted
    assert boost.deleted
    assert world.notifications_of(alice) == []
    assert world.favourites == world.bookmarks == []


@pytest.mark.parametrize(
    ("text", "error"),
    [("   ", "Validation failed: Text can't be blank"), ("x" * 501, "character limit of 500")],
)
def test_invalid_text_is_422(world: World, text: str, error: str) -> None:
    with pytest.raises(ApiError) as caught:
        world.post(who(world, "alice"), text)
    assert caught.value.status == 422
    assert error in caught.value.message


def test_private_and_direct_statuses_cannot_be_boosted_by_others(world: World) -> None:
    alice, bob = who(world, "alice"), who(world, "bob")
    world.follow(bob, alice)
    private = world.post(alice, "followers only", visibility="private")
    with pytest.raises(ApiError):
        world.reblog(bob, private)
    assert isinstance(world.reblog(alice, private), Status)


def test_a_list_holds_only_followed_accounts_and_follows_its_replies_policy(world: World) -> None:
    alice, bob, carol = who(world, "alice"), who(world, "bob"), who(world, "carol")
    members = world.create_list(alice, "friends")
    with pytest.raises(ApiError):
        world.add_to_list(members, [bob])  # not followed yet
    world.follow(alice, bob)
    world.add_to_list(members, [bob])
    to_carol = world.post(carol, "carol's")
    plain = world.post(bob, "plain")
    reply = world.post(bob, "to carol", in_reply_to=to_carol)
    assert world.list_feed(members) == [plain]
    members.replies_policy = "followed"
    world.follow(alice, carol)
    assert world.list_feed(members) == [reply, plain]
    world.unfollow(alice, bob)
    assert not members.has(bob)


def test_followers_who_asked_are_notified_of_each_new_status(world: World) -> None:
    alice, bob, carol = who(world, "alice"), who(world, "bob"), who(world, "carol")
    world.follow(bob, alice, notify=True)
    world.follow(carol, alice)
    world.post(alice, "news")
    world.post(alice, "for @bob")  # a mention, not also a status notification
    world.post(alice, "secret", visibility="direct")
    assert kinds(world, "bob") == [("mention", "alice"), ("status", "alice")]
    assert kinds(world, "carol") == []
