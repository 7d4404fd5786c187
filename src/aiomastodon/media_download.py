"""Media downloads: one file from a media URL to a path or a file object, safely.

The road is the client's: requests are ``PreparedRequest`` values whose headers
``Identity`` decides (``_sansio/origin.py``), bodies come through the transport's
``stream()`` chunk by chunk (``transport/base.py``), and every redirect is judged by
``next_hop`` with the media rule. What differs from an API call:

- **No token.** Media is public: a download sends ``User-Agent`` and ``Accept`` and no
  ``Authorization``, to any origin. Asked to (``token=True``), it sends the token with
  its first request, if that goes to the instance's own origin, and never along a
  redirect (to another origin or not).
- **Redirects to other origins** are followed (media lives on CDNs and object storage),
  only to ``http``/``https``, at most ``MAX_REDIRECTS`` in a row, without credentials.
  Any URL's user and password are dropped before a request is sent.
- **A scheduler of its own** (``media_scheduler``): retries with backoff after 502, 503,
  504 and lost connections, 429 honoured per media host, on the client's clock, and
  none of the account's rate-limit budget (media hosts do not count against it). Plus a
  cap on connections per media host (``HostLimit``, 4 by default).
- **Resuming.** A body that stops part-way is asked for again from where it stopped
  (``Range``, with ``If-Range`` so that a file that changed meanwhile comes whole);
  ``_sansio/ranges.py`` reads what the server answers. A failed attempt that brought new
  bytes does not count against the retries: only attempts that make no progress do,
  and the bytes are bounded by ``max_size``.
- **Verifying.** The file must have the size the server announced (``Content-Length``,
  or a ``Content-Range``'s total), never more, and, when the caller knows it, the
  SHA-256 it expects.
- **Atomic files.** A path receives its bytes under a temporary name in the same
  directory (``.NAME.XXXXXXXX.part``) and takes its name only when complete (after an
  ``fsync`` with ``fsync=True``), so a crash never leaves a truncated file under it.

Errors are [MediaError][aiomastodon.errors.MediaError] and its subclasses, naming the
URL's origin and path, never its query (which may be a signed URL's secret).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import secrets
import sys
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final

import msgspec
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from ._sansio.origin import (
    MAX_REDIRECTS,
    Identity,
    RedirectRule,
    describe_origin,
    next_hop,
    origin_of,
)
from ._sansio.ranges import Body, Complete, Restart, range_headers, read_answer
from ._sansio.request import PreparedRequest
from ._sansio.response import RawResponse
from .entities import MediaAttachment
from .errors import (
    MediaCorrupt,
    MediaError,
    MediaRefused,
    MediaTooLarge,
    MediaUnavailable,
    RedirectRefused,
    TransportError,
)
from .scheduler.hosts import DEFAULT_PER_HOST, HostLimit
from .scheduler.scheduler import Scheduler

if TYPE_CHECKING:
    from .transport.base import StreamedResponse, Transport

__all__ = [
    "DEFAULT_MAX_SIZE",
    "DEFAULT_PER_HOST",
    "MEDIA_REDIRECTS",
    "Destination",
    "DownloadResult",
    "Downloader",
    "MediaSource",
    "media_scheduler",
    "media_url",
    "sync_directory",
]

DEFAULT_MAX_SIZE: Final = 256 * 1024 * 1024
"""The largest file a download takes by default: 256 MiB (Mastodon's own limits are
16 MB for images and 99 MB for video; some servers allow more). ``max_size=None``
lifts it."""

MEDIA_REDIRECTS: Final = RedirectRule(max_hops=MAX_REDIRECTS, cross_origin=True)
"""Media redirects: to other http(s) origins too, credentials dropped on the way."""

MediaSource = MediaAttachment | str | URL
"""What a download takes: an attachment (its ``url``, else its ``remote_url``), or any
media URL an entity holds (``account.avatar``, ``account.header``, ``emoji.url``,
``card.image``)."""

Destination = str | os.PathLike[str] | IO[bytes]
"""Where a download goes: a path (written atomically), or a binary file object open for
writing (written from its position)."""

_WEB_SCHEMES: Final = frozenset({"http", "https"})
_NAME_ROOM: Final = 100  # of a destination's name kept in its temporary name (NAME_MAX)
_SHA256: Final = re.compile(r"[0-9a-f]{64}")


def media_url(media: MediaSource) -> URL:
    """The URL a download of ``media`` asks for: absolute http(s), without user, password
    or fragment.

    Raises:
        MediaRefused: There is no URL (an attachment still processing), or it is not an
            absolute http(s) URL (``file:``, ``data:``, relative, unreadable).
    """
    if isinstance(media, MediaAttachment):
        text = media.url or media.remote_url
        if not text:
            raise MediaRefused(f"media attachment {media.id} has no URL (still processing?)")
        media = text
    try:
        url = media if isinstance(media, URL) else URL(str(media).strip())
        usable = url.scheme in _WEB_SCHEMES and bool(url.host)
    except (ValueError, TypeError, UnicodeError):
        usable = False
    if not usable:
        shown = str(media)[:40]
        raise MediaRefused(f"not an http(s) media URL: {shown!r}")
    return url.with_user(None).with_fragment(None)


def _name(url: URL) -> str:
    """``scheme://host[:port]/path``: how errors and reprs name a URL (never the query)."""
    return f"{describe_origin(url)}{url.raw_path}"


def media_scheduler(like: Scheduler | None = None, *, retries: int = 5) -> Scheduler:
    """A scheduler for downloads: the clock, sleep, jitter, backoff and longest wait
    (``max_wait``) of ``like`` (the client's), none of its budgets.

    Each media host gets a budget of its own in it, which throttles nothing unless the
    host sends rate-limit headers or a 429.
    """
    if like is None:
        return Scheduler(retries=retries)
    return Scheduler(
        retries=retries,
        backoff_base=like.backoff_base,
        backoff_cap=like.backoff_cap,
        max_wait=like.max_wait,
        clock=like.clock,
        sleep=like.sleep,
        random=like.random,
    )


@dataclass(frozen=True, slots=True)
class DownloadResult:
    """What a download wrote.

    Attributes:
        url: The URL that answered, after redirects (``repr`` shows no query).
        size: Bytes written.
        content_type: The media type the server named (``image/png``), if any.
        sha256: The SHA-256 of the bytes, in hex.
        path: The file written, or ``None`` for a file object.
        resumed: How many times the download continued with a range after a break.
    """

    url: URL
    size: int
    content_type: str | None
    sha256: str
    path: Path | None = None
    resumed: int = 0

    def __repr__(self) -> str:
        return (
            f"DownloadResult(url={_name(self.url)!r}, size={self.size}, "
            f"content_type={self.content_type!r}, sha256={self.sha256!r}, "
            f"path={self.path!r}, resumed={self.resumed})"
        )


# --- where the bytes go -------------------------------------------------------------------


def sync_directory(directory: Path) -> None:
    """``fsync`` a directory, so that a rename into it survives a power loss (where the
    system can: POSIX)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class _FileSink:
    """A path: a temporary file beside it, renamed into place when complete."""

    def __init__(self, path: Path, fsync: bool) -> None:
        if path.is_dir():
            raise IsADirectoryError(f"the destination is a directory: {path}")
        self.path = path
        self.fsync = fsync
        prefix = f".{path.name[:_NAME_ROOM]}."
        while True:
            temp = path.with_name(f"{prefix}{secrets.token_hex(4)}.part")
            try:
                # Not mkstemp: its 0600 would stick to the file; this respects the umask.
                fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                continue
            break
        self.temp = temp
        self.file: IO[bytes] = os.fdopen(fd, "wb")

    def write(self, chunk: bytes) -> None:
        self.file.write(chunk)

    def restart(self) -> None:
        self.file.seek(0)
        self.file.truncate()

    def _commit(self) -> None:
        self.file.flush()
        if self.fsync:
            os.fsync(self.file.fileno())
        self.file.close()
        os.replace(self.temp, self.path)
        if self.fsync:
            sync_directory(self.path.parent)

    async def commit(self) -> Path:
        if self.fsync:
            await asyncio.to_thread(self._commit)
        else:
            self._commit()  # a flush and a rename: cheaper than a thread hop
        return self.path

    def discard(self) -> None:
        self.file.close()
        with suppress(FileNotFoundError):
            self.temp.unlink()


class _StreamSink:
    """A caller's binary file object, written from where it stood."""

    def __init__(self, file: IO[bytes], fsync: bool) -> None:
        self.file = file
        self.fsync = fsync
        self.start = file.tell() if file.seekable() else None

    def write(self, chunk: bytes) -> None:
        self.file.write(chunk)

    def restart(self) -> None:
        if self.start is None:
            raise _CannotRestart
        self.file.seek(self.start)
        self.file.truncate()

    async def commit(self) -> None:
        self.file.flush()
        if self.fsync:
            await asyncio.to_thread(os.fsync, self.file.fileno())

    def discard(self) -> None:
        """Leave what arrived: the caller owns the object."""


_Sink = _FileSink | _StreamSink


class _CannotRestart(Exception):
    """The download must start over, and its file object cannot be rewound."""


_BATCH: Final = 1 << 20  # bytes of a body written and hashed together, in a worker thread


@dataclass
class _Progress:
    """Where one download stands, across its attempts.

    Bytes are written and hashed a megabyte at a time in a worker thread (hashlib and
    file writes release the GIL), one batch at a time, while the next megabyte arrives:
    the event loop stays free for other tasks (an archive's walk) however big the file,
    and a spare core hashes while the network reads. A file smaller than a batch is
    written and hashed at the end, on the loop, in one go.
    """

    sink: _Sink
    offset: int = 0
    """Bytes received (some may still wait in ``pending`` or the batch being written)."""
    total: int | None = None
    validator: str | None = None
    resumable: bool = False
    resumed: int = 0
    content_type: str | None = None
    final_url: URL | None = None
    digest: hashlib._Hash = field(default_factory=hashlib.sha256)
    pending: list[bytes] = field(default_factory=list)
    pending_size: int = 0
    busy: asyncio.Future[None] | None = None

    async def write(self, chunk: bytes) -> None:
        self.pending.append(chunk)
        self.pending_size += len(chunk)
        self.offset += len(chunk)
        if self.pending_size >= _BATCH:
            await self._wait()
            batch, self.pending, self.pending_size = self.pending, [], 0
            self.busy = asyncio.ensure_future(asyncio.to_thread(self._consume, batch))

    def _consume(self, batch: list[bytes]) -> None:
        for chunk in batch:
            self.sink.write(chunk)
            self.digest.update(chunk)

    async def _wait(self) -> None:
        """Until the batch being written is (its error, if any, is raised here)."""
        busy, self.busy = self.busy, None
        if busy is not None:
            await busy

    async def settle(self) -> None:
        """Every byte received is written and hashed."""
        await self._wait()
        self._consume(self.pending)
        self.pending, self.pending_size = [], 0

    async def quiesce(self) -> None:
        """Nothing is being written any more (after a failure: errors are dropped)."""
        busy, self.busy = self.busy, None
        if busy is not None:
            busy.add_done_callback(_retrieve)
            with suppress(Exception):
                await asyncio.shield(busy)

    async def start_over(self) -> None:
        """Forget every byte and what the server said of them."""
        await self.quiesce()
        self.pending, self.pending_size = [], 0
        if self.offset:
            self.sink.restart()
        self.offset, self.total, self.validator, self.resumable = 0, None, None, False
        self.digest = hashlib.sha256()


def _retrieve(future: asyncio.Future[None]) -> None:
    """Mark a batch's error as seen (it was given up on)."""
    if not future.cancelled():
        future.exception()


# --- why an attempt ended without the whole file -------------------------------------------


class _Answered(Exception):
    """The server answered with a status that is no file (an error, a 304, a 204)."""

    def __init__(self, response: RawResponse) -> None:
        super().__init__(response.status)
        self.response = response


class _Short(Exception):
    """The body ended before the bytes it announced (a transport that ends quietly)."""


class _StartOver(Exception):
    """The answer cannot continue the download: ask again from byte 0, without a range."""


# --- the downloader -----------------------------------------------------------------------


class Downloader:
    """Downloads media files over a client's transport, with a scheduler of their own.

    ``client.media.download`` uses one made for the client; make another for another cap.

    Args:
        transport: The client's transport (every byte goes through it).
        identity: Who the requests say they come from, and where the token may go
            (only used with ``token=True``).
        scheduler: Retries, backoff, 429s, the clock: ``media_scheduler()`` by default.
            Never the client's own scheduler, whose budget media must not spend.
        per_host: Connections to one media host at once.
        idle_timeout: Seconds a body may stay silent before the attempt is given up
            (and retried).
    """

    def __init__(
        self,
        transport: Transport,
        identity: Identity,
        *,
        scheduler: Scheduler | None = None,
        per_host: int = DEFAULT_PER_HOST,
        idle_timeout: float | None = 60.0,
    ) -> None:
        self.transport = transport
        self.identity = identity
        self.scheduler = scheduler or media_scheduler()
        self.hosts = HostLimit(per_host)
        self.idle_timeout = idle_timeout

    def __repr__(self) -> str:
        return f"Downloader(per_host={self.hosts.per_host}, identity={self.identity!r})"

    async def download(
        self,
        media: MediaSource,
        destination: Destination,
        *,
        max_size: int | None = DEFAULT_MAX_SIZE,
        sha256: str | None = None,
        fsync: bool = False,
        token: bool = False,
    ) -> DownloadResult:
        """Download ``media`` to ``destination``; see ``Media.download``."""
        url = media_url(media)
        if max_size is not None and max_size < 0:
            raise ValueError("max_size must be at least 0 (or None)")
        expected = sha256.lower() if sha256 is not None else None
        if expected is not None and not _SHA256.fullmatch(expected):
            raise ValueError("sha256 must be 64 hexadecimal digits")
        sink: _Sink
        if isinstance(destination, (str, os.PathLike)):
            sink = _FileSink(Path(destination), fsync)
        else:
            sink = _StreamSink(destination, fsync)
        progress = _Progress(sink)
        try:
            await self._fetch(url, progress, max_size, expected, token)
            path = await sink.commit()
        except BaseException:
            try:
                await progress.quiesce()
            finally:
                sink.discard()
            raise
        return DownloadResult(
            url=progress.final_url or url,
            size=progress.offset,
            content_type=progress.content_type,
            sha256=progress.digest.hexdigest(),
            path=path,
            resumed=progress.resumed,
        )

    def _headers(self, url: URL, token: bool) -> dict[str, str]:
        headers = self.identity.headers(url, accept="*/*", token=token)
        # The file's own bytes: a compressed body would be decoded by the transport, and
        # then neither its length nor a range of it would be the server's.
        headers["Accept-Encoding"] = "identity"
        return headers

    async def _fetch(
        self,
        url: URL,
        progress: _Progress,
        max_size: int | None,
        expected: str | None,
        token: bool,
    ) -> None:
        """Attempts until the file is whole, retrying as the scheduler allows."""
        headers = self._headers(url, token)
        scheduler = self.scheduler
        first = _prepared(url, headers)
        attempt = best = 0
        ranges = True  # may this download still ask for a range?
        rechecked = False
        while True:
            if progress.offset and not (ranges and progress.resumable):
                await self._start_over(progress, url)
            asked = range_headers(progress.offset, progress.validator)
            request = _prepared(url, {**headers, **asked})
            try:
                await self._attempt(request, progress, max_size)
            except _StartOver as exc:
                if not ranges:
                    raise MediaCorrupt(str(exc), url=_name(url), path=url.raw_path) from None
                ranges = False  # once confused by a range answer, never ask for one again
                scheduler.emit_retry(first, 0.0, attempt + 1, str(exc))
                continue
            except (TransportError, _Short, _Answered) as exc:
                if progress.offset > best:
                    best, attempt = progress.offset, 0  # progress: a new run of failures
                delay, error = self._retry(first, attempt, exc, url, progress)
                if delay is None:
                    raise error from None
                attempt += 1
                scheduler.emit_retry(first, delay, attempt, error.message)
                if delay:
                    await scheduler.sleep(delay)
                continue
            except RedirectRefused as exc:
                raise MediaRefused(exc.message, url=_name(url), path=url.raw_path) from None
            await progress.settle()
            digest = progress.digest.hexdigest()
            if expected is None or digest == expected:
                return
            if progress.resumed and not rechecked:
                # Pieces of two versions of a file, maybe: once more, whole.
                rechecked, ranges = True, False
                await self._start_over(progress, url)
                continue
            raise MediaCorrupt(
                f"the SHA-256 of the {progress.offset} bytes is {digest}, not {expected}",
                url=_name(url),
                path=url.raw_path,
            )

    @staticmethod
    async def _start_over(progress: _Progress, url: URL) -> None:
        try:
            await progress.start_over()
        except _CannotRestart:
            raise MediaError(
                "the download must start over, and the file object cannot be rewound",
                url=_name(url),
                path=url.raw_path,
            ) from None

    def _retry(
        self,
        request: PreparedRequest,
        attempt: int,
        exc: TransportError | _Short | _Answered,
        url: URL,
        progress: _Progress,
    ) -> tuple[float | None, MediaError]:
        """The scheduler's delay before the next attempt (``None``: none), and the error to
        raise if there is none."""
        named = {"url": _name(url), "path": url.raw_path}
        if isinstance(exc, _Answered):
            status = exc.response.status
            where = ""
            if exc.response.url.origin() != url.origin():
                where = f" (redirected to {_name(exc.response.url)})"
            error: MediaError = MediaUnavailable(f"HTTP {status}{where}", status=status, **named)
            return self.scheduler.retry_delay(request, attempt, response=exc.response), error
        if isinstance(exc, _Short):
            lost = TransportError(str(exc), method="GET", path=url.raw_path)
            error = MediaCorrupt(f"{exc} (after {attempt + 1} attempts)", **named)
            return self.scheduler.retry_delay(request, attempt, error=lost), error
        error = MediaError(f"no answer: {exc.message}", **named)
        if progress.offset:
            error.message += f" (after {progress.offset} bytes)"
        return self.scheduler.retry_delay(request, attempt, error=exc), error

    async def _attempt(
        self, request: PreparedRequest, progress: _Progress, max_size: int | None
    ) -> None:
        """One request (and its redirects); its body appended to what ``progress`` has."""
        url = request.url
        async with self._opened(request) as (answered, response):
            status = response.status
            if status not in (200, 206, 416):
                raise _Answered(_head(answered, response))
            answer = read_answer(
                status,
                response.headers,
                offset=progress.offset,
                total=progress.total,
                validator=progress.validator,
            )
            if isinstance(answer, Restart):
                raise _StartOver(answer.why)
            progress.final_url = answered.url
            if isinstance(answer, Complete):
                return
            await self._begin(progress, answer, response.headers, url)
            if max_size is not None and answer.total is not None and answer.total > max_size:
                raise MediaTooLarge(
                    f"the file is {answer.total} bytes; max_size is {max_size}",
                    url=_name(url),
                    path=url.raw_path,
                )
            end = answer.start + answer.length if answer.length is not None else None
            async for chunk in response:
                after = progress.offset + len(chunk)
                if max_size is not None and after > max_size:
                    raise MediaTooLarge(
                        f"more than max_size ({max_size} bytes) arrived",
                        url=_name(url),
                        path=url.raw_path,
                    )
                if end is not None and after > end:
                    raise MediaCorrupt(
                        f"the server sent more than the {end - answer.start} bytes it announced",
                        url=_name(url),
                        path=url.raw_path,
                    )
                await progress.write(chunk)
        whole = progress.total if progress.total is not None else end
        if whole is not None and progress.offset < whole:
            raise _Short(f"the body ended after {progress.offset} of {whole} bytes")

    async def _begin(
        self, progress: _Progress, answer: Body, headers: Mapping[str, str], url: URL
    ) -> None:
        """Take in what an answer with a body says of the file."""
        if answer.start == 0 and progress.offset:
            await self._start_over(progress, url)  # a 200 to a range request: the whole file again
        elif answer.start:
            progress.resumed += 1
        progress.total = answer.total
        progress.validator = answer.validator
        progress.resumable = answer.resumable
        kind = headers.get("Content-Type", "").split(";")[0].strip().lower()
        progress.content_type = kind[:127] or progress.content_type

    @asynccontextmanager
    async def _opened(
        self, request: PreparedRequest
    ) -> AsyncIterator[tuple[PreparedRequest, StreamedResponse]]:
        """The answer to ``request`` after the redirects the media rule allows, its body
        unread; one slot of its host held until exit."""
        hops = 0
        while True:
            async with self.hosts.slot(origin_of(request.url)):
                key = (describe_origin(request.url), "")
                slot = await self.scheduler.acquire(key, request)
                head: RawResponse | None = None
                try:
                    # No body bound of the transport's: a download bounds its own bytes
                    # by max_size, chunk by chunk, and raises MediaTooLarge past it.
                    stream = self.transport.stream(
                        request, idle=self.idle_timeout, limit=_UNBOUNDED
                    )
                    async with stream as response:
                        head = _head(request, response)
                        # Given back at the headers: the host cap, not the slot, bounds the
                        # connections, and the body may take minutes.
                        self.scheduler.release(slot, head)
                        status = response.status
                        redirected = None
                        if 300 <= status < 400:
                            redirected = next_hop(
                                request, status, response.headers, hops, MEDIA_REDIRECTS
                            )
                        if redirected is None:
                            yield request, response
                            return
                finally:
                    self.scheduler.release(slot, head)
            request, hops = _onward(request, redirected, status), hops + 1


_UNBOUNDED = sys.maxsize  # transport.stream()'s limit for a download: see _opened


def _prepared(url: URL, headers: Mapping[str, str]) -> PreparedRequest:
    return PreparedRequest("GET", url, CIMultiDictProxy(CIMultiDict(headers)), idempotent=True)


def _head(request: PreparedRequest, response: StreamedResponse) -> RawResponse:
    """An answer's status and headers, as the scheduler reads answers."""
    return RawResponse(response.status, response.headers, b"", response.url, request.method)


def _onward(request: PreparedRequest, redirected: PreparedRequest, status: int) -> PreparedRequest:
    """The next hop, if it is a web URL: without any user or password in it, and without
    the token (which a download sends, if asked, only with its first request).

    Raises:
        RedirectRefused: The target is not http(s) (``next_hop`` lets WebSocket schemes
            through: a handshake is an HTTP request, a media file is not).
    """
    target = redirected.url
    if target.scheme not in _WEB_SCHEMES:
        raise RedirectRefused(
            f"refusing a redirect to {describe_origin(target)}: only http(s) redirects are "
            "followed for media",
            status=status,
            target=describe_origin(target),
            method=request.method,
            path=request.path,
        )
    headers = redirected.headers
    if "Authorization" in headers:
        stripped = CIMultiDict(headers)
        stripped.popall("Authorization")
        headers = CIMultiDictProxy(stripped)
    return msgspec.structs.replace(redirected, url=target.with_user(None), headers=headers)
