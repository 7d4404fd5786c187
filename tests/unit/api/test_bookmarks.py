"""client.bookmarks: the statuses you bookmarked."""

from __future__ import annotations

from aiomastodon.entities import Status

from ._helpers import BASE, assert_walks_link_pages, only_request, status


async def test_list_follows_the_link_header(mocked, client):
    # The cursors are bookmark ids, not status ids: only the Link header is right.
    await assert_walks_link_pages(
        mocked, client.bookmarks.list(limit=2), f"{BASE}/api/v1/bookmarks?limit=2", status, Status
    )


async def test_list_passes_cursors_through(mocked, client):
    url = f"{BASE}/api/v1/bookmarks?max_id=77&limit=3"
    mocked.get(url, payload=[status("5")])
    got = await client.bookmarks.list(limit=3, max_id="77").collect()
    assert [s.id for s in got] == ["5"]
    only_request(mocked, "GET", url)
