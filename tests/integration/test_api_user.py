"""The user-facing endpoint groups over real HTTP against mastodon-mock on 127.0.0.1.

Accounts, statuses, timelines, media, notifications (v1 requests and policy, grouped v2),
markers, polls, scheduled statuses and conversations. ``notifications_alpha``
(``/api/v2_alpha``) is not served by the mock.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import aiohttp
import pytest

from aiomastodon import Client, NotFound
from aiomastodon.api.grouped_notifications import page_results
from aiomastodon.entities import (
    Account,
    Conversation,
    NotificationGroup,
    NotificationPolicy,
    NotificationRequest,
    Poll,
    Relationship,
    ScheduledStatus,
    Status,
    StatusEdit,
    Token,
)

pytestmark = pytest.mark.integration

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


async def _post_json(base_url: str, token: str, path: str, body: dict[str, Any]) -> Any:
    """A JSON POST outside the client, for setup the mock only reads from JSON bodies."""
    headers = {"Authorization": f"Bearer {token}"}
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{base_url.rstrip('/')}{path}", json=body, headers=headers) as response,
    ):
        assert response.status == 200, await response.text()
        return await response.json()


async def test_register_and_use_the_new_account(anonymous: Client, mock_url: str) -> None:
    token = await anonymous.accounts.create(
        username="newcomer",
        email="newcomer@example.org",
        password="correct horse battery staple",
        agreement=True,
        locale="en",
        reason="integration test",
    )
    assert isinstance(token, Token)
    assert token.access_token
    async with Client(mock_url, access_token=token.access_token) as newcomer:
        me = await newcomer.accounts.verify_credentials()
    assert me.username == "newcomer"


async def test_account_verbs(alice: Client, bob: Client) -> None:
    me = await alice.accounts.verify_credentials()
    friend = await alice.accounts.lookup("bob")  # alice follows bob in the seed
    both = await alice.accounts.get_many([me.id, friend.id])
    assert sorted(a.username for a in both) == ["alice", "bob"]
    noted = await alice.accounts.note(friend.id, comment="met at the conference")
    assert isinstance(noted, Relationship)
    assert noted.note == "met at the conference"
    assert (await alice.accounts.endorse(friend.id)).endorsed is True
    featured = await bob.accounts.endorsements(me.id).collect()
    assert [a.username for a in featured] == ["bob"]
    assert all(isinstance(a, Account) for a in featured)
    assert (await alice.accounts.unendorse(friend.id)).endorsed is False
    with pytest.warns(DeprecationWarning, match="endorse"):
        assert (await alice.accounts.pin(friend.id)).endorsed is True
    with pytest.warns(DeprecationWarning, match="unendorse"):
        assert (await alice.accounts.unpin(friend.id)).endorsed is False
    assert await alice.accounts.featured_tags(me.id) == []
    (familiar,) = await bob.accounts.familiar_followers(friend.id)
    assert familiar.id == friend.id
    with pytest.warns(DeprecationWarning, match="Account.fields"):
        assert await alice.accounts.identity_proofs(friend.id) == []
    removed = await bob.accounts.remove_from_followers(me.id)
    assert removed.followed_by is False
    assert (await alice.accounts.relationships(friend.id))[0].following is False


async def test_edit_translate_bookmark_and_quote(alice: Client, bob: Client) -> None:
    posted = await alice.statuses.create("first draft", visibility="public")
    edited = await alice.statuses.edit(posted.id, status="second draft", spoiler_text="cw")
    assert "second draft" in edited.content
    assert edited.edited_at is not None
    history = await alice.statuses.history(posted.id)
    assert all(isinstance(rev, StatusEdit) for rev in history)
    assert len(history) == 2
    assert "first draft" in history[0].content
    source = await alice.statuses.source(posted.id)
    assert (source.text, source.spoiler_text) == ("second draft", "cw")
    translated = await bob.statuses.translate(posted.id, lang="en")
    assert translated.content
    assert translated.content != edited.content
    assert (await bob.statuses.bookmark(posted.id)).bookmarked is True
    assert (await bob.statuses.unbookmark(posted.id)).bookmarked is False
    (fetched,) = await bob.statuses.get_many([posted.id])
    assert fetched.id == posted.id
    quoting = await bob.statuses.create("look at this", quoted_status_id=posted.id)
    quotes = await alice.statuses.quotes(posted.id).collect()
    assert [s.id for s in quotes] == [quoting.id]
    revoked = await alice.statuses.revoke_quote(posted.id, quoting.id)
    assert revoked.id == quoting.id
    assert revoked.quote is not None
    assert revoked.quote.state == "revoked"
    policy = await alice.statuses.edit_interaction_policy(posted.id, quote_approval_policy="nobody")
    assert isinstance(policy, Status)
    assert policy.id == posted.id


async def test_polls_scheduled_statuses_and_media(
    alice: Client, bob: Client, mock_url: str
) -> None:
    # mastodon-mock reads a poll only from a JSON body (Mastodon also reads the form's
    # poll[options][]), so the poll is posted by hand.
    asked = await _post_json(
        mock_url,
        "alice_token",
        "/api/v1/statuses",
        {
            "status": "tea or coffee?",
            "poll": {"options": ["tea", "coffee", "water"], "expires_in": 3600},
        },
    )
    voted = await bob.polls.vote(asked["poll"]["id"], choices=[1])
    assert isinstance(voted, Poll)
    assert (voted.voted, voted.own_votes) == (True, [1])
    poll = await alice.polls.get(asked["poll"]["id"])
    assert [o.votes_count for o in poll.options] == [0, 1, 0]

    when = datetime.now(timezone.utc) + timedelta(days=2)
    scheduled = await alice.statuses.schedule("later", scheduled_at=when)
    # One page: mastodon-mock ignores max_id here and sends no Link header, so a walk
    # would get the same page forever.
    listed = await anext(alice.scheduled_statuses.list().pages())
    assert [s.id for s in listed.items] == [scheduled.id]
    later = when + timedelta(days=1)
    moved = await alice.scheduled_statuses.update(scheduled.id, scheduled_at=later)
    assert isinstance(moved, ScheduledStatus)
    assert abs(moved.scheduled_at - later) < timedelta(seconds=1)
    assert (await alice.scheduled_statuses.get(scheduled.id)).id == scheduled.id
    await alice.scheduled_statuses.cancel(scheduled.id)
    with pytest.raises(NotFound):
        await alice.scheduled_statuses.get(scheduled.id)

    media = await alice.media.upload(PNG, description="never posted")
    await alice.media.delete(media.id)
    with pytest.raises(NotFound):
        await alice.media.get(media.id)


async def test_notification_requests_and_policy(alice: Client, mock_url: str) -> None:
    policy = await alice.notifications.update_policy(for_not_following="filter")
    assert isinstance(policy, NotificationPolicy)
    assert policy.for_not_following == "filter"
    assert (await alice.notifications.get_policy()).for_not_following == "filter"
    async with Client(mock_url, access_token="carol_token") as carol:  # alice follows only bob
        await carol.statuses.create("@alice hi, we have not met")
    (held,) = await alice.notifications.requests().collect()
    assert isinstance(held, NotificationRequest)
    assert held.account.username == "carol"
    assert (await alice.notifications.get_request(held.id)).id == held.id
    assert await alice.notifications.list().collect() == []
    await alice.notifications.accept_request(held.id)
    assert (await alice.notifications.requests_merged()).merged is True
    assert await alice.notifications.requests().collect() == []
    mentions = await alice.notifications.list(types=["mention"]).collect()
    assert [n.account.username for n in mentions] == ["carol"]
    assert (await alice.notifications.unread_count()).count == 1


async def test_grouped_notifications_and_markers(alice: Client, bob: Client) -> None:
    posted = await alice.statuses.create("favourite me")
    await bob.statuses.favourite(posted.id)
    await bob.statuses.create("@alice ping")
    pages = [page async for page in alice.grouped_notifications.list(limit=40).pages()]
    groups = [group for page in pages for group in page.items]
    assert all(isinstance(g, NotificationGroup) for g in groups)
    assert sorted(g.type for g in groups) == ["favourite", "mention"]
    results = page_results(pages[0])
    assert "bob" in [a.username for a in results.accounts]
    favourite = next(g for g in groups if g.type == "favourite")
    one = await alice.grouped_notifications.get(favourite.group_key)
    assert [g.group_key for g in one.notification_groups] == [favourite.group_key]
    accounts = await alice.grouped_notifications.accounts(favourite.group_key)
    assert [a.username for a in accounts] == ["bob"]
    assert (await alice.grouped_notifications.unread_count()).count == 2
    await alice.grouped_notifications.dismiss(favourite.group_key)
    left = await alice.grouped_notifications.list().collect()
    assert [g.type for g in left] == ["mention"]

    saved = await alice.markers.save(home=posted.id)
    assert saved.home is not None
    assert saved.home.last_read_id == posted.id
    markers = await alice.markers.get(timeline=["home"])
    assert markers.home is not None
    assert markers.home.last_read_id == posted.id


async def test_conversations_and_legacy_timelines(alice: Client, bob: Client) -> None:
    sent = await bob.statuses.create("@alice just between us", visibility="direct")
    (conversation,) = await alice.conversations.list().collect()
    assert isinstance(conversation, Conversation)
    assert conversation.last_status is not None
    assert conversation.last_status.id == sent.id
    read = await alice.conversations.mark_read(conversation.id)
    assert read.unread is False
    with pytest.warns(DeprecationWarning, match="conversations"):
        direct = await alice.timelines.direct().collect()
    assert [s.id for s in direct] == [sent.id]
    await alice.conversations.delete(conversation.id)
    assert await alice.conversations.list().collect() == []
    assert await alice.timelines.link("https://news.example/story").collect() == []
