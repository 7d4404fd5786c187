"""client.follow_requests: accept or reject who asks to follow you."""

from __future__ import annotations

import pytest

from aiomastodon.entities import Account, Relationship

from ._helpers import (
    BASE,
    account,
    assert_walks_link_pages,
    method_example,
    no_body,
    only_request,
)


async def test_list_follows_the_link_header(mocked, client):
    await assert_walks_link_pages(
        mocked,
        client.follow_requests.list(limit=2),
        f"{BASE}/api/v1/follow_requests?limit=2",
        account,
        Account,
    )


@pytest.mark.parametrize(
    ("verb", "example"),
    [("authorize", "follow_requests.accept"), ("reject", "follow_requests.reject")],
)
async def test_answer_a_request(mocked, client, verb, example):
    url = f"{BASE}/api/v1/follow_requests/8/{verb}"
    payload = method_example(example)
    mocked.post(url, payload=payload)
    rel = await getattr(client.follow_requests, verb)("8")
    assert isinstance(rel, Relationship)
    assert rel.followed_by is payload["followed_by"]
    no_body(only_request(mocked, "POST", url))
