"""Streaming events as values: decoding them from WebSocket frames and SSE records.

Pure code: no I/O. A WebSocket frame is one JSON object::

    {"stream": ["hashtag", "python"], "event": "update", "payload": "{\\"id\\": ...}"}

where ``payload`` is a *string*: JSON text for entities (decoded a second time), a bare id
for deletes, absent for ``filters_changed``. Server-sent events carry the same payload in
``data:`` lines under an ``event:`` line. An event this version does not know arrives with
its name and raw text; a payload that does not decode arrives with ``payload=None`` and
``error`` set. Neither ever ends a stream.
"""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

from .._sansio.decode import Unrepairable, decoder_for
from ..entities import Announcement, Conversation, Notification, Status

__all__ = [
    "AnnouncementReaction",
    "Payload",
    "SSEParser",
    "StreamEvent",
    "WsError",
    "decode_event",
    "parse_ws_frame",
]


class AnnouncementReaction(msgspec.Struct, frozen=True, kw_only=True):
    """The payload of ``announcement.reaction``: an emoji count changed on an announcement."""

    name: str = ""
    count: int = 0
    announcement_id: str = ""


Payload = Status | Notification | Conversation | Announcement | AnnouncementReaction | str | None
"""What ``StreamEvent.payload`` holds: an entity, an id (deletes), or ``None``."""

_ENTITY_EVENTS: dict[
    str, type[Status | Notification | Conversation | Announcement | AnnouncementReaction]
] = {
    "update": Status,
    "status.update": Status,
    "notification": Notification,
    "conversation": Conversation,
    "announcement": Announcement,
    "announcement.reaction": AnnouncementReaction,
}
_ID_EVENTS = frozenset({"delete", "announcement.delete"})
_EMPTY_EVENTS = frozenset({"filters_changed", "notifications_merged"})


class StreamEvent(msgspec.Struct, frozen=True):
    """One event of a stream (a Struct: cheap to make, at tens of thousands a second).

    Attributes:
        event: The wire name: ``update``, ``delete``, ``notification``, ``status.update``,
            ``conversation``, ``filters_changed``, ``announcement``,
            ``announcement.reaction``, ``announcement.delete``, ``notifications_merged``,
            or any other the server sends.
        payload: The decoded payload: ``Status`` (update, status.update),
            ``Notification``, ``Conversation``, ``Announcement``,
            ``AnnouncementReaction``, the id string (delete, announcement.delete), the
            raw text (unknown events), or ``None`` (none sent, or it did not decode).
        stream: The stream it came on, as the server names it (``("hashtag", "python")``).
        raw: The payload text exactly as received (``None`` if none was sent).
        replayed: ``True`` for events recovered over REST after the stream was away
            (a reconnection, or a consumer too slow to keep up), not received live.
        error: Why the payload could not be decoded, if it could not.
    """

    event: str
    payload: Payload
    stream: tuple[str, ...] = ()
    raw: str | None = None
    replayed: bool = False
    error: str | None = None

    @property
    def id(self) -> str | None:
        """The id of the status or notification this event carries, if any."""
        payload = self.payload
        if isinstance(payload, (Status, Notification)):
            return payload.id
        return None


def decode_event(
    name: str, data: str | None, stream: tuple[str, ...] = (), *, replayed: bool = False
) -> StreamEvent:
    """Decode one event's payload according to its name."""
    if name in _ENTITY_EVENTS:
        if data is None:
            return StreamEvent(name, None, stream, None, replayed, "no payload")
        try:
            payload = decoder_for(_ENTITY_EVENTS[name]).decode(data)
        except (msgspec.DecodeError, Unrepairable) as exc:
            return StreamEvent(name, None, stream, data, replayed, f"undecodable payload: {exc}")
        return StreamEvent(name, payload, stream, data, replayed)
    if name in _ID_EVENTS:
        value = (data or "").strip()
        return StreamEvent(name, value or None, stream, data, replayed)
    if name in _EMPTY_EVENTS:
        return StreamEvent(name, None, stream, data, replayed)
    return StreamEvent(name, data, stream, data, replayed)  # unknown: kept as it came


class _Frame(msgspec.Struct):
    stream: list[str] = msgspec.field(default_factory=list)
    event: str | None = None
    payload: str | None = None
    error: str | None = None
    status: int | None = None


_frame_decoder = msgspec.json.Decoder(_Frame)


@dataclass(frozen=True)
class WsError:
    """A protocol error the server reported on the socket (``{"error": ..., "status": ...}``)."""

    error: str
    status: int | None


def parse_ws_frame(text: str | bytes) -> StreamEvent | WsError | None:
    """One WebSocket text frame: an event, a reported error, or ``None`` if unreadable."""
    try:
        frame = _frame_decoder.decode(text)
    except msgspec.DecodeError:
        return None
    if frame.event is None:
        return WsError(frame.error, frame.status) if frame.error else None
    return decode_event(frame.event, frame.payload, tuple(frame.stream))


class SSEParser:
    """Turns the bytes of an ``text/event-stream`` body into events, in whatever chunks.

    Comment lines (``:thump``) are heartbeats; ``data:`` lines of one event are joined
    with newlines (per the SSE spec); a blank line ends the event.
    """

    def __init__(self, stream: tuple[str, ...] = ()) -> None:
        self._stream = stream
        self._buffer = b""
        self._event: str | None = None
        self._data: list[str] = []

    def feed(self, chunk: bytes) -> list[StreamEvent]:
        """Add bytes; return the events they complete."""
        self._buffer += chunk
        events: list[StreamEvent] = []
        while True:
            end = self._buffer.find(b"\n")
            if end < 0:
                return events
            line = self._buffer[:end].rstrip(b"\r").decode("utf-8", "replace")
            self._buffer = self._buffer[end + 1 :]
            event = self._line(line)
            if event is not None:
                events.append(event)

    def _line(self, line: str) -> StreamEvent | None:
        if not line:
            if self._event is None and not self._data:
                return None
            name = self._event or "message"
            data = "\n".join(self._data) if self._data else None
            self._event, self._data = None, []
            return decode_event(name, data, self._stream)
        if line.startswith(":"):
            return None  # a comment: the server's heartbeat
        key, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if key == "event":
            self._event = value
        elif key == "data":
            self._data.append(value)
        return None
