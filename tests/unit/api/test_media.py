"""client.media: uploads, waiting for processing, and edits."""

from __future__ import annotations

import io

import pytest

from aiomastodon import File, MastodonError, Unprocessable
from aiomastodon.entities import MediaAttachment

from ._helpers import (
    BASE,
    calls_to,
    fields_of,
    files_of,
    form_of,
    method_example,
    multipart_of,
    no_body,
    only_request,
    sent_nothing_else,
)

UPLOAD = f"{BASE}/api/v2/media"
READY = method_example("media.v2", 0)  # 200: processed
PROCESSING = method_example("media.v2", 1)  # 202: url is still null
MEDIA = f"{BASE}/api/v1/media/{PROCESSING['id']}"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def sleeps(client):
    """Replace the client's sleep with one that returns at once and records the delays."""
    delays: list[float] = []

    async def fake_sleep(delay: float) -> None:
        delays.append(delay)

    client._requester.sleep = fake_sleep
    return delays


async def test_upload_sends_multipart(mocked, client, sleeps):
    mocked.post(UPLOAD, payload=READY)
    media = await client.media.upload(
        File(PNG, filename="cat.png"),
        thumbnail=File(b"\xff\xd8\xff thumb", filename="thumb.jpg"),
        description="a cat",
        focus=(-0.42, 0.69),
    )
    assert isinstance(media, MediaAttachment)
    assert media.url == READY["url"]
    assert sleeps == []  # ready at once: no polling
    parts = await multipart_of(only_request(mocked, "POST", UPLOAD))
    assert fields_of(parts) == [("description", "a cat"), ("focus", "-0.42,0.69")]
    files = files_of(parts)
    assert (files["file"].filename, files["file"].content_type, files["file"].data) == (
        "cat.png",
        "image/png",
        PNG,
    )
    assert (files["thumbnail"].filename, files["thumbnail"].content_type) == (
        "thumb.jpg",
        "image/jpeg",
    )


async def test_upload_a_file_object(mocked, client, sleeps):
    mocked.post(UPLOAD, payload=READY)
    source = io.BytesIO(b"ID3 some mp3")
    source.name = "/music/song.mp3"
    await client.media.upload(source)
    parts = await multipart_of(only_request(mocked, "POST", UPLOAD))
    assert fields_of(parts) == []
    assert [(p.name, p.filename, p.content_type, p.data) for p in parts] == [
        ("file", "song.mp3", "audio/mpeg", b"ID3 some mp3")
    ]


async def test_upload_polls_until_processed(mocked, client, sleeps):
    mocked.post(UPLOAD, status=202, payload=PROCESSING)
    mocked.get(MEDIA, status=206, payload=PROCESSING)
    mocked.get(MEDIA, status=206, payload=PROCESSING)
    mocked.get(MEDIA, status=200, payload=method_example("media.get"))
    media = await client.media.upload(PNG)
    assert isinstance(media, MediaAttachment)
    assert media.url == method_example("media.get")["url"]
    assert sleeps == [0.5, 1.0, 2.0]  # growing delays, one before each poll
    assert len(calls_to(mocked, "GET", MEDIA)) == 3


async def test_upload_delays_stop_growing_at_five_seconds(mocked, client, sleeps):
    mocked.post(UPLOAD, status=202, payload=PROCESSING)
    for _ in range(6):
        mocked.get(MEDIA, status=206, payload=PROCESSING)
    mocked.get(MEDIA, status=200, payload=method_example("media.get"))
    await client.media.upload(PNG)
    assert sleeps == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0, 5.0]


async def test_upload_gives_up_after_max_wait(mocked, client, sleeps):
    mocked.post(UPLOAD, status=202, payload=PROCESSING)
    mocked.get(MEDIA, status=206, payload=PROCESSING, repeat=True)
    with pytest.raises(MastodonError, match=rf"media {PROCESSING['id']} still processing") as err:
        await client.media.upload(PNG, max_wait=3.0)
    assert sum(sleeps) == pytest.approx(3.0)
    assert sleeps == [0.5, 1.0, 1.5]  # the last delay is cut to fit the bound
    assert err.value.endpoint == f"GET /api/v1/media/{PROCESSING['id']}"
    assert "after 3 s" in str(err.value)
    assert len(calls_to(mocked, "GET", MEDIA)) == 3


async def test_upload_without_wait_returns_the_unprocessed_media(mocked, client, sleeps):
    mocked.post(UPLOAD, status=202, payload=PROCESSING)
    media = await client.media.upload(PNG, wait=False)
    assert media.url is None
    assert sleeps == []
    only_request(mocked, "POST", UPLOAD)
    sent_nothing_else(mocked, ("POST", UPLOAD))


async def test_upload_rejects_a_focus_out_of_range(mocked, client):
    with pytest.raises(ValueError, match="focus"):
        await client.media.upload(PNG, focus=(0.0, 1.5))
    assert mocked.requests == {}


async def test_upload_v1_is_deprecated(mocked, client):
    url = f"{BASE}/api/v1/media"
    mocked.post(url, payload=method_example("media.v1"))
    with pytest.warns(DeprecationWarning, match=r"client\.media\.upload\(\)"):
        media = await client.media.upload_v1(File(PNG, filename="a.png"), description="alt")
    assert isinstance(media, MediaAttachment)
    parts = await multipart_of(only_request(mocked, "POST", url))
    assert fields_of(parts) == [("description", "alt")]
    assert files_of(parts)["file"].filename == "a.png"


async def test_get(mocked, client):
    mocked.get(MEDIA, payload=method_example("media.get"))
    media = await client.media.get(PROCESSING["id"])
    assert isinstance(media, MediaAttachment)
    assert media.meta is not None
    assert media.meta.focus is not None
    no_body(only_request(mocked, "GET", MEDIA))


async def test_get_while_processing_decodes_too(mocked, client):
    mocked.get(MEDIA, status=206, payload=PROCESSING)
    media = await client.media.get(PROCESSING["id"])
    assert media.url is None


async def test_update_url_encoded(mocked, client):
    mocked.put(MEDIA, payload=method_example("media.update"))
    media = await client.media.update(PROCESSING["id"], description="new alt", focus=(0, 1))
    assert isinstance(media, MediaAttachment)
    assert form_of(only_request(mocked, "PUT", MEDIA)) == [
        ("description", "new alt"),
        ("focus", "0,1"),
    ]


async def test_update_with_a_thumbnail_is_multipart(mocked, client):
    mocked.put(MEDIA, payload=method_example("media.update"))
    await client.media.update(PROCESSING["id"], thumbnail=PNG)
    parts = await multipart_of(only_request(mocked, "PUT", MEDIA))
    assert [(p.name, p.filename, p.content_type) for p in parts] == [
        ("thumbnail", "upload", "image/png")
    ]


async def test_delete(mocked, client):
    mocked.delete(MEDIA, payload={})
    assert await client.media.delete(PROCESSING["id"]) is None
    no_body(only_request(mocked, "DELETE", MEDIA))


async def test_delete_attached_media_is_refused(mocked, client):
    error = "Validation failed: Media attachment is attached to a status"
    mocked.delete(MEDIA, status=422, payload={"error": error})
    with pytest.raises(Unprocessable) as caught:
        await client.media.delete(PROCESSING["id"])
    assert caught.value.error == error
    assert caught.value.endpoint == f"DELETE /api/v1/media/{PROCESSING['id']}"
