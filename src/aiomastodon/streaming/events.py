"""Streaming events as values: decoding them from WebSocket frames and SSE records.

Pure code: no I/O. A WebSocket frame is one JSON object::

    {"stream": ["hashtag", "python"], "event": "update", "payload": "{\\"id\\": ...}"}

where ``payload`` is a *string*: JSON text for entities (decoded a second time), a bare id
for deletes, absent for ``filters_changed``. Server-sent events carry the same payload in
``data:`` lines under an ``event:`` line.

Each kind of event is a class of its own, with a field of its payload's exact type
(``UpdateEvent.status`` is a ``Status``), so that ``match event:`` and ``isinstance``
narrow under a type checker. ``Event`` is their union: what a stream yields. An event
this version does not know arrives as ``UnknownEvent`` (its name and raw text); a known
one whose payload does not decode as ``UndecodableEvent`` (its name, raw text and why).
Neither ever ends a stream.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, TypeAlias

import msgspec

from .._sansio.decode import Unrepairable, decoder_for
from ..entities import Announcement, Conversation, Notification, Status

__all__ = [
    "AnnouncementDeleteEvent",
    "AnnouncementEvent",
    "AnnouncementReaction",
    "AnnouncementReactionEvent",
    "ConversationEvent",
    "DeleteEvent",
    "Event",
    "EventBase",
    "FiltersChangedEvent",
    "NotificationEvent",
    "NotificationsMergedEvent",
    "SSEParser",
    "StatusUpdateEvent",
    "StreamEvent",
    "UndecodableEvent",
    "UnknownEvent",
    "UpdateEvent",
    "WsError",
    "decode_event",
    "parse_ws_frame",
]


class AnnouncementReaction(msgspec.Struct, frozen=True, kw_only=True):
    """The payload of ``announcement.reaction``: an emoji count changed on an announcement."""

    name: str = ""
    count: int = 0
    announcement_id: str = ""


# gc=False: events hold entities (no cycles back to them), and at tens of thousands a
# second the collector's bookkeeping is measurable.
class EventBase(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """What every event has (a Struct: cheap to make, at tens of thousands a second).

    Attributes:
        stream: The stream it came on, as the server names it (``("hashtag", "python")``).
        raw: The payload text exactly as received (``None`` if none was sent, or for an
            event recovered over REST).
        replayed: ``True`` for events recovered over REST after the stream was away (a
            reconnection, a restart with ``resume=``, or a consumer too slow to keep up),
            not received live.
    """

    stream: tuple[str, ...] = ()
    raw: str | None = None
    replayed: bool = False

    @property
    def id(self) -> str | None:
        """The id of the status or notification this event carries, if any."""
        return None


class UpdateEvent(EventBase, frozen=True, gc=False):
    """``update``: a new status (or boost) in the stream."""

    name: ClassVar[str] = "update"
    status: Status

    @property
    def id(self) -> str:
        """The status's id."""
        return self.status.id


class StatusUpdateEvent(EventBase, frozen=True, gc=False):
    """``status.update``: a status in the stream was edited; its new version."""

    name: ClassVar[str] = "status.update"
    status: Status

    @property
    def id(self) -> str:
        """The status's id."""
        return self.status.id


class NotificationEvent(EventBase, frozen=True, gc=False):
    """``notification``: a new notification (``user`` and ``user:notification``)."""

    name: ClassVar[str] = "notification"
    notification: Notification

    @property
    def id(self) -> str:
        """The notification's id."""
        return self.notification.id


class DeleteEvent(EventBase, frozen=True, gc=False):
    """``delete``: a status in the stream was deleted; its id."""

    name: ClassVar[str] = "delete"
    status_id: str


class ConversationEvent(EventBase, frozen=True, gc=False):
    """``conversation``: a direct conversation changed (``direct``)."""

    name: ClassVar[str] = "conversation"
    conversation: Conversation


class AnnouncementEvent(EventBase, frozen=True, gc=False):
    """``announcement``: an announcement was published or changed."""

    name: ClassVar[str] = "announcement"
    announcement: Announcement


class AnnouncementReactionEvent(EventBase, frozen=True, gc=False):
    """``announcement.reaction``: an emoji reaction to an announcement changed."""

    name: ClassVar[str] = "announcement.reaction"
    reaction: AnnouncementReaction


class AnnouncementDeleteEvent(EventBase, frozen=True, gc=False):
    """``announcement.delete``: an announcement was withdrawn; its id."""

    name: ClassVar[str] = "announcement.delete"
    announcement_id: str


class FiltersChangedEvent(EventBase, frozen=True, gc=False):
    """``filters_changed``: the user's filters changed; refetch them. No payload."""

    name: ClassVar[str] = "filters_changed"


class NotificationsMergedEvent(EventBase, frozen=True, gc=False):
    """``notifications_merged``: filtered notifications were accepted; refetch the
    notifications. No payload."""

    name: ClassVar[str] = "notifications_merged"


class UnknownEvent(EventBase, frozen=True, gc=False):
    """An event this version does not know (``encrypted_message``, a later version's
    ``quote.revoked``...): its name, and its text in ``raw``."""

    name: str


class UndecodableEvent(EventBase, frozen=True, gc=False):
    """A known event whose payload did not decode (or is missing): its name, its text
    in ``raw``, and why in ``error``."""

    name: str
    error: str


Event: TypeAlias = (
    UpdateEvent
    | StatusUpdateEvent
    | NotificationEvent
    | DeleteEvent
    | ConversationEvent
    | AnnouncementEvent
    | AnnouncementReactionEvent
    | AnnouncementDeleteEvent
    | FiltersChangedEvent
    | NotificationsMergedEvent
    | UnknownEvent
    | UndecodableEvent
)
"""What a stream yields: one of the event classes. ``match`` on it, or ``isinstance``."""

StreamEvent: TypeAlias = Event
"""The name of ``Event`` before events had a class per kind."""

_Entity = Status | Notification | Conversation | Announcement | AnnouncementReaction
# Each class with its payload's type (the class's one positional field).
_ENTITY_EVENTS: dict[str, tuple[Callable[..., Event], type[_Entity]]] = {
    "update": (UpdateEvent, Status),
    "status.update": (StatusUpdateEvent, Status),
    "notification": (NotificationEvent, Notification),
    "conversation": (ConversationEvent, Conversation),
    "announcement": (AnnouncementEvent, Announcement),
    "announcement.reaction": (AnnouncementReactionEvent, AnnouncementReaction),
}
_ID_EVENTS: dict[str, type[DeleteEvent | AnnouncementDeleteEvent]] = {
    "delete": DeleteEvent,
    "announcement.delete": AnnouncementDeleteEvent,
}
_EMPTY_EVENTS: dict[str, type[FiltersChangedEvent | NotificationsMergedEvent]] = {
    "filters_changed": FiltersChangedEvent,
    "notifications_merged": NotificationsMergedEvent,
}


# The fast road of each entity event: its class and a plain msgspec decoder of its type,
# fed the payload text as it is (no copy into bytes). A payload it refuses (an odd field,
# a lone surrogate, too deep) goes down the tolerant road of ``decoder_for``, which
# repairs it or says why not, as it did before the fast road existed.
_STRICT: dict[str, tuple[Callable[..., Event], Callable[[str], _Entity]]] = {
    name: (kind, msgspec.json.Decoder(type_).decode)
    for name, (kind, type_) in _ENTITY_EVENTS.items()
}


def decode_event(
    name: str, data: str | None, stream: tuple[str, ...] = (), *, replayed: bool = False
) -> Event:
    """Decode one event's payload according to its name. Never raises."""
    strict = _STRICT.get(name)
    if strict is not None and data is not None:
        try:
            return strict[0](strict[1](data), stream=stream, raw=data, replayed=replayed)
        except (msgspec.DecodeError, UnicodeError, RecursionError):
            pass  # the tolerant road below: repaired, or an UndecodableEvent saying why
    entity = _ENTITY_EVENTS.get(name)
    if entity is not None:
        kind, type_ = entity
        if data is None:
            return UndecodableEvent(name=name, error="no payload", stream=stream, replayed=replayed)
        try:
            payload = decoder_for(type_).decode(data)
        except (msgspec.DecodeError, Unrepairable) as exc:
            return UndecodableEvent(
                name=name,
                error=f"undecodable payload: {exc}",
                stream=stream,
                raw=data,
                replayed=replayed,
            )
        return kind(payload, stream=stream, raw=data, replayed=replayed)
    with_id = _ID_EVENTS.get(name)
    if with_id is not None:
        value = (data or "").strip()
        if not value:
            return UndecodableEvent(
                name=name, error="no id", stream=stream, raw=data, replayed=replayed
            )
        return with_id(value, stream=stream, raw=data, replayed=replayed)
    empty = _EMPTY_EVENTS.get(name)
    if empty is not None:
        return empty(stream=stream, raw=data, replayed=replayed)
    return UnknownEvent(name=name, stream=stream, raw=data, replayed=replayed)


# gc=False: strings and numbers only, no cycles.
class Frame(msgspec.Struct, gc=False):
    """A WebSocket frame's envelope, its payload not yet decoded (``read_ws_frame``).

    The link routes it by ``stream``; the stream decodes it (``decoded()``) when its
    consumer takes it, so that a batch of frames read at once waits as text, and each
    status is built just before it is used (and freed while still in the cache).
    """

    stream: tuple[str, ...] = ()
    event: str | None = None
    payload: str | None = None
    error: str | None = None
    status: int | None = None

    def decoded(self) -> Event:
        """The event this frame carries. Never raises."""
        return decode_event(self.event or "", self.payload, self.stream)


_frame_decoder = msgspec.json.Decoder(Frame)


@dataclass(frozen=True)
class WsError:
    """A protocol error the server reported on the socket (``{"error": ..., "status": ...}``)."""

    error: str
    status: int | None


def read_ws_frame(text: str | bytes) -> Frame | WsError | None:
    """One WebSocket text frame's envelope: an event's (its payload still text), a
    reported error, or ``None`` if unreadable. Never raises."""
    try:
        frame = _frame_decoder.decode(text)
    except msgspec.DecodeError:
        return None
    if frame.event is None:
        return WsError(frame.error, frame.status) if frame.error else None
    return frame


def parse_ws_frame(text: str | bytes) -> Event | WsError | None:
    """One WebSocket text frame: an event, a reported error, or ``None`` if unreadable.

    Never raises.
    """
    frame = read_ws_frame(text)
    return frame.decoded() if isinstance(frame, Frame) else frame


class SSEParser:
    """Turns the bytes of an ``text/event-stream`` body into events, in whatever chunks.

    Comment lines (``:thump``) are heartbeats; ``data:`` lines of one event are joined
    with newlines (per the SSE spec); a blank line ends the event. Never raises.
    """

    def __init__(self, stream: tuple[str, ...] = ()) -> None:
        self._stream = stream
        self._buffer = b""
        self._event: str | None = None
        self._data: list[str] = []

    def feed(self, chunk: bytes) -> list[Event]:
        """Add bytes; return the events they complete."""
        self._buffer += chunk
        events: list[Event] = []
        while True:
            end = self._buffer.find(b"\n")
            if end < 0:
                return events
            line = self._buffer[:end].rstrip(b"\r").decode("utf-8", "replace")
            self._buffer = self._buffer[end + 1 :]
            event = self._line(line)
            if event is not None:
                events.append(event)

    def _line(self, line: str) -> Event | None:
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
