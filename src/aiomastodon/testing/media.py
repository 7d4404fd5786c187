"""Media: uploads, their processing, and the media origin that serves the files.

``POST /api/v2/media`` answers 202 with ``url: null``: the file is being processed.
``GET /api/v1/media/:id`` then answers 206 (still processing) ``polls`` times, and 200
with the file's URL after that (or at once after ``MediaControl.process()``). With
``polls=0`` uploads are ready at once and the upload answers 200, as Mastodon does for
small images. ``POST /api/v1/media`` (deprecated) answers 200 when processed. A status
may not attach a file that is still processing (422, Mastodon's text).

The files are served from another origin (another port: ``MediaControl.url``), as
Mastodon's CDN or object storage would, with ``Range`` requests answered 206. Its faults
(``MediaControl.fail()``): ``"drop"`` (the connection closed half-way through the
file), ``"no-range"`` (``Range`` ignored: the whole file, 200) and ``"404"``.
"""

from __future__ import annotations

import re
from collections import deque
from typing import Literal

from aiohttp import web

from .core import Core
from .encoding import http_date
from .faults import RecordedRequest
from .state import Account, ApiError, Media, not_found

__all__ = ["MediaControl", "MediaFault"]

MediaFault = Literal["drop", "no-range", "404"]
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class MediaControl:
    """The server's uploads and the media origin (see the module docstring)."""

    def __init__(self, server: Core, *, polls: int = 1) -> None:
        self.server = server
        self.polls = polls
        """How many 206 answers a new upload gets before it is ready."""
        self.url = ""
        """The media origin's base URL."""
        self._left: dict[str, int] = {}
        self._faults: deque[MediaFault] = deque()
        self._runner: web.AppRunner | None = None

    # --- control -------------------------------------------------------------------------

    def fail(self, kind: MediaFault, *, count: int = 1) -> None:
        """The next ``count`` file requests to the media origin get ``kind``."""
        self._faults.extend([kind] * count)

    async def add(
        self, *, as_: str, data: bytes, filename: str = "file.png", content_type: str = "image/png"
    ) -> str:
        """An upload by ``as_``, processed at once (ready to attach); its id."""
        media = self._new(self.server.world.named(as_), data, filename, content_type)
        media.ready = True
        self.server.changed()
        return media.id

    def process(self, media_id: str) -> None:
        """Finish processing an upload now."""
        self.server.world.media[media_id].ready = True
        self._left.pop(media_id, None)
        self.server.changed()

    def owned(self, owner: Account, media_id: str) -> Media:
        """``owner``'s upload ``media_id`` (404 otherwise)."""
        media = self.server.world.media.get(media_id)
        if media is None or media.owner is not owner:
            raise not_found()
        return media

    def _new(self, owner: Account, data: bytes, filename: str, content_type: str) -> Media:
        world = self.server.world
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", filename) or "file"
        media = Media(world.snowflakes.next(), owner, data, safe, content_type)
        world.media[media.id] = media
        return media

    # --- the API routes ------------------------------------------------------------------

    def setup(self, app: web.Application) -> None:
        app.router.add_post("/api/v2/media", self._upload_v2)
        app.router.add_post("/api/v1/media", self._upload_v1)
        app.router.add_get("/api/v1/media/{id}", self._get)
        app.router.add_put("/api/v1/media/{id}", self._update)
        app.router.add_delete("/api/v1/media/{id}", self._delete)

    def _upload(self, request: web.Request) -> Media:
        owner = self.server.user(request)
        params = self.server.params(request)
        upload = params.files.get("file")
        if upload is None:
            raise ApiError(422, "Validation failed: File can't be blank")
        media = self._new(owner, upload.data, upload.filename, upload.content_type)
        media.description = params.get("description") or None
        media.focus = _focus(params.get("focus"))
        return media

    async def _upload_v2(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/v2/media``: 202 while processing, 200 when ready at once."""
        media = self._upload(request)
        if self.polls <= 0:
            media.ready = True
        else:
            self._left[media.id] = self.polls
        self.server.changed()
        return self.server.json(self.server.render.media(media), status=200 if media.ready else 202)

    async def _upload_v1(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/v1/media``: processed before the answer."""
        media = self._upload(request)
        media.ready = True
        self.server.changed()
        return self.server.json(self.server.render.media(media))

    async def _get(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/media/:id``: 206 while processing, then 200."""
        media = self.owned(self.server.user(request), request.match_info["id"])
        if not media.ready:
            left = self._left.get(media.id, 0)
            if left <= 0:
                media.ready = True
            else:
                self._left[media.id] = left - 1
        self.server.changed()
        return self.server.json(self.server.render.media(media), status=200 if media.ready else 206)

    async def _update(self, request: web.Request) -> web.StreamResponse:
        """``PUT /api/v1/media/:id`` (``description``, ``focus``)."""
        media = self.owned(self.server.user(request), request.match_info["id"])
        params = self.server.params(request)
        if params.has("description"):
            media.description = params.get("description") or None
        if params.has("focus"):
            media.focus = _focus(params.get("focus"))
        self.server.changed()
        return self.server.json(self.server.render.media(media))

    async def _delete(self, request: web.Request) -> web.StreamResponse:
        """``DELETE /api/v1/media/:id``: only an upload not attached to a status."""
        media = self.owned(self.server.user(request), request.match_info["id"])
        if media.status is not None and not media.status.deleted:
            raise ApiError(422, "Media attachment is currently used by a status")
        del self.server.world.media[media.id]
        self.server.changed()
        return web.Response(status=200)

    # --- the media origin ----------------------------------------------------------------

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/system/media_attachments/files/{id}/{size}/{name}", self._file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def _file(self, request: web.Request) -> web.StreamResponse:
        """A file, whole or by ``Range``, and its faults."""
        record = RecordedRequest.of(
            request.method, request.path, list(request.query.items()), request.headers, "media"
        )
        self.server.requests.append(record)
        self.server.changed()
        response = await self._serve(request)
        record.status = response.status
        self.server.changed()
        return response

    async def _serve(self, request: web.Request) -> web.StreamResponse:
        fault = self._faults.popleft() if self._faults else None
        media = self.server.world.media.get(request.match_info["id"])
        if fault == "404" or media is None or not media.ready:
            return web.Response(status=404, text="Not Found", content_type="text/plain")
        if request.match_info["name"] != media.filename:
            return web.Response(status=404, text="Not Found", content_type="text/plain")
        data = media.data
        headers = {
            "Date": http_date(self.server.clock()),
            "ETag": f'"{media.id}-{len(data)}"',
            "Cache-Control": "public, max-age=315576000, immutable",
        }
        status, body = 200, data
        wanted = request.headers.get("Range")
        if fault != "no-range":
            headers["Accept-Ranges"] = "bytes"
            if wanted is not None:
                answer = _range(wanted, len(data))
                if answer is None:
                    headers["Content-Range"] = f"bytes */{len(data)}"
                    return web.Response(status=416, headers=headers)
                start, end = answer
                status, body = 206, data[start : end + 1]
                headers["Content-Range"] = f"bytes {start}-{end}/{len(data)}"
        response = web.StreamResponse(status=status, headers=headers)
        response.content_type = media.content_type
        response.content_length = len(body)
        await response.prepare(request)
        if fault == "drop":
            await response.write(body[: len(body) // 2])
            if request.transport is not None:
                request.transport.close()
            return response
        await response.write(body)
        await response.write_eof()
        return response


def _range(header: str, size: int) -> tuple[int, int] | None:
    """The inclusive byte range a single-range ``Range`` header asks of ``size`` bytes."""
    match = _RANGE.match(header.strip())
    if match is None or size == 0:
        return None
    first, last = match.groups()
    if not first:  # the last N bytes
        if not last:
            return None
        return max(size - int(last), 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    return (start, end) if start <= end else None


def _focus(raw: str | None) -> tuple[float, float] | None:
    if not raw:
        return None
    try:
        x, y = (float(part) for part in raw.split(","))
    except ValueError:
        raise ApiError(422, "Validation failed: Focus is invalid") from None
    return x, y
