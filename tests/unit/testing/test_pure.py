"""The kit's pure parts: paging, Link headers, encodings, ids, markup, rate-limit budgets."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from yarl import URL

from aiomastodon._sansio.links import parse_link_header
from aiomastodon.testing.encoding import Snowflakes, encode, encode_array, iso_time
from aiomastodon.testing.markup import hashtags, mentioned, to_html
from aiomastodon.testing.paging import limit_param, link_header, offset_page, page
from aiomastodon.testing.ratelimit import Budget, RateLimits, reset_header

ITEMS = [(k, f"item{k}") for k in range(10, 0, -1)]  # keys 10..1, newest first


def keys(chosen: list[tuple[int, str]]) -> list[int]:
    return [k for k, _ in chosen]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, [10, 9, 8]),
        ({"max_id": "8"}, [7, 6, 5]),
        ({"since_id": "8"}, [10, 9]),
        ({"since_id": "2"}, [10, 9, 8]),  # the newest, leaving a gap above 2
        ({"min_id": "2"}, [5, 4, 3]),  # just after 2, still newest first
        ({"min_id": "2", "max_id": "5"}, [4, 3]),
        ({"max_id": "1"}, []),
        ({"max_id": "abc"}, [10, 9, 8]),
    ],
)
def test_a_page_is_what_mastodon_serves(query: dict[str, str], expected: list[int]) -> None:
    chosen, limit = page(ITEMS, {"limit": "3", **query}, 20)
    assert keys(chosen) == expected
    assert limit == 3


@pytest.mark.parametrize(
    ("raw", "expected"), [(None, 20), ("5", 5), ("-5", 5), ("500", 40), ("0", 0), ("x", 0)]
)
def test_limit_is_read_as_mastodon_reads_it(raw: str | None, expected: int) -> None:
    assert limit_param({} if raw is None else {"limit": raw}, 20) == expected


def test_the_link_header_keeps_other_parameters_and_sends_next_only_for_a_full_page() -> None:
    url = URL("http://127.0.0.1:1/api/v1/favourites")
    full = link_header(url, [("limit", "2"), ("max_id", "9"), ("x", "y")], [8, 7], 2)
    assert full is not None
    links = {link.rels[0]: link.url for link in parse_link_header(full)}
    assert links == {
        "next": "http://127.0.0.1:1/api/v1/favourites?limit=2&x=y&max_id=7",
        "prev": "http://127.0.0.1:1/api/v1/favourites?limit=2&x=y&min_id=8",
    }
    partial = link_header(url, [("limit", "2")], [3], 2)
    assert partial is not None
    assert 'rel="next"' not in partial
    assert link_header(url, [], [], 2) is None


def test_offset_pages_slice() -> None:
    assert offset_page(list("abcdef"), {"limit": "2", "offset": "3"}, 20) == (["d", "e"], 2)


@given(st.integers(0, 30), st.integers(1, 12), st.integers(0, 32))
def test_walking_older_then_newer_sees_every_item_once(n: int, limit: int, start: int) -> None:
    items = [(k, k) for k in range(n, 0, -1)]
    seen: list[int] = []
    query = {"limit": str(limit)}
    while True:
        chosen, _ = page(items, query, 20)
        seen += keys(chosen)  # type: ignore[arg-type]
        if len(chosen) < limit:
            break
        query = {"limit": str(limit), "max_id": str(chosen[-1][0])}
    assert seen == [k for k, _ in items]
    forward: list[int] = []
    query = {"limit": str(limit), "min_id": str(min(start, n))}
    while True:
        chosen, _ = page(items, query, 20)
        if not chosen:
            break
        forward = keys(chosen) + forward  # type: ignore[arg-type]
        query = {"limit": str(limit), "min_id": str(chosen[0][0])}
    assert forward == [k for k, _ in items if k > min(start, n)]


def test_the_mastodon_style_escapes_as_rails_does() -> None:
    value = {"content": "<p>café & \u2028 🦣</p>"}
    raw = encode(value, "mastodon")
    assert raw == '{"content":"\\u003cp\\u003ecafé \\u0026 \\u2028 🦣\\u003c/p\\u003e"}'.encode()
    assert json.loads(raw) == value


@pytest.mark.parametrize("style", ["mastodon", "varied", "pretty"])
def test_every_style_is_json_of_the_same_value(style: str) -> None:
    value = {"a": [1, "é", None], "b": {"c": "<&>"}}
    variants = {encode(value, style, n) for n in range(6)}  # type: ignore[arg-type]
    assert all(json.loads(v) == value for v in variants)
    if style != "mastodon":
        assert len(variants) > 1
    array = encode_array(sorted(variants), style)  # type: ignore[arg-type]
    assert json.loads(array) == [value] * len(variants)


def test_snowflakes_grow_with_the_clock_and_never_repeat() -> None:
    now = [1_767_225_600.0]
    flakes = Snowflakes(lambda: now[0])
    first, second = flakes.next(), flakes.next()
    now[0] -= 10  # a clock that goes back still gives greater ids
    third = flakes.next()
    assert int(first) < int(second) < int(third)
    assert int(first) >> 16 == 1_767_225_600_000
    assert len(first) == 18


def test_times_are_written_as_mastodon_writes_them() -> None:
    assert iso_time(1_767_225_600.25) == "2026-01-01T00:00:00.250Z"
    assert reset_header(1_767_225_900.0) == "2026-01-01T00:05:00.000000Z"


def test_markup_links_known_mentions_and_hashtags_and_escapes_the_rest() -> None:
    known = {"alice"}
    html = to_html(
        "@alice & @nobody <b>\n#Python\n\nhttps://x.example/a.", "http://h", known.__contains__
    )
    assert html.startswith('<p><span class="h-card" translate="no"><a href="http://h/@alice"')
    assert "@nobody &lt;b&gt;<br />" in html
    assert "&amp;" in html
    assert (
        'href="http://h/tags/python" class="mention hashtag" rel="tag">#<span>Python</span>' in html
    )
    assert '</p><p><a href="https://x.example/a"' in html
    assert html.endswith("</a>.</p>")
    assert hashtags("#Python #python #2024 #a1 x#no") == ["python", "a1"]
    assert mentioned("@bob @alice @bob @carol", {"alice": 1, "bob": 2}.get) == [2, 1]


def test_a_budget_counts_per_window_and_refuses_only_when_enforced() -> None:
    now = [1_767_225_610.0]
    limits = RateLimits(lambda: now[0])
    allowed, headers = limits.take("t", ())
    assert allowed
    assert int(headers["X-RateLimit-Remaining"]) > 1000
    limits.enforce(2, 60.0)
    assert [limits.take("t", ())[0] for _ in range(3)] == [True, True, False]
    allowed, headers = limits.take("t", ())
    assert not allowed
    assert headers == {
        "X-RateLimit-Limit": "2",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": "2026-01-01T00:01:00.000000Z",
    }
    assert limits.take("other", ())[0]  # budgets are per token
    now[0] += 60  # the next window
    assert limits.take("t", ())[0]


def test_the_headers_describe_the_budget_nearest_to_running_out() -> None:
    now = [0.0]
    limits = RateLimits(lambda: now[0])
    limits.enforce(300, 300.0, media=Budget(2, 1800.0))
    _, headers = limits.take("t", ("media",))
    assert headers["X-RateLimit-Limit"] == "2"
    assert headers["X-RateLimit-Remaining"] == "1"
    _, headers = limits.take("t", ())
    assert headers["X-RateLimit-Limit"] == "300"
    assert limits.remaining("t") == 298
    limits.spend("t")
    assert limits.remaining("t") == 0


def test_importing_the_kit_for_its_clock_loads_no_web_server() -> None:
    code = (
        "import sys, aiomastodon.testing as t, aiomastodon.testing.plugin; "
        "t.VirtualClock; print('aiohttp.web' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=30
    )
    assert result.stdout.strip() == "False"
