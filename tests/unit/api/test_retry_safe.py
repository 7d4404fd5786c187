"""Every POST and PATCH route is decided: sent again after a transient failure, or never.

docs/ratelimits.md lists the decisions; this keeps the list and ``Route.retry_safe`` in
step. A new route with a method that is not idempotent must be put in one of its tables.
"""

from __future__ import annotations

import re
from pathlib import Path

import aiomastodon

DOCS = Path(__file__).resolve().parents[3] / "docs" / "ratelimits.md"
_IDEMPOTENT = {"GET", "HEAD", "PUT", "DELETE", "OPTIONS"}


def _table(heading: str) -> set[str]:
    """``namespace.method`` names in the table under the paragraph starting ``heading``."""
    text = DOCS.read_text()
    start = text.index(heading)
    names: set[str] = set()
    for line in text[start:].splitlines()[1:]:
        if line.startswith("| `"):
            spaces, methods = line.split("|")[1:3]
            for space in re.findall(r"`([a-z_.]+)`", spaces):
                names |= {f"{space}.{m}" for m in re.findall(r"`([a-z_0-9]+)`", methods)}
        elif names and not line.startswith("|"):
            break
    return names


def test_the_docs_list_every_decision_as_the_routes_make_it() -> None:
    undecided = {r for r in aiomastodon.routes() if r.method not in _IDEMPOTENT}
    again = _table("Sent again (the namespace")
    never = _table("Never sent again once it may have arrived")
    assert not again & never
    for route in undecided:
        listed = route.name in again or route.name in never
        assert listed, f"{route.wire} ({route.name}): add it to a table of docs/ratelimits.md"
        assert (route.name in again) is route.retry_safe, (
            f"{route.wire}: docs/ratelimits.md and retry_safe= disagree"
        )
    assert again | never == {r.name for r in undecided}


def test_only_methods_that_are_not_idempotent_carry_the_flag() -> None:
    flagged = [r.wire for r in aiomastodon.routes() if r.retry_safe and r.method in _IDEMPOTENT]
    assert flagged == []
