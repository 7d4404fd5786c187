"""``aiomastodon archive`` end to end: the real command, over loopback.

A run is the command's ``main()`` in this process (:func:`run_here`: what it prints, what
it returns), or, where the process boundary is the point, a subprocess (:func:`run_cli`,
:func:`start_cli`): ``kill -9`` mid-walk or at a save, a terminal for the progress line,
``python -m`` and the console script.

Most tests archive the kit's fake Mastodon (``aiomastodon.testing``, in a thread of its
own: :class:`Timeline`): hundreds of pages, Mastodon's paging and ``Link`` headers,
faults, slow or held pages on demand, so that the command can be ``kill -9``-ed mid-walk
and every line of OUTPUT compared, byte for byte, with the bytes the server sends. One
test walks every TIMELINE kind against mastodon-mock, a second opinion (and the only
server here with a remote account).

The exactness check (:func:`assert_exact`): OUTPUT's lines are the server's items in the
order a walk must leave them (first run: newest to oldest; later runs append what is new,
oldest to newest), each equal to the server's own bytes, none missing, none twice.

The token the command is given is distinctive (:data:`TOKEN`); every run's stdout and
stderr, and every OUTPUT and state file, is checked not to hold it.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import io
import json
import logging
import os
import pty
import select
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import msgspec
import pytest

from aiomastodon import Client, cli
from aiomastodon.cli import archive as archive_module
from aiomastodon.scheduler import Scheduler, SchedulerEvent
from aiomastodon.testing import FakeMastodon, ThreadedMastodon

pytestmark = pytest.mark.integration

TOKEN = "tok-Vq7Zr2-never-printed-4fJ9x"
"""The access token every run is given: grepped for in everything the command leaves."""
CLI = (sys.executable, "-m", "aiomastodon", "archive")
PAGE = 10  # the server's largest page: 1,500 statuses are 150 pages
DEADLINE = 30.0  # seconds any one run (or wait for one) may take before the test fails


# --- the server ---------------------------------------------------------------------------

TIMELINES = {"/api/v1/timelines/home": "home", "/api/v1/timelines/public": "public"}
AUTHORS = ("alice", "bob", "carol")  # alice is the command's account, and follows the others
FaultKind = str  # "503", "429", "429-proxy", "truncate", "drop"


class Timeline:
    """The kit's ``FakeMastodon`` in a thread, seen as these tests look at a timeline
    server: what it serves (:meth:`items`), what it was asked (:attr:`pages`), faults
    (:meth:`inject`), holds (:meth:`hold`).

    Statuses rotate over three authors (alice, whose token the command has, follows the
    other two: the home timeline holds every status); every third is unlisted (not on
    the public timeline), every seventh has a two-line content warning, every fourth a
    hashtag, and each one's text holds what a careless archiver mangles: non-ASCII, a
    quote, a backslash, a tab, an emoji and a raw U+2028 (the ``varied`` JSON style sends
    it unescaped in two entities of three). ``pretty`` sends entities over several
    lines, some with CRLF.
    """

    def __init__(
        self, statuses: int, *, page_max: int, pretty: bool, delay: float, window: float
    ) -> None:
        self.server = FakeMastodon(
            page_max=page_max, json_style="pretty" if pretty else "varied", streaming_heartbeat=None
        )
        self.threaded = ThreadedMastodon(self.server)
        self.base_url = self.threaded.start()
        self._public: set[str] = set()
        self._ids: list[str] = []  # oldest first

        async def setup() -> None:
            await self.server.add_account("alice", token=TOKEN)
            for other in AUTHORS[1:]:
                await self.server.add_account(other)
                await self.server.follow(as_="alice", target=other)
            self.server.ratelimits.relax(window=window)
            if delay:
                self.server.faults.latency(delay, "/api/v1/timelines/*")

        self.threaded.run(setup())
        self.add_statuses(statuses)

    def add_statuses(self, n: int) -> list[bytes]:
        """Post ``n`` new statuses (newer than all others); their bytes, oldest first."""

        async def post() -> list[str]:
            made = []
            for _ in range(n):
                k = len(self._ids) + len(made)
                visibility = "unlisted" if k % 3 == 2 else "public"
                text = (
                    f'Status {k}: caf\u00e9 \u2615, \u201cquoted\u201d & "escaped" \\ back'
                    f"\tslash, \U0001f9a3, a line\u2028separator"
                    + (" #archive" if k % 4 == 0 else "")
                )
                warned = k % 7 == 0
                status_id = await self.server.post(
                    as_=AUTHORS[k % 3], text=text, visibility=visibility,
                    spoiler_text="line one\nline two" if warned else "", sensitive=warned,
                )  # fmt: skip
                made.append(status_id)
                if visibility == "public":
                    self._public.add(status_id)
            return made

        made = self.threaded.run(post(), timeout=DEADLINE)
        self._ids += made
        return self.threaded.call(lambda: [self.server.status_bytes(i, as_="alice") for i in made])

    def items(self, timeline: str = "home") -> list[bytes]:
        """Every status of ``timeline`` as the server sends it now, newest first."""
        ids = [i for i in reversed(self._ids) if timeline == "home" or i in self._public]
        return self.threaded.call(lambda: [self.server.status_bytes(i, as_="alice") for i in ids])

    @property
    def pages(self) -> Counter[str]:
        """Requests received: page requests by timeline name, any other by its path."""
        return self.threaded.call(
            lambda: Counter(TIMELINES.get(r.path, r.path) for r in self.server.requests)
        )

    @property
    def faults_served(self) -> Counter[str]:
        """Faults sent, by kind."""
        return self.threaded.call(lambda: Counter(self.server.faults.served))

    @property
    def unauthorized(self) -> int:
        """Requests refused with 401."""
        return self.threaded.call(lambda: sum(r.status == 401 for r in self.server.requests))

    def inject(self, kind: FaultKind, *, count: int = 1, skip: int = 0) -> None:
        """Let ``skip`` page requests through, then fail the next ``count`` with ``kind``:
        ``"503"`` (a proxy's HTML page), ``"429"`` (Mastodon's: ``Remaining: 0`` until the
        window's end, and a ``Retry-After`` saying so), ``"429-proxy"`` (a front limiter's:
        ``Reset`` 1.2 s ahead, whatever the window), ``"truncate"`` or ``"drop"``."""
        faults, path = self.server.faults, "/api/v1/timelines/*"

        def add() -> None:
            if kind == "503":
                faults.fail(path, status=503, count=count, skip=skip, content_type="text/html",
                            body=b"<html><body>Service Unavailable</body></html>")  # fmt: skip
            elif kind in ("429", "429-proxy"):
                window = self.server.ratelimits.budgets["api"].window
                faults.rate_limit(path, count=count, skip=skip, proxy=kind == "429-proxy",
                                  retry_after=None if kind == "429-proxy" else window)  # fmt: skip
            elif kind == "truncate":
                faults.truncate(path, count=count, skip=skip)
            else:
                assert kind == "drop", kind
                faults.drop(path, count=count, skip=skip)

        self.threaded.call(add)

    def wait_for_pages(self, more_than: int, timeout: float) -> int:
        """Wait until more than ``more_than`` requests have come (at most ``timeout``
        seconds); how many have."""
        with contextlib.suppress(AssertionError):  # the bound: the caller decides
            self.threaded.until(lambda: len(self.server.requests) > more_than, timeout)
        return self.threaded.call(lambda: len(self.server.requests))

    def hold(self) -> None:
        """Keep every page request waiting, once counted, until :meth:`release`."""
        self.threaded.call(lambda: self.server.faults.hold("/api/v1/timelines/*"))

    def release(self) -> None:
        self.threaded.call(self.server.faults.release)

    def stop(self) -> None:
        """Stop listening: from now on, connections to :attr:`base_url` are refused."""
        self.threaded.run(self.server.stop())

    def close(self) -> None:
        self.threaded.stop()


# --- running the command ----------------------------------------------------------------


def cli_env(token: str | None = TOKEN, **extra: str) -> dict[str, str]:
    """The environment of a run: ours, with MASTODON_TOKEN set (or unset) and nothing else
    of Mastodon's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MASTODON_")}
    if token is not None:
        env["MASTODON_TOKEN"] = token
    env.update(extra)
    return env


def run_cli(
    *args: str, token: str | None = TOKEN, command: tuple[str, ...] = CLI, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run the command to its end; its output never holds the token."""
    result = subprocess.run(
        [*command, *args],
        env=cli_env(token, **env),
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
    )
    assert TOKEN not in result.stdout + result.stderr
    return result


class Waits:
    """The waits of a run in this process (the scheduler's and the command's own retries):
    recorded, and cut to a hundredth of a second at most (jitter: a tenth of its range).

    How long to back off is the scheduler's tests' business; here, what matters is what
    the archive holds after the waits. The clock stays real: a wait for a reset still
    lasts until the reset, in short naps.
    """

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        await asyncio.sleep(min(seconds, 0.01))


def run_here(
    *args: str, token: str | None = TOKEN, waits: Waits | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run the command in this process (its ``main()``, in the environment :func:`run_cli`
    gives a process, its waits cut short by ``waits``); its output never holds the token."""
    waits = waits or Waits()
    out, err = io.StringIO(), io.StringIO()
    # What a process without logging set up does with a warning: print it on stderr.
    last_resort = logging.StreamHandler(err)
    last_resort.setLevel(logging.WARNING)
    logging.getLogger().addHandler(last_resort)
    try:
        with (
            mock.patch.dict(os.environ, cli_env(token, **env), clear=True),
            mock.patch.object(
                cli, "Scheduler", functools.partial(Scheduler, sleep=waits, random=lambda: 0.1)
            ),
        ):
            status = cli.main(["archive", *args], out=out, err=err)
    finally:
        logging.getLogger().removeHandler(last_resort)
    result = subprocess.CompletedProcess(["archive", *args], status, out.getvalue(), err.getvalue())
    assert TOKEN not in result.stdout + result.stderr
    return result


def archive(
    server: Timeline, timeline: str, output: Path, *args: str, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    """``aiomastodon archive TIMELINE OUTPUT --instance <server> ARGS``, to its end (here)."""
    return run_here(timeline, str(output), "--instance", server.base_url, *args, **kwargs)


def archived_ok(
    server: Timeline, timeline: str, output: Path, *args: str, waits: Waits | None = None
) -> subprocess.CompletedProcess[str]:
    """:func:`archive`, which must succeed quietly on stderr (no terminal: no progress)."""
    result = archive(server, timeline, output, *args, waits=waits)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result


def start_cli(server: Timeline, timeline: str, output: Path, *args: str) -> subprocess.Popen[str]:
    """Start ``aiomastodon archive`` without waiting for it."""
    return subprocess.Popen(
        [*CLI, timeline, str(output), "--instance", server.base_url, *args],
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def state_path(output: Path) -> Path:
    return output.with_name(output.name + archive_module.STATE_SUFFIX)


def archived(output: Path) -> int:
    """How many items OUTPUT's state vouches for (0 while there is none), read the way
    the command reads it."""
    try:
        data = state_path(output).read_bytes()
    except FileNotFoundError:
        return 0
    found = archive_module._newest_slot(data)
    return found[1].items if found is not None else 0


def kill_when_archived(
    proc: subprocess.Popen[str], server: Timeline, output: Path, at_least: int
) -> int:
    """``kill -9`` the command once OUTPUT's state vouches for ``at_least`` items; how many
    it vouched for when the signal went.

    The state is looked at again each time the command asks the server for a page (as
    long as it walks, it asks for more after each save).
    """
    deadline = time.monotonic() + DEADLINE
    served = 0
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            _, err = proc.communicate()
            pytest.fail(f"the command ended ({proc.returncode}) before the kill: {err}")
        count = archived(output)
        if count >= at_least:
            proc.send_signal(signal.SIGKILL)
            out, err = proc.communicate(timeout=DEADLINE)
            assert proc.returncode == -signal.SIGKILL, "it ended before the kill landed"
            assert TOKEN not in out + err
            return count
        served = server.wait_for_pages(served, timeout=max(0.0, deadline - time.monotonic()))
    proc.kill()
    proc.communicate()
    pytest.fail(f"{output} never reached {at_least} items")


# --- checking an archive ----------------------------------------------------------------


def item_id(line: bytes) -> str:
    return str(json.loads(line)["id"])


def assert_exact(output: Path, expected: list[bytes]) -> None:
    """OUTPUT holds ``expected`` (the server's own item bytes), one per line, in order:
    none missing, none twice, each unchanged."""
    data = output.read_bytes()
    assert data.endswith(b"\n"), "OUTPUT ends in a torn line"
    lines = data[:-1].split(b"\n")  # not splitlines(): U+2028 is not a line break here
    got, want = [item_id(line) for line in lines], [item_id(raw) for raw in expected]
    twice = sorted(i for i, n in Counter(got).items() if n > 1)
    assert not twice, f"{len(twice)} items archived more than once, e.g. {twice[:3]}"
    got_set, want_set = set(got), set(want)
    missing = [i for i in want if i not in got_set]
    assert not missing, f"{len(missing)} of {len(want)} items missing, e.g. {missing[:3]}"
    unknown = [i for i in got if i not in want_set]
    assert not unknown, f"{len(unknown)} items the server does not have, e.g. {unknown[:3]}"
    assert got == want, "every item is there once, but out of order"
    changed = [n for n, (line, raw) in enumerate(zip(lines, expected, strict=True)) if line != raw]
    assert not changed, f"{len(changed)} lines differ from the server's bytes, first: " + repr(
        (lines[changed[0]][:200], expected[changed[0]][:200]) if changed else ""
    )
    assert data == b"".join(raw + b"\n" for raw in expected)
    assert_no_token(output.parent)


def assert_no_token(directory: Path) -> None:
    """No file the command wrote holds the token."""
    for path in directory.rglob("*"):
        if path.is_file():
            assert TOKEN.encode() not in path.read_bytes(), f"the token is in {path}"


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory``, by relative path."""
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def assert_one_error_line(result: subprocess.CompletedProcess[str], status: int, text: str) -> None:
    """The run failed with ``status`` and said why in one line on stderr (nothing on stdout)."""
    assert result.returncode == status, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("aiomastodon: error: "), lines[0]
    assert text in lines[0], lines[0]


# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture
def make_server() -> Iterator[Callable[..., Timeline]]:
    """Start fake Mastodons (on 127.0.0.1, each in a thread); all stop after the test."""
    servers: list[Timeline] = []

    def make(
        statuses: int,
        *,
        delay: float = 0.0,
        pretty: bool = False,
        page_max: int = PAGE,
        window: float = 300.0,
    ) -> Timeline:
        server = Timeline(statuses, page_max=page_max, pretty=pretty, delay=delay, window=window)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.close()


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- kill -9, and every item once --------------------------------------------------------


def test_kill_9_mid_walk_then_again_leaves_every_item_exactly_once(
    make_server: Callable[..., Timeline], tmp_path: Path
) -> None:
    # 150 pages, 5 ms each: the kill lands well before the end (it goes as soon as the state
    # vouches for the threshold; see kill_when_archived).
    server = make_server(1500, delay=0.005)
    output = tmp_path / "home.jsonl"
    backfill = server.items()

    # Backfill: killed twice, at a quarter and past half, then finished.
    kills = 0
    for threshold in (350, 850):
        at = kill_when_archived(start_cli(server, "home", output), server, output, threshold)
        kills += 1
        assert threshold <= at < 1500
        assert archived(output) < 1500
    before = archived(output)
    result = archived_ok(server, "home", output)
    assert_exact(output, backfill)
    assert f"home +{1500 - before:,} →" in result.stdout  # it went on from its state
    # Resumed, never restarted: 150 full pages, one empty one, one look for newer items,
    # and at most a few pages fetched again (or read ahead) per kill.
    assert server.pages["home"] <= 152 + 4 * kills

    # Incremental: 500 new statuses (50 pages), killed once a third of the way in.
    added = server.add_statuses(500)
    at = kill_when_archived(start_cli(server, "home", output), server, output, 1650)
    assert 1650 <= at < 2000
    assert archived(output) < 2000
    archived_ok(server, "home", output)
    assert_exact(output, backfill + added)


CRASH_AT_SAVE = """
import os, signal, sys
from aiomastodon.cli import archive, main
crash_at = int(os.environ["CRASH_AT_SAVE"])
real_save = archive.Archive.save
calls = 0
def save(self, state):
    global calls
    calls += 1
    if calls == crash_at:  # the page's lines are written; the state vouching for them is not
        os.kill(os.getpid(), signal.SIGKILL)
    real_save(self, state)
archive.Archive.save = save
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize(
    ("phase", "crash_at"),
    [
        ("backfill", 1),  # the state that exists before any data
        ("backfill", 2),  # the first page: its data is written, its state not yet
        ("backfill", 3),
        ("backfill", 11),  # the last page (95 statuses: ten pages)
        ("backfill", 12),  # the switch from backfill to complete
        ("incremental", 1),
        ("incremental", 3),  # the last new page (25 new statuses: three pages)
    ],
)
def test_kill_9_at_each_save_then_again_leaves_every_item_exactly_once(
    make_server: Callable[..., Timeline], tmp_path: Path, phase: str, crash_at: int
) -> None:
    """Deterministic kills at the moment that matters: a page's lines are in OUTPUT, the
    state that vouches for them is not yet saved."""
    server = make_server(95)
    output = tmp_path / "home.jsonl"
    expected = server.items()
    if phase == "incremental":
        archived_ok(server, "home", output)
        expected += server.add_statuses(25)
    args = ("home", str(output), "--instance", server.base_url)
    command = (sys.executable, "-c", CRASH_AT_SAVE, "archive")
    crashed = run_cli(*args, command=command, CRASH_AT_SAVE=str(crash_at))
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr
    archived_ok(server, "home", output)
    assert_exact(output, expected)


# --- faults ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "count", "later"),
    [
        ("503", 5, 1),  # 5: more than the scheduler's 3 retries, so the command's own too
        ("429", 1, 1),  # Mastodon's: Remaining 0 until the window's end (0.5 s windows here)
        ("truncate", 2, 1),  # a 200 whose JSON is cut short: the command retries
        ("drop", 4, 1),  # the connection closed half-way through the body
    ],
)
def test_faults_mid_walk_still_archive_exactly(
    make_server: Callable[..., Timeline],
    tmp_path: Path,
    fault: Any,
    count: int,
    later: int,
) -> None:
    """``count`` faults in a row eight pages into the backfill, then ``later`` in a row
    two pages into an incremental run."""
    server = make_server(400, window=0.5)
    server.inject(fault, count=count, skip=8)
    output = tmp_path / "home.jsonl"
    expected = server.items()
    waits = Waits()
    archived_ok(server, "home", output, waits=waits)
    assert server.faults_served[fault] == count
    assert waits.delays  # it waited before it tried again
    assert_exact(output, expected)

    added = server.add_statuses(45)
    server.inject(fault, count=later, skip=2)
    waits = Waits()
    archived_ok(server, "home", output, waits=waits)
    assert server.faults_served[fault] == count + later
    assert waits.delays
    assert_exact(output, expected + added)


async def test_a_429_is_waited_out_by_its_own_reset_whatever_the_window(
    make_server: Callable[..., Timeline],
) -> None:
    """In process (the same scheduler the command uses), so that the stall shows at once."""
    server = make_server(100)  # five-minute windows, as Mastodon's
    server.inject("429-proxy", skip=2)  # Reset 1.2 s ahead, Retry-After: 1
    waits: list[float] = []
    stalled = asyncio.Event()

    def on_event(event: SchedulerEvent) -> None:
        if event.kind == "wait":
            waits.append(event.delay)
            if event.delay > 5:
                stalled.set()

    scheduler = Scheduler(on_event=on_event, random=lambda: 0.0)  # no jitter on the wait
    async with Client(server.base_url, access_token=TOKEN, scheduler=scheduler) as client:
        walk = asyncio.ensure_future(client.timelines.home(limit=PAGE).collect())
        stall = asyncio.ensure_future(stalled.wait())
        await asyncio.wait({walk, stall}, timeout=DEADLINE, return_when="FIRST_COMPLETED")
        stall.cancel()
        walk.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await walk
    assert server.faults_served["429-proxy"] == 1
    assert not stalled.is_set(), f"after a 429 that said 1.2 s, waits of {waits} s"
    assert len(walk.result()) == 100


# --- incremental runs, --also, torn lines, pretty-printed items ----------------------------


def test_later_runs_append_only_what_is_new_oldest_first(
    make_server: Callable[..., Timeline], tmp_path: Path
) -> None:
    server = make_server(95)  # ten pages, the last one short
    output = tmp_path / "home.jsonl"
    expected = server.items()
    result = archived_ok(server, "home", output)
    assert "archived 95 new items in 10 pages" in result.stdout
    assert_exact(output, expected)

    before = output.read_bytes()
    result = archived_ok(server, "home", output)  # nothing new
    assert "archived 0 new items" in result.stdout
    assert "(95 in all)" in result.stdout
    assert output.read_bytes() == before

    for new in (47, 3, 10):
        expected += server.add_statuses(new)
        result = archived_ok(server, "home", output)
        assert f"+{new} →" in result.stdout
        assert f"({len(expected)} in all)" in result.stdout
        assert_exact(output, expected)


def test_also_archives_each_timeline_to_its_own_exact_file(
    make_server: Callable[..., Timeline], tmp_path: Path
) -> None:
    server = make_server(600, delay=0.004)
    home, public = tmp_path / "home.jsonl", tmp_path / "public.jsonl"
    home_items, public_items = server.items("home"), server.items("public")
    assert 0 < len(public_items) < len(home_items)

    proc = start_cli(server, "home", home, "--also", "public", str(public))
    kill_when_archived(proc, server, home, 150)
    assert archived(home) < len(home_items)
    result = archived_ok(server, "home", home, "--also", "public", str(public))
    assert f"({len(home_items)} in all)" in result.stdout
    assert f"({len(public_items)} in all)" in result.stdout
    assert_exact(home, home_items)
    assert_exact(public, public_items)

    added = server.add_statuses(30)
    archived_ok(server, "home", home, "--also", "public", str(public))
    assert_exact(home, home_items + added)
    public_now = set(server.items("public"))
    assert_exact(public, public_items + [raw for raw in added if raw in public_now])


def test_a_torn_last_line_is_dropped_and_the_archive_completes_exactly(
    make_server: Callable[..., Timeline], tmp_path: Path
) -> None:
    server = make_server(1000, delay=0.004)
    output = tmp_path / "home.jsonl"
    expected = server.items()

    # Mid-backfill: killed, then half of the next item appended, as a crash mid-write
    # would leave it.
    kill_when_archived(start_cli(server, "home", output), server, output, 300)
    count = len(output.read_bytes().split(b"\n")) - 1
    with output.open("ab") as file:
        file.write(expected[count][: len(expected[count]) // 2])
    archived_ok(server, "home", output)
    assert_exact(output, expected)

    # A complete archive with a torn line at its end, then new statuses.
    with output.open("ab") as file:
        file.write(b'{"id":"1158')
    expected += server.add_statuses(25)
    archived_ok(server, "home", output)
    assert_exact(output, expected)


def test_pretty_printed_items_become_one_line_each_equal_as_json(
    make_server: Callable[..., Timeline], tmp_path: Path
) -> None:
    server = make_server(120, pretty=True)
    output = tmp_path / "home.jsonl"
    expected = server.items()
    assert all(b"\n" in raw for raw in expected)
    assert any(b"\r\n" in raw for raw in expected)
    archived_ok(server, "home", output)
    expected += server.add_statuses(15)
    archived_ok(server, "home", output)

    data = output.read_bytes()
    assert data.endswith(b"\n")
    assert b"\r" not in data
    lines = data[:-1].split(b"\n")
    assert len(lines) == len(expected)
    assert [json.loads(line) for line in lines] == [json.loads(raw) for raw in expected]


# --- output, progress, the token ----------------------------------------------------------


def test_quiet_prints_nothing_on_success(
    make_server: Callable[..., Timeline], tmp_path: Path
) -> None:
    server = make_server(150, delay=0.005)
    output = tmp_path / "home.jsonl"
    result = archive(server, "home", output, "--quiet")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert_exact(output, server.items())


def run_on_terminal(server: Timeline, output: Path, *args: str) -> tuple[int, str, bytes]:
    """Run with stderr on a pseudo-terminal: (status, stdout, what the terminal got)."""
    controller, terminal = pty.openpty()
    proc = subprocess.Popen(
        [*CLI, "home", str(output), "--instance", server.base_url, *args],
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=terminal,
        text=True,
    )
    os.close(terminal)
    shown = b""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], 1.0)
        if not ready:
            continue
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the command closed its end
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    out, _ = proc.communicate(timeout=DEADLINE)
    assert TOKEN.encode() not in shown
    assert TOKEN not in out
    return proc.returncode, out, shown


def test_the_progress_line_shows_on_a_terminal_only(
    make_server: Callable[..., Timeline], tmp_path: Path
) -> None:
    # 30 pages, a tenth of a second or more: the line is drawn as the walk starts, and
    # again every 0.2 s.
    server = make_server(300, delay=0.005)

    status, out, shown = run_on_terminal(server, tmp_path / "a.jsonl")
    assert status == 0
    assert "archived 300 new items" in out
    assert b"\r\x1b[K" in shown
    assert b"items/s" in shown

    status, out, shown = run_on_terminal(server, tmp_path / "b.jsonl", "--quiet")
    assert (status, out, shown) == (0, "", b"")

    result = archived_ok(server, "home", tmp_path / "c.jsonl")  # stderr is a pipe: nothing
    assert "archived 300 new items" in result.stdout
    for name in ("a", "b", "c"):
        assert_exact(tmp_path / f"{name}.jsonl", server.items())


def test_the_token_appears_nowhere(make_server: Callable[..., Timeline], tmp_path: Path) -> None:
    server = make_server(200)
    server.inject("503", count=1, skip=3)  # a retry on the way
    output = tmp_path / "home.jsonl"
    result = archive(server, "home", output, "--token", TOKEN, token=None)
    assert result.returncode == 0, result.stderr
    assert_exact(output, server.items())

    wrong = "tok-wrong-Hk3u8Qp-also-never-printed"
    refused = run_here("home", str(output), "--instance", server.base_url, token=wrong)
    assert_one_error_line(refused, 1, "refused the token")
    assert wrong not in refused.stderr
    assert server.unauthorized == 1
    assert_no_token(tmp_path)
    assert wrong.encode() not in b"".join(snapshot(tmp_path).values())


def test_python_dash_m_and_the_console_script_are_the_same_command(tmp_path: Path) -> None:
    module = subprocess.run(
        [sys.executable, "-m", "aiomastodon", "archive", "--help"],
        capture_output=True, text=True, timeout=DEADLINE, check=True,
    )  # fmt: skip
    assert "TIMELINE OUTPUT" in module.stdout
    assert "account:@user@host" in module.stdout
    script = Path(sys.executable).with_name("aiomastodon")
    if not script.exists():
        pytest.skip("the console script is not installed beside this interpreter")
    scripted = subprocess.run(
        [str(script), "archive", "--help"],
        capture_output=True, text=True, timeout=DEADLINE, check=True,
    )  # fmt: skip
    assert scripted.stdout == module.stdout


# --- bad input: one line, a non-zero status, nothing written ------------------------------


@dataclass(frozen=True)
class Bad:
    """A bad run: its arguments (``{out}``, ``{url}`` filled in), status and message."""

    args: tuple[str, ...]
    status: int
    says: str
    token: str | None = TOKEN


BAD = {
    "unknown TIMELINE in --also": Bad(
        ("home", "{out}", "--instance", "{url}", "--also", "timeline:x", "{out}2"),
        2,
        "unknown timeline 'timeline:x'",
    ),
    "malformed URL": Bad(("home", "{out}", "--instance", "http://[::1"), 2, "not a usable"),
    "not an http URL": Bad(("home", "{out}", "--instance", "ftp://example.com"), 2, "not an http"),
    "URL without a host": Bad(("home", "{out}", "--instance", "http://"), 2, "not an http"),
    "no instance": Bad(("home", "{out}"), 2, "no instance"),
    "no token": Bad(("home", "{out}", "--instance", "{url}"), 2, "needs an access token", None),
    "refused token (401)": Bad(
        ("home", "{out}", "--instance", "{url}"), 1, "refused the token", "tok-refused-1"
    ),
    "unreachable host": Bad(("home", "{out}", "--instance", "{closed}"), 1, "Cannot connect"),
    "unknown account": Bad(
        ("account:@nobody@nowhere.example", "{out}", "--instance", "{url}"), 1, "not found"
    ),
}


def _bad_args(bad: Bad, server: Timeline, output: Path) -> list[str]:
    url = f"http://127.0.0.1:{closed_port()}"
    fill = {"{out}": str(output), "{out}2": f"{output}2", "{url}": server.base_url}
    return [fill.get(arg, arg).replace("{closed}", url) for arg in bad.args]


@pytest.mark.parametrize("bad", BAD.values(), ids=BAD.keys())
def test_bad_input_on_a_new_archive_writes_nothing(
    make_server: Callable[..., Timeline], tmp_path: Path, bad: Bad
) -> None:
    server = make_server(30)
    result = run_here(*_bad_args(bad, server, tmp_path / "home.jsonl"), token=bad.token)
    assert_one_error_line(result, bad.status, bad.says)
    assert snapshot(tmp_path) == {}


@pytest.mark.parametrize(
    "bad",
    [BAD[name] for name in ("unknown TIMELINE in --also", "malformed URL", "refused token (401)")]
    + [Bad(("home", "{out}", "--instance", "{url}"), 1, "Cannot connect")],
    ids=["unknown TIMELINE in --also", "malformed URL", "refused token (401)", "unreachable"],
)
def test_bad_input_leaves_an_existing_archive_byte_identical(
    make_server: Callable[..., Timeline], tmp_path: Path, bad: Bad
) -> None:
    server = make_server(30)
    output = tmp_path / "home.jsonl"
    archived_ok(server, "home", output)
    server.add_statuses(5)  # something to write, were the run to go ahead
    before = snapshot(tmp_path)
    if bad.says == "Cannot connect":
        server.stop()  # the archive's own instance, gone
    result = run_here(*_bad_args(bad, server, output), token=bad.token)
    assert_one_error_line(result, bad.status, bad.says)
    assert snapshot(tmp_path) == before


def test_an_unknown_timeline_is_refused_and_nothing_written(
    make_server: Callable[..., Timeline], tmp_path: Path
) -> None:
    server = make_server(30)
    output = tmp_path / "home.jsonl"
    result = archive(server, "everything", output)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "aiomastodon: error: argument TIMELINE: unknown timeline 'everything': use one "
        "of home, public, local, tag:NAME, list:ID, account:ID, account:@user@host, "
        "favourites, bookmarks, notifications"
    ]
    assert snapshot(tmp_path) == {}
    archived_ok(server, "home", output)
    before = snapshot(tmp_path)
    assert archive(server, "everything", output).returncode == 2
    assert snapshot(tmp_path) == before


def test_an_unknown_timeline_is_one_line(
    make_server: Callable[..., Timeline], tmp_path: Path
) -> None:
    server = make_server(1)
    result = archive(server, "everything", tmp_path / "home.jsonl")
    assert_one_error_line(result, 2, "unknown timeline 'everything'")


@pytest.mark.parametrize("where", ["OUTPUT", "--also OUTPUT"])
def test_an_existing_file_that_is_not_an_archive_is_refused_and_untouched(
    make_server: Callable[..., Timeline], tmp_path: Path, where: str
) -> None:
    server = make_server(30)
    mine = tmp_path / "notes.txt"
    mine.write_bytes(b"my own notes\nnot an archive\n")
    if where == "OUTPUT":
        result = archive(server, "home", mine)
    else:
        result = archive(server, "home", tmp_path / "home.jsonl", "--also", "public", str(mine))
    assert_one_error_line(result, 3, "is not an aiomastodon archive")
    assert snapshot(tmp_path) == {"notes.txt": b"my own notes\nnot an archive\n"}


def test_an_archive_of_another_instance_is_refused_and_untouched(
    make_server: Callable[..., Timeline], tmp_path: Path
) -> None:
    first, second = make_server(30), make_server(30)
    output = tmp_path / "home.jsonl"
    archived_ok(first, "home", output)
    before = snapshot(tmp_path)
    assert_one_error_line(archive(second, "home", output), 3, f"archives home of {first.base_url}")
    assert_one_error_line(archive(first, "public", output), 3, "archives home of")
    assert snapshot(tmp_path) == before


# --- every TIMELINE kind, against mastodon-mock --------------------------------------------


def _mock(base: str, method: str, path: str, token: str, body: object = None) -> Any:
    request = urllib.request.Request(
        base + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=DEADLINE) as response:  # loopback only
        return json.loads(response.read() or b"null")


def _served(base: str, path: str, token: str) -> list[bytes]:
    """Every item of a list endpoint, newest first, as the server's own bytes (following
    ``rel="next"``, independently of aiomastodon)."""
    items: list[bytes] = []
    sep = "&" if "?" in path else "?"
    url: str | None = f"{base}{path}{sep}limit=40"
    while url is not None:
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=DEADLINE) as response:  # loopback only
            page = msgspec.json.decode(response.read(), type=list[msgspec.Raw])
            link = response.headers.get("Link") or ""
        items += [bytes(raw) for raw in page]
        url = None
        for part in link.split(","):
            if page and part.strip().endswith('rel="next"'):
                url = part.strip().split(">")[0].lstrip("<")
    return items


def test_every_timeline_kind_against_mastodon_mock(mock_url: str, tmp_path: Path) -> None:
    base = mock_url
    bob = _mock(base, "GET", "/api/v1/accounts/verify_credentials", "bob_token")
    dave = _mock(base, "GET", "/api/v1/accounts/lookup?acct=dave@remote.example", "alice_token")
    listed = _mock(base, "POST", "/api/v1/lists", "alice_token", {"title": "Bob"})
    _mock(base, "POST", f"/api/v1/lists/{listed['id']}/accounts", "alice_token",
          {"account_ids": [bob["id"]]})  # fmt: skip

    def post(n: int) -> str:
        status = {"status": f"Status {n} for @alice #archive"}
        return str(_mock(base, "POST", "/api/v1/statuses", "bob_token", status)["id"])

    def mark(status_id: str) -> None:
        for action in ("favourite", "bookmark"):
            _mock(base, "POST", f"/api/v1/statuses/{status_id}/{action}", "alice_token", {})

    with ThreadPoolExecutor(4) as pool:
        posted = [post(n) for n in range(45)]  # two pages of 40 everywhere
        list(pool.map(mark, posted[:41]))

    kinds = {  # TIMELINE: where the same items are served
        "home": "/api/v1/timelines/home",
        "public": "/api/v1/timelines/public",
        "local": "/api/v1/timelines/public?local=true",
        "tag:archive": "/api/v1/timelines/tag/archive",
        f"list:{listed['id']}": f"/api/v1/timelines/list/{listed['id']}",
        f"account:{bob['id']}": f"/api/v1/accounts/{bob['id']}/statuses",
        "account:@bob": f"/api/v1/accounts/{bob['id']}/statuses",
        "account:@dave@remote.example": f"/api/v1/accounts/{dave['id']}/statuses",
        "favourites": "/api/v1/favourites",
        "bookmarks": "/api/v1/bookmarks",
        "notifications": "/api/v1/notifications",
    }
    outputs = {kind: tmp_path / f"{n}.jsonl" for n, kind in enumerate(kinds)}

    def run_all() -> None:
        """One run for them all (``--also``): each its own OUTPUT."""
        pairs = [(kind, str(outputs[kind])) for kind in kinds]
        args = [*pairs[0], "--instance", base]
        for kind, output in pairs[1:]:
            args += ["--also", kind, output]
        result = run_here(*args, token="alice_token")
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""

    run_all()
    first: dict[str, bytes] = {}
    for kind, path in kinds.items():
        served = _served(base, path, "alice_token")
        if kind == "account:@dave@remote.example":
            assert served == []
            assert not outputs[kind].exists()
            continue
        assert len(served) == (41 if kind in ("favourites", "bookmarks") else 45), kind
        assert_exact(outputs[kind], served)
        first[kind] = outputs[kind].read_bytes()

    new = [post(n) for n in range(45, 48)]
    for status_id in new:
        mark(status_id)
    run_all()
    for kind, path in kinds.items():
        if kind == "account:@dave@remote.example":
            assert not outputs[kind].exists()
            continue
        served = _served(base, path, "alice_token")
        data = outputs[kind].read_bytes()
        assert data.startswith(first[kind]), f"{kind}: the first run's lines changed"
        appended = data[len(first[kind]) :].split(b"\n")
        assert appended[-1] == b""
        assert appended[:-1] == served[:3][::-1], f"{kind}: not the three new, oldest first"
        assert [item_id(line) for line in appended[:-1]] == [
            item_id(raw) for raw in served[:3][::-1]
        ]
