"""The Paginator: which URL each page comes from, in which order items come out, cursors."""

from __future__ import annotations

import asyncio
import json

import pytest
from aioresponses import aioresponses
from yarl import URL

from aiomastodon import (
    Client,
    Cursor,
    DecodeError,
    PaginationError,
    ServerError,
    TransportError,
)
from tests.conftest import BASE, TOKEN

HOME = f"{BASE}/api/v1/timelines/home"
BLOCKS = f"{BASE}/api/v1/blocks"


def status(status_id: str) -> dict[str, object]:
    return {
        "id": status_id,
        "created_at": "2026-11-27T00:00:00.000Z",
        "account": {"id": f"a{status_id}", "created_at": "2026-01-01T00:00:00Z"},
        "content": f"<p>status {status_id}</p>",
    }


def account(account_id: str) -> dict[str, object]:
    return {"id": account_id, "username": f"u{account_id}", "created_at": "2026-01-01T00:00:00Z"}


def link(**rels: str) -> dict[str, str]:
    return {"Link": ", ".join(f'<{url}>; rel="{rel}"' for rel, url in rels.items())}


def norm(url: str | URL) -> str:
    """A URL with its query sorted, as aioresponses records it."""
    parsed = URL(url)
    return str(parsed.with_query(sorted(parsed.query.items())))


def sent_urls(mocked: aioresponses) -> set[str]:
    """Every URL requested (query sorted)."""
    return {norm(url) for (_method, url) in mocked.requests}


def urls(*items: str) -> set[str]:
    return {norm(u) for u in items}


async def test_older_walk_follows_next_links_exactly(mocked: aioresponses, client: Client) -> None:
    # The next link carries a cursor the client could not have built (an opaque value).
    nxt = f"{HOME}?limit=2&max_id=opaque-77&extra=kept"
    mocked.get(f"{HOME}?limit=2", payload=[status("9"), status("8")], headers=link(next=nxt))
    mocked.get(nxt, payload=[status("7")])
    # No Link on the last page: the home timeline's ids are public, so the walk asks once
    # more with max_id from the last item, and an empty page ends it.
    mocked.get(f"{HOME}?limit=2&max_id=7", payload=[])
    items = await client.timelines.home(limit=2).collect()
    assert [s.id for s in items] == ["9", "8", "7"]
    assert sent_urls(mocked) == urls(f"{HOME}?limit=2", nxt, f"{HOME}?limit=2&max_id=7")


async def test_empty_page_ends_an_older_walk_and_is_not_yielded(
    mocked: aioresponses, client: Client
) -> None:
    nxt = f"{HOME}?max_id=8"
    mocked.get(HOME, payload=[status("9"), status("8")], headers=link(next=nxt))
    mocked.get(nxt, payload=[])
    paginator = client.timelines.home()
    pages = [page async for page in paginator.pages()]
    assert [len(p) for p in pages] == [2]
    assert paginator.cursor.done


async def test_newer_walk_yields_oldest_first_without_gaps(
    mocked: aioresponses, client: Client
) -> None:
    second = f"{HOME}?min_id=13"
    third = f"{HOME}?min_id=15"
    # The server answers newest first within each page.
    mocked.get(
        f"{HOME}?min_id=10",
        payload=[status("13"), status("12"), status("11")],
        headers=link(next=f"{HOME}?max_id=11", prev=second),
    )
    mocked.get(second, payload=[status("15"), status("14")], headers=link(prev=third))
    mocked.get(third, payload=[])
    paginator = client.timelines.home(min_id="10")
    items = [s.id async for s in paginator]
    assert items == ["11", "12", "13", "14", "15"]
    # Caught up, not done: resuming later asks again from the newest seen.
    assert not paginator.cursor.done
    assert paginator.cursor.next_url == third
    assert paginator.cursor.direction == "newer"


async def test_newer_walk_reads_a_since_id_link_as_min_id(
    mocked: aioresponses, client: Client
) -> None:
    mocked.get(
        f"{HOME}?min_id=1",
        payload=[status("3"), status("2")],
        headers=link(prev=f"{HOME}?since_id=3"),
    )
    mocked.get(f"{HOME}?min_id=3", payload=[])
    assert [s.id async for s in client.timelines.home(min_id="1")] == ["2", "3"]
    assert norm(f"{HOME}?since_id=3") not in sent_urls(mocked)


async def test_filters_dropped_by_a_link_are_put_back(mocked: aioresponses, client: Client) -> None:
    first = f"{BASE}/api/v1/timelines/public?local=true&limit=1"
    # Some servers (mastodon-mock) drop filters from their links.
    mocked.get(
        first,
        payload=[status("5")],
        headers=link(next=f"{BASE}/api/v1/timelines/public?max_id=5&limit=1"),
    )
    mocked.get(f"{BASE}/api/v1/timelines/public?max_id=5&limit=1&local=true", payload=[])
    assert [s.id async for s in client.timelines.public(local=True, limit=1)] == ["5"]


async def test_id_paged_endpoint_without_link_uses_item_ids(
    mocked: aioresponses, client: Client
) -> None:
    mocked.get(f"{HOME}?limit=2", payload=[status("9"), status("8")])
    mocked.get(f"{HOME}?limit=2&max_id=8", payload=[status("7")])
    mocked.get(f"{HOME}?limit=2&max_id=7", payload=[])
    assert [s.id async for s in client.timelines.home(limit=2)] == ["9", "8", "7"]


async def test_link_paged_endpoint_without_link_stops(mocked: aioresponses, client: Client) -> None:
    # Blocks page by hidden ids: building max_id from the accounts' ids would be wrong.
    mocked.get(BLOCKS, payload=[account("5"), account("4")])
    items = await client.blocks.list().collect()
    assert [a.id for a in items] == ["5", "4"]
    assert sent_urls(mocked) == urls(BLOCKS)


async def test_link_paged_endpoint_follows_hidden_cursors(
    mocked: aioresponses, client: Client
) -> None:
    nxt = f"{BLOCKS}?max_id=900"  # a Block record id, unrelated to the account ids
    mocked.get(BLOCKS, payload=[account("5"), account("4")], headers=link(next=nxt))
    mocked.get(nxt, payload=[account("3")])
    assert [a.id async for a in client.blocks.list()] == ["5", "4", "3"]
    assert norm(f"{BLOCKS}?max_id=4") not in sent_urls(mocked)


async def test_offset_paging(mocked: aioresponses, client: Client) -> None:
    search = f"{BASE}/api/v1/accounts/search?q=al&limit=2"
    mocked.get(search, payload=[account("1"), account("2")])
    mocked.get(f"{search}&offset=2", payload=[account("3")])
    mocked.get(f"{search}&offset=3", payload=[])
    assert [a.id async for a in client.accounts.search("al", limit=2)] == ["1", "2", "3"]


async def test_search_view_pages_by_offset_inside_the_envelope(
    mocked: aioresponses, client: Client
) -> None:
    url = f"{BASE}/api/v2/search?q=py&type=hashtags&limit=1"
    tag = {"name": "python", "url": "https://example.social/tags/python", "history": []}
    mocked.get(url, body=json.dumps({"accounts": [], "statuses": [], "hashtags": [tag]}))
    mocked.get(f"{url}&offset=1", payload={"accounts": [], "statuses": [], "hashtags": []})
    pages = [page async for page in client.search.hashtags("py", limit=1).pages()]
    assert [[t.name for t in p.items] for p in pages] == [["python"]]
    assert json.loads(pages[0].raw_items()[0]) == tag


async def test_take_stops_without_requesting_more(mocked: aioresponses, client: Client) -> None:
    nxt = f"{HOME}?max_id=8"
    mocked.get(HOME, payload=[status("9"), status("8")], headers=link(next=nxt))
    pages = [page async for page in client.timelines.home().take(1).pages()]
    assert [[s.id for s in p.items] for p in pages] == [["9"]]
    assert [len(p.raw_items()) for p in pages] == [1]
    assert sent_urls(mocked) == urls(HOME)
    assert await client.timelines.home().take(0).collect() == []


async def test_a_page_cut_short_by_take_is_fetched_again_on_resume(
    mocked: aioresponses, client: Client
) -> None:
    nxt = f"{HOME}?max_id=8"
    for _ in range(2):
        mocked.get(HOME, payload=[status("9"), status("8")], headers=link(next=nxt))
    mocked.get(nxt, payload=[])
    paginator = client.timelines.home().take(1)
    assert [s.id async for s in paginator] == ["9"]
    assert paginator.cursor.next_url is None  # still before the first page
    rest = [s.id async for s in client.timelines.home().resume(paginator.cursor)]
    assert rest == ["9", "8"]  # "8" was never handed out: nothing is lost


async def test_links_without_next_end_the_walk_without_guessing(
    mocked: aioresponses, client: Client
) -> None:
    # Mastodon leaves rel="next" out on a short last page but still sends rel="prev".
    mocked.get(HOME, payload=[status("9")], headers=link(prev=f"{HOME}?min_id=9"))
    assert [s.id async for s in client.timelines.home()] == ["9"]
    assert sent_urls(mocked) == urls(HOME)


async def test_a_server_that_ignores_the_cursor_is_an_error_not_a_loop(
    mocked: aioresponses, client: Client
) -> None:
    # No Link, and max_id ignored: the item-id fallback would ask for the same page again.
    for _ in range(3):
        mocked.get(f"{HOME}?limit=2", payload=[status("9"), status("8")])
        mocked.get(f"{HOME}?limit=2&max_id=8", payload=[status("9"), status("8")])
    with pytest.raises(PaginationError, match="already fetched") as caught:
        await client.timelines.home(limit=2).collect()
    assert caught.value.cursor is not None


def test_take_needs_a_count(client: Client) -> None:
    with pytest.raises(ValueError, match="zero or more"):
        client.timelines.home().take(-1)


async def test_raw_bytes_are_kept_exactly(mocked: aioresponses, client: Client) -> None:
    # Odd spacing and an unknown field: the bytes must come back as the server sent them.
    account_json = b'"account":{"id":"a","created_at":"2026-01-01T00:00:00Z"}'
    body = (
        b'[ {"id":"2","created_at":"2026-11-27T00:00:00Z",'
        + account_json
        + b',"x_new":{"a":1}} ,\n'
        b'{"id":"1","created_at":"2026-11-27T00:00:00Z",' + account_json + b"}]"
    )
    mocked.get(HOME, body=body)
    mocked.get(f"{HOME}?max_id=1", payload=[])
    (page,) = [p async for p in client.timelines.home().pages()]
    assert page.raw == body
    raws = page.raw_items()
    assert raws[0].startswith(b'{"id":"2"')
    assert raws[0].endswith(b'"x_new":{"a":1}}')
    assert b"".join(raws) in body.replace(b" ,\n", b"")
    assert [json.loads(r)["id"] for r in raws] == [s.id for s in page.items]


async def test_raw_items_follow_the_newer_order(mocked: aioresponses, client: Client) -> None:
    mocked.get(f"{HOME}?min_id=1", payload=[status("3"), status("2")])
    mocked.get(f"{HOME}?min_id=3", payload=[])
    (page,) = [p async for p in client.timelines.home(min_id="1").pages()]
    assert [json.loads(r)["id"] for r in page.raw_items()] == ["2", "3"]


async def test_error_mid_walk_carries_a_cursor_and_resume_is_exact(
    mocked: aioresponses, client: Client
) -> None:
    second = f"{HOME}?max_id=8"
    third = f"{HOME}?max_id=6"
    mocked.get(HOME, payload=[status("9"), status("8")], headers=link(next=second))
    mocked.get(second, payload=[status("7"), status("6")], headers=link(next=third))
    mocked.get(third, status=503, body=b"<html>down</html>")
    mocked.get(third, payload=[status("5")], headers=link(next=f"{HOME}?max_id=5"))
    mocked.get(f"{HOME}?max_id=5", payload=[])

    seen: list[str] = []
    paginator = client.timelines.home()

    async def walk() -> None:
        async for item in paginator:
            seen.append(item.id)

    with pytest.raises(ServerError) as caught:
        await walk()
    cursor = caught.value.cursor
    assert cursor is not None
    assert cursor.next_url == third
    assert paginator.cursor == cursor  # the paginator agrees on where to resume
    saved = Cursor.from_json(cursor.to_json())
    assert saved == cursor
    seen += [s.id async for s in client.timelines.home().resume(saved)]
    assert seen == ["9", "8", "7", "6", "5"]


async def test_malformed_page_is_a_decode_error_never_a_quiet_end(
    mocked: aioresponses, client: Client
) -> None:
    second = f"{HOME}?max_id=8"
    mocked.get(HOME, payload=[status("9")], headers=link(next=second))
    mocked.get(second, body=b'[{"id": "8", "created_at": "2026-')
    with pytest.raises(DecodeError) as caught:
        await client.timelines.home().collect()
    assert caught.value.endpoint == "GET /api/v1/timelines/home"
    assert caught.value.cursor is not None
    assert caught.value.cursor.next_url == second


async def test_malformed_link_header_is_a_pagination_error(
    mocked: aioresponses, client: Client
) -> None:
    mocked.get(HOME, payload=[status("9")], headers={"Link": "<https://x; rel=next"})
    with pytest.raises(PaginationError, match="malformed Link header"):
        await client.timelines.home().collect()


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/api/v1/timelines/home?max_id=1",  # other host
        "http://example.social/api/v1/timelines/home?max_id=1",  # other scheme
        "https://example.social:8443/api/v1/timelines/home?max_id=1",  # other port
    ],
)
async def test_cross_origin_link_is_refused_and_gets_no_token(
    mocked: aioresponses, client: Client, target: str
) -> None:
    mocked.get(HOME, payload=[status("9")], headers=link(next=target))
    mocked.get(target, payload=[])
    with pytest.raises(PaginationError, match="another origin") as caught:
        await client.timelines.home().collect()
    assert sent_urls(mocked) == urls(HOME)
    assert TOKEN not in str(caught.value)


async def test_resume_refuses_a_cursor_of_another_endpoint(client: Client) -> None:
    cursor = Cursor(endpoint="timelines.public", path="/api/v1/timelines/public")
    with pytest.raises(ValueError, match=r"timelines\.public"):
        client.timelines.home().resume(cursor)


async def test_newer_cursor_of_a_page(mocked: aioresponses, client: Client) -> None:
    prev = f"{BLOCKS}?min_id=950"
    mocked.get(BLOCKS, payload=[account("5")], headers=link(prev=prev))
    (page,) = [p async for p in client.blocks.list().pages()]
    newer = page.newer_cursor
    assert newer is not None
    assert (newer.direction, newer.next_url, newer.done) == ("newer", prev, False)
    mocked.get(
        prev, payload=[account("7"), account("6")], headers=link(prev=f"{BLOCKS}?min_id=990")
    )
    mocked.get(f"{BLOCKS}?min_id=990", payload=[])
    assert [a.id async for a in client.blocks.list().resume(newer)] == ["6", "7"]


async def test_read_ahead_holds_at_most_one_page_ahead(
    mocked: aioresponses, client: Client
) -> None:
    pages_urls = [HOME] + [f"{HOME}?max_id={n}" for n in (8, 6, 4)]
    for index, url in enumerate(pages_urls):
        nxt = pages_urls[index + 1] if index + 1 < len(pages_urls) else f"{HOME}?max_id=2"
        payload = [status(str(9 - 2 * index)), status(str(8 - 2 * index))]
        mocked.get(url, payload=payload, headers=link(next=nxt))
    mocked.get(f"{HOME}?max_id=2", payload=[])
    walk = client.timelines.home().read_ahead().pages()
    first = await walk.__anext__()
    for _ in range(5):  # let the read-ahead task run as far as it can
        await asyncio.sleep(0)
    assert [s.id for s in first.items] == ["9", "8"]
    # The current page and one ahead, no more.
    assert sent_urls(mocked) == urls(*pages_urls[:2])
    rest = [page async for page in walk]
    assert [s.id for p in rest for s in p.items] == ["7", "6", "5", "4", "3", "2"]


async def test_read_ahead_gives_the_same_items(mocked: aioresponses, client: Client) -> None:
    for _ in range(2):
        mocked.get(HOME, payload=[status("9"), status("8")], headers=link(next=f"{HOME}?max_id=8"))
        mocked.get(f"{HOME}?max_id=8", payload=[status("7")])
        mocked.get(f"{HOME}?max_id=7", payload=[])
    plain = [s.id async for s in client.timelines.home()]
    ahead = [s.id async for s in client.timelines.home().read_ahead()]
    assert plain == ahead == ["9", "8", "7"]


async def test_paginator_starts_no_request_until_iterated(
    mocked: aioresponses, client: Client
) -> None:
    paginator = client.timelines.home(limit=40)
    assert "timelines/home" in repr(paginator)
    assert mocked.requests == {}
    with pytest.raises(TransportError):
        # aioresponses refuses unregistered URLs: proof that iterating is what sends.
        await paginator.collect()


def test_cursor_is_plain_json() -> None:
    cursor = Cursor(
        endpoint="timelines.home",
        path="/api/v1/timelines/home",
        params=[("limit", "40"), ("local", "true")],
        next_url=f"{HOME}?max_id=5",
    )
    data = json.loads(cursor.to_json())
    assert data == {
        "endpoint": "timelines.home",
        "path": "/api/v1/timelines/home",
        "params": [["limit", "40"], ["local", "true"]],
        "direction": "older",
        "next_url": f"{HOME}?max_id=5",
        "offset": 0,
        "done": False,
        "item": None,
        "envelope": None,
        "paging": None,
    }
    assert Cursor.from_json(json.dumps(data)) == cursor


def test_url_helpers_agree() -> None:
    assert URL(f"{HOME}?max_id=8").path == "/api/v1/timelines/home"
