"""client.favourites: the statuses you favourited."""

from __future__ import annotations

from aiomastodon.entities import Status

from ._helpers import BASE, assert_walks_link_pages, only_request, status


async def test_list_follows_the_link_header(mocked, client):
    # The cursors are favourite ids, not status ids: only the Link header is right.
    await assert_walks_link_pages(
        mocked, client.favourites.list(limit=2), f"{BASE}/api/v1/favourites?limit=2", status, Status
    )


async def test_list_without_limit(mocked, client):
    url = f"{BASE}/api/v1/favourites"
    mocked.get(url, payload=[status("5")])
    got = await client.favourites.list().collect()
    assert [s.id for s in got] == ["5"]
    assert isinstance(got[0], Status)
    only_request(mocked, "GET", url)
