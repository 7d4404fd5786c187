"""MB/s of media downloads over loopback: ``client.media.download`` against bare aiohttp.

    python benchmarks/media.py [--big-mb 100] [--small 400] [--small-kb 64] [--rounds 5]

A server in its own process (so that it costs the client's process nothing) serves one
big file and many small ones, each with ``Content-Length``, ``ETag`` and
``Accept-Ranges`` as a CDN would, from a block held in memory. Every contender writes
every file to disk (a temporary directory, emptied after each run), in the same two
workloads:

- **one big file** (``--big-mb``), one download;
- **many small files** (``--small`` of ``--small-kb`` each), downloaded concurrently.
  aiomastodon allows 4 connections per media host (its default cap), so the floor runs 4
  at a time too; the bare loop with 16 at a time shows what the cap costs on loopback
  (where more connections are free, which a real CDN is not).

The contenders, in alternated rounds (benchmarks/_rounds.py):

- bare aiohttp: ``session.get()``, ``iter_any()`` chunks written to a file (the floor);
- bare aiohttp + SHA-256: the same, hashing every chunk (what a verified download costs
  at least);
- aiomastodon: ``client.media.download(url, path)``: its own scheduler and host cap, a
  temporary file renamed into place, size checks and SHA-256.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import multiprocessing
import shutil
import sys
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp
from aiohttp import web

sys.path.insert(0, str(Path(__file__).parent))
import _rounds
import _server
from _rounds import Contender

from aiomastodon import Client

_BLOCK = bytes(range(256)) * 4096  # 1 MiB


# --- the server -----------------------------------------------------------------------------


def build_app(big: int, small: int) -> web.Application:
    async def serve(request: web.Request) -> web.StreamResponse:
        size = big if request.path == "/big" else small
        response = web.StreamResponse(
            headers={
                "Content-Type": "video/mp4" if size == big else "image/png",
                "ETag": f'"{size}"',
                "Accept-Ranges": "bytes",
            }
        )
        response.content_length = size
        await response.prepare(request)
        sent = 0
        while sent < size:
            piece = _BLOCK[: min(len(_BLOCK), size - sent)]
            await response.write(piece)
            sent += len(piece)
        await response.write_eof()
        return response

    app = web.Application()
    app.router.add_get("/big", serve)
    app.router.add_get("/small/{n}", serve)
    return app


def _serve(big: int, small: int, ports: multiprocessing.Queue[int]) -> None:
    async def main() -> None:
        runner = web.AppRunner(build_app(big, small), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        ports.put(port)
        await asyncio.Event().wait()

    asyncio.run(main())


@contextmanager
def running(big: int, small: int) -> Iterator[str]:
    ctx = multiprocessing.get_context("spawn")
    ports: multiprocessing.Queue[int] = ctx.Queue()
    process = ctx.Process(target=_serve, args=(big, small, ports), daemon=True)
    process.start()
    try:
        yield f"http://127.0.0.1:{_server.receive(process, ports, 'the media server', 120)}"
    finally:
        process.terminate()
        process.join(10)


# --- the contenders ---------------------------------------------------------------------------

Fetch = Callable[[list[str], Path, int], Awaitable[int]]


async def bare(urls: list[str], directory: Path, at_once: int, *, digest: bool = False) -> int:
    """Bytes written: each URL to its own file, ``at_once`` at a time."""
    gate = asyncio.Semaphore(at_once)

    async def one(session: aiohttp.ClientSession, n: int, url: str) -> int:
        async with gate, session.get(url) as response:
            response.raise_for_status()
            hasher = hashlib.sha256() if digest else None
            written = 0
            with (directory / f"{n}.bin").open("wb") as file:
                async for chunk in response.content.iter_any():
                    file.write(chunk)
                    if hasher is not None:
                        hasher.update(chunk)
                    written += len(chunk)
            return written

    async with aiohttp.ClientSession() as session:
        sizes = await asyncio.gather(*(one(session, n, url) for n, url in enumerate(urls)))
    return sum(sizes)


async def bare_sha(urls: list[str], directory: Path, at_once: int) -> int:
    return await bare(urls, directory, at_once, digest=True)


async def ours(urls: list[str], directory: Path, at_once: int) -> int:
    # The client's own cap per media host decides how many go at once (4).
    async with Client("http://127.0.0.1:1") as client:
        results = await asyncio.gather(
            *(client.media.download(url, directory / f"{n}.bin") for n, url in enumerate(urls))
        )
    return sum(r.size for r in results)


def contender(name: str, fetch: Fetch, urls: list[str], at_once: int, total: int) -> Contender:
    def run() -> float:
        directory = Path(tempfile.mkdtemp(prefix="aiomastodon-media-bench-"))
        try:
            seconds = _rounds.timed(
                lambda: _check(
                    asyncio.run(asyncio.wait_for(fetch(urls, directory, at_once), 600)), total
                )
            )
        finally:
            shutil.rmtree(directory)
        return seconds

    return Contender(name, run)


def _check(written: int, total: int) -> None:
    if written != total:
        raise RuntimeError(f"wrote {written} bytes, expected {total}")


FLOOR, SHA, WIDE, OURS = (
    "bare aiohttp, 4 at a time",
    "bare aiohttp + SHA-256, 4 at a time",
    "bare aiohttp, 16 at a time",
    "aiomastodon media.download",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--big-mb", type=int, default=100)
    parser.add_argument("--small", type=int, default=400)
    parser.add_argument("--small-kb", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    _rounds.machine()
    big, small = args.big_mb * 1024 * 1024, args.small_kb * 1024
    rows: list[tuple[str, _rounds.Result, _rounds.Result, _rounds.Result]] = []
    with running(big, small) as url:
        workloads = [
            (f"one file of {args.big_mb} MiB", [f"{url}/big"], big),
            (
                f"{args.small} files of {args.small_kb} KiB",
                [f"{url}/small/{n}" for n in range(args.small)],
                small * args.small,
            ),
        ]
        for title, urls, total in workloads:
            runs: list[tuple[str, Fetch, int]] = [
                (FLOOR, bare, 4),
                (SHA, bare_sha, 4),
                (OURS, ours, 4),
            ]
            if len(urls) > 1:
                runs.insert(2, (WIDE, bare, 16))
            contenders = [contender(name, fetch, urls, n, total) for name, fetch, n in runs]
            results = _rounds.alternate(contenders, args.rounds, budget=60.0)
            megabytes = total / 1e6
            _rounds.table(
                f"{title} to disk over loopback; {args.rounds} alternated rounds",
                results,
                floors=[(FLOOR, "bare"), (SHA, "bare + SHA")],
                count=round(megabytes),
                per="MB",
                compare="rate",
            )
            rows.append(
                (
                    title,
                    _rounds.by_name(results, OURS),
                    _rounds.by_name(results, FLOOR),
                    _rounds.by_name(results, SHA),
                )
            )
            print()
    print("README row (MB/s, median of the rounds; ratio to the bare floor):")
    for title, mine, floor, sha in rows:
        total = (big if "one file" in title else small * args.small) / 1e6
        ratio, _ = _rounds.ratio(mine, floor, rate=True)
        sha_ratio, _ = _rounds.ratio(mine, sha, rate=True)
        print(
            f"| `media.py`: {title}, to disk | {total / mine.median():,.0f} MB/s: "
            f"**{ratio:.2f}x** the bare loop, {sha_ratio:.2f}x with its SHA-256 | "
            f"{total / floor.median():,.0f} MB/s ({total / sha.median():,.0f} with SHA-256) | | |"
        )


if __name__ == "__main__":
    main()
