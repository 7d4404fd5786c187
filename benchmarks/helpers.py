"""Cost of the bot helpers: blurhash decode, status HTML to text, status length.

    python benchmarks/helpers.py [--rounds 20] [--calls 100]

Each helper is measured against a floor of its own, all in alternated rounds
(benchmarks/_rounds.py); a run makes ``--calls`` calls (a tenth as many blurhash decodes):

- ``blurhash.decode``: a 32x32 RGB decode of a 4x3-component hash (the reference
  example), against the PyPI ``blurhash`` package (the reference implementation; skipped
  when it is not installed);
- ``to_plain``: one realistic status's HTML (a mention, a hashtag, a shortened link, two
  paragraphs), against the least any converter does: one regex taking the tags out, and
  ``html.unescape``;
- ``status_length``: a 500-character reply with a URL and two remote mentions, against
  one regex pass (URLs count 23, remote mentions their local part) and ``len``.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import _rounds
from _rounds import Contender, Skipped

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

_TAG = re.compile(r"<[^>]+>")
_COUNTED = re.compile(r"https?://\S+|@(\w+)@[\w.-]+")


def plain_floor(text: str) -> str:
    return html.unescape(_TAG.sub("", text))


def length_floor(text: str) -> int:
    return len(_COUNTED.sub(lambda m: m.group(1) or "x" * 23, text))


def reference_blurhash() -> Callable[[], object]:
    try:
        import blurhash as reference  # type: ignore[import-untyped]
    except ImportError:
        raise Skipped("PyPI blurhash not installed (pip install blurhash)") from None
    return lambda: reference.decode(HASH, 32, 32)


def per_call(make: Callable[[], Callable[[], object]], calls: int) -> Callable[[], float]:
    def run() -> float:
        call = make()
        started = time.perf_counter()
        for _ in range(calls):
            call()
        return (time.perf_counter() - started) / calls

    return run


GROUPS: list[tuple[str, int, list[tuple[str, Callable[[], Callable[[], object]]]]]] = [
    (
        "blurhash.decode 32x32 (4x3 components)",
        10,  # calls per run, a tenth of --calls: one decode takes milliseconds
        [
            ("floor: PyPI blurhash.decode", reference_blurhash),
            ("aiomastodon blurhash.decode", lambda: lambda: blurhash.decode(HASH, 32, 32)),
        ],
    ),
    (
        "status HTML to plain text (one status)",
        1,
        [
            ("floor: re.sub tags + unescape", lambda: lambda: plain_floor(HTML)),
            ("aiomastodon to_plain", lambda: lambda: to_plain(HTML)),
        ],
    ),
    (
        "status length as Mastodon counts it (500 characters)",
        1,
        [
            ("floor: one regex pass + len", lambda: lambda: length_floor(REPLY)),
            ("aiomastodon status_length", lambda: lambda: status_length(REPLY)),
        ],
    ),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--calls", type=int, default=100)
    args = parser.parse_args()
    _rounds.machine()
    contenders = [
        Contender(name, per_call(make, args.calls // divisor))
        for _, divisor, members in GROUPS
        for name, make in members
    ]
    results = _rounds.alternate(contenders, args.rounds, budget=float("inf"))
    for title, divisor, members in GROUPS:
        rows = [_rounds.by_name(results, name) for name, _ in members]
        _rounds.table(
            f"{title}, {args.rounds} alternated rounds of {args.calls // divisor} calls",
            rows,
            floors=[(members[0][0], "floor")],
            count=1,
            per="calls",
        )
        print()


if __name__ == "__main__":
    main()
