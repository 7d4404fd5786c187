"""``item_id_of`` on raw items: the first-key fast path gives what decoding gives.

An archiver walks ``.raw()`` pages and reads every item's id (for the walk's guard and
its own state) off the item's bytes; the fast path must agree with a full decode for any
id and any item, and never raise.
"""

from __future__ import annotations

import json

import msgspec
from hypothesis import given
from hypothesis import strategies as st

from aiomastodon._sansio.decode import Unrepairable, decoder_for
from aiomastodon.pagination import _Identified, item_id_of

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


def _raw(text: str) -> msgspec.Raw:
    return msgspec.Raw(text.encode("utf-8", "surrogatepass"))


@given(item_id=st.text(), rest=st.dictionaries(st.text(max_size=8), json_values, max_size=4))
def test_an_id_first_is_read_as_decoding_reads_it(item_id: str, rest: dict[str, object]) -> None:
    item = {"id": item_id, **{k: v for k, v in rest.items() if k != "id"}}
    for ensure_ascii in (True, False):
        text = json.dumps(item, ensure_ascii=ensure_ascii, separators=(",", ":"))
        if not ensure_ascii and any("\ud800" <= c <= "\udfff" for c in item_id):
            continue  # not UTF-8 at all: no server sends it so
        assert item_id_of(_raw(text)) == item_id


def _decoded(raw: msgspec.Raw) -> str | None:
    """The id as the tolerant decoder reads it (the road without the fast path)."""
    try:
        return decoder_for(_Identified).decode(raw).id
    except (msgspec.DecodeError, Unrepairable):
        return None


ids = st.text() | st.integers() | st.none() | json_values


@given(
    item=st.dictionaries(st.sampled_from(["id", "uri", "ID", "x"]) | st.text(max_size=8), ids),
    first=st.none() | ids,
    spaced=st.booleans(),
)
def test_any_item_gets_the_id_decoding_gives(
    item: dict[str, object], first: object, spaced: bool
) -> None:
    if first is not None:
        item = {"id": first, **item}
    text = json.dumps(item, separators=(", ", ": ") if spaced else (",", ":"))
    raw = _raw(text)
    assert item_id_of(raw) == _decoded(raw)


def test_ids_not_first_numeric_escaped_or_missing() -> None:
    assert item_id_of(msgspec.Raw(b'{"uri":"x","id":"109"}')) == "109"
    assert item_id_of(msgspec.Raw(b'{"id":109}')) == "109"  # the tolerant road: a number
    assert item_id_of(msgspec.Raw(b'{"id":"1\\"2"}')) == '1"2'
    assert item_id_of(msgspec.Raw(b'"just a string"')) is None
