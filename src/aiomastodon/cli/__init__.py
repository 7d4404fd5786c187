"""The ``aiomastodon`` command (also ``python -m aiomastodon``).

```
aiomastodon archive TIMELINE OUTPUT [--also TIMELINE OUTPUT]... \\
    [--instance URL] [--token TOKEN] [--demo] [--quiet] [--fsync] [--rate-limit-store URL] \\
    [--media DIR [--media-extras] [--media-retry-failed] [--media-max-size MiB]]
```

The instance and token may also come from ``MASTODON_INSTANCE`` and ``MASTODON_TOKEN``.
The token is only ever sent to the instance: it is never printed or written anywhere.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, TextIO

from ..client import Client, normalize_base_url
from ..errors import (
    ArchiveError,
    MastodonError,
    NotFound,
    Unauthorized,
    UsageError,
)
from ..scheduler import Scheduler
from ..scheduler.store import STORE_SCHEMES
from .archive import Archive, Progress, archive_timeline
from .media import MediaOptions, MediaRun, add_media_arguments, media_options
from .progress import ProgressLine, summary
from .timelines import KINDS, Timeline, parse_timeline

__all__ = ["main"]

DEMO_NEW_STATUSES = 25


@dataclass
class Job:
    """One TIMELINE → OUTPUT of this run."""

    timeline: Timeline
    archive: Archive
    progress: Progress


def _timeline(text: str) -> Timeline:
    try:
        return parse_timeline(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _store_url(text: str) -> str:
    if text.partition("://")[0].lower() not in STORE_SCHEMES:
        raise argparse.ArgumentTypeError("give a redis://, rediss:// or unix:// URL")
    return text


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (ours), not the usage text and then the error."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="aiomastodon", description="Tools for the Mastodon API, built on aiomastodon."
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    archive = commands.add_parser(
        "archive",
        help="archive a timeline to JSON Lines (resumable, lossless, incremental)",
        description=(
            "Archive a timeline to OUTPUT, one item per line exactly as the server sent it. "
            "Run the same command again to resume after any stop, or later to append what "
            "is new. TIMELINE is one of: " + ", ".join(KINDS) + "."
        ),
    )
    archive.add_argument("timeline", type=_timeline, metavar="TIMELINE")
    archive.add_argument("output", type=Path, metavar="OUTPUT")
    archive.add_argument(
        "--also",
        nargs=2,
        action="append",
        default=[],
        metavar=("TIMELINE", "OUTPUT"),
        help="archive another timeline in the same run, sharing the rate-limit budget",
    )
    archive.add_argument("--instance", help="the server (default: $MASTODON_INSTANCE)")
    archive.add_argument("--token", help="an access token (default: $MASTODON_TOKEN)")
    archive.add_argument(
        "--demo",
        action="store_true",
        help="archive from an embedded demo instance (needs aiomastodon[demo])",
    )
    archive.add_argument(
        "--demo-statuses",
        type=int,
        default=3000,
        metavar="N",
        help="how many statuses a new demo instance is seeded with (default 3000)",
    )
    archive.add_argument(
        "--rate-limit-store",
        type=_store_url,
        metavar="URL",
        help="share the rate-limit budget with other processes through Redis "
        "(redis://host:6379/0; needs aiomastodon[redis])",
    )
    archive.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    archive.add_argument(
        "--fsync",
        action="store_true",
        help="sync every page to disk (survive a power loss, not just a crash; slower)",
    )
    add_media_arguments(archive)
    return parser


def _jobs(args: argparse.Namespace, instance: str) -> list[Job]:
    pairs: list[tuple[Timeline, Path]] = [(args.timeline, args.output)]
    for text, output in args.also:
        try:
            pairs.append((parse_timeline(text), Path(output)))
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    outputs = [path.resolve() for _, path in pairs]
    if len(set(outputs)) != len(outputs):
        raise UsageError("each timeline needs its own OUTPUT")
    return [
        Job(
            timeline,
            Archive(path, instance=instance, timeline=timeline.text, fsync=args.fsync),
            Progress(),
        )
        for timeline, path in pairs
    ]


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
    store: str | None = None,
    media: MediaOptions | None = None,
) -> None:
    async with (
        Scheduler(on_event=display.on_event, store=store) as scheduler,
        Client(base_url, access_token=token, scheduler=scheduler) as client,
    ):
        if demo and any(job.archive.state_path.exists() for job in jobs):
            await _post_demo_statuses(base_url)
        ticker = asyncio.ensure_future(_tick(display, jobs, client))
        downloads = MediaRun(client, media, [j.archive for j in jobs]) if media else None
        try:
            if downloads is not None:
                await downloads.start()
            await asyncio.gather(
                *(archive_timeline(client, job.timeline, job.archive, job.progress) for job in jobs)
            )
            if downloads is not None:
                await downloads.finish()
        finally:
            if downloads is not None:
                await downloads.close()
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker
            for job in jobs:
                job.archive.close()


async def _post_demo_statuses(base_url: str) -> None:
    """A later demo run: others have posted since, so the archive has something new."""
    async with Client(base_url, access_token="bob_token") as bob:
        stamp = time.strftime("%H:%M:%S")
        for n in range(DEMO_NEW_STATUSES):
            await bob.statuses.create(f"Posted at {stamp} since the last archive run ({n + 1})")
            # mastodon-mock makes status ids from the clock in milliseconds: two posts in
            # one millisecond collide (HTTP 500). Real servers do not need this.
            await asyncio.sleep(0.005)


@contextlib.contextmanager
def _instance(args: argparse.Namespace, jobs_output: Path) -> Iterator[tuple[str, str | None, str]]:
    """Yield (base URL, token, the instance as the state records it)."""
    if args.demo:
        from .demo import demo_instance

        database = jobs_output.with_name(jobs_output.name + ".demo.sqlite")
        with demo_instance(args.demo_statuses, database=database) as demo:
            yield demo.base_url, demo.token, "demo"
        return
    instance = args.instance or os.environ.get("MASTODON_INSTANCE")
    if not instance:
        raise UsageError("no instance: give --instance URL or set MASTODON_INSTANCE (or --demo)")
    try:
        base = normalize_base_url(instance)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    yield str(base), args.token or os.environ.get("MASTODON_TOKEN") or None, str(base)


def archive_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``aiomastodon archive``; the exit status."""
    with _instance(args, args.output) as (base_url, token, instance):
        jobs = _jobs(args, instance)
        if token is None and any(job.timeline.needs_token for job in jobs):
            raise UsageError(
                "this timeline needs an access token: give --token or set MASTODON_TOKEN"
            )
        display = ProgressLine(err, enabled=err.isatty() and not args.quiet)
        if instance == "demo":
            for job in jobs:
                job.archive.rebase_to = base_url
        media = media_options(args)
        started = time.monotonic()
        try:
            asyncio.run(
                _run(
                    jobs,
                    base_url,
                    token,
                    display,
                    demo=args.demo,
                    store=args.rate_limit_store,
                    media=media,
                )
            )
        finally:
            display.clear()
    if not args.quiet:
        results = [
            (job.timeline.text, str(job.archive.path), job.progress, job.archive.items)
            for job in jobs
        ]
        print(summary(results, time.monotonic() - started), file=out)
        if media is not None:
            print(media.stats.summary(media.directory), file=out)
    return 0


def main(
    argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """The ``aiomastodon`` command; returns the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        try:
            args = _parser().parse_args(argv)
        except SystemExit as exc:  # --help, or --version: argparse printed it
            return int(exc.code or 0)
        return archive_command(args, out, err)
    except UsageError as exc:
        print(f"aiomastodon: error: {exc}", file=err)
        return 2
    except ArchiveError as exc:
        print(f"aiomastodon: error: {exc}", file=err)
        return 1
    except Unauthorized as exc:
        print(f"aiomastodon: error: the server refused the token ({exc})", file=err)
        return 1
    except NotFound as exc:
        print(f"aiomastodon: error: not found ({exc})", file=err)
        return 1
    except MastodonError as exc:  # DemoUnavailable too
        print(f"aiomastodon: error: {exc}", file=err)
        return 1
    except KeyboardInterrupt:
        print("aiomastodon: interrupted; run the same command again to continue", file=err)
        return 130
