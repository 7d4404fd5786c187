"""``aiomastodon archive``: a resumable, lossless archive of a timeline in JSON Lines.

Each line of OUTPUT is one item exactly as the server sent it. Beside it,
``OUTPUT.state.json`` says how many bytes of OUTPUT are good and where the walk stands,
and it is updated atomically after every page has been written out: it holds two slots,
each one JSON line with a sequence number and a checksum, written in turn in place; a
slot torn by a stop mid-write fails its checksum and the other, older one stands. (This
costs a tenth of writing a new file and renaming it over the old one, per page.) Only its
first slot is written that way, as ``OUTPUT.state.json.new``, so that the state file never
exists without a slot. So:

- **One run at a time.** A run locks ``OUTPUT.lock`` first (``cli/lock.py``); a second
  run on the same OUTPUT stops at once.
- **Any stop is safe.** Before the walk, OUTPUT is cut back to the size the state names,
  dropping a page (or a torn line) written after the last state, and the walk resumes at
  the state's cursor: the cut page is fetched again. Every item ends up there once. A
  write that fails (a full disk) is cut back at once, so OUTPUT holds whole pages only.
- **First the past, then the future.** A new archive walks from the newest item to the
  oldest (``backfill``), remembering where "newer than everything archived" begins (the
  first page's ``rel="prev"`` link). Once the oldest item is reached (``complete``), that
  run and every later one walk forward from there, oldest first, and append what is new.
- **Nothing unasked.** ``open`` reads and checks, and changes nothing: OUTPUT and its
  state are created only once a first page has arrived (mode ``0600``: a home timeline
  is private), so a refused token or an unreachable host leaves nothing behind, and an
  existing OUTPUT without a state file is never touched. A state file whose checksum
  holds but whose content does not (negative sizes, a size beyond OUTPUT, a cursor to
  another server) is refused, not repaired.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import stat
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

import msgspec
from yarl import URL

from ..client import Client
from ..errors import ArchiveError, DecodeError, ServerError, TransportError
from ..media_download import sync_directory
from ..pagination import Cursor, Page, Paginator, item_id_of
from ..scheduler import Scheduler
from ..scheduler.backoff import full_jitter
from .lock import OutputLock, io_error
from .timelines import Timeline

__all__ = ["Archive", "ArchiveError", "ArchiveState", "archive_timeline"]

STATE_SUFFIX = ".state.json"
FORMAT = 1
_CURSOR_KEYS = frozenset({"max_id", "min_id", "since_id", "offset"})
_MODE = 0o600  # new OUTPUT and state files: the owner's only

Count = Annotated[int, msgspec.Meta(ge=0)]


class ArchiveState(msgspec.Struct, kw_only=True):
    """What ``OUTPUT.state.json`` holds."""

    format: int = FORMAT
    instance: str
    timeline: str
    phase: Literal["backfill", "complete"] = "backfill"
    older: Cursor | None = None
    newer: Cursor | None = None
    size: Count = 0
    items: Count = 0


@dataclass
class Archive:
    """OUTPUT, its state file and its lock.

    ``lock`` → ``open`` (checks, changes nothing) → ``cut`` → ``append``... → ``close``.
    ``open`` locks first if ``lock`` was not called; ``close`` releases the lock. Every
    ``OSError`` leaves as an ``ArchiveIOError`` naming the file.

    Args:
        path: OUTPUT.
        instance: Where the items come from (the instance URL, or ``"demo"``).
        timeline: The TIMELINE text.
        fsync: Also ``fsync`` data and state after every page (survives power loss, not
            just a crash of the process; slower).
        on_vouched: Called with the size of OUTPUT the state vouches for, after ``open``
            and after every ``append`` (from the thread that appended: the event
            loop's, or with ``fsync`` a worker thread): ``--media`` follows OUTPUT with
            it (``cli/media.py``).
    """

    path: Path
    instance: str
    timeline: str
    fsync: bool = False
    on_vouched: Callable[[int], None] | None = field(default=None, repr=False)
    state: ArchiveState | None = None
    exposed: list[tuple[Path, int]] = field(default_factory=list)
    """Existing files of this archive that other users may read, with their ``st_mode``
    (kept as it is: a mode someone chose is theirs to change)."""
    _lock: OutputLock | None = field(default=None, repr=False)
    _opened: bool = field(default=False, repr=False)
    _data_fd: int | None = field(default=None, repr=False)
    _state_fd: int | None = field(default=None, repr=False)
    _seq: int = field(default=0, repr=False)

    @property
    def items(self) -> int:
        """How many items OUTPUT holds."""
        return self.state.items if self.state is not None else 0

    @property
    def state_path(self) -> Path:
        """Where the state lives: beside OUTPUT."""
        return self.path.with_name(self.path.name + STATE_SUFFIX)

    @property
    def lock_path(self) -> Path:
        """Where the lock lives while a run holds it: beside OUTPUT."""
        return OutputLock(self.path).path

    def lock(self) -> None:
        """Take OUTPUT's lock.

        Raises:
            ArchiveLocked: Another run holds it.
            ArchiveIOError: It cannot be taken (the directory is missing or read-only).
        """
        if self._lock is None:
            self._lock = OutputLock(self.path)
        self._lock.acquire()

    def open(self) -> ArchiveState | None:
        """Lock, check that OUTPUT and its state can be written, and read the state.

        Changes nothing. Idempotent: a second call returns the state read by the first.

        Raises:
            ArchiveLocked: Another run is archiving to OUTPUT.
            ArchiveIOError: OUTPUT or its state cannot be read or written.
            ArchiveError: OUTPUT is not an archive of this instance and timeline, was
                changed outside aiomastodon, or its state is damaged or forged.
        """
        if self._opened:
            return self.state
        self.lock()
        try:
            self._state_fd = os.open(self.state_path, os.O_RDWR)
        except FileNotFoundError:
            self._state_fd = None
        except OSError as exc:
            raise io_error("open", self.state_path, exc) from None
        try:
            self._data_fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        except FileNotFoundError:
            self._data_fd = None
        except OSError as exc:
            raise io_error("write to", self.path, exc) from None
        size = self._size()
        if self._state_fd is None:
            if size > 0:
                raise ArchiveError(
                    f"{self.path} exists and is not an aiomastodon archive "
                    f"(no {self.state_path.name} beside it); choose another OUTPUT"
                )
            self._note_exposed()
            self._opened = True
            return None
        try:
            data = os.pread(self._state_fd, 2 * _SLOT_SIZE, 0)
        except OSError as exc:
            raise io_error("read", self.state_path, exc) from None
        try:
            found = _newest_slot(data)
        except ValueError as exc:
            raise ArchiveError(f"{self.state_path} {exc}") from None
        if found is None:
            raise ArchiveError(f"{self.state_path} is damaged: no slot passes its checksum")
        self._seq, state = found
        if state.timeline != self.timeline or state.instance != self.instance:
            raise ArchiveError(
                f"{self.path} archives {state.timeline} of {state.instance}, "
                f"not {self.timeline} of {self.instance}"
            )
        problem = self._implausible(state)
        if problem:
            raise ArchiveError(f"{self.state_path} is refused: {problem}")
        if size < state.size:
            raise ArchiveError(
                f"{self.path} is shorter ({size} bytes) than {self.state_path.name} says "
                f"({state.size}): it was changed outside aiomastodon"
            )
        self._note_exposed()
        self.state = state
        self._opened = True
        if self.on_vouched is not None:
            self.on_vouched(state.size)
        return state

    def _size(self) -> int:
        if self._data_fd is None:
            return 0
        try:
            return os.fstat(self._data_fd).st_size
        except OSError as exc:
            raise io_error("read", self.path, exc) from None

    def _implausible(self, state: ArchiveState) -> str:
        """What no state this archiver writes can hold ("" if nothing)."""
        if state.items > state.size:
            return f"it counts {state.items} items in {state.size} bytes"
        for name, cursor, direction in (
            ("older", state.older, "older"),
            ("newer", state.newer, "newer"),
        ):
            if cursor is None:
                continue
            if cursor.direction != direction:
                return f"its {name} cursor walks {cursor.direction}, not {direction}"
            if cursor.next_url is None:
                continue
            try:
                origin = URL(cursor.next_url).origin()
            except ValueError:
                return f"its {name} cursor has no usable URL"
            if self.instance != "demo" and origin != URL(self.instance).origin():
                # A state changed to point elsewhere must not take the token there.
                return f"its {name} cursor leads to {origin}, not to the instance"
        return ""

    def _note_exposed(self) -> None:
        for fd, path in ((self._data_fd, self.path), (self._state_fd, self.state_path)):
            mode = os.fstat(fd).st_mode if fd is not None else 0
            if mode & (stat.S_IRGRP | stat.S_IROTH):
                self.exposed.append((path, mode))

    def rebase(self, origin: str) -> None:
        """Move the saved cursors' links onto ``origin`` (the demo instance listens on a
        new port every run; its data persists)."""
        if self.state is not None:
            self.state.older = _rebased(self.state.older, origin)
            self.state.newer = _rebased(self.state.newer, origin)

    def cut(self) -> None:
        """Cut OUTPUT back to what the state vouches for (a page or a torn line written
        after the last state goes: the walk fetches it again)."""
        self.open()
        vouched = self.state.size if self.state is not None else 0
        if self._data_fd is not None and self._size() > vouched:
            try:
                os.ftruncate(self._data_fd, vouched)
            except OSError as exc:
                raise io_error("cut back", self.path, exc) from None

    def save(self, state: ArchiveState) -> None:
        """Write ``state`` into the older of the state file's two slots."""
        self.state = state
        try:
            self._seq += 1
            slot, offset = _slot(self._seq, state), (self._seq % 2) * _SLOT_SIZE
            if self._state_fd is None:
                self._state_fd = self._create_state(slot, offset)
                return
            _pwrite_all(self._state_fd, slot, offset)
            if self.fsync:
                os.fsync(self._state_fd)
        except OSError as exc:
            raise io_error("write", self.state_path, exc) from None

    def _create_state(self, slot: bytes, offset: int) -> int:
        """The state file, made whole under a temporary name and renamed into place; its fd.

        Why: a state file that exists is trusted to hold a slot, and one created in place
        would hold none until its first write (a ``kill -9`` in between left a file the
        next run refused as damaged). A stop before the rename leaves only
        ``OUTPUT.state.json.new``: no state, and no data yet either (the first state comes
        before any), so the next run starts the walk over and removes the leftover here.
        """
        temp = self.state_path.with_name(self.state_path.name + ".new")
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()  # a stopped run's: made with another mode, perhaps
        fd = os.open(temp, os.O_RDWR | os.O_CREAT | os.O_EXCL, _MODE)
        try:
            _pwrite_all(fd, slot, offset)
            if self.fsync:
                os.fsync(fd)
            os.replace(temp, self.state_path)
            if self.fsync:
                sync_directory(self.state_path.parent)
        except OSError:
            os.close(fd)
            with contextlib.suppress(OSError):
                temp.unlink()
            raise
        return fd

    def append(self, lines: list[bytes], state: ArchiveState) -> None:
        """Write a page's lines to OUTPUT, then the state that vouches for them.

        A write that fails is cut back at once: OUTPUT holds whole pages only.
        """
        if self._state_fd is None:
            # The state exists before any data does, and vouches for none of it yet:
            # a stop before the next save starts the walk over, losing nothing.
            self.save(ArchiveState(instance=state.instance, timeline=state.timeline))
        if self._data_fd is None:
            try:
                self._data_fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, _MODE)
            except OSError as exc:
                raise io_error("create", self.path, exc) from None
        data = b"".join(lines)
        try:
            write_all(self._data_fd, data)
            if self.fsync:
                os.fsync(self._data_fd)
        except OSError as exc:
            with contextlib.suppress(OSError):  # else the next run cuts it back
                os.ftruncate(self._data_fd, state.size)
            raise io_error("write", self.path, exc) from None
        state.size += len(data)
        state.items += len(lines)
        self.save(state)
        if self.on_vouched is not None:
            self.on_vouched(state.size)

    def close(self) -> None:
        """Close OUTPUT and the state file, and release the lock."""
        for fd in (self._data_fd, self._state_fd):
            if fd is not None:
                # Written (and with --fsync synced) already: a failed close loses nothing.
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._data_fd = self._state_fd = None
        self._opened = False
        if self._lock is not None:
            self._lock.release()


def write_all(fd: int, data: bytes) -> None:
    """``os.write`` until all of ``data`` is written (a short write is not an error)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _pwrite_all(fd: int, data: bytes, offset: int) -> None:
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        view, offset = view[written:], offset + written


_SLOT_SIZE = 8192


class _Slot(msgspec.Struct):
    seq: int
    check: str
    state: msgspec.Raw


class _Format(msgspec.Struct):
    format: object = None


_slot_decoder = msgspec.json.Decoder(_Slot)
_state_decoder = msgspec.json.Decoder(ArchiveState)


def _check(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:16]


def _slot(seq: int, state: ArchiveState) -> bytes:
    """One slot: a JSON line padded to the slot size."""
    body = msgspec.json.encode(state)
    record = b'{"seq":%d,"check":"%s","state":%s}' % (seq, _check(body).encode(), body)
    if len(record) >= _SLOT_SIZE:
        raise ArchiveError(f"archive state too large to save ({len(record)} bytes)")
    return record.ljust(_SLOT_SIZE - 1) + b"\n"


def _newest_slot(data: bytes) -> tuple[int, ArchiveState] | None:
    """The slot with the highest sequence number whose checksum holds.

    Raises:
        ValueError: A slot's checksum holds but its content is no state this version
            reads (another format, a field of the wrong type, a negative size): torn
            writes fail the checksum, so this one was written by something else.
    """
    newest: tuple[int, ArchiveState] | None = None
    for offset in (0, _SLOT_SIZE):
        chunk = data[offset : offset + _SLOT_SIZE].strip()
        try:
            slot = _slot_decoder.decode(chunk)
        except msgspec.DecodeError:
            continue  # torn, or never written
        body = bytes(slot.state)
        if _check(body) != slot.check:
            continue
        try:
            state = _state_decoder.decode(body)
        except msgspec.DecodeError as exc:
            try:
                found = msgspec.json.decode(body, type=_Format).format
            except msgspec.DecodeError:
                found = None
            if found != FORMAT:
                raise ValueError(f"has format {found!r:.40}; this reads {FORMAT}") from None
            raise ValueError(f"is refused: {exc} (no state aiomastodon writes)") from None
        if state.format != FORMAT:
            raise ValueError(f"has format {state.format}; this reads {FORMAT}")
        if newest is None or slot.seq > newest[0]:
            newest = (slot.seq, state)
    return newest


def _rebased(cursor: Cursor | None, origin: str) -> Cursor | None:
    if cursor is None or cursor.next_url is None:
        return cursor
    moved = URL(origin).join(URL(cursor.next_url).relative())
    return msgspec.structs.replace(cursor, next_url=str(moved))


def jsonl_line(raw: bytes) -> bytes:
    """One item as a JSON Lines line. Newlines outside strings are whitespace (JSON
    strings cannot hold raw ones), so a pretty-printed item is kept equal on one line."""
    if b"\n" in raw or b"\r" in raw:
        raw = raw.replace(b"\r", b" ").replace(b"\n", b" ")
    return raw + b"\n"


def newer_cursor(page: Page[msgspec.Raw], timeline: Timeline) -> Cursor | None:
    """Where "newer than this page" begins: the page's ``rel="prev"`` link, or, where item
    ids are public cursors, ``min_id`` of its newest item."""
    cursor = page.newer_cursor
    if cursor is not None or not page.items or timeline.kind in ("favourites", "bookmarks"):
        return cursor
    newest = item_id_of(page.items[0])
    if newest is None:
        return None
    kept = [(k, v) for k, v in page.cursor.params if k not in _CURSOR_KEYS]
    return Cursor(
        endpoint=page.cursor.endpoint,
        path=page.cursor.path,
        params=[*kept, ("min_id", newest)],
        direction="newer",
    )


@dataclass
class Progress:
    """Counts of one timeline's archive in this run."""

    items: int = 0
    pages: int = 0
    retries: int = 0
    note: str = ""


async def _walk_pages(
    walk: Paginator[msgspec.Raw],
    on_page: Callable[[Page[msgspec.Raw]], Awaitable[None]],
    progress: Progress,
    *,
    retries: int,
    scheduler: Scheduler,
) -> None:
    """Hand every page of ``walk`` to ``on_page``; resume after transient failures.

    The scheduler already retried each request; what reaches here is a page that stayed
    bad (a truncated body, a server down for a while). The walk resumes from the error's
    cursor, up to ``retries`` times in a row, after the scheduler's own backoff (full
    jitter, doubling; on its clock). Failures before any page of this run arrived are not
    retried: a wrong host or a refused token should fail at once.
    """
    current = walk
    attempt = 0
    while True:
        try:
            async for page in current.pages():
                await on_page(page)
                attempt = 0
            return
        except (DecodeError, ServerError, TransportError) as exc:
            started = progress.pages > 0 or isinstance(exc, DecodeError)
            if exc.cursor is None or not started or attempt >= retries:
                raise
            delay = full_jitter(
                attempt,
                base=scheduler.backoff_base,
                cap=scheduler.backoff_cap,
                random=scheduler.random,
            )
            attempt += 1
            progress.retries += 1
            progress.note = f"retrying in {delay:.2g} s after: {exc}"
            await scheduler.sleep(delay)
            progress.note = ""
            current = walk.resume(exc.cursor)


async def archive_timeline(
    client: Client,
    timeline: Timeline,
    archive: Archive,
    progress: Progress,
    *,
    retries: int = 5,
) -> None:
    """Bring ``archive`` up to date with ``timeline``: backfill if unfinished, then newer.

    Raises:
        MastodonError: What stopped the walk (after retries). The archive stays
            consistent; running again continues where it stopped.
        ArchiveError: OUTPUT does not belong to this archive.
        ArchiveIOError: OUTPUT or its state cannot be written (OUTPUT keeps whole pages).
    """
    state = archive.open()
    # Items are kept as the server's bytes (never decoded into entities: only split), and
    # while one page is written, the next is already on its way.
    walk = (await timeline.paginator(client)).raw().read_ahead()
    for saved in (state.older, state.newer) if state is not None else ():
        if saved is not None:
            _resume(walk, saved, archive)  # a cursor of another walk: refused, nothing cut
    archive.cut()

    def fresh_state() -> ArchiveState:
        return ArchiveState(instance=archive.instance, timeline=archive.timeline)

    def write_lines(raws: list[bytes], state: ArchiveState) -> None:
        archive.append([jsonl_line(raw) for raw in raws], state)

    async def write(page: Page[msgspec.Raw], state: ArchiveState) -> None:
        if archive.fsync:
            # fsync waits for the disk: in a worker thread, while the next page arrives.
            await asyncio.to_thread(write_lines, page.raw_items(), state)
        else:
            # Into the page cache: tens of µs, less than the hop to a thread and back.
            write_lines(page.raw_items(), state)
        progress.items += len(page.items)
        progress.pages += 1

    if state is None or state.phase == "backfill":
        current = state or fresh_state()

        async def on_backfill_page(page: Page[msgspec.Raw]) -> None:
            if current.newer is None:
                current.newer = newer_cursor(page, timeline)
            current.older = page.cursor
            await write(page, current)

        start = walk if current.older is None else _resume(walk, current.older, archive)
        await _walk_pages(
            start, on_backfill_page, progress, retries=retries, scheduler=client.scheduler
        )
        if archive.state is None:
            return  # an empty timeline: nothing to write, nothing to remember
        current.phase = "complete"
        current.older = None
        archive.save(current)
        state = current

    if state.newer is None:
        progress.note = "the server gave no link to newer items: incremental runs unavailable"
        return
    updated = state

    async def on_newer_page(page: Page[msgspec.Raw]) -> None:
        updated.newer = page.cursor
        await write(page, updated)

    await _walk_pages(
        _resume(walk, state.newer, archive),
        on_newer_page,
        progress,
        retries=retries,
        scheduler=client.scheduler,
    )


def _resume(
    walk: Paginator[msgspec.Raw], cursor: Cursor, archive: Archive
) -> Paginator[msgspec.Raw]:
    """``walk`` from a saved cursor, which must be this walk's."""
    try:
        return walk.resume(cursor)
    except ValueError as exc:  # a cursor of another endpoint: no run of this archive wrote it
        raise ArchiveError(f"{archive.state_path} is refused: {exc}") from None
