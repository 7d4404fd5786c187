"""client.statuses.reply against aiomastodon.testing's FakeMastodon, over real HTTP on
127.0.0.1: who is mentioned and notified, the audience, the content warning, and one
reply even when the answer to the first attempt is lost."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from aiomastodon import Client
from aiomastodon.scheduler import Scheduler
from aiomastodon.testing import FakeMastodon, VirtualClock
from aiomastodon.text import to_plain

pytestmark = pytest.mark.integration


@pytest.fixture
async def server() -> AsyncIterator[FakeMastodon]:
    async with FakeMastodon() as fake:
        await fake.seed(("alice", "bob", "carol"))
        yield fake


def as_user(server: FakeMastodon, username: str) -> Client:
    return Client(server.url, access_token=server.token(username), retries=0)


async def test_a_reply_answers_everyone_but_me_in_the_same_audience(server: FakeMastodon) -> None:
    await server.follow(as_="alice", target="bob")
    question = await server.post(
        as_="bob",
        text="@alice @carol which one?",
        visibility="private",
        spoiler_text="poll",
        language="de",
    )
    async with as_user(server, "alice") as alice:
        to = await alice.statuses.get(question)
        reply = await alice.statuses.reply(to, "the first", visibility="public")
        second = await alice.statuses.reply(to, "@bob or the second", spoiler_text="")
    assert reply.in_reply_to_id == question
    assert reply.visibility == "private"  # asked for public: never wider than the question
    assert (reply.spoiler_text, reply.language) == ("poll", "de")
    assert [m.acct for m in reply.mentions] == ["bob", "carol"]
    assert to_plain(reply.content) == "@bob @carol the first"
    # bob is in the text already: carol is put first, bob not twice
    assert [m.acct for m in second.mentions] == ["carol", "bob"]
    assert second.spoiler_text == ""
    assert to_plain(second.content) == "@carol @bob or the second"
    asked = [r for r in server.requests if r.path == "/api/v1/accounts/verify_credentials"]
    assert len(asked) == 1  # once for the client, not once per reply
    async with as_user(server, "carol") as carol:
        notified = [n async for n in carol.notifications.list(types="mention")]
    assert {n.status.id for n in notified if n.status} == {question, reply.id, second.id}


async def test_a_direct_message_is_answered_directly(server: FakeMastodon) -> None:
    secret = await server.post(as_="bob", text="@alice psst", visibility="direct")
    async with as_user(server, "alice") as alice:
        reply = await alice.statuses.reply(await alice.statuses.get(secret), "ok")
    assert reply.visibility == "direct"
    assert [m.acct for m in reply.mentions] == ["bob"]
    async with as_user(server, "carol") as carol:
        assert [s.id async for s in carol.timelines.public()] == []


async def test_a_lost_answer_is_retried_into_one_reply(server: FakeMastodon) -> None:
    question = await server.post(as_="bob", text="@alice hello?")
    clock = VirtualClock()
    scheduler = Scheduler(retries=2, clock=clock.time, sleep=clock.sleep)
    async with Client(server.url, access_token=server.token("alice"), scheduler=scheduler) as alice:
        to = await alice.statuses.get(question)
        server.faults.drop("/api/v1/statuses")  # made, then the connection cut mid-answer
        reply = await alice.statuses.reply(to, "hi")
        context = await alice.statuses.context(question)
    posts = [r for r in server.requests if r.method == "POST" and r.path == "/api/v1/statuses"]
    assert len(posts) == 2
    assert posts[0].header("Idempotency-Key") == posts[1].header("Idempotency-Key")
    assert [s.id for s in context.descendants] == [reply.id]
