"""Hostile answers over real HTTP on 127.0.0.1: bounded bodies, and only our errors.

Issue 12, findings 4 and 7: a 0.5 MB gzip body that inflates to 512 MB took 1 GB of RSS,
and whatever aiohttp raised for an odd answer or URL reached the caller as is.
"""

from __future__ import annotations

import gzip
import tracemalloc
import zlib
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from aiohttp import web
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yarl import URL

from aiomastodon import Client
from aiomastodon._sansio.request import PreparedRequest, build_request
from aiomastodon._sansio.routes import Route
from aiomastodon.errors import (
    MastodonError,
    PaginationError,
    ProtocolError,
    ResponseTooLarge,
    TransportError,
)
from aiomastodon.transport.aiohttp import AiohttpTransport

from .raw_server import RawRequest, RawServer, http_answer

pytestmark = pytest.mark.integration

TOKEN = "hostile-test-token"
MiB = 1024 * 1024
LIMIT = 1 * MiB
STREAM = Route("GET", "/api/v1/streaming/user", "streaming.user")

STATUS = (
    Path(__file__).parents[1] / "data" / "mastodon-api" / "examples" / "Status.json"
).read_bytes()

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@pytest.fixture
async def serve() -> AsyncIterator[Callable[[Handler], Awaitable[str]]]:
    """Start an aiohttp.web app answering every path with ``handler``; return its URL."""
    runners: list[web.AppRunner] = []

    async def start(handler: Handler) -> str:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", handler)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        return f"http://127.0.0.1:{runner.addresses[0][1]}"

    yield start
    for runner in runners:
        await runner.cleanup()


def _gzip_of_zeros(size: int) -> bytes:
    """A gzip body of ``size`` zero bytes (some 1/1000 of that, compressed)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(MiB)
    parts = [packer.compress(block) for _ in range(size // MiB)]
    parts.append(packer.flush())
    return b"".join(parts)


BOMB = _gzip_of_zeros(256 * MiB)


# --- bounded bodies -----------------------------------------------------------------------


async def test_a_gzip_bomb_stops_at_the_bound_without_inflating(
    serve: Callable[[Handler], Awaitable[str]],
) -> None:
    async def bomb(request: web.Request) -> web.Response:
        headers = {"Content-Encoding": "gzip", "Content-Type": "application/json"}
        return web.Response(body=BOMB, headers=headers)

    url = await serve(bomb)
    assert len(BOMB) < MiB  # it is small on the wire
    tracemalloc.start()
    try:
        async with Client(url, access_token=TOKEN, max_body_size=LIMIT, retries=0) as client:
            with pytest.raises(ResponseTooLarge) as caught:
                await client.custom_emojis.list()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    error = caught.value
    assert error.limit == LIMIT
    assert error.endpoint == "GET /api/v1/custom_emojis"
    assert "1,048,576 bytes" in str(error)
    # The bound and a chunk or two, not 256 MB: loose, whatever the allocator does.
    assert peak < 32 * MiB


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
async def test_a_body_over_the_bound_raises_naming_the_endpoint(
    serve: Callable[[Handler], Awaitable[str]], declared: bool
) -> None:
    big = b"[" + b" " * (2 * LIMIT) + b"]"

    async def answer(request: web.Request) -> web.StreamResponse:
        if declared:
            return web.Response(body=big, content_type="application/json")
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        for start in range(0, len(big), 65536):
            await response.write(big[start : start + 65536])
        await response.write_eof()
        return response

    url = await serve(answer)
    async with Client(url, access_token=TOKEN, max_body_size=LIMIT, retries=0) as client:
        with pytest.raises(ResponseTooLarge) as caught:
            await client.custom_emojis.list()
    assert caught.value.endpoint == "GET /api/v1/custom_emojis"


async def test_a_body_of_exactly_the_bound_is_read(
    serve: Callable[[Handler], Awaitable[str]],
) -> None:
    body = b"[" + b" " * (LIMIT - 2) + b"]"

    async def answer(request: web.Request) -> web.Response:
        return web.Response(body=gzip.compress(body), headers={"Content-Encoding": "gzip"})

    url = await serve(answer)
    async with Client(url, access_token=TOKEN, max_body_size=LIMIT, retries=0) as client:
        assert await client.custom_emojis.list() == []


def _sse(url: str) -> PreparedRequest:
    return build_request(URL(url), STREAM, headers={"Accept": "text/event-stream"})


async def test_a_stream_is_bounded_per_event_not_in_total(
    serve: Callable[[Handler], Awaitable[str]],
) -> None:
    event = b"event: update\ndata: " + b"x" * 1000 + b"\n\n"
    huge = b"event: update\ndata: " + b"y" * (3 * 4096) + b"\n\n"

    async def answer(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        for _ in range(40):  # 40 KB in all: ten times the bound, in small events
            await response.write(event)
        await response.write(huge)
        await response.write_eof()
        return response

    url = await serve(answer)
    transport = AiohttpTransport(max_body_size=4096)
    received: list[bytes] = []
    try:
        async with transport.stream(_sse(url)) as streamed:
            error = await _error_of(_read_into(streamed, received))
    finally:
        await transport.close()
    # Ten times the bound came through in small events before the one too large.
    assert sum(map(len, received)) > 8 * 4096
    assert isinstance(error, ResponseTooLarge)
    assert "an event of the stream" in str(error)
    assert error.endpoint == "GET /api/v1/streaming/user"


async def _read_into(streamed: AsyncIterable[bytes], into: list[bytes]) -> None:
    async for chunk in streamed:
        into.append(chunk)


async def _error_of(call: Awaitable[object]) -> MastodonError | None:
    try:
        await call
    except MastodonError as exc:
        return exc
    return None


async def test_a_streamed_answer_that_is_no_event_stream_is_bounded_whole(
    serve: Callable[[Handler], Awaitable[str]],
) -> None:
    async def answer(request: web.Request) -> web.Response:
        return web.Response(body=b"\n\n" * 10_000, content_type="application/octet-stream")

    url = await serve(answer)
    transport = AiohttpTransport(max_body_size=4096)
    try:
        async with transport.stream(_sse(url)) as streamed:
            with pytest.raises(ResponseTooLarge, match="the streamed answer"):
                async for _chunk in streamed:
                    pass
        # The caller may allow more for one stream (a media file, say).
        async with transport.stream(_sse(url), limit=1_000_000) as streamed:
            assert sum([len(chunk) async for chunk in streamed]) == 20_000
    finally:
        await transport.close()


# --- answers that are not HTTP ------------------------------------------------------------


def _raw(answer: bytes) -> Callable[[RawRequest], bytes]:
    return lambda request: answer


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n{}", id="long"),
        pytest.param(b"HTTP/1.1 OK\r\nContent-Length: 2\r\n\r\n{}", id="no-status"),
        pytest.param(b"HTTP/9.9 200 OK\r\nContent-Length: 2\r\n\r\n{}", id="version"),
        pytest.param(b"HTTP/1.1 200 OK\r\nBad Header: x\r\n\r\n{}", id="space-in-name"),
        pytest.param(b"HTTP/1.1 200 OK\r\nX: a\x00b\r\nContent-Length: 2\r\n\r\n{}", id="nul"),
        pytest.param(b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n{}", id="length"),
        pytest.param(
            b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(500)) + b"\r\n",
            id="many-headers",
        ),
        pytest.param(b"SSH-2.0-OpenSSH_9.2\r\n", id="not-http"),
    ],
)
async def test_an_answer_that_is_not_http_is_one_of_our_errors(answer: bytes) -> None:
    async with (
        RawServer(_raw(answer)) as server,
        Client(server.url, access_token=TOKEN, retries=0) as client,
    ):
        with pytest.raises(MastodonError) as caught:
            await client.statuses.get("1")
    error = caught.value
    assert isinstance(error, (ProtocolError, TransportError))
    assert error.endpoint == "GET /api/v1/statuses/1"
    assert TOKEN not in str(error)
    assert "127.0.0.1" not in str(error)  # no URL: a query may carry a token


async def test_a_header_parse_error_is_a_protocol_error_and_not_retried() -> None:
    answer = b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n"
    async with (
        RawServer(_raw(answer)) as server,
        Client(server.url, access_token=TOKEN) as client,
    ):
        with pytest.raises(ProtocolError, match="not readable HTTP"):
            await client.statuses.get("1")
    assert len(server.requests) == 1  # the same request would fail the same way


async def test_a_link_carrying_credentials_is_refused_before_sending() -> None:
    # A same-origin Link with user:password@: aiohttp would send those credentials, or
    # raise a ValueError beside the token. Nothing goes out.
    def answer(request: RawRequest) -> bytes:
        port = request.headers["host"].rsplit(":", 1)[1]
        link = f'<http://user:pw@127.0.0.1:{port}/api/v1/timelines/home?max_id=1>; rel="next"'
        return http_answer(body=b"[" + STATUS + b"]", headers=[("Link", link)])

    async with (
        RawServer(answer) as server,
        Client(server.url, access_token=TOKEN, retries=0) as client,
    ):
        with pytest.raises((ProtocolError, PaginationError)) as caught:
            async for _page in client.timelines.home().pages():
                pass
    assert "credentials" in str(caught.value)
    assert len(server.requests) == 1
    assert TOKEN not in str(caught.value)


# --- property: any status line and headers ------------------------------------------------

_TOKEN_CHARS = st.characters(min_codepoint=33, max_codepoint=126, exclude_characters=":")
_header_name = st.one_of(
    st.sampled_from(
        [
            "Content-Type",
            "Content-Encoding",
            "Transfer-Encoding",
            "Content-Length",
            "Link",
            "Date",
            "X-RateLimit-Limit",
            "X-RateLimit-Remaining",
            "X-RateLimit-Reset",
            "Retry-After",
            "Connection",
            "Location",
        ]
    ),
    st.text(_TOKEN_CHARS, min_size=1, max_size=20),
    st.binary(min_size=1, max_size=20).map(lambda b: b.decode("latin-1")),
)
_header_value = st.one_of(
    st.text(max_size=60),
    st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
    st.sampled_from(["gzip", "chunked", "close", "-1", "99999999999", "<http://[::1]@/>"]),
)
_status_line = st.one_of(
    st.integers(0, 1200).map(lambda code: f"HTTP/1.1 {code} Whatever"),
    st.binary(max_size=40).map(lambda b: b.decode("latin-1")),
)
_body = st.one_of(st.just(b'{"error": "x"}'), st.binary(max_size=64))


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape") if not text.isascii() else text.encode()


@settings(
    max_examples=150,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    status=_status_line,
    headers=st.lists(st.tuples(_header_name, _header_value), max_size=6),
    body=_body,
    framed=st.booleans(),
)
async def test_any_status_line_and_headers_give_an_answer_or_our_error(
    status: str, headers: list[tuple[str, str]], body: bytes, framed: bool
) -> None:
    head = [_encode(status)] + [_encode(f"{name}: {value}") for name, value in headers]
    if framed:
        head.append(b"Content-Length: %d" % len(body))
    answer = b"\r\n".join(head) + b"\r\n\r\n" + body
    async with (
        RawServer(_raw(answer), keep_alive=False) as server,
        Client(server.url, access_token=TOKEN, retries=0, timeout=5) as client,
    ):
        error = await _error_of(client.instance.get())
    assert error is None or TOKEN not in str(error)
