"""Walking a server that pages like snac 2.94 (issue 21), over real HTTP on 127.0.0.1.

The imitation keeps snac's ways (tests/data/realservers/OBSERVATIONS.md): ids of 42 hex
characters, ten digits of seconds and then a hash, so that ids of one second are in no
order as text and some are upper case; a ``Link`` that drops ``limit`` (later pages come
at the default size); ``prev`` by ``since_id`` (the newest items above the cursor), and
``min_id`` answered with the items just above the cursor.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from aiohttp import web
from yarl import URL

from aiomastodon import Client

pytestmark = pytest.mark.integration

DEFAULT_LIMIT = 20


def snac_id(n: int) -> str:
    second = 1796182000 + n // 4  # four statuses a second: their ids are unordered as text
    digest = hashlib.md5(str(n).encode()).hexdigest()
    return f"{second}{digest.upper() if n % 5 == 0 else digest}"


@dataclass
class Snac:
    """The home timeline, newest first, and every request's query."""

    timeline: list[str] = field(default_factory=list)
    queries: list[dict[str, str]] = field(default_factory=list)

    def post(self, count: int) -> None:
        start = len(self.timeline)
        self.timeline[:0] = [snac_id(n) for n in reversed(range(start, start + count))]

    async def home(self, request: web.Request) -> web.Response:
        query = dict(request.query)
        self.queries.append(query)
        limit = int(query.get("limit", DEFAULT_LIMIT))
        ids = self.timeline
        at = {status_id: index for index, status_id in enumerate(ids)}
        if "max_id" in query:
            page = ids[at[query["max_id"]] + 1 :][:limit]
        elif "min_id" in query:
            above = ids[: at[query["min_id"]]]
            page = above[-limit:]
        elif "since_id" in query:
            page = ids[: at[query["since_id"]]][:limit]  # the newest above it: a gap remains
        else:
            page = ids[:limit]
        headers = {}
        if page:
            base = f"{request.url.origin()}{request.path}"
            headers["Link"] = (
                f'<{base}?max_id={page[-1]}>; rel="next", <{base}?since_id={page[0]}>; rel="prev"'
            )
        body = ",".join(
            f'{{"id":"{i}","created_at":"2026-12-02T03:27:17.000Z","content":"",'
            '"account":{"id":"515fc6d63f0e8dba67e7a1f070df823a","created_at":"2026-12-02T03:25:50Z"}}'
            for i in page
        )
        return web.Response(body=f"[{body}]", content_type="application/json", headers=headers)


@pytest.fixture
async def snac() -> AsyncIterator[tuple[Snac, Client]]:
    server = Snac()
    server.post(23)
    app = web.Application()
    app.router.add_get("/api/v1/timelines/home", server.home)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        async with Client(f"http://127.0.0.1:{port}", access_token="alice") as client:
            yield server, client
    finally:
        await runner.cleanup()


def test_the_imitation_ids_are_unordered_within_a_second() -> None:
    same_second = [snac_id(n) for n in range(8, 12)]
    assert sorted(same_second, key=str.casefold) != same_second[::-1]
    assert any(c.isupper() for i in same_second for c in i)


async def test_an_older_walk_is_complete_and_in_the_servers_order(
    snac: tuple[Snac, Client],
) -> None:
    server, client = snac
    pages = [page async for page in client.timelines.home(limit=5).pages()]
    assert [s.id for p in pages for s in p.items] == server.timeline
    # Every page at the size asked for, though the links drop limit.
    assert [len(p) for p in pages] == [5, 5, 5, 5, 3]
    assert all(q.get("limit") == "5" for q in server.queries)


async def test_a_newer_walk_from_min_id_is_gap_free_oldest_first(
    snac: tuple[Snac, Client],
) -> None:
    server, client = snac
    oldest = server.timeline[-1]
    got = [s.id async for s in client.timelines.home(limit=5, min_id=oldest)]
    assert got == server.timeline[-2::-1]
    assert not any("since_id" in q for q in server.queries)


async def test_newer_after_more_than_a_page_came_skips_nothing(snac: tuple[Snac, Client]) -> None:
    server, client = snac
    first = await client.timelines.home(limit=5).pages().__anext__()
    newer = first.newer_cursor
    assert newer is not None
    assert "since_id" in URL(newer.next_url or "").query  # snac's prev link, as given
    before = list(server.timeline)
    server.post(13)  # more than a page: since_id alone would give only the newest five
    got = [s.id async for s in client.resume(newer)]
    assert got == server.timeline[: len(server.timeline) - len(before)][::-1]
