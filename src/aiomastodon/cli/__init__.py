"""The ``aiomastodon`` command (also ``python -m aiomastodon``).

```
aiomastodon archive TIMELINE OUTPUT [--also TIMELINE OUTPUT]... \\
    [--instance URL] [--credentials FILE] [--token TOKEN] \\
    [--demo [--demo-statuses N]] [--quiet] [--fsync] [--rate-limit-store URL] \\
    [--media DIR [--media-extras] [--media-retry-failed] [--media-max-size MiB]]
aiomastodon --version
```

The arguments, and where the instance and the token come from: ``cli/options.py``. The
exit statuses: ``cli/exits.py``. The token is only ever sent to the instance: it is never
printed or written anywhere.

A run checks everything it can before its first request: the arguments, then each
OUTPUT's lock (a second run on the same OUTPUT stops here), then each archive's state and
whether its files can be written. Only then does it start the demo instance or ask the
server for anything.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import stat
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TextIO

from ..__about__ import __version__
from ..client import Client
from ..errors import ArchiveError, MastodonError, NotFound, Unauthorized
from ..scheduler import Scheduler
from .archive import Archive, Progress, archive_timeline
from .exits import DONE, INTERRUPTED, USAGE, exit_status
from .media import INDEX_SUFFIX, MediaOptions, MediaRun
from .options import Options, parser, resolve
from .progress import PhaseLine, ProgressLine, left_beside, summary
from .timelines import Timeline

__all__ = ["main"]

DEMO_NEW_STATUSES = 25
_MESSAGE_MAX = 1000


@dataclass
class Job:
    """One TIMELINE → OUTPUT of this run."""

    timeline: Timeline
    archive: Archive
    progress: Progress


async def _tick(display: ProgressLine, jobs: Sequence[Job], client: Client) -> None:
    while True:
        display.show([(job.timeline.text, job.progress) for job in jobs], client.rate_limits)
        await asyncio.sleep(0.2)


async def _run(
    jobs: Sequence[Job],
    base_url: str,
    token: str | None,
    display: ProgressLine,
    *,
    demo: bool,
    phases: PhaseLine,
    store: str | None = None,
    media: MediaOptions | None = None,
) -> None:
    async with (
        Scheduler(on_event=display.on_event, store=store) as scheduler,
        Client(base_url, access_token=token, scheduler=scheduler) as client,
    ):
        if demo:
            if any(job.archive.state is not None for job in jobs):
                await _post_demo_statuses(base_url, phases)
            names = ", ".join(job.timeline.text for job in jobs)
            phases(f"demo: archiving {names} from {base_url}")
        phases.clear()
        ticker = asyncio.ensure_future(_tick(display, jobs, client))
        downloads = MediaRun(client, media, [j.archive for j in jobs]) if media else None
        walks: list[asyncio.Future[None]] = []
        try:
            if downloads is not None:
                await downloads.start()
            walks = [
                asyncio.ensure_future(
                    archive_timeline(client, job.timeline, job.archive, job.progress)
                )
                for job in jobs
            ]
            await asyncio.gather(*walks)
            if downloads is not None:
                await downloads.finish()
        finally:
            # One walk failed (or all are done): stop the others at a page boundary.
            for walk in walks:
                walk.cancel()
            await asyncio.gather(*walks, return_exceptions=True)
            if downloads is not None:
                await downloads.close()
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker


async def _post_demo_statuses(base_url: str, phases: PhaseLine) -> None:
    """A later demo run: others have posted since, so the archive has something new."""
    phase = f"demo: posting {DEMO_NEW_STATUSES} statuses, as others would have since the last run"
    async with Client(base_url, access_token="bob_token") as bob:
        stamp = time.strftime("%H:%M:%S")
        for n in range(DEMO_NEW_STATUSES):
            phases(phase, n, DEMO_NEW_STATUSES)
            await bob.statuses.create(f"Posted at {stamp} since the last archive run ({n + 1})")
            # mastodon-mock makes status ids from the clock in milliseconds: two posts in
            # one millisecond collide (HTTP 500). Real servers do not need this.
            await asyncio.sleep(0.005)
    phases(phase, DEMO_NEW_STATUSES, DEMO_NEW_STATUSES)


@contextlib.contextmanager
def _instance(options: Options, phases: PhaseLine) -> Iterator[tuple[str, str | None]]:
    """Yield (base URL, token): the instance's, or the demo's while it runs."""
    if not options.demo:
        assert options.instance is not None
        yield options.instance, options.token
        return
    from .demo import demo_instance

    with demo_instance(options.demo_statuses, options.demo_database, report=phases) as demo:
        if options.media is not None:
            options.media.locate = demo.media_url  # its media origin's port of this run
        yield demo.base_url, demo.token


def _check_demo(options: Options, jobs: Sequence[Job]) -> None:
    """A demo archive needs the demo instance it was made from."""
    database = options.demo_database
    for job in jobs:
        if job.archive.state is not None and not database.exists():
            raise ArchiveError(
                f"{job.archive.path} archives a demo instance, but {database}, where it "
                "was kept, is gone (a new one would repeat every status): choose another OUTPUT"
            )


def _left_beside(options: Options, jobs: Sequence[Job]) -> list[tuple[str, str]]:
    files = [
        (str(job.archive.state_path), f"where the next run of {job.timeline.text} resumes")
        for job in jobs
        if job.archive.state_path.exists()
    ]
    if options.demo and options.demo_database.exists():
        files.append((str(options.demo_database), "the demo instance's data"))
    if options.media is not None:
        for job in jobs:
            index = job.archive.path.with_name(job.archive.path.name + INDEX_SUFFIX)
            if index.exists():
                files.append((str(index), f"where the media of {job.timeline.text} are"))
    return files


def archive_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``aiomastodon archive``; the exit status."""
    options = resolve(args, os.environ)

    def warn(text: str) -> None:
        if not options.quiet:
            print(f"aiomastodon: warning: {text}", file=err)

    for warning in options.warnings:
        warn(warning)
    instance = "demo" if options.demo else str(options.instance)
    jobs = [
        Job(timeline, Archive(path, instance, timeline.text, fsync=options.fsync), Progress())
        for timeline, path in options.jobs
    ]
    terminal = err.isatty()
    phases = PhaseLine(err, enabled=not options.quiet, terminal=terminal)
    display = ProgressLine(err, enabled=terminal and not options.quiet)
    with contextlib.ExitStack() as stack:
        for job in jobs:  # every lock first: a second run stops before anything else
            stack.callback(job.archive.close)
            job.archive.lock()
        for job in jobs:
            job.archive.open()
            if job.timeline.needs_token:
                for path, mode in job.archive.exposed:
                    warn(
                        f"{path} holds a private timeline and other users may read it "
                        f"(mode {stat.S_IMODE(mode):04o}): chmod 600 {path}"
                    )
        if options.demo:
            _check_demo(options, jobs)
        with _instance(options, phases) as (base_url, token):
            for job in jobs:
                if options.demo:
                    job.archive.rebase(base_url)
            started = time.monotonic()
            try:
                asyncio.run(
                    _run(
                        jobs,
                        base_url,
                        token,
                        display,
                        demo=options.demo,
                        phases=phases,
                        store=options.rate_limit_store,
                        media=options.media,
                    )
                )
            finally:
                display.clear()
                phases.clear()
    if not options.quiet:
        results = [
            (job.timeline.text, str(job.archive.path), job.progress, job.archive.items)
            for job in jobs
        ]
        print(summary(results, time.monotonic() - started), file=out)
        if options.media is not None:
            print(options.media.stats.summary(options.media.directory), file=out)
        left = _left_beside(options, jobs)
        if left:
            print(left_beside(left), file=out)
    return DONE


def _message(error: MastodonError) -> str:
    """The one line that ends the command after ``error``."""
    if isinstance(error, Unauthorized):
        text = f"the server refused the token ({error})"
    elif isinstance(error, NotFound):
        text = f"not found ({error})"
    else:
        text = str(error)
    # One line, whatever a server or a forged state put in it: no control characters (a
    # terminal would obey an escape sequence), and a bound on its length.
    text = "".join(c if c.isprintable() else "?" for c in " ".join(text.split()))
    return text if len(text) <= _MESSAGE_MAX else text[: _MESSAGE_MAX - 1] + "…"


def main(
    argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """The ``aiomastodon`` command; returns the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        command = parser()
        try:
            args = command.parse_args(argv)
        except SystemExit as exc:  # --help: argparse printed it
            return int(exc.code or 0)
        if args.version:
            print(f"aiomastodon {__version__}", file=out)
            return DONE
        if args.command is None:
            print(command.format_help(), end="", file=err)
            return USAGE
        return archive_command(args, out, err)
    except MastodonError as exc:  # UsageError, ArchiveError, DemoUnavailable too
        print(f"aiomastodon: error: {_message(exc)}", file=err)
        return exit_status(exc)
    except KeyboardInterrupt:
        print("aiomastodon: interrupted; run the same command again to continue", file=err)
        return INTERRUPTED
