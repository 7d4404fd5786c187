"""Streams that hand the caller every event once, across drops.

A ``Stream`` is an async iterator of ``Event`` (``events.py``). Behind it, a *link* keeps
a connection open (one WebSocket shared by all the client's streams, or one connection
per stream for SSE and single-stream sockets) and reconnects with exponential backoff and
full jitter when it drops.

Nothing is missed: each stream remembers the id of the last status (and notification)
it handed out. When its connection comes back, or when its consumer fell so far behind
that live events had to be dropped, it walks the matching REST timeline forward from
that id (``min_id``), hands out what it finds (``replayed=True``), oldest first, and only
then the live events that queued meanwhile, dropping those it already replayed. Before a
stream has handed anything out, its starting point is the newest id the REST timeline
shows just before the stream first connects (the start of the timeline if it is empty),
or, with ``resume=``, the ids of a saved ``StreamPosition``: then the first connection
is followed by the same walk, from there. ``stream.position`` is those ids as they stand:
the point up to which events were handed out. Deletes and edits that happened while away
are not recoverable over REST and are not replayed; nor are announcements, nor ``direct``
conversations.

A refused token ends the stream with [`Unauthorized`][aiomastodon.errors.Unauthorized], a
stream the server will not serve with [`StreamRefused`][aiomastodon.errors.StreamRefused], and a
streaming server that would not keep the token safe (``StreamingURLRefused``, ``RedirectRefused``)
ends it too: no reconnect loop.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import Literal

from yarl import URL

from .._requester import Requester
from .._sansio.origin import Identity, describe_origin, streaming_target
from ..entities import Status
from ..errors import (
    MastodonError,
    RedirectRefused,
    StreamingURLRefused,
    StreamRefused,
    TransportError,
    Unauthorized,
    WebSocketRefused,
)
from ..scheduler.backoff import full_jitter
from .connection import (
    SSEConnection,
    WebSocketConnection,
    matching,
    open_sse,
    open_websocket,
)
from .events import Event, Frame, NotificationEvent, UpdateEvent
from .position import StreamPosition
from .subscriptions import StreamOptions, Subscription

__all__ = ["ConnectionState", "Stream", "StreamHub"]

log = logging.getLogger("aiomastodon.streaming")

# Errors that a reconnection would only meet again: they end the stream.
_FATAL = (Unauthorized, StreamRefused, StreamingURLRefused, RedirectRefused)

ConnectionState = Literal["connecting", "connected", "disconnected", "closed"]
"""What a stream's connection is doing; see ``on_state``."""

# Ids remembered per stream and kind, at least, to drop an event handed out twice: a
# replay is handed out before the live events queued meanwhile, so those it may repeat
# are at most a queue's worth (past queue_size, live events are dropped and walked again);
# twice the queue, and never fewer than _SEEN_MIN (for live events that came out of
# order). A smaller table than needed costs cache misses on every event.
_SEEN_MIN = 1000


class _Recent:
    """The ids seen lately: at least the last ``size``, at most twice as many.

    Two sets: ids go into the newer while both are asked; when the newer is full, it
    becomes the older and the older is dropped. A lookup and an add per event, where an
    ordered dict of exactly ``size`` also pops its oldest entry every time.
    """

    __slots__ = ("_newer", "_older", "_size")

    def __init__(self, size: int) -> None:
        self._size = size
        self._newer: set[str] = set()
        self._older: set[str] = set()

    def add(self, item_id: str) -> bool:
        """Remember ``item_id``; ``False`` if it was seen already."""
        newer = self._newer
        if item_id in newer or item_id in self._older:
            return False
        newer.add(item_id)
        if len(newer) >= self._size:
            self._older, self._newer = newer, set()
        return True


class Stream:
    """An async iterator of one stream's events (use ``async with`` to close it).

    Made by ``client.streaming``; not constructed by callers.
    """

    def __init__(
        self,
        hub: StreamHub,
        subscription: Subscription,
        options: StreamOptions,
        on_state: Callable[[ConnectionState], None] | None,
        resume: StreamPosition | None = None,
    ) -> None:
        if resume is not None and resume.stream != subscription.key:
            raise ValueError(
                f"resume: a position of stream {':'.join(resume.stream)}, "
                f"not of {':'.join(subscription.key)}"
            )
        if resume is not None and not options.gap_fill:
            raise ValueError("resume= needs gap_fill (it catches up over REST)")
        self.subscription = subscription
        self._key = subscription.key  # a property that builds a tuple: read per event
        self.options = options
        self._queue_size = options.queue_size
        self.state: ConnectionState = "connecting"
        self._hub = hub
        self._on_state = on_state
        # Live events in arrival order; a WebSocket's as frames, decoded when taken.
        self._events: collections.deque[Event | Frame] = collections.deque()
        self._wake = asyncio.Event()
        self._error: BaseException | None = None
        self._closed = False
        # Every source keeps the position; only with gap_fill are they walked.
        self._kinds = subscription.gap_sources(hub.requester)
        self._sources = self._kinds if options.gap_fill else []
        self._anchors: dict[str, str] = {}
        if resume is not None:
            for source in self._kinds:
                saved = resume.statuses if source.event == "update" else resume.notifications
                if saved is not None:
                    self._anchors[source.key] = saved
        self._connected_before = False
        self._anchor_again = False  # finding the start failed: try at the next connection
        self._need_anchor = any(source.key not in self._anchors for source in self._sources)
        # Resumed: the first connection is followed by a walk from the saved ids.
        self._need_gap = bool(self._anchors) and bool(self._sources)
        self._gap_unread = False  # a walk failed: hold the anchors until one succeeds
        self._replay: AsyncIterator[Event] | None = None
        # Per kind: the ids handed out lately, and the sources whose anchor they move.
        remembered = max(2 * options.queue_size, _SEEN_MIN)
        self._seen_statuses, self._seen_notifications = _Recent(remembered), _Recent(remembered)
        self._status_sources = [s.key for s in self._kinds if s.event == "update"]
        self._notification_sources = [s.key for s in self._kinds if s.event != "update"]
        self._link: Link | None = None

    def __repr__(self) -> str:
        return f"<Stream {':'.join(self.subscription.key)} {self.state}>"

    @property
    def position(self) -> StreamPosition:
        """The point up to which events were handed out: save it, resume from it.

        After a walk over REST failed, it stays where the gap began until a walk
        succeeds, so that a restart from it reads the gap again (at the cost of live
        events handed out meanwhile coming again).
        """
        statuses = notifications = None
        for source in self._kinds:
            if source.event == "update":
                statuses = self._anchors.get(source.key)
            else:
                notifications = self._anchors.get(source.key)
        return StreamPosition(
            stream=self.subscription.key, statuses=statuses, notifications=notifications
        )

    # --- the caller's side -------------------------------------------------------------

    async def __aenter__(self) -> Stream:
        self._start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def __aiter__(self) -> Stream:
        self._start()
        return self

    async def __anext__(self) -> Event:
        if self._link is None:
            self._start()  # anext(stream) without aiter() first: start all the same
        while True:
            if self._error is not None:
                raise self._error
            if self._closed and not self._events and self._replay is None:
                raise StopAsyncIteration
            if self._replay is not None:
                event = await self._next_replayed()
                if event is not None and self._fresh(event):
                    return event
                continue
            if self._need_anchor and self.state == "connected":
                await self._anchor()
                continue
            if self._need_gap and self.state == "connected":
                self._need_gap = False
                self._replay = self._replayed()
                continue
            if self._events:
                item = self._events.popleft()
                event = item.decoded() if isinstance(item, Frame) else item
                if self._fresh(event):
                    return event
                continue
            self._wake.clear()
            await self._wake.wait()

    async def close(self) -> None:
        """Stop the stream and release its connection."""
        if self._closed:
            return
        self._closed = True
        if self._link is not None:
            await self._link.detach(self)
            self._link = None
        self._set_state("closed")
        self._wake.set()

    # --- the link's side ---------------------------------------------------------------

    def _start(self) -> None:
        if self._link is None and not self._closed:
            self._link = self._hub.attach(self)

    def _set_state(self, state: ConnectionState) -> None:
        if state == self.state:
            return
        self.state = state
        if state == "connecting" and self._anchor_again:
            self._anchor_again, self._need_anchor = False, True
        if state == "connected":
            if self._connected_before and self._sources:
                self._need_gap = True
            self._connected_before = True
        self._wake.set()
        if self._on_state is not None:
            try:
                self._on_state(state)
            except Exception:
                # The caller's callback must not take the connection down with it.
                log.exception("stream %s: the on_state callback raised", self)

    def _deliver(self, event: Event | Frame) -> None:
        events = self._events
        queued = len(events)
        if queued >= self._queue_size:
            # The consumer is behind: drop live events now, recover them over REST when
            # it catches up (from the last one it took).
            if self._sources and not self._need_gap:
                log.warning("stream %s: consumer behind, recovering over REST", self)
                self._need_gap = True
            return
        events.append(event)
        if not queued:
            # The consumer waits only on an empty queue: the first event wakes it, the
            # ones after it find it awake (or woken) already.
            self._wake.set()

    def _fail(self, error: BaseException) -> None:
        self._error = error
        self._wake.set()

    # --- gaps ----------------------------------------------------------------------------

    def _fresh(self, event: Event) -> bool:
        """Whether to hand ``event`` out: not a duplicate; remember it if so."""
        # Exact classes (none is subclassed): cheaper than isinstance, per event.
        if type(event) is UpdateEvent:
            item_id, seen, sources = event.status.id, self._seen_statuses, self._status_sources
        elif type(event) is NotificationEvent:
            item_id, seen = event.notification.id, self._seen_notifications
            sources = self._notification_sources
        else:
            return True
        if not seen.add(item_id):
            return False
        if event.replayed or not self._gap_unread:
            for key in sources:
                self._anchors[key] = item_id
        return True

    async def _anchor(self) -> None:
        """Where "missed" starts before anything was handed out: the newest id now.

        Called by the link before the stream's first connection, so that every event the
        stream receives (and may have to drop) is newer than its starting point.
        """
        if not self._need_anchor:
            return
        self._need_anchor = False
        for source in self._sources:
            if source.key in self._anchors:
                continue
            try:
                newest = await source.walk(None).take(1).collect()
            except MastodonError as exc:
                # Asked again before the next connection: the server may be back.
                log.warning("stream %s: cannot find where to start yet (%s)", self, exc)
                self._anchor_again = True
                continue
            # An empty timeline: whatever it holds later is new, from its very start.
            self._anchors[source.key] = newest[0].id if newest else "0"

    async def _replayed(self) -> AsyncIterator[Event]:
        key = self.subscription.key
        for source in self._sources:
            anchor = self._anchors.get(source.key)
            if anchor is None:
                continue
            async for item in source.walk(anchor):
                if isinstance(item, Status):
                    yield UpdateEvent(item, stream=key, replayed=True)
                else:
                    yield NotificationEvent(item, stream=key, replayed=True)

    async def _next_replayed(self) -> Event | None:
        assert self._replay is not None
        try:
            return await self._replay.__anext__()
        except StopAsyncIteration:
            self._replay = None
            self._gap_unread = False
        except MastodonError as exc:
            # Could not refill now (the server is struggling): try again on the next
            # reconnection; live events go on meanwhile, without moving the anchors past
            # the gap.
            log.warning("stream %s: could not recover missed events (%s)", self, exc)
            self._replay = None
            self._gap_unread = True
            self._need_gap = True if self.state != "connected" else self._need_gap
        return None


Connection = WebSocketConnection | SSEConnection


class Link:
    """One connection carrying one or more streams, reconnected until none is left."""

    def __init__(self, hub: StreamHub, multiplexed: bool) -> None:
        self.hub = hub
        self.multiplexed = multiplexed
        self.streams: list[Stream] = []
        self._connection: Connection | None = None
        self._task: asyncio.Task[None] | None = None
        self._pending: set[asyncio.Task[None]] = set()

    def attach(self, stream: Stream) -> None:
        self.streams.append(stream)
        if self._task is None or self._task.done():
            self._task = asyncio.ensure_future(self._run())
        elif isinstance(self._connection, WebSocketConnection):
            task = asyncio.ensure_future(self._subscribe(self._connection, stream))
            self._pending.add(task)
            task.add_done_callback(self._pending.discard)

    async def _subscribe(self, connection: WebSocketConnection, stream: Stream) -> None:
        await stream._anchor()
        with contextlib.suppress(TransportError):
            await connection.subscribe(stream.subscription)
            stream._set_state("connected")

    async def detach(self, stream: Stream) -> None:
        if stream in self.streams:
            self.streams.remove(stream)
        connection = self._connection
        if isinstance(connection, WebSocketConnection) and self.streams:
            with contextlib.suppress(TransportError):
                await connection.unsubscribe(stream.subscription)
        if not self.streams:
            self.hub.forget(self)
            if self._task is not None:
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task

    async def _open(self) -> Connection:
        base, identity = await self.hub.streaming_base()
        try:
            connection = await self._connect(base, identity)
        except TransportError as exc:
            fallback = self.hub.fall_back(base, exc)
            if fallback is None:
                raise
            connection = await self._connect(*fallback)
        self.hub.reached = True
        return connection

    async def _connect(self, base: URL, identity: Identity) -> Connection:
        transport = self.hub.requester.transport
        options = self.streams[0].options
        if options.transport == "sse" or self.hub.websocket_refused:
            return await open_sse(transport, base, identity, options, self.streams[0].subscription)
        single = None if self.multiplexed else self.streams[0].subscription
        label = ", ".join(":".join(stream.subscription.key) for stream in self.streams)
        try:
            return await open_websocket(transport, base, identity, options, single, label)
        except WebSocketRefused as exc:
            log.info("WebSocket refused (HTTP %d): streaming over SSE instead", exc.status)
            self.hub.websocket_refused = True
            if self.multiplexed:
                # Server-sent events carry one stream per connection: give each its own.
                for stream in list(self.streams[1:]):
                    self.streams.remove(stream)
                    stream._link = self.hub.attach(stream)
            return await open_sse(transport, base, identity, options, self.streams[0].subscription)

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        attempt = 0
        while self.streams:
            for stream in self.streams:
                stream._set_state("connecting")
            opened_at: float | None = None
            try:
                await asyncio.gather(*(stream._anchor() for stream in list(self.streams)))
                connection = await self._open()
                self._connection = connection
                try:
                    if isinstance(connection, WebSocketConnection):
                        # A copy: streams may leave meanwhile (those that come are
                        # subscribed by attach(), now that the connection is set).
                        for stream in list(self.streams):
                            await stream._anchor()  # one that came while connecting
                            if stream in self.streams:
                                await connection.subscribe(stream.subscription)
                    for stream in self.streams:
                        stream._set_state("connected")
                    opened_at = loop.time()
                    await connection.pump(self._dispatch)
                finally:
                    if connection.received:
                        attempt = 0  # it worked: the next drop starts the backoff over
                    self._connection = None
                    await connection.close()
            except _FATAL as exc:
                for stream in self.streams:
                    stream._fail(exc)
                    stream._set_state("closed")
                return
            except TransportError as exc:
                log.info("stream connection lost: %s", exc)
            for stream in self.streams:
                stream._set_state("disconnected")
            if not self.streams:
                return
            options = self.streams[0].options
            if opened_at is not None and loop.time() - opened_at >= options.backoff_cap:
                attempt = 0  # a quiet connection that lasted: not a server that flaps
            delay = full_jitter(
                attempt,
                base=options.backoff_base,
                cap=options.backoff_cap,
                random=self.hub.requester.scheduler.random,
            )
            attempt += 1
            log.debug("reconnecting in %.2f s (attempt %d)", delay, attempt)
            await self.hub.requester.sleep(delay)

    def _dispatch(self, item: Event | Frame) -> None:
        streams = self.streams
        if len(streams) == 1:  # nearly always: spare the lists of _targets
            stream = streams[0]
            key = item.stream
            if not self.multiplexed or not key or stream._key == key:
                stream._deliver(item)
                return
        for stream in self._targets(item.stream):
            stream._deliver(item)

    def _targets(self, key: tuple[str, ...]) -> list[Stream]:
        """The streams a frame is for: by its ``stream`` field on a shared socket."""
        streams = self.streams
        if not self.multiplexed or not key:
            return streams
        exact = [stream for stream in streams if stream._key == key]
        if exact:  # nearly always: spare the case-folding below
            return exact
        keys = set(matching(key, [stream._key for stream in streams]))
        return [stream for stream in streams if stream._key in keys]


def _origin(url: URL) -> tuple[bool, str | None, int | None]:
    """Scheme (as TLS or not), host and port: ``wss://h`` and ``https://h`` are one."""
    return url.scheme in ("https", "wss"), url.host, url.port


class StreamHub:
    """The client's streaming state: its links, and where the streaming server is."""

    def __init__(self, requester: Requester, streaming_url: str | None) -> None:
        self.requester = requester
        self.websocket_refused = False
        self.reached = False  # a stream connected once: the streaming server exists
        self._streaming_url = streaming_url
        self._base: tuple[URL, Identity] | None = None
        self._advertised = False  # the base is what the instance named, not base_url
        self._fell_back = False
        self._shared: Link | None = None
        self._links: list[Link] = []

    def attach(self, stream: Stream) -> Link:
        """Put a stream on a link: the shared socket, or a link of its own."""
        options = stream.options
        shared = (
            options.transport == "websocket" and options.multiplex and not self.websocket_refused
        )
        if shared:
            if self._shared is None:
                self._shared = Link(self, multiplexed=True)
                self._links.append(self._shared)
            link = self._shared
        else:
            link = Link(self, multiplexed=False)
            self._links.append(link)
        link.attach(stream)
        return link

    def forget(self, link: Link) -> None:
        """A link has no streams left."""
        if link in self._links:
            self._links.remove(link)
        if link is self._shared:
            self._shared = None

    async def streaming_base(self) -> tuple[URL, Identity]:
        """Where the streaming server is (as configured, as the instance says, or here),
        and the identity whose token may go there (``_sansio/origin.streaming_target``).

        Raises:
            StreamingURLRefused: The instance advertises a server that would expose the token.
        """
        if self._base is not None:
            return self._base
        base, known = await self._find_base()
        identity = self.requester.identity.trusting(base)
        if known:  # else asked again at the next connection: the server may be back
            self._base = (base, identity)
        return base, identity

    async def _find_base(self) -> tuple[URL, bool]:
        """The streaming server's URL, and whether it is known for good."""
        base_url = self.requester.base_url
        if self._streaming_url is not None:
            named = streaming_target(base_url, named=self._streaming_url, advertised=None)
            return named, True
        from ..api.instance import InstanceMethods  # here: instance.py imports entities

        found: str | None = None
        try:
            instance = await InstanceMethods(self.requester).get()
            configuration = instance.configuration
            urls = configuration.urls if configuration is not None else None
            found = urls.streaming if urls is not None else None
        except TransportError as exc:
            log.debug("no answer from /api/v2/instance yet (%s)", exc)
            return base_url, False
        except MastodonError as exc:
            log.debug("no streaming URL from /api/v2/instance (%s)", exc)
        base = streaming_target(base_url, named=None, advertised=found)
        self._advertised = _origin(base) != _origin(base_url)
        return base, True

    def fall_back(self, base: URL, error: TransportError) -> tuple[URL, Identity] | None:
        """``base_url``'s origin, once, when the advertised streaming server could not
        be reached at all (refused, TLS failed: ``request_sent`` is false) and no stream
        ever reached it; else ``None``.

        GoToSocial advertises ``wss://`` for an instance it serves over plain http. The
        fallback never lowers the connection below ``base_url``'s own scheme, and the
        token was going to ``base_url`` anyway.
        """
        if self._fell_back or self.reached or not self._advertised or error.request_sent:
            return None
        self._fell_back = True
        base_url = self.requester.base_url
        log.warning(
            "the streaming server the instance advertises (%s) cannot be reached (%s): "
            "streaming from %s instead",
            describe_origin(base),
            error,
            describe_origin(base_url),
        )
        self._base = (base_url, self.requester.identity)
        return self._base

    async def close(self) -> None:
        """Close every stream's connection."""
        for link in list(self._links):
            for stream in list(link.streams):
                await stream.close()
