"""The SSE parser: the same events whatever the chunking, and the SSE rules it follows."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from aiomastodon.entities import Status
from aiomastodon.streaming.events import (
    DeleteEvent,
    Event,
    SSEParser,
    UndecodableEvent,
    UnknownEvent,
    UpdateEvent,
)

METHODS = Path(__file__).resolve().parents[2] / "data" / "mastodon-api" / "examples" / "methods"
USER = (METHODS / "streaming_user.events.txt").read_bytes() + b"\n\n"
HASHTAG = (METHODS / "streaming_hashtag.events.txt").read_bytes() + b"\n\n"
# A body as Mastodon sends it: a first comment, heartbeats between events, CRLF here and
# there, multi-byte UTF-8 (the examples hold emoji), and an event of a later version.
BODY = (
    b":)\n\n"
    + USER
    + b":thump\n\n"
    + HASHTAG.replace(b"\n", b"\r\n")
    + b"event: something.new\ndata: line one\ndata: line two\n\n"
    + b":thump\n"
    + b"id: 7\nretry: 1000\nevent: delete\ndata: 42\n\n"
    + b"data: no event name\n\n"
)


def _parse(chunks: list[bytes]) -> list[Event]:
    parser = SSEParser(("user",))
    events: list[Event] = []
    for chunk in chunks:
        events.extend(parser.feed(chunk))
    return events


WHOLE = _parse([BODY])


def _split(body: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({0, len(body), *(c % (len(body) + 1) for c in cuts)})
    return [body[a:b] for a, b in itertools.pairwise(points)]


def test_the_whole_body() -> None:
    names = [event.name for event in WHOLE]
    assert names == [
        "update",
        "notification",
        "filters_changed",
        "announcement",
        "announcement.reaction",
        "announcement.delete",
        "status.update",
        "update",
        "delete",
        "status.update",
        "something.new",
        "delete",
        "message",
    ]
    assert not any(type(event).__name__ == "UndecodableEvent" for event in WHOLE)
    assert isinstance(WHOLE[7], UpdateEvent)  # CRLF lines
    assert isinstance(WHOLE[7].status, Status)
    # data lines joined with newlines
    assert WHOLE[10] == UnknownEvent(
        name="something.new", stream=("user",), raw="line one\nline two"
    )
    assert WHOLE[11] == DeleteEvent("42", stream=("user",), raw="42")
    assert WHOLE[12] == UnknownEvent(name="message", stream=("user",), raw="no event name")
    assert all(event.stream == ("user",) for event in WHOLE)


@given(st.lists(st.integers(min_value=0), max_size=60))
def test_any_chunking_gives_the_same_events(cuts: list[int]) -> None:
    assert _parse(_split(BODY, cuts)) == WHOLE


def test_byte_by_byte() -> None:
    assert _parse([BODY[i : i + 1] for i in range(len(BODY))]) == WHOLE


_field = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n"), max_size=30
)
_record = st.tuples(
    st.sampled_from(["update", "delete", "notification", "x.y", "filters_changed"]),
    st.lists(_field, min_size=1, max_size=3),
)


@given(st.lists(_record, max_size=8), st.lists(st.integers(min_value=0), max_size=30))
def test_generated_records_survive_any_chunking(
    records: list[tuple[str, list[str]]], cuts: list[int]
) -> None:
    body = b"".join(
        f"event: {name}\n".encode() + b"".join(f"data: {d}\n".encode() for d in data) + b"\n"
        for name, data in records
    )
    events = _parse(_split(body, cuts))
    assert [e.name for e in events] == [name for name, _ in records]
    assert [e.raw for e in events] == ["\n".join(data) for _, data in records]


def test_comments_and_blank_lines_alone_make_no_event() -> None:
    assert _parse([b":thump\n\n\n:thump\n\r\n\n"]) == []


def test_an_unfinished_event_waits_for_its_blank_line() -> None:
    parser = SSEParser()
    assert parser.feed(b"event: delete\ndata: 1\n") == []
    assert parser.feed(b"\n") == [DeleteEvent("1", raw="1")]


def test_data_without_space_and_field_without_colon() -> None:
    events = _parse([b"event:delete\ndata:9\n\n", b"event: update\ndata\n\n"])
    assert events[0] == DeleteEvent("9", stream=("user",), raw="9")
    assert isinstance(events[1], UndecodableEvent)
    assert (events[1].name, events[1].raw) == ("update", "")


def test_undecodable_payload_does_not_stop_the_parser() -> None:
    body = b"event: update\ndata: {broken\n\n" + HASHTAG
    events = _parse([body])
    assert isinstance(events[0], UndecodableEvent)
    assert isinstance(events[1], UpdateEvent)


def test_invalid_utf8_is_replaced_not_raised() -> None:
    events = _parse([b"event: odd\ndata: \xff\xfe\n\n"])
    assert events[0] == UnknownEvent(name="odd", stream=("user",), raw="\ufffd\ufffd")
