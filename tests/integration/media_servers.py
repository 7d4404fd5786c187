"""Loopback servers for the media tests: a media origin, and an instance whose statuses
carry media on it.

Both run in a thread of their own (with their own event loop), so that a test can drive
them from its own loop or from a ``python -m aiomastodon`` subprocess alike, and control
them thread-safely.

- :class:`MediaOrigin` serves files by path: whole, as ranges (``Accept-Ranges``,
  ``ETag``, ``If-Range``), or not (a server that ignores ``Range``); dropping the
  connection part-way the first few times; with an error status; redirecting; pausing
  part-way until the test releases it; or a huge body made on the fly. It records the
  headers of every request it receives, and how many bodies it finished sending.
- :class:`MediaInstance` serves ``GET /api/v1/timelines/home`` (Mastodon's paging: newest
  first, ``max_id``/``min_id``, ``Link`` with ``next`` and ``prev``), only with its token;
  each status's ``media_attachments`` (and account avatar) point wherever the test says.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

__all__ = ["MediaFile", "MediaInstance", "MediaOrigin", "pattern"]

_PIECE = 64 * 1024


def pattern(size: int, seed: int = 0) -> bytes:
    """``size`` deterministic, incompressible-looking bytes (SHA-256 in counter mode)."""
    out = bytearray()
    for n in itertools.count():
        if len(out) >= size:
            break
        out += hashlib.sha256(f"{seed}:{n}".encode()).digest()
    return bytes(out[:size])


@dataclass
class MediaFile:
    """How one path is served.

    Attributes:
        data: The bytes (unless ``huge``).
        content_type: Its ``Content-Type``.
        ranges: Honour ``Range`` (with ``Accept-Ranges: bytes``, an ``ETag``, ``If-Range``);
            otherwise ignore it and send the whole file.
        drop_after: Close the connection after this many bytes of a body (counted from
            where the body starts) ...
        drops: ... the first this many times.
        status: Answer this status instead (404, 410, 503, ...) ...
        failures: ... this many times (``None``: always).
        redirect: Answer ``302`` to this location.
        hold_at: Pause after this many bytes of the body until :meth:`MediaOrigin.release`.
        huge: ``(size, block)``: a body of ``size`` bytes, ``block`` repeated, never held
            whole.
        chunked: Send without ``Content-Length``.
        extra: Bytes sent after the body, beyond its ``Content-Length``.
    """

    data: bytes = b""
    content_type: str = "image/png"
    ranges: bool = True
    drop_after: int | None = None
    drops: int = 0
    status: int = 200
    failures: int | None = None
    redirect: str | None = None
    hold_at: int | None = None
    huge: tuple[int, bytes] | None = None
    chunked: bool = False
    extra: bytes = b""
    etag: str = '"v1"'

    @property
    def size(self) -> int:
        return self.huge[0] if self.huge is not None else len(self.data)

    def sha256(self) -> str:
        if self.huge is None:
            return hashlib.sha256(self.data).hexdigest()
        size, block = self.huge
        digest = hashlib.sha256()
        whole, rest = divmod(size, len(block))
        for _ in range(whole):
            digest.update(block)
        digest.update(block[:rest])
        return digest.hexdigest()


class _Threaded:
    """An aiohttp app served from a thread of its own on a free loopback port."""

    base_url = ""
    _runner: web.AppRunner | None = None
    _thread: tuple[asyncio.AbstractEventLoop, threading.Thread] | None = None

    def app(self) -> web.Application:
        raise NotImplementedError

    def start(self) -> str:
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, daemon=True)
        thread.start()
        self._thread = (loop, thread)
        self.base_url = asyncio.run_coroutine_threadsafe(self._serve(), loop).result(10)
        return self.base_url

    async def _serve(self) -> str:
        self._runner = web.AppRunner(self.app(), access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        if self._thread is None:
            return
        (loop, thread), self._thread = self._thread, None
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


class MediaOrigin(_Threaded):
    """A media host: files by path, faults on demand, every request's headers recorded."""

    def __init__(self) -> None:
        self.files: dict[str, MediaFile] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.completed: Counter[str] = Counter()
        """Bodies sent to their end, by path."""
        self.holds: Counter[str] = Counter()
        """Bodies paused at their ``hold_at`` (or by ``hold_all``), by path."""
        self.hold_all = False
        """Pause every body before its first byte, until :meth:`release`."""
        self.delay = 0.0
        """Seconds before each answer."""
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._release = asyncio.Event()  # used on the server's loop only

    def add(self, path: str, file: MediaFile | bytes) -> str:
        """Serve ``file`` at ``path``; its URL."""
        with self._lock:
            self.files[path] = file if isinstance(file, MediaFile) else MediaFile(file)
        return f"{self.base_url}{path}"

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def headers_received(self) -> list[dict[str, str]]:
        with self._lock:
            return [headers for _, headers in self.requests]

    def requests_for(self, path: str) -> list[dict[str, str]]:
        with self._lock:
            return [headers for p, headers in self.requests if p == path]

    def wait(self, predicate: Callable[[MediaOrigin], bool], timeout: float) -> bool:
        """Wait until ``predicate(self)`` holds (checked on every change), at most
        ``timeout`` seconds; whether it does."""
        with self._changed:
            return self._changed.wait_for(lambda: predicate(self), timeout)

    def release(self) -> None:
        """Let every held body go on (and every later one pass its hold)."""
        if self._thread is not None:
            self._thread[0].call_soon_threadsafe(self._release.set)

    async def _hold(self, path: str) -> None:
        if self._release.is_set():
            return
        self._note(lambda: self.holds.update([path]))
        await self._release.wait()

    def close(self) -> None:
        self.release()
        super().close()

    def _note(self, update: Callable[[], None]) -> None:
        with self._changed:
            update()
            self._changed.notify_all()

    async def _serve_file(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        headers = dict(request.headers)
        self._note(lambda: self.requests.append((path, headers)))
        if self.delay:
            await asyncio.sleep(self.delay)
        with self._lock:
            file = self.files.get(path)
            failing = file is not None and file.status != 200 and file.failures != 0
            if failing and file is not None and file.failures is not None:
                file.failures -= 1
        if file is None:
            return web.Response(status=404, text="no such file")
        if failing:
            return web.Response(status=file.status, text=f"status {file.status}")
        if file.redirect is not None:
            raise web.HTTPFound(file.redirect)
        start = 0
        asked = request.headers.get("Range", "")
        if file.ranges and asked.startswith("bytes=") and asked.endswith("-"):
            if_range = request.headers.get("If-Range")
            if if_range is None or if_range == file.etag:
                start = int(asked[len("bytes=") : -1])
        out_headers = {"Content-Type": file.content_type}
        if file.ranges:
            out_headers.update({"Accept-Ranges": "bytes", "ETag": file.etag})
        status = 200
        if start:
            status = 206
            out_headers["Content-Range"] = f"bytes {start}-{file.size - 1}/{file.size}"
        response = web.StreamResponse(status=status, headers=out_headers)
        if not file.chunked:
            response.content_length = file.size - start
        await response.prepare(request)
        with self._lock:
            drop = start + file.drop_after if file.drops > 0 and file.drop_after else None
            if drop is not None:
                file.drops -= 1
        sent = start
        if self.hold_all:
            await self._hold(path)
        for piece in self._pieces(file, start):
            if drop is not None and sent + len(piece) >= drop:
                await response.write(piece[: max(0, drop - sent)])
                assert request.transport is not None
                request.transport.close()  # the client sees the body end part-way
                return response
            if file.hold_at is not None and sent <= file.hold_at < sent + len(piece):
                cut = file.hold_at - sent
                await response.write(piece[:cut])
                await self._hold(path)
                piece = piece[cut:]
                sent += cut
            await response.write(piece)
            sent += len(piece)
        if file.extra:
            assert request.transport is not None
            request.transport.write(file.extra)  # past Content-Length, on the raw socket
        await response.write_eof()
        self._note(lambda: self.completed.update([path]))
        return response

    @staticmethod
    def _pieces(file: MediaFile, start: int) -> Any:
        if file.huge is None:
            for at in range(start, len(file.data), _PIECE):
                yield file.data[at : at + _PIECE]
            return
        size, block = file.huge
        at = start
        while at < size:
            offset = at % len(block)
            piece = block[offset : offset + min(len(block) - offset, size - at)]
            yield piece
            at += len(piece)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/{tail:.*}", self._serve_file)
        return app


@dataclass
class _Status:
    id: int
    raw: bytes


@dataclass
class MediaInstance(_Threaded):
    """A Mastodon home timeline whose statuses carry the media the test gives them.

    Args:
        token: The only access token accepted.
        page_max: The largest page served.
    """

    token: str
    page_max: int = 20
    delay: float = 0.0
    """Seconds before each page is answered."""
    headers_seen: list[dict[str, str]] = field(default_factory=list)
    queries: list[dict[str, str]] = field(default_factory=list)
    pages: int = 0
    _items: list[_Status] = field(default_factory=list)  # oldest first
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _changed: threading.Condition = field(init=False)

    def __post_init__(self) -> None:
        self._changed = threading.Condition(self._lock)

    def add_status(
        self,
        media: list[str],
        *,
        avatar: str = "",
        emojis: tuple[str, ...] = (),
        reblog_of: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Post a status with these media URLs (newest so far); its JSON."""
        with self._lock:
            n = len(self._items)
            body: dict[str, Any] = {
                "id": str(100_000 + n),
                "created_at": "2026-01-01T00:00:00.000Z",
                "content": f"<p>status {n}</p>",
                "visibility": "public",
                "account": {"id": "1", "username": "alice", "acct": "alice", "avatar": avatar,
                            "header": "", "emojis": []},
                "media_attachments": [
                    {"id": f"{n}-{i}", "type": "image", "url": url, "preview_url": url,
                     "remote_url": None, "meta": {}, "description": None, "blurhash": None}
                    for i, url in enumerate(media)
                ],
                "emojis": [{"shortcode": f"e{i}", "url": u, "static_url": u,
                            "visible_in_picker": True} for i, u in enumerate(emojis)],
                "reblog": reblog_of,
            }  # fmt: skip
            self._items.append(_Status(100_000 + n, json.dumps(body).encode()))
            return body

    def items(self) -> list[bytes]:
        """Every status as served, newest first."""
        with self._lock:
            return [s.raw for s in reversed(self._items)]

    def wait(self, predicate: Callable[[MediaInstance], bool], timeout: float) -> bool:
        """Wait until ``predicate(self)`` holds (checked at every page request), at most
        ``timeout`` seconds; whether it does."""
        with self._changed:
            return self._changed.wait_for(lambda: predicate(self), timeout)

    async def _home(self, request: web.Request) -> web.Response:
        with self._changed:
            self.headers_seen.append(dict(request.headers))
            self.queries.append(dict(request.query))
            self.pages += 1
            self._changed.notify_all()
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return web.json_response({"error": "The access token is invalid"}, status=401)
        if self.delay:
            await asyncio.sleep(self.delay)
        limit = max(1, min(int(request.query.get("limit", "20")), self.page_max))
        max_id = int(request.query.get("max_id", "0")) or None
        min_id = int(request.query.get("min_id", "0")) or None
        with self._lock:
            chosen = [
                s
                for s in self._items
                if (max_id is None or s.id < max_id) and (min_id is None or s.id > min_id)
            ]
        chosen = chosen[:limit] if min_id is not None else chosen[-limit:]
        chosen.reverse()
        headers = {}
        base = request.url.with_query(None)
        links = []
        if chosen:
            if len(chosen) == limit:
                links.append(f'<{base.with_query(limit=limit, max_id=chosen[-1].id)}>; rel="next"')
            links.append(f'<{base.with_query(limit=limit, min_id=chosen[0].id)}>; rel="prev"')
            headers["Link"] = ", ".join(links)
        body = b"[" + b",".join(s.raw for s in chosen) + b"]"
        return web.Response(body=body, content_type="application/json", headers=headers)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/api/v1/timelines/home", self._home)
        return app
