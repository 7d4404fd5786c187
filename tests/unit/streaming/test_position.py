"""``StreamPosition``: plain data that goes to JSON text and back, and nothing else."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiomastodon.errors import DecodeError
from aiomastodon.streaming import StreamPosition

_IDS = st.one_of(
    st.none(), st.text(st.characters(categories=["Nd", "Ll"]), min_size=1, max_size=40)
)
_STREAMS = st.lists(
    st.text(st.characters(categories=["L", "Nd", "Pc"]), min_size=1, max_size=20),
    min_size=1,
    max_size=3,
).map(tuple)


@given(_STREAMS, _IDS, _IDS)
def test_a_position_comes_back_from_its_json(
    stream: tuple[str, ...], statuses: str | None, notifications: str | None
) -> None:
    position = StreamPosition(stream=stream, statuses=statuses, notifications=notifications)
    text = position.to_json()
    assert "\n" not in text
    assert StreamPosition.from_json(text) == position
    assert StreamPosition.from_json(text.encode()) == position


def test_the_wire_form() -> None:
    position = StreamPosition(stream=("hashtag", "python"), statuses="110", notifications=None)
    assert json.loads(position.to_json()) == {
        "stream": ["hashtag", "python"],
        "statuses": "110",
        "notifications": None,
    }


def test_fields_of_a_later_version_are_ignored() -> None:
    text = '{"stream": ["user"], "statuses": "5", "markers": {"home": "1"}}'
    assert StreamPosition.from_json(text) == StreamPosition(stream=("user",), statuses="5")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "null",
        "[]",
        "{}",
        '{"stream": []}',
        '{"stream": "user"}',
        '{"stream": [""]}',
        '{"stream": ["a", "b", "c", "d"]}',
        '{"stream": ["user"], "statuses": ""}',
        '{"stream": ["user"], "statuses": 5}',
        '{"stream": ["user"], "statuses": " 5"}',
        '{"stream": ["user"], "notifications": "a\\nb"}',
        '{"stream": ["user"], "statuses": "' + "9" * 500 + '"}',
        b"\xff\xfe",
        "[" * 5000,
    ],
)
def test_what_is_not_a_position_is_a_decode_error(text: str | bytes) -> None:
    with pytest.raises(DecodeError, match="not a stream position") as caught:
        StreamPosition.from_json(text)
    assert len(caught.value.excerpt) <= 200


@given(st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_no_text_raises_anything_but_a_decode_error(text: str | bytes) -> None:
    with contextlib.suppress(DecodeError):
        StreamPosition.from_json(text)


_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


@given(
    st.fixed_dictionaries(
        {}, optional={"stream": _JSONISH, "statuses": _JSONISH, "notifications": _JSONISH}
    )
)
def test_no_json_object_raises_anything_but_a_decode_error(value: dict[str, object]) -> None:
    try:
        position = StreamPosition.from_json(json.dumps(value))
    except DecodeError:
        return
    assert StreamPosition.from_json(position.to_json()) == position
