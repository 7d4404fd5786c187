"""``FakeMastodon``: a stateful Mastodon on 127.0.0.1, for tests of code that uses it.

```python
async with FakeMastodon() as server:
    token = await server.add_account("alice")
    await server.add_account("bob")
    await server.post(as_="bob", text="@alice hi")      # alice gets a mention notification
    async with Client(server.url, access_token=token) as client:
        [mention] = [n async for n in client.notifications.list()]
```

Two origins: the API (REST, streaming over WebSocket and SSE, on ``url``)
and the media files (``media_url``, another port, as a CDN would be:
tests can check the token never goes there). Every request passes one middleware, in this
order: it is logged (``requests``), waits its latency, may get a fault
(``faults``), has its token checked (401 for an unknown one), is counted
against the rate limit (``ratelimits``), and is answered with the
rate-limit headers and a ``Date`` from the server's clock.

The clock is injectable (``clock=``, epoch seconds): ids and ``created_at`` come from it,
and so do rate-limit windows. Everything runs in the event loop that called
``start()``; for tests whose client runs in another thread or process,
see ``ThreadedMastodon``.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from types import TracebackType

from aiohttp import web

from . import (
    routes_accounts,
    routes_instance,
    routes_relations,
    routes_statuses,
    routes_timelines,
)
from .core import CONTEXT, Core, RequestContext
from .encoding import JSONStyle, encode, http_date
from .faults import Fault, Faults, Origin, RecordedRequest, redact_pairs
from .media import MediaControl
from .params import Params, read_params
from .ratelimit import RateLimits
from .signal import DEFAULT_TIMEOUT
from .state import Account, ApiError, Status, Visibility
from .streaming import StreamingControl

__all__ = ["FakeMastodon", "Seeded"]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_NO_ROUTE = "The page you are looking for isn't here."
_STREAMING = "/api/v1/streaming"
_MEDIA_PATH = re.compile(r"^/api/v[12]/media$")
_DELETE_PATH = re.compile(r"^/api/v1/statuses/[^/]+(/unreblog)?$")


@dataclass
class Seeded:
    """What ``FakeMastodon.seed()`` made: tokens by username, status ids in order."""

    tokens: dict[str, str] = field(default_factory=dict)
    statuses: list[str] = field(default_factory=list)


class FakeMastodon(Core):
    """The fake server (see the module docstring).

    Args:
        clock: The server's time, in epoch seconds (default ``time.time``): a
            [`VirtualClock`][aiomastodon.testing.VirtualClock]'s ``time`` works.
        json_style: How entities are written: ``"mastodon"`` (Rails' escaping),
            ``"varied"`` or ``"pretty"`` (see ``aiomastodon.testing.encoding``).
        media_polls: How many times ``GET /api/v1/media/:id`` answers 206 (still
            processing) before the file is ready; 0 makes uploads ready at once (200).
        streaming_heartbeat: Seconds between ``:thump`` comments on event streams
            (``None``: none).
        page_max: The largest page served, whatever ``limit`` asks (default:
            Mastodon's, twice each endpoint's default).
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float] | None = None,
        json_style: JSONStyle = "mastodon",
        media_polls: int = 1,
        streaming_heartbeat: float | None = 10.0,
        page_max: int | None = None,
    ) -> None:
        super().__init__(clock=clock, json_style=json_style)
        self.page_max = page_max
        self.streaming = StreamingControl(self, heartbeat=streaming_heartbeat)
        """Streaming: connections, events sent, and handshake control."""
        self.world.listener = self.streaming
        self.flush = self.streaming.flush
        self.faults = Faults()
        """Faults to inject (see ``aiomastodon.testing.faults``)."""
        self.ratelimits = RateLimits(self.clock)
        """The rate-limit budgets: ``server.ratelimits.enforce(limit=5, window=60)``."""
        self.media = MediaControl(self, polls=media_polls)
        """Uploads, their processing, and the media origin's faults."""
        self._runner: web.AppRunner | None = None

    # --- lifecycle -----------------------------------------------------------------------

    async def start(self) -> str:
        """Serve on free loopback ports; the API's base URL."""
        app = web.Application(middlewares=[self._middleware], client_max_size=64 * 2**20)
        routes_statuses.setup(app, self, self.media)
        for module in (routes_timelines, routes_accounts, routes_relations, routes_instance):
            module.setup(app, self)
        self.media.setup(app)
        self.streaming.setup(app)
        # handler_cancellation: a stream's handler ends with its connection.
        self._runner = web.AppRunner(
            app, access_log=None, shutdown_timeout=0.5, handler_cancellation=True
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        self.media_url = await self.media.start()
        self.render.base_url, self.render.media_url = self.url, self.media_url
        return self.url

    async def stop(self) -> None:
        """Close every connection and stop listening."""
        await self.streaming.close_all()
        await self.media.stop()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def __aenter__(self) -> FakeMastodon:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # --- control: accounts and statuses ---------------------------------------------------

    async def add_account(
        self,
        username: str,
        *,
        display_name: str | None = None,
        note: str = "",
        locked: bool = False,
        bot: bool = False,
        token: str | None = None,
    ) -> str:
        """A new local account; the access token that acts as it."""
        account = self.world.add_account(
            username,
            token=token or f"{username}-token",
            display_name=display_name,
            note=note,
            locked=locked,
            bot=bot,
        )
        self.changed()
        return account.token

    def token(self, username: str) -> str:
        """The access token of ``username``."""
        return self.world.named(username).token

    def account_id(self, username: str) -> str:
        """The account id of ``username``."""
        return self.world.named(username).id

    async def post(
        self,
        *,
        as_: str,
        text: str,
        visibility: Visibility = "public",
        in_reply_to: str | None = None,
        spoiler_text: str = "",
        sensitive: bool = False,
        language: str | None = "en",
        media_ids: Sequence[str] = (),
    ) -> str:
        """Post as ``as_`` (with its notifications and stream events); the status id."""
        author = self.world.named(as_)
        parent = self.world.status(in_reply_to, author) if in_reply_to else None
        media = [self.media.owned(author, media_id) for media_id in media_ids]
        status = self.world.post(
            author,
            text,
            visibility=visibility,
            in_reply_to=parent,
            spoiler_text=spoiler_text,
            sensitive=sensitive,
            language=language,
            media=media,
        )
        await self.settle()
        return status.id

    async def post_many(self, *, as_: str, count: int, text: str = "Status {n}") -> list[str]:
        """``count`` public statuses by ``as_``, oldest first (``{n}`` in ``text`` is
        replaced by a running number); their ids."""
        author = self.world.named(as_)
        ids = [
            self.world.post(author, text.format(n=len(self.world.statuses))).id
            for _ in range(count)
        ]
        await self.settle()
        return ids

    async def seed(
        self,
        accounts: Iterable[str] = ("alice", "bob"),
        *,
        follows: Iterable[tuple[str, str]] = (),
        statuses: Iterable[tuple[str, str]] = (),
    ) -> Seeded:
        """Accounts, then follows (``(follower, followed)``), then statuses
        (``(author, text)``), in one call."""
        seeded = Seeded()
        for username in accounts:
            seeded.tokens[username] = await self.add_account(username)
        for follower, followed in follows:
            await self.follow(as_=follower, target=followed)
        for author, text in statuses:
            seeded.statuses.append(await self.post(as_=author, text=text))
        return seeded

    async def _act(self, as_: str, status_id: str) -> tuple[Account, Status]:
        account = self.world.named(as_)
        return account, self.world.status(status_id, account)

    async def favourite(self, *, as_: str, status_id: str) -> None:
        """``as_`` favourites a status (its author is notified)."""
        self.world.favourite(*await self._act(as_, status_id))
        await self.settle()

    async def reblog(self, *, as_: str, status_id: str) -> str:
        """``as_`` boosts a status; the boost's id."""
        boost = self.world.reblog(*await self._act(as_, status_id))
        await self.settle()
        return boost.id

    async def bookmark(self, *, as_: str, status_id: str) -> None:
        """``as_`` bookmarks a status."""
        self.world.bookmark(*await self._act(as_, status_id))
        await self.settle()

    async def edit(self, *, as_: str, status_id: str, text: str) -> None:
        """``as_`` edits their status (``status.update`` is streamed)."""
        account, status = await self._act(as_, status_id)
        self.world.edit(status, account, text=text)
        await self.settle()

    async def delete(self, *, as_: str, status_id: str) -> None:
        """``as_`` deletes their status (``delete`` is streamed)."""
        account, status = await self._act(as_, status_id)
        self.world.delete(status, account)
        await self.settle()

    async def follow(self, *, as_: str, target: str, notify: bool = False) -> None:
        """``as_`` follows ``target`` (who is notified); a locked ``target`` gets a follow
        request instead, until ``authorize()``."""
        self.world.follow(self.world.named(as_), self.world.named(target), notify=notify)
        await self.settle()

    async def authorize(self, *, as_: str, follower: str) -> None:
        """``as_`` (a locked account) accepts ``follower``'s follow request."""
        self.world.answer_request(self.world.named(as_), self.world.named(follower), accept=True)
        await self.settle()

    async def block(self, *, as_: str, target: str) -> None:
        """``as_`` blocks ``target`` (the follows between them end)."""
        self.world.block(self.world.named(as_), self.world.named(target))
        self.changed()

    async def mute(self, *, as_: str, target: str, notifications: bool = True) -> None:
        """``as_`` mutes ``target`` (and, with ``notifications``, their notifications)."""
        self.world.mute(
            self.world.named(as_), self.world.named(target), notifications=notifications
        )
        self.changed()

    async def create_list(self, *, as_: str, title: str, members: Iterable[str] = ()) -> str:
        """A list of ``as_``'s with ``members`` (whom ``as_`` must follow); its id."""
        owner = self.world.named(as_)
        member_list = self.world.create_list(owner, title)
        self.world.add_to_list(member_list, [self.world.named(m) for m in members])
        self.changed()
        return member_list.id

    # --- what tests look at --------------------------------------------------------------

    async def until(
        self, condition: Callable[[], object], timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        """Wait until ``condition()`` holds, looking again at each change."""
        await self.changed.until(condition, timeout)

    def requests_to(
        self, path: str = "*", *, method: str | None = None, origin: Origin | None = None
    ) -> list[RecordedRequest]:
        """The logged requests whose path matches the glob ``path``."""
        probe = Fault("status", path, method)
        return [
            r
            for r in self.requests
            if probe.matches(r.method, r.path) and (origin is None or r.origin == origin)
        ]

    def status_bytes(self, status_id: str, *, as_: str | None = None) -> bytes:
        """The exact bytes the server sends for a status (as ``as_`` sees it)."""
        viewer = self.world.named(as_) if as_ else None
        status = self.world.status(status_id, viewer)
        return encode(self.render.status(status, viewer), self.json_style, status.seq)

    # --- the middleware ------------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        record = RecordedRequest.of(
            request.method, request.path, list(request.query.items()), request.headers, "api"
        )
        self.requests.append(record)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        self.changed()
        try:
            response = await self._answer(request, handler, record)
        except ApiError as error:
            response = self.error(error.status, error.message)
        finally:
            self.in_flight -= 1
        record.status = response.status
        self.changed()
        return response

    async def _answer(
        self, request: web.Request, handler: Handler, record: RecordedRequest
    ) -> web.StreamResponse:
        await self.faults.wait_if_held(request.method, request.path)
        delay = self.faults.delay(request.method, request.path)
        if delay > 0:
            await asyncio.sleep(delay)
        fault = self.faults.take(request.method, request.path)
        if fault is not None and fault.kind == "reset":
            if request.transport is not None:
                request.transport.close()
            raise web.HTTPBadGateway()  # never sent: the connection is gone
        if request.path.startswith(_STREAMING) and request.path != _STREAMING + "/health":
            # The streaming server is another program in Mastodon: its own token
            # check and answers (streaming.py), no rate-limit headers; a fault's
            # status (a redirect, a 502) is answered as it is.
            request[CONTEXT] = RequestContext(Params(), None, record)
            # Logged as whose token it was, as REST requests are (a redirected
            # handshake too), so that a test can tell which token came, not only that one did.
            token = _stream_token(request)
            viewer = self.world.by_token(token) if token else None
            record.account = viewer.username if viewer else None
            if fault is not None and fault.kind == "status":
                return self._fault_answer(fault)
            return await handler(request)
        params = await read_params(request)
        record.form = redact_pairs(params.body)
        record.files = tuple(
            (name, upload.filename, len(upload.data)) for name, upload in params.files.items()
        )
        record.file_digests = tuple(
            hashlib.sha256(upload.data).hexdigest() for upload in params.files.values()
        )
        token = _bearer(request) or request.query.get("access_token")
        viewer = self.world.by_token(token) if token else None
        record.account = viewer.username if viewer else None
        request[CONTEXT] = RequestContext(params, viewer, record)
        who = token or (request.remote or "127.0.0.1")
        allowed, headers = self.ratelimits.take(who, _buckets(request))
        headers["Date"] = http_date(self.clock())
        if fault is not None and fault.kind in ("429", "429-proxy"):
            return self._refusal(fault, headers)
        if not allowed:
            return _with(self.error(429), headers)
        if fault is not None and fault.kind == "status":
            return _with(self._fault_answer(fault), headers)
        if token and viewer is None:
            return _with(self.error(401), headers)
        try:
            response = _with(await handler(request), headers)
        except (web.HTTPNotFound, web.HTTPMethodNotAllowed):
            # A route not served here: Mastodon's JSON 404, as from an older server.
            return _with(self.error(404, _NO_ROUTE), headers)
        if fault is not None and isinstance(response, web.Response):
            return await _spoil(request, response, fault)
        return response

    def _refusal(self, fault: Fault, headers: dict[str, str]) -> web.StreamResponse:
        now = self.clock()
        retry_after: float | None
        if fault.kind == "429-proxy":
            reset = now + fault.reset_in
            retry_after = fault.retry_after if fault.retry_after is not None else fault.reset_in
        else:
            reset = self.ratelimits.window_end(self.ratelimits.budgets["api"].window)
            retry_after = fault.retry_after
        limit = self.ratelimits.budgets["api"].limit
        headers = {**headers, **self.ratelimits.headers(limit, 0, reset)}
        if retry_after is not None:
            headers["Retry-After"] = str(max(1, int(-(-retry_after // 1))))
        return _with(self.error(429), headers)

    def _fault_answer(self, fault: Fault) -> web.StreamResponse:
        if fault.body is None:
            response = self.error(fault.status)
        else:
            response = web.Response(body=fault.body, status=fault.status)
            response.content_type = fault.content_type
        return _with(response, fault.headers)


def _bearer(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def _stream_token(request: web.Request) -> str | None:
    """A streaming handshake's token: where Mastodon's streaming server looks for one."""
    protocol = request.headers.get("Sec-WebSocket-Protocol", "").strip()
    return _bearer(request) or protocol or request.query.get("access_token")


def _buckets(request: web.Request) -> tuple[str, ...]:
    if request.method == "POST" and _MEDIA_PATH.match(request.path):
        return ("media",)
    path_match = _DELETE_PATH.match(request.path)
    if path_match and (request.method == "DELETE") != bool(path_match.group(1)):
        return ("deletes",)
    return ()


def _with(response: web.StreamResponse, headers: dict[str, str]) -> web.StreamResponse:
    for key, value in headers.items():
        response.headers[key] = value
    return response


async def _spoil(request: web.Request, response: web.Response, fault: Fault) -> web.StreamResponse:
    """``truncate`` or ``drop`` an answer that was about to go out."""
    body = bytes(response.body) if isinstance(response.body, (bytes, bytearray)) else b""
    half = body[: len(body) // 2]
    if fault.kind == "truncate":
        response.body = half
        return response
    streamed = web.StreamResponse(status=response.status, headers=response.headers)
    streamed.content_length = len(body)
    await streamed.prepare(request)
    await streamed.write(half)
    if request.transport is not None:
        request.transport.close()  # the client sees the connection end mid-body
    return streamed
