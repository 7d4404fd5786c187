"""``aiomastodon.decode`` and ``aiomastodon.encode``: the client's own JSON road, for data
you keep.

An archive (``aiomastodon archive``, ``Page.raw_items()``) holds the server's bytes.
Reading them back with plain ``msgspec.json.decode(line, type=Status)`` fails where real
servers depart from the docs (an id sent as a number, a date where a datetime was
promised, ``null`` in a required list); ``decode`` takes the path the client takes for
every answer: strict and fast, then the repairs. Its errors are the client's too: one
``DecodeError`` for anything that is not what was asked for.

```python
from aiomastodon import decode, encode
from aiomastodon.entities import Status

status = decode(Status, line)              # one entity: bytes or str
statuses = decode(list[Status], body)      # a whole page
line = encode(status)                      # back to JSON bytes, every field
```
"""

from __future__ import annotations

from typing import TypeVar

import msgspec

from ._sansio.decode import Unrepairable, decoder_for
from ._sansio.response import _type_name, body_excerpt
from .errors import DecodeError

__all__ = ["decode", "encode"]

T = TypeVar("T")


def decode(type_: type[T], data: bytes | str) -> T:
    """Decode JSON into ``type_`` as the client does: an entity (``Status``), a list of
    them (``list[Status]``), or any type msgspec knows.

    Odd fields are repaired (a number where an id string belongs, a naive timestamp) or
    left at their defaults; only what nothing can stand in for fails.

    Raises:
        DecodeError: ``data`` is not JSON, or cannot be made to fit ``type_`` (in a list,
            one item that cannot fails the whole: walk pages with a paginator, which sets
            such items aside).
    """
    try:
        return decoder_for(type_).decode(data)
    except (msgspec.DecodeError, Unrepairable) as exc:
        raw = data if isinstance(data, bytes) else data.encode("utf-8", "replace")
        raise DecodeError(
            f"cannot decode as {_type_name(type_)}: {exc}", excerpt=body_excerpt(raw, 120)
        ) from None


def encode(value: object) -> bytes:
    """``value`` (an entity, a list of them, a ``Cursor``, plain data) as JSON bytes.

    Entities are encoded with every field, defaults included, under their JSON names:
    ``decode(type(value), encode(value)) == value``.

    Raises:
        TypeError: ``value`` holds something JSON cannot carry (a programming error).
    """
    try:
        return msgspec.json.encode(value)
    except msgspec.EncodeError as exc:
        raise TypeError(f"cannot encode {type(value).__name__} as JSON: {exc}") from None
