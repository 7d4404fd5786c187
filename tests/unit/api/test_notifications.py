"""client.notifications: read and dismiss notifications."""

from __future__ import annotations

import pytest

from aiomastodon.entities import Notification

from ._helpers import (
    BASE,
    form_of,
    link,
    method_example,
    no_body,
    notification,
    only_request,
    sent_nothing_else,
    with_params,
)

URL = f"{BASE}/api/v1/notifications"


async def test_list_query(mocked, client):
    url = (
        f"{URL}?types[]=mention&types[]=follow&exclude_types[]=poll&account_id=5"
        "&include_filtered=true&limit=2&max_id=90&since_id=10"
    )
    mocked.get(url, payload=[notification("80"), notification("70", "follow")])
    page = await anext(
        client.notifications.list(
            types=["mention", "follow"],
            exclude_types=["poll"],
            account_id="5",
            include_filtered=True,
            limit=2,
            max_id="90",
            since_id="10",
        ).pages()
    )
    assert [(n.id, n.type) for n in page.items] == [("80", "mention"), ("70", "follow")]
    assert all(isinstance(n, Notification) for n in page.items)
    only_request(mocked, "GET", url)


async def test_list_walks_link_then_item_ids(mocked, client):
    first = f"{URL}?limit=2"
    second = with_params(first, max_id="50")
    third = with_params(first, max_id="30")
    mocked.get(first, payload=[notification("70"), notification("60")], headers=link(next=second))
    mocked.get(second, payload=[notification("40"), notification("30")])
    mocked.get(third, payload=[])
    got = [n.id async for n in client.notifications.list(limit=2)]
    assert got == ["70", "60", "40", "30"]
    sent_nothing_else(mocked, ("GET", first), ("GET", second), ("GET", third))


async def test_list_min_id_walks_forward(mocked, client):
    first = f"{URL}?min_id=10"
    newer = f"{URL}?min_id=30"
    mocked.get(first, payload=[notification("30"), notification("20")], headers=link(prev=newer))
    mocked.get(newer, payload=[])
    assert [n.id async for n in client.notifications.list(min_id="10")] == ["20", "30"]
    sent_nothing_else(mocked, ("GET", first), ("GET", newer))


async def test_get(mocked, client):
    url = f"{URL}/34975861"
    mocked.get(url, payload=notification("34975861"))
    got = await client.notifications.get("34975861")
    assert isinstance(got, Notification)
    assert got.status is not None
    no_body(only_request(mocked, "GET", url))


async def test_clear(mocked, client):
    url = f"{URL}/clear"
    mocked.post(url, payload=method_example("notifications.clear"))
    assert await client.notifications.clear() is None
    no_body(only_request(mocked, "POST", url))


async def test_dismiss(mocked, client):
    url = f"{URL}/34975861/dismiss"
    mocked.post(url, payload=method_example("notifications.dismiss"))
    assert await client.notifications.dismiss("34975861") is None
    no_body(only_request(mocked, "POST", url))


async def test_dismiss_legacy_sends_the_id_in_the_body(mocked, client):
    url = f"{URL}/dismiss"
    mocked.post(url, payload=method_example("notifications.dismiss-deprecated"))
    with pytest.warns(DeprecationWarning, match=r"notifications\.dismiss\(id\)"):
        assert await client.notifications.dismiss_legacy("34975861") is None
    assert form_of(only_request(mocked, "POST", url)) == [("id", "34975861")]
