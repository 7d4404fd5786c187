"""Request building: parameters, bodies, files, URLs; no I/O, no event loop."""

from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from hypothesis import given
from hypothesis import strategies as st
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from aiomastodon._sansio.request import (
    UNSET,
    File,
    Multipart,
    build_request,
    encode_params,
    file_part,
    join_url,
    sniff_content_type,
)
from aiomastodon._sansio.routes import Route
from aiomastodon.errors import ProtocolError

BASE = URL("https://example.social")
GET_STATUS = Route("GET", "/api/v1/statuses/:id", "statuses.get")
POST = Route("POST", "/api/v1/statuses", "statuses.create")
TAG = Route("GET", "/api/v1/timelines/tag/:hashtag", "timelines.tag")


def test_rails_arrays_booleans_and_unset() -> None:
    pairs = encode_params(
        {"id": ["1", "2"], "local": True, "remote": False, "max_id": UNSET, "limit": 40}
    )
    assert pairs == [
        ("id[]", "1"),
        ("id[]", "2"),
        ("local", "true"),
        ("remote", "false"),
        ("limit", "40"),
    ]


def test_none_is_sent_empty_and_unset_is_dropped_everywhere() -> None:
    assert encode_params({"a": None, "b": UNSET}) == [("a", "")]
    assert encode_params({"poll": {"options": ["x"], "multiple": UNSET}}) == [
        ("poll[options][]", "x")
    ]


def test_nested_hashes_and_arrays_of_hashes() -> None:
    pairs = encode_params(
        {
            "poll": {"options": ["yes", "no"], "expires_in": 300, "multiple": False},
            "media_attributes": [{"id": "1", "description": "d"}],
            "media_ids[]": ["9"],
        }
    )
    assert pairs == [
        ("poll[options][]", "yes"),
        ("poll[options][]", "no"),
        ("poll[expires_in]", "300"),
        ("poll[multiple]", "false"),
        ("media_attributes[][id]", "1"),
        ("media_attributes[][description]", "d"),
        ("media_ids[]", "9"),  # a name that already ends in [] is not doubled
    ]


def test_datetimes_are_iso_8601() -> None:
    when = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
    assert encode_params({"scheduled_at": when}) == [("scheduled_at", "2026-11-27T12:00:00+00:00")]


def test_unsupported_value_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="object"):
        encode_params({"x": object()})


def test_path_ids_are_encoded_opaquely() -> None:
    request = build_request(BASE, GET_STATUS, ["a/b?c"])
    assert str(request.url) == "https://example.social/api/v1/statuses/a%2Fb%3Fc"
    assert build_request(BASE, TAG, ["café"]).url.raw_path == "/api/v1/timelines/tag/caf%C3%A9"


def test_path_argument_count_and_emptiness_are_checked() -> None:
    with pytest.raises(TypeError, match="1 path argument"):
        build_request(BASE, GET_STATUS, [])
    with pytest.raises(ValueError, match="must not be empty"):
        build_request(BASE, GET_STATUS, [""])


def test_base_path_is_kept() -> None:
    assert str(join_url(URL("https://h/social/"), "/api/v1/x")) == "https://h/social/api/v1/x"


def test_query_encoding_round_trips() -> None:
    request = build_request(BASE, TAG, ["python"], query={"any": ["a b", "c&d"], "local": True})
    assert request.url.query_string  # encoded
    assert list(request.url.query.items()) == [
        ("any[]", "a b"),
        ("any[]", "c&d"),
        ("local", "true"),
    ]


def test_form_body_is_urlencoded() -> None:
    request = build_request(BASE, POST, form={"status": "héllo & bye", "media_ids": ["1", "2"]})
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert isinstance(request.body, bytes)
    assert parse_qsl(request.body.decode()) == [
        ("status", "héllo & bye"),
        ("media_ids[]", "1"),
        ("media_ids[]", "2"),
    ]
    assert request.idempotent is False
    assert build_request(BASE, GET_STATUS, ["1"]).idempotent is True


def test_files_make_a_multipart_body(tmp_path: Path) -> None:
    path = tmp_path / "cat.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n....")
    request = build_request(
        BASE,
        POST,
        form={"description": "a cat"},
        files={"file": path, "thumbnail": UNSET},
    )
    assert isinstance(request.body, Multipart)
    assert request.body.fields == (("description", "a cat"),)
    (part,) = request.body.files
    assert (part.name, part.filename, part.content_type, part.source) == (
        "file",
        "cat.png",
        "image/png",
        path,
    )
    assert "Content-Type" not in request.headers  # the transport sets the boundary


def test_file_inputs() -> None:
    png = b"\x89PNG\r\n\x1a\nrest"
    assert file_part("f", png).content_type == "image/png"
    assert file_part("f", png).filename == "upload"
    named = file_part("f", File(b"data", filename="clip.mp4"))
    assert (named.filename, named.content_type) == ("clip.mp4", "video/mp4")
    explicit = file_part("f", File(b"data", filename="x.bin", content_type="audio/ogg"))
    assert explicit.content_type == "audio/ogg"
    stream = io.BytesIO(b"GIF89a......")
    stream.seek(2)
    part = file_part("f", stream)
    assert (part.position, part.content_type) == (2, "application/octet-stream")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\xff\xd8\xff\xe0", "image/jpeg"),
        (b"GIF87a", "image/gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"\x00\x00\x00\x18ftypmp42", "video/mp4"),
        (b"\x1aE\xdf\xa3", "video/webm"),
        (b"OggS", "audio/ogg"),
        (b"ID3", "audio/mpeg"),
        (b"hello", "application/octet-stream"),
    ],
)
def test_sniffing(head: bytes, expected: str) -> None:
    assert sniff_content_type(head) == expected


def test_repr_hides_credentials() -> None:
    request = build_request(
        BASE, GET_STATUS, ["1"], headers={"Authorization": "Bearer s3cret", "User-Agent": "ua"}
    )
    assert "s3cret" not in repr(request)
    assert "<redacted>" in repr(request)


_scalars = st.one_of(st.text(max_size=10), st.integers(), st.booleans(), st.none())
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.text("abc", min_size=1, max_size=3), inner, max_size=3),
    ),
    max_leaves=10,
)


@given(st.dictionaries(st.text("xyz_", min_size=1, max_size=5), _values, max_size=5))
def test_property_every_leaf_is_sent_once(params: dict[str, object]) -> None:
    def leaves(value: object) -> int:
        if isinstance(value, dict):
            return sum(leaves(v) for v in value.values())
        if isinstance(value, list):
            return sum(leaves(v) for v in value)
        return 1

    pairs = encode_params(params)
    assert len(pairs) == sum(leaves(v) for v in params.values())
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in pairs)


def test_as_array_takes_one_value_or_many_and_keeps_unset() -> None:
    from aiomastodon._sansio.request import as_array

    assert as_array("1") == ["1"]
    assert as_array(["1", "2"]) == ["1", "2"]
    assert as_array(("a",)) == ["a"]
    assert as_array(7) == [7]
    assert as_array(UNSET) is UNSET
    assert encode_params({"id": as_array("9")}) == [("id[]", "9")]


@pytest.mark.parametrize(
    "url", ["https://u:pw@example.social/api/v1/x", "https://u@example.social/x", "https://:p@e.x/"]
)
def test_a_url_carrying_credentials_is_never_built(url: str) -> None:
    # aiohttp would send them (or refuse them beside the token): the request is refused.
    route = Route("GET", "/api/v1/timelines/home", "timelines.home")
    with pytest.raises(ProtocolError, match="credentials") as raised:
        build_request(URL("https://example.social"), route, url=URL(url))
    assert raised.value.endpoint.startswith("GET /")
    assert "pw" not in str(raised.value)


def test_shared_headers_are_not_copied_unless_a_body_adds_one() -> None:
    shared = CIMultiDictProxy(CIMultiDict({"User-Agent": "ua"}))
    base = URL("https://example.social")
    read = build_request(base, Route("GET", "/api/v1/x", "x.get"), headers=shared)
    assert read.headers is shared
    write = build_request(base, Route("POST", "/api/v1/x", "x.post"), form={"a": 1}, headers=shared)
    assert write.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert "Content-Type" not in shared
