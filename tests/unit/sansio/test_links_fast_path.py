"""follow_link's fast path (a target on the request's origin, taken as written) gives
exactly what the full parser and resolver give, and refuses what it cannot vouch for."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from yarl import URL

from aiomastodon._sansio.links import _same_origin_target, follow_link, page_links, resolve_target
from aiomastodon.errors import LinkHeaderError

BASES = [
    URL("https://mastodon.example/api/v1/timelines/home?limit=40"),
    URL("http://127.0.0.1:39457/api/v1/timelines/home"),
    URL("https://[::1]:8443/base/api/v1/accounts/1/followers"),
    URL("https://xn--bcher-kva.example/api/v1/favourites"),
]

# Any printable ASCII, the fast path's characters among them often, and a few others
# (a tab, Unicode spaces, a letter and an emoji) that only the full parser may take.
_CHARS = st.sampled_from(
    [
        *"abcXYZ0189-_~/?&=:,+;!*'()$@.%#[] \\\"<>^`{|}",
        *("/.", "/..", "%2F", "%7e"),
        *("\t", "\x85", "\xa0", "\u3000", "é", "\U0001f600"),
    ]
)
_PLAIN = st.sampled_from(list("abcXYZ0189-_~/?&=:,+;!*'()$@."))
# Half of the cases start as an absolute path of plain characters, so that the fast path
# is taken often; the others are anything.
_REST = st.one_of(
    st.lists(_PLAIN, max_size=30).map(lambda chars: "/" + "".join(chars)),
    st.lists(_CHARS, max_size=30).map("".join),
)


def _origin(base: URL) -> str:
    return f"{base.scheme}://{base.raw_authority}"


@given(st.sampled_from(BASES), _REST)
def test_fast_path_is_the_resolved_url_or_steps_aside(base: URL, rest: str) -> None:
    target = _origin(base) + rest
    fast = _same_origin_target(target, base)
    if fast is None:
        return
    try:
        slow = resolve_target(target, base)
    except LinkHeaderError:  # pragma: no cover - the fast path must not accept such a target
        pytest.fail(f"fast path accepted {target!r}, which the resolver refuses")
    assert fast == slow
    assert str(fast) == str(slow)
    assert (fast.scheme, fast.host, fast.port) == (slow.scheme, slow.host, slow.port)
    assert fast.raw_query_string == slow.raw_query_string
    assert fast.raw_user is None
    assert fast.raw_password is None
    assert not fast.raw_fragment


@given(st.sampled_from(BASES), _REST, st.sampled_from(["next", "prev"]))
def test_follow_link_agrees_with_page_links(base: URL, rest: str, rel: str) -> None:
    other = "prev" if rel == "next" else "next"
    target = _origin(base) + rest
    header = f'<{target}>; rel="{rel}", <{_origin(base)}/x?min_id=9>; rel="{other}"'
    try:
        expected = getattr(page_links(header, base), rel)
    except LinkHeaderError:
        with pytest.raises(LinkHeaderError):
            follow_link(header, base, rel)  # type: ignore[arg-type]
        return
    got = follow_link(header, base, rel)  # type: ignore[arg-type]
    assert got == expected
    assert str(got) == str(expected)


@given(st.lists(_PLAIN, max_size=30))
def test_a_path_of_plain_characters_without_dot_segments_is_taken(chars: list[str]) -> None:
    target = _origin(BASES[0]) + "/" + "".join(chars)
    taken = _same_origin_target(target, BASES[0]) is not None
    assert taken == ("/." not in target)


def test_mastodon_target_takes_the_fast_path() -> None:
    base = BASES[0]
    target = "https://mastodon.example/api/v1/timelines/home?limit=40&max_id=109999999999999922"
    assert _same_origin_target(target, base) == URL(target)


@pytest.mark.parametrize(
    "target",
    [
        "https://mastodon.example.evil/api/v1/x",  # another host that starts alike
        "https://mastodon.example:444/api/v1/x",  # another port
        "http://mastodon.example/api/v1/x",  # another scheme
        "https://mastodon.example@evil.example/x",  # credentials
        "https://mastodon.example/a/../b",  # a dot segment yarl would remove
        "https://mastodon.example/a%2Fb",  # something to re-encode
        "https://mastodon.example/a b",
        "https://mastodon.example/x#top",
        "https://mastodon.example",  # no path
    ],
)
def test_what_the_fast_path_leaves_to_the_resolver(target: str) -> None:
    assert _same_origin_target(target, BASES[0]) is None
