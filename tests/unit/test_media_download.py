"""``client.media.download`` against a scripted transport, in virtual time.

The transport (:class:`ScriptedTransport`) answers each URL from a script of answers,
one per request (the last one repeats), records every request, and can break a body
part-way, end it early, or refuse the connection. Retries sleep on a
``VirtualClock``: an hour of backoff passes at once.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from aiomastodon import Client
from aiomastodon._sansio.origin import Identity
from aiomastodon._sansio.request import PreparedRequest
from aiomastodon.entities import MediaAttachment
from aiomastodon.errors import (
    MediaCorrupt,
    MediaError,
    MediaRefused,
    MediaTooLarge,
    MediaUnavailable,
    TransportError,
)
from aiomastodon.media_download import (
    DEFAULT_MAX_SIZE,
    Downloader,
    DownloadResult,
    media_scheduler,
    media_url,
)
from aiomastodon.scheduler import Scheduler
from aiomastodon.testing import VirtualClock

TOKEN = "tok-media-never-sent-8Qz"
INSTANCE = "https://social.example"
CDN = "https://files.example"
DATA = bytes(range(256)) * 40  # 10,240 bytes
SHA = hashlib.sha256(DATA).hexdigest()


# --- the scripted transport ------------------------------------------------------------------


@dataclass
class Answer:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    chunks: list[bytes] = field(default_factory=list)
    broken: bool = False  # the connection breaks after the chunks
    refused: bool = False  # no connection at all
    endless: bytes = b""  # a body that never ends: this chunk for ever


def whole(data: bytes = DATA, *, etag: str = '"v1"', **headers: str) -> Answer:
    """200 with the file, announced, in 1,000-byte chunks."""
    head = {"Content-Length": str(len(data)), "Content-Type": "image/png"}
    if etag:
        head |= {"ETag": etag, "Accept-Ranges": "bytes"}
    return Answer(200, head | headers, chunk(data))


def part(start: int, data: bytes = DATA, *, etag: str = '"v1"') -> Answer:
    """206 with the file from ``start``."""
    head = {
        "Content-Range": f"bytes {start}-{len(data) - 1}/{len(data)}",
        "Content-Length": str(len(data) - start),
        "Content-Type": "image/png",
        "ETag": etag,
        "Accept-Ranges": "bytes",
    }
    return Answer(206, head, chunk(data[start:]))


def broken_after(n: int, answer: Answer) -> Answer:
    """``answer``, its body broken off after ``n`` bytes."""
    body = b"".join(answer.chunks)[:n]
    return Answer(answer.status, answer.headers, chunk(body), broken=True)


def chunk(data: bytes, size: int = 1000) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def redirect(location: str, status: int = 302) -> Answer:
    return Answer(status, {"Location": location})


class Streamed:
    def __init__(self, answer: Answer, url: URL, transport: ScriptedTransport) -> None:
        self.transport = transport
        self.answer = answer
        self.status = answer.status
        self.headers = CIMultiDictProxy(CIMultiDict(answer.headers))
        self.url = url

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self.answer.chunks:
            await asyncio.sleep(0)
            yield piece
        while self.answer.endless:
            await asyncio.sleep(0)
            self.transport.delivered += len(self.answer.endless)
            if self.transport.delivered >= self.transport.milestone:
                self.transport.reached.set()
            yield self.answer.endless
        if self.answer.broken:
            raise TransportError("connection reset", method="GET", path=self.url.path)


class ScriptedTransport:
    def __init__(self, script: dict[str, list[Answer]]) -> None:
        self.script = {URL(k): list(v) for k, v in script.items()}
        self.requests: list[PreparedRequest] = []
        self.open: dict[str, int] = {}
        self.most_open: dict[str, int] = {}
        self.opened = asyncio.Event()
        self.limits: list[int | None] = []  # the body bound asked of each stream()
        self.delivered = 0  # bytes of endless bodies handed out
        self.milestone = 1 << 62
        self.reached = asyncio.Event()  # set once ``delivered`` reaches ``milestone``

    @asynccontextmanager
    async def stream(
        self, request: PreparedRequest, *, idle: float | None = None, limit: int | None = None
    ) -> AsyncIterator[Streamed]:
        self.requests.append(request)
        self.limits.append(limit)
        answers = self.script.get(request.url)
        if answers is None:
            answer = Answer(404, {"Content-Type": "text/html"}, [b"<h1>Not Found</h1>"])
        else:
            answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if answer.refused:
            raise TransportError(
                "Cannot connect", method="GET", path=request.path, request_sent=False
            )
        host = str(request.url.origin())
        self.open[host] = self.open.get(host, 0) + 1
        self.most_open[host] = max(self.most_open.get(host, 0), self.open[host])
        self.opened.set()
        try:
            yield Streamed(answer, request.url, self)
        finally:
            self.open[host] -= 1

    def headers_to(self, origin: str) -> list[CIMultiDictProxy[str]]:
        return [r.headers for r in self.requests if str(r.url.origin()) == origin]

    async def close(self) -> None:
        pass


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


def downloader(
    transport: ScriptedTransport, clock: VirtualClock, *, retries: int = 3, per_host: int = 4
) -> Downloader:
    identity = Identity.for_instance(URL(INSTANCE), "aiomastodon-test", TOKEN)
    scheduler = Scheduler(retries=retries, clock=clock.time, sleep=clock.sleep, random=lambda: 0.5)
    return Downloader(transport, identity, scheduler=scheduler, per_host=per_host)


def no_token_anywhere(transport: ScriptedTransport) -> None:
    for request in transport.requests:
        assert "Authorization" not in request.headers
        assert TOKEN not in str(dict(request.headers))


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".part"))


# --- a plain download --------------------------------------------------------------------------


async def test_a_file_to_a_path_streams_whole_and_says_what_it_wrote(tmp_path, clock):
    transport = ScriptedTransport({f"{CDN}/a.png?sig=s3cr3t": [whole()]})
    target = tmp_path / "a.png"
    result = await downloader(transport, clock).download(f"{CDN}/a.png?sig=s3cr3t", target)
    assert target.read_bytes() == DATA
    assert result == DownloadResult(
        url=URL(f"{CDN}/a.png?sig=s3cr3t"),
        size=len(DATA),
        content_type="image/png",
        sha256=SHA,
        path=target,
    )
    assert "s3cr3t" not in repr(result)
    assert leftovers(tmp_path) == []
    (request,) = transport.requests
    assert request.headers["Accept-Encoding"] == "identity"
    assert request.headers["User-Agent"] == "aiomastodon-test"
    no_token_anywhere(transport)


async def test_an_attachment_downloads_its_url_else_its_remote_url(tmp_path, clock):
    transport = ScriptedTransport({f"{CDN}/local.png": [whole()], f"{CDN}/remote.png": [whole()]})
    get = downloader(transport, clock).download
    local = MediaAttachment(id="1", url=f"{CDN}/local.png", remote_url=f"{CDN}/remote.png")
    remote = MediaAttachment(id="2", url=None, remote_url=f"{CDN}/remote.png")
    await get(local, tmp_path / "1")
    await get(remote, tmp_path / "2")
    assert [r.url.path for r in transport.requests] == ["/local.png", "/remote.png"]
    with pytest.raises(MediaRefused, match="media attachment 3 has no URL"):
        await get(MediaAttachment(id="3"), tmp_path / "3")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "data:image/png;base64,iVBORw0KGgo=",
        "/system/media/a.png",
        "ftp://files.example/a.png",
        "https://",
        "",
    ],
)
def test_only_absolute_http_urls_are_media_urls(url):
    with pytest.raises(MediaRefused, match="not an http"):
        media_url(url)


def test_a_media_url_loses_its_user_password_and_fragment():
    assert media_url("https://u:p@files.example/a.png?x=1#f") == URL(
        "https://files.example/a.png?x=1"
    )


async def test_a_file_object_is_written_from_its_position(clock):
    transport = ScriptedTransport({f"{CDN}/a.png": [whole()]})
    buffer = io.BytesIO(b"HEAD")
    buffer.seek(4)
    result = await downloader(transport, clock).download(f"{CDN}/a.png", buffer)
    assert buffer.getvalue() == b"HEAD" + DATA
    assert result.path is None
    assert result.sha256 == SHA


# --- the token ---------------------------------------------------------------------------------


async def test_no_token_by_default_not_even_to_the_instance(tmp_path, clock):
    transport = ScriptedTransport({f"{INSTANCE}/system/a.png": [whole()]})
    await downloader(transport, clock).download(f"{INSTANCE}/system/a.png", tmp_path / "a")
    no_token_anywhere(transport)


async def test_token_true_sends_it_to_the_instance_only_never_along_a_redirect(tmp_path, clock):
    transport = ScriptedTransport(
        {
            f"{INSTANCE}/media_proxy/1/original": [redirect(f"{INSTANCE}/system/1.png")],
            f"{INSTANCE}/system/1.png": [redirect(f"{CDN}/1.png", 301)],
            f"{CDN}/1.png": [whole()],
            f"{CDN}/2.png": [whole()],
        }
    )
    get = downloader(transport, clock).download
    await get(f"{INSTANCE}/media_proxy/1/original", tmp_path / "1", token=True)
    await get(f"{CDN}/2.png", tmp_path / "2", token=True)
    # With the first request only: not along the redirect, even to the same origin.
    assert [h.get("Authorization") for h in transport.headers_to(INSTANCE)] == [
        f"Bearer {TOKEN}",
        None,
    ]
    assert all("Authorization" not in h for h in transport.headers_to(CDN))
    assert (tmp_path / "1").read_bytes() == DATA


async def test_a_redirect_with_credentials_in_its_location_is_refused(tmp_path, clock):
    # One redirect rule for every road (_sansio/origin.next_hop): a Location carrying
    # user:password@ is refused, never followed with or without them.
    transport = ScriptedTransport(
        {
            f"{CDN}/a": [redirect("https://user:pw@other.example/a.png")],
            "https://other.example/a.png": [whole()],
        }
    )
    with pytest.raises(MediaRefused, match="credentials"):
        await downloader(transport, clock).download(f"{CDN}/a", tmp_path / "a")
    assert [request.url.host for request in transport.requests] == ["files.example"]
    assert not (tmp_path / "a").exists()
    no_token_anywhere(transport)


async def test_the_clients_own_download_uses_its_transport_and_none_of_its_budget(tmp_path):
    transport = ScriptedTransport({f"{CDN}/a.png": [whole()]})
    async with Client(INSTANCE, access_token=TOKEN, transport=transport) as client:
        result = await client.media.download(f"{CDN}/a.png", tmp_path / "a.png")
        again = await client.media.download(f"{CDN}/a.png", tmp_path / "b.png")
        assert client.rate_limits == []
        assert client.scheduler.state() == []
        assert client.media._downloads() is client.media._downloads()
    assert result.sha256 == again.sha256 == SHA
    no_token_anywhere(transport)


def test_the_media_scheduler_keeps_the_clients_clock_and_bound_and_none_of_its_budgets(clock):
    main = Scheduler(
        clock=clock.time, sleep=clock.sleep, backoff_base=2.0, backoff_cap=9.0, max_wait=60.0
    )
    media = media_scheduler(main)
    assert media is not main
    assert (media.clock, media.sleep, media.random) == (main.clock, main.sleep, main.random)
    assert (media.backoff_base, media.backoff_cap, media.retries) == (2.0, 9.0, 5)
    assert media.max_wait == 60.0  # the caller's bound on one wait holds for downloads too
    assert media_scheduler().retries == 5


# --- resuming --------------------------------------------------------------------------------


async def test_a_broken_body_resumes_with_a_range_and_if_range(tmp_path, clock):
    url = f"{CDN}/a.png"
    transport = ScriptedTransport({url: [broken_after(4000, whole()), part(4000)]})
    result = await downloader(transport, clock).download(url, tmp_path / "a.png")
    assert (tmp_path / "a.png").read_bytes() == DATA
    assert result.sha256 == SHA
    assert result.resumed == 1
    first, second = transport.requests
    assert "Range" not in first.headers
    assert second.headers["Range"] == "bytes=4000-"
    assert second.headers["If-Range"] == '"v1"'
    assert leftovers(tmp_path) == []


async def test_a_server_that_ignores_range_sends_it_all_again_and_it_starts_over(tmp_path, clock):
    url = f"{CDN}/a.png"
    transport = ScriptedTransport({url: [broken_after(4000, whole()), whole()]})
    result = await downloader(transport, clock).download(url, tmp_path / "a.png")
    assert (tmp_path / "a.png").read_bytes() == DATA
    assert result.sha256 == SHA
    assert result.resumed == 0


async def test_a_file_that_changed_meanwhile_comes_whole(tmp_path, clock):
    new = DATA[::-1] + b"more"
    url = f"{CDN}/a.png"
    # The If-Range no longer matches: the server answers 200 with the new file.
    transport = ScriptedTransport({url: [broken_after(4000, whole()), whole(new, etag='"v2"')]})
    result = await downloader(transport, clock).download(url, tmp_path / "a.png")
    assert (tmp_path / "a.png").read_bytes() == new
    assert result.sha256 == hashlib.sha256(new).hexdigest()


async def test_accept_ranges_none_means_asking_again_for_everything(tmp_path, clock):
    url = f"{CDN}/a.png"
    refusing = whole(etag="", **{"Accept-Ranges": "none"})
    transport = ScriptedTransport({url: [broken_after(4000, refusing), refusing]})
    await downloader(transport, clock).download(url, tmp_path / "a.png")
    assert all("Range" not in r.headers for r in transport.requests)
    assert (tmp_path / "a.png").read_bytes() == DATA


async def test_a_206_at_the_wrong_byte_starts_over_without_ranges(tmp_path, clock):
    url = f"{CDN}/a.png"
    transport = ScriptedTransport({url: [broken_after(4000, whole()), part(3000), whole()]})
    result = await downloader(transport, clock).download(url, tmp_path / "a.png")
    assert (tmp_path / "a.png").read_bytes() == DATA
    assert [r.headers.get("Range") for r in transport.requests] == [None, "bytes=4000-", None]
    assert result.resumed == 0


async def test_a_416_for_exactly_what_arrived_completes(tmp_path, clock):
    url = f"{CDN}/a.png"
    # Every byte arrived, then the connection broke before the end was seen.
    done = Answer(416, {"Content-Range": f"bytes */{len(DATA)}"})
    transport = ScriptedTransport({url: [broken_after(len(DATA), whole()), done]})
    result = await downloader(transport, clock).download(url, tmp_path / "a.png")
    assert result.size == len(DATA)
    assert result.sha256 == SHA


async def test_a_body_that_ends_quietly_short_is_resumed(tmp_path, clock):
    url = f"{CDN}/a.png"
    short = whole()
    short = Answer(200, short.headers, chunk(DATA[:6000]))  # ends cleanly, 6,000 of 10,240
    transport = ScriptedTransport({url: [short, part(6000)]})
    result = await downloader(transport, clock).download(url, tmp_path / "a.png")
    assert result.sha256 == SHA
    assert result.resumed == 1


async def test_breaks_that_bring_bytes_each_time_do_not_use_up_the_retries(tmp_path, clock):
    url = f"{CDN}/a.png"
    script = [broken_after(1000, whole())]
    script += [broken_after(1000, part(start)) for start in range(1000, 10_000, 1000)]
    script += [part(10_000)]
    transport = ScriptedTransport({url: script})
    result = await downloader(transport, clock, retries=2).download(url, tmp_path / "a.png")
    assert result.sha256 == SHA
    assert result.resumed == 10


async def test_breaks_that_bring_nothing_new_use_up_the_retries(tmp_path, clock):
    url = f"{CDN}/a.png"
    refusing = whole(etag="", **{"Accept-Ranges": "none"})
    transport = ScriptedTransport({url: [broken_after(4000, refusing)]})
    with pytest.raises(MediaError, match="no answer: connection reset") as caught:
        await downloader(transport, clock, retries=2).download(url, tmp_path / "a.png")
    assert len(transport.requests) == 3
    assert str(caught.value).startswith(f"GET {CDN}/a.png: ")
    assert not (tmp_path / "a.png").exists()
    assert leftovers(tmp_path) == []


async def test_a_compressed_body_is_never_resumed(tmp_path, clock):
    url = f"{CDN}/a.png"
    gzipped = whole(**{"Content-Encoding": "gzip"})
    transport = ScriptedTransport({url: [broken_after(4000, gzipped), gzipped]})
    await downloader(transport, clock).download(url, tmp_path / "a.png")
    assert [r.headers.get("Range") for r in transport.requests] == [None, None]


async def test_starting_over_rewinds_a_file_object_to_its_position(clock):
    url = f"{CDN}/a.png"
    transport = ScriptedTransport({url: [broken_after(4000, whole()), whole()]})
    buffer = io.BytesIO(b"HEAD")
    buffer.seek(4)
    await downloader(transport, clock).download(url, buffer)
    assert buffer.getvalue() == b"HEAD" + DATA


class Unseekable(io.RawIOBase):
    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:  # type: ignore[override]
        self.data += b
        return len(b)


async def test_a_file_object_that_cannot_rewind_resumes_but_cannot_start_over(clock):
    url = f"{CDN}/a.png"
    resumable = ScriptedTransport({url: [broken_after(4000, whole()), part(4000)]})
    sink = Unseekable()
    await downloader(resumable, clock).download(url, sink)  # type: ignore[arg-type]
    assert bytes(sink.data) == DATA
    restarting = ScriptedTransport({url: [broken_after(4000, whole()), whole()]})
    with pytest.raises(MediaError, match="cannot be rewound"):
        await downloader(restarting, clock).download(url, Unseekable())  # type: ignore[arg-type]


# --- checks --------------------------------------------------------------------------------


async def test_more_bytes_than_announced_is_an_error_and_leaves_nothing(tmp_path, clock):
    url = f"{CDN}/a.png?sig=s3cr3t"
    liar = Answer(200, {"Content-Length": "5000"}, chunk(DATA))
    transport = ScriptedTransport({url: [liar]})
    with pytest.raises(MediaCorrupt, match="more than the 5000 bytes it announced") as caught:
        await downloader(transport, clock).download(url, tmp_path / "a.png")
    assert "s3cr3t" not in str(caught.value)
    assert f"{CDN}/a.png" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


async def test_an_announced_size_over_max_size_is_refused_before_reading(tmp_path, clock):
    transport = ScriptedTransport({f"{CDN}/big": [whole()]})
    with pytest.raises(MediaTooLarge, match="the file is 10240 bytes; max_size is 1000"):
        await downloader(transport, clock).download(f"{CDN}/big", tmp_path / "a", max_size=1000)
    assert list(tmp_path.iterdir()) == []


async def test_an_endless_body_stops_at_max_size(tmp_path, clock):
    endless = Answer(200, {"Content-Type": "video/mp4"}, endless=b"x" * 4096)
    transport = ScriptedTransport({f"{CDN}/endless": [endless]})
    with pytest.raises(MediaTooLarge, match=r"more than max_size \(100000 bytes\)"):
        await downloader(transport, clock).download(
            f"{CDN}/endless", tmp_path / "a", max_size=100_000
        )
    assert list(tmp_path.iterdir()) == []
    assert DEFAULT_MAX_SIZE == 256 * 1024 * 1024


async def test_the_expected_checksum_is_checked(tmp_path, clock):
    transport = ScriptedTransport({f"{CDN}/a.png": [whole()]})
    get = downloader(transport, clock).download
    await get(f"{CDN}/a.png", tmp_path / "a", sha256=SHA.upper())
    with pytest.raises(MediaCorrupt, match=f"is {SHA}, not {'0' * 64}"):
        await get(f"{CDN}/a.png", tmp_path / "b", sha256="0" * 64)
    assert not (tmp_path / "b").exists()
    assert leftovers(tmp_path) == []
    with pytest.raises(ValueError, match="64 hexadecimal"):
        await get(f"{CDN}/a.png", tmp_path / "c", sha256="abc")


async def test_a_checksum_wrong_after_a_resume_is_fetched_once_more_whole(tmp_path, clock):
    url = f"{CDN}/a.png"
    other = bytes(len(DATA))  # same size, same ETag, other bytes: a server that lies
    script = [broken_after(4000, whole()), part(4000, other), whole()]
    transport = ScriptedTransport({url: script})
    result = await downloader(transport, clock).download(url, tmp_path / "a", sha256=SHA)
    assert result.sha256 == SHA
    assert [r.headers.get("Range") for r in transport.requests] == [None, "bytes=4000-", None]


# --- errors and retries ----------------------------------------------------------------------


@pytest.mark.parametrize("status", [404, 410, 403])
async def test_an_error_status_is_not_retried_and_names_origin_and_path_only(
    tmp_path, clock, status
):
    url = f"{CDN}/gone.png?X-Amz-Signature=s3cr3t"
    transport = ScriptedTransport({url: [Answer(status)]})
    with pytest.raises(MediaUnavailable) as caught:
        await downloader(transport, clock).download(url, tmp_path / "a")
    assert caught.value.status == status
    assert str(caught.value) == f"GET {CDN}/gone.png: HTTP {status}"
    assert caught.value.url == f"{CDN}/gone.png"
    assert caught.value.path == "/gone.png"
    assert len(transport.requests) == 1
    assert list(tmp_path.iterdir()) == []


async def test_5xx_is_retried_with_backoff_on_the_injected_clock(tmp_path, clock):
    url = f"{CDN}/a.png"
    transport = ScriptedTransport({url: [Answer(503), Answer(502), whole()]})
    started = clock.time()
    result = await downloader(transport, clock).download(url, tmp_path / "a")
    assert result.sha256 == SHA
    assert len(transport.requests) == 3
    assert clock.time() - started == pytest.approx(0.5 * 0.5 + 0.5 * 1.0)  # full jitter at 0.5


async def test_5xx_for_ever_gives_up_after_the_retries(tmp_path, clock):
    transport = ScriptedTransport({f"{CDN}/a.png": [Answer(503)]})
    with pytest.raises(MediaUnavailable, match="HTTP 503") as caught:
        await downloader(transport, clock, retries=4).download(f"{CDN}/a.png", tmp_path / "a")
    assert caught.value.status == 503
    assert len(transport.requests) == 5


async def test_a_media_host_that_answers_429_is_waited_for_then_asked_again(tmp_path, clock):
    url = f"{CDN}/a.png"
    limited = Answer(429, {"Retry-After": "120"})
    transport = ScriptedTransport({url: [limited, whole()]})
    started = clock.time()
    result = await downloader(transport, clock).download(url, tmp_path / "a")
    assert result.sha256 == SHA
    assert clock.time() - started >= 120


async def test_no_connection_is_retried_then_named(tmp_path, clock):
    transport = ScriptedTransport({f"{CDN}/a.png": [Answer(refused=True)]})
    with pytest.raises(MediaError, match=r"no answer: Cannot connect") as caught:
        await downloader(transport, clock).download(f"{CDN}/a.png", tmp_path / "a")
    assert type(caught.value) is MediaError
    assert len(transport.requests) == 4


async def test_a_redirect_loop_is_refused(tmp_path, clock):
    transport = ScriptedTransport(
        {f"{CDN}/a": [redirect(f"{CDN}/b?sig=1")], f"{CDN}/b?sig=1": [redirect(f"{CDN}/a")]}
    )
    with pytest.raises(MediaRefused, match="more than 5 redirects") as caught:
        await downloader(transport, clock).download(f"{CDN}/a", tmp_path / "a")
    assert len(transport.requests) == 6
    assert "sig" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "location",
    ["file:///etc/passwd", "data:image/png;base64,AAAA", "ws://files.example/a", "gopher://x/"],
)
async def test_a_redirect_to_another_scheme_is_refused(tmp_path, clock, location):
    transport = ScriptedTransport({f"{CDN}/a": [redirect(location)]})
    with pytest.raises(MediaRefused, match="redirect"):
        await downloader(transport, clock).download(f"{CDN}/a", tmp_path / "a")
    assert len(transport.requests) == 1


async def test_a_redirect_chain_across_origins_is_followed(tmp_path, clock):
    transport = ScriptedTransport(
        {
            f"{INSTANCE}/m/1": [redirect(f"{CDN}/1")],
            f"{CDN}/1": [redirect("https://bucket.example/1.png?sig=x", 307)],
            "https://bucket.example/1.png?sig=x": [whole()],
        }
    )
    result = await downloader(transport, clock).download(f"{INSTANCE}/m/1", tmp_path / "a")
    assert result.url.host == "bucket.example"
    assert len(transport.requests) == 3
    no_token_anywhere(transport)


async def test_a_resume_follows_the_redirects_again(tmp_path, clock):
    transport = ScriptedTransport(
        {
            f"{INSTANCE}/m/1": [redirect(f"{CDN}/1.png")],
            f"{CDN}/1.png": [broken_after(4000, whole()), part(4000)],
        }
    )
    result = await downloader(transport, clock).download(f"{INSTANCE}/m/1", tmp_path / "a")
    assert result.sha256 == SHA
    assert [str(r.url) for r in transport.requests] == [
        f"{INSTANCE}/m/1",
        f"{CDN}/1.png",
        f"{INSTANCE}/m/1",
        f"{CDN}/1.png",
    ]
    assert transport.requests[2].headers["Range"] == "bytes=4000-"


# --- the cap per host ----------------------------------------------------------------------


async def test_at_most_per_host_connections_to_one_media_host(tmp_path, clock):
    urls = [f"{CDN}/{n}.png" for n in range(12)] + [f"https://other.example/{n}" for n in range(3)]
    transport = ScriptedTransport({url: [whole()] for url in urls})
    get = downloader(transport, clock, per_host=3).download
    await asyncio.gather(*(get(url, tmp_path / str(n)) for n, url in enumerate(urls)))
    assert transport.most_open == {CDN: 3, "https://other.example": 3}
    assert all((tmp_path / str(n)).read_bytes() == DATA for n in range(len(urls)))


async def test_a_cancelled_download_leaves_no_temporary_file(tmp_path, clock):
    endless = Answer(200, {}, endless=b"x" * 100)
    transport = ScriptedTransport({f"{CDN}/slow": [endless]})
    task = asyncio.ensure_future(
        downloader(transport, clock).download(f"{CDN}/slow", tmp_path / "a", max_size=None)
    )
    await transport.opened.wait()
    assert leftovers(tmp_path) != []
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert list(tmp_path.iterdir()) == []


def test_a_directory_is_no_destination(tmp_path):
    async def go() -> None:
        transport = ScriptedTransport({f"{CDN}/a.png": [whole()]})
        await downloader(transport, VirtualClock()).download(f"{CDN}/a.png", tmp_path)

    with pytest.raises(IsADirectoryError):
        asyncio.run(go())


# --- big files: written and hashed a megabyte at a time, in a thread ----------------------------

BIG = bytes(range(251)) * 12_000  # 3,012,000 bytes: three batches and some
BIG_SHA = hashlib.sha256(BIG).hexdigest()


def big_chunks(data: bytes) -> list[bytes]:
    return chunk(data, 65_536)


async def test_a_big_file_is_written_and_hashed_in_order(tmp_path, clock):
    answer = Answer(200, {"Content-Length": str(len(BIG))}, big_chunks(BIG))
    transport = ScriptedTransport({f"{CDN}/big": [answer]})
    result = await downloader(transport, clock).download(f"{CDN}/big", tmp_path / "big")
    assert (tmp_path / "big").read_bytes() == BIG
    assert result.sha256 == BIG_SHA


async def test_a_big_file_resumed_and_restarted_mid_batch(tmp_path, clock):
    url = f"{CDN}/big"
    head = {"Content-Length": str(len(BIG)), "ETag": '"b"', "Accept-Ranges": "bytes"}
    first = Answer(200, head, big_chunks(BIG[:1_500_000]), broken=True)
    rest = Answer(
        206,
        {"Content-Range": f"bytes 1500000-{len(BIG) - 1}/{len(BIG)}", "ETag": '"b"'},
        big_chunks(BIG[1_500_000:2_500_000]),
        broken=True,
    )
    # Then a server that forgot ranges: the whole file, from byte 0.
    again = Answer(200, head, big_chunks(BIG))
    transport = ScriptedTransport({url: [first, rest, again]})
    result = await downloader(transport, clock).download(url, tmp_path / "big", sha256=BIG_SHA)
    assert (tmp_path / "big").read_bytes() == BIG
    assert result.sha256 == BIG_SHA
    assert [r.headers.get("Range") for r in transport.requests] == [
        None,
        "bytes=1500000-",
        "bytes=2500000-",
    ]


class FailingWrites(io.BytesIO):
    def write(self, b) -> int:  # type: ignore[override]
        if self.tell() > 1_200_000:
            raise OSError(28, "No space left on device")
        return super().write(b)


async def test_a_write_that_fails_in_the_thread_raises_its_error(clock):
    answer = Answer(200, {"Content-Length": str(len(BIG))}, big_chunks(BIG))
    transport = ScriptedTransport({f"{CDN}/big": [answer]})
    with pytest.raises(OSError, match="No space left"):
        await downloader(transport, clock).download(f"{CDN}/big", FailingWrites())


async def test_a_big_download_cancelled_mid_batch_leaves_nothing(tmp_path, clock):
    endless = Answer(200, {}, endless=b"x" * 65_536)
    transport = ScriptedTransport({f"{CDN}/endless": [endless]})
    task = asyncio.ensure_future(
        downloader(transport, clock).download(f"{CDN}/endless", tmp_path / "a", max_size=None)
    )
    transport.milestone = 5 * 1024 * 1024  # some megabytes in: batches are being written
    await transport.reached.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert list(tmp_path.iterdir()) == []


async def test_fsync_syncs_the_file_and_its_directory(tmp_path, clock, monkeypatch):
    synced: list[int] = []
    real = __import__("os").fsync
    monkeypatch.setattr("os.fsync", lambda fd: (synced.append(fd), real(fd))[1])
    transport = ScriptedTransport({f"{CDN}/a.png": [whole()]})
    await downloader(transport, clock).download(f"{CDN}/a.png", tmp_path / "a", fsync=True)
    assert (tmp_path / "a").read_bytes() == DATA
    assert len(synced) == 2  # the file before its rename, the directory after
