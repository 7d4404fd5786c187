"""What a server cannot do to a walk: lead it in circles, repeat items, fail a page with one
bad item (issue 12), or slip it a link it cannot follow."""

from __future__ import annotations

import json
import logging
from typing import Any

import msgspec
import pytest
from aioresponses import aioresponses
from hypothesis import example, given
from hypothesis import strategies as st
from yarl import URL

from aiomastodon import Client, PaginationError, Paginator
from aiomastodon._sansio import guard as guard_module
from aiomastodon._sansio.guard import (
    RECENT_PAGES,
    REMEMBERED_IDS,
    WalkGuard,
    id_before,
    same_second,
)
from tests.unit.test_pagination import BLOCKS, HOME, account, link, norm, sent_urls, status


def requests_of(mocked: aioresponses) -> list[str]:
    """Every URL requested, query sorted, as often as it was requested."""
    return [norm(url) for (_method, url), calls in mocked.requests.items() for _ in calls]


async def collect_into(paginator: Paginator[Any], ids: list[str]) -> None:
    """Walk into ``ids`` (which keeps what came before an error)."""
    async for item in paginator:
        ids.append(item.id)


# --- cycles -------------------------------------------------------------------------------


async def test_a_two_page_cycle_raises_and_fetches_each_page_once(
    mocked: aioresponses, client: Client
) -> None:
    b = f"{BLOCKS}?max_id=b"
    mocked.get(BLOCKS, payload=[account("5")], headers=link(next=b))
    mocked.get(b, payload=[account("4")], headers=link(next=BLOCKS))  # back to A
    got: list[str] = []
    with pytest.raises(PaginationError, match="already fetched") as caught:
        await collect_into(client.blocks.list(), got)
    assert got == ["5", "4"]
    assert caught.value.endpoint == "GET /api/v1/blocks"
    assert sorted(requests_of(mocked)) == sorted([norm(BLOCKS), norm(b)])


async def test_a_three_page_cycle_raises(mocked: aioresponses, client: Client) -> None:
    b, c = f"{BLOCKS}?max_id=b", f"{BLOCKS}?max_id=c"
    mocked.get(BLOCKS, payload=[account("5")], headers=link(next=b))
    mocked.get(b, payload=[account("4")], headers=link(next=c))
    mocked.get(c, payload=[account("3")], headers=link(next=BLOCKS))
    with pytest.raises(PaginationError, match="already fetched"):
        await client.blocks.list().collect()
    assert len(requests_of(mocked)) == 3


async def test_the_same_page_with_its_query_reordered_is_the_same_page(
    mocked: aioresponses, client: Client
) -> None:
    a = f"{BLOCKS}?limit=2&max_id=9"
    a_again = f"{BLOCKS}?max_id=9&limit=2"
    mocked.get(f"{BLOCKS}?limit=2", payload=[account("5")], headers=link(next=a))
    mocked.get(a, payload=[account("4")], headers=link(next=a_again))
    with pytest.raises(PaginationError, match="already fetched"):
        await client.blocks.list(limit=2).collect()
    assert len(requests_of(mocked)) == 2


async def test_a_next_that_goes_back_to_newer_items_raises(
    mocked: aioresponses, client: Client
) -> None:
    # Every link is new, so only the items' ids show that the walk goes nowhere.
    pages = [["9", "8"], ["20", "19"], ["30", "29"], ["7", "6"]]
    for index, ids in enumerate(pages):
        url = HOME if index == 0 else f"{HOME}?max_id=x{index}"
        mocked.get(
            url, payload=[status(i) for i in ids], headers=link(next=f"{HOME}?max_id=x{index + 1}")
        )
    got: list[str] = []
    with pytest.raises(PaginationError, match="nothing older") as caught:
        await collect_into(client.timelines.home(), got)
    assert caught.value.endpoint == "GET /api/v1/timelines/home"
    # One page that goes nowhere is let through (ids that order only to the second);
    # the second in a row ends the walk before anything of it is yielded.
    assert got == ["9", "8", "20", "19"]
    # The fourth page was asked for while the third was read (and never handed over).
    assert len(requests_of(mocked)) == 4


async def test_snac_pages_inside_one_second_are_walked_to_the_end(
    mocked: aioresponses, client: Client
) -> None:
    # Seen live: seven posts within one second, walked three at a time. snac's ids are
    # that second and an MD5, so pages two and three bring nothing older by the text.
    second = "1796182046"
    ids = [second + digest for digest in ("f6", "00", "10", "e1", "a0", "ff", "c7")]
    ids = [i + "0" * (42 - len(i)) for i in ids]
    pages = [ids[0:3], ids[3:6], ids[6:], []]
    for index, page in enumerate(pages):
        url = HOME if index == 0 else f"{HOME}?max_id={pages[index - 1][-1]}"
        following = link(next=f"{HOME}?max_id={page[-1]}") if page else {}
        mocked.get(url, payload=[status(i) for i in page], headers=following)
    got: list[str] = []
    await collect_into(client.timelines.home(), got)
    assert got == ids


def test_same_second_is_only_snacs_ids_of_one_second() -> None:
    a = "1796182046f61c1e2f499b542858f5064c8c98a708"
    assert same_second(a, "179618204690A7223230AE7F13E4B0FF157C140C89")
    assert not same_second(a, "1796182047a2dbe34682f8ca0ec49ff5054ef7f453")  # next second
    assert not same_second("109372843255437051", "109372843255437052")  # Mastodon
    assert not same_second("01JAB0000000000000000000AA", "01JAB0000000000000000000AB")
    assert not same_second(a, a[:10] + "x" * 32)  # not an MD5


async def test_a_server_that_serves_the_same_items_under_new_links_is_stopped(
    mocked: aioresponses, client: Client
) -> None:
    for index in range(4):
        url = BLOCKS if index == 0 else f"{BLOCKS}?max_id=r{index}"
        mocked.get(
            url,
            payload=[account("5"), account("4")],
            headers=link(next=f"{BLOCKS}?max_id=r{index + 1}"),
        )
    with pytest.raises(PaginationError, match="nothing new"):
        await client.blocks.list().collect()


def test_brent_catches_a_cycle_longer_than_the_exact_window() -> None:
    guard = WalkGuard(ordered=False, newer=False)
    cycle = 3 * RECENT_PAGES
    visits = 0
    while guard.visit(URL(f"{HOME}?max_id={visits % cycle}")):
        visits += 1
        assert visits < 4 * cycle, "the cycle was never noticed"
    assert visits >= cycle  # every page of the first turn was new


def test_the_id_memory_is_bounded() -> None:
    guard = WalkGuard(ordered=False, newer=False)
    for n in range(10 * REMEMBERED_IDS):
        assert not guard.is_repeat(str(n))
        assert guard.is_repeat(str(n))
    # The last REMEMBERED_IDS are remembered; nothing like all of them.
    assert all(guard.is_repeat(str(n)) for n in range(9 * REMEMBERED_IDS, 10 * REMEMBERED_IDS))
    remembered = sum(guard.is_repeat(str(n)) for n in range(9 * REMEMBERED_IDS))
    assert remembered <= REMEMBERED_IDS


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        ("9", "10"),  # Mastodon: by length, then text
        ("109372843255437051", "109372843255437052"),
        ("01JAB0000000000000000000AA", "01JAB0000000000000000000AB"),  # GoToSocial ULIDs
        # snac: time to the second, then a hash; case varies between its ids
        (
            "17961820379702135edc5348ca6dcb7205ac0a5108",
            "17961820389E7EE61DD2315EAF823A0E5F85DAB94D",
        ),
        ("2", "42"),  # Takahē notifications
    ],
)
def test_id_order(older: str, newer: str) -> None:
    assert id_before(older, newer)
    assert not id_before(newer, older)
    assert not id_before(older, older)


# --- repeats --------------------------------------------------------------------------------

# Pages of ids from a small pool, so that repeats (within a page and across pages) and
# items without ids (None, "") are common.
_PAGES = st.lists(
    st.lists(st.sampled_from([None, "", *(str(n) for n in range(30))]), max_size=12),
    max_size=12,
)


@given(_PAGES)
def test_repeats_flags_exactly_the_ids_seen_before(pages: list[list[str | None]]) -> None:
    guard = WalkGuard(ordered=False, newer=False)
    seen: set[str] = set()
    for ids in pages:
        expected = []
        for item_id in ids:
            expected.append(bool(item_id) and item_id in seen)
            if item_id:
                seen.add(item_id)
        flags = guard.repeats(ids)
        assert (flags if flags is not None else [False] * len(ids)) == expected


@given(_PAGES)
# A full generation, a page that starts the next, then a page that would not fit with an
# item without an id: the older generation must stay until the new one is full.
@example([[str(n) for n in range(8)], ["20", "21"], [None] * 7 + ["22"], ["7"]])
def test_repeats_in_a_small_memory_forget_only_old_ids(pages: list[list[str | None]]) -> None:
    seen: set[str] = set()
    taken: list[str] = []  # the ids the guard took as new, the latest last
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(guard_module, "REMEMBERED_IDS", 8)
        guard = WalkGuard(ordered=False, newer=False)
        for ids in pages:
            flags = guard.repeats(ids) or [False] * len(ids)
            for item_id, repeat in zip(ids, flags, strict=True):
                if not item_id:
                    assert not repeat
                    continue
                if item_id not in seen:
                    assert not repeat  # never seen: never a repeat
                elif item_id in taken[-8:]:
                    assert repeat  # among the last 8 taken: always caught
                if not repeat:
                    taken.append(item_id)
                seen.add(item_id)


async def test_repeats_within_a_walk_are_yielded_once_and_counted(
    mocked: aioresponses, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    # GoToSocial 0.20 tops a short last page up with the same statuses again.
    nxt = f"{HOME}?limit=4&max_id=3"
    mocked.get(f"{HOME}?limit=4", payload=[status(i) for i in "6543"], headers=link(next=nxt))
    tail = [status(i) for i in ("2", "1", "2", "1")]
    mocked.get(nxt, payload=tail, headers=link(next=f"{HOME}?limit=4&max_id=1"))
    mocked.get(f"{HOME}?limit=4&max_id=1", payload=[])
    with caplog.at_level(logging.INFO, logger="aiomastodon"):
        pages = [page async for page in client.timelines.home(limit=4).pages()]
    assert [[s.id for s in p.items] for p in pages] == [["6", "5", "4", "3"], ["2", "1"]]
    assert [p.repeats for p in pages] == [0, 2]
    assert [json.loads(r)["id"] for r in pages[1].raw_items()] == ["2", "1"]
    assert any("2 item(s) sent again" in r.getMessage() for r in caplog.records)


async def test_repeats_across_pages_and_in_a_raw_walk(mocked: aioresponses, client: Client) -> None:
    nxt = f"{HOME}?max_id=8"
    for _ in range(2):
        mocked.get(HOME, payload=[status("9"), status("8")], headers=link(next=nxt))
        mocked.get(nxt, payload=[status("8"), status("7")], headers=link(next=f"{HOME}?max_id=7"))
        mocked.get(f"{HOME}?max_id=7", payload=[])
    assert [s.id async for s in client.timelines.home()] == ["9", "8", "7"]
    pages = [page async for page in client.timelines.home().raw().pages()]
    assert [[json.loads(r)["id"] for r in p.raw_items()] for p in pages] == [["9", "8"], ["7"]]
    assert pages[1].repeats == 1


async def test_a_newer_walk_drops_repeats_and_keeps_its_order(
    mocked: aioresponses, client: Client
) -> None:
    second = f"{HOME}?min_id=3"
    mocked.get(f"{HOME}?min_id=1", payload=[status("3"), status("2")], headers=link(prev=second))
    mocked.get(
        second,
        payload=[status("5"), status("4"), status("3")],
        headers=link(prev=f"{HOME}?min_id=5"),
    )
    mocked.get(f"{HOME}?min_id=5", payload=[])
    pages = [page async for page in client.timelines.home(min_id="1").pages()]
    assert [[s.id for s in p.items] for p in pages] == [["2", "3"], ["4", "5"]]
    assert [[json.loads(r)["id"] for r in p.raw_items()] for p in pages] == [["2", "3"], ["4", "5"]]


# --- items that cannot be decoded ------------------------------------------------------------


async def test_an_undecodable_item_is_set_aside_and_the_others_are_yielded(
    mocked: aioresponses, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    hopeless = {"id": None, "account": None, "created_at": "garbage"}
    body = json.dumps([status("9"), hopeless, status("7")]).encode()
    mocked.get(HOME, body=body, headers=link(next=f"{HOME}?max_id=7"))
    mocked.get(f"{HOME}?max_id=7", payload=[])
    with caplog.at_level(logging.WARNING, logger="aiomastodon"):
        (page,) = [page async for page in client.timelines.home().pages()]
    assert [s.id for s in page.items] == ["9", "7"]
    (bad,) = page.undecodable
    assert bad.position == 1
    assert json.loads(bad.raw) == hopeless
    assert "$.id" in bad.reason
    assert [json.loads(r)["id"] for r in page.raw_items()] == ["9", "7"]
    assert any("item 1 set aside" in r.getMessage() for r in caplog.records)
    assert "undecodable=1" in repr(page)


async def test_a_raw_walk_keeps_every_item(mocked: aioresponses, client: Client) -> None:
    hopeless = {"id": "8", "account": None, "created_at": "garbage"}
    mocked.get(HOME, payload=[status("9"), hopeless], headers=link(next=f"{HOME}?max_id=8"))
    mocked.get(f"{HOME}?max_id=8", payload=[])
    (page,) = [page async for page in client.timelines.home().raw().pages()]
    assert [json.loads(r) for r in page.raw_items()][1] == hopeless
    assert page.undecodable == ()


async def test_a_page_of_only_undecodable_items_is_still_handed_over(
    mocked: aioresponses, client: Client
) -> None:
    mocked.get(BLOCKS, payload=[{"username": "no id"}])
    pages = [page async for page in client.blocks.list().pages()]
    assert [(len(p.items), len(p.undecodable)) for p in pages] == [(0, 1)]


async def test_a_deep_chain_with_one_odd_field_fails_only_its_item(
    mocked: aioresponses, client: Client
) -> None:
    item = status("8")
    inner = item
    for depth in range(300):
        inner["reblog"] = inner = status(f"r{depth}")
    inner["favourites_count"] = "many"  # the strict path fails: the repair walk runs
    body = json.dumps([status("9"), item], separators=(",", ":")).encode()
    mocked.get(HOME, body=body, headers=link(next=f"{HOME}?max_id=8"))
    mocked.get(f"{HOME}?max_id=8", payload=[])
    (page,) = [page async for page in client.timelines.home().pages()]
    assert [s.id for s in page.items] == ["9"]
    assert "nested too deeply" in page.undecodable[0].reason


# --- links that cannot be followed -------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "https://xn--",  # the IDNA codec fails
        "anchorhttps://[::1]@",  # yarl fails on the empty host
        "https://user:pw@example.social/api/v1/timelines/home?max_id=1",  # same origin, credentials
        "https://[zz]/api",  # not an address
    ],
)
async def test_an_unusable_link_target_is_a_pagination_error(
    mocked: aioresponses, client: Client, target: str
) -> None:
    mocked.get(HOME, payload=[status("9")], headers={"Link": f'<{target}>; rel="next"'})
    with pytest.raises(PaginationError) as caught:
        await client.timelines.home().collect()
    assert caught.value.endpoint == "GET /api/v1/timelines/home"
    assert sent_urls(mocked) == {norm(HOME)}


async def test_a_bad_prev_link_fails_only_who_reads_it(
    mocked: aioresponses, client: Client
) -> None:
    header = f'<{HOME}?max_id=9>; rel="next", <https://xn-->; rel="prev"'
    mocked.get(HOME, payload=[status("10")], headers={"Link": header})
    mocked.get(f"{HOME}?max_id=9", payload=[])
    (page,) = [page async for page in client.timelines.home().pages()]
    with pytest.raises(PaginationError, match="malformed Link header"):
        _ = page.newer_cursor


async def test_a_raw_item_id_with_escapes_is_read_exactly(
    mocked: aioresponses, client: Client
) -> None:
    body = b'[{"id":"a\\u0062","created_at":"2026-01-01T00:00:00Z"},{"id":"ab","x":1}]'
    mocked.get(BLOCKS, body=body)
    (page,) = [page async for page in client.blocks.list().raw().pages()]
    assert [bytes(item) for item in page.items] == [
        bytes(msgspec.json.decode(body, type=list[msgspec.Raw])[0])
    ]
    assert page.repeats == 1


# --- since_id: the newest items above a cursor, not the next ones ----------------------------

MUTES = f"{HOME.split('/api/')[0]}/api/v1/mutes"


async def test_a_since_id_gap_is_walked_and_handed_out_oldest_first(
    mocked: aioresponses, client: Client
) -> None:
    # Mastodon's mutes page newer only by since_id (min_id is ignored there): five mutes
    # came since record 100, two a page. since_id gives the newest two; the rest lie below.
    def page(ids: list[int], *, full: bool) -> dict[str, object]:
        links = {"prev": f"{MUTES}?limit=2&since_id={ids[0]}"}
        if full:
            links["next"] = f"{MUTES}?limit=2&max_id={ids[-1]}"
        return {"payload": [account(f"a{i}") for i in ids], "headers": link(**links)}

    mocked.get(f"{MUTES}?limit=2&since_id=100", **page([105, 104], full=True))
    mocked.get(f"{MUTES}?limit=2&max_id=104&since_id=100", **page([103, 102], full=True))
    mocked.get(f"{MUTES}?limit=2&max_id=102&since_id=100", **page([101], full=False))
    mocked.get(f"{MUTES}?limit=2&since_id=105", payload=[])
    cursor = msgspec.structs.replace(
        client.mutes.list(limit=2).cursor,
        direction="newer",
        next_url=f"{MUTES}?limit=2&since_id=100",
    )
    walk = client.mutes.list(limit=2).resume(cursor)
    pages = [[a.id for a in p.items] async for p in walk.pages()]
    assert pages == [["a101"], ["a102", "a103"], ["a104", "a105"]]
    assert walk.cursor.next_url == f"{MUTES}?limit=2&since_id=105"
    # min_id was never sent: the endpoint would have ignored it.
    assert not any("min_id" in url for url in requests_of(mocked))


async def test_a_since_id_link_on_an_id_paged_endpoint_is_read_as_min_id(
    mocked: aioresponses, client: Client
) -> None:
    # snac: the prev link says since_id; the home timeline takes min_id, which has no gap.
    cursor = msgspec.structs.replace(
        client.timelines.home().cursor, direction="newer", next_url=f"{HOME}?since_id=5"
    )
    mocked.get(
        f"{HOME}?min_id=5",
        payload=[status("7"), status("6")],
        headers=link(prev=f"{HOME}?since_id=7"),
    )
    mocked.get(f"{HOME}?min_id=7", payload=[])
    assert [s.id async for s in client.timelines.home().resume(cursor)] == ["6", "7"]
    assert not any("since_id" in url for url in requests_of(mocked))


# --- into(): the caller's own Struct -------------------------------------------------------


class Brief(msgspec.Struct):
    id: str
    content: str = ""
    favourites_count: int = 0


class NoId(msgspec.Struct):
    content: str = ""


async def test_into_decodes_pages_into_the_callers_struct_tolerantly(
    mocked: aioresponses, client: Client
) -> None:
    odd = {**status("8"), "favourites_count": "12"}  # a string: the repair path reads it
    mocked.get(
        HOME,
        payload=[status("9"), odd, status("9"), {"no": "id"}],
        headers=link(next=f"{HOME}?max_id=8"),
    )
    mocked.get(f"{HOME}?max_id=8", payload=[])
    (page,) = [page async for page in client.timelines.home().into(Brief).pages()]
    assert page.items == [
        Brief(id="9", content="<p>status 9</p>"),
        Brief(id="8", content="<p>status 8</p>", favourites_count=12),
    ]
    assert page.repeats == 1
    assert [u.position for u in page.undecodable] == [3]
    assert page.cursor.item == "Status"  # the walk's own entity, for client.resume


async def test_into_a_struct_without_id_still_walks(mocked: aioresponses, client: Client) -> None:
    mocked.get(HOME, payload=[status("9")], headers=link(next=f"{HOME}?max_id=9"))
    mocked.get(f"{HOME}?max_id=9", payload=[])
    assert await client.timelines.home().into(NoId).collect() == [NoId(content="<p>status 9</p>")]
