"""Archive the home timeline of an embedded demo instance to JSON Lines.

    python examples/archive_demo.py out.jsonl

Each line of the output is one status exactly as the server sent it.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from aiomastodon import Client
from aiomastodon.demo import demo_instance


async def archive(base_url: str, token: str, out: Path) -> tuple[int, int]:
    items = pages = 0
    async with Client(base_url, access_token=token) as client:
        with out.open("wb") as file:
            async for page in client.timelines.home(limit=40).pages():
                for raw in page.raw_items():
                    file.write(raw + b"\n")
                items += len(page.items)
                pages += 1
    return items, pages


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "out.jsonl")
    print("starting the demo instance (mastodon-mock on 127.0.0.1) ...", flush=True)
    with demo_instance() as demo:
        started = time.perf_counter()
        items, pages = asyncio.run(archive(demo.base_url, demo.token, out))
        elapsed = time.perf_counter() - started
    print(f"archived {items} statuses in {pages} pages to {out} in {elapsed:.1f} s")


if __name__ == "__main__":
    main()
