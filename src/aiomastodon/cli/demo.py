"""An embedded demo instance: mastodon-mock, in-process on 127.0.0.1, with seeded statuses.

Needs the ``demo`` extra (``pip install 'aiomastodon[demo]'``). Used by the README's first
command, so that the archive runs on a fresh machine with nothing else.

The instance keeps its data in a SQLite file, so that a later run finds the same
statuses. A new file is seeded a few hundred statuses at a time (so that the command can
say how far it is) into ``DATABASE.seeding``, which is renamed to ``DATABASE`` once
complete: a run stopped while seeding leaves no half-seeded instance behind, and the next
run starts the seeding over.

The demo has media too, on an origin of its own (another loopback port, as a real
instance's media are on a CDN or a bucket): small PNG images made here, in a few colours
and sizes, attached to about one status in six. Many URLs serve the same picture (stored
once by ``--media``), one URL (``welcome.png``) is attached to one status in fifty, and a
few URLs answer 404, as remote media deleted since. The media origin listens on a new port
every run, as the instance does, while the URLs in the database keep the port of the run
that seeded it: ``DemoInstance.media_url`` says where a demo media URL is served now.
"""

from __future__ import annotations

import contextlib
import os
import struct
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

from yarl import URL

from ..errors import DemoUnavailable

if TYPE_CHECKING:
    from mastodon_mock.config import SeedConfig, SeedStatus
    from sqlalchemy.engine import Engine

__all__ = ["DemoInstance", "DemoUnavailable", "Report", "demo_instance", "demo_png"]

AUTHORS = ("alice", "bob", "carol", "dave", "erin", "frank")
_TOPICS = ("#python", "#asyncio", "#fediverse", "#mastodon", "#archives", "")
_CHUNK = 250  # statuses per seeding transaction: a progress step of about a tenth of a second

MEDIA_PATH = "/demo-media/"
_COLOURS = (  # name, background, stripes
    ("teal", (0x2A, 0x9D, 0x8F), (0xE9, 0xF5, 0xF3)),
    ("amber", (0xF4, 0xA2, 0x61), (0x26, 0x46, 0x53)),
    ("plum", (0x6D, 0x59, 0x7A), (0xFF, 0xD6, 0xE0)),
    ("slate", (0x3D, 0x40, 0x5B), (0xF2, 0xCC, 0x8F)),
)
_SIZES = ((96, 64), (160, 120), (320, 200))
PICTURES = len(_COLOURS) * len(_SIZES)
"""How many different pictures the demo's media URLs serve."""
_WELCOME = PICTURES  # the picture of welcome.png: one of its own

Report = Callable[[str, int, int], None]
"""``report(phase, done, total)``: what the demo is doing (``total`` 0: no count)."""


@dataclass(frozen=True)
class DemoInstance:
    """Where the demo instance listens, and the token of its main account (alice).

    Attributes:
        media_origin: Where its media are served this run (``http://127.0.0.1:PORT``).
    """

    base_url: str
    token: str
    statuses: int
    media_origin: str = ""

    def media_url(self, url: str) -> str:
        """Where the demo's media ``url`` is served now: a URL of the demo's media origin
        (``http://127.0.0.1:PORT/demo-media/...``, of whichever run) moved onto this run's
        port; any other URL as it is."""
        try:
            parsed = URL(url)
        except ValueError:
            return url
        if (
            parsed.scheme != "http"
            or parsed.host != "127.0.0.1"
            or not parsed.path.startswith(MEDIA_PATH)
            or not self.media_origin
        ):
            return url
        return str(URL(self.media_origin).with_path(parsed.path))


def _no_report(phase: str, done: int, total: int) -> None:
    pass


@contextmanager
def demo_instance(
    statuses: int, database: Path, *, report: Report = _no_report
) -> Iterator[DemoInstance]:
    """Start mastodon-mock on a free loopback port, its data in ``database``.

    Six accounts post in turn; alice follows the other five, so her home timeline holds
    every status. A new ``database`` is seeded with ``statuses`` statuses first; an
    existing one is used as it is.

    Raises:
        DemoUnavailable: mastodon-mock is not installed, or the instance cannot be seeded
            or started.
    """
    report("demo: starting mastodon-mock on 127.0.0.1", 0, 0)
    try:
        from mastodon_mock.config import DatabaseConfig, SeedAccount, SeedConfig, SeedFollow
        from mastodon_mock.testing.server import MockServer
    except ImportError:
        raise DemoUnavailable(
            "the demo instance needs mastodon-mock: pip install 'aiomastodon[demo]'"
        ) from None

    people = SeedConfig(
        accounts=[
            SeedAccount(username=name, display_name=name.title(), access_token=f"{name}_token")
            for name in AUTHORS
        ],
        follows=[SeedFollow(follower="alice", following=name) for name in AUTHORS[1:]],
    )
    # mastodon-mock keeps uploads in a directory of its own, by default one it makes in
    # the temporary directory and never removes: one left behind every run. This one goes
    # with the run (the demo's statuses do not refer to uploads).
    with (
        _media_origin() as media_origin,
        tempfile.TemporaryDirectory(prefix="aiomastodon-demo-uploads-") as uploads,
    ):
        if database.exists():
            report(f"demo: using the demo instance kept in {database}", 0, 0)
        else:
            _seed(people, statuses, database, media_origin, report)
        config = MockServer(seed=people).config.model_copy(
            update={"database": DatabaseConfig(path=str(database)), "media_storage_path": uploads}
        )
        try:
            server = MockServer(config=config).start()
        except Exception as exc:  # mastodon-mock's own (SQLAlchemy, uvicorn): one line
            raise DemoUnavailable(f"the demo instance did not start: {_first_line(exc)}") from None
        try:
            yield DemoInstance(
                base_url=server.base_url,
                token="alice_token",
                statuses=statuses,
                media_origin=media_origin,
            )
        finally:
            server.stop()


def _seed(
    people: SeedConfig, statuses: int, database: Path, media_origin: str, report: Report
) -> None:
    """Seed a new SQLite file with the accounts and ``statuses`` statuses (their media on
    ``media_origin``), then rename it to ``database``."""
    from mastodon_mock.config import DatabaseConfig, SeedStatus
    from mastodon_mock.db.base import Base, init_engine
    from mastodon_mock.db.seed import apply_seed_data

    phase = f"demo: seeding {statuses:,} statuses from {len(AUTHORS)} accounts into {database}"
    report(phase, 0, statuses)
    seeding = database.with_name(database.name + ".seeding")
    for stale in (seeding, seeding.with_name(seeding.name + "-journal")):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()  # a run stopped while seeding
    try:
        engine = init_engine(DatabaseConfig(path=str(seeding)))
        try:
            Base.metadata.create_all(engine, checkfirst=True)
            for start in range(0, statuses, _CHUNK):
                chunk = [
                    SeedStatus(
                        account=AUTHORS[n % len(AUTHORS)],
                        text=f"Demo status {n + 1} {_TOPICS[n % len(_TOPICS)]}".strip(),
                    )
                    for n in range(start, min(start + _CHUNK, statuses))
                ]
                apply_seed_data(engine, people.model_copy(update={"statuses": chunk}))
                _attach_media(engine, range(start, start + len(chunk)), chunk, media_origin)
                report(phase, start + len(chunk), statuses)
        finally:
            engine.dispose()
        os.replace(seeding, database)
    except Exception as exc:  # SQLAlchemy's (a full disk: "database or disk is full")
        raise DemoUnavailable(
            f"the demo instance could not be seeded into {database}: {_first_line(exc)}"
        ) from None


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


# --- the demo's media -----------------------------------------------------------------------


def media_of(n: int) -> list[tuple[str, int]]:
    """The media of the ``n``-th status (from 0): ``(path, picture)`` for each attachment,
    ``picture`` -1 for a URL that answers 404."""
    media: list[tuple[str, int]] = []
    if n % 6 == 1:
        media.append((f"{MEDIA_PATH}{n}.png", n // 6 % PICTURES))
        if n % 30 == 7:
            media.append((f"{MEDIA_PATH}{n}-2.png", (n // 6 + 5) % PICTURES))
    if n % 50 == 3:
        media.append((f"{MEDIA_PATH}welcome.png", _WELCOME))
    if n % 500 == 250:
        media.append((f"{MEDIA_PATH}gone-{n}.png", -1))
    return media


def _attach_media(
    engine: Engine, numbers: range, chunk: list[SeedStatus], media_origin: str
) -> None:
    """Attach their media to the statuses just seeded (in one transaction)."""
    from mastodon_mock.db.models import MediaAttachment, Status
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    wanted = {spec.text: media_of(n) for n, spec in zip(numbers, chunk, strict=True) if media_of(n)}
    if not wanted:
        return
    with Session(engine) as session:
        rows = session.execute(
            select(Status.id, Status.account_id, Status.text).where(Status.text.in_(wanted))
        ).all()
        for status_id, account_id, text in rows:
            for path, picture in wanted[text]:
                width, height = _size_of(max(picture, 0))
                name = _description(max(picture, 0))
                url = f"{media_origin}{path}"
                session.add(
                    MediaAttachment(
                        account_id=account_id,
                        status_id=status_id,
                        type="image",
                        url=url,
                        preview_url=url,
                        description=name,
                        meta={
                            "original": {
                                "width": width,
                                "height": height,
                                "size": f"{width}x{height}",
                                "aspect": width / height,
                            }
                        },
                    )
                )
        session.commit()


def _size_of(picture: int) -> tuple[int, int]:
    if picture == _WELCOME:
        return _SIZES[-1]
    return _SIZES[picture // len(_COLOURS) % len(_SIZES)]


def _description(picture: int) -> str:
    width, height = _size_of(picture)
    if picture == _WELCOME:
        return f"Welcome to the demo instance ({width}x{height})"
    colour = _COLOURS[picture % len(_COLOURS)][0]
    return f"Demo picture {picture + 1}: {colour} stripes ({width}x{height})"


@cache
def demo_png(picture: int) -> bytes:
    """The PNG of one of the demo's pictures (``0 <= picture <= PICTURES``): diagonal
    stripes, its colours and size by its number; the same bytes every time."""
    colour = _COLOURS[picture % len(_COLOURS)]
    width, height = _size_of(picture)
    background, stripes = (bytes(colour[1]), bytes(colour[2]))
    if picture == _WELCOME:
        background, stripes = stripes, background
    period = 16 + 4 * (picture % 3)  # pixels: the stripes of each picture are its own
    band = background * period + stripes * (period // 2)
    line = band * (width * 3 // len(band) + 2)  # long enough for every row's shift
    rows = b"".join(
        b"\x00" + line[(y % (len(band) // 3)) * 3 :][: width * 3] for y in range(height)
    )  # filter type 0 (none) before each row
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + b"".join(
        _chunk(kind, data)
        for kind, data in ((b"IHDR", header), (b"IDAT", zlib.compress(rows, 9)), (b"IEND", b""))
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _picture_at(path: str) -> int | None:
    """The picture a path of the media origin serves, or ``None`` (404)."""
    if not path.startswith(MEDIA_PATH) or not path.endswith(".png"):
        return None
    name = path[len(MEDIA_PATH) : -len(".png")]
    if name == "welcome":
        return _WELCOME
    number, _, second = name.partition("-")
    if not (number.isascii() and number.isdigit() and len(number) < 10) or second not in ("", "2"):
        return None
    for media_path, picture in media_of(int(number)):
        if media_path == path:
            return picture
    return None


class _MediaHandler(BaseHTTPRequestHandler):
    """GET of a demo picture: the PNG, or 404."""

    protocol_version = "HTTP/1.1"  # keep-alive, as a CDN
    server_version = "aiomastodon-demo-media"

    def do_GET(self) -> None:  # http.server's name
        picture = _picture_at(self.path)
        if picture is None:
            body, status, kind = b"no such file\n", 404, "text/plain"
        else:
            body, status, kind = demo_png(picture), 200, "image/png"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the command's output is its own


@contextmanager
def _media_origin() -> Iterator[str]:
    """Serve the demo's pictures on a free loopback port, from a thread; its origin."""
    try:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _MediaHandler)
    except OSError as exc:
        raise DemoUnavailable(f"the demo's media server did not start: {exc}") from None
    server.daemon_threads = True  # a connection kept alive never holds the command up
    thread = threading.Thread(target=server.serve_forever, name="demo-media", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
