"""The next page is asked for as soon as this page's Link header is read (issue 20): before
this page is decoded and handed over, one page ahead at most, never beyond ``take()``, and
cancelled when the walk stops or fails."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator

import pytest
from multidict import CIMultiDict, CIMultiDictProxy

from aiomastodon import Client, DecodeError
from aiomastodon._sansio.request import PreparedRequest
from aiomastodon._sansio.response import RawResponse
from aiomastodon.transport.base import StreamedResponse, WebSocket
from tests.unit.test_pagination import HOME, status


class Pages:
    """A transport serving a home timeline of ``count`` pages of two, page k at
    ``max_id=k``; a page whose number is in ``held`` waits until released."""

    def __init__(self, count: int, *, held: tuple[int, ...] = (), broken: int | None = None):
        self.count = count
        self.sent: list[int] = []
        self.cancelled: list[int] = []
        self.gates = {page: asyncio.Event() for page in held}
        self.broken = broken

    async def send(self, request: PreparedRequest) -> RawResponse:
        page = int(request.url.query.get("max_id", "0"))
        self.sent.append(page)
        try:
            if page in self.gates:
                await self.gates[page].wait()
        except asyncio.CancelledError:
            self.cancelled.append(page)
            raise
        headers: dict[str, str] = {"Content-Type": "application/json"}
        # Mastodon: no rel="next" on the last page, which says it is the last.
        headers["Link"] = f'<{HOME}?min_id=0>; rel="prev"'
        if page + 1 < self.count:
            headers["Link"] = f'<{HOME}?max_id={page + 1}>; rel="next"'
        ids = [f"{1000 - 2 * page}", f"{999 - 2 * page}"] if page < self.count else []
        body = json.dumps([status(i) for i in ids]).encode()
        if page == self.broken:
            body = b'[{"id": "truncated'
        return RawResponse(200, CIMultiDictProxy(CIMultiDict(headers)), body, request.url, "GET")

    def stream(
        self, request: PreparedRequest, *, idle: float | None = None
    ) -> contextlib.AbstractAsyncContextManager[StreamedResponse]:
        raise NotImplementedError

    async def websocket(self, request: PreparedRequest, *, heartbeat: float | None) -> WebSocket:
        raise NotImplementedError

    async def close(self) -> None:
        pass


@contextlib.asynccontextmanager
async def client_of(transport: Pages) -> AsyncIterator[Client]:
    async with Client("https://example.social", access_token="t", transport=transport) as c:
        yield c


async def test_the_next_request_goes_out_before_this_page_is_handed_over() -> None:
    transport = Pages(4)
    async with client_of(transport) as client:
        walk = client.timelines.home().pages()
        first = await walk.__anext__()
        # Page 1 was asked for while page 0 was still being decoded: nothing else ran.
        assert transport.sent == [0, 1]
        assert [s.id for s in first.items] == ["1000", "999"]
        rest = [s.id for page in [p async for p in walk] for s in page.items]
    assert rest == ["998", "997", "996", "995", "994", "993"]
    assert transport.sent == [0, 1, 2, 3]  # each page once, none beyond the last


async def test_at_most_one_page_is_in_flight() -> None:
    transport = Pages(6, held=(2,))
    async with client_of(transport) as client:
        walk = client.timelines.home().pages()
        await walk.__anext__()
        second = await walk.__anext__()
        # Page 1 is handed over; page 2 is asked for and held: nothing beyond it is asked.
        assert [s.id for s in second.items] == ["998", "997"]
        assert transport.sent == [0, 1, 2]
        transport.gates[2].set()
        assert [len(p) async for p in walk] == [2, 2, 2, 2]
        assert transport.sent == [0, 1, 2, 3, 4, 5]


async def test_a_walk_left_early_cancels_the_request_ahead() -> None:
    transport = Pages(6, held=(1,))
    async with (
        client_of(transport) as client,
        contextlib.aclosing(client.timelines.home().pages()) as walk,
    ):
        async for _page in walk:
            break  # while page 1 is in flight
    assert transport.cancelled == [1]


async def test_take_never_asks_beyond_what_it_needs() -> None:
    for n, pages in ((1, [0]), (2, [0]), (3, [0, 1]), (4, [0, 1])):
        transport = Pages(6)
        async with client_of(transport) as client:
            got = [s.id async for s in client.timelines.home().take(n)]
        assert len(got) == n
        assert transport.sent == pages, f"take({n})"


async def test_a_bad_page_fails_when_it_is_reached_and_the_page_before_is_whole() -> None:
    transport = Pages(4, broken=1)
    async with client_of(transport) as client:
        walk = client.timelines.home()
        got: list[str] = []
        with pytest.raises(DecodeError) as caught:
            await collect_into(walk, got)
    assert got == ["1000", "999"]
    assert caught.value.cursor is not None
    assert caught.value.cursor.next_url == f"{HOME}?max_id=1"


async def test_read_ahead_off_asks_only_when_the_page_before_was_used() -> None:
    transport = Pages(3)
    async with client_of(transport) as client:
        walk = client.timelines.home().read_ahead(False).pages()
        await walk.__anext__()
        assert transport.sent == [0]
        await walk.aclose()


async def collect_into(walk: object, got: list[str]) -> None:
    async for item in walk:  # type: ignore[attr-defined]
        got.append(item.id)
