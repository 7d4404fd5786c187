"""Streaming end to end: a fake streaming server of our own (tests/integration/streaming_server.py)
for drops, gaps, bad frames, heartbeats and refusals; and mastodon-mock for a real round trip.

Reconnection delays go through an injected scheduler (``Scheduler(sleep=..., random=...)``),
which records them and sleeps a hundredth of a second instead, so nothing here waits for
real backoff.

Nothing polls or sleeps to wait for another task: a test waits on a :class:`Signal` (the
server's ``changed``) until a condition holds. The server calls it whenever what it shows
changes; every stream is given it as ``on_state`` (or a :class:`States` that calls it), and
the recording scheduler calls it on each delay.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any, Literal

import pytest

from aiomastodon import Client, Unauthorized
from aiomastodon.entities import Announcement, Conversation, Notification, Status
from aiomastodon.errors import StreamRefused
from aiomastodon.scheduler import Scheduler
from aiomastodon.streaming import (
    AnnouncementDeleteEvent,
    AnnouncementEvent,
    AnnouncementReactionEvent,
    ConnectionState,
    ConversationEvent,
    DeleteEvent,
    Event,
    FiltersChangedEvent,
    NotificationEvent,
    NotificationsMergedEvent,
    StatusUpdateEvent,
    Stream,
    StreamOptions,
    StreamPosition,
    UndecodableEvent,
    UnknownEvent,
    UpdateEvent,
)

from .streaming_server import EXAMPLES, TIMEOUT, Signal, StreamingServer

pytestmark = pytest.mark.integration

WS = StreamOptions()
SSE = StreamOptions(transport="sse")
TRANSPORTS = [pytest.param(WS, id="websocket"), pytest.param(SSE, id="sse")]


class Naps:
    """The scheduler's sleep: records each delay (and says so), sleeps a hundredth of a
    second instead."""

    def __init__(self, changed: Signal) -> None:
        self.delays: list[float] = []
        self._changed = changed

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        self._changed()
        await asyncio.sleep(0.01)


class States(list[ConnectionState]):
    """An ``on_state`` that records each state, and calls ``changed``."""

    def __init__(self, changed: Signal) -> None:
        super().__init__()
        self._changed = changed

    def __call__(self, state: ConnectionState) -> None:
        self.append(state)
        self._changed()


@pytest.fixture
async def server() -> AsyncIterator[StreamingServer]:
    server = StreamingServer()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
def naps(server: StreamingServer) -> Naps:
    return Naps(server.changed)


@pytest.fixture
async def connect(naps: Naps) -> AsyncIterator[Callable[..., Client]]:
    """Clients of a server, with the recording scheduler; closed at the end."""
    clients: list[Client] = []

    def make(server: StreamingServer, token: str = "alice_token", **kwargs: Any) -> Client:
        scheduler = Scheduler(sleep=naps, random=lambda: 0.5)
        client = Client(server.url, access_token=token, scheduler=scheduler, **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.close()


async def take(stream: Stream, n: int = 1) -> list[Event]:
    """The stream's next ``n`` events."""
    return [await asyncio.wait_for(anext(stream), TIMEOUT) for _ in range(n)]


async def started(stream: Stream, server: StreamingServer) -> Stream:
    """Start ``stream`` (made with ``on_state`` calling ``server.changed``) and wait until
    it is connected and the server carries it."""
    stream.__aiter__()
    key = stream.subscription.key
    await server.until(lambda: stream.state == "connected" and server.subscribed(key))
    return stream


async def next_live(stream: Stream, server: StreamingServer) -> tuple[str, Event]:
    """Post a status once the stream has caught up; the status's id and the event it came as.

    Caught up: connected and carried by the server, and its consumer waits, with nothing
    left to hand out and no timeline to walk (see :class:`Idle`). Before that, a status
    posted while the stream walks the REST timeline is found there and handed out as
    replayed (and its live copy dropped).
    """
    wake = Idle(server.changed)
    if stream._wake.is_set():
        wake.set()
    stream._wake = wake
    pending = asyncio.ensure_future(anext(stream))
    key = stream.subscription.key

    def caught_up() -> bool:
        return wake.idle and stream.state == "connected" and server.subscribed(key)

    await server.until(lambda: caught_up() or pending.done())
    posted = await server.post()
    return posted, await asyncio.wait_for(pending, TIMEOUT)


class Idle(asyncio.Event):
    """A stream's wake-up event (``Stream._wake``) that says when the stream waits on it.

    The stream waits only with nothing to hand out and no timeline to walk; once the event
    is set, it is about to look again.
    """

    def __init__(self, changed: Signal) -> None:
        super().__init__()
        self.waiting = False
        self._changed = changed

    async def wait(self) -> Literal[True]:
        self.waiting = True
        self._changed()
        try:
            return await super().wait()
        finally:
            self.waiting = False

    @property
    def idle(self) -> bool:
        """Whether the stream waits, and nothing has woken it yet."""
        return self.waiting and not self.is_set()


def ids(events: list[Event]) -> list[str | None]:
    return [event.id for event in events]


# --- decoding, live ----------------------------------------------------------------------


@pytest.mark.parametrize("options", TRANSPORTS)
async def test_every_event_arrives_decoded_and_unknown_ones_as_they_came(
    server: StreamingServer, connect: Callable[..., Client], options: StreamOptions
) -> None:
    client = connect(server)
    stream = await started(client.streaming.user(options=options, on_state=server.changed), server)
    expected: list[tuple[str, type]] = [
        ("update", UpdateEvent),
        ("notification", NotificationEvent),
        ("conversation", ConversationEvent),
        ("announcement", AnnouncementEvent),
        ("announcement.reaction", AnnouncementReactionEvent),
        ("announcement.delete", AnnouncementDeleteEvent),
        ("delete", DeleteEvent),
        ("status.update", StatusUpdateEvent),
        ("filters_changed", FiltersChangedEvent),
        ("notifications_merged", NotificationsMergedEvent),
        ("quote.revoked", UnknownEvent),  # a later version's event: its raw text
    ]
    for name, _ in expected:
        payload = EXAMPLES.get(name, '{"whatever": 1}')
        if name in ("filters_changed", "notifications_merged"):
            payload = None  # no payload on the socket; "undefined" over SSE
        await server.emit(name, payload, {("user",)})
    await server.emit("update", EXAMPLES["update"], {("user",)})  # the same status again
    posted = await server.post()
    events = await take(stream, len(expected) + 1)
    assert events[-1].id == posted  # the repeated update was dropped as a duplicate
    expected.append(("update", UpdateEvent))
    for event, (name, kind) in zip(events, expected, strict=True):
        assert type(event) is kind
        assert event.name == name
        assert event.stream == ("user",)
        assert event.replayed is False
    assert events[0].id == json.loads(EXAMPLES["update"])["id"]
    assert isinstance(events[0], UpdateEvent)
    assert isinstance(events[0].status, Status)
    assert isinstance(events[1], NotificationEvent)
    assert isinstance(events[1].notification, Notification)
    assert isinstance(events[2], ConversationEvent)
    assert isinstance(events[2].conversation, Conversation)
    assert isinstance(events[3], AnnouncementEvent)
    assert isinstance(events[3].announcement, Announcement)
    assert isinstance(events[5], AnnouncementDeleteEvent)
    assert events[5].announcement_id == "1"
    assert isinstance(events[6], DeleteEvent)
    assert events[6].status_id == EXAMPLES["delete"]
    assert events[10] == UnknownEvent(name="quote.revoked", stream=("user",), raw='{"whatever": 1}')
    assert stream.state == "connected"
    assert len(server.accepted()) == 1
    await stream.close()
    assert stream.state == "closed"


async def test_malformed_frames_are_skipped_and_the_stream_goes_on(
    server: StreamingServer, connect: Callable[..., Client], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("WARNING", logger="aiomastodon.streaming")
    client = connect(server)
    stream = await started(client.streaming.user(on_state=server.changed), server)
    await server.send_raw("not json at all")
    await server.send_raw(b"\x00\xff binary")
    await server.send_raw("[1, 2, 3]")
    await server.send_raw('{"stream": ["user"]}')
    await server.send_raw('{"error": "Unknown stream type", "status": 400}')
    await server.send_raw('{"stream": ["user"], "event": "update", "payload": "{broken"}')
    await server.send_raw('{"stream": ["user"], "event": "update", "payload": {"id": "1"}}')
    await server.emit("something.new", "opaque", {("user",)})
    first = await server.post()
    broken, unknown, update = await take(stream, 3)
    assert isinstance(broken, UndecodableEvent)
    assert (broken.name, broken.raw) == ("update", "{broken")
    assert broken.error.startswith("undecodable payload")
    assert unknown == UnknownEvent(name="something.new", stream=("user",), raw="opaque")
    assert isinstance(update, UpdateEvent)
    assert update.id == first
    assert len(server.accepted()) == 1  # never reconnected
    assert stream.state == "connected"
    said = [record.getMessage() for record in caplog.records]
    # Not JSON, binary garbage, not an object, no event, a payload not text: unreadable.
    assert said.count("an unreadable frame was skipped") == 5
    assert "the streaming server reported: Unknown stream type (400)" in said


async def test_malformed_event_streams_are_skipped_and_the_stream_goes_on(
    server: StreamingServer, connect: Callable[..., Client]
) -> None:
    client = connect(server)
    stream = await started(client.streaming.user(options=SSE, on_state=server.changed), server)
    await server.send_raw(b"a line without a colon\n\n")
    await server.send_raw(b"retry: 10\nid: 3\n\n")  # fields we ignore, no event
    await server.send_raw(b"event: update\ndata: {broken\n\n")
    await server.send_raw(b'event: update\r\ndata: {"id": \r\n\r\n')  # CRLF, still broken
    await server.send_raw(b"event: something.new\ndata: a\ndata: b\n\n")
    first = await server.post()
    events = await take(stream, 4)
    assert [(type(e), e.name, e.raw) for e in events[:3]] == [
        (UndecodableEvent, "update", "{broken"),
        (UndecodableEvent, "update", '{"id": '),
        (UnknownEvent, "something.new", "a\nb"),
    ]
    assert events[3].id == first
    assert len(server.accepted()) == 1


# --- one socket, the token, the host ------------------------------------------------------


async def test_one_websocket_carries_every_stream_of_a_client(
    server: StreamingServer, connect: Callable[..., Client]
) -> None:
    client = connect(server)
    user = await started(client.streaming.user(on_state=server.changed), server)
    public = await started(client.streaming.public(on_state=server.changed), server)
    python = await started(client.streaming.hashtag("python", on_state=server.changed), server)
    members = await started(client.streaming.list("7", on_state=server.changed), server)
    assert len(server.accepted()) == 1
    assert len(server.sockets) == 1
    assert server.sockets[0].keys == {("user",), ("public",), ("hashtag", "python"), ("list", "7")}
    assert server.messages == [
        {"type": "subscribe", "stream": "user"},
        {"type": "subscribe", "stream": "public"},
        {"type": "subscribe", "stream": "hashtag", "tag": "python"},
        {"type": "subscribe", "stream": "list", "list": "7"},
    ]

    tagged = await server.post(tags=("python",))  # home, public and #python
    private = await server.post(public=False)  # home only
    cats = await server.post(tags=("cats",))  # home and public, not #python
    await server.emit("update", json.dumps({**json.loads(EXAMPLES["update"])}), {("list", "7")})
    assert ids(await take(user, 3)) == [tagged, private, cats]
    assert ids(await take(public, 2)) == [tagged, cats]
    assert ids(await take(python, 1)) == [tagged]
    (member,) = await take(members, 1)
    assert member.stream == ("list", "7")
    assert all(not s._events for s in (user, public, python, members))  # nothing stray

    await python.close()
    await server.until(
        lambda: {"type": "unsubscribe", "stream": "hashtag", "tag": "python"} in server.messages
    )
    assert len(server.sockets) == 1  # still open for the others
    later = await server.post(tags=("python",))
    assert ids(await take(public, 1)) == [later]

    # A second client has a socket of its own.
    other = connect(server)
    await started(other.streaming.user(on_state=server.changed), server)
    assert len(server.accepted()) == 2

    await client.close()
    await server.until(lambda: len(server.sockets) == 1)
    assert len(server.accepted()) == 2  # nothing reconnected


@pytest.mark.parametrize("options", TRANSPORTS)
async def test_the_token_goes_in_the_header_never_in_the_url(
    server: StreamingServer, connect: Callable[..., Client], options: StreamOptions
) -> None:
    client = connect(server)
    await started(client.streaming.user(options=options, on_state=server.changed), server)
    (handshake,) = server.handshakes
    assert handshake.authorization == "Bearer alice_token"
    assert "access_token" not in handshake.query
    assert "alice_token" not in json.dumps(handshake.query)


@pytest.mark.parametrize("transport", ["websocket", "sse"])
async def test_the_token_goes_in_the_url_only_when_asked(
    server: StreamingServer, connect: Callable[..., Client], transport: str
) -> None:
    client = connect(server)
    options = StreamOptions(transport=transport, token_in_query=True)
    await started(client.streaming.user(options=options, on_state=server.changed), server)
    (handshake,) = server.handshakes
    assert handshake.authorization is None
    assert handshake.query["access_token"] == "alice_token"


async def test_a_single_stream_socket_names_its_stream_in_the_url(
    server: StreamingServer, connect: Callable[..., Client]
) -> None:
    client = connect(server)
    options = StreamOptions(multiplex=False)
    tag = await started(
        client.streaming.hashtag("python", options=options, on_state=server.changed), server
    )
    user = await started(client.streaming.user(options=options, on_state=server.changed), server)
    assert [h.query for h in server.handshakes] == [
        {"stream": "hashtag", "tag": "python"},
        {"stream": "user"},
    ]
    assert len(server.sockets) == 2
    assert server.messages == []
    first = await server.post(tags=("python",))
    assert ids(await take(tag)) == [first]
    assert ids(await take(user)) == [first]


async def test_the_streaming_host_is_the_one_the_instance_names(
    server: StreamingServer, connect: Callable[..., Client]
) -> None:
    elsewhere = StreamingServer()
    await elsewhere.start()
    try:
        server.streaming_url = elsewhere.url.replace("http://", "ws://")
        client = connect(server)
        stream = await started(client.streaming.user(on_state=elsewhere.changed), elsewhere)
        assert server.handshakes == []
        assert len(elsewhere.accepted()) == 1
        assert elsewhere.handshakes[0].authorization == "Bearer alice_token"
        assert ("/api/v2/instance", {}) in server.requests
        posted = await elsewhere.post()
        assert ids(await take(stream)) == [posted]
        # The REST side stays where it is: the starting point came from the instance.
        assert any(path == "/api/v1/timelines/home" for path, _ in server.requests)
        assert not any(path == "/api/v1/timelines/home" for path, _ in elsewhere.requests)
    finally:
        await elsewhere.stop()


async def test_the_same_host_when_the_instance_names_none(
    server: StreamingServer, connect: Callable[..., Client]
) -> None:
    client = connect(server)
    await started(client.streaming.user(on_state=server.changed), server)
    assert ("/api/v2/instance", {}) in server.requests
    assert len(server.accepted("websocket")) == 1


async def test_streaming_url_wins_without_asking_the_instance(
    server: StreamingServer, connect: Callable[..., Client]
) -> None:
    elsewhere = StreamingServer()
    await elsewhere.start()
    try:
        server.streaming_url = "ws://127.0.0.1:9"  # nobody there: must not be used
        client = connect(server, streaming_url=elsewhere.url)
        await started(client.streaming.user(on_state=elsewhere.changed), elsewhere)
        assert server.handshakes == []
        assert not any(path == "/api/v2/instance" for path, _ in server.requests)
    finally:
        await elsewhere.stop()


# --- SSE: chosen, or when the WebSocket is refused ----------------------------------------


async def test_sse_when_the_websocket_is_refused(
    server: StreamingServer, connect: Callable[..., Client]
) -> None:
    server.websocket = "404"
    client = connect(server)
    user = await started(client.streaming.user(on_state=server.changed), server)
    public = await started(client.streaming.public(on_state=server.changed), server)
    assert [(h.transport, h.outcome) for h in server.handshakes] == [
        ("websocket", "404"),
        ("sse", "accepted"),
        ("sse", "accepted"),
    ]
    assert {h.path for h in server.accepted()} == {
        "/api/v1/streaming/user",
        "/api/v1/streaming/public",
    }
    posted = await server.post()
    assert ids(await take(user)) == [posted]
    assert ids(await take(public)) == [posted]


async def test_sse_when_the_websocket_is_refused_with_streams_waiting(
    server: StreamingServer, connect: Callable[..., Client]
) -> None:
    # Both streams were on the shared link when the refusal came: each gets its own.
    server.websocket = "404"
    client = connect(server)
    user = client.streaming.user(on_state=server.changed).__aiter__()
    public = client.streaming.public(on_state=server.changed).__aiter__()
    await server.until(lambda: len(server.accepted()) == 2)
    await server.until(lambda: user.state == public.state == "connected")
    assert sum(h.transport == "websocket" for h in server.handshakes) == 1
    posted = await server.post()
    assert ids(await take(user)) == [posted]
    assert ids(await take(public)) == [posted]


async def test_sse_when_chosen(server: StreamingServer, connect: Callable[..., Client]) -> None:
    client = connect(server)
    client.streaming.options = SSE
    tag = await started(
        client.streaming.hashtag("python", local=True, on_state=server.changed), server
    )
    media = await started(client.streaming.public(only_media=True, on_state=server.changed), server)
    assert [(h.transport, h.path, h.query) for h in server.handshakes] == [
        ("sse", "/api/v1/streaming/hashtag/local", {"tag": "python"}),
        ("sse", "/api/v1/streaming/public", {"only_media": "true"}),
    ]
    await server.emit("update", EXAMPLES["update"], {("hashtag:local", "python")})
    assert (await take(tag))[0].stream == ("hashtag:local", "python")
    assert media.state == "connected"


# --- heartbeats ----------------------------------------------------------------------------


async def test_sse_heartbeats_keep_a_quiet_stream_open(
    server: StreamingServer, connect: Callable[..., Client]
) -> None:
    client = connect(server)
    states = States(server.changed)
    options = StreamOptions(transport="sse", idle_timeout=0.3)
    await started(client.streaming.user(options=options, on_state=states), server)
    beats = server.beats
    await server.until(lambda: server.beats >= beats + 20)  # 1 s: quiet but for :thump
    assert len(server.handshakes) == 1
    assert states == ["connected"]


async def test_a_silent_event_stream_is_replaced(
    server: StreamingServer, connect: Callable[..., Client]
) -> None:
    server.sse_silent = 1  # the first response never sends a byte after its first
    client = connect(server)
    states = States(server.changed)
    options = StreamOptions(transport="sse", idle_timeout=0.3)
    stream = client.streaming.user(options=options, on_state=states)
    await started(stream, server)
    await server.until(lambda: len(server.accepted()) == 2, timeout=3)
    await server.until(lambda: stream.state == "connected")
    assert states == ["connected", "disconnected", "connecting", "connected"]
    posted = await server.post()
    assert ids(await take(stream)) == [posted]


async def test_websocket_pings_keep_a_quiet_socket_open(
    server: StreamingServer, connect: Callable[..., Client]
) -> None:
    client = connect(server)
    states = States(server.changed)
    stream = client.streaming.user(options=StreamOptions(heartbeat=0.1), on_state=states)
    await started(stream, server)
    await server.until(lambda: server.pings >= 8)  # 0.8 s: quiet but for pings
    assert len(server.handshakes) == 1
    assert states == ["connected"]


async def test_a_socket_that_stops_answering_pings_is_replaced(
    server: StreamingServer, connect: Callable[..., Client]
) -> None:
    server.websocket = "silent"  # the first socket: accepted, then deaf and mute
    client = connect(server)
    states = States(server.changed)
    stream = client.streaming.user(options=StreamOptions(heartbeat=0.2), on_state=states)
    stream.__aiter__()
    await server.until(lambda: len(server.accepted()) == 2, timeout=3)
    await server.until(lambda: server.subscribed(("user",)) and stream.state == "connected")
    assert states == ["connected", "disconnected", "connecting", "connected"]
    posted = await server.post()
    assert ids(await take(stream)) == [posted]


# --- drops, backoff, gap fill --------------------------------------------------------------


@pytest.mark.parametrize("down", ["502", "reset"])
@pytest.mark.parametrize("options", TRANSPORTS)
async def test_drop_post_while_down_come_back(
    server: StreamingServer,
    connect: Callable[..., Client],
    naps: Naps,
    options: StreamOptions,
    down: Any,
) -> None:
    await server.notify()  # an older notification: the notifications' starting point
    client = connect(server)
    states = States(server.changed)
    stream = await started(client.streaming.user(options=options, on_state=states), server)
    before = await server.post()
    assert ids(await take(stream)) == [before]

    server.down = down
    await server.drop()
    await server.until(lambda: len(naps.delays) >= 3)  # three refused attempts at least
    missed = [await server.post(), await server.post()]
    missed_note = await server.notify(missed[0])
    server.down = None
    await server.until(lambda: stream.state == "connected")
    await server.until(lambda: server.subscribed(("user",)))

    replayed = await take(stream, 3)
    assert ids(replayed) == [*missed, missed_note]  # oldest first, statuses then notes
    assert [e.name for e in replayed] == ["update", "update", "notification"]
    assert all(e.replayed for e in replayed)
    assert isinstance(replayed[2], NotificationEvent)
    assert replayed[2].notification.status is not None
    assert replayed[2].notification.status.id == missed[0]
    live, event = await next_live(stream, server)
    assert (event.id, event.replayed) == (live, False)

    # Backoff: doubling from 0.5 s with full jitter (random() = 0.5 here).
    assert naps.delays[:3] == [0.25, 0.5, 1.0]
    assert states[:3] == ["connected", "disconnected", "connecting"]
    assert states[-1] == "connected"
    assert set(states[2:-1]) == {"connecting", "disconnected"}
    # The gap was read forward from the last status and notification handed out.
    assert ("/api/v1/timelines/home", {"min_id": before, "limit": "40"}) in server.requests
    assert any(
        path == "/api/v1/notifications" and query.get("min_id") for path, query in server.requests
    )
    # The transport never changed.
    assert {h.transport for h in server.handshakes} == {options.transport}


@pytest.mark.parametrize("options", TRANSPORTS)
async def test_live_events_already_replayed_are_not_repeated(
    server: StreamingServer, connect: Callable[..., Client], options: StreamOptions
) -> None:
    client = connect(server)
    stream = await started(client.streaming.user(options=options, on_state=server.changed), server)
    first = await server.post()
    assert ids(await take(stream)) == [first]
    server.down = "502"
    await server.drop()
    missed = [await server.post() for _ in range(3)]
    server.down = None
    await server.until(lambda: server.subscribed(("user",)))
    # Live while the consumer has not caught up: on the socket and in the timeline both.
    overlap = [await server.post() for _ in range(3)]
    events = await take(stream, 6)
    assert ids(events) == [*missed, *overlap]
    assert all(e.replayed for e in events[:3])
    later, event = await next_live(stream, server)
    assert (event.id, event.replayed) == (later, False)
    assert not stream._events


async def test_a_gap_that_could_not_be_read_is_read_at_the_next_reconnection(
    server: StreamingServer, connect: Callable[..., Client]
) -> None:
    client = connect(server)
    stream = await started(client.streaming.user(on_state=server.changed), server)
    first = await server.post()
    assert ids(await take(stream)) == [first]
    server.down = "502"
    await server.drop()
    missed = await server.post()
    server.rest_failures = 1  # the walk of the gap fails (500)
    server.down = None
    live, event = await next_live(stream, server)  # live events go on meanwhile
    assert (event.id, event.replayed) == (live, False)
    assert server.rest_failures == 0
    await server.drop()  # the next reconnection walks the gap again, from where it was
    (event,) = await take(stream)
    assert (event.id, event.replayed) == (missed, True)
    later, event = await next_live(stream, server)
    assert (event.id, event.replayed) == (later, False)  # the live one was not repeated


async def test_a_gap_longer_than_a_page_is_walked_whole(
    server: StreamingServer, connect: Callable[..., Client]
) -> None:
    client = connect(server)
    stream = await started(client.streaming.public(on_state=server.changed), server)
    first = await server.post()
    assert ids(await take(stream)) == [first]
    server.down = "reset"
    await server.drop()
    missed = [await server.post() for _ in range(95)]
    private = await server.post(public=False)  # not in the public timeline
    server.down = None
    events = await take(stream, 95)
    assert ids(events) == missed
    assert private not in ids(events)
    pages = [q for path, q in server.gap_requests() if path == "/api/v1/timelines/public"]
    assert len(pages) >= 3  # 40 + 40 + 15, then an empty page


async def test_backoff_doubles_to_its_cap_and_starts_over_after_a_connection(
    server: StreamingServer, connect: Callable[..., Client], naps: Naps
) -> None:
    server.refuse = 5
    client = connect(server)
    options = StreamOptions(backoff_base=1.0, backoff_cap=3.0)
    stream = await started(client.streaming.user(options=options, on_state=server.changed), server)
    assert naps.delays == [0.5, 1.0, 1.5, 1.5, 1.5]  # random() = 0.5 of 1, 2, 3, 3, 3
    posted = await server.post()
    assert ids(await take(stream)) == [posted]  # it works
    naps.delays.clear()
    server.refuse = 1
    await server.drop()
    await server.until(lambda: len(server.accepted()) == 2 and stream.state == "connected")
    assert naps.delays == [0.5, 1.0]  # from the start again


async def test_a_server_that_closes_at_once_gets_growing_delays(
    server: StreamingServer, connect: Callable[..., Client], naps: Naps
) -> None:
    server.close_at_once = 4  # accepted, then closed with 1011 before anything is sent
    client = connect(server)
    stream = await started(client.streaming.user(on_state=server.changed), server)
    assert len(server.accepted()) == 5
    assert naps.delays == [0.25, 0.5, 1.0, 2.0]
    assert stream.state == "connected"


@pytest.mark.parametrize("options", TRANSPORTS)
async def test_on_state_follows_the_connection(
    server: StreamingServer, connect: Callable[..., Client], options: StreamOptions
) -> None:
    client = connect(server)
    states = States(server.changed)
    stream = await started(client.streaming.user(options=options, on_state=states), server)
    await server.drop()
    await server.until(lambda: len(server.accepted()) == 2 and stream.state == "connected")
    await stream.close()
    assert states == ["connected", "disconnected", "connecting", "connected", "closed"]
    assert stream.state == "closed"
    with pytest.raises(StopAsyncIteration):
        await anext(stream)


# --- a refused token -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "failure"),
    [
        pytest.param(WS, "401", id="websocket-401"),
        pytest.param(WS, "1008", id="websocket-1008"),
        pytest.param(StreamOptions(multiplex=False), "1008", id="single-websocket-1008"),
        pytest.param(SSE, "401", id="sse-401"),
    ],
)
async def test_a_refused_token_raises_unauthorized_without_retrying(
    server: StreamingServer,
    connect: Callable[..., Client],
    naps: Naps,
    options: StreamOptions,
    failure: Any,
) -> None:
    server.auth_failure = failure
    client = connect(server, token="revoked")
    states = States(server.changed)
    stream = client.streaming.user(options=options, on_state=states)
    with pytest.raises(Unauthorized):
        async for _ in stream:
            pass
    # No wait for a retry that might come: the link hands the streams the error and ends
    # in the same step, and a retry would first go through naps.
    assert len(server.handshakes) == 1
    assert server.handshakes[0].outcome == failure
    assert naps.delays == []
    # A socket closed at once with 1008 did open first.
    assert states == (["closed"] if failure == "401" else ["connected", "closed"])
    assert stream.state == "closed"
    with pytest.raises(Unauthorized):  # and again, not a hang
        await anext(stream)
    await stream.close()


async def test_a_refused_token_ends_every_stream_of_the_socket(
    server: StreamingServer, connect: Callable[..., Client], naps: Naps
) -> None:
    server.auth_failure = "1008"
    client = connect(server, token="revoked")
    user, public = (
        client.streaming.user(on_state=server.changed).__aiter__(),
        client.streaming.public(on_state=server.changed).__aiter__(),
    )
    for stream in (user, public):
        with pytest.raises(Unauthorized):
            await asyncio.wait_for(anext(stream), TIMEOUT)
    assert len(server.handshakes) == 1
    assert naps.delays == []


# --- a stream the server does not serve ------------------------------------------------------


@pytest.mark.parametrize(
    ("forbid", "error", "handshakes"),
    [
        # mastodon-mock: a WebSocket refused with 403 (no body), SSE serves the stream.
        pytest.param({"websocket": (403, "")}, None, ["403", "accepted"], id="ws-403-sse-ok"),
        # snac2: every streaming path is 404.
        pytest.param(
            {"websocket": (404, "<h1>404 Not Found (snac/2.94)</h1>"), "sse": (404, "")},
            StreamRefused,
            ["404", "404"],
            id="snac-404",
        ),
        pytest.param(
            {"websocket": (403, ""), "sse": (403, '{"error": "This stream is not enabled"}')},
            StreamRefused,
            ["403", "403"],
            id="403-not-the-token",
        ),
        pytest.param(
            {"websocket": (403, ""), "sse": (403, '{"error": "Invalid access token"}')},
            Unauthorized,
            ["403", "403"],
            id="403-the-token",
        ),
        pytest.param({"sse": (401, "")}, Unauthorized, ["401"], id="sse-401-empty-body"),
    ],
)
async def test_a_refused_stream_is_told_from_a_refused_token_and_never_retried(
    server: StreamingServer,
    connect: Callable[..., Client],
    naps: Naps,
    forbid: dict[str, tuple[int, str]],
    error: type[Exception] | None,
    handshakes: list[str],
) -> None:
    server.forbid = forbid
    client = connect(server)
    options = SSE if list(forbid) == ["sse"] else StreamOptions(multiplex=False)
    stream = client.streaming.user_notification(options=options, on_state=server.changed)
    if error is None:
        await started(stream, server)
        note = await server.notify()
        assert ids(await take(stream)) == [note]
    else:
        with pytest.raises(error) as caught:
            await asyncio.wait_for(anext(stream), TIMEOUT)
        assert "user:notification" in str(caught.value)
        assert caught.value.endpoint == "GET /api/v1/streaming/user/notification"  # type: ignore[attr-defined]
        if isinstance(caught.value, StreamRefused):
            assert caught.value.stream == "user:notification"
        assert stream.state == "closed"
        with pytest.raises(error):  # and again, not a hang
            await anext(stream)
    assert [h.outcome for h in server.handshakes] == handshakes
    assert naps.delays == []  # not retried


# --- where the streaming server is: falling back to base_url's -------------------------------


@pytest.mark.parametrize("how", ["tls", "refused"])
async def test_an_advertised_streaming_server_that_cannot_be_reached_falls_back_once(
    server: StreamingServer,
    connect: Callable[..., Client],
    naps: Naps,
    how: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    port = int(server.url.rsplit(":", 1)[1])
    if how == "tls":  # GoToSocial: wss:// advertised for a plain-http instance
        server.streaming_url = f"wss://127.0.0.1:{port}"
    else:
        with socket.socket() as closed:
            closed.bind(("127.0.0.1", 0))
            server.streaming_url = f"wss://127.0.0.1:{closed.getsockname()[1]}"
    client = connect(server)
    with caplog.at_level("WARNING", logger="aiomastodon.streaming"):
        stream = await started(client.streaming.user(on_state=server.changed), server)
    posted = await server.post()
    assert ids(await take(stream)) == [posted]
    assert naps.delays == []  # at once, not after a retry
    warnings = [r for r in caplog.records if "cannot be reached" in r.getMessage()]
    assert len(warnings) == 1
    assert f"127.0.0.1:{port}" in warnings[0].getMessage()
    # Once: a later drop reconnects to base_url's origin without trying the other again.
    await server.drop()
    await server.until(lambda: len(server.accepted()) == 2 and stream.state == "connected")
    assert len([r for r in caplog.records if "cannot be reached" in r.getMessage()]) == 1


async def test_a_named_streaming_server_that_cannot_be_reached_is_not_replaced(
    server: StreamingServer, connect: Callable[..., Client], naps: Naps
) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        named = f"ws://127.0.0.1:{closed.getsockname()[1]}"
    client = connect(server, streaming_url=named)
    stream = client.streaming.user(on_state=server.changed).__aiter__()
    await server.until(lambda: len(naps.delays) >= 2)  # retried there, as asked
    assert server.handshakes == []
    await stream.close()


# --- a slow consumer ----------------------------------------------------------------------


@pytest.mark.parametrize("options", TRANSPORTS)
async def test_a_slow_consumer_loses_nothing(
    server: StreamingServer, connect: Callable[..., Client], options: StreamOptions
) -> None:
    client = connect(server)
    options = StreamOptions(transport=options.transport, queue_size=3)
    stream = await started(client.streaming.user(options=options, on_state=server.changed), server)
    first = await server.post()
    assert ids(await take(stream)) == [first]
    burst = [await server.post() for _ in range(30)]  # while the consumer does not read
    events = await take(stream, 30)
    assert ids(events) == burst
    assert any(e.replayed for e in events)
    assert len(server.accepted()) == 1  # recovered over REST, not by reconnecting
    later, event = await next_live(stream, server)
    assert (event.id, event.replayed) == (later, False)


async def test_a_consumer_slow_from_the_start_loses_nothing(
    server: StreamingServer, connect: Callable[..., Client]
) -> None:
    await server.post()  # the timeline is not empty: where counting starts
    client = connect(server)
    options = StreamOptions(queue_size=3)
    async with client.streaming.user(options=options, on_state=server.changed) as stream:
        await server.until(lambda: server.subscribed(("user",)))
        burst = [await server.post() for _ in range(10)]  # nothing read yet
        events = await take(stream, 10)
        assert ids(events) == burst


async def test_a_stream_that_joins_a_socket_being_opened_is_counted_from_before(
    server: StreamingServer, connect: Callable[..., Client]
) -> None:
    await server.post()
    server.hold = asyncio.Event()
    client = connect(server)
    first = client.streaming.public(on_state=server.changed).__aiter__()
    await server.until(lambda: server.handshakes)  # the shared socket is being opened
    options = StreamOptions(queue_size=3)
    second = client.streaming.user(options=options, on_state=server.changed).__aiter__()
    server.hold.set()
    await server.until(lambda: server.subscribed(("user",)))
    burst = [await server.post() for _ in range(8)]  # nothing read yet
    assert ids(await take(second, 8)) == burst
    assert ids(await take(first, 8)) == burst
    assert len(server.accepted()) == 1


async def test_a_stream_starting_on_an_empty_timeline_misses_nothing(
    server: StreamingServer, connect: Callable[..., Client]
) -> None:
    client = connect(server)
    stream = await started(client.streaming.user(on_state=server.changed), server)
    server.down = "502"
    await server.drop()
    missed = await server.post()
    note = await server.notify(missed)
    server.down = None
    events = await take(stream, 2)
    assert ids(events) == [missed, note]
    assert all(e.replayed for e in events)


# --- a saved position: resume= -----------------------------------------------------------


@pytest.mark.parametrize("options", TRANSPORTS)
async def test_a_stream_resumed_from_a_saved_position_misses_nothing_and_repeats_nothing(
    server: StreamingServer, connect: Callable[..., Client], options: StreamOptions
) -> None:
    await server.post()  # before the first run: not wanted
    client = connect(server)
    stream = await started(client.streaming.user(options=options, on_state=server.changed), server)
    first, note = await server.post(), None
    assert ids(await take(stream)) == [first]
    note = await server.notify(first)
    assert ids(await take(stream)) == [note]
    saved = stream.position.to_json()  # what a bot writes to its file
    assert StreamPosition.from_json(saved) == StreamPosition(
        stream=("user",), statuses=first, notifications=note
    )
    await stream.close()
    away = [await server.post(), await server.post()]  # while no process runs
    away_note = await server.notify(away[1])

    again = connect(server)
    resumed = again.streaming.user(
        options=options, on_state=server.changed, resume=StreamPosition.from_json(saved)
    )
    await started(resumed, server)
    # Live while the walk has not started: in the timeline and on the socket both.
    overlap = await server.post()
    events = await take(resumed, 4)
    assert ids(events) == [*away, overlap, away_note]  # statuses, then notifications
    assert all(e.replayed for e in events)
    live, event = await next_live(resumed, server)
    assert (event.id, event.replayed) == (live, False)
    assert resumed.position == StreamPosition(
        stream=("user",), statuses=live, notifications=away_note
    )
    # Walked from the saved ids, not from "now".
    assert ("/api/v1/timelines/home", {"min_id": first, "limit": "40"}) in server.requests
    assert ("/api/v1/notifications", {"min_id": note, "limit": "80"}) in server.requests


async def test_a_resumed_stream_whose_server_is_down_at_first_catches_up_from_the_position(
    server: StreamingServer, connect: Callable[..., Client], naps: Naps
) -> None:
    first = await server.post()
    position = StreamPosition(stream=("public",), statuses=first)
    server.down = "reset"  # the streaming server cannot be reached at first
    client = connect(server)
    stream = client.streaming.public(on_state=server.changed, resume=position).__aiter__()
    await server.until(lambda: len(naps.delays) >= 2)
    missed = [await server.post() for _ in range(3)]
    server.down = None
    events = await take(stream, 3)
    assert ids(events) == missed
    assert all(e.replayed for e in events)
    assert stream.position.statuses == missed[-1]


async def test_a_position_with_nothing_yet_starts_counting_at_the_connection(
    server: StreamingServer, connect: Callable[..., Client]
) -> None:
    await server.post()
    client = connect(server)
    empty = StreamPosition(stream=("user",))
    stream = client.streaming.user(on_state=server.changed, resume=empty)
    await started(stream, server)
    assert stream.position.statuses is not None  # the newest id when it connected
    live, event = await next_live(stream, server)
    assert (event.id, event.replayed) == (live, False)


async def test_a_position_of_another_stream_is_refused() -> None:
    position = StreamPosition(stream=("hashtag", "python"), statuses="1")
    async with Client("http://127.0.0.1:9", access_token="t") as client:
        with pytest.raises(ValueError, match="hashtag:python"):
            client.streaming.user(resume=position)
        assert client.streaming.hashtag("python", resume=position).position == position
        with pytest.raises(ValueError, match="gap_fill"):
            client.streaming.hashtag(
                "python", resume=position, options=StreamOptions(gap_fill=False)
            )


# --- against mastodon-mock --------------------------------------------------------------------

MOCK_OPTIONS = [
    pytest.param(SSE, id="sse"),
    pytest.param(
        StreamOptions(transport="websocket", multiplex=False, token_in_query=True),
        id="websocket",
    ),
]


@pytest.fixture
async def mock(mock_url: str) -> AsyncIterator[str]:
    """mastodon-mock's URL; afterwards, its WebSocket handlers are made to notice that
    their clients left.

    They only find out when they next send (they never read), and until then they hold
    up the mock's shutdown: one more status, posted by the account whose streams were
    used, ends them (the mock hands it to them before it answers the post).
    """
    yield mock_url
    async with Client(mock_url, access_token="alice_token") as alice:
        await alice.statuses.create("the end", visibility="public")


async def connected(changed: Signal, *streams: Stream) -> None:
    """Start ``streams`` (made with ``on_state=changed``) and wait until they are connected.

    Connected is subscribed, at mastodon-mock: over SSE, it subscribes before it answers;
    over a WebSocket, in the same step as it accepts, before it reads another request.
    """
    for stream in streams:
        stream.__aiter__()
    await changed.until(lambda: all(stream.state == "connected" for stream in streams))


@pytest.mark.parametrize("options", MOCK_OPTIONS)
async def test_mastodon_mock_post_a_status_receive_the_update(
    mock: str, options: StreamOptions
) -> None:
    async with (
        Client(mock, access_token="alice_token", streaming_url=mock) as alice,
        Client(mock, access_token="bob_token") as bob,
    ):
        changed = Signal()
        user = alice.streaming.user(options=options, on_state=changed)
        public = alice.streaming.public(options=options, on_state=changed)
        await connected(changed, user, public)
        mine = await alice.statuses.create("streamed to myself", visibility="public")
        theirs = await bob.statuses.create("public, from bob", visibility="public")
        (own,) = await take(user)
        assert isinstance(own, UpdateEvent)
        assert (own.id, own.replayed) == (mine.id, False)
        assert own.status.content == mine.content
        assert own.status.account.id == mine.account.id
        updates = list(await take(public, 2))
        assert ids(updates) == [mine.id, theirs.id]
        await alice.statuses.delete(mine.id)
        while not isinstance(event := (await take(user))[0], DeleteEvent):
            pass
        assert event.status_id == mine.id
        await user.close()
        await public.close()


async def test_mastodon_mock_websocket_found_from_the_instance(mock: str) -> None:
    # The mock names its own ws:// origin in /api/v2/instance.
    options = StreamOptions(transport="websocket", multiplex=False, token_in_query=True)
    async with Client(mock, access_token="alice_token") as alice:
        changed = Signal()
        stream = alice.streaming.user(options=options, on_state=changed)
        await connected(changed, stream)
        posted = await alice.statuses.create("found the streaming server", visibility="public")
        assert ids(await take(stream)) == [posted.id]


def _docs_bot() -> dict[str, Any]:
    """The bot of docs/streaming.md, run as it is written there."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "streaming.md").read_text("utf-8")
    section = text.split("## A bot: reply to mentions", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict[str, Any] = {"__name__": "docs_bot"}
    exec(compile(code, "docs/streaming.md", "exec"), namespace)
    return namespace


@pytest.mark.parametrize("options", MOCK_OPTIONS)
async def test_mastodon_mock_the_bot_of_the_docs_answers_mentions(
    mock: str, options: StreamOptions
) -> None:
    reply_to_mentions = _docs_bot()["reply_to_mentions"]
    async with (
        Client(mock, access_token="alice_token", streaming_url=mock) as alice,
        Client(mock, access_token="bob_token", streaming_url=mock) as bob,
    ):
        alice.streaming.options = options
        me = await alice.accounts.verify_credentials()
        changed = Signal()
        # The bot's stream, as the docs open it, but watched: its states wake this test.
        bots = States(changed)
        user = alice.streaming.user
        alice.streaming.user = lambda: user(on_state=bots)
        # Bob hears of the answer as a mention of his own.
        bobs = bob.streaming.user(options=SSE, on_state=changed)
        await connected(changed, bobs)
        bot = asyncio.ensure_future(reply_to_mentions(alice))
        try:
            await changed.until(lambda: "connected" in bots)
            mention = await bob.statuses.create(f"@{me.acct} are you there?", visibility="public")
            while True:
                (event,) = await take(bobs)
                if isinstance(event, NotificationEvent) and event.notification.type == "mention":
                    note = event.notification
                    break
            assert note.status is not None
            replies = (await bob.statuses.context(mention.id)).descendants
            assert [r.id for r in replies] == [note.status.id]
            (reply,) = replies
            assert reply.in_reply_to_id == mention.id
            assert reply.account.id == me.id
            assert reply.visibility == "public"  # the mention's, never wider
            assert "thank you, noted!" in reply.content
        finally:
            bot.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await bot
