"""client.timelines: home, public, hashtag and list timelines."""

from __future__ import annotations

import pytest

from aiomastodon.entities import Status

from ._helpers import (
    BASE,
    account,
    link,
    method_example,
    no_body,
    only_request,
    sent_nothing_else,
    status,
    with_params,
)

URL = f"{BASE}/api/v1/timelines"


async def first_page(paginator):
    return await anext(paginator.pages())


async def test_home_query(mocked, client):
    url = f"{URL}/home?limit=40&max_id=900&since_id=100"
    mocked.get(url, payload=[status("800"), status("700")])
    page = await first_page(client.timelines.home(limit=40, max_id="900", since_id="100"))
    assert [s.id for s in page.items] == ["800", "700"]
    assert all(isinstance(s, Status) for s in page.items)
    no_body(only_request(mocked, "GET", url))


async def test_home_walks_link_then_item_ids(mocked, client):
    first = f"{URL}/home?limit=2"
    second = with_params(first, max_id="500")
    third = with_params(first, max_id="400")
    mocked.get(first, payload=[status("600"), status("550")], headers=link(next=second))
    mocked.get(second, payload=[status("450"), status("400")])
    mocked.get(third, payload=[])
    assert [s.id async for s in client.timelines.home(limit=2)] == ["600", "550", "450", "400"]
    sent_nothing_else(mocked, ("GET", first), ("GET", second), ("GET", third))


async def test_home_min_id_walks_forward_oldest_first(mocked, client):
    first = f"{URL}/home?min_id=100"
    newer = f"{URL}/home?min_id=300"
    mocked.get(first, payload=[status("300"), status("200")], headers=link(prev=newer))
    mocked.get(newer, payload=[])
    assert [s.id async for s in client.timelines.home(min_id="100")] == ["200", "300"]
    sent_nothing_else(mocked, ("GET", first), ("GET", newer))


async def test_public_query(mocked, client):
    url = f"{URL}/public?local=true&remote=false&only_media=true&limit=5&min_id=1"
    mocked.get(url, payload=[status("2")])
    page = await first_page(
        client.timelines.public(local=True, remote=False, only_media=True, limit=5, min_id="1")
    )
    assert [s.id for s in page.items] == ["2"]
    only_request(mocked, "GET", url)


async def test_public_without_arguments(mocked, client):
    url = f"{URL}/public"
    mocked.get(url, payload=[])
    assert await client.timelines.public().collect() == []
    only_request(mocked, "GET", url)


async def test_tag_query_and_rails_arrays(mocked, client):
    url = (
        f"{URL}/tag/cats?any[]=dogs&any[]=birds&all[]=pets&none[]=nsfw&local=true"
        "&only_media=false&limit=3&max_id=99&since_id=1"
    )
    mocked.get(url, payload=[status("50")])
    page = await first_page(
        client.timelines.tag(
            "#cats",
            any=["dogs", "birds"],
            all=["pets"],
            none=["nsfw"],
            local=True,
            only_media=False,
            limit=3,
            max_id="99",
            since_id="1",
        )
    )
    assert [s.id for s in page.items] == ["50"]
    only_request(mocked, "GET", url)


async def test_tag_percent_encodes_the_hashtag(mocked, client):
    url = f"{URL}/tag/caf%C3%A9"
    mocked.get(url, payload=[])
    await client.timelines.tag("café").collect()
    only_request(mocked, "GET", url)


@pytest.mark.parametrize("list_id", ["42", "13585"])
async def test_list_query(mocked, client, list_id):
    url = f"{URL}/list/{list_id}?limit=2&since_id=10&max_id=20"
    mocked.get(url, payload=[status("15")])
    page = await first_page(client.timelines.list(list_id, limit=2, since_id="10", max_id="20"))
    assert [s.id for s in page.items] == ["15"]
    only_request(mocked, "GET", url)


async def test_link_query_encodes_the_url(mocked, client):
    url = (
        f"{URL}/link?url=https%3A%2F%2Fnews.example%2Fa%3Fb%3D1%26c%3D2"
        "&limit=2&max_id=90&since_id=10"
    )
    example = method_example("timelines.link")
    payload = [status(item["id"], **{**item, "account": account("1")}) for item in example]
    mocked.get(url, payload=payload)
    page = await first_page(
        client.timelines.link("https://news.example/a?b=1&c=2", limit=2, max_id="90", since_id="10")
    )
    assert [s.id for s in page.items] == [item["id"] for item in example]
    assert all(isinstance(s, Status) for s in page.items)
    no_body(only_request(mocked, "GET", url))


async def test_link_walks_link_then_item_ids(mocked, client):
    first = f"{URL}/link?url=https%3A%2F%2Fnews.example%2F&limit=2"
    second = with_params(first, max_id="500")
    third = with_params(first, max_id="400")
    mocked.get(first, payload=[status("600"), status("550")], headers=link(next=second))
    mocked.get(second, payload=[status("450"), status("400")])
    mocked.get(third, payload=[])
    got = [s.id async for s in client.timelines.link("https://news.example/", limit=2)]
    assert got == ["600", "550", "450", "400"]
    sent_nothing_else(mocked, ("GET", first), ("GET", second), ("GET", third))


async def test_direct_is_legacy(mocked, client):
    url = f"{URL}/direct?limit=2&min_id=5"
    example = method_example("timelines.direct")
    payload = [status(item["id"], **item) for item in example]
    newer = f"{URL}/direct?limit=2&min_id={example[0]['id']}"
    mocked.get(url, payload=payload, headers=link(prev=newer))
    mocked.get(newer, payload=[])
    with pytest.warns(DeprecationWarning, match=r"conversations\.list\(\)") as warned:
        walk = client.timelines.direct(limit=2, min_id="5")
    assert warned[0].filename == __file__
    statuses = await walk.collect()
    assert [(s.id, s.visibility) for s in statuses] == [(example[0]["id"], "direct")]
    sent_nothing_else(mocked, ("GET", url), ("GET", newer))
