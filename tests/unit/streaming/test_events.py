"""Decoding streaming events: every documented event to its documented payload.

The examples are the Mastodon documentation's, verbatim
(tests/data/mastodon-api/examples/methods/streaming_*): SSE records of every stream, and
WebSocket frames.
"""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiomastodon.entities import Announcement, Conversation, Notification, Status
from aiomastodon.streaming.events import (
    AnnouncementReaction,
    SSEParser,
    StreamEvent,
    WsError,
    decode_event,
    parse_ws_frame,
)

METHODS = Path(__file__).resolve().parents[2] / "data" / "mastodon-api" / "examples" / "methods"
SSE_EXAMPLES = sorted(METHODS.glob("streaming_*.events.txt"))
WS_FRAMES: list[dict[str, object]] = json.loads(
    (METHODS / "streaming_websocket.events.json").read_text("utf-8")
)

# What each documented event's payload decodes to.
EXPECTED: dict[str, type | None] = {
    "update": Status,
    "status.update": Status,
    "notification": Notification,
    "conversation": Conversation,
    "announcement": Announcement,
    "announcement.reaction": AnnouncementReaction,
    "delete": str,
    "announcement.delete": str,
    "filters_changed": None,
    "notifications_merged": None,
}


def _sse_events(path: Path) -> list[StreamEvent]:
    parser = SSEParser(("user",))
    return parser.feed(path.read_bytes() + b"\n\n")


def _records(path: Path) -> dict[str, str]:
    """The raw ``data:`` text of each event of an example file, by event name."""
    records: dict[str, str] = {}
    for block in path.read_text("utf-8").split("\n\n"):
        lines = block.strip("\n").splitlines()
        if lines and lines[0].startswith("event: "):
            records[lines[0][len("event: ") :]] = lines[1][len("data: ") :]
    return records


def test_the_examples_cover_every_documented_event_but_one() -> None:
    names = {event.event for path in SSE_EXAMPLES for event in _sse_events(path)}
    assert names == set(EXPECTED) - {"notifications_merged"}  # no example in the docs


@pytest.mark.parametrize("path", SSE_EXAMPLES, ids=lambda p: p.name)
def test_every_sse_example_decodes_to_its_documented_payload(path: Path) -> None:
    events = _sse_events(path)
    records = _records(path)
    assert [event.event for event in events] == list(records)
    for event in events:
        expected = EXPECTED[event.event]
        assert event.error is None, event.error
        assert event.stream == ("user",)
        assert event.replayed is False
        assert event.raw == records[event.event]
        if expected is None:
            assert event.payload is None
        else:
            assert isinstance(event.payload, expected)
        if expected is str:
            assert event.payload == records[event.event].strip()
        elif expected is not None:
            # The payload is the entity the data describes, field for field.
            assert event.payload == msgspec.json.decode(records[event.event], type=expected)


def test_the_example_payloads_hold_what_the_docs_show() -> None:
    user = {event.event: event for event in _sse_events(METHODS / "streaming_user.events.txt")}
    update = user["update"].payload
    assert isinstance(update, Status)
    assert update.id == "108914327388663283"
    assert update.account.acct == "freon@letsalllovela.in"
    assert user["update"].id == "108914327388663283"
    note = user["notification"].payload
    assert isinstance(note, Notification)
    assert note.id == "68739215"
    assert note.type == "mention"
    assert user["notification"].id == "68739215"
    reaction = user["announcement.reaction"].payload
    assert reaction == AnnouncementReaction(name="🤔", count=1, announcement_id="1")
    assert user["announcement.delete"].payload == "1"
    assert user["announcement.delete"].id is None  # only statuses and notifications
    assert user["filters_changed"].raw == "undefined"  # as the docs show it, ignored
    direct = _sse_events(METHODS / "streaming_direct.events.txt")[0].payload
    assert isinstance(direct, Conversation)
    assert direct.id == "819516"


def test_the_websocket_examples_decode() -> None:
    events = [parse_ws_frame(json.dumps(frame)) for frame in WS_FRAMES]
    assert all(isinstance(event, StreamEvent) for event in events)
    update, delete, filters = events
    assert isinstance(update, StreamEvent)
    assert isinstance(update.payload, Status)
    assert update.stream == ("public",)
    assert update.payload.id == "108913983692647032"
    assert update.raw == WS_FRAMES[0]["payload"]
    assert isinstance(delete, StreamEvent)
    assert delete.payload == "106692867363994015"
    assert isinstance(filters, StreamEvent)
    assert (filters.event, filters.payload, filters.raw, filters.stream) == (
        "filters_changed",
        None,
        None,
        ("user",),
    )


def test_a_frame_decodes_from_bytes_as_from_text() -> None:
    text = json.dumps(WS_FRAMES[0])
    assert parse_ws_frame(text) == parse_ws_frame(text.encode())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_event_decodes_over_the_websocket_as_over_sse(name: str) -> None:
    records = {k: v for path in SSE_EXAMPLES for k, v in _records(path).items()}
    data = records.get(name, "")
    frame = {"stream": ["user"], "event": name}
    if name not in ("filters_changed", "notifications_merged"):
        frame["payload"] = data
    over_ws = parse_ws_frame(json.dumps(frame))
    over_sse = SSEParser(("user",)).feed(f"event: {name}\ndata: {data}\n\n".encode())
    assert isinstance(over_ws, StreamEvent)
    assert over_sse[0].payload == over_ws.payload
    expected = EXPECTED[name]
    if expected is None:
        assert over_ws.payload is None
    else:
        assert isinstance(over_ws.payload, expected)


# --- unknown events, bad payloads, bad frames ---------------------------------------------


def test_an_unknown_event_keeps_its_name_and_raw_text() -> None:
    event = decode_event("status.quoted", '{"id": "1"}', ("user",))
    assert event == StreamEvent("status.quoted", '{"id": "1"}', ("user",), '{"id": "1"}')
    assert event.error is None
    frame = parse_ws_frame('{"stream": ["user"], "event": "encrypted_message", "payload": "x"}')
    assert frame == StreamEvent("encrypted_message", "x", ("user",), "x")
    none = parse_ws_frame('{"stream": ["user"], "event": "something_new"}')
    assert none == StreamEvent("something_new", None, ("user",), None)


@pytest.mark.parametrize(
    "data", ['{"id": ', "[]", '{"id": "1"}', "null", "not json", '{"id": {"x": 1}}']
)
def test_a_payload_that_does_not_decode_is_reported_not_raised(data: str) -> None:
    event = decode_event("update", data, ("public",))
    assert event.payload is None
    assert event.error is not None
    assert event.error.startswith("undecodable payload")
    assert event.raw == data
    assert event.event == "update"


def test_an_entity_event_without_payload_is_reported() -> None:
    event = decode_event("notification", None)
    assert (event.payload, event.error) == (None, "no payload")


@pytest.mark.parametrize("data", [None, "", "  \n"])
def test_a_delete_without_id_has_none(data: str | None) -> None:
    assert decode_event("delete", data).payload is None


def test_a_delete_id_is_stripped() -> None:
    assert decode_event("delete", " 123\n").payload == "123"


def test_replayed_is_carried() -> None:
    assert decode_event("delete", "1", replayed=True).replayed is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"error": "Unknown stream type", "status": 400}', WsError("Unknown stream type", 400)),
        ('{"error": "Missing access token"}', WsError("Missing access token", None)),
        ("not json", None),
        ("", None),
        ("[1, 2]", None),
        ('{"stream": "user", "event": "update"}', None),  # stream must be a list
        ('{"event": 5}', None),
        ('{"stream": ["user"]}', None),  # neither an event nor an error
        ('{"event": "update", "payload": {"id": "1"}}', None),  # payload must be text
        (b"\xff\xfe\x00", None),
    ],
)
def test_frames_that_are_not_events(text: str | bytes, expected: WsError | None) -> None:
    assert parse_ws_frame(text) == expected


@given(st.one_of(st.binary(max_size=200), st.text(max_size=200)))
def test_no_frame_raises(data: str | bytes) -> None:
    parse_ws_frame(data)


@given(
    st.sampled_from([*sorted(EXPECTED), "mystery"]),
    st.one_of(st.none(), st.text(max_size=300)),
)
def test_no_payload_raises(name: str, data: str | None) -> None:
    event = decode_event(name, data)
    assert event.event == name
    if event.payload is None and name in ("update", "notification", "conversation"):
        assert event.error is not None


@given(st.recursive(st.none() | st.integers() | st.text(max_size=20), lambda c: st.lists(c)))
def test_no_json_payload_raises(value: object) -> None:
    for name in ("update", "status.update", "notification", "announcement.reaction"):
        event = decode_event(name, json.dumps(value))
        assert event.payload is None or isinstance(event.payload, msgspec.Struct)
