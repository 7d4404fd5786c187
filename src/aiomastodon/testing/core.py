"""The core of the fake server: its state, and the helpers every route module uses.

``Core`` holds what a request handler needs (the state, the renderer, the
server's clock and style, the request log) and answers in Mastodon's forms; the route
modules, the media side and the streaming side are written against it, and
``FakeMastodon`` (``server.py``) builds on it with the control API and the lifecycle.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from aiohttp import web

from .encoding import JSONStyle, encode, encode_array
from .faults import RecordedRequest
from .params import Params
from .render import Renderer
from .signal import Signal
from .state import Account, ApiError, Status, World

__all__ = ["CONTEXT", "ERROR_TEXTS", "UNSET_URL", "Core", "InstanceInfo", "RequestContext"]

UNSET_URL = "unset"

ERROR_TEXTS = {
    400: "Bad request",
    401: "The access token is invalid",
    403: "This action is not allowed",
    404: "Record not found",
    410: "The page you were looking for doesn't exist",
    422: "Unprocessable entity",
    429: "Too many requests",
    500: "We're sorry, but something went wrong on our end.",
    503: "The page could not be served due to a temporary server failure.",
}


@dataclass
class InstanceInfo:
    """What the server says about itself (change it before or during a test)."""

    version: str = "4.3.0"
    title: str = "Fake Mastodon"
    description: str = "A fake Mastodon server for tests (aiomastodon.testing)."
    languages: list[str] = field(default_factory=lambda: ["en"])
    streaming_url: str | None = UNSET_URL
    """What the instance advertises as its streaming server (default: this server;
    ``None``: none, as some servers do)."""


@dataclass
class RequestContext:
    """What the middleware learnt about a request, for its handler."""

    params: Params
    viewer: Account | None
    record: RecordedRequest


CONTEXT = web.RequestKey("aiomastodon.testing", RequestContext)


async def _nothing_to_flush() -> None:
    pass


class Core:
    """State and answers (see the module docstring)."""

    def __init__(
        self, *, clock: Callable[[], float] | None = None, json_style: JSONStyle = "mastodon"
    ) -> None:
        self.clock: Callable[[], float] = clock or time.time
        self.json_style: JSONStyle = json_style
        self.changed = Signal()
        """Called at every change a test may wait for (see ``until()``)."""
        self.world = World(self.clock)
        """The state: accounts, statuses, notifications... (records, to inspect)."""
        self.render = Renderer(self.world, "", "")
        self.instance = InstanceInfo()
        """What ``/api/v1/instance``, ``/api/v2/instance`` and NodeInfo say."""
        self.requests: list[RecordedRequest] = []
        """Every request received, on both origins, oldest first."""
        self.url = ""
        """The API's base URL (once started)."""
        self.media_url = ""
        """The media origin's base URL (once started)."""
        self.flush: Callable[[], Awaitable[None]] = _nothing_to_flush
        self.page_max: int | None = None
        """The largest page served, whatever ``limit`` asks (``None``: Mastodon's)."""
        self.in_flight = 0
        """Requests being answered now."""
        self.max_in_flight = 0
        """The most requests that were ever being answered at once."""

    @property
    def streaming_url(self) -> str:
        """This server's own streaming URL (``ws://``)."""
        return "ws" + self.url.removeprefix("http")

    async def settle(self) -> None:
        """Send the stream events of what just happened, and wake the waiters."""
        await self.flush()
        self.changed()

    def context(self, request: web.Request) -> RequestContext:
        return request[CONTEXT]

    def viewer(self, request: web.Request) -> Account | None:
        """The account whose token came with ``request`` (``None``: anonymous)."""
        return self.context(request).viewer

    def user(self, request: web.Request) -> Account:
        """The account behind ``request``'s token; 401 without one."""
        viewer = self.viewer(request)
        if viewer is None:
            raise ApiError(401, ERROR_TEXTS[401])
        return viewer

    def params(self, request: web.Request) -> Params:
        return self.context(request).params

    def json(
        self,
        value: object,
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
        n: int = 0,
    ) -> web.Response:
        """An answer of JSON written in the server's style."""
        return web.Response(
            body=encode(value, self.json_style, n),
            status=status,
            headers=headers,
            content_type="application/json",
            charset="utf-8",
        )

    def statuses(
        self,
        statuses: Sequence[Status],
        viewer: Account | None,
        *,
        headers: dict[str, str] | None = None,
    ) -> web.Response:
        """An array of statuses, each written as ``status_bytes()`` writes it."""
        items = [encode(self.render.status(s, viewer), self.json_style, s.seq) for s in statuses]
        return web.Response(
            body=encode_array(items, self.json_style),
            headers=headers,
            content_type="application/json",
            charset="utf-8",
        )

    def error(self, status: int, message: str | None = None) -> web.Response:
        """Mastodon's error body: ``{"error": "..."}``."""
        headers = {}
        if status == 401:
            headers["WWW-Authenticate"] = (
                'Bearer realm="Doorkeeper", error="invalid_token", '
                'error_description="The access token is invalid"'
            )
        text = message or ERROR_TEXTS.get(status, "Error")
        return self.json({"error": text}, status=status, headers=headers)
