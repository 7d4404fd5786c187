"""The public ``decode``/``encode``, cursors as JSON text, and ``client.resume`` (issue 19)."""

from __future__ import annotations

import json

import msgspec
import pytest
from aioresponses import aioresponses

import aiomastodon
from aiomastodon import Client, Cursor, DecodeError, decode, encode
from aiomastodon.entities import Account, Status, Tag
from tests.conftest import BASE
from tests.unit.test_pagination import account, link, status

PUBLIC = f"{BASE}/api/v1/timelines/public"

ODD = {  # what real servers send: a numeric id, a date-only timestamp
    **status("5"),
    "id": 5,
    "account": {"id": 7, "created_at": "2026-01-01", "last_status_at": "2026-11-27T01:02:03Z"},
}


def test_decode_one_entity_from_bytes_or_text() -> None:
    line = json.dumps(ODD)
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(line, type=Status)  # what plain msgspec does with it
    for data in (line, line.encode()):
        decoded = decode(Status, data)
        assert (decoded.id, decoded.account.id) == ("5", "7")


def test_decode_a_list() -> None:
    body = json.dumps([ODD, status("4")]).encode()
    assert [s.id for s in decode(list[Status], body)] == ["5", "4"]


@pytest.mark.parametrize(
    "data",
    [b"", b"[{", "not json", b'{"id": null}', b"[1, 2]", "\ud800", b"[" * 5000 + b"]" * 5000],
)
def test_decode_raises_decode_error_only(data: bytes | str) -> None:
    with pytest.raises(DecodeError) as caught:
        decode(Status, data)
    assert "Status" in str(caught.value)


def test_decode_of_a_list_fails_on_one_bad_item() -> None:
    with pytest.raises(DecodeError, match=r"\$\[1\]\.id"):
        decode(list[Status], json.dumps([status("5"), {"content": "no id"}]))


def test_encode_round_trips() -> None:
    decoded = decode(Status, json.dumps(ODD))
    assert decode(Status, encode(decoded)) == decoded
    assert decode(list[Status], encode([decoded, decoded])) == [decoded, decoded]
    assert isinstance(encode(decoded), bytes)


def test_encode_refuses_what_json_cannot_hold() -> None:
    with pytest.raises(TypeError):
        encode(object())


def test_entities_speak_json_text_like_cursors() -> None:
    decoded = Status.from_json(json.dumps(ODD))
    text = decoded.to_json()
    assert isinstance(text, str)
    assert Status.from_json(text) == Status.from_json(text.encode()) == decoded
    with pytest.raises(DecodeError):
        Status.from_json(b"{")
    cursor = Cursor(endpoint="timelines.home", path="/api/v1/timelines/home")
    assert isinstance(cursor.to_json(), str)
    assert Cursor.from_json(cursor.to_json().encode()) == cursor


def test_old_saved_cursors_still_load() -> None:
    saved = (
        '{"endpoint":"timelines.home","path":"/api/v1/timelines/home","params":[["limit","2"]],'
        '"direction":"older","next_url":null,"offset":0,"done":false}'
    )
    cursor = Cursor.from_json(saved)
    assert (cursor.endpoint, cursor.params, cursor.item) == (
        "timelines.home",
        [("limit", "2")],
        None,
    )


@pytest.mark.parametrize("text", ["", "{", '{"path": "/x"}', "[1]", b"\xff"])
def test_a_damaged_cursor_is_a_value_error(text: str | bytes) -> None:
    with pytest.raises(ValueError, match="not a saved cursor"):
        Cursor.from_json(text)


# --- client.resume ---------------------------------------------------------------------------


async def test_resume_gives_back_the_walk_a_cursor_belongs_to(
    mocked: aioresponses, client: Client
) -> None:
    second = f"{PUBLIC}?limit=2&max_id=8&local=true"
    mocked.get(
        f"{PUBLIC}?limit=2&local=true",
        payload=[status("9"), status("8")],
        headers=link(next=second),
    )
    mocked.get(
        second,
        repeat=True,  # asked for ahead by the first walk, then by the resumed one
        payload=[status("7")],
        headers=link(next=f"{PUBLIC}?limit=2&max_id=7&local=true"),
    )
    mocked.get(f"{PUBLIC}?limit=2&max_id=7&local=true", payload=[])
    walk = client.timelines.public(limit=2, local=True)
    first = await walk.pages().__anext__()
    saved = first.cursor.to_json()
    assert json.loads(saved)["item"] == "Status"

    resumed = client.resume(Cursor.from_json(saved))
    assert "timelines/public" in repr(resumed)
    items = await resumed.collect()
    assert [s.id for s in items] == ["7"]
    assert all(isinstance(s, Status) for s in items)


async def test_resume_from_a_fresh_cursor_starts_the_walk(
    mocked: aioresponses, client: Client
) -> None:
    mocked.get(f"{BASE}/api/v1/blocks?limit=3", payload=[account("1")])
    cursor = client.blocks.list(limit=3).cursor
    (blocked,) = await client.resume(Cursor.from_json(cursor.to_json()), Account).collect()
    assert blocked.id == "1"


async def test_resume_of_a_search_view_keeps_its_envelope(
    mocked: aioresponses, client: Client
) -> None:
    url = f"{BASE}/api/v2/search?q=py&type=hashtags&limit=1"
    tag = {"id": "3", "name": "python", "url": "https://example.social/tags/python"}
    mocked.get(url, payload={"accounts": [], "statuses": [], "hashtags": [tag]})
    mocked.get(f"{url}&offset=1", payload={"accounts": [], "statuses": [], "hashtags": []})
    cursor = client.search.hashtags("py", limit=1).cursor
    assert (cursor.envelope, cursor.paging, cursor.item) == ("hashtags", "offset", "Tag")
    assert [t.name async for t in client.resume(cursor, Tag)] == ["python"]


def test_resume_refuses_what_it_cannot_resume(client: Client) -> None:
    home = client.timelines.home().cursor
    with pytest.raises(ValueError, match="earlier version"):
        client.resume(msgspec.structs.replace(home, item=None))
    with pytest.raises(ValueError, match="not Account"):
        client.resume(home, Account)
    with pytest.raises(ValueError, match="not a list endpoint"):
        client.resume(msgspec.structs.replace(home, endpoint="statuses.get"))
    with pytest.raises(ValueError, match="unknown entity"):
        client.resume(msgspec.structs.replace(home, item="Nothing"))


def test_undecodable_and_decode_are_public() -> None:
    assert {"decode", "encode", "Undecodable"} <= set(aiomastodon.__all__)
