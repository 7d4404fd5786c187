"""client.scheduled_statuses: list, reschedule and cancel scheduled statuses."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from aiomastodon.entities import ScheduledStatus

from ._helpers import (
    BASE,
    entity_example,
    form_of,
    link,
    method_example,
    no_body,
    only_request,
    sent_nothing_else,
    with_params,
)

URL = f"{BASE}/api/v1/scheduled_statuses"


def scheduled(scheduled_id):
    return {**entity_example("ScheduledStatus"), "id": scheduled_id}


async def test_list_query_and_example(mocked, client):
    url = f"{URL}?limit=5&max_id=9000&since_id=10"
    payload = method_example("scheduled_statuses.get")
    mocked.get(url, payload=payload)
    page = await anext(
        client.scheduled_statuses.list(limit=5, max_id="9000", since_id="10").pages()
    )
    assert all(isinstance(s, ScheduledStatus) for s in page.items)
    assert [(s.id, s.params.text) for s in page.items] == [
        (s["id"], s["params"]["text"]) for s in payload
    ]
    no_body(only_request(mocked, "GET", url))


async def test_list_walks_link_then_item_ids(mocked, client):
    first = f"{URL}?limit=2"
    second = with_params(first, max_id="50")
    third = with_params(first, max_id="30")
    mocked.get(first, payload=[scheduled("70"), scheduled("60")], headers=link(next=second))
    mocked.get(second, payload=[scheduled("40"), scheduled("30")])
    mocked.get(third, payload=[])
    got = [s.id async for s in client.scheduled_statuses.list(limit=2)]
    assert got == ["70", "60", "40", "30"]
    sent_nothing_else(mocked, ("GET", first), ("GET", second), ("GET", third))


async def test_get(mocked, client):
    url = f"{URL}/3221"
    payload = method_example("scheduled_statuses.get-one")
    mocked.get(url, payload=payload)
    got = await client.scheduled_statuses.get("3221")
    assert isinstance(got, ScheduledStatus)
    assert got.id == payload["id"]
    no_body(only_request(mocked, "GET", url))


async def test_update(mocked, client):
    url = f"{URL}/3221"
    payload = method_example("scheduled_statuses.update")
    mocked.put(url, payload=payload)
    when = datetime(2030, 12, 5, 13, 33, 1, tzinfo=timezone(timedelta(hours=1)))
    got = await client.scheduled_statuses.update("3221", scheduled_at=when)
    assert isinstance(got, ScheduledStatus)
    # fromisoformat() reads "Z" only from Python 3.11 on.
    sent = payload["scheduled_at"].replace("Z", "+00:00")
    assert got.scheduled_at == datetime.fromisoformat(sent)
    assert form_of(only_request(mocked, "PUT", url)) == [
        ("scheduled_at", "2030-12-05T13:33:01+01:00")
    ]


async def test_update_refuses_a_naive_time(mocked, client):
    with pytest.raises(ValueError, match="timezone"):
        await client.scheduled_statuses.update("3221", scheduled_at=datetime(2030, 1, 1))
    assert mocked.requests == {}


async def test_cancel(mocked, client):
    url = f"{URL}/3221"
    mocked.delete(url, payload=method_example("scheduled_statuses.cancel"))
    assert await client.scheduled_statuses.cancel("3221") is None
    no_body(only_request(mocked, "DELETE", url))
