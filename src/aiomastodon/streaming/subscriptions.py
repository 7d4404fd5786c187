"""What one stream is: its name on the wire, its SSE path, and where its gaps are refilled."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .._requester import Requester
from .._sansio.routes import Route, route
from ..api.notifications import Notifications
from ..api.timelines import Timelines
from ..entities import Notification, Status
from ..pagination import Paginator

__all__ = ["HEALTH", "SSE_ROUTES", "WEBSOCKET", "GapSource", "StreamOptions", "Subscription"]

# The streaming API's endpoints, in the route table (``aiomastodon.routes()``). Streams
# connect through the transport's stream() and websocket(); health is a plain GET.
WEBSOCKET = route("GET", "/api/v1/streaming", "streaming.websocket", version="3.3.0")
HEALTH = route("GET", "/api/v1/streaming/health", "streaming.health", version="2.5.0")
SSE_ROUTES: dict[str, Route] = {
    "user": route("GET", "/api/v1/streaming/user", "streaming.user", version="1.0.0"),
    "user:notification": route(
        "GET",
        "/api/v1/streaming/user/notification",
        "streaming.user_notification",
        version="1.4.2",
    ),
    "public": route("GET", "/api/v1/streaming/public", "streaming.public", version="1.0.0"),
    "public:local": route(
        "GET", "/api/v1/streaming/public/local", "streaming.public", version="1.1.0"
    ),
    "public:remote": route(
        "GET", "/api/v1/streaming/public/remote", "streaming.public", version="3.1.4"
    ),
    "hashtag": route("GET", "/api/v1/streaming/hashtag", "streaming.hashtag", version="1.0.0"),
    "hashtag:local": route(
        "GET", "/api/v1/streaming/hashtag/local", "streaming.hashtag", version="1.1.0"
    ),
    "list": route("GET", "/api/v1/streaming/list", "streaming.list", version="2.1.0"),
    "direct": route("GET", "/api/v1/streaming/direct", "streaming.direct", version="2.4.0"),
}
"""The server-sent events endpoint of each stream name (``:media`` is a parameter)."""

GapWalk = Callable[[str | None], "Paginator[Status] | Paginator[Notification]"]


@dataclass(frozen=True)
class StreamOptions:
    """How streams connect.

    Attributes:
        transport: ``"websocket"`` (the default) or ``"sse"`` (server-sent events over
            HTTP). A WebSocket the server refuses falls back to SSE by itself.
        multiplex: Carry every WebSocket stream of the client on one socket (Mastodon's
            subscribe messages). Turn off for servers that only take one stream per
            socket in the URL.
        token_in_query: Send the token as ``access_token`` in the URL (legacy servers and
            proxies that need it). Off by default: URLs end up in logs. Otherwise it goes
            in the ``Authorization`` header.
        heartbeat: Seconds between WebSocket pings; a socket that does not answer is
            taken for dead and replaced.
        idle_timeout: Seconds without a byte on an SSE stream (Mastodon sends a heartbeat
            comment every 15 s) before it is taken for dead and replaced.
        gap_fill: After a reconnection, fetch what was missed over REST and replay it
            (marked ``replayed``) before live events, dropping duplicates.
        queue_size: Events held for a consumer that is behind; past it, live events are
            dropped and recovered over REST once the consumer catches up.
        backoff_base: The first reconnection delay's bound in seconds (doubling, full
            jitter).
        backoff_cap: The longest reconnection delay in seconds.
    """

    transport: str = "websocket"
    multiplex: bool = True
    token_in_query: bool = False
    heartbeat: float = 30.0
    idle_timeout: float = 60.0
    gap_fill: bool = True
    queue_size: int = 1000
    backoff_base: float = 0.5
    backoff_cap: float = 30.0


@dataclass(frozen=True)
class GapSource:
    """Where missed events of one kind are found again.

    ``walk(min_id)`` walks forward from ``min_id``, oldest first; ``walk(None)`` is the
    newest item alone (where a stream starts counting).
    """

    key: str
    event: str
    walk: GapWalk


@dataclass(frozen=True)
class Subscription:
    """One stream: its name, and the tag or list it needs.

    ``name`` is Mastodon's stream name: ``user``, ``user:notification``, ``public``,
    ``public:media``, ``public:local``, ``public:local:media``, ``public:remote``,
    ``public:remote:media``, ``hashtag``, ``hashtag:local``, ``list``, ``direct``.
    """

    name: str
    tag: str | None = None
    list_id: str | None = None

    @property
    def key(self) -> tuple[str, ...]:
        """How frames name this stream (``["hashtag", "python"]``)."""
        argument = self.tag if self.tag is not None else self.list_id
        return (self.name,) if argument is None else (self.name, argument)

    @property
    def params(self) -> dict[str, str]:
        """The stream as query parameters or subscribe-message fields."""
        params = {"stream": self.name}
        if self.tag is not None:
            params["tag"] = self.tag
        if self.list_id is not None:
            params["list"] = self.list_id
        return params

    def sse_route(self) -> tuple[Route, dict[str, str]]:
        """``GET /api/v1/streaming/...``: the route and query of this stream over SSE."""
        name = self.name
        query: dict[str, str] = {}
        if name.endswith(":media"):
            name = name.removesuffix(":media")
            query["only_media"] = "true"
        if self.tag is not None:
            query["tag"] = self.tag
        if self.list_id is not None:
            query["list"] = self.list_id
        return SSE_ROUTES[name], query

    def sse_path(self) -> tuple[str, dict[str, str]]:
        """The path and query of this stream over SSE (see ``sse_route``)."""
        endpoint, query = self.sse_route()
        return endpoint.path, query

    def gap_sources(self, requester: Requester) -> list[GapSource]:
        """The REST timelines that hold what this stream sends (none for ``direct``)."""
        timelines = Timelines(requester)
        notifications = Notifications(requester)
        parts = self.name.split(":")
        media = parts[-1] == "media"

        def notes(min_id: str | None = None) -> Paginator[Notification]:
            if min_id is None:
                return notifications.list(limit=1)
            return notifications.list(min_id=min_id, limit=80)

        note_source = GapSource("notifications", "notification", notes)
        if self.name == "user":

            def home(min_id: str | None = None) -> Paginator[Status]:
                if min_id is None:
                    return timelines.home(limit=1)
                return timelines.home(min_id=min_id, limit=40)

            return [GapSource("home", "update", home), note_source]
        if self.name == "user:notification":
            return [note_source]
        if parts[0] == "public":
            local, remote = "local" in parts, "remote" in parts

            def public(min_id: str | None = None) -> Paginator[Status]:
                if min_id is None:
                    return timelines.public(local=local, remote=remote, only_media=media, limit=1)
                return timelines.public(
                    local=local, remote=remote, only_media=media, min_id=min_id, limit=40
                )

            return [GapSource(self.name, "update", public)]
        if parts[0] == "hashtag" and self.tag is not None:
            tag, local = self.tag, "local" in parts

            def hashtag(min_id: str | None = None) -> Paginator[Status]:
                if min_id is None:
                    return timelines.tag(tag, local=local, limit=1)
                return timelines.tag(tag, local=local, min_id=min_id, limit=40)

            return [GapSource(f"{self.name}:{tag}", "update", hashtag)]
        if self.name == "list" and self.list_id is not None:
            list_id = self.list_id

            def members(min_id: str | None = None) -> Paginator[Status]:
                if min_id is None:
                    return timelines.list(list_id, limit=1)
                return timelines.list(list_id, min_id=min_id, limit=40)

            return [GapSource(f"list:{list_id}", "update", members)]
        return []
