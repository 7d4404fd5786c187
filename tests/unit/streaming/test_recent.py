"""The duplicate check's memory: the last ids at least, bounded at twice as many."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aiomastodon.streaming.stream import _Recent


def test_an_id_seen_is_refused_and_a_new_one_taken() -> None:
    recent = _Recent(3)
    assert [recent.add(i) for i in ("1", "2", "1", "3", "2")] == [True, True, False, True, False]


@given(st.integers(min_value=1, max_value=20), st.lists(st.integers(0, 60), max_size=200))
def test_the_last_ids_are_remembered_and_memory_is_bounded(size: int, ids: list[int]) -> None:
    recent = _Recent(size)
    taken: list[str] = []
    for number in ids:
        item_id = str(number)
        fresh = recent.add(item_id)
        # Seen among the last ``size`` taken: always refused.
        assert not (fresh and item_id in taken[-size:])
        # Never seen: always taken.
        assert fresh or item_id in taken
        if fresh:
            taken.append(item_id)
        assert len(recent._newer) + len(recent._older) <= 2 * size
