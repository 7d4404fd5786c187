"""What keeps one walk finite and its items unique: pure bookkeeping, in bounded memory.

A server decides every page a walk fetches, so a hostile or broken one could lead it round
in circles (``A → B → A``, the same page with its query reordered, a ``next`` that goes
back to newer items) or serve the same items again. A ``WalkGuard`` per walk notices:

- **Pages.** No page URL is fetched twice. URLs are compared normalised (scheme, host,
  port, path, and the query sorted) by a 64-bit hash. The last ``RECENT_PAGES`` pages are
  remembered exactly, so a cycle of up to that many pages is refused before its first
  repeated request; a longer one is caught by Brent's method (one remembered page whose
  place doubles), within one more turn of the cycle, in constant memory.
- **Items.** An item whose ``id`` was already yielded in this walk is a repeat (GoToSocial
  tops a short last page up with the same statuses again) and is dropped. Ids are
  remembered in two generations of ``REMEMBERED_IDS`` each: at least the last
  ``REMEMBERED_IDS`` and at most twice as many (and one page), whatever the walk's
  length. Items without ids cannot be told apart: an answer of only such items that is
  byte for byte one seen before is all repeats.
- **Progress.** On endpoints whose cursors are the items' own ids, each page must bring an
  item beyond the oldest seen (walking older) or the newest (walking newer). Ids compare
  as Mastodon's do (decimal strings by length, then text) or else as text, case folded
  (GoToSocial's ULIDs, snac's hex ids). snac's ids are ten digits of Unix time and then
  an MD5, so they order only to the second: a new item of the very second the walk has
  reached counts as progress too (``same_second``), however many pages that second
  fills. Apart from that, one page that goes nowhere is let through, two in a row end
  the walk with an error. On other endpoints a page must bring one new item. Either way
  the walk ends, since the content is finite.

Nothing here knows HTTP or the event loop; the paginator asks and raises.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from typing import cast

from yarl import URL

__all__ = ["RECENT_PAGES", "REMEMBERED_IDS", "WalkGuard", "id_before", "page_key", "same_second"]

RECENT_PAGES = 256
"""Page URLs of one walk remembered exactly (a longer cycle is caught by Brent's method)."""

REMEMBERED_IDS = 1024
"""Item ids of one walk remembered for de-duplication: at least this many, at most twice."""

_STALLS_ALLOWED = 1
_NO_IDS: frozenset[str | None] = frozenset({None, ""})  # what an item without an id has


def page_key(url: URL) -> int:
    """A page's URL reduced to what identifies the page, hashed: scheme, host, port, path,
    and the query in sorted order (``?b=2&a=1`` is ``?a=1&b=2``).

    Read off yarl's text of the URL, which is normalised already (scheme and host in lower
    case, no default port, unreserved characters unescaped); the fragment is left out.
    """
    head, _, query = str(url).partition("#")[0].partition("?")
    return hash((head, tuple(sorted(query.split("&")))))


def id_before(a: str, b: str) -> bool:
    """Whether id ``a`` sorts before (is older than) id ``b``.

    Two decimal ids (Mastodon's, Takahē's) compare by length, then text: ``"9" < "10"``.
    Any other pair compares as text, case folded (ULIDs, hex ids, mixed servers).
    """
    if a.isdecimal() and b.isdecimal() and a.isascii() and b.isascii():
        return len(a) < len(b) or (len(a) == len(b) and a < b)
    return a.casefold() < b.casefold()


_HEX = frozenset("0123456789abcdefABCDEF")


def same_second(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are snac ids of the same second, which no order can tell
    apart: 42 characters, ten digits of Unix time, then 32 hexadecimal digits (an MD5).
    ``False`` for every other kind of id."""
    return (
        len(a) == 42
        and len(b) == 42
        and a[:10] == b[:10]
        and a[:10].isdecimal()
        and _HEX.issuperset(a[10:])
        and _HEX.issuperset(b[10:])
    )


class WalkGuard:
    """The memory of one walk: pages fetched, ids yielded, how far it got.

    Args:
        ordered: Item ids are the walk's cursors (``paging="id"``), so they must move.
        newer: The walk goes towards newer items (ids must grow), not older.
    """

    __slots__ = (
        "_checkpoint",
        "_extreme",
        "_ids",
        "_ids_before",
        "_newer",
        "_order",
        "_ordered",
        "_pages",
        "_power",
        "_stalls",
        "_steps",
    )

    def __init__(self, *, ordered: bool, newer: bool) -> None:
        self._ordered = ordered
        self._newer = newer
        self._pages: set[int] = set()
        self._order: deque[int] = deque()
        self._checkpoint: int | None = None
        self._power = 1
        self._steps = 0
        self._ids: set[str] = set()
        self._ids_before: set[str] = set()
        self._extreme: str | None = None
        self._stalls = 0

    def visit(self, url: URL) -> bool:
        """Record that ``url`` is about to be fetched; ``False`` if this walk fetched it
        already (the server's links go round in a circle)."""
        key = page_key(url)
        if key in self._pages or key == self._checkpoint:
            return False
        if len(self._order) >= RECENT_PAGES:
            self._pages.discard(self._order.popleft())
        self._pages.add(key)
        self._order.append(key)
        # Brent: the checkpoint moves to the page reached after 1, 2, 4, 8... more pages;
        # inside a cycle longer than the exact window, the walk comes back to it.
        self._steps += 1
        if self._steps == self._power:
            self._checkpoint = key
            self._power *= 2
            self._steps = 0
        return True

    def is_repeat(self, item_id: str) -> bool:
        """Whether ``item_id`` was yielded earlier in this walk; if not, remember it."""
        if item_id in self._ids or item_id in self._ids_before:
            return True
        self._remember({item_id})
        return False

    def repeats(self, ids: Sequence[str | None]) -> list[bool] | None:
        """Which of a page's item ids were yielded earlier in this walk, or ``None`` when
        none was (the usual case, decided by set operations). The new ones are remembered;
        an item without an id (``None``, ``""``) is never a repeat."""
        remembered = self._ids
        if remembered.isdisjoint(ids) and self._ids_before.isdisjoint(ids):
            if len(remembered) + len(ids) <= REMEMBERED_IDS:
                # Added straight to the memory, with no set of the page's own: as many
                # more there as the page has ids, none of them no id, means no repeat.
                size = len(remembered)
                remembered.update(ids)  # type: ignore[arg-type]
                if len(remembered) - size == len(ids) and remembered.isdisjoint(_NO_IDS):
                    return None
                remembered.difference_update(ids)  # none of them was there before
            else:  # the page begins the next generation
                fresh = set(ids)
                if len(fresh) == len(ids) and fresh.isdisjoint(_NO_IDS):
                    self._remember(cast("set[str]", fresh))
                    return None
        return [bool(item_id) and self.is_repeat(item_id) for item_id in ids]  # type: ignore[arg-type]

    def _remember(self, fresh: set[str]) -> None:
        if len(self._ids) + len(fresh) > REMEMBERED_IDS:
            self._ids_before, self._ids = self._ids, fresh
        else:
            self._ids |= fresh

    def moved(self, ids: Sequence[str | None], new: int) -> bool:
        """Record a page (its item ids in the server's order, newest first; ``new`` of them
        not repeats); ``False`` when the walk has now stalled too often in a row."""
        if self._progress(ids, new):
            self._stalls = 0
            return True
        self._stalls += 1
        return self._stalls <= _STALLS_ALLOWED

    def _progress(self, ids: Sequence[str | None], new: int) -> bool:
        if not new:
            return False
        if not self._ordered:
            return True
        newer = self._newer
        extreme = self._extreme
        # Usually the page's last item (first, walking newer) is beyond all before it.
        edge = ids[0] if newer else ids[-1]
        if edge and (
            extreme is None or (id_before(extreme, edge) if newer else id_before(edge, extreme))
        ):
            self._extreme = edge
            return True
        comparable = False
        for item_id in ids:
            if not item_id:
                continue
            comparable = True
            if extreme is None or (
                id_before(extreme, item_id) if newer else id_before(item_id, extreme)
            ):
                self._extreme = item_id
                return True
            if same_second(item_id, extreme):
                return True  # a new item of the second reached: snac could not order it
        # Nothing beyond the walk's edge; a page without any id cannot be compared.
        return not comparable
