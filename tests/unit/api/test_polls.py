"""client.polls: read polls and vote."""

from __future__ import annotations

import pytest

from aiomastodon.entities import Poll

from ._helpers import BASE, form_of, method_example, no_body, only_request

URL = f"{BASE}/api/v1/polls/34830"


async def test_get(mocked, client):
    payload = method_example("polls.get")
    mocked.get(URL, payload=payload)
    poll = await client.polls.get("34830")
    assert isinstance(poll, Poll)
    assert (poll.id, poll.expired, poll.own_votes) == ("34830", True, [1])
    assert [(o.title, o.votes_count) for o in poll.options] == [("accept", 6), ("deny", 4)]
    no_body(only_request(mocked, "GET", URL))


async def test_vote_for_several(mocked, client):
    url = f"{URL}/votes"
    payload = method_example("polls.vote")
    mocked.post(url, payload=payload)
    poll = await client.polls.vote("34830", choices=[0, 2])
    assert isinstance(poll, Poll)
    assert (poll.voted, poll.own_votes) == (True, payload["own_votes"])
    assert form_of(only_request(mocked, "POST", url)) == [("choices[]", "0"), ("choices[]", "2")]


async def test_vote_for_one(mocked, client):
    url = f"{URL}/votes"
    mocked.post(url, payload=method_example("polls.vote"))
    await client.polls.vote("34830", choices=1)
    assert form_of(only_request(mocked, "POST", url)) == [("choices[]", "1")]


async def test_vote_needs_a_choice(mocked, client):
    with pytest.raises(ValueError, match="at least one"):
        await client.polls.vote("34830", choices=[])
    assert mocked.requests == {}
