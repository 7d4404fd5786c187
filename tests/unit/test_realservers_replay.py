"""Every exchange recorded from real GoToSocial, Takahē and snac servers, replayed
(tests/data/realservers/, README.md there says how they were made).

- Each 2xx answer is decoded with ``aiomastodon.decode`` into the type the package's own
  method for that endpoint returns (read from its annotation, ``Paginator[X]`` as
  ``list[X]``), so a server's answer the package's types cannot take fails here, named.
- Each answer of a paged endpoint starts a walk through the real ``Paginator``, against a
  loopback server that serves the recorded bytes and headers (aiohttp.web on 127.0.0.1,
  the recorded host in ``Link`` replaced by its own). The walk must follow the recorded
  ``Link`` chain page by page, ask for nothing that was not recorded, and yield every item
  of those pages once, in order. Where the chain ends inside the recordings (an empty page,
  no link) the walk runs free and must stop by itself; where the next page was never
  recorded it is bounded with ``take()`` to the items recorded.
- Each error answer goes through the client and must raise the class that fits it
  (a refused token is ``Unauthorized`` however the fork says it, an HTML 404 ``NotFound``).
- Each WebSocket transcript's frames are parsed as the stream parses them.

``test_every_file_is_replayed`` checks that each file falls in one of these groups:
nothing is left out unnoticed.
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from aiohttp import web
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

import aiomastodon
from aiomastodon import Client, NotFound, Paginator, ServerError, Unauthorized, decode
from aiomastodon._sansio.response import RawResponse, error_for
from aiomastodon.api.instance import NodeInfo, NodeInfoLinks
from aiomastodon.errors import HTTPError
from aiomastodon.streaming.events import (
    UndecodableEvent,
    UnknownEvent,
    UpdateEvent,
    WsError,
    parse_ws_frame,
)

RECORDINGS = Path(__file__).resolve().parents[1] / "data" / "realservers"
SERVERS = ("gotosocial", "takahe", "snac")
HOSTS = {"gotosocial": "gts.invalid", "takahe": "takahe.invalid", "snac": "snac.invalid"}
# Parameters a server adds to its own Link URLs at their default values (GoToSocial:
# OBSERVATIONS.md, "Link keeps limit and adds defaults"). A request is the same with or
# without them, and the package's methods do not all take them.
SERVER_DEFAULTS = {
    "gotosocial": {
        ("local", "false"),
        ("exclude_replies", "false"),
        ("exclude_reblogs", "false"),
        ("pinned", "false"),
        ("only_media", "false"),
        ("only_public", "false"),
    },
}
# Headers that described the bytes on the wire, not the stored text (README.md: GTS
# gzipped, sanitising changed lengths); aiohttp writes its own.
HOP_HEADERS = {"content-length", "content-encoding", "transfer-encoding", "connection"}
_ROUTES = aiomastodon.routes()


@dataclass(frozen=True)
class Exchange:
    server: str
    name: str
    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    status: int
    headers: tuple[tuple[str, str], ...]
    body: str
    note: str

    @property
    def id(self) -> str:
        return f"{self.server}/{self.name}"

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name), None)

    def normal_query(self) -> frozenset[tuple[str, str]]:
        return normalise(self.server, self.query)


def normalise(server: str, query: Iterable[tuple[str, str]]) -> frozenset[tuple[str, str]]:
    return frozenset(query) - SERVER_DEFAULTS.get(server, set())


def load() -> tuple[list[Exchange], list[Path]]:
    """The exchanges of every server, and the files that are not exchanges."""
    exchanges: list[Exchange] = []
    others: list[Path] = []
    for server in SERVERS:
        for path in sorted((RECORDINGS / server).glob("*.json")):
            data = json.loads(path.read_text("utf-8"))
            if "status" not in data:
                others.append(path)
                continue
            assert data["server"] == server, path
            exchanges.append(
                Exchange(
                    server=server,
                    name=path.stem,
                    method=data["method"],
                    path=data["path"],
                    query=tuple((k, v) for k, v in data["query"]),
                    status=data["status"],
                    headers=tuple((k, v) for k, v in data["headers"]),
                    body=data["body"],
                    note=data.get("request_note", ""),
                )
            )
    return exchanges, others


EXCHANGES, OTHER_FILES = load()


# --- what each endpoint returns, by the package's own methods ----------------------------


def route_of(method: str, path: str) -> aiomastodon.Route | None:
    """The declared route a recorded request went to (literal segments beat placeholders)."""
    matches = [
        r
        for r in _ROUTES
        if r.method == method and re.fullmatch(re.sub(r":[a-z_]+", "[^/]+", r.path), path)
    ]
    return min(matches, key=lambda r: r.path.count(":"), default=None)


def method_of(route: aiomastodon.Route) -> Callable[..., object]:
    """The function (unbound) that calls the route."""
    namespace, _, name = route.name.rpartition(".")
    group: object = Client("http://replay.invalid")
    for part in namespace.split("."):
        group = getattr(group, part)
    function: Callable[..., object] = getattr(type(group), name)
    return function


def returns(route: aiomastodon.Route) -> object:
    """The type the route's method hands back (a paginated one: its pages' ``list[X]``)."""
    function = method_of(route)
    annotation = function.__annotations__["return"]
    if isinstance(annotation, str):  # postponed (PEP 563): only the return is evaluated
        annotation = eval(annotation, function.__globals__)  # our own source
    if typing.get_origin(annotation) is Paginator:
        return list[typing.get_args(annotation)[0]]  # type: ignore[misc]
    return annotation


def nodeinfo_paths(server: str) -> set[str]:
    """Paths the server's recorded ``/.well-known/nodeinfo`` links to."""
    found: set[str] = set()
    for ex in EXCHANGES:
        if ex.server == server and ex.path == "/.well-known/nodeinfo":
            found |= {URL(link.href).path for link in decode(NodeInfoLinks, ex.body).links}
    return found


def expected_type(ex: Exchange) -> object:
    if ex.path == "/.well-known/nodeinfo":
        return NodeInfoLinks
    if ex.path in nodeinfo_paths(ex.server):
        return NodeInfo  # wherever the server keeps it: /nodeinfo/2.1, /nodeinfo_2_0, ...
    route = route_of(ex.method, ex.path)
    assert route is not None, f"{ex.id}: no route declared for {ex.method} {ex.path}"
    return returns(route)


def is_websocket(ex: Exchange) -> bool:
    return ex.path == "/api/v1/streaming"


DECODED = [ex for ex in EXCHANGES if 200 <= ex.status < 300]
FAILED = [ex for ex in EXCHANGES if ex.status >= 400]
UPGRADED = [ex for ex in EXCHANGES if ex.status == 101]
UNANSWERED = [ex for ex in EXCHANGES if ex.status == 0]


def ids(exchanges: Iterable[Exchange]) -> list[str]:
    return [ex.id for ex in exchanges]


def test_every_file_is_replayed() -> None:
    assert len(EXCHANGES) == 200  # 71 GoToSocial, 66 Takahē, 63 snac
    assert sorted(p.name for p in OTHER_FILES) == ["keepalive.json"] * 3  # not exchanges
    groups = [DECODED, FAILED, UPGRADED, UNANSWERED]
    assert sum(map(len, groups)) == len(EXCHANGES)
    assert len({ex.id for ex in EXCHANGES}) == len(EXCHANGES)
    # Every 2xx list answer of a paged endpoint is also walked (below).
    assert {ex.id for ex in WALKS} <= {ex.id for ex in DECODED}


@pytest.mark.parametrize("ex", DECODED, ids=ids(DECODED))
def test_an_answer_decodes_as_its_endpoint_returns(ex: Exchange) -> None:
    type_ = expected_type(ex)
    value = decode(type_, ex.body)  # type: ignore[call-overload]
    assert isinstance(value, typing.get_origin(type_) or type_)  # type: ignore[arg-type]
    if isinstance(value, list):
        assert len(value) == len(json.loads(ex.body))


@pytest.mark.parametrize("ex", UPGRADED, ids=ids(UPGRADED))
def test_a_websocket_transcript_parses_as_the_stream_reads_it(ex: Exchange) -> None:
    frames = json.loads(ex.body)
    texts = [text for opcode, text in frames if opcode == 1]  # 1: a text frame
    assert texts, f"{ex.id}: an upgrade with no frame proves nothing"
    events = [parse_ws_frame(text) for text in texts]
    # Every frame is an event this version knows, and its payload decoded.
    bad = (UnknownEvent, UndecodableEvent, WsError, type(None))
    assert not [e for e in events if isinstance(e, bad)], events
    updates = [e for e in events if isinstance(e, UpdateEvent)]
    assert updates, f"{ex.id}: the status posted meanwhile did not arrive"
    assert all(isinstance(u.status, aiomastodon.entities.Status) for u in updates)


@pytest.mark.parametrize("ex", UNANSWERED, ids=ids(UNANSWERED))
def test_no_answer_at_the_advertised_streaming_url(ex: Exchange) -> None:
    """The advertised ``wss://`` origin of a plain-HTTP server gave no HTTP answer at all;
    the recording holds no bytes to replay. What is checked: that it was the advertised
    streaming URL, and that the server's instance document does advertise ``wss://``
    (why the client must fall back to ``base_url``'s origin, issue 14)."""
    assert ex.body == ""
    assert not ex.headers
    assert "advertised" in ex.note.lower() or "wss://" in ex.note, ex.note
    v1 = next(e for e in EXCHANGES if e.server == ex.server and e.path == "/api/v1/instance")
    assert json.loads(v1.body)["urls"]["streaming_api"] == f"wss://{HOSTS[ex.server]}"


# --- the replay server ---------------------------------------------------------------------


class Replay:
    """Serves one server's recordings on 127.0.0.1; remembers what it was asked."""

    def __init__(
        self, server: str, only: Iterable[Exchange] | None = None, first: Exchange | None = None
    ) -> None:
        self.server = server
        self.exchanges = [ex for ex in (only or EXCHANGES) if ex.server == server]
        # Two recordings of one request (follow requests, before and after authorizing):
        # the walk's first request gets the one it starts from.
        self.first = first
        self.served: list[str] = []
        self.misses: list[str] = []
        self.url = ""

    def find(
        self, method: str, path: str, query: Iterable[tuple[str, str]], after: int
    ) -> Exchange | None:
        """The recording of this request (``after``: how many were served before). A walk
        puts back a ``limit`` that a link dropped (snac's do): such a request is taken for
        the recorded one without it."""
        asked = normalise(self.server, query)
        candidates = self.exchanges
        if self.first is not None and after == 0:
            candidates = [self.first, *candidates]
        for relaxed in (False, True):
            for ex in candidates:
                if ex.method != method or ex.path != path or ex.status == 0:
                    continue
                recorded = ex.normal_query()
                if recorded == asked:
                    return ex
                if (
                    relaxed
                    and {k for k, _ in asked ^ recorded} == {"limit"}
                    and not any(k == "limit" for k, _ in recorded)
                ):
                    return ex
        return None

    async def handle(self, request: web.Request) -> web.StreamResponse:
        ex = self.find(request.method, request.path, request.query.items(), len(self.served))
        if ex is None:
            self.misses.append(request.path_qs)
            return web.json_response({"error": "not recorded"}, status=418)
        self.served.append(ex.name)
        headers = CIMultiDict[str]()
        host = re.escape(HOSTS[self.server])
        for key, value in ex.headers:
            if key.lower() in HOP_HEADERS:
                continue
            if key.lower() == "link":
                value = re.sub(rf"https?://{host}", self.url, value)
            headers.add(key, value)
        return web.Response(status=ex.status, headers=headers, body=ex.body.encode())

    async def __aenter__(self) -> Replay:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._runner.cleanup()


# --- walks -----------------------------------------------------------------------------------


def paged(ex: Exchange) -> bool:
    route = route_of(ex.method, ex.path)
    return route is not None and route.paging in ("link", "id") and ex.method == "GET"


WALKS = [ex for ex in DECODED if paged(ex) and isinstance(json.loads(ex.body), list)]


@dataclass
class Chain:
    pages: list[Exchange]
    ended: bool  # the recorded chain ends by itself (an empty page, no further link)
    newer: bool

    def items(self) -> list[dict[str, object]]:
        """What the walk must yield: each page's items (oldest first when walking newer),
        each id once, the first time it comes."""
        seen: set[str] = set()
        out: list[dict[str, object]] = []
        for page in self.pages:
            items = json.loads(page.body)
            for item in reversed(items) if self.newer else items:
                if item["id"] not in seen:
                    seen.add(item["id"])
                    out.append(item)
        return out


def link(ex: Exchange, rel: str) -> URL | None:
    header = ex.header("link")
    if header is None:
        return None
    for part in header.split(","):
        match = re.match(r'\s*<([^>]+)>\s*;\s*rel="?(\w+)"?', part)
        if match and match.group(2) == rel:
            return URL(match.group(1))
    return None


CURSORS = ("max_id", "min_id", "since_id")


def next_request(chain: list[Exchange], start: Exchange, newer: bool) -> URL | None:
    """The page a walk asks for after ``chain[-1]``, as the package documents its walk
    (pagination.py): the server's link, with the caller's filters it lacks put back
    (``since_id`` too, walking older); walking newer on an endpoint paged by item ids, a
    ``since_id`` link read as ``min_id``; and where the server never sent a link on such
    an endpoint, the item ids as cursors."""
    page = chain[-1]
    paging = route_of(start.method, start.path).paging  # type: ignore[union-attr]
    params = sorted(start.normal_query())
    target = link(page, "prev" if newer else "next")
    if target is None:
        if paging != "id" or any(p.header("link") for p in chain):
            return None
        items = json.loads(page.body)
        kept = [(k, v) for k, v in params if k not in CURSORS or (k == "since_id" and not newer)]
        cursor = ("min_id", items[0]["id"]) if newer else ("max_id", items[-1]["id"])
        return URL(start.path).with_query([*kept, cursor])
    query = list(target.query.items())
    present = {k for k, _ in query}
    if newer and paging == "id" and "since_id" in present and "min_id" not in present:
        query = [("min_id" if k == "since_id" else k, v) for k, v in query]
    query += [
        (k, v)
        for k, v in params
        if k not in present and (k not in CURSORS or (k == "since_id" and not newer))
    ]
    return target.with_query(query)


def chain_from(start: Exchange) -> Chain:
    """The recorded pages a walk from ``start`` goes through."""
    newer = any(k == "min_id" for k, _ in start.query)
    replay = Replay(start.server, first=start)
    pages = [start]
    while True:
        target = next_request(pages, start, newer) if json.loads(pages[-1].body) else None
        if target is None:
            return Chain(pages, ended=True, newer=newer)
        found = replay.find("GET", target.path, target.query.items(), after=len(pages))
        if found is None or found in pages:
            return Chain(pages, ended=False, newer=newer)
        pages.append(found)


def call_arguments(ex: Exchange) -> tuple[list[str], dict[str, object]]:
    """The path ids and keyword arguments that make the method send this request."""
    route = route_of(ex.method, ex.path)
    assert route is not None
    pattern = re.sub(r":[a-z_]+", "([^/]+)", route.path)
    match = re.fullmatch(pattern, ex.path)
    assert match is not None
    kwargs: dict[str, object] = {}
    for key, value in ex.normal_query():
        if key.endswith("[]"):
            continue  # arrays come from EXTRA_ARGUMENTS
        if key == "limit":
            kwargs[key] = int(value)
        elif value in ("true", "false"):
            kwargs[key] = value == "true"
        else:
            kwargs[key] = value
    return list(match.groups()), kwargs


def created(item: object) -> datetime | None:
    # A boost's own created_at is cut to the second on GoToSocial (31-home-page2-prev
    # against 32-home-page1-prev: 03:26:22.000 above 03:26:22.198): not compared.
    if getattr(item, "reblog", None) is not None:
        return None
    value = getattr(item, "created_at", None)
    return value if isinstance(value, datetime) else None


@pytest.mark.integration
@pytest.mark.parametrize("start", WALKS, ids=ids(WALKS))
async def test_a_recorded_walk_is_complete_ordered_and_each_item_once(start: Exchange) -> None:
    chain = chain_from(start)
    expected = [item["id"] for item in chain.items()]
    path_ids, kwargs = call_arguments(start)
    route = route_of(start.method, start.path)
    assert route is not None
    async with (
        Replay(start.server, first=start) as replay,
        Client(replay.url, access_token="replayed", retries=0) as client,
    ):
        walk = bound(client, route.name)(*path_ids, **kwargs)
        assert isinstance(walk, Paginator)
        if not chain.ended:
            walk = walk.take(len(expected))  # the page after was never recorded
        pages = [page async for page in walk.pages()]
    got = [item.id for page in pages for item in page.items]
    assert replay.misses == [], "the walk asked for pages that were never recorded"
    assert replay.served == [page.name for page in chain.pages]
    assert got == expected
    assert len(set(got)) == len(got)
    assert sum(page.repeats for page in pages) == sum(
        len(json.loads(p.body)) for p in chain.pages
    ) - len(expected)
    stamps = [s for page in pages for item in page.items if (s := created(item)) is not None]
    if route.paging == "id":
        # Items paged by their own ids keep moving in the walk's direction.
        assert stamps == sorted(stamps, reverse=not chain.newer)


def bound(client: Client, name: str) -> Callable[..., object]:
    """``client.statuses.get`` for ``"statuses.get"``."""
    target: object = client
    for part in name.split("."):
        target = getattr(target, part)
    assert callable(target)
    return target


# --- errors ----------------------------------------------------------------------------------

STREAMING_PATHS = ("/api/v1/streaming",)


def error_class(ex: Exchange) -> type[HTTPError]:
    """What the answer means: a refused token (400 "Invalid Bearer token" from Takahē,
    422 with an empty body from snac, 401 anywhere), a missing thing, a server failure."""
    if ex.status in (400, 401, 422):
        return Unauthorized
    if ex.status == 404:
        return NotFound
    if ex.status >= 500:
        return ServerError
    raise AssertionError(f"{ex.id}: no expectation for HTTP {ex.status}")


REST_FAILED = [ex for ex in FAILED if not ex.path.startswith(STREAMING_PATHS)]
STREAM_FAILED = [ex for ex in FAILED if ex.path.startswith(STREAMING_PATHS)]
# Methods whose request needs arguments the path does not carry.
EXTRA_ARGUMENTS: dict[str, dict[str, object]] = {
    "markers.get": {"timeline": "home"},
    "markers.save": {"home": "1"},
}


@pytest.mark.integration
@pytest.mark.parametrize("ex", REST_FAILED, ids=ids(REST_FAILED))
async def test_an_error_answer_raises_the_class_that_fits(ex: Exchange) -> None:
    route = route_of(ex.method, ex.path)
    assert route is not None, ex.id
    path_ids, kwargs = call_arguments(ex)
    kwargs.update(EXTRA_ARGUMENTS.get(route.name, {}))
    async with (
        Replay(ex.server, only=[ex]) as replay,
        Client(replay.url, access_token="not-a-valid-token-123", retries=0) as client,
    ):
        call = typing.cast(typing.Awaitable[object], bound(client, route.name)(*path_ids, **kwargs))
        with pytest.raises(HTTPError) as caught:
            await call
    assert replay.served == [ex.name]
    assert replay.misses == []
    assert type(caught.value) is error_class(ex)
    assert caught.value.status == ex.status
    assert caught.value.endpoint == f"{ex.method} {ex.path}"
    assert "not-a-valid-token-123" not in str(caught.value)
    text = str(caught.value)
    assert len(text) < 400, "an HTML page is cut to its heading or an excerpt"


@pytest.mark.parametrize("ex", STREAM_FAILED, ids=ids(STREAM_FAILED))
def test_a_refused_stream_is_not_found(ex: Exchange) -> None:
    """The streaming paths answer 404 on all three (no SSE, no health, no WebSocket on
    Takahē and snac): the class a stream's handshake raises is the same ``error_for``."""
    headers = CIMultiDictProxy(CIMultiDict(ex.headers))
    url = URL(f"http://{HOSTS[ex.server]}{ex.path}").with_query(ex.query)
    response = RawResponse(ex.status, headers, ex.body.encode(), url, ex.method)
    error = error_for(response)
    assert type(error) is NotFound


@pytest.mark.integration
@pytest.mark.parametrize(
    "ex", [ex for ex in STREAM_FAILED if ex.path.endswith("/health")], ids=lambda ex: ex.id
)
async def test_streaming_health_is_false_where_there_is_none(ex: Exchange) -> None:
    async with (
        Replay(ex.server, only=[ex]) as replay,
        Client(replay.url, access_token="replayed", retries=0) as client,
    ):
        assert await client.streaming.health() is False
    assert replay.served == [ex.name]


def test_the_walks_cross_the_recorded_chains() -> None:
    """The generic walk above is only as strong as the chains it finds: the home
    timelines' are these (first page, 3 by rel=next, the tail; snac's second page is
    every older status, its third empty)."""
    by_id = {ex.id: ex for ex in WALKS}
    shapes = {
        "gotosocial/27-home": (["27", "28", "29", "30", "33"], 22, False),
        "takahe/23-home": (["23", "24", "25", "26", "29"], 22, False),
        "snac/23-home": (["23", "24", "25"], 17, True),
        "gotosocial/44-notifications": (["44", "45"], 5, True),
        "takahe/27-home-page2-prev": (["27", "28"], 5, True),
        "snac/21-account-statuses": (["21", "22"], 10, False),  # no Link: by item ids
    }
    for start, (pages, count, ended) in shapes.items():
        chain = chain_from(by_id[start])
        assert [p.name[:2] for p in chain.pages] == pages, start
        assert (len(chain.items()), chain.ended) == (count, ended), start
    assert len(WALKS) == 68
