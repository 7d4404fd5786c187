"""Cost of the bot helpers: blurhash decode, status HTML to text, status length.

    python benchmarks/helpers.py [--seconds 2]

- blurhash: a 32x32 RGB decode of a 4x3-component hash (the reference example), against
  the PyPI ``blurhash`` package when it is installed;
- to_plain: one realistic status's HTML (mentions, a hashtag, a shortened link);
- status_length: a 500-character reply with a URL and two remote mentions.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from aiomastodon import blurhash
from aiomastodon.text import status_length, to_plain

HASH = "LEHV6nWB2yk8pyo0adR*.7kCMdnj"
HTML = (
    '<p><span class="h-card" translate="no"><a href="https://example.social/@bot" class="u-url'
    ' mention">@<span>bot</span></a></span> look at <a href="https://example.com/a/long/path/'
    'to/a/page" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">'
    'https://</span><span class="ellipsis">example.com/a/long/path/to/</span><span class="invi'
    'sible">a/page</span></a> <a href="https://example.social/tags/python" class="mention hash'
    'tag" rel="tag">#<span>python</span></a></p><p>second paragraph<br>with a line break</p>'
)
REPLY = (
    "@alice@example.social @bob@other.example see https://example.com/some/long/path?q=1 "
    + "word " * 80
)


def per_call_ms(run: Callable[[], object], seconds: float) -> float:
    """Milliseconds per call, measured over about ``seconds`` (best of three slices)."""
    best = float("inf")
    for _ in range(3):
        calls = 0
        started = time.perf_counter()
        deadline = started + seconds / 3
        while time.perf_counter() < deadline:
            run()
            calls += 1
        best = min(best, (time.perf_counter() - started) / calls * 1000)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    status_length("warm up: the first call compiles the patterns")

    rows: list[tuple[str, float]] = [
        ("blurhash.decode 32x32", per_call_ms(lambda: blurhash.decode(HASH, 32, 32), args.seconds)),
    ]
    try:
        import blurhash as reference  # type: ignore[import-untyped]
    except ImportError:
        pass
    else:
        ms = per_call_ms(lambda: reference.decode(HASH, 32, 32), args.seconds)
        rows.append(("PyPI blurhash.decode 32x32", ms))
    rows.append(("to_plain (one status)", per_call_ms(lambda: to_plain(HTML), args.seconds)))
    rows.append(
        ("status_length (500 chars)", per_call_ms(lambda: status_length(REPLY), args.seconds))
    )

    width = max(len(name) for name, _ in rows)
    for name, ms in rows:
        print(f"{name:<{width}}  {ms:8.3f} ms")


if __name__ == "__main__":
    main()
