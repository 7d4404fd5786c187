"""Decoding bodies into entities: strict and fast first, tolerant when that fails.

Real servers depart from the docs: a number where an id string belongs, ``null`` in a
field the docs call required, a naive or date-only timestamp, a date where a datetime
was promised (or the reverse). One odd field must never fail a page, so decoding runs in
two steps:

1. The strict path: one ``msgspec.json.Decoder`` per type, built once, straight from the
   bytes. Well-formed answers (nearly all) never leave it.
2. Only if that raises a validation error: decode to plain Python values, *repair* them
   against the type (coerce what can be coerced; drop what cannot, so the field takes its
   default; drop a bad element of a nested list), and convert. Only a value that nothing
   can stand in for (a missing ``id``, say) still fails, as
   [`Unrepairable`][aiomastodon.errors.Unrepairable].

Malformed JSON is never repaired: it raises ``msgspec.DecodeError`` for the caller to
report with the endpoint.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any, Generic, TypeVar, cast, get_args, get_origin

import msgspec
from msgspec import inspect as mi

from ..errors import Unrepairable

__all__ = ["Decoder", "Unrepairable", "decoder_for"]

T = TypeVar("T")

_plain_decoder = msgspec.json.Decoder()
_raw_list_decoder = msgspec.json.Decoder(list[msgspec.Raw])


class _Drop(Exception):
    """Raised inside the repair walk: this value cannot stay; let the default stand."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


class Decoder(Generic[T]):
    """Decode one type from JSON bytes (or from plain Python values), tolerantly."""

    __slots__ = ("_info", "_item", "_strict", "type")

    def __init__(self, type_: type[T]) -> None:
        self.type = type_
        self._strict = msgspec.json.Decoder(type_)
        self._info: mi.Type | None = None
        # For a page (list[X]), an odd item is repaired alone; the others stay on the
        # fast path.
        self._item: object | None = get_args(type_)[0] if get_origin(type_) is list else None

    def decode(self, data: bytes | str) -> T:
        """Decode ``data``.

        Raises:
            msgspec.DecodeError: ``data`` is not JSON (truncated, garbage).
            Unrepairable: the JSON cannot be made to fit the type.
        """
        try:
            return self._strict.decode(data)
        except msgspec.ValidationError:
            pass
        if self._item is None:
            return self.convert(_plain_decoder.decode(data))
        item_decoder = _shared_decoder(self._item)
        items = []
        for index, raw in enumerate(_raw_list_decoder.decode(data)):
            try:
                items.append(item_decoder.decode(raw))
            except Unrepairable as exc:
                raise Unrepairable(f"$[{index}]{exc.path[1:]}", exc.reason) from None
        return cast(T, items)

    def convert(self, value: object) -> T:
        """Convert plain Python values (as ``json.loads`` gives them) into the type."""
        if self._info is None:
            self._info = mi.type_info(self.type)
        try:
            repaired = _repair(value, self._info, "$")
        except _Drop as drop:
            raise Unrepairable(drop.path, drop.reason) from None
        try:
            return msgspec.convert(repaired, self.type)
        except msgspec.ValidationError as exc:
            raise Unrepairable("$", str(exc)) from None


def decoder_for(type_: type[T]) -> Decoder[T]:
    """The shared ``Decoder`` for a type (built on first use, then reused)."""
    return _shared_decoder(cast(Any, type_))


@functools.cache
def _shared_decoder(type_: Any) -> Decoder[Any]:
    # The cache erases the generic signature (decoder_for would return Any to mypy),
    # so the cache lives here and decoder_for keeps the typed one.
    return Decoder(type_)


# --- the repair walk --------------------------------------------------------------------


def _repair(value: object, info: mi.Type, path: str) -> object:
    repair = _REPAIRS.get(type(info))
    if repair is None:
        return value
    return repair(value, info, path)


def _repair_struct(value: object, info: mi.Type, path: str) -> object:
    info = cast(mi.StructType, info)
    if not isinstance(value, dict):
        raise _Drop(path, f"expected an object, got {_kind(value)}")
    out = dict(value)
    for field in info.fields:
        key = field.encode_name
        where = f"{path}.{key}"
        if key in out:
            try:
                out[key] = _repair(out[key], field.type, where)
            except _Drop:
                if field.required:
                    raise
                del out[key]
        elif field.required:
            raise _Drop(where, "required field is missing")
    return out


def _repair_union(value: object, info: mi.Type, path: str) -> object:
    info = cast(mi.UnionType, info)
    members = info.types
    if value is None:
        if any(isinstance(m, mi.NoneType) for m in members):
            return None
        raise _Drop(path, "null where a value is required")
    last: _Drop | None = None
    for member in members:
        if isinstance(member, mi.NoneType):
            continue
        try:
            return _repair(value, member, path)
        except _Drop as drop:
            last = drop
    raise last or _Drop(path, f"no member of the union accepts {_kind(value)}")


def _repair_list(value: object, info: mi.Type, path: str) -> object:
    info = cast(mi.ListType, info)
    if not isinstance(value, list):
        raise _Drop(path, f"expected an array, got {_kind(value)}")
    out = []
    for index, item in enumerate(value):
        try:
            out.append(_repair(item, info.item_type, f"{path}[{index}]"))
        except _Drop:
            if path == "$":
                raise  # a top-level item is never dropped: that would lose it silently
    return out


def _repair_dict(value: object, info: mi.Type, path: str) -> object:
    info = cast(mi.DictType, info)
    if not isinstance(value, dict):
        raise _Drop(path, f"expected an object, got {_kind(value)}")
    out = {}
    for key, item in value.items():
        try:
            out[key] = _repair(item, info.value_type, f"{path}.{key}")
        except _Drop:
            continue
    return out


def _repair_str(value: object, info: mi.Type, path: str) -> object:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # ids sent as numbers
    raise _Drop(path, f"expected a string, got {_kind(value)}")


def _repair_int(value: object, info: mi.Type, path: str) -> object:
    if isinstance(value, bool):
        raise _Drop(path, "expected an integer, got a boolean")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    raise _Drop(path, f"expected an integer, got {_kind(value)}")


def _repair_float(value: object, info: mi.Type, path: str) -> object:
    if isinstance(value, bool):
        raise _Drop(path, "expected a number, got a boolean")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            pass
    raise _Drop(path, f"expected a number, got {_kind(value)}")


_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no", ""})


def _repair_bool(value: object, info: mi.Type, path: str) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    raise _Drop(path, f"expected a boolean, got {_kind(value)}")


_ISO = re.compile(
    r"\s*(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
    r"\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?\s*$"
)


def parse_datetime(value: object) -> datetime | None:
    """A lenient timestamp parser: RFC 3339, naive (read as UTC), date-only, epoch numbers.

    Returns an aware datetime, or ``None`` if ``value`` is not a timestamp at all.
    """
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = value / 1000 if abs(value) > 1e11 else value  # milliseconds are that large
        try:
            return datetime.fromtimestamp(seconds, timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    match = _ISO.match(value)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    tz = timezone.utc
    if offset and offset not in ("Z", "z"):
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
        tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            micro,
            tzinfo=tz,
        )
    except ValueError:
        return None


def _repair_datetime(value: object, info: mi.Type, path: str) -> object:
    parsed = parse_datetime(value)
    if parsed is None:
        raise _Drop(path, f"expected a timestamp, got {_kind(value)}")
    return parsed


def _repair_date(value: object, info: mi.Type, path: str) -> object:
    if isinstance(value, str):
        match = _ISO.match(value)
        if match is not None:
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                pass
    raise _Drop(path, f"expected a date, got {_kind(value)}")


def _repair_literal(value: object, info: mi.Type, path: str) -> object:
    info = cast(mi.LiteralType, info)
    if value in info.values:
        return value
    raise _Drop(path, f"unexpected value {value!r}")


def _repair_none(value: object, info: mi.Type, path: str) -> object:
    if value is None:
        return None
    raise _Drop(path, f"expected null, got {_kind(value)}")


_REPAIRS: dict[type[mi.Type], Callable[[object, mi.Type, str], object]] = {
    mi.StructType: _repair_struct,
    mi.UnionType: _repair_union,
    mi.ListType: _repair_list,
    mi.DictType: _repair_dict,
    mi.StrType: _repair_str,
    mi.IntType: _repair_int,
    mi.FloatType: _repair_float,
    mi.BoolType: _repair_bool,
    mi.DateTimeType: _repair_datetime,
    mi.DateType: _repair_date,
    mi.LiteralType: _repair_literal,
    mi.NoneType: _repair_none,
}


def _kind(value: object) -> str:
    if value is None:
        return "null"
    names = {str: "a string", bool: "a boolean", int: "an integer", float: "a number"}
    return names.get(type(value), f"a {type(value).__name__}")
