"""``aiomastodon archive ... --media DIR`` end to end, over loopback.

An instance of our own (``media_servers.MediaInstance``) serves a home timeline whose
statuses carry media on two other origins (``MediaOrigin``: the media host, and a CDN it
redirects to): unique files, one file many statuses share, different URLs with the same
bytes, boosts, a video, a file whose type only its first bytes tell, a 404, a 410, a
redirect. Runs are the command's ``main()`` in this process, or, where the process
boundary is the point (``kill -9``), ``python -m aiomastodon``.

The check (:func:`assert_media_complete`): the index beside OUTPUT has one line per media
URL, each file is in DIR once under its SHA-256 with the server's exact bytes, each
permanent failure is recorded with its status, DIR holds nothing else (no temporary file
left), OUTPUT's lines are the server's bytes, and the token reached no media origin.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from aiomastodon import cli
from aiomastodon.cli import archive as archive_module
from aiomastodon.cli.media import INDEX_SUFFIX, LOCK, TMP
from aiomastodon.scheduler import Scheduler

from .media_servers import MediaFile, MediaInstance, MediaOrigin, pattern

pytestmark = pytest.mark.integration

TOKEN = "tok-K2v9-archive-media-never-sent-x7"
DEADLINE = 30.0
PNG = b"\x89PNG\r\n\x1a\n" + pattern(3000, seed=99)  # a PNG by its first bytes


# --- the servers and the corpus ---------------------------------------------------------------


@dataclass
class Corpus:
    """What the archive's media must end up as."""

    files: dict[str, bytes] = field(default_factory=dict)
    """Media URL → the bytes it serves (after its redirects)."""
    failures: dict[str, int] = field(default_factory=dict)
    """Media URL → the status it fails with."""
    extras: dict[str, bytes] = field(default_factory=dict)
    """Avatars and emojis (with --media-extras)."""


@dataclass
class Servers:
    instance: MediaInstance
    media: MediaOrigin
    cdn: MediaOrigin
    corpus: Corpus

    def media_requests(self) -> list[dict[str, str]]:
        return self.media.headers_received() + self.cdn.headers_received()


@pytest.fixture
def make_servers() -> Iterator[Callable[..., Servers]]:
    made: list[Servers] = []

    def make(statuses: int = 60, *, big: bool = False) -> Servers:
        servers = Servers(MediaInstance(token=TOKEN), MediaOrigin(), MediaOrigin(), Corpus())
        servers.instance.start()
        servers.media.start()
        servers.cdn.start()
        made.append(servers)
        populate(servers, statuses, big=big)
        return servers

    yield make
    for servers in made:
        servers.instance.close()
        servers.media.close()
        servers.cdn.close()


def populate(servers: Servers, statuses: int, *, big: bool) -> None:
    """Post ``statuses`` statuses with media of every kind the check knows."""
    media, cdn, corpus = servers.media, servers.cdn, servers.corpus

    def serve(path: str, file: MediaFile, *, on: MediaOrigin = media) -> str:
        url = on.add(path, file)
        corpus.files[url] = file.data
        return url

    shared = serve("/shared.png", MediaFile(pattern(2000, seed=1)))
    same_bytes = pattern(2500, seed=2)
    avatars = []
    for n in range(3):
        url = media.add(f"/avatars/{n}.png", pattern(500 + n, seed=10 + n))
        corpus.extras[url] = media.files[f"/avatars/{n}.png"].data
        avatars.append(url)
    emoji = media.add("/emoji/blob.gif", MediaFile(pattern(300, seed=20), content_type="image/gif"))
    corpus.extras[emoji] = media.files["/emoji/blob.gif"].data
    if big:
        serve("/big.bin", MediaFile(pattern(2_000_000, seed=3), hold_at=1_000_000))
    for n in range(statuses):
        urls = [
            serve(f"/files/{n}-{i}.png", MediaFile(pattern(1000 + 37 * n + i, seed=100 + n)))
            for i in range(n % 3)
        ]
        if n % 7 == 0:
            urls.append(shared)
        if n % 11 == 5:
            urls.append(serve(f"/same/{n}.png", MediaFile(same_bytes)))
        if n % 13 == 6:
            urls.append(media.url(f"/missing/{n}.png?sig=s3cr3t"))
            corpus.failures[urls[-1]] = 404
        if n % 17 == 8:
            urls.append(media.add(f"/gone/{n}.png", MediaFile(status=410)))
            corpus.failures[urls[-1]] = 410
        if n % 9 == 4:
            target = serve(
                f"/bucket/{n}.mp4", MediaFile(pattern(4000 + n), content_type="video/mp4"), on=cdn
            )
            urls.append(media.add(f"/r/{n}", MediaFile(redirect=target)))
            corpus.files[urls[-1]] = corpus.files.pop(target)
        if n == 3:
            urls.append(serve("/sniffed", MediaFile(PNG, content_type="application/octet-stream")))
        if big and n == statuses // 2:
            urls.append(media.url("/big.bin"))
        reblog = None
        if n % 10 == 9:
            inner = serve(f"/boosted/{n}.png", MediaFile(pattern(1500 + n, seed=200 + n)))
            reblog = servers.instance.add_status([inner], avatar=avatars[0])
            servers.instance._items.pop()  # the boosted status itself is not on the timeline
        servers.instance.add_status(
            urls, avatar=avatars[n % 3], emojis=(emoji,) if n % 4 == 0 else (), reblog_of=reblog
        )


# --- running the command ------------------------------------------------------------------------


def env() -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if not k.startswith("MASTODON_")}
    out["MASTODON_TOKEN"] = TOKEN
    return out


async def _quick(seconds: float) -> None:
    await asyncio.sleep(min(seconds, 0.01))


def run_here(*args: str) -> subprocess.CompletedProcess[str]:
    """``aiomastodon archive ARGS`` in this process, backoff waits cut short."""
    out, err = io.StringIO(), io.StringIO()
    with (
        mock.patch.dict(os.environ, env(), clear=True),
        mock.patch.object(cli, "Scheduler", functools.partial(Scheduler, sleep=_quick)),
    ):
        status = cli.main(["archive", *args], out=out, err=err)
    result = subprocess.CompletedProcess(args, status, out.getvalue(), err.getvalue())
    assert TOKEN not in result.stdout + result.stderr
    return result


def archive_args(servers: Servers, output: Path, directory: Path, *extra: str) -> list[str]:
    return [
        "home",
        str(output),
        "--instance",
        servers.instance.base_url,
        "--media",
        str(directory),
        *extra,
    ]


def archived_ok(servers: Servers, output: Path, directory: Path, *extra: str) -> str:
    """Run to the end, successfully and quietly on stderr; the media summary line."""
    result = run_here(*archive_args(servers, output, directory, *extra))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    # The walk's summary, the media's, and the files left beside OUTPUT (the index too).
    assert len(lines) == 3
    assert lines[1].startswith("media: ")
    assert f"{output.name}.media.jsonl (where the media of home are)" in lines[2]
    return lines[1]


_STARTED: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def _no_process_outlives_its_test() -> Iterator[None]:
    yield
    while _STARTED:
        proc = _STARTED.pop()
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


def start(servers: Servers, output: Path, directory: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "aiomastodon", "archive", *archive_args(servers, output, directory)],
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _STARTED.append(proc)
    return proc


def wait_while_running(
    server: MediaInstance | MediaOrigin,
    proc: subprocess.Popen[str],
    predicate: Callable[[Any], bool],
) -> None:
    """Wait until ``predicate(server)`` holds; fail at once, with its stderr, if ``proc``
    ends first (a run that stopped would otherwise be waited for until the deadline)."""

    def watch() -> None:
        proc.wait()
        with server._changed:  # wake the wait: the process is gone
            server._changed.notify_all()

    threading.Thread(target=watch, daemon=True).start()
    held = server.wait(lambda s: predicate(s) or proc.poll() is not None, DEADLINE)
    assert proc.poll() is None, proc.communicate()
    assert held


def kill(proc: subprocess.Popen[str]) -> None:
    """``kill -9``: it must still be running."""
    assert proc.poll() is None, proc.communicate()
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=DEADLINE)
    assert proc.returncode == -signal.SIGKILL
    assert TOKEN not in out + err


# --- checking ---------------------------------------------------------------------------------


def index_path(output: Path) -> Path:
    return output.with_name(output.name + INDEX_SUFFIX)


def read_index(output: Path) -> list[dict[str, object]]:
    """The complete lines of the index (a torn last one, as a kill may leave, is not)."""
    try:
        data = index_path(output).read_bytes()
    except FileNotFoundError:
        return []
    return [json.loads(line) for line in data[: data.rfind(b"\n") + 1].splitlines()]


def stored_files(directory: Path) -> set[str]:
    """Every file in DIR but its lock, relative to it (temporary ones included)."""
    return {
        str(p.relative_to(directory))
        for p in directory.rglob("*")
        if p.is_file() and p.name != LOCK
    }


def assert_media_complete(
    servers: Servers, output: Path, directory: Path, *, extras: bool = False
) -> None:
    corpus = servers.corpus
    expected = dict(corpus.files) | (dict(corpus.extras) if extras else {})
    lines = read_index(output)
    assert index_path(output).read_bytes().endswith(b"\n")
    twice = [url for url, n in Counter(str(e["url"]) for e in lines).items() if n > 1]
    assert not twice, f"URLs indexed more than once: {twice[:3]}"
    entries = {str(e["url"]): e for e in lines}
    assert set(entries) == set(expected) | set(corpus.failures)
    for url, data in expected.items():
        entry = entries[url]
        digest = hashlib.sha256(data).hexdigest()
        assert entry["sha256"] == digest, url
        assert entry["size"] == len(data)
        assert entry["file"] == f"{digest[:2]}/{digest}{Path(str(entry['file'])).suffix}"
        assert (directory / str(entry["file"])).read_bytes() == data, url
    for url, status in corpus.failures.items():
        assert entries[url]["status"] == status
        assert "file" not in entries[url]
        assert "s3cr3t" not in str(entries[url]["error"])
    # Each content once; nothing else in DIR (no temporary file left).
    assert stored_files(directory) == {str(e["file"]) for e in lines if "file" in e}
    assert len(stored_files(directory)) == len(
        {hashlib.sha256(d).digest() for d in expected.values()}
    )
    assert list((directory / TMP).iterdir()) == []
    # OUTPUT is the server's bytes, each item once, untouched by the media run (its order
    # is the walk's business: newest first, then what is new appended).
    lines_out = output.read_bytes().split(b"\n")
    assert lines_out.pop() == b""
    assert Counter(lines_out) == Counter(servers.instance.items())
    for headers in servers.media_requests():
        assert "Authorization" not in headers
        assert TOKEN not in repr(headers)
    for path in [*directory.rglob("*"), *output.parent.iterdir()]:
        if path.is_file():
            assert TOKEN.encode() not in path.read_bytes(), path


# --- the tests -----------------------------------------------------------------------------------


def test_every_attachment_once_by_content_with_an_index_beside_output(make_servers, tmp_path):
    servers = make_servers(60)
    output, directory = tmp_path / "home.jsonl", tmp_path / "media"
    summary = archived_ok(servers, output, directory)
    assert_media_complete(servers, output, directory)
    files = len(servers.corpus.files)
    failed = len(servers.corpus.failures)
    assert summary.startswith(f"media: {files} files downloaded (")
    assert f"{failed} failed (404: " in summary
    assert summary.endswith(f"→ {directory}")
    # Types: the server's, or the first bytes' when it says nothing useful.
    entries = {str(e["url"]): e for e in read_index(output)}
    sniffed = entries[servers.media.url("/sniffed")]
    assert sniffed["type"] == "image/png"
    assert str(sniffed["file"]).endswith(".png")
    video = entries[servers.media.url("/r/4")]
    assert (video["type"], Path(str(video["file"])).suffix) == ("video/mp4", ".mp4")
    # Shared by many statuses, fetched once.
    assert len(servers.media.requests_for("/shared.png")) == 1


def test_a_second_run_downloads_nothing_again_and_retries_no_permanent_failure(
    make_servers, tmp_path
):
    servers = make_servers(40)
    output, directory = tmp_path / "home.jsonl", tmp_path / "media"
    archived_ok(servers, output, directory)
    asked = len(servers.media.requests) + len(servers.cdn.requests)
    summary = archived_ok(servers, output, directory)
    assert len(servers.media.requests) + len(servers.cdn.requests) == asked
    known = len(servers.corpus.files)
    assert f"0 files downloaded (0.0 kB), {known} already archived" in summary
    assert f"{len(servers.corpus.failures)} failed before (see --media-retry-failed)" in summary
    assert_media_complete(servers, output, directory)
    # Asked to, it tries the failures again (and they fail again, recorded once more).
    summary = archived_ok(servers, output, directory, "--media-retry-failed")
    retried = len(servers.media.requests) + len(servers.cdn.requests) - asked
    assert retried == len(servers.corpus.failures)


def test_new_statuses_bring_their_media_on_the_next_run(make_servers, tmp_path):
    servers = make_servers(20)
    output, directory = tmp_path / "home.jsonl", tmp_path / "media"
    archived_ok(servers, output, directory)
    new = servers.media.add("/new.png", pattern(1234, seed=5))
    servers.corpus.files[new] = servers.media.files["/new.png"].data
    servers.instance.add_status([new])
    summary = archived_ok(servers, output, directory)
    assert summary.startswith("media: 1 file downloaded (1.2 kB)")
    assert_media_complete(servers, output, directory)


def test_a_file_missing_from_dir_is_fetched_again(make_servers, tmp_path):
    servers = make_servers(10)
    output, directory = tmp_path / "home.jsonl", tmp_path / "media"
    archived_ok(servers, output, directory)
    entry = next(e for e in read_index(output) if "file" in e and "shared" not in str(e["url"]))
    (directory / str(entry["file"])).unlink()
    summary = archived_ok(servers, output, directory)
    assert summary.startswith("media: 1 file downloaded")
    assert (directory / str(entry["file"])).exists()


def test_fsync_runs_the_same(make_servers, tmp_path):
    servers = make_servers(8)
    output, directory = tmp_path / "home.jsonl", tmp_path / "media"
    archived_ok(servers, output, directory, "--fsync")
    assert_media_complete(servers, output, directory)


def test_extras_are_avatars_headers_and_emojis_each_once(make_servers, tmp_path):
    servers = make_servers(12)
    output, directory = tmp_path / "home.jsonl", tmp_path / "media"
    archived_ok(servers, output, directory, "--media-extras")
    assert_media_complete(servers, output, directory, extras=True)
    assert len(servers.media.requests_for("/avatars/0.png")) == 1


def test_transient_failures_leave_no_line_and_the_next_run_gets_them(make_servers, tmp_path):
    servers = make_servers(5)
    busy = servers.media.add("/busy.png", MediaFile(pattern(999, seed=9), status=503))
    servers.instance.add_status([busy])
    output, directory = tmp_path / "home.jsonl", tmp_path / "media"
    summary = archived_ok(servers, output, directory)
    assert "1 to retry next run" in summary
    assert busy not in {e["url"] for e in read_index(output)}
    assert len(servers.media.requests_for("/busy.png")) == 6  # the media scheduler's retries
    servers.media.files["/busy.png"].status = 200
    servers.corpus.files[busy] = servers.media.files["/busy.png"].data
    summary = archived_ok(servers, output, directory)
    assert summary.startswith("media: 1 file downloaded")
    assert_media_complete(servers, output, directory)


def test_two_timelines_share_dir_and_a_file_they_share_is_fetched_once(make_servers, tmp_path):
    servers = make_servers(15)
    directory = tmp_path / "media"
    home, again = tmp_path / "home.jsonl", tmp_path / "again.jsonl"
    args = archive_args(servers, home, directory, "--also", "home", str(again))
    result = run_here(*args)
    assert result.returncode == 0, result.stderr
    assert {e["url"] for e in read_index(home)} == {e["url"] for e in read_index(again)}
    assert len(servers.media.requests_for("/shared.png")) == 1
    assert_media_complete(servers, again, directory)


def test_a_torn_index_line_is_cut_and_its_file_fetched_again(make_servers, tmp_path):
    servers = make_servers(10)
    output, directory = tmp_path / "home.jsonl", tmp_path / "media"
    archived_ok(servers, output, directory)
    data = index_path(output).read_bytes()
    last = data[:-1].rfind(b"\n") + 1
    index_path(output).write_bytes(data[: last + 20])  # the last line, torn
    summary = archived_ok(servers, output, directory)
    assert "1 file downloaded" in summary or "1 failed" in summary
    assert_media_complete(servers, output, directory)


def test_a_damaged_index_stops_the_run_with_one_line(make_servers, tmp_path):
    servers = make_servers(5)
    output, directory = tmp_path / "home.jsonl", tmp_path / "media"
    archived_ok(servers, output, directory)
    index_path(output).write_bytes(b"not json\n" + index_path(output).read_bytes())
    result = run_here(*archive_args(servers, output, directory))
    assert result.returncode == 3  # cli/exits.py: not this archive (as a damaged state)
    assert result.stderr.strip().endswith("is damaged at line 1: not a media index entry")
    assert len(result.stderr.splitlines()) == 1


def test_dir_in_use_by_another_run_is_refused(make_servers, tmp_path):
    import fcntl

    servers = make_servers(3)
    output, directory = tmp_path / "home.jsonl", tmp_path / "media"
    directory.mkdir()
    with (directory / LOCK).open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = run_here(*archive_args(servers, output, directory))
    assert result.returncode == 4  # cli/exits.py: held by another run, as OUTPUT's lock
    assert "is in use by another aiomastodon archive run" in result.stderr


def test_a_file_over_the_max_size_is_recorded_as_failed(make_servers, tmp_path):
    servers = make_servers(3)
    huge = servers.media.add("/huge.mp4", MediaFile(huge=(3 * 1024 * 1024, b"v" * 4096)))
    servers.instance.add_status([huge])
    servers.corpus.failures[huge] = 0
    output, directory = tmp_path / "home.jsonl", tmp_path / "media"
    summary = archived_ok(servers, output, directory, "--media-max-size", "2")
    assert "1 failed (refused: 1)" in summary
    entry = next(e for e in read_index(output) if e["url"] == huge)
    assert "max_size" in str(entry["error"])
    assert_media_complete(servers, output, directory)


# --- the walk never waits for media; kill -9 at any moment ---------------------------------------


def test_the_walk_finishes_while_every_download_is_held(make_servers, tmp_path):
    servers = make_servers(60)
    servers.instance.delay = 0.2  # a walk long enough for the downloads to get going
    servers.media.hold_all = True
    servers.cdn.hold_all = True
    output, directory = tmp_path / "home.jsonl", tmp_path / "media"
    proc = start(servers, output, directory)
    try:
        # The walk's last request (for statuses newer than the newest) comes after the
        # backfill's last save: by then OUTPUT is complete, and no file has arrived.
        assert servers.instance.wait(lambda i: any("min_id" in q for q in i.queries), DEADLINE)
        state = archive_module._newest_slot(
            output.with_name(output.name + ".state.json").read_bytes()
        )
        assert state is not None
        assert state[1].items == 60
        assert sum(servers.media.completed.values()) == 0
        assert servers.media.holds  # downloads were on their way meanwhile
    finally:
        servers.media.release()
        servers.cdn.release()
    _, err = proc.communicate(timeout=DEADLINE)
    assert proc.returncode == 0, err
    assert_media_complete(servers, output, directory)


def snapshot(servers: Servers, output: Path) -> tuple[set[str], Counter[str]]:
    """The URLs the index has finished, and the requests each media path has had."""
    done = {str(e["url"]) for e in read_index(output)}
    asked = Counter(p for p, _ in servers.media.requests)
    asked.update(p for p, _ in servers.cdn.requests)
    return done, asked


def test_kill_9_at_several_points_then_a_rerun_completes_every_file_exactly_once(
    make_servers, tmp_path
):
    servers = make_servers(80, big=True)
    servers.instance.delay = 0.05
    servers.media.delay = servers.cdn.delay = 0.01
    output, directory = tmp_path / "home.jsonl", tmp_path / "media"
    snapshots = []

    # 1. During the walk: after its second page request.
    proc = start(servers, output, directory)
    wait_while_running(servers.instance, proc, lambda i: i.pages >= 2)
    kill(proc)
    snapshots.append(snapshot(servers, output))

    # 2. With downloads under way: once this run has asked for 20 files. A downloader asks
    # for its next file only after indexing its last, and 8 of them run at once: a dozen
    # files are indexed by then, and some are on their way.
    asked = len(servers.media.requests)
    proc = start(servers, output, directory)
    wait_while_running(servers.media, proc, lambda m: len(m.requests) >= asked + 20)
    kill(proc)
    snapshots.append(snapshot(servers, output))

    # 3. In the middle of a file: the big one, half sent, held there.
    held = servers.media.holds["/big.bin"]
    proc = start(servers, output, directory)
    wait_while_running(servers.media, proc, lambda m: m.holds["/big.bin"] > held)
    assert any((directory / TMP).iterdir()), "no partial file: the kill is not mid-file"
    kill(proc)
    snapshots.append(snapshot(servers, output))

    # Then to the end.
    servers.media.release()
    result = subprocess.run(
        [sys.executable, "-m", "aiomastodon", "archive", *archive_args(servers, output, directory)],
        env=env(), capture_output=True, text=True, timeout=DEADLINE, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert TOKEN not in result.stdout + result.stderr
    servers.corpus.files[servers.media.url("/big.bin")] = servers.media.files["/big.bin"].data
    assert_media_complete(servers, output, directory)
    # No finished file was fetched again by a later run.
    _, final = snapshot(servers, output)
    for done, asked in snapshots:
        for url in done:
            path = "/" + url.split("/", 3)[3].split("?")[0]
            assert final[path] == asked[path], f"{url} was fetched again after it was indexed"
    assert snapshots[0][0] < snapshots[1][0] < snapshots[2][0], "each kill after more files"


def test_a_run_killed_while_it_made_the_state_file_is_resumed(make_servers, tmp_path):
    """What step 1 above left when killed as the state file was being made (issue 16's
    flaky kill -9 test): a state file without a slot, refused as damaged by every later
    run. The state file now appears whole or not at all; a kill at that moment leaves
    its temporary file, a lock file, and nothing else."""
    servers = make_servers(30)
    output, directory = tmp_path / "home.jsonl", tmp_path / "media"
    (tmp_path / "home.jsonl.state.json.new").write_bytes(b"")
    (tmp_path / "home.jsonl.lock").write_text("4242\n")
    archived_ok(servers, output, directory)
    assert_media_complete(servers, output, directory)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "home.jsonl", "home.jsonl.media.jsonl", "home.jsonl.state.json", "media"
    ]  # fmt: skip
