"""Decoding streaming events: every documented event to its documented payload.

The examples are the Mastodon documentation's, verbatim
(tests/data/mastodon-api/examples/methods/streaming_*): SSE records of every stream, and
WebSocket frames.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiomastodon._sansio.decode import Unrepairable, decoder_for
from aiomastodon.entities import Announcement, Conversation, Notification, Status
from aiomastodon.errors import MastodonError
from aiomastodon.streaming import (
    AnnouncementDeleteEvent,
    AnnouncementEvent,
    AnnouncementReactionEvent,
    ConversationEvent,
    DeleteEvent,
    Event,
    EventBase,
    FiltersChangedEvent,
    NotificationEvent,
    NotificationsMergedEvent,
    StatusUpdateEvent,
    UndecodableEvent,
    UnknownEvent,
    UpdateEvent,
)
from aiomastodon.streaming.events import (
    AnnouncementReaction,
    Frame,
    SSEParser,
    WsError,
    decode_event,
    parse_ws_frame,
    read_ws_frame,
)

METHODS = Path(__file__).resolve().parents[2] / "data" / "mastodon-api" / "examples" / "methods"
SSE_EXAMPLES = sorted(METHODS.glob("streaming_*.events.txt"))
WS_FRAMES: list[dict[str, object]] = json.loads(
    (METHODS / "streaming_websocket.events.json").read_text("utf-8")
)

# What each documented event decodes to: its class, and its payload's type (None: none).
EXPECTED: dict[str, tuple[type[EventBase], type | None]] = {
    "update": (UpdateEvent, Status),
    "status.update": (StatusUpdateEvent, Status),
    "notification": (NotificationEvent, Notification),
    "conversation": (ConversationEvent, Conversation),
    "announcement": (AnnouncementEvent, Announcement),
    "announcement.reaction": (AnnouncementReactionEvent, AnnouncementReaction),
    "delete": (DeleteEvent, str),
    "announcement.delete": (AnnouncementDeleteEvent, str),
    "filters_changed": (FiltersChangedEvent, None),
    "notifications_merged": (NotificationsMergedEvent, None),
}
_BASE_FIELDS = {
    "stream",
    "raw",
    "replayed",
}


def payload(event: Event) -> object:
    """The event's payload field (its one field beyond stream, raw and replayed)."""
    own = [f.name for f in msgspec.structs.fields(event) if f.name not in _BASE_FIELDS]
    return getattr(event, own[0]) if own else None


def _sse_events(path: Path) -> list[Event]:
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
    names = {event.name for path in SSE_EXAMPLES for event in _sse_events(path)}
    assert names == set(EXPECTED) - {"notifications_merged"}  # no example in the docs


def test_every_class_says_its_wire_name() -> None:
    for name, (kind, _) in EXPECTED.items():
        assert kind.name == name  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", SSE_EXAMPLES, ids=lambda p: p.name)
def test_every_sse_example_decodes_to_its_documented_payload(path: Path) -> None:
    events = _sse_events(path)
    records = _records(path)
    assert [event.name for event in events] == list(records)
    for event in events:
        kind, expected = EXPECTED[event.name]
        assert type(event) is kind
        assert event.stream == ("user",)
        assert event.replayed is False
        assert event.raw == records[event.name]
        if expected is None:
            assert payload(event) is None
        else:
            assert isinstance(payload(event), expected)
        if expected is str:
            assert payload(event) == records[event.name].strip()
        elif expected is not None:
            # The payload is the entity the data describes, field for field.
            assert payload(event) == msgspec.json.decode(records[event.name], type=expected)


def test_the_example_payloads_hold_what_the_docs_show() -> None:
    user = {event.name: event for event in _sse_events(METHODS / "streaming_user.events.txt")}
    update = user["update"]
    assert isinstance(update, UpdateEvent)
    assert update.status.id == update.id == "108914327388663283"
    assert update.status.account.acct == "freon@letsalllovela.in"
    note = user["notification"]
    assert isinstance(note, NotificationEvent)
    assert note.notification.id == note.id == "68739215"
    assert note.notification.type == "mention"
    reaction = user["announcement.reaction"]
    assert isinstance(reaction, AnnouncementReactionEvent)
    assert reaction.reaction == AnnouncementReaction(name="🤔", count=1, announcement_id="1")
    withdrawn = user["announcement.delete"]
    assert isinstance(withdrawn, AnnouncementDeleteEvent)
    assert withdrawn.announcement_id == "1"
    assert withdrawn.id is None  # only statuses and notifications
    assert user["filters_changed"].raw == "undefined"  # as the docs show it, ignored
    (direct,) = _sse_events(METHODS / "streaming_direct.events.txt")
    assert isinstance(direct, ConversationEvent)
    assert direct.conversation.id == "819516"


def test_the_websocket_examples_decode() -> None:
    update, delete, filters = (parse_ws_frame(json.dumps(frame)) for frame in WS_FRAMES)
    assert isinstance(update, UpdateEvent)
    assert update.stream == ("public",)
    assert update.status.id == "108913983692647032"
    assert update.raw == WS_FRAMES[0]["payload"]
    assert isinstance(delete, DeleteEvent)
    assert delete.status_id == "106692867363994015"
    assert filters == FiltersChangedEvent(stream=("user",))


def test_events_narrow_with_match() -> None:
    (frame,) = WS_FRAMES[:1]
    match parse_ws_frame(json.dumps(frame)):
        case UpdateEvent(status=status, replayed=False):
            assert status.id == "108913983692647032"
        case other:
            pytest.fail(f"not an update: {other!r}")


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
    kind, expected = EXPECTED[name]
    assert type(over_ws) is type(over_sse[0]) is kind
    assert isinstance(over_ws, EventBase)
    assert payload(over_sse[0]) == payload(over_ws)
    if expected is not None:
        assert isinstance(payload(over_ws), expected)


# --- unknown events, bad payloads, bad frames ---------------------------------------------


def test_an_unknown_event_keeps_its_name_and_raw_text() -> None:
    event = decode_event("status.quoted", '{"id": "1"}', ("user",))
    assert event == UnknownEvent(name="status.quoted", stream=("user",), raw='{"id": "1"}')
    frame = parse_ws_frame('{"stream": ["user"], "event": "encrypted_message", "payload": "x"}')
    assert frame == UnknownEvent(name="encrypted_message", stream=("user",), raw="x")
    none = parse_ws_frame('{"stream": ["user"], "event": "something_new"}')
    assert none == UnknownEvent(name="something_new", stream=("user",))
    assert none.id is None


@pytest.mark.parametrize(
    "data", ['{"id": ', "[]", '{"id": "1"}', "null", "not json", '{"id": {"x": 1}}']
)
def test_a_payload_that_does_not_decode_is_reported_not_raised(data: str) -> None:
    event = decode_event("update", data, ("public",))
    assert isinstance(event, UndecodableEvent)
    assert event.error.startswith("undecodable payload")
    assert (event.name, event.raw, event.stream) == ("update", data, ("public",))


def test_an_entity_event_without_payload_is_reported() -> None:
    event = decode_event("notification", None)
    assert event == UndecodableEvent(name="notification", error="no payload")


@pytest.mark.parametrize("data", [None, "", "  \n"])
def test_a_delete_without_id_is_undecodable(data: str | None) -> None:
    event = decode_event("delete", data)
    assert isinstance(event, UndecodableEvent)
    assert (event.name, event.error) == ("delete", "no id")


def test_a_delete_id_is_stripped() -> None:
    assert decode_event("delete", " 123\n") == DeleteEvent("123", raw=" 123\n")


def test_replayed_is_carried() -> None:
    assert decode_event("delete", "1", replayed=True).replayed is True


def test_events_are_frozen() -> None:
    event = decode_event("delete", "1")
    with pytest.raises(AttributeError):
        event.replayed = True  # type: ignore[misc]


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
    result = parse_ws_frame(data)
    assert result is None or isinstance(result, (EventBase, WsError))


_FRAME_PARTS = st.fixed_dictionaries(
    {},
    optional={
        "stream": st.one_of(st.lists(st.text(max_size=10), max_size=3), st.integers()),
        "event": st.one_of(st.sampled_from([*sorted(EXPECTED), "mystery"]), st.integers()),
        "payload": st.one_of(st.none(), st.text(max_size=50), st.integers(), st.just("{}")),
        "error": st.one_of(st.text(max_size=10), st.integers()),
        "status": st.one_of(st.integers(), st.text(max_size=5)),
    },
)


@given(_FRAME_PARTS)
def test_no_frame_of_the_right_shape_raises(frame: dict[str, object]) -> None:
    result = parse_ws_frame(json.dumps(frame))
    assert result is None or isinstance(result, (EventBase, WsError))


@given(
    st.sampled_from([*sorted(EXPECTED), "mystery"]),
    st.one_of(st.none(), st.text(max_size=300)),
)
def test_no_payload_raises(name: str, data: str | None) -> None:
    event = decode_event(name, data)
    assert event.name == name
    if name in EXPECTED:
        assert isinstance(event, (EXPECTED[name][0], UndecodableEvent))
    else:
        assert isinstance(event, UnknownEvent)


@given(st.recursive(st.none() | st.integers() | st.text(max_size=20), lambda c: st.lists(c)))
def test_no_json_payload_raises(value: object) -> None:
    for name in ("update", "status.update", "notification", "announcement.reaction"):
        event = decode_event(name, json.dumps(value))
        assert isinstance(event, (EXPECTED[name][0], UndecodableEvent))


@given(st.lists(st.binary(max_size=80), max_size=8))
def test_no_event_stream_bytes_raise(chunks: list[bytes]) -> None:
    parser = SSEParser(("user",))
    with contextlib.suppress(MastodonError):  # the only kind allowed (none is raised today)
        for chunk in chunks:
            for event in parser.feed(chunk):
                assert isinstance(event, EventBase)


# --- the fast road and the tolerant road ---------------------------------------------------


def _update_payload() -> dict[str, object]:
    payload = WS_FRAMES[0]["payload"]
    assert isinstance(payload, str)
    value = json.loads(payload)
    assert isinstance(value, dict)
    return value


def _tolerant(name: str, data: str) -> object:
    """What the tolerant decoder alone makes of ``data`` (or the error's class)."""
    type_ = EXPECTED[name][1]
    assert type_ is not None
    try:
        return decoder_for(type_).decode(data)
    except (msgspec.DecodeError, Unrepairable) as exc:
        return type(exc)


def test_a_payload_the_plain_decoder_refuses_is_repaired_as_before() -> None:
    # An optional field of the wrong type: the plain decoder of the fast road refuses
    # the whole status; the tolerant road drops that field and keeps the status.
    value = {**_update_payload(), "sensitive": "maybe", "edited_at": 5}
    data = json.dumps(value)
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(data, type=Status)
    event = decode_event("update", data, ("public",))
    assert isinstance(event, UpdateEvent)
    assert event.status == decoder_for(Status).decode(data)
    assert (event.status.id, event.raw, event.stream) == (value["id"], data, ("public",))


def test_a_payload_that_is_not_unicode_is_reported_not_raised() -> None:
    data = '{"id": "1\ud800"}'  # a lone surrogate: no UTF-8 holds it
    event = decode_event("update", data)
    assert isinstance(event, UndecodableEvent)
    assert event.error.startswith("undecodable payload")


_ODD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=8), st.just([]), st.just({})
)


@given(st.dictionaries(st.sampled_from(sorted(_update_payload())), _ODD_VALUES, max_size=4))
def test_the_fast_road_decodes_as_the_tolerant_one(changes: dict[str, object]) -> None:
    data = json.dumps({**_update_payload(), **changes})
    event = decode_event("update", data)
    expected = _tolerant("update", data)
    if isinstance(expected, Status):
        assert isinstance(event, UpdateEvent)
        assert event.status == expected
    else:
        assert isinstance(event, UndecodableEvent)


@given(st.one_of(st.binary(max_size=200), st.text(max_size=200), _FRAME_PARTS.map(json.dumps)))
def test_an_envelope_read_first_decodes_as_the_whole_frame(data: str | bytes) -> None:
    # The link reads the envelope and the stream decodes the payload when it is taken:
    # the two steps give what one does, and neither raises.
    envelope = read_ws_frame(data)
    whole = parse_ws_frame(data)
    if isinstance(envelope, Frame):
        assert envelope.decoded() == whole
    else:
        assert envelope == whole
