"""client.featured_tags: the hashtags featured on your profile."""

from __future__ import annotations

from datetime import date

import pytest

from aiomastodon.entities import FeaturedTag, Tag

from ._helpers import BASE, form_of, method_example, no_body, only_request

URL = f"{BASE}/api/v1/featured_tags"


async def test_list(mocked, client):
    payload = method_example("featured_tags.get")
    mocked.get(URL, payload=payload)
    found = await client.featured_tags.list()
    assert all(isinstance(t, FeaturedTag) for t in found)
    assert [(t.id, t.name) for t in found] == [(t["id"], t["name"]) for t in payload]
    # The docs send a number and a datetime where the entity says string and date.
    assert found[0].statuses_count == "70"
    assert found[0].last_status_at == date(2022, 8, 29)
    no_body(only_request(mocked, "GET", URL))


@pytest.mark.parametrize("name", ["circasurvive", "#circasurvive"])
async def test_feature(mocked, client, name):
    payload = method_example("featured_tags.feature")
    mocked.post(URL, payload=payload)
    got = await client.featured_tags.feature(name)
    assert isinstance(got, FeaturedTag)
    assert (got.id, got.name) == (payload["id"], payload["name"])
    assert form_of(only_request(mocked, "POST", URL)) == [("name", "circasurvive")]


async def test_unfeature(mocked, client):
    url = f"{URL}/13174"
    mocked.delete(url, payload=method_example("featured_tags.unfeature"))
    assert await client.featured_tags.unfeature("13174") is None
    no_body(only_request(mocked, "DELETE", url))


async def test_suggestions(mocked, client):
    url = f"{URL}/suggestions"
    payload = method_example("featured_tags.suggestions")
    mocked.get(url, payload=payload)
    found = await client.featured_tags.suggestions()
    assert all(isinstance(t, Tag) for t in found)
    assert [t.name for t in found] == [t["name"] for t in payload]
    no_body(only_request(mocked, "GET", url))
