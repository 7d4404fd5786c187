"""Checked by mypy --strict (tests/unit/streaming/test_typing.py), never run: the stream's
events narrow with ``match`` and ``isinstance``, without a cast.

``assert_type`` fails the check if a type is not exactly the one stated; the
``type: ignore`` lines must be errors (``warn_unused_ignores`` is on under --strict), so
that the union really needs narrowing.
"""

from __future__ import annotations

from typing_extensions import assert_type  # typing has it from 3.11 only

from aiomastodon import Client
from aiomastodon.entities import Announcement, Conversation, Notification, Status
from aiomastodon.streaming import (
    AnnouncementDeleteEvent,
    AnnouncementEvent,
    AnnouncementReaction,
    AnnouncementReactionEvent,
    ConversationEvent,
    DeleteEvent,
    Event,
    FiltersChangedEvent,
    NotificationEvent,
    NotificationsMergedEvent,
    StatusUpdateEvent,
    Stream,
    StreamPosition,
    UndecodableEvent,
    UnknownEvent,
    UpdateEvent,
)


def by_match(event: Event) -> str:
    match event:
        case UpdateEvent(status=status) | StatusUpdateEvent(status=status):
            assert_type(status, Status)
            return status.account.acct
        case NotificationEvent(notification=note):
            assert_type(note, Notification)
            assert_type(event.id, str)
            return note.type
        case DeleteEvent(status_id=status_id):
            assert_type(status_id, str)
            return status_id
        case ConversationEvent(conversation=conversation):
            assert_type(conversation, Conversation)
            return conversation.id
        case AnnouncementEvent(announcement=announcement):
            assert_type(announcement, Announcement)
            return announcement.id
        case AnnouncementReactionEvent(reaction=reaction):
            assert_type(reaction, AnnouncementReaction)
            return reaction.name
        case AnnouncementDeleteEvent(announcement_id=announcement_id):
            return announcement_id
        case FiltersChangedEvent() | NotificationsMergedEvent():
            return event.name
        case UnknownEvent(name=name, raw=raw):
            assert_type(raw, str | None)
            return name
        case UndecodableEvent(name=name, error=error):
            return f"{name}: {error}"


def by_isinstance(event: Event) -> Status | None:
    if isinstance(event, UpdateEvent):
        assert_type(event.status, Status)
        return event.status
    assert_type(event.id, str | None)
    assert_type(event.stream, tuple[str, ...])
    assert_type(event.replayed, bool)
    return None


def not_narrowed(event: Event) -> list[object]:
    seen: list[object] = [event.status]  # type: ignore[union-attr]
    if event.name == "update":
        seen.append(event.status)  # type: ignore[union-attr]  # a name check does not narrow
    return seen


async def stream_and_resume(client: Client, saved: str) -> StreamPosition:
    position = StreamPosition.from_json(saved)
    stream = client.streaming.user(resume=position)
    assert_type(stream, Stream)
    async for event in stream:
        assert_type(event, Event)
        by_match(event)
    assert_type(stream.position.to_json(), str)
    return stream.position
