"""The Link header parser: RFC 8288 forms, and garbage that must fail cleanly."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from yarl import URL

from aiomastodon._sansio.links import LinkHeaderError, Links, page_links, parse_link_header

BASE = URL("https://example.social/api/v1/timelines/home?limit=40")

MASTODON = (
    '<https://example.social/api/v1/timelines/home?limit=40&max_id=7163058>; rel="next", '
    '<https://example.social/api/v1/timelines/home?limit=40&min_id=7275607>; rel="prev"'
)


def test_mastodon_header() -> None:
    links = page_links(MASTODON, BASE)
    assert links.next == URL("https://example.social/api/v1/timelines/home?limit=40&max_id=7163058")
    assert links.prev == URL("https://example.social/api/v1/timelines/home?limit=40&min_id=7275607")


@pytest.mark.parametrize(
    "header",
    [
        "<https://h/x?max_id=1>; rel=next",  # bare token
        '<https://h/x?max_id=1>;rel="next"',  # no space
        '<https://h/x?max_id=1> ;  rel = "next" ',  # spaces around
        '<https://h/x?max_id=1>; title="a, b; c"; rel="next"',  # comma and ; inside quotes
        '<https://h/x?max_id=1>; rel="next prev"',  # several rels
        '<https://h/x?max_id=1>; REL="NEXT"',  # case
        ', <https://h/x?max_id=1>; rel="next",',  # empty elements
        '<https://h/x?max_id=1>; rel="next"; rel="other"',  # first rel param listed
        '<https://h/x?a=1,2&max_id=1>; rel="next"',  # comma inside the URI
    ],
)
def test_accepted_forms(header: str) -> None:
    assert page_links(header, BASE).next is not None


def test_first_link_of_a_relation_wins() -> None:
    header = '<https://h/one>; rel="next", <https://h/two>; rel="next"'
    assert page_links(header, BASE).next == URL("https://h/one")


def test_relative_target_is_resolved_against_the_request() -> None:
    links = page_links('</api/v1/timelines/home?max_id=5>; rel="next"', BASE)
    assert links.next == URL("https://example.social/api/v1/timelines/home?max_id=5")


def test_other_rels_are_ignored_and_absent_header_is_empty() -> None:
    assert page_links('<https://h/x>; rel="alternate"', BASE) == Links()
    assert page_links(None, BASE) == Links()
    assert page_links("", BASE) == Links()


def test_quoted_escape() -> None:
    (link,) = parse_link_header(r'<https://h/x>; title="say \"hi\""; rel=next')
    assert ("title", 'say "hi"') in link.params
    assert link.rels == ("next",)


@pytest.mark.parametrize(
    "header",
    [
        "https://h/x; rel=next",  # no angle brackets
        "<https://h/x; rel=next",  # unterminated <
        '<https://h/x>; rel="next',  # unterminated quote
        "<https://h/x> rel=next",  # missing ;
        "<https://h/x>; =next",  # missing parameter name
        '<javascript:alert(1)>; rel="next"',  # not http(s)
    ],
)
def test_garbage_is_a_clear_error(header: str) -> None:
    with pytest.raises(LinkHeaderError):
        page_links(header, BASE)


_safe_value = st.text(alphabet="abc ,;=<>/:xyz", max_size=12)
_id = st.text(alphabet="0123456789abcdefXYZ", min_size=1, max_size=20)


@st.composite
def _link(draw: st.DrawFn) -> tuple[str, str, str]:
    rel = draw(st.sampled_from(["next", "prev", "alternate"]))
    cursor = draw(_id)
    url = f"https://example.social/api/v1/x?limit=40&cursor={cursor}"
    extras = draw(st.lists(st.tuples(st.sampled_from(["title", "type", "hreflang"]), _safe_value)))
    params = [f'rel="{rel}"'] + [f'{k}="{v}"' for k, v in extras]
    order = draw(st.permutations(params))
    space = draw(st.sampled_from(["", " ", "  ", "\t"]))
    return rel, url, f"<{url}>{space};{space}" + f"{space};{space}".join(order)


@given(st.lists(_link(), max_size=6))
def test_property_any_order_and_extras(links: list[tuple[str, str, str]]) -> None:
    header = ", ".join(text for _, _, text in links)
    parsed = page_links(header, BASE)
    expected_next = next((URL(u) for rel, u, _ in links if rel == "next"), None)
    expected_prev = next((URL(u) for rel, u, _ in links if rel == "prev"), None)
    assert parsed.next == expected_next
    assert parsed.prev == expected_prev


@given(st.text(max_size=200))
def test_property_garbage_never_crashes(text: str) -> None:
    with contextlib.suppress(LinkHeaderError):
        page_links(text, BASE)
