"""Only our errors, for any input (issue 12): the Link parser, the rate-limit headers,
timestamps and entity decoding, each under hypothesis with inputs built to be nearly
right (the shapes servers send, with the numbers and characters that break parsers)."""

from __future__ import annotations

import contextlib
import json
from datetime import datetime

import msgspec
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from yarl import URL

import aiomastodon
from aiomastodon import DecodeError
from aiomastodon._sansio import ratelimit
from aiomastodon._sansio.decode import Undecodable, Unrepairable, decoder_for, parse_datetime
from aiomastodon._sansio.links import LinkHeaderError, follow_link, page_links
from aiomastodon._sansio.ratelimit import (
    as_datetime,
    parse_http_date,
    parse_reset,
    parse_retry_after,
    read_rate_limit,
    server_skew,
)
from aiomastodon.entities import Account, Notification, Status

NOW = datetime(2026, 10, 14, 19, 0, 0).timestamp()
BASE = URL("https://example.social/api/v1/timelines/home?limit=40")

# --- timestamps -------------------------------------------------------------------------------

_digits = st.text(alphabet="0123456789", min_size=1, max_size=6)
_iso = st.builds(
    lambda y, mo, d, h, mi, s, frac, sep, off: f"{y}-{mo}-{d}{sep}{h}:{mi}:{s}{frac}{off}",
    st.integers(0, 10_000).map(lambda n: f"{n:04d}"[-4:]),
    st.integers(0, 99).map(lambda n: f"{n:02d}"),
    st.integers(0, 99).map(lambda n: f"{n:02d}"),
    st.integers(0, 99).map(lambda n: f"{n:02d}"),
    st.integers(0, 99).map(lambda n: f"{n:02d}"),
    st.integers(0, 99).map(lambda n: f"{n:02d}"),
    st.one_of(st.just(""), _digits.map(lambda d: f".{d}"), st.just("." + "9" * 40)),
    st.sampled_from(["T", "t", " "]),
    st.one_of(
        st.sampled_from(["", "Z", "z", "+24:00", "-24:00", "+99:99", "+23:59", "-0000"]),
        st.builds(
            lambda sign, h, m, colon: f"{sign}{h:02d}{colon}{m:02d}",
            st.sampled_from("+-"),
            st.integers(0, 99),
            st.integers(0, 99),
            st.sampled_from(["", ":"]),
        ),
    ),
)
_timestamps = st.one_of(_iso, st.text(max_size=40), _iso.map(lambda t: t[:10]))


@given(_timestamps)
@example("2030-01-01T00:00:00+24:00")
@example("9999-12-31T23:59:59-23:59")
@example("0001-01-01T00:00:00+23:59")
def test_parse_datetime_never_raises(text: str) -> None:
    parsed = parse_datetime(text)
    assert parsed is None or parsed.tzinfo is not None


@given(st.one_of(st.integers(), st.floats(), st.none(), st.booleans()))
@example(10**400)
def test_parse_datetime_of_numbers_never_raises(value: object) -> None:
    parse_datetime(value)


def test_an_offset_of_a_day_is_no_timestamp() -> None:
    assert parse_datetime("2030-01-01T00:00:00+24:00") is None
    assert parse_datetime("2030-01-01T00:00:00+23:59") is not None


# --- rate-limit headers ----------------------------------------------------------------------

_http_dates = st.builds(
    lambda day, d, mon, y, h, m, s, zone: (
        f"{day}, {d:02d} {mon} {y} {h:02d}:{m:02d}:{s:02d} {zone}"
    ),
    st.sampled_from(["Wed", "Mon", "Xyz"]),
    st.integers(0, 99),
    st.sampled_from(["Oct", "Jan", "Foo"]),
    st.integers(0, 100_000),
    st.integers(0, 99),
    st.integers(0, 99),
    st.integers(0, 99),
    st.sampled_from(["GMT", "+2400", "-9999", "+0000", "UTC", ""]),
)
_numbers = st.one_of(
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.just("9" * 400),
    st.just("1" * 5000),
)
_header_values = st.one_of(_iso, _http_dates, _numbers, st.text(max_size=40))


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "X-RateLimit-Limit",
                "X-RateLimit-Remaining",
                "X-RateLimit-Reset",
                "Date",
                "Retry-After",
            ]
        ),
        _header_values,
    ),
    st.floats(min_value=-1e12, max_value=1e12),
)
@example({"X-RateLimit-Reset": "2030-01-01T00:00:00+24:00"}, NOW)
@example(
    {"X-RateLimit-Reset": "0001-01-01T00:00:00+23:59", "Date": "Mon, 01 Jan 9999 00:00:00 -2359"},
    NOW,
)
def test_rate_limit_headers_never_raise(headers: dict[str, str], now: float) -> None:
    parsed = read_rate_limit(headers, now)
    assert parsed.limit is None or parsed.limit >= 0
    assert parsed.remaining is None or parsed.remaining >= 0
    as_datetime(parsed.reset_at)
    parse_reset(headers.get("X-RateLimit-Reset"), now)
    parse_retry_after(headers.get("Retry-After"), now)
    parse_http_date(headers.get("Date"))
    server_skew(headers, now)


def test_as_datetime_beyond_the_calendar_is_none() -> None:
    assert as_datetime(1e20) is None
    assert as_datetime(-1e20) is None


def test_parsed_headers_are_cached_by_their_text() -> None:
    reset = "2026-10-14T19:05:00.158143Z"
    assert parse_reset(reset, NOW) == parse_reset(reset, NOW)
    assert reset in ratelimit._resets
    date = "Wed, 14 Oct 2026 19:02:00 GMT"
    assert parse_http_date(date) == parse_http_date(date)
    assert date in ratelimit._dates
    for n in range(1000):  # a cache that grows with the walk would be a leak
        parse_reset(f"2026-10-14T19:05:{n % 60:02d}.{n:06d}Z", NOW)
    assert len(ratelimit._resets) <= 64
    # The relative form is cached as a duration, not as a time.
    assert parse_reset("30", NOW) == NOW + 30
    assert parse_reset("30", NOW + 100) == NOW + 130


# --- the Link header ---------------------------------------------------------------------------

_host = st.one_of(
    st.sampled_from(
        [
            "example.social",
            "xn--",
            "xn--zz",
            "[::1]",
            "[zz]",
            "",
            "user:pw@example.social",
            "example.social:99999",
            "exa mple.social",
            "@",
            "a..b",
            "münchen.example",
        ]
    ),
    st.text(max_size=12),
)
_target = st.one_of(
    st.builds(
        lambda scheme, host, path: f"{scheme}://{host}{path}",
        st.sampled_from(["https", "http", "anchorhttps", "javascript", ""]),
        _host,
        st.sampled_from(["", "/", "/api/v1/x?max_id=1", "@", "/%zz", "#frag", "?a=%ff"]),
    ),
    st.text(alphabet="/?#[]@:%.-xn abc123", max_size=20),
)
_rel = st.sampled_from(['rel="next"', 'rel="prev"', "rel=next", 'rel="next prev"', 'rel="'])
_header = st.lists(st.builds(lambda t, r: f"<{t}>; {r}", _target, _rel), max_size=3).map(", ".join)


@given(st.one_of(_header, st.text(max_size=80)))
@example('<https://xn-->; rel="next"')
@example('<anchorhttps://[::1]@>; rel="next"')
@example('<https://user:pw@example.social/x>; rel="next"')
def test_link_parser_raises_only_link_header_errors(header: str) -> None:
    try:
        links = page_links(header, BASE)
    except LinkHeaderError:
        links = None
    for rel in ("next", "prev"):
        try:
            target = follow_link(header, BASE, rel)  # type: ignore[arg-type]
        except LinkHeaderError:
            continue
        # The fast path and the full parser agree wherever both read a target.
        if links is not None:
            assert target == getattr(links, rel)
        if target is not None:
            assert target.scheme in ("http", "https")
            assert target.host
            assert target.user is None
            assert target.password is None


def test_credentials_in_a_link_are_refused() -> None:
    with pytest.raises(LinkHeaderError, match="credentials"):
        page_links('<https://user:pw@example.social/x>; rel="next"', BASE)


# --- entity decoding ---------------------------------------------------------------------------

_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    _iso,
)
_value = st.recursive(
    _leaf,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=10,
)
_status_fields = [f.encode_name for f in msgspec.structs.fields(Status)]
_entity = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(max_size=6), st.integers(), st.none()),
        "created_at": _timestamps,
        "account": st.one_of(st.none(), st.fixed_dictionaries({"id": st.text(max_size=4)})),
        **dict.fromkeys(_status_fields[:20], _value),
    },
)


def _nested(depth: int) -> bytes:
    return b'{"id":"1","reblog":' * depth + b'{"id":"x","created_at":1}' + b"}" * depth


_bodies = st.one_of(
    st.lists(_entity, max_size=3).map(lambda v: json.dumps(v).encode()),
    _entity.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=60),
    st.integers(1, 3000).map(_nested),
    st.integers(1, 3000).map(lambda d: b"[" + _nested(d) + b"]"),
)


@given(_bodies, st.sampled_from([Status, Account, Notification]))
@example(b"[" + _nested(300) + b"]", Status)
@example(b"9" * 5000, Status)
@example(b'[{"id": 1' + b"0" * 30 + b"}]", Account)
def test_decoding_raises_only_our_errors(body: bytes, entity: type[msgspec.Struct]) -> None:
    for type_ in (entity, list[entity]):  # type: ignore[valid-type]
        with contextlib.suppress(msgspec.DecodeError, Unrepairable):
            decoder_for(type_).decode(body)
        with contextlib.suppress(DecodeError):
            aiomastodon.decode(type_, body)
    try:
        items, bad = decoder_for(entity).decode_list(body)
    except msgspec.DecodeError:
        return
    assert all(isinstance(item, entity) for item in items)
    assert all(isinstance(b, Undecodable) for b in bad)


@given(st.text(max_size=40))
@example("\ud800")
def test_decoding_text_raises_only_our_errors(text: str) -> None:
    with pytest.raises(DecodeError):
        aiomastodon.decode(Status, text + "[")
