"""``client.media.download`` over real HTTP on loopback: a media origin on a port of its
own (``media_servers.MediaOrigin``), distinct from the instance's, which records the
headers of every request it receives; a second origin for redirect chains.

The token is distinctive; every test that downloads asserts it reached neither media
origin, on any request, redirects included.
"""

from __future__ import annotations

import hashlib
import tracemalloc
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from aiomastodon import Client
from aiomastodon.errors import MediaRefused, MediaTooLarge, MediaUnavailable

from .media_servers import MediaFile, MediaInstance, MediaOrigin, pattern

pytestmark = pytest.mark.integration

TOKEN = "tok-Pw3k-media-never-leaves-9Rt"
DATA = pattern(300_000, seed=1)
SHA = hashlib.sha256(DATA).hexdigest()


@pytest.fixture
def media() -> Iterator[MediaOrigin]:
    origin = MediaOrigin()
    origin.start()
    yield origin
    origin.release()
    origin.close()


@pytest.fixture
def cdn() -> Iterator[MediaOrigin]:
    origin = MediaOrigin()
    origin.start()
    yield origin
    origin.close()


@pytest.fixture
def instance() -> Iterator[MediaInstance]:
    server = MediaInstance(token=TOKEN)
    server.start()
    yield server
    server.close()


@pytest.fixture
async def client(instance: MediaInstance) -> AsyncIterator[Client]:
    async with Client(instance.base_url, access_token=TOKEN) as client:
        yield client


def assert_no_token(*origins: MediaOrigin) -> None:
    for origin in origins:
        received = origin.headers_received()
        assert received, "the origin received nothing"
        for headers in received:
            assert "Authorization" not in headers
            assert TOKEN not in repr(headers)


async def test_a_file_arrives_whole_and_the_media_origin_never_sees_the_token(
    client, media, tmp_path
):
    url = media.add("/files/a.png", DATA)
    result = await client.media.download(url, tmp_path / "a.png")
    assert (tmp_path / "a.png").read_bytes() == DATA
    assert (result.size, result.sha256, result.content_type) == (len(DATA), SHA, "image/png")
    # Asked to send the token: still not to another origin.
    await client.media.download(url, tmp_path / "b.png", token=True)
    assert_no_token(media)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "b.png"]


async def test_a_redirect_chain_over_two_origins_carries_no_token(client, media, cdn, tmp_path):
    final = cdn.add("/bucket/a.png", DATA)
    media.add("/m/3", MediaFile(redirect=cdn.url("/hop?sig=abc")))
    cdn.add("/hop", MediaFile(redirect=media.url("/m/4")))
    media.add("/m/4", MediaFile(redirect=final))
    result = await client.media.download(media.url("/m/3"), tmp_path / "a.png", token=True)
    assert (tmp_path / "a.png").read_bytes() == DATA
    assert str(result.url) == final
    assert [len(media.requests_for(p)) for p in ("/m/3", "/m/4")] == [1, 1]
    assert_no_token(media, cdn)


async def test_a_redirect_loop_is_refused_after_five_hops(client, media, tmp_path):
    media.add("/a", MediaFile(redirect="/b"))
    media.add("/b", MediaFile(redirect="/a"))
    with pytest.raises(MediaRefused, match="more than 5 redirects"):
        await client.media.download(media.url("/a"), tmp_path / "x")
    assert len(media.requests) == 6
    assert list(tmp_path.iterdir()) == []


async def test_a_redirect_to_a_file_url_is_refused(client, media, tmp_path):
    media.add("/a", MediaFile(redirect="file:///etc/passwd"))
    with pytest.raises(MediaRefused, match="only http"):
        await client.media.download(media.url("/a"), tmp_path / "x")


async def test_a_connection_dropped_mid_file_resumes_with_a_range(client, media, tmp_path):
    url = media.add("/a.png", MediaFile(DATA, drop_after=100_000, drops=2))
    result = await client.media.download(url, tmp_path / "a.png")
    assert (tmp_path / "a.png").read_bytes() == DATA
    assert result.resumed == 2
    ranges = [h.get("Range") for h in media.requests_for("/a.png")]
    assert ranges == [None, "bytes=100000-", "bytes=200000-"]
    assert {h.get("If-Range") for h in media.requests_for("/a.png")[1:]} == {'"v1"'}
    assert_no_token(media)


async def test_a_connection_dropped_mid_file_without_ranges_starts_over(client, media, tmp_path):
    # No Accept-Ranges: the whole file is asked for again each time.
    url = media.add("/a.png", MediaFile(DATA, ranges=False, drop_after=100_000, drops=2))
    result = await client.media.download(url, tmp_path / "a.png")
    assert (tmp_path / "a.png").read_bytes() == DATA
    assert result.resumed == 0
    assert [h.get("Range") for h in media.requests_for("/a.png")] == [None, None, None]


async def test_a_404_and_a_410_raise_naming_origin_and_path(client, media, tmp_path):
    media.add("/gone.png", MediaFile(status=410))
    with pytest.raises(MediaUnavailable) as caught:
        await client.media.download(media.url("/missing.png?sig=s3cr3t"), tmp_path / "x")
    assert caught.value.status == 404
    assert str(caught.value) == f"GET {media.base_url}/missing.png: HTTP 404"
    with pytest.raises(MediaUnavailable, match="HTTP 410"):
        await client.media.download(media.url("/gone.png"), tmp_path / "x")
    assert list(tmp_path.iterdir()) == []


async def test_a_503_is_retried(instance, media, tmp_path):
    url = media.add("/busy.png", MediaFile(DATA, status=503, failures=2))
    async with Client(instance.base_url, access_token=TOKEN) as client:
        client.scheduler.backoff_base = 0.001  # the media scheduler takes it (made on first use)
        result = await client.media.download(url, tmp_path / "a")
    assert result.sha256 == SHA
    assert len(media.requests_for("/busy.png")) == 3


async def test_bytes_past_the_content_length_are_not_taken(client, media, tmp_path):
    url = media.add("/a.png", MediaFile(DATA, extra=b"TRAILING GARBAGE" * 100))
    result = await client.media.download(url, tmp_path / "a.png")
    assert (tmp_path / "a.png").read_bytes() == DATA
    assert result.size == len(DATA)


async def test_an_endless_chunked_body_stops_at_max_size(client, media, tmp_path):
    url = media.add("/endless", MediaFile(huge=(10**12, b"z" * 65536), chunked=True))
    with pytest.raises(MediaTooLarge, match="more than max_size"):
        await client.media.download(url, tmp_path / "x", max_size=5_000_000)
    assert list(tmp_path.iterdir()) == []


async def test_a_200_mb_file_streams_to_disk_in_bounded_memory(client, media, tmp_path):
    size = 200 * 1024 * 1024
    file = MediaFile(huge=(size, pattern(1 << 20, seed=7)), content_type="video/mp4")
    url = media.add("/huge.mp4", file)
    tracemalloc.start()
    try:
        result = await client.media.download(url, tmp_path / "huge.mp4")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.size == size
    assert (tmp_path / "huge.mp4").stat().st_size == size
    assert result.sha256 == file.sha256()
    # Both ends are in this process (the server in a thread): still nothing near the size.
    assert peak < 32 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


async def test_a_file_object_destination(client, media, tmp_path):
    url = media.add("/a.png", MediaFile(DATA, drop_after=50_000, drops=1))
    path = Path(tmp_path / "out.bin")
    with open(path, "wb") as file:  # noqa: ASYNC230 (a test's local file)
        file.write(b"prefix")
        result = await client.media.download(url, file)
    assert path.read_bytes() == b"prefix" + DATA  # noqa: ASYNC240
    assert result.path is None
