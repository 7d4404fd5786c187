"""Resuming a download: Content-Range and Content-Length parsing, If-Range validators, and
what an answer to a range request means (``_sansio/ranges.py``)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiomastodon._sansio.ranges import (
    Body,
    Complete,
    ContentRange,
    Restart,
    offers_ranges,
    parse_content_range,
    parse_length,
    range_headers,
    read_answer,
    validator_of,
)

# --- Content-Range -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("bytes 0-99/1234", ContentRange(0, 99, 1234)),
        ("bytes 100-1233/1234", ContentRange(100, 1233, 1234)),
        ("  bytes 5-5/6 ", ContentRange(5, 5, 6)),
        ("bytes 0-99/*", ContentRange(0, 99, None)),
        ("bytes */1234", ContentRange(None, None, 1234)),
    ],
)
def test_content_range_parses(text, parsed):
    assert parse_content_range(text) == parsed


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "bytes",
        "bytes */*",  # says nothing
        "bytes 10-5/100",  # ends before it starts
        "bytes 0-100/100",  # ends at the total: past the last byte
        "bits 0-1/2",
        "bytes -1-5/10",
        "bytes 0-5/10, 7-9/10",
        "bytes 0-99/1234x",
        "bytes 1" + "0" * 30 + "-2/3",  # absurdly long numbers are not read
    ],
)
def test_content_range_refuses_what_is_unreadable(text):
    assert parse_content_range(text) is None


@given(start=st.integers(0, 2**40), length=st.integers(1, 2**40), extra=st.integers(0, 2**40))
def test_content_range_round_trips(start, length, extra):
    end = start + length - 1
    total = end + 1 + extra
    assert parse_content_range(f"bytes {start}-{end}/{total}") == ContentRange(start, end, total)


@given(st.text(max_size=60))
def test_content_range_never_raises(text):
    found = parse_content_range(text)
    if found is not None and found.start is not None:
        assert found.end is not None
        assert found.start <= found.end
        assert found.total is None or found.end < found.total


@pytest.mark.parametrize(
    ("text", "length"),
    [("0", 0), ("123", 123), (" 42 ", 42), ("-1", None), ("1e3", None), ("", None), (None, None)],
)
def test_content_length(text, length):
    assert parse_length(text) == length


# --- validators ----------------------------------------------------------------------------

DATE = "Wed, 01 Jan 2026 00:00:10 GMT"


def test_a_strong_etag_is_the_validator():
    assert validator_of({"ETag": '"abc"', "Last-Modified": DATE, "Date": DATE}) == '"abc"'


def test_a_weak_etag_is_not_and_last_modified_stands_in_when_strong():
    older = "Wed, 01 Jan 2026 00:00:00 GMT"
    assert validator_of({"ETag": 'W/"abc"', "Last-Modified": older, "Date": DATE}) == older


def test_a_last_modified_as_late_as_the_date_is_too_weak():
    assert validator_of({"Last-Modified": DATE, "Date": DATE}) is None
    assert validator_of({"Last-Modified": DATE}) is None
    assert validator_of({"Last-Modified": "yesterday", "Date": DATE}) is None
    assert validator_of({}) is None


def test_range_headers():
    assert range_headers(0, '"v"') == {}
    assert range_headers(10, None) == {"Range": "bytes=10-"}
    assert range_headers(10, '"v"') == {"Range": "bytes=10-", "If-Range": '"v"'}


def test_offers_ranges():
    assert offers_ranges({"Accept-Ranges": "bytes"})
    assert offers_ranges({"Accept-Ranges": " Bytes ", "Content-Encoding": "identity"})
    assert not offers_ranges({"Accept-Ranges": "none"})
    assert not offers_ranges({})  # nothing said: ask for the whole file again
    assert not offers_ranges({"Accept-Ranges": "bytes", "Content-Encoding": "gzip"})


# --- answers -------------------------------------------------------------------------------


def answer(status, headers, offset=0, total=None, validator=None):
    return read_answer(status, headers, offset=offset, total=total, validator=validator)


def test_200_is_the_whole_file_from_byte_zero():
    got = answer(200, {"Content-Length": "10", "ETag": '"v"', "Accept-Ranges": "bytes"}, 4, 10)
    assert got == Body(0, 10, 10, '"v"', True)


def test_a_compressed_200_has_no_length_of_ours_and_is_not_resumable():
    got = answer(200, {"Content-Length": "3", "Content-Encoding": "gzip"})
    assert got == Body(0, None, None, None, False)


def test_206_at_the_offset_is_the_rest():
    headers = {"Content-Range": "bytes 4-9/10", "Content-Length": "6", "ETag": '"v"'}
    assert answer(206, headers, 4, 10, '"v"') == Body(4, 6, 10, '"v"', True)


def test_206_to_a_plain_request_from_zero_is_a_first_part():
    headers = {"Content-Range": "bytes 0-4/10"}
    assert answer(206, headers) == Body(0, 5, 10, None, True)


def test_a_200_without_accept_ranges_is_not_resumable():
    assert answer(200, {"Content-Length": "10"}) == Body(0, 10, 10, None, False)


@pytest.mark.parametrize(
    ("headers", "why"),
    [
        ({"Content-Range": "bytes 3-9/10"}, "resumed at byte 3"),
        ({"Content-Range": "bytes 4-9/12"}, "it changed"),
        ({"Content-Range": "bytes 4-9/10", "ETag": '"w"'}, "file changed"),
        ({}, "no usable Content-Range"),
        ({"Content-Range": "bytes 4-9/10", "Content-Length": "5"}, "does not match"),
        ({"Content-Range": "bytes 4-9/10", "Content-Encoding": "br"}, "compressed"),
        ({"Content-Type": "multipart/byteranges; boundary=x"}, "several ranges"),
    ],
)
def test_a_206_that_does_not_continue_the_file_restarts(headers, why):
    got = answer(206, headers, 4, 10, '"v"')
    assert isinstance(got, Restart)
    assert why in got.why


def test_416_for_exactly_the_bytes_held_is_complete():
    assert answer(416, {"Content-Range": "bytes */10"}, 10, 10) == Complete()
    assert isinstance(answer(416, {"Content-Range": "bytes */12"}, 10, 10), Restart)
    assert isinstance(answer(416, {}, 10, 10), Restart)
    assert isinstance(answer(416, {"Content-Range": "bytes */0"}, 0), Restart)


def test_another_status_is_no_answer_to_a_range_request():
    assert isinstance(answer(204, {}, 4), Restart)
