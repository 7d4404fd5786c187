"""A fake Mastodon timeline server of our own, for end-to-end tests of ``aiomastodon archive``.

It serves ``GET /api/v1/timelines/home`` (every status) and ``GET /api/v1/timelines/public``
(the public ones) the way Mastodon does:

- newest first; ``limit`` (default 20, at most ``page_max``), ``max_id``, ``since_id`` and
  ``min_id`` (the items immediately newer than it, still newest first within the page);
- a ``Link`` header: ``rel="next"`` (``max_id`` of the page's oldest item, only when the
  page is full) and ``rel="prev"`` (``min_id`` of its newest item), other parameters kept;
- ``Authorization: Bearer <token>`` checked (401 otherwise; the public timeline also
  answers without a token), and ``X-RateLimit-*`` headers: a generous budget in fixed
  windows of ``window`` seconds (Mastodon's are five minutes), ``Reset`` at the window's
  end.

Each status is serialised once, when it is added, and sent as exactly those bytes on every
page: :meth:`TimelineServer.items` is what an exact archive must hold. The serialisations
vary on purpose (compact, spaced, ``\\uXXXX`` escapes, raw U+2028, key order; or
pretty-printed over several lines with ``pretty=True``), so that anything but the
server's own bytes shows.

Control, from the test (thread-safe): :meth:`~TimelineServer.add_statuses`,
:meth:`~TimelineServer.wait_for_pages` (until more page requests have come),
:meth:`~TimelineServer.hold` and :meth:`~TimelineServer.release` (page requests are
counted, then kept waiting until the release),
:meth:`~TimelineServer.inject` (faults for the next matching page requests: ``"503"``,
``"429"``: Mastodon's own, ``Remaining: 0`` until the window's end, with ``Retry-After``;
``"429-proxy"``: a front limiter's, ``Reset`` 1.2 s ahead and ``Retry-After: 1`` whatever
the window; ``"truncate"``: a 200 whose JSON is cut short,
``"drop"``: the connection closed half-way through the body), :attr:`~TimelineServer.delay`
(seconds before each page is answered), and what was served (:attr:`~TimelineServer.pages`,
:attr:`~TimelineServer.faults_served`).

Run it by hand with ``python tests/integration/timeline_server.py --statuses 500``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Literal

from aiohttp import web

__all__ = ["FaultKind", "TimelineServer"]

FaultKind = Literal["503", "429", "429-proxy", "truncate", "drop"]
TIMELINES = {"/api/v1/timelines/home": "home", "/api/v1/timelines/public": "public"}
EPOCH = datetime(2026, 1, 1, tzinfo=timezone.utc)
RATE_LIMIT = 1_000_000  # plenty: the scheduler never has to wait for the budget
_AUTHORS = (
    ("109372843255437051", "alice", "Alice Ängström"),
    ("109372843255437052", "bob", 'Bob "the builder"'),
    ("109372843255437053", "chloé", "Chloé 🦣"),
)
_CURSORS = ("max_id", "min_id", "since_id")


@dataclass
class _Fault:
    kind: FaultKind
    count: int
    skip: int
    path: str | None


@dataclass
class _Status:
    id: int
    public: bool
    raw: bytes


@dataclass
class TimelineServer:
    """The fake server: its statuses, faults and counters; :meth:`start` serves it.

    Args:
        statuses: How many statuses to start with.
        token: The only access token accepted.
        page_max: The largest page served, whatever ``limit`` asks.
        pretty: Serialise statuses pretty-printed, over several lines.
    """

    statuses: int = 0
    token: str = "timeline-server-token"
    page_max: int = 40
    pretty: bool = False
    window: float = 300.0
    """The rate-limit window, in seconds."""
    delay: float = 0.0
    """Seconds to wait before answering each page request."""
    pages: Counter[str] = field(default_factory=Counter)
    """Page requests answered (faults included), by timeline name."""
    faults_served: Counter[str] = field(default_factory=Counter)
    """Faults sent, by kind."""
    unauthorized: int = 0
    """Requests refused with 401."""
    base_url: str = ""
    _items: list[_Status] = field(default_factory=list)  # oldest first
    _faults: list[_Fault] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _served: threading.Condition = field(init=False)
    _open: threading.Event = field(default_factory=threading.Event)
    _runner: web.AppRunner | None = None
    _thread: tuple[asyncio.AbstractEventLoop, threading.Thread] | None = None

    def __post_init__(self) -> None:
        self._served = threading.Condition(self._lock)
        self._open.set()
        self.add_statuses(self.statuses)

    # --- control -------------------------------------------------------------------------

    def add_statuses(self, n: int) -> list[bytes]:
        """Post ``n`` new statuses (newer than all others); their bytes, oldest first."""
        with self._lock:
            added = []
            for _ in range(n):
                status = self._make(len(self._items))
                self._items.append(status)
                added.append(status.raw)
            return added

    def items(self, timeline: str = "home") -> list[bytes]:
        """Every status of ``timeline`` as the server sends it, newest first."""
        with self._lock:
            return [s.raw for s in reversed(self._items) if timeline == "home" or s.public]

    def inject(
        self, kind: FaultKind, *, count: int = 1, skip: int = 0, path: str | None = None
    ) -> None:
        """Let ``skip`` page requests (to ``path``, or any timeline) through, then fail
        the next ``count`` of them with ``kind``."""
        with self._lock:
            self._faults.append(_Fault(kind, count, skip, path))

    def wait_for_pages(self, more_than: int, timeout: float) -> int:
        """Wait until more than ``more_than`` page requests have come (every timeline, at
        most ``timeout`` seconds); how many have."""
        with self._served:
            self._served.wait_for(lambda: self.pages.total() > more_than, timeout)
            return self.pages.total()

    def hold(self) -> None:
        """Keep every page request waiting, once counted, until :meth:`release` (30 s at
        most: a test that forgets to release fails, it does not hang)."""
        self._open.clear()

    def release(self) -> None:
        """Answer the page requests that :meth:`hold` kept waiting, and all later ones."""
        self._open.set()

    def pending_faults(self) -> int:
        """How many injected faults have not been sent yet."""
        with self._lock:
            return sum(f.count for f in self._faults)

    # --- the statuses --------------------------------------------------------------------

    def _make(self, n: int) -> _Status:
        created = EPOCH + timedelta(minutes=n, milliseconds=n % 1000)
        # Snowflake-like, as Mastodon's: milliseconds since the epoch, shifted, plus a
        # sequence number; numeric strings that grow with time (and all have 18 digits).
        sid = (int(created.timestamp() * 1000) << 16) | (n % 65536)
        author_id, username, display = _AUTHORS[n % len(_AUTHORS)]
        public = n % 3 != 2
        body: dict[str, Any] = {
            "id": str(sid),
            "created_at": created.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "in_reply_to_id": None,
            "in_reply_to_account_id": None,
            "sensitive": n % 7 == 0,
            "spoiler_text": "line one\nline two" if n % 7 == 0 else "",
            "visibility": "public" if public else "unlisted",
            "language": "en",
            "uri": f"https://timeline.test/users/{username}/statuses/{sid}",
            "url": f"https://timeline.test/@{username}/{sid}",
            "replies_count": n % 5,
            "reblogs_count": n % 11,
            "favourites_count": n % 13,
            "edited_at": None,
            "content": (
                f'<p>Status {n}: caf\u00e9 \u2615, \u201cquoted\u201d &amp; "escaped" '
                f"\\ back\tslash, \U0001f9a3, a line\u2028separator</p>"
            ),
            "reblog": None,
            "account": {
                "id": author_id,
                "username": username,
                "acct": username,
                "display_name": display,
                "locked": False,
                "bot": False,
                "discoverable": True,
                "group": False,
                "created_at": "2022-11-17T00:00:00.000Z",
                "note": "<p>A fake account</p>",
                "url": f"https://timeline.test/@{username}",
                "avatar": "https://timeline.test/avatars/original/missing.png",
                "avatar_static": "https://timeline.test/avatars/original/missing.png",
                "header": "https://timeline.test/headers/original/missing.png",
                "header_static": "https://timeline.test/headers/original/missing.png",
                "followers_count": 3,
                "following_count": 2,
                "statuses_count": 1000,
                "last_status_at": "2026-01-01",
                "emojis": [],
                "fields": [],
            },
            "media_attachments": [],
            "mentions": [],
            "tags": [{"name": "archive", "url": "https://timeline.test/tags/archive"}]
            if n % 4 == 0
            else [],
            "emojis": [],
            "card": None,
            "poll": None,
        }
        if self.pretty:
            text = json.dumps(body, indent=2, ensure_ascii=n % 2 == 0)
            if n % 3 == 0:
                text = text.replace("\n", "\r\n")
        elif n % 3 == 0:
            text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        elif n % 3 == 1:
            text = json.dumps(body)  # ", " and ": ", and \uXXXX escapes
        else:
            text = json.dumps(dict(reversed(body.items())), ensure_ascii=False)
        return _Status(sid, public, text.encode())

    # --- serving -------------------------------------------------------------------------

    def _page(self, name: str, query: dict[str, str]) -> tuple[list[_Status], int]:
        try:
            limit = int(query.get("limit", "20"))
        except ValueError:
            limit = 20
        limit = max(1, min(limit, self.page_max))

        def bound(key: str) -> int | None:
            value = query.get(key, "")
            return int(value) if value.isdigit() else None

        max_id, min_id, since_id = bound("max_id"), bound("min_id"), bound("since_id")
        with self._lock:
            chosen = [
                s
                for s in self._items
                if (name == "home" or s.public)
                and (max_id is None or s.id < max_id)
                and (min_id is None or s.id > min_id)
                and (since_id is None or s.id > since_id)
            ]
        # Oldest first here: min_id pages start just after it, others end at the newest.
        chosen = chosen[:limit] if min_id is not None else chosen[-limit:]
        chosen.reverse()
        return chosen, limit

    def _next_fault(self, path: str) -> FaultKind | None:
        with self._lock:
            for fault in self._faults:
                if fault.path is not None and fault.path != path:
                    continue
                if fault.skip > 0:
                    fault.skip -= 1
                    return None
                fault.count -= 1
                if fault.count <= 0:
                    self._faults.remove(fault)
                self.faults_served[fault.kind] += 1
                return fault.kind
        return None

    def _link(self, request: web.Request, page: list[_Status], limit: int) -> str | None:
        if not page:
            return None
        kept = [(k, v) for k, v in request.query.items() if k not in _CURSORS]
        base = request.url.with_query(None)
        links = []
        if len(page) == limit:
            links.append((base.with_query([*kept, ("max_id", str(page[-1].id))]), "next"))
        links.append((base.with_query([*kept, ("min_id", str(page[0].id))]), "prev"))
        return ", ".join(f'<{url}>; rel="{rel}"' for url, rel in links)

    @staticmethod
    def _rate_headers(remaining: int, reset: float) -> dict[str, str]:
        when = datetime.fromtimestamp(reset, timezone.utc)
        return {
            "X-RateLimit-Limit": str(RATE_LIMIT),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": when.isoformat(timespec="microseconds").replace("+00:00", "Z"),
        }

    async def _timeline(self, request: web.Request) -> web.StreamResponse:
        name = TIMELINES[request.path]
        auth = request.headers.get("Authorization")
        if (auth is not None or name == "home") and auth != f"Bearer {self.token}":
            with self._lock:
                self.unauthorized += 1
            return web.json_response(
                {"error": "The access token is invalid"},
                status=401,
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        with self._served:
            self.pages[name] += 1
            served = self.pages.total()
            self._served.notify_all()
        if not self._open.is_set():
            await asyncio.get_running_loop().run_in_executor(None, self._open.wait, 30.0)
        if self.delay:
            await asyncio.sleep(self.delay)
        now = time.time()
        fault = self._next_fault(request.path)
        if fault == "503":
            return web.Response(
                status=503, text="<html><body>Service Unavailable</body></html>",
                content_type="text/html",
            )  # fmt: skip
        reset = (now // self.window + 1) * self.window
        if fault in ("429", "429-proxy"):
            if fault == "429-proxy":
                reset = now + 1.2
            headers = self._rate_headers(0, reset)
            headers["Retry-After"] = str(math.ceil(reset - now))
            return web.json_response({"error": "Too many requests"}, status=429, headers=headers)

        page, limit = self._page(name, dict(request.query))
        if self.pretty:
            body = b"[\n" + b",\n".join(s.raw for s in page) + b"\n]"
        else:
            body = b"[" + b",".join(s.raw for s in page) + b"]"
        headers = self._rate_headers(max(0, RATE_LIMIT - served), reset)
        link = self._link(request, page, limit)
        if link is not None:
            headers["Link"] = link
        if fault == "truncate":
            cut = body[: len(body) // 2]
            return web.Response(body=cut, content_type="application/json", headers=headers)
        if fault == "drop":
            response = web.StreamResponse(headers=headers)
            response.content_type = "application/json"
            response.content_length = len(body)
            await response.prepare(request)
            await response.write(body[: len(body) // 2])
            assert request.transport is not None
            request.transport.close()  # the client sees the connection end mid-body
            return response
        return web.Response(body=body, content_type="application/json", headers=headers)

    def app(self) -> web.Application:
        """The aiohttp application."""
        app = web.Application()
        for path in TIMELINES:
            app.router.add_get(path, self._timeline)
        return app

    def start(self) -> str:
        """Serve on a free loopback port from a thread of its own; the base URL."""
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, daemon=True)
        thread.start()
        self._thread = (loop, thread)
        self.base_url = asyncio.run_coroutine_threadsafe(self._serve(), loop).result(10)
        return self.base_url

    async def _serve(self) -> str:
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        """Stop listening: from now on, connections to :attr:`base_url` are refused."""
        runner, self._runner = self._runner, None
        if runner is not None and self._thread is not None:
            asyncio.run_coroutine_threadsafe(runner.cleanup(), self._thread[0]).result(10)

    def close(self) -> None:
        """Stop listening and end the thread."""
        self.stop()
        if self._thread is not None:
            (loop, thread), self._thread = self._thread, None
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)
            loop.close()


def main() -> None:  # pragma: no cover
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--statuses", type=int, default=500)
    parser.add_argument("--token", default="timeline-server-token")
    parser.add_argument("--page-max", type=int, default=40)
    parser.add_argument("--pretty", action="store_true")
    args = parser.parse_args()
    server = TimelineServer(
        args.statuses, token=args.token, page_max=args.page_max, pretty=args.pretty
    )
    web.run_app(server.app(), host="127.0.0.1", port=args.port)


if __name__ == "__main__":  # pragma: no cover
    main()
