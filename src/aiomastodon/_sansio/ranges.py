"""Resuming a download, as pure code: what to ask for, and what an answer means.

A download that has the first ``offset`` bytes of a file asks for the rest with
``Range: bytes=offset-`` (RFC 9110 §14.2), and with ``If-Range`` carrying the validator
of the copy it has (§13.1.5): a strong ``ETag``, or else a ``Last-Modified`` the server
wrote at least a second before its ``Date`` (only such a date is strong enough). A
server whose file changed meanwhile then answers 200 with the whole new file, rather
than 206 with the rest of another one.

[read_answer][aiomastodon._sansio.ranges.read_answer] says what an answer to such a
request holds:

- ``200``: the whole file, from byte 0 (the server ignores ``Range``, or the file
  changed): the download starts over with this body. A later break is resumed only if
  this answer offered ranges (``Accept-Ranges: bytes``).
- ``206`` whose ``Content-Range`` starts at ``offset``, for the same total and validator:
  the rest.
- ``416`` whose ``Content-Range`` says the file has exactly ``offset`` bytes: nothing
  is missing.
- Anything else (a 206 elsewhere, for another total, of another version, in several
  parts, or compressed): [Restart][aiomastodon._sansio.ranges.Restart], ask again without
  ``Range``.

Bodies that arrive compressed (``Content-Encoding`` other than ``identity``) are read
whole and never resumed: the transport hands them out decoded, so their byte counts are
not the server's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Final

__all__ = [
    "Body",
    "Complete",
    "ContentRange",
    "Restart",
    "offers_ranges",
    "parse_content_range",
    "parse_length",
    "range_headers",
    "read_answer",
    "validator_of",
]

_CONTENT_RANGE: Final = re.compile(r"bytes\s+(?:(\d{1,19})-(\d{1,19})|\*)/(\d{1,19}|\*)")
_DIGITS: Final = re.compile(r"\d{1,19}")


@dataclass(frozen=True, slots=True)
class ContentRange:
    """A parsed ``Content-Range`` header.

    Attributes:
        start: The first byte sent, or ``None`` (``bytes */total``, in a 416).
        end: The last byte sent (inclusive), or ``None`` with ``start``.
        total: The file's whole size, or ``None`` when the server does not know (``/*``).
    """

    start: int | None
    end: int | None
    total: int | None


def parse_content_range(value: str | None) -> ContentRange | None:
    """``bytes 0-99/1234``, ``bytes 0-99/*`` or ``bytes */1234``; ``None`` if unreadable.

    A range that ends before it starts, or at or past the total, is unreadable too.
    """
    if value is None:
        return None
    match = _CONTENT_RANGE.fullmatch(value.strip())
    if match is None:
        return None
    first, last, whole = match.groups()
    total = None if whole == "*" else int(whole)
    if first is None:
        return None if total is None else ContentRange(None, None, total)
    start, end = int(first), int(last)
    if end < start or (total is not None and end >= total):
        return None
    return ContentRange(start, end, total)


def parse_length(value: str | None) -> int | None:
    """A ``Content-Length``: digits only (no sign, no spaces inside), else ``None``."""
    if value is None:
        return None
    text = value.strip()
    return int(text) if _DIGITS.fullmatch(text) else None


def _encoded(headers: Mapping[str, str]) -> bool:
    coding = headers.get("Content-Encoding", "").strip().lower()
    return coding not in ("", "identity")


def validator_of(headers: Mapping[str, str]) -> str | None:
    """What ``If-Range`` may carry for the copy these headers describe, if anything.

    A strong ``ETag`` (not ``W/"..."``, which ``If-Range`` may not carry); else a
    ``Last-Modified`` at least one second older than the answer's ``Date``.
    """
    etag = headers.get("ETag", "").strip()
    if etag.startswith('"') and etag.endswith('"') and len(etag) >= 2:
        return etag
    modified = headers.get("Last-Modified", "").strip()
    date = headers.get("Date", "").strip()
    if not modified or not date:
        return None
    try:
        strong = (parsedate_to_datetime(date) - parsedate_to_datetime(modified)).total_seconds()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return modified if strong >= 1.0 else None


def offers_ranges(headers: Mapping[str, str]) -> bool:
    """Whether a whole-file answer says the rest of it could be asked for later:
    ``Accept-Ranges: bytes``, and a body not compressed (the byte counts of a compressed
    body, as the transport hands it out decoded, are not the server's)."""
    offered = headers.get("Accept-Ranges", "").strip().lower() == "bytes"
    return offered and not _encoded(headers)


def range_headers(offset: int, validator: str | None) -> dict[str, str]:
    """The headers that ask for the bytes from ``offset`` on (none for ``offset`` 0)."""
    if offset <= 0:
        return {}
    headers = {"Range": f"bytes={offset}-"}
    if validator is not None:
        headers["If-Range"] = validator
    return headers


@dataclass(frozen=True, slots=True)
class Body:
    """The answer's body is the file from byte ``start`` on.

    Attributes:
        start: Where the body begins in the file: 0, or the ``offset`` asked for.
        length: How many bytes the body announces, if it does.
        total: The whole file's size, if known.
        validator: What ``If-Range`` carries from now on.
        resumable: Whether a later request may ask for a range.
    """

    start: int
    length: int | None
    total: int | None
    validator: str | None
    resumable: bool


@dataclass(frozen=True, slots=True)
class Complete:
    """Nothing is missing: the file has exactly the bytes already received."""


@dataclass(frozen=True, slots=True)
class Restart:
    """The answer cannot continue the download: ask again, from byte 0, without ``Range``.

    Attributes:
        why: In words, for the retry's log line.
    """

    why: str


def read_answer(
    status: int,
    headers: Mapping[str, str],
    *,
    offset: int,
    total: int | None,
    validator: str | None,
) -> Body | Complete | Restart:
    """What an answer of 200, 206 or 416 holds, for a download that has ``offset`` bytes.

    Args:
        status: The answer's status (200, 206 or 416; the caller handles the others).
        headers: Its headers.
        offset: How many bytes the download has (0: it asked for the whole file).
        total: The whole size an earlier answer announced, if any.
        validator: The validator of the bytes the download has, if any.
    """
    if status == 200:
        length = None if _encoded(headers) else parse_length(headers.get("Content-Length"))
        return Body(0, length, length, validator_of(headers), offers_ranges(headers))
    if status == 416:
        found = parse_content_range(headers.get("Content-Range"))
        if offset > 0 and found is not None and found.total == offset:
            return Complete()
        return Restart(f"the server cannot send the bytes from {offset} on (416)")
    if status != 206:
        return Restart(f"HTTP {status} is not an answer to a range request")
    if _encoded(headers):
        return Restart("the range arrived compressed")
    if headers.get("Content-Type", "").strip().lower().startswith("multipart/"):
        return Restart("the server sent several ranges")
    found = parse_content_range(headers.get("Content-Range"))
    if found is None or found.start is None or found.end is None:
        return Restart("the 206 has no usable Content-Range")
    if found.start != offset:
        return Restart(f"the server resumed at byte {found.start}, not {offset}")
    if total is not None and found.total is not None and found.total != total:
        return Restart(f"the file is now {found.total} bytes, not {total}: it changed")
    now = validator_of(headers)
    if validator is not None and now is not None and now != validator:
        return Restart("the file changed (another ETag or Last-Modified)")
    length = found.end - found.start + 1
    announced = parse_length(headers.get("Content-Length"))
    if announced is not None and announced != length:
        return Restart(f"Content-Length {announced} does not match the range's {length}")
    refused = headers.get("Accept-Ranges", "").strip().lower() == "none"
    return Body(
        offset,
        length,
        found.total if found.total is not None else total,
        now or validator,
        not refused,
    )
