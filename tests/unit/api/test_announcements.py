"""client.announcements: the staff's announcements."""

from __future__ import annotations

from aiomastodon.entities import Announcement, Reaction

from ._helpers import BASE, method_example, no_body, only_request

URL = f"{BASE}/api/v1/announcements"


async def test_list(mocked, client):
    payload = method_example("announcements.get")
    mocked.get(URL, payload=payload)
    found = await client.announcements.list()
    assert all(isinstance(a, Announcement) for a in found)
    assert [(a.id, a.read) for a in found] == [(a["id"], a["read"]) for a in payload]
    assert all(isinstance(r, Reaction) for r in found[0].reactions)
    assert [r.name for r in found[0].reactions] == [r["name"] for r in payload[0]["reactions"]]
    no_body(only_request(mocked, "GET", URL))


async def test_dismiss(mocked, client):
    url = f"{URL}/8/dismiss"
    mocked.post(url, payload=method_example("announcements.dismiss"))
    assert await client.announcements.dismiss("8") is None
    no_body(only_request(mocked, "POST", url))


async def test_add_reaction_with_a_unicode_emoji(mocked, client):
    url = f"{URL}/8/reactions/%F0%9F%91%8D"
    mocked.put(url, payload=method_example("announcements.put-reactions"))
    assert await client.announcements.add_reaction("8", "\N{THUMBS UP SIGN}") is None
    no_body(only_request(mocked, "PUT", url))


async def test_add_reaction_with_a_custom_emoji(mocked, client):
    url = f"{URL}/8/reactions/bongoCat"
    mocked.put(url, payload={})
    assert await client.announcements.add_reaction("8", "bongoCat") is None
    no_body(only_request(mocked, "PUT", url))


async def test_remove_reaction(mocked, client):
    url = f"{URL}/8/reactions/bongoCat"
    mocked.delete(url, payload=method_example("announcements.delete-reactions"))
    assert await client.announcements.remove_reaction("8", "bongoCat") is None
    no_body(only_request(mocked, "DELETE", url))
