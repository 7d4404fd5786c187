"""The README's main job: `aiomastodon archive home OUTPUT --demo`, run twice."""

from __future__ import annotations

import hashlib
import io
import json
import os
import pty
import select
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from aiomastodon.cli import demo, main

pytestmark = pytest.mark.integration

DEADLINE = 60.0


def _run(output: Path, *more: str) -> subprocess.CompletedProcess[str]:
    """The README's command (as ``main()``, in this process: ``python -m aiomastodon`` is
    the same command, see test_cli.py), with a smaller seed."""
    args = ["archive", "home", str(output), "--demo", "--demo-statuses", "300", *more]
    out, err = io.StringIO(), io.StringIO()
    status = main(args, out=out, err=err)
    return subprocess.CompletedProcess(args, status, out.getvalue(), err.getvalue())


def test_the_demo_archives_then_appends_only_what_is_new(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    first = _run(output)
    assert first.returncode == 0, first.stderr
    assert "home +300 " in first.stdout
    lines = output.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 300
    ids = [json.loads(line)["id"] for line in lines]
    assert len(set(ids)) == 300

    second = _run(output)  # the demo posts 25 statuses first, as others would have
    assert second.returncode == 0, second.stderr
    assert "home +25 " in second.stdout
    more = output.read_text(encoding="utf-8").splitlines()
    assert more[:300] == lines  # nothing rewritten
    new = [json.loads(line) for line in more[300:]]
    assert len(new) == 25
    assert len({s["id"] for s in new} | set(ids)) == 325  # each once
    numbers = [int(s["content"].rsplit("(", 1)[1].split(")")[0]) for s in new]
    assert numbers == list(range(1, 26))  # oldest first


def test_the_demo_says_what_it_does_and_names_every_file_it_leaves(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "out.jsonl"
    database = tmp_path / "out.jsonl.demo.sqlite"
    temporary = tmp_path_factory.mktemp("tmp")  # nothing may stay there either
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    first = _run(output)
    assert first.returncode == 0, first.stderr
    phases = first.stderr.splitlines()  # not a terminal: one line per phase, no counts
    assert phases[:2] == [
        "demo: starting mastodon-mock on 127.0.0.1",
        f"demo: seeding 300 statuses from 6 accounts into {database}",
    ]
    assert phases[2].startswith("demo: archiving home from http://127.0.0.1:")
    assert len(phases) == 3
    assert list(temporary.iterdir()) == []
    left = {path.name for path in tmp_path.iterdir()}
    assert left == {"out.jsonl", "out.jsonl.state.json", "out.jsonl.demo.sqlite"}
    summary = first.stdout.splitlines()
    assert len(summary) == 2
    assert summary[1] == (
        f"beside OUTPUT: {output}.state.json (where the next run of home resumes), "
        f"{database} (the demo instance's data)"
    )

    second = _run(output)
    assert second.returncode == 0, second.stderr
    assert second.stderr.splitlines()[1:3] == [
        f"demo: using the demo instance kept in {database}",
        "demo: posting 25 statuses, as others would have since the last run",
    ]
    assert list(temporary.iterdir()) == []
    assert {path.name for path in tmp_path.iterdir()} == left

    quiet = _run(output, "--quiet")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")


def test_a_demo_stopped_while_seeding_starts_over(tmp_path: Path) -> None:
    """What a stop mid-seed leaves (a half-seeded ``.seeding`` file) is never used."""
    output = tmp_path / "out.jsonl"
    (tmp_path / "out.jsonl.demo.sqlite.seeding").write_bytes(b"half a database")
    result = _run(output)
    assert result.returncode == 0, result.stderr
    assert len(output.read_bytes().splitlines()) == 300
    assert {path.name for path in tmp_path.iterdir()} == {
        "out.jsonl", "out.jsonl.state.json", "out.jsonl.demo.sqlite"
    }  # fmt: skip


def test_a_demo_archive_whose_instance_is_gone_is_refused(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    assert _run(output).returncode == 0
    (tmp_path / "out.jsonl.demo.sqlite").unlink()
    before = output.read_bytes()
    result = _run(output)
    assert result.returncode == 3
    assert result.stderr.splitlines()[-1].startswith(
        f"aiomastodon: error: {output} archives a demo instance, but "
    )
    assert output.read_bytes() == before
    assert not (tmp_path / "out.jsonl.demo.sqlite").exists()


def test_on_a_terminal_the_demo_shows_one_line_with_counts(tmp_path: Path) -> None:
    controller, terminal = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "aiomastodon", "archive", "home", str(tmp_path / "o.jsonl"),
         "--demo", "--demo-statuses", "600"],
        env={k: v for k, v in os.environ.items() if not k.startswith("MASTODON_")},
        stdout=subprocess.PIPE, stderr=terminal, text=True,
    )  # fmt: skip
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
    assert proc.returncode == 0
    assert "home +600 " in out
    assert b"\r\x1b[Kdemo: seeding 600 statuses from 6 accounts into " in shown
    assert b": 250/600" in shown
    assert b": 600/600" in shown
    assert b"\n" not in shown.replace(b"\r\n", b"")  # one line, rewritten: never a new one


def _index(output: Path) -> list[dict[str, object]]:
    data = output.with_name(output.name + ".media.jsonl").read_bytes()
    assert data.endswith(b"\n")
    return [json.loads(line) for line in data.splitlines()]


def _check_media(output: Path, directory: Path) -> list[dict[str, object]]:
    """Every attachment of OUTPUT is in the index once; each file is in DIR under its
    SHA-256, holds the picture its URL names, and is stored once; the 404s are recorded."""
    attached = [
        str(attachment["url"])
        for line in output.read_bytes().splitlines()
        for attachment in json.loads(line)["media_attachments"]
    ]
    entries = _index(output)
    urls = [str(e["url"]) for e in entries]
    assert len(urls) == len(set(urls))  # each URL once
    assert set(urls) == set(attached)
    stored = set()
    for entry in entries:
        picture = demo._picture_at("/" + str(entry["url"]).split("/", 3)[3])
        if picture is None:
            assert entry["status"] == 404, entry
            assert "file" not in entry
            continue
        data = (directory / str(entry["file"])).read_bytes()
        assert data == demo.demo_png(picture)
        digest = hashlib.sha256(data).hexdigest()
        assert entry["sha256"] == digest
        assert entry["file"] == f"{digest[:2]}/{digest}.png"
        assert (entry["size"], entry["type"]) == (len(data), "image/png")
        stored.add(str(entry["file"]))
    # Content-addressed: many URLs, one file per picture; nothing else in DIR.
    files = {str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file()} - {".lock"}
    assert files == stored
    assert list((directory / ".tmp").iterdir()) == []
    return entries


def test_the_demo_serves_media_that_media_archives_each_file_once(tmp_path: Path) -> None:
    output, directory = tmp_path / "out.jsonl", tmp_path / "media"
    first = _run(output, "--media", str(directory))
    assert first.returncode == 0, first.stderr
    entries = _check_media(output, directory)
    # A fraction of the statuses carry media, some the same URL, one a URL that is gone.
    seeded = [demo.media_of(n) for n in range(300)]
    statuses = json.loads(b"[" + b",".join(output.read_bytes().splitlines()) + b"]")
    assert sum(1 for s in statuses if s["media_attachments"]) == sum(1 for m in seeded if m)
    assert 30 < sum(1 for m in seeded if m) < 100
    assert len(entries) == len({path for m in seeded for path, _ in m})
    done = [e for e in entries if "file" in e]
    files = {e["file"] for e in done}
    assert len(files) == demo.PICTURES + 1  # every picture, each stored once
    assert len(done) > 3 * len(files)  # for many more URLs
    size = sum(int(str(e["size"])) for e in done)
    assert first.stdout.splitlines()[1] == (
        f"media: {len(done)} files downloaded ({size / 1e3:,.1f} kB), 0 already archived, "
        f"{len(done) - len(files)} with their content in DIR already, 1 failed (404: 1) "
        f"→ {directory}"
    )
    # On an origin of its own: another port than the instance's.
    archiving = next(x for x in first.stderr.splitlines() if x.startswith("demo: archiving"))
    media_origin = str(entries[0]["url"]).split("/demo-media/")[0]
    assert media_origin.startswith("http://127.0.0.1:")
    assert not archiving.endswith(media_origin)

    # The next run (another port for the media too): nothing again, the 404 not retried.
    second = _run(output, "--media", str(directory))
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines()[1] == (
        f"media: 0 files downloaded (0.0 kB), {len(done)} already archived, "
        f"1 failed before (see --media-retry-failed) → {directory}"
    )

    # A run stopped part-way through the media (its index cut short): the next run, on
    # yet another port, downloads the rest from the URLs as archived, and only those.
    index = output.with_name(output.name + ".media.jsonl")
    lines = index.read_bytes().splitlines(keepends=True)
    kept = [line for n, line in enumerate(lines) if n < 20 or b'"status"' in line]
    index.write_bytes(b"".join(kept))
    third = _run(output, "--media", str(directory))
    assert third.returncode == 0, third.stderr
    again = len(lines) - len(kept)
    assert third.stdout.splitlines()[1].startswith(f"media: {again} files downloaded (")
    assert f", {len(done) - again} already archived, " in third.stdout
    _check_media(output, directory)
