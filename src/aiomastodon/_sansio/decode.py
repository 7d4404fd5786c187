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
report with the endpoint. Nothing else escapes, whatever the bytes: JSON nested too deeply
for the decoder (or, when it needs repair, deeper than ``MAX_REPAIR_DEPTH`` containers) is
an error of the same two kinds, never a ``RecursionError``.

A page (``Decoder.decode_list``) is decoded item by item when the strict path fails, and
an item that cannot be decoded is set aside as an
[`Undecodable`][aiomastodon.pagination.Undecodable] (its position, its bytes, why)
instead of failing the other items.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any, Generic, NamedTuple, TypeVar, cast, get_args, get_origin

import msgspec
from msgspec import inspect as mi

from ..errors import Unrepairable

__all__ = [
    "MAX_REPAIR_DEPTH",
    "Decoder",
    "Undecodable",
    "Unrepairable",
    "decoder_for",
    "envelope_type",
    "parse_datetime",
    "split_list",
]

T = TypeVar("T")

MAX_REPAIR_DEPTH = 64
"""Nesting (objects and arrays) the repair walk follows before it gives an item up.

Mastodon's deepest entities (a boost of a status that quotes another) nest about ten
levels; a chain of hundreds is hostile, and repairing it would exhaust Python's stack.
"""

_plain_decoder = msgspec.json.Decoder()
_raw_list_decoder = msgspec.json.Decoder(list[msgspec.Raw])


class Undecodable(NamedTuple):
    """An item of a page that could not be decoded; the page's other items were.

    Attributes:
        position: Where it was in the server's answer (0 is the first item sent).
        raw: Its JSON bytes, exactly as sent.
        reason: Why it could not be decoded (``required field is missing - at `$.id```).
    """

    position: int
    raw: bytes
    reason: str


class _TooDeep(Exception):
    """Raised inside the repair walk: nested deeper than MAX_REPAIR_DEPTH; nothing can stay."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


class _Drop(Exception):
    """Raised inside the repair walk: this value cannot stay; let the default stand."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


class Decoder(Generic[T]):
    """Decode one type from JSON bytes (or from plain Python values), tolerantly."""

    __slots__ = ("_info", "_item", "_pages", "_strict", "type")

    def __init__(self, type_: type[T]) -> None:
        self.type = type_
        self._strict = msgspec.json.Decoder(type_)
        self._info: mi.Type | None = None
        # For a page (list[X]), an odd item is repaired alone; the others stay on the
        # fast path.
        self._item: object | None = get_args(type_)[0] if get_origin(type_) is list else None
        # Per envelope key (None: a bare array): the strict decoder of a whole page of T,
        # and the one that splits a page into its items' bytes.
        self._pages: dict[str | None, tuple[msgspec.json.Decoder[Any], msgspec.json.Decoder[Any]]]
        self._pages = {}

    def decode(self, data: bytes | str) -> T:
        """Decode ``data``.

        Raises:
            msgspec.DecodeError: ``data`` is not JSON (truncated, garbage), or is nested too
                deeply to decode.
            Unrepairable: the JSON cannot be made to fit the type.
        """
        if isinstance(data, str):
            data = _utf8(data)
        try:
            return self._strict.decode(data)
        except msgspec.ValidationError:
            pass
        except RecursionError:
            raise _too_deep() from None
        if self._item is None:
            return self.convert(_plain(data))
        item_decoder = _shared_decoder(self._item)
        items = []
        for index, raw in enumerate(_split(_raw_list_decoder, data)):
            try:
                items.append(item_decoder.decode(raw))
            except Unrepairable as exc:
                raise Unrepairable(f"$[{index}]{exc.path[1:]}", exc.reason) from None
        return cast(T, items)

    def decode_list(
        self, data: bytes, envelope: str | None = None
    ) -> tuple[list[T], list[Undecodable]]:
        """Decode a page: a JSON array of this type (or the array under ``envelope`` of an
        object), and the items that could not be decoded, set aside.

        Raises:
            msgspec.DecodeError: ``data`` is not JSON, or not an array (an object).
        """
        decoders = self._pages.get(envelope)
        if decoders is None:
            decoders = self._pages[envelope] = _page_decoders(self.type, envelope)
        strict, splitter = decoders
        try:
            page = strict.decode(data)
        except (msgspec.ValidationError, RecursionError):
            pass  # one odd item (or one too deep): decode them one by one
        else:
            return (page if envelope is None else getattr(page, envelope)), []
        raws = _split(splitter, data)
        if envelope is not None:
            raws = getattr(raws, envelope)
        items: list[T] = []
        bad: list[Undecodable] = []
        for position, raw in enumerate(raws):
            try:
                items.append(self.decode(raw))
            except (msgspec.DecodeError, Unrepairable) as exc:
                bad.append(Undecodable(position, bytes(raw), str(exc)))
        return items, bad

    def convert(self, value: object) -> T:
        """Convert plain Python values (as ``json.loads`` gives them) into the type."""
        if self._info is None:
            self._info = mi.type_info(self.type)
        try:
            repaired = _repair(value, self._info, "$", 0)
        except _Drop as drop:
            raise Unrepairable(drop.path, drop.reason) from None
        except (_TooDeep, RecursionError) as exc:
            path = exc.path if isinstance(exc, _TooDeep) else "$"
            raise Unrepairable(path, "nested too deeply to repair") from None
        try:
            return msgspec.convert(repaired, self.type)
        except msgspec.ValidationError as exc:
            raise Unrepairable("$", str(exc)) from None
        except RecursionError:
            raise Unrepairable("$", "nested too deeply to repair") from None


def _utf8(text: str) -> bytes:
    try:
        return text.encode()
    except UnicodeEncodeError as exc:  # a lone surrogate: no JSON text can hold it
        raise msgspec.DecodeError(f"not valid Unicode text: {exc.reason}") from None


def _too_deep() -> msgspec.DecodeError:
    return msgspec.DecodeError("JSON is nested too deeply to decode")


def _plain(data: bytes) -> object:
    """``data`` as plain Python values (the strict path already found it well formed so far)."""
    try:
        return _plain_decoder.decode(data)
    except msgspec.ValidationError as exc:  # an integer beyond 64 bits: nothing fits it
        raise Unrepairable("$", str(exc)) from None
    except RecursionError:
        raise _too_deep() from None


def _split(splitter: msgspec.json.Decoder[Any], data: bytes) -> Any:
    try:
        return splitter.decode(data)
    except msgspec.ValidationError as exc:  # JSON, but not an array of items
        raise msgspec.DecodeError(str(exc)) from None
    except RecursionError:
        raise _too_deep() from None


def split_list(data: bytes, envelope: str | None = None) -> list[msgspec.Raw]:
    """A page's items as their own JSON bytes, in order, without decoding them: the array
    itself, or the one under ``envelope`` of an object.

    Raises:
        msgspec.DecodeError: ``data`` is not JSON, or has no such array.
    """
    if envelope is None:
        return cast(list[msgspec.Raw], _split(_raw_list_decoder, data))
    page = _split(_raw_envelope_decoder(envelope), data)
    return cast(list[msgspec.Raw], getattr(page, envelope))


@functools.cache
def _raw_envelope_decoder(key: str) -> msgspec.json.Decoder[Any]:
    return msgspec.json.Decoder(envelope_type(key, msgspec.Raw))


def _page_decoders(
    item: object, envelope: str | None
) -> tuple[msgspec.json.Decoder[Any], msgspec.json.Decoder[Any]]:
    if envelope is None:
        return msgspec.json.Decoder(list[item]), _raw_list_decoder  # type: ignore[valid-type]
    return msgspec.json.Decoder(envelope_type(envelope, item)), _raw_envelope_decoder(envelope)


@functools.cache
def envelope_type(key: str, item_type: object) -> type[object]:
    """A Struct with one field, ``key``, holding a list of items (made once per pair): the
    page of an endpoint that answers an object (``{"accounts": [...], ...}``)."""
    return msgspec.defstruct(f"_{key.title()}Page", [(key, list[item_type], [])])  # type: ignore[valid-type]


def decoder_for(type_: type[T]) -> Decoder[T]:
    """The shared ``Decoder`` for a type (built on first use, then reused)."""
    return _shared_decoder(cast(Any, type_))


@functools.cache
def _shared_decoder(type_: Any) -> Decoder[Any]:
    # The cache erases the generic signature (decoder_for would return Any to mypy),
    # so the cache lives here and decoder_for keeps the typed one.
    return Decoder(type_)


# --- the repair walk --------------------------------------------------------------------


def _repair(value: object, info: mi.Type, path: str, depth: int) -> object:
    repair = _REPAIRS.get(type(info))
    if repair is None:
        return value
    return repair(value, info, path, depth)


def _repair_struct(value: object, info: mi.Type, path: str, depth: int) -> object:
    info = cast(mi.StructType, info)
    if not isinstance(value, dict):
        raise _Drop(path, f"expected an object, got {_kind(value)}")
    if depth >= MAX_REPAIR_DEPTH:
        raise _TooDeep(path)
    out = dict(value)
    for field in info.fields:
        key = field.encode_name
        where = f"{path}.{key}"
        if key in out:
            try:
                out[key] = _repair(out[key], field.type, where, depth + 1)
            except _Drop:
                if field.required:
                    raise
                del out[key]
        elif field.required:
            raise _Drop(where, "required field is missing")
    return out


def _repair_union(value: object, info: mi.Type, path: str, depth: int) -> object:
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
            return _repair(value, member, path, depth)
        except _Drop as drop:
            last = drop
    raise last or _Drop(path, f"no member of the union accepts {_kind(value)}")


def _repair_list(value: object, info: mi.Type, path: str, depth: int) -> object:
    info = cast(mi.ListType, info)
    if not isinstance(value, list):
        raise _Drop(path, f"expected an array, got {_kind(value)}")
    if depth >= MAX_REPAIR_DEPTH:
        raise _TooDeep(path)
    out = []
    for index, item in enumerate(value):
        try:
            out.append(_repair(item, info.item_type, f"{path}[{index}]", depth + 1))
        except _Drop:
            if path == "$":
                raise  # a top-level item is never dropped: that would lose it silently
    return out


def _repair_dict(value: object, info: mi.Type, path: str, depth: int) -> object:
    info = cast(mi.DictType, info)
    if not isinstance(value, dict):
        raise _Drop(path, f"expected an object, got {_kind(value)}")
    if depth >= MAX_REPAIR_DEPTH:
        raise _TooDeep(path)
    out = {}
    for key, item in value.items():
        try:
            out[key] = _repair(item, info.value_type, f"{path}.{key}", depth + 1)
        except _Drop:
            continue
    return out


def _repair_str(value: object, info: mi.Type, path: str, depth: int) -> object:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # ids sent as numbers
    raise _Drop(path, f"expected a string, got {_kind(value)}")


def _repair_int(value: object, info: mi.Type, path: str, depth: int) -> object:
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


def _repair_float(value: object, info: mi.Type, path: str, depth: int) -> object:
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


def _repair_bool(value: object, info: mi.Type, path: str, depth: int) -> object:
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
        try:
            seconds = value / 1000 if abs(value) > 1e11 else value  # milliseconds are that large
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
    try:
        tz = timezone.utc
        if offset and offset not in ("Z", "z"):
            sign = -1 if offset[0] == "-" else 1
            digits = offset[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
            # timezone() refuses an offset of 24 hours or more (ValueError, below).
            tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
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


def _repair_datetime(value: object, info: mi.Type, path: str, depth: int) -> object:
    parsed = parse_datetime(value)
    if parsed is None:
        raise _Drop(path, f"expected a timestamp, got {_kind(value)}")
    return parsed


def _repair_date(value: object, info: mi.Type, path: str, depth: int) -> object:
    if isinstance(value, str):
        match = _ISO.match(value)
        if match is not None:
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                pass
    raise _Drop(path, f"expected a date, got {_kind(value)}")


def _repair_literal(value: object, info: mi.Type, path: str, depth: int) -> object:
    info = cast(mi.LiteralType, info)
    if value in info.values:
        return value
    raise _Drop(path, f"unexpected value {value!r}")


def _repair_none(value: object, info: mi.Type, path: str, depth: int) -> object:
    if value is None:
        return None
    raise _Drop(path, f"expected null, got {_kind(value)}")


_REPAIRS: dict[type[mi.Type], Callable[[object, mi.Type, str, int], object]] = {
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
