"""Streaming: typed events over WebSocket or SSE, with reconnection that misses nothing.

```python
async with client.streaming.user(resume=saved) as stream:
    async for event in stream:
        match event:
            case UpdateEvent(status=status):
                print(status.account.acct, status.content)
            case NotificationEvent(notification=note):
                print(note.type, note.account.acct)
        saved = stream.position  # StreamPosition: .to_json() to keep it
```

See ``aiomastodon.streaming.stream`` for how drops and restarts are handled, and
``aiomastodon.streaming.events`` for the event classes.
"""

from __future__ import annotations

from collections.abc import Callable

from .._requester import Requester
from ..errors import MastodonError
from .events import (
    AnnouncementDeleteEvent,
    AnnouncementEvent,
    AnnouncementReaction,
    AnnouncementReactionEvent,
    ConversationEvent,
    DeleteEvent,
    Event,
    EventBase,
    FiltersChangedEvent,
    NotificationEvent,
    NotificationsMergedEvent,
    StatusUpdateEvent,
    StreamEvent,
    UndecodableEvent,
    UnknownEvent,
    UpdateEvent,
)
from .position import StreamPosition
from .stream import ConnectionState, Stream, StreamHub
from .subscriptions import HEALTH, StreamOptions, Subscription

__all__ = [
    "AnnouncementDeleteEvent",
    "AnnouncementEvent",
    "AnnouncementReaction",
    "AnnouncementReactionEvent",
    "ConnectionState",
    "ConversationEvent",
    "DeleteEvent",
    "Event",
    "EventBase",
    "FiltersChangedEvent",
    "NotificationEvent",
    "NotificationsMergedEvent",
    "StatusUpdateEvent",
    "Stream",
    "StreamEvent",
    "StreamOptions",
    "StreamPosition",
    "Streaming",
    "UndecodableEvent",
    "UnknownEvent",
    "UpdateEvent",
]

StateCallback = Callable[[ConnectionState], None]


class Streaming:
    """``client.streaming``: the streams of the Mastodon streaming API.

    Each method returns a ``Stream`` at once; it connects when iterated (or entered
    with ``async with``). ``options`` (a ``StreamOptions``) sets how streams connect;
    each method may override it. ``on_state`` is called with ``"connecting"``,
    ``"connected"``, ``"disconnected"`` and ``"closed"`` as the connection changes.
    ``resume`` (a ``StreamPosition`` saved from ``stream.position``) makes the stream
    first hand out, over REST and oldest first, every status and notification after it,
    then go live with no gap and no duplicate (even if the server cannot be reached at
    first); it must be a position of the same stream (else ``ValueError``). What REST
    cannot give back is not replayed: deletes, edits, announcements, filter changes,
    and direct conversations.
    """

    def __init__(self, requester: Requester, *, streaming_url: str | None = None) -> None:
        self.options = StreamOptions()
        self._requester = requester
        self._hub = StreamHub(requester, streaming_url)

    async def health(self) -> bool:
        """``GET /api/v1/streaming/health``: whether the streaming server is up.

        Asked of the main host (Mastodon routes it to the streaming server).

        Docs: https://docs.joinmastodon.org/methods/streaming/#health
        """
        try:
            response = await self._requester.send(HEALTH)
        except MastodonError:
            return False
        return response.body.strip() == b"OK"

    def _stream(
        self,
        subscription: Subscription,
        options: StreamOptions | None,
        on_state: StateCallback | None,
        resume: StreamPosition | None,
    ) -> Stream:
        return Stream(self._hub, subscription, options or self.options, on_state, resume)

    def user(
        self,
        *,
        options: StreamOptions | None = None,
        on_state: StateCallback | None = None,
        resume: StreamPosition | None = None,
    ) -> Stream:
        """``GET /api/v1/streaming/user``: your home timeline and notifications, live.

        Events: ``update``, ``delete``, ``notification``, ``status.update``,
        ``filters_changed``, ``announcement``, ``announcement.reaction``,
        ``announcement.delete``, ``notifications_merged``. Missed statuses are refilled
        from the home timeline, missed notifications from the notifications.

        Docs: https://docs.joinmastodon.org/methods/streaming/#user
        """
        return self._stream(Subscription("user"), options, on_state, resume)

    def user_notification(
        self,
        *,
        options: StreamOptions | None = None,
        on_state: StateCallback | None = None,
        resume: StreamPosition | None = None,
    ) -> Stream:
        """``GET /api/v1/streaming/user/notification``: your notifications, live.

        Docs: https://docs.joinmastodon.org/methods/streaming/#notification
        """
        return self._stream(Subscription("user:notification"), options, on_state, resume)

    def public(
        self,
        *,
        local: bool = False,
        remote: bool = False,
        only_media: bool = False,
        options: StreamOptions | None = None,
        on_state: StateCallback | None = None,
        resume: StreamPosition | None = None,
    ) -> Stream:
        """``GET /api/v1/streaming/public``: public statuses, live.

        Args:
            local: Only this server's (``/public/local``).
            remote: Only other servers' (``/public/remote``).
            only_media: Only statuses with media.

        Docs: https://docs.joinmastodon.org/methods/streaming/#public
        """
        if local and remote:
            raise ValueError("a public stream is local or remote, not both")
        name = "public" + (":local" if local else "") + (":remote" if remote else "")
        name += ":media" if only_media else ""
        return self._stream(Subscription(name), options, on_state, resume)

    def hashtag(
        self,
        tag: str,
        /,
        *,
        local: bool = False,
        options: StreamOptions | None = None,
        on_state: StateCallback | None = None,
        resume: StreamPosition | None = None,
    ) -> Stream:
        """``GET /api/v1/streaming/hashtag``: public statuses with a hashtag, live.

        Args:
            tag: The hashtag, without ``#``.
            local: Only this server's (``/hashtag/local``).

        Docs: https://docs.joinmastodon.org/methods/streaming/#hashtag
        """
        name = "hashtag:local" if local else "hashtag"
        return self._stream(Subscription(name, tag=tag.lstrip("#")), options, on_state, resume)

    def list(
        self,
        list_id: str,
        /,
        *,
        options: StreamOptions | None = None,
        on_state: StateCallback | None = None,
        resume: StreamPosition | None = None,
    ) -> Stream:
        """``GET /api/v1/streaming/list``: statuses from a list's members, live.

        Docs: https://docs.joinmastodon.org/methods/streaming/#list
        """
        return self._stream(Subscription("list", list_id=list_id), options, on_state, resume)

    def direct(
        self,
        *,
        options: StreamOptions | None = None,
        on_state: StateCallback | None = None,
        resume: StreamPosition | None = None,
    ) -> Stream:
        """``GET /api/v1/streaming/direct``: your direct conversations, live.

        Conversations missed while away are not replayed (no REST timeline holds them
        by id); read ``GET /api/v1/conversations`` after a reconnection if they matter.

        Docs: https://docs.joinmastodon.org/methods/streaming/#direct
        """
        return self._stream(Subscription("direct"), options, on_state, resume)

    async def close(self) -> None:
        """Close every stream of the client."""
        await self._hub.close()
