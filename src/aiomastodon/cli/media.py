"""``aiomastodon archive ... --media DIR``: the media files of an archive, kept beside it.

```
DIR/ab/ab12...ef.png        each file once, named by its SHA-256 (and its type's extension)
DIR/.tmp/                   files on their way (emptied when a run starts)
DIR/.lock                   held by the run using DIR
OUTPUT.media.jsonl          the index: one line per media URL, appended
```

Each index line maps a media URL to its file, or records why it has none::

    {"url":"https://files.example/a.png","file":"ab/ab12...ef.png","size":48213,
     "type":"image/png","sha256":"ab12...ef"}
    {"url":"https://files.example/gone.png","status":404,"error":"HTTP 404"}

How it runs beside the walk:

- **It follows OUTPUT.** The archive reports the size of OUTPUT its state vouches for
  (``Archive.on_vouched``), after opening and after every page. A reader per OUTPUT reads
  the new lines (in a thread), picks out the media URLs of each item (attachments; with
  ``--media-extras`` also avatars, headers and custom emojis), and queues those the
  index does not have yet. OUTPUT's lines stay the server's bytes.
- **The walk never waits for media.** The report is a wake-up and nothing else; the queue
  between the readers and the downloaders is bounded, and only the readers wait on it
  (they read the lines again from OUTPUT, so nothing needs to be held meanwhile).
  Downloads go through ``client.media.download``: their own scheduler, none of the
  account's budget, at most 4 connections per media host.
- **Content-addressed.** A file is stored under its SHA-256: one shared by many statuses
  (or timelines) is stored once; an index line names it.
- **Resumable.** The index is append-only, one line per write: a stop can tear only the
  last line, which the next run cuts off. A file takes its name only when it is whole,
  before its index line is written. So a rerun after any stop (``kill -9`` too) finds
  every finished file in the index and downloads every other one again; what a killed
  run left in ``DIR/.tmp`` is removed.
- **Failures.** A permanent one (404, 410, most other 4xx; too large; a URL or redirect
  not to follow) is recorded with its status and not tried again on later runs, unless
  ``--media-retry-failed``. Others (5xx and lost connections after the retries) leave no
  line: the next run tries again. The run's summary counts both.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Final

import msgspec

from .._sansio.request import sniff_content_type
from ..client import Client
from ..errors import (
    ArchiveError,
    ArchiveLocked,
    MediaError,
    MediaRefused,
    MediaTooLarge,
    MediaUnavailable,
    UsageError,
)
from ..media_download import DEFAULT_MAX_SIZE, DownloadResult, sync_directory
from .archive import Archive

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: DIR is not locked
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "INDEX_SUFFIX",
    "IndexEntry",
    "MediaIndex",
    "MediaOptions",
    "MediaRun",
    "MediaStats",
    "add_media_arguments",
    "media_options",
    "media_urls",
]

INDEX_SUFFIX: Final = ".media.jsonl"
TMP: Final = ".tmp"
LOCK: Final = ".lock"
DEFAULT_WORKERS: Final = 8
_READ_CHUNK: Final = 1 << 20
_TRANSIENT_STATUSES: Final = frozenset({408, 425, 429})
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}")
_EXTENSIONS: Final = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/avif": ".avif",
    "image/heic": ".heic",
    "image/svg+xml": ".svg",
    "video/mp4": ".mp4",
    "video/webm": ".webm",
    "video/quicktime": ".mov",
    "audio/mpeg": ".mp3",
    "audio/ogg": ".ogg",
    "audio/flac": ".flac",
    "audio/wave": ".wav",
    "audio/wav": ".wav",
    "audio/mp4": ".m4a",
    "audio/aac": ".aac",
    "audio/opus": ".opus",
}
_GENERIC_TYPES: Final = frozenset({"", "application/octet-stream", "binary/octet-stream"})


# --- the command's options ------------------------------------------------------------------


@dataclass
class MediaStats:
    """What one run did with media."""

    downloaded: int = 0
    bytes: int = 0
    stored_already: int = 0
    """Downloaded, but the same content was in DIR already (stored once)."""
    known: int = 0
    """In the index from an earlier run: not downloaded again."""
    failed: dict[int, int] = field(default_factory=dict)
    """Permanent failures recorded this run, by status (0: no HTTP status)."""
    known_failed: int = 0
    """Recorded as failed by an earlier run: not tried again."""
    to_retry: int = 0
    """Failed for now (5xx, lost connections): the next run tries again."""

    def summary(self, directory: Path) -> str:
        """The run's one line about media."""
        parts = [
            f"media: {_count(self.downloaded, 'file')} downloaded ({_size(self.bytes)})",
            f"{self.known:,} already archived",
        ]
        if self.stored_already:
            parts.append(f"{self.stored_already:,} with their content in DIR already")
        failed = sum(self.failed.values())
        if failed:
            by = ", ".join(f"{s or 'refused'}: {n}" for s, n in sorted(self.failed.items()))
            parts.append(f"{failed:,} failed ({by})")
        if self.known_failed:
            parts.append(f"{self.known_failed:,} failed before (see --media-retry-failed)")
        if self.to_retry:
            parts.append(f"{self.to_retry:,} to retry next run")
        return f"{', '.join(parts)} → {directory}"


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _size(n: int) -> str:
    return f"{n / 1e6:,.1f} MB" if n >= 1e6 else f"{n / 1e3:,.1f} kB"


@dataclass
class MediaOptions:
    """What ``--media`` and its companions asked for.

    Attributes:
        directory: DIR.
        extras: Also avatars, headers and custom emojis.
        retry_failed: Try again URLs the index records as failed.
        max_size: The largest file to take, in bytes (``None``: no bound).
        workers: Downloads at once, across media hosts.
        fsync: Sync each file and index line to disk.
        locate: Where to download an archived media URL from, when that is not the URL
            itself; the index keeps the URL as archived. The demo's: its media origin
            listens on a new port every run (``DemoInstance.media_url``).
    """

    directory: Path
    extras: bool = False
    retry_failed: bool = False
    max_size: int | None = DEFAULT_MAX_SIZE
    workers: int = DEFAULT_WORKERS
    fsync: bool = False
    locate: Callable[[str], str] | None = None
    stats: MediaStats = field(default_factory=MediaStats)


def add_media_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``--media`` options of ``aiomastodon archive``."""
    parser.add_argument(
        "--media",
        type=Path,
        metavar="DIR",
        help="also download the statuses' media attachments into DIR (resumable; an index "
        "beside OUTPUT maps each URL to its file)",
    )
    parser.add_argument(
        "--media-extras",
        action="store_true",
        help="with --media: also avatars, headers and custom emojis",
    )
    parser.add_argument(
        "--media-retry-failed",
        action="store_true",
        help="with --media: try again the files earlier runs could not get (404, 410, ...)",
    )
    parser.add_argument(
        "--media-max-size",
        type=int,
        default=DEFAULT_MAX_SIZE // (1024 * 1024),
        metavar="MiB",
        help="with --media: the largest file to take, in MiB (default %(default)s; 0: any)",
    )


def media_options(args: argparse.Namespace) -> MediaOptions | None:
    """The options ``add_media_arguments`` parsed, or ``None`` without ``--media``."""
    if args.media is None:
        return None
    mib = args.media_max_size
    if mib < 0:
        raise UsageError("--media-max-size must be 0 (any size) or more")
    return MediaOptions(
        directory=args.media,
        extras=args.media_extras,
        retry_failed=args.media_retry_failed,
        max_size=mib * 1024 * 1024 if mib else None,
        fsync=args.fsync,
    )


# --- the media URLs of an item -----------------------------------------------------------------


class _Emoji(msgspec.Struct):
    url: str | None = None


class _Attachment(msgspec.Struct):
    url: str | None = None
    remote_url: str | None = None


class _Account(msgspec.Struct):
    avatar: str | None = None
    header: str | None = None
    emojis: list[_Emoji] | None = None


class _Quote(msgspec.Struct):
    quoted_status: _Item | None = None


class _Item(msgspec.Struct):
    """A status, or a notification (its ``status``): what holds media."""

    media_attachments: list[_Attachment] | None = None
    account: _Account | None = None
    emojis: list[_Emoji] | None = None
    reblog: _Item | None = None
    quote: _Quote | None = None
    status: _Item | None = None


_item_decoder = msgspec.json.Decoder(_Item)


def _urls_of(item: _Item, extras: bool, out: list[str], depth: int = 0) -> None:
    if depth > 4:  # a boost of a quote of a boost...: no server nests deeper
        return
    for attachment in item.media_attachments or ():
        url = attachment.url or attachment.remote_url
        if url:
            out.append(url)
    if extras:
        account = item.account
        if account is not None:
            out.extend(url for url in (account.avatar, account.header) if url)
            out.extend(e.url for e in account.emojis or () if e.url)
        out.extend(e.url for e in item.emojis or () if e.url)
    for inner in (item.reblog, item.status, item.quote.quoted_status if item.quote else None):
        if inner is not None:
            _urls_of(inner, extras, out, depth + 1)


def media_urls(line: bytes, *, extras: bool = False) -> list[str]:
    """The media URLs of one archived item (a status or a notification), in order.

    An item whose media fields are not what Mastodon sends gives none (it stays in
    OUTPUT, as every item does).
    """
    try:
        item = _item_decoder.decode(line)
    except msgspec.DecodeError:
        return []
    out: list[str] = []
    _urls_of(item, extras, out)
    return out


# --- the index ------------------------------------------------------------------------------


class IndexEntry(msgspec.Struct, kw_only=True, omit_defaults=True):
    """One line of ``OUTPUT.media.jsonl``.

    Attributes:
        url: The media URL, as the item holds it.
        file: Where the file is, relative to DIR (``ab/ab12...ef.png``); ``None`` for a
            failure.
        size: Its size in bytes.
        type: Its media type, as the server named it (or as its first bytes say).
        sha256: Its SHA-256, in hex (the name of the file).
        status: For a failure: the HTTP status, or 0 when there was none (refused, too
            large).
        error: For a failure: why, in words.
    """

    url: str
    file: str | None = None
    size: int | None = None
    type: str | None = None
    sha256: str | None = None
    status: int | None = None
    error: str | None = None

    @property
    def done(self) -> bool:
        """Whether the URL's file was stored."""
        return self.file is not None


_entry_decoder = msgspec.json.Decoder(IndexEntry)
_encoder = msgspec.json.Encoder()


class MediaIndex:
    """``OUTPUT.media.jsonl``: the latest entry of each URL; appended one line at a time."""

    def __init__(self, path: Path, *, fsync: bool = False) -> None:
        self.path = path
        self.fsync = fsync
        self.entries: dict[str, IndexEntry] = {}
        self._file: IO[bytes] | None = None

    def open(self) -> None:
        """Read the index, cutting off a torn last line.

        Raises:
            ArchiveError: A line other than the last is not an index entry.
        """
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            data = b""
        good = data.rfind(b"\n") + 1
        if good < len(data):
            with self.path.open("r+b") as file:
                file.truncate(good)  # a line torn by a stop mid-write
        for number, line in enumerate(data[:good].splitlines(), 1):
            if not line.strip():
                continue
            try:
                entry = _entry_decoder.decode(line)
            except msgspec.DecodeError:
                raise ArchiveError(
                    f"{self.path} is damaged at line {number}: not a media index entry"
                ) from None
            self.entries[entry.url] = entry

    def append(self, entry: IndexEntry) -> None:
        """Add one line (one write, flushed; synced with ``fsync``)."""
        if self._file is None:
            self._file = self.path.open("ab")
        self._file.write(_encoder.encode(entry) + b"\n")
        self._file.flush()
        if self.fsync:
            os.fsync(self._file.fileno())
        self.entries[entry.url] = entry

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def _extension(content_type: str, url: str) -> str:
    """A file's extension: its type's (from a fixed table, so that a name never depends on
    the machine's MIME database), else the URL's when it looks like one, else none."""
    known = _EXTENSIONS.get(content_type)
    if known is not None:
        return known
    suffix = os.path.splitext(url.split("?", 1)[0].split("#", 1)[0])[1]
    return suffix.lower() if _EXTENSION.fullmatch(suffix) else ""


def _permanent(error: MediaError) -> bool:
    """Whether asking again later would get the same answer."""
    if isinstance(error, MediaUnavailable):
        return error.status < 500 and error.status not in _TRANSIENT_STATUSES
    return isinstance(error, (MediaTooLarge, MediaRefused))


# --- following an OUTPUT ------------------------------------------------------------------------


class _Follower:
    """One OUTPUT, its index, and how far its media URLs have been read."""

    def __init__(self, archive: Archive, fsync: bool) -> None:
        self.archive = archive
        self.index = MediaIndex(
            archive.path.with_name(archive.path.name + INDEX_SUFFIX), fsync=fsync
        )
        self.vouched = 0
        self.read = 0
        self.seen: set[str] = set()
        self.changed = asyncio.Event()

    def grew(self, size: int) -> None:
        self.vouched = max(self.vouched, size)
        self.changed.set()

    def read_urls(self, extras: bool) -> list[str]:
        """The media URLs of the complete lines of OUTPUT from ``read`` up to ``vouched``,
        about a megabyte at a time (in a worker thread)."""
        end = min(self.vouched, self.read + _READ_CHUNK)
        with self.archive.path.open("rb") as file:
            file.seek(self.read)
            data = file.read(end - self.read)
        cut = data.rfind(b"\n") + 1
        if cut == 0 and end < self.vouched:
            # A line longer than a chunk: read on to its end.
            with self.archive.path.open("rb") as file:
                file.seek(self.read)
                data = file.readline()
            cut = len(data)
        if cut == 0:
            self.read = self.vouched  # no line ends here (OUTPUT changed under the run)
            return []
        self.read += cut
        urls: list[str] = []
        for line in data[:cut].splitlines():
            urls.extend(media_urls(line, extras=extras))
        return urls


class MediaRun:
    """The media of one ``aiomastodon archive`` run: readers, downloaders, indexes.

    ``start`` before the walks (it hooks each archive's ``on_vouched``), ``finish`` after
    them (it waits until every URL read is settled), ``close`` in any case.

    Args:
        client: Downloads go through ``client.media.download``.
        options: What ``--media`` asked for.
        archives: The run's OUTPUTs.
    """

    def __init__(self, client: Client, options: MediaOptions, archives: Sequence[Archive]) -> None:
        self.client = client
        self.options = options
        self.stats = options.stats
        self.directory = options.directory
        self._followers = [_Follower(archive, options.fsync) for archive in archives]
        self._queue: asyncio.Queue[tuple[str, _Follower]] = asyncio.Queue(options.workers * 4)
        self._shared: dict[str, asyncio.Future[IndexEntry | None]] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._readers: list[asyncio.Task[None]] = []
        self._walked = False
        self._fatal: asyncio.Future[None] | None = None
        self._error: ArchiveError | None = None
        self._lock: int | None = None

    async def start(self) -> None:
        """Lock DIR, clear what a killed run left in it, read the indexes, start.

        Raises:
            ArchiveError: DIR cannot be used (another run holds it, or it cannot be
                written), or an index is damaged.
        """
        await asyncio.to_thread(self._prepare)
        loop = asyncio.get_running_loop()
        self._fatal = loop.create_future()
        for follower in self._followers:
            report = follower.archive.on_vouched = _reporter(loop, follower)
            state = follower.archive.state
            if state is not None:  # opened before this run's media started: say it now
                report(state.size)
            self._readers.append(asyncio.ensure_future(self._follow(follower)))
        self._tasks = [asyncio.ensure_future(self._work()) for _ in range(self.options.workers)]

    def _prepare(self) -> None:
        directory = self.directory
        try:
            (directory / TMP).mkdir(parents=True, exist_ok=True)
            self._lock = os.open(directory / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise ArchiveError(f"cannot use {directory} for media: {exc}") from None
        if fcntl is not None:
            try:
                fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(self._lock)
                self._lock = None
                raise ArchiveLocked(
                    f"{directory} is in use by another aiomastodon archive run"
                ) from None
        for leftover in (directory / TMP).iterdir():
            with contextlib.suppress(OSError):
                leftover.unlink()
        for follower in self._followers:
            follower.index.open()

    async def finish(self) -> None:
        """Once every walk is over: wait until every media URL read is settled.

        Raises:
            ArchiveError: DIR or an index could not be written.
        """
        self._walked = True
        for follower in self._followers:
            follower.changed.set()
        assert self._fatal is not None
        settled = asyncio.ensure_future(self._settled())
        try:
            await asyncio.wait({settled, self._fatal}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            settled.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await settled
        if self._error is not None:
            raise self._error

    async def _settled(self) -> None:
        for reader in self._readers:
            await reader
        await self._queue.join()

    async def close(self) -> None:
        """Stop every download (their temporary files go), close the indexes, unlock DIR."""
        tasks = [*self._readers, *self._tasks]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for follower in self._followers:
            follower.archive.on_vouched = None
            follower.index.close()
        if self._lock is not None:
            os.close(self._lock)  # and with it the flock
            self._lock = None

    def _die(self, error: ArchiveError) -> None:
        if self._error is None:
            self._error = error
        if self._fatal is not None and not self._fatal.done():
            self._fatal.set_result(None)

    # --- reading OUTPUTs ---------------------------------------------------------------------

    async def _follow(self, follower: _Follower) -> None:
        extras = self.options.extras
        while True:
            if follower.read < follower.vouched:
                try:
                    urls = await asyncio.to_thread(follower.read_urls, extras)
                except OSError as exc:
                    self._die(ArchiveError(f"cannot read {follower.archive.path}: {exc}"))
                    return
                for url in await self._wanted(follower, urls):
                    await self._queue.put((url, follower))
                continue
            if self._walked:
                return
            follower.changed.clear()
            await follower.changed.wait()

    async def _wanted(self, follower: _Follower, urls: Iterable[str]) -> list[str]:
        """Of ``urls``, those to download: new to this OUTPUT's index, failed before (with
        ``--media-retry-failed``), or stored before but missing from DIR now."""
        wanted: list[str] = []
        stored: list[IndexEntry] = []
        stats = self.stats
        for url in urls:
            if url in follower.seen:
                continue
            follower.seen.add(url)
            entry = follower.index.entries.get(url)
            if entry is None:
                wanted.append(url)
            elif entry.done:
                stored.append(entry)
            elif self.options.retry_failed:
                wanted.append(url)
            else:
                stats.known_failed += 1
        if stored:
            missing = await asyncio.to_thread(self._missing, stored)
            stats.known += len(stored) - len(missing)
            wanted += missing
        return wanted

    def _missing(self, entries: list[IndexEntry]) -> list[str]:
        """The URLs of the entries whose file is not in DIR (at its size) any more."""
        missing = []
        for entry in entries:
            assert entry.file is not None
            try:
                present = (self.directory / entry.file).stat().st_size == entry.size
            except OSError:
                present = False
            if not present:
                missing.append(entry.url)
        return missing

    # --- downloading ---------------------------------------------------------------------------

    async def _work(self) -> None:
        while True:
            url, follower = await self._queue.get()
            try:
                entry = await self._entry_for(url)
                if entry is not None:
                    await self._record(follower, entry)
            except OSError as exc:
                self._die(ArchiveError(f"cannot store media in {self.directory}: {exc}"))
            finally:
                self._queue.task_done()

    async def _record(self, follower: _Follower, entry: IndexEntry) -> None:
        if self.options.fsync:
            await asyncio.to_thread(follower.index.append, entry)
        else:
            follower.index.append(entry)

    async def _entry_for(self, url: str) -> IndexEntry | None:
        """The URL's entry: downloaded once per run, whichever OUTPUTs hold it."""
        shared = self._shared.get(url)
        if shared is not None:
            return await asyncio.shield(shared)
        shared = self._shared[url] = asyncio.get_running_loop().create_future()
        try:
            entry = await self._download(url)
        except BaseException:
            del self._shared[url]
            shared.cancel()
            raise
        shared.set_result(entry)
        return entry

    async def _download(self, url: str) -> IndexEntry | None:
        temp = self.directory / TMP / f"{secrets.token_hex(8)}.part"
        file = temp.open("w+b")
        try:
            locate = self.options.locate
            result = await self.client.media.download(
                locate(url) if locate is not None else url, file, max_size=self.options.max_size
            )
        except BaseException as exc:
            file.close()
            with contextlib.suppress(OSError):
                temp.unlink()
            if not isinstance(exc, MediaError):
                raise
            if not _permanent(exc):
                self.stats.to_retry += 1
                return None
            status = exc.status if isinstance(exc, MediaUnavailable) else 0
            self.stats.failed[status] = self.stats.failed.get(status, 0) + 1
            return IndexEntry(url=url, status=status, error=exc.message)
        try:
            entry, had = await asyncio.to_thread(self._store, url, file, temp, result)
        except BaseException:
            file.close()
            with contextlib.suppress(OSError):
                temp.unlink()
            raise
        self.stats.stored_already += had
        self.stats.downloaded += 1
        self.stats.bytes += result.size
        return entry

    def _store(
        self, url: str, file: IO[bytes], temp: Path, result: DownloadResult
    ) -> tuple[IndexEntry, bool]:
        """Give a downloaded file its content's name (in a thread); whether DIR had that
        content already."""
        file.flush()
        if self.options.fsync:
            os.fsync(file.fileno())
        head = os.pread(file.fileno(), 16, 0)
        file.close()
        kind = result.content_type or ""
        if kind in _GENERIC_TYPES:
            sniffed = sniff_content_type(head)
            kind = sniffed if sniffed not in _GENERIC_TYPES else kind
        digest = result.sha256
        relative = f"{digest[:2]}/{digest}{_extension(kind, url)}"
        final = self.directory / relative
        try:
            same = final.stat().st_size == result.size
        except FileNotFoundError:
            same = False
        if same:
            temp.unlink()
        else:
            final.parent.mkdir(exist_ok=True)
            os.replace(temp, final)
            if self.options.fsync:
                sync_directory(final.parent)
        entry = IndexEntry(
            url=url, file=relative, size=result.size, type=kind or None, sha256=digest
        )
        return entry, same


def _reporter(loop: asyncio.AbstractEventLoop, follower: _Follower) -> Callable[[int], None]:
    """``on_vouched`` for one archive: wake its reader, from whichever thread reports."""

    def report(size: int) -> None:
        loop.call_soon_threadsafe(follower.grew, size)

    return report
