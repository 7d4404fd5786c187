"""How the fake server writes what it sends: JSON bytes, times and ids.

Mastodon renders JSON compactly, with non-ASCII text as raw UTF-8 and ``<``, ``>``,
``&``, U+2028 and U+2029 escaped (Rails' ``escape_html_entities_in_json``): a status's
``content`` arrives as ``"\\u003cp\\u003eHello\\u003c/p\\u003e"``. That is the
``"mastodon"`` style. ``"varied"`` writes each entity in one of three other ways (raw
compact, spaced with ``\\uXXXX`` escapes, keys in reverse order), chosen by the entity's
sequence number, and ``"pretty"`` indents them over several lines (some with CRLF), so a
client that re-serialises instead of keeping the server's bytes shows.

Ids: statuses, accounts and media get Mastodon's snowflake ids (milliseconds since the
epoch shifted left 16 bits, plus a sequence), numeric strings that grow with the server's
clock; notifications, favourites, bookmarks, follows and lists get small serial ids, as
their tables do in Mastodon.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from email.utils import formatdate
from typing import Literal

__all__ = [
    "JSONStyle",
    "JSONValue",
    "Snowflakes",
    "encode",
    "encode_array",
    "http_date",
    "iso_date",
    "iso_time",
]

JSONStyle = Literal["mastodon", "varied", "pretty"]
JSONValue = None | bool | int | float | str | list["JSONValue"] | dict[str, "JSONValue"]

_RAILS_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_RAILS_TABLE = str.maketrans(_RAILS_ESCAPES)


def encode(value: object, style: JSONStyle = "mastodon", n: int = 0) -> bytes:
    """``value`` as the server sends it; ``n`` picks the variant of the ``varied`` and
    ``pretty`` styles."""
    if style == "mastodon":
        # Those characters occur only inside strings, so translating the text is exact.
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return text.translate(_RAILS_TABLE).encode()
    if style == "pretty":
        text = json.dumps(value, indent=2, ensure_ascii=n % 2 == 0)
        return (text.replace("\n", "\r\n") if n % 3 == 0 else text).encode()
    if n % 3 == 0:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    if n % 3 == 1:
        return json.dumps(value).encode()  # ", " and ": ", and \uXXXX escapes
    if isinstance(value, dict):
        value = dict(reversed(value.items()))
    return json.dumps(value, ensure_ascii=False).encode()


def encode_array(items: list[bytes], style: JSONStyle = "mastodon") -> bytes:
    """A JSON array of already encoded items, their bytes kept exactly."""
    if style == "pretty":
        return b"[\n" + b",\n".join(items) + b"\n]" if items else b"[]"
    return b"[" + b",".join(items) + b"]"


def iso_time(when: float) -> str:
    """Epoch seconds as Mastodon writes ``created_at``: ``2026-01-01T00:00:00.000Z``."""
    moment = datetime.fromtimestamp(when, timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def iso_date(when: float) -> str:
    """Epoch seconds as a date (``last_status_at``, accounts' ``created_at`` day)."""
    return datetime.fromtimestamp(when, timezone.utc).date().isoformat()


def http_date(when: float) -> str:
    """Epoch seconds as an HTTP ``Date`` header."""
    return formatdate(when, usegmt=True)


class Snowflakes:
    """Mastodon-style ids from a clock: ``(milliseconds << 16) | sequence``, always growing."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._last = 0

    def next(self) -> str:
        """A new id, greater than every id made before."""
        candidate = int(self._clock() * 1000) << 16
        self._last = max(candidate, self._last + 1)
        return str(self._last)
