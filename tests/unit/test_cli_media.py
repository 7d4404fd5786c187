"""The pure parts of ``archive --media`` (``cli/media.py``): the media URLs of an item,
the index's torn-line rule, file names by type, which failures are permanent, the
summary line; and the demo's media (``cli/demo.py``): its pictures, which statuses carry
them, the paths its media origin serves."""

from __future__ import annotations

import argparse
import json
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiomastodon.cli import demo
from aiomastodon.cli import media as media_module
from aiomastodon.cli.media import (
    IndexEntry,
    MediaIndex,
    MediaStats,
    add_media_arguments,
    media_options,
    media_urls,
)
from aiomastodon.errors import (
    ArchiveError,
    MediaCorrupt,
    MediaError,
    MediaRefused,
    MediaTooLarge,
    MediaUnavailable,
    UsageError,
)

STATUS = {
    "id": "1",
    "account": {
        "avatar": "https://f.example/a.png",
        "header": "https://f.example/h.png",
        "emojis": [{"shortcode": "x", "url": "https://f.example/name-emoji.png"}],
    },
    "media_attachments": [
        {"id": "1", "url": "https://f.example/1.png", "remote_url": "https://r.example/1.png"},
        {"id": "2", "url": None, "remote_url": "https://r.example/2.png"},
        {"id": "3", "url": None, "remote_url": None},
    ],
    "emojis": [{"shortcode": "blob", "url": "https://f.example/blob.gif"}],
    "reblog": None,
}


def line(value: object) -> bytes:
    return json.dumps(value).encode()


def test_the_attachments_of_a_status_url_else_remote_url():
    assert media_urls(line(STATUS)) == ["https://f.example/1.png", "https://r.example/2.png"]


def test_extras_add_avatar_header_and_emojis():
    assert media_urls(line(STATUS), extras=True) == [
        "https://f.example/1.png",
        "https://r.example/2.png",
        "https://f.example/a.png",
        "https://f.example/h.png",
        "https://f.example/name-emoji.png",
        "https://f.example/blob.gif",
    ]


def test_boosts_quotes_and_notifications_hold_their_statuses_media():
    inner = {"media_attachments": [{"id": "9", "url": "https://f.example/9.png"}]}
    boost = {"id": "2", "media_attachments": [], "reblog": inner}
    quote = {"id": "3", "quote": {"state": "accepted", "quoted_status": inner}}
    notification = {"id": "4", "type": "mention", "account": {}, "status": boost}
    for item in (boost, quote, notification):
        assert media_urls(line(item)) == ["https://f.example/9.png"]


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b'{"media_attachments": "a string"}',
        b'{"media_attachments": [{"url": 5}]}',
        b"[]",
        b'{"emojis": null, "media_attachments": null, "account": null}',
    ],
)
def test_an_item_unlike_mastodons_gives_no_media(raw):
    assert media_urls(raw, extras=True) == []


def test_nesting_is_bounded():
    item: dict[str, object] = {"media_attachments": [{"url": "https://f.example/deep.png"}]}
    for _ in range(50):
        item = {"reblog": item}
    assert media_urls(line(item)) == []


def test_the_index_cuts_a_torn_last_line_and_keeps_the_latest_entry(tmp_path: Path):
    path = tmp_path / "home.jsonl.media.jsonl"
    first = IndexEntry(url="https://f.example/1.png", status=404, error="HTTP 404")
    second = IndexEntry(url="https://f.example/1.png", file="ab/ab.png", size=3, sha256="ab")
    index = MediaIndex(path)
    index.open()
    index.append(first)
    index.append(second)
    index.close()
    path.write_bytes(path.read_bytes() + b'{"url":"https://f.exa')  # a stop mid-write
    again = MediaIndex(path)
    again.open()
    assert again.entries == {"https://f.example/1.png": second}
    assert path.read_bytes().endswith(b"\n")
    assert path.read_bytes().count(b"\n") == 2
    assert second.done
    assert not first.done
    assert b'"status"' not in path.read_bytes().splitlines()[1]  # defaults are left out


def test_a_damaged_line_before_the_last_is_an_error(tmp_path: Path):
    path = tmp_path / "index"
    path.write_bytes(b'{"url":"a"}\n{"url": 5}\n{"url":"b"}\n')
    with pytest.raises(ArchiveError, match="damaged at line 2"):
        MediaIndex(path).open()


@pytest.mark.parametrize(
    ("content_type", "url", "extension"),
    [
        ("image/jpeg", "https://f.example/a.jpeg", ".jpg"),
        ("video/mp4", "https://f.example/a", ".mp4"),
        ("image/x-icon", "https://f.example/favicon.ICO", ".ico"),
        ("image/x-icon", "https://f.example/a", ""),
        ("", "https://f.example/a.WEBP?x=1#y", ".webp"),
        ("application/x-unknown-thing", "https://f.example/a.toolongext", ""),
        ("", "https://f.example/../../etc", ""),
    ],
)
def test_file_names_take_the_types_extension(content_type, url, extension):
    assert media_module._extension(content_type, url) == extension


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (MediaUnavailable("", status=404), True),
        (MediaUnavailable("", status=410), True),
        (MediaUnavailable("", status=403), True),
        (MediaUnavailable("", status=429), False),
        (MediaUnavailable("", status=408), False),
        (MediaUnavailable("", status=503), False),
        (MediaTooLarge(""), True),
        (MediaRefused(""), True),
        (MediaCorrupt(""), False),
        (MediaError("no answer"), False),
    ],
)
def test_which_failures_are_permanent(error, permanent):
    assert media_module._permanent(error) is permanent


def test_the_summary_line():
    stats = MediaStats(downloaded=2, bytes=1_500_000, known=7, stored_already=1)
    stats.failed = {404: 2, 0: 1}
    stats.known_failed, stats.to_retry = 3, 1
    assert stats.summary(Path("media")) == (
        "media: 2 files downloaded (1.5 MB), 7 already archived, 1 with their content in DIR "
        "already, 3 failed (refused: 1, 404: 2), 3 failed before (see --media-retry-failed), "
        "1 to retry next run → media"
    )
    assert MediaStats(downloaded=1, bytes=512).summary(Path("m")) == (
        "media: 1 file downloaded (0.5 kB), 0 already archived → m"
    )


def test_the_options():
    parser = argparse.ArgumentParser()
    add_media_arguments(parser)
    parser.add_argument("--fsync", action="store_true")
    assert media_options(parser.parse_args([])) is None
    options = media_options(parser.parse_args(["--media", "d", "--media-max-size", "0"]))
    assert options is not None
    assert (options.directory, options.max_size, options.extras) == (Path("d"), None, False)
    options = media_options(parser.parse_args(["--media", "d", "--media-extras", "--fsync"]))
    assert options is not None
    assert (options.max_size, options.extras, options.fsync) == (256 * 1024 * 1024, True, True)
    with pytest.raises(UsageError, match="--media-max-size"):
        media_options(parser.parse_args(["--media", "d", "--media-max-size", "-1"]))


# --- the demo's media (cli/demo.py) --------------------------------------------------------


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """A PNG's chunks, each CRC checked (a reader of our own: no imaging library here)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(data):
        (size,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + size]
        (crc,) = struct.unpack(">I", data[at + 8 + size : at + 12 + size])
        assert crc == zlib.crc32(kind + body), kind
        chunks.append((kind, body))
        at += 12 + size
    return chunks


def test_the_demo_pictures_are_valid_pngs_each_its_own_and_the_same_every_time():
    pictures = [demo.demo_png(k) for k in range(demo.PICTURES + 1)]
    assert len(set(pictures)) == demo.PICTURES + 1
    sizes = set()
    for data in pictures:
        chunks = _png_chunks(data)
        assert [kind for kind, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
        width, height, depth, colour, *_ = struct.unpack(">IIBBBBB", chunks[0][1])
        assert (depth, colour) == (8, 2)  # 8-bit RGB
        rows = zlib.decompress(chunks[1][1])
        assert len(rows) == height * (1 + 3 * width)
        assert rows[:: 1 + 3 * width] == bytes(height)  # filter 0 before every row
        sizes.add((width, height))
        assert len(data) < 2000  # small: the demo serves hundreds
    assert len(sizes) == 3
    demo.demo_png.cache_clear()
    assert [demo.demo_png(k) for k in range(demo.PICTURES + 1)] == pictures


def test_a_fraction_of_the_demo_statuses_have_media_some_shared_some_gone():
    media = [demo.media_of(n) for n in range(3000)]
    with_media = sum(1 for m in media if m)
    assert 3000 // 8 < with_media < 3000 // 4
    urls = [path for m in media for path, _ in m]
    assert urls.count("/demo-media/welcome.png") == 60
    gone = [path for m in media for path, picture in m if picture < 0]
    assert len(gone) == 6
    pictures = {picture for m in media for _, picture in m if picture >= 0}
    assert pictures == set(range(demo.PICTURES + 1))
    # Each path the statuses name is served as the picture they name, and nothing else is.
    for m in media:
        for path, picture in m:
            assert demo._picture_at(path) == (None if picture < 0 else picture)
    for path in (
        "/demo-media/2.png",
        "/demo-media/1-3.png",
        "/demo-media/².png",
        "/demo-media/" + "9" * 5000 + ".png",
        "/",
        "",
    ):
        assert demo._picture_at(path) is None


@given(st.text(max_size=60))
def test_any_path_is_a_picture_or_404_never_an_exception(path):
    picture = demo._picture_at(path)
    assert picture is None or 0 <= picture <= demo.PICTURES
    assert picture is None or path.startswith("/demo-media/")


@given(st.text(max_size=80))
def test_media_url_moves_only_the_demos_media_urls(url):
    instance = demo.DemoInstance("http://127.0.0.1:1", "t", 1, media_origin="http://127.0.0.1:4242")
    moved = instance.media_url(url)
    assert moved == url or moved.startswith("http://127.0.0.1:4242/demo-media/")


def test_media_url_moves_a_demo_media_url_of_any_port_onto_this_runs():
    instance = demo.DemoInstance("http://127.0.0.1:1", "t", 1, media_origin="http://127.0.0.1:4242")
    assert instance.media_url("http://127.0.0.1:39001/demo-media/7.png") == (
        "http://127.0.0.1:4242/demo-media/7.png"
    )
    for other in (
        "https://127.0.0.1:39001/demo-media/7.png",
        "http://127.0.0.2:39001/demo-media/7.png",
        "http://files.example/demo-media/7.png",
        "http://127.0.0.1:39001/other/7.png",
    ):
        assert instance.media_url(other) == other
