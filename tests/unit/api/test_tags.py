"""client.tags: one hashtag: read, follow, feature."""

from __future__ import annotations

import pytest

from aiomastodon.entities import Tag

from ._helpers import BASE, method_example, no_body, only_request

URL = f"{BASE}/api/v1/tags"


@pytest.mark.parametrize("name", ["caturday", "#caturday"])
async def test_get(mocked, client, name):
    url = f"{URL}/caturday"
    payload = method_example("tags.get")
    mocked.get(url, payload=payload)
    got = await client.tags.get(name)
    assert isinstance(got, Tag)
    assert (got.id, got.name, got.following) == (payload["id"], payload["name"], False)
    assert len(got.history) == len(payload["history"])
    no_body(only_request(mocked, "GET", url))


async def test_get_encodes_the_name(mocked, client):
    url = f"{URL}/caf%C3%A9"
    mocked.get(url, payload=method_example("tags.get"))
    await client.tags.get("café")
    only_request(mocked, "GET", url)


@pytest.mark.parametrize("method", ["follow", "unfollow", "feature", "unfeature"])
async def test_actions(mocked, client, method):
    url = f"{URL}/Caturday/{method}"
    payload = method_example(f"tags.{method}")
    mocked.post(url, payload=payload)
    got = await getattr(client.tags, method)("#Caturday")
    assert isinstance(got, Tag)
    assert (got.name, got.url, got.following, got.featuring) == (
        payload["name"],
        payload["url"],
        payload.get("following"),
        payload.get("featuring"),
    )
    no_body(only_request(mocked, "POST", url))


async def test_follow_answers_following(mocked, client):
    url = f"{URL}/caturday/follow"
    mocked.post(url, payload={"name": "caturday", "url": "x", "following": True})
    assert (await client.tags.follow("caturday")).following is True
    only_request(mocked, "POST", url)
