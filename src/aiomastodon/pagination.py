"""Walking list endpoints: ``Paginator``, ``Page`` and [`Cursor`][aiomastodon.Cursor].

A paginated endpoint method returns a ``Paginator`` at once (no ``await``); the walk
starts when it is iterated::

    async for status in client.timelines.home(limit=40):       # newest → oldest
        ...
    async for page in client.timelines.home(limit=40).pages():  # Page[Status]
        archive(page.raw, page.cursor)

How the next page is found:

- **Older** (the default, from now or from ``max_id``): follow the server's
  ``rel="next"`` link.
- **Newer** (when ``min_id`` is given): follow ``rel="prev"``, and yield each page's
  items oldest first, so that every prefix of the walk is gap-free and a checkpoint after
  any item is safe.
- **Offset** (search, directory, trends): add the number of items seen to ``offset``.

Links are followed as the server gives them: on endpoints whose cursors are ids of hidden
records (followers, favourites, blocks, ...) no other way is correct. Two repairs are
made, both no-ops against Mastodon itself: a filter the caller passed but the link lacks
is put back (some servers drop them), and in the newer direction a ``since_id`` link is
read as ``min_id`` (``since_id`` pages from the newest end and would leave a gap). A link
to another origin is never requested: it would hand over the token.

Memory stays bounded: one page is held at a time (plus one read ahead, when enabled).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
from collections.abc import AsyncIterator, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar, cast

import msgspec
from yarl import URL

from ._requester import Requester
from ._sansio.cursor import Cursor, Direction
from ._sansio.decode import decoder_for
from ._sansio.links import Links, page_links
from ._sansio.request import encode_params, join_url
from ._sansio.response import RawResponse, decode_body
from ._sansio.routes import Paging, Route
from .errors import LinkHeaderError, MastodonError, PaginationError, Unrepairable

__all__ = ["Cursor", "Direction", "Page", "Paginator"]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)  # a Page of statuses is a Page of objects

_CURSOR_KEYS = frozenset({"max_id", "min_id", "since_id", "offset"})
_raw_list = msgspec.json.Decoder(list[msgspec.Raw])
_raw_envelope = msgspec.json.Decoder(dict[str, list[msgspec.Raw]])


@dataclass(frozen=True)
class Page(Generic[T_co]):
    """One page of a walk.

    Attributes:
        items: The decoded items, in the order the walk yields them (oldest first when
            walking newer).
        raw: The body exactly as the server sent it.
        links: The page's ``next``/``prev`` links.
        cursor: Where to resume to get the page after this one.
    """

    items: list[T_co]
    raw: bytes
    links: Links
    cursor: Cursor
    envelope: str | None = field(default=None, repr=False)

    def raw_items(self) -> list[bytes]:
        """Each item's own JSON bytes, exactly as sent, in the order of ``items``."""
        if self.items and isinstance(self.items[0], msgspec.Raw):  # a raw walk: at hand
            return [bytes(cast(msgspec.Raw, item)) for item in self.items]
        if self.envelope is None:
            raws = _raw_list.decode(self.raw)
        else:
            raws = _raw_envelope.decode(self.raw).get(self.envelope, [])
        if self.cursor.direction == "newer":
            raws.reverse()
        return [bytes(raw) for raw in raws[: len(self.items)]]

    @property
    def newer_cursor(self) -> Cursor | None:
        """A cursor that walks forward from this page to anything newer (``rel="prev"``).

        Save the one of the first page of an older walk: resuming it later yields only
        what was added since, oldest first. ``None`` when the server sent no such link.
        """
        if self.links.prev is None:
            return None
        prev = _restore_filters(self.links.prev, self.cursor.params, newer=True)
        return msgspec.structs.replace(
            self.cursor, direction="newer", next_url=str(prev), offset=0, done=False
        )

    def __len__(self) -> int:
        return len(self.items)


class Paginator(Generic[T]):
    """An async iterator over every item of a list endpoint, page by page.

    **Cursor parameters.** Every id-paged endpoint method takes ``max_id``, ``since_id``
    and, where the endpoint has it, ``min_id`` (their docstrings say only
    "``Link`` cursors"), and ``limit``, the items per page:

    - ``max_id``: start below it, walking older (the default direction);
    - ``since_id``: only items above it, from the newest end (a walk may leave a gap);
    - ``min_id``: walk forward from just above it, oldest first, without gaps.

    On endpoints paged by the ``Link`` header, the ids are the server's hidden record ids:
    take them from a ``Link`` (or a saved [Cursor][aiomastodon.pagination.Cursor]), never
    from the items.

    Made by endpoint methods; not constructed by callers. ``envelope`` names the key
    that holds the items when a page is an object (``GET /api/v2/search`` answers
    ``{"accounts": [...], ...}``), not a list; ``paging`` overrides the route's paging
    style for such views of a single-answer endpoint.
    """

    def __init__(
        self,
        requester: Requester,
        route: Route,
        item_type: type[T],
        path_args: Sequence[str] = (),
        *,
        query: Mapping[str, object] | None = None,
        envelope: str | None = None,
        paging: Paging | None = None,
        cursor: Cursor | None = None,
        max_items: int | None = None,
        prefetch: bool = False,
    ) -> None:
        self._requester = requester
        self._route = route
        self._item_type = item_type
        self._page_type: type[list[T]] = list[item_type]  # type: ignore[valid-type]
        self._envelope = envelope
        self._paging = paging or route.paging
        self._path_args = tuple(path_args)
        self._max_items = max_items
        self._prefetch = prefetch
        if cursor is None:
            params = encode_params(query)
            direction: Direction = "newer" if any(key == "min_id" for key, _ in params) else "older"
            offset = next((int(v) for k, v in params if k == "offset" and v.isdigit()), 0)
            cursor = Cursor(
                endpoint=route.name,
                path=route.expand(*self._path_args),
                params=params,
                direction=direction,
                offset=offset,
            )
        elif cursor.endpoint != route.name:
            raise ValueError(f"cursor is for {cursor.endpoint}, not {route.name}")
        self._start = cursor
        self.cursor = cursor
        """Where to resume: after the last page whose items were all handed out."""

    def __repr__(self) -> str:
        return f"<Paginator {self._route.wire} direction={self._start.direction}>"

    # --- building new paginators -----------------------------------------------------

    def _copy(self, *, cursor: Cursor, max_items: int | None, prefetch: bool) -> Paginator[T]:
        return Paginator(
            self._requester,
            self._route,
            self._item_type,
            self._path_args,
            envelope=self._envelope,
            paging=self._paging,
            cursor=cursor,
            max_items=max_items,
            prefetch=prefetch,
        )

    def take(self, n: int) -> Paginator[T]:
        """The same walk, stopping after ``n`` items in all (no page beyond is requested)."""
        if n < 0:
            raise ValueError("take() needs a count of zero or more")
        return self._copy(cursor=self._start, max_items=n, prefetch=self._prefetch)

    def resume(self, cursor: Cursor) -> Paginator[T]:
        """The same endpoint, continuing from a saved [`Cursor`][aiomastodon.Cursor].

        Raises:
            ValueError: The cursor belongs to another endpoint.
        """
        return self._copy(cursor=cursor, max_items=self._max_items, prefetch=self._prefetch)

    def read_ahead(self, enabled: bool = True) -> Paginator[T]:
        """The same walk, fetching the next page while the caller works on the current one.

        Off by default: on a fast link it gains nothing, and a walk the caller abandons
        would have spent one request on a page nobody reads. Turn it on for long walks
        against a distant server (``benchmarks/walk.py --latency`` shows the gain).
        """
        return self._copy(cursor=self._start, max_items=self._max_items, prefetch=enabled)

    def raw(self) -> Paginator[msgspec.Raw]:
        """The same walk, each item left as its own JSON bytes (``msgspec.Raw``).

        For archivers that keep what the server sent and need no typed items: a page is
        split into its items but not decoded into entities, so the walk costs little more
        than the transfer. Malformed JSON still raises ``DecodeError``. Cursors are the
        same as the typed walk's.
        """
        return Paginator(
            self._requester,
            self._route,
            msgspec.Raw,
            self._path_args,
            envelope=self._envelope,
            paging=self._paging,
            cursor=self._start,
            max_items=self._max_items,
            prefetch=self._prefetch,
        )

    # --- walking ---------------------------------------------------------------------

    async def collect(self) -> list[T]:
        """Every item of the walk in a list (mind the size: prefer ``take(n)``)."""
        return [item async for item in self]

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Yield each non-empty page in turn; ``cursor`` advances as they are consumed.

        An older walk ends at the oldest item (the cursor is then ``done``). A newer walk
        ends when it has caught up; its cursor is left where it stood, so resuming it
        later yields what was posted in between.

        Raises:
            MastodonError: Any failure, with ``.cursor`` set to the resume point (the
                request that failed is the first one the resumed walk sends).
        """
        cursor = self._start
        remaining = self._max_items
        pending: asyncio.Task[RawResponse] | None = None
        try:
            while not cursor.done and (remaining is None or remaining > 0):
                try:
                    if pending is not None:
                        response = await pending
                        pending = None
                    else:
                        response = await self._fetch(cursor)
                    page = self._page(cursor, response)
                except MastodonError as exc:
                    exc.cursor = cursor
                    raise
                if not page.items:
                    self.cursor = page.cursor
                    return
                cut_short = remaining is not None and len(page.items) > remaining
                if remaining is not None:
                    if cut_short:
                        page = dataclasses.replace(page, items=page.items[:remaining])
                    remaining -= len(page.items)
                if self._prefetch and not page.cursor.done and remaining != 0:
                    pending = asyncio.ensure_future(self._fetch(page.cursor))
                yield page
                if cut_short:
                    # Not all of this page was handed out: resuming must fetch it again.
                    return
                cursor = page.cursor
                self.cursor = cursor
        finally:
            if pending is not None:
                pending.cancel()
                with contextlib.suppress(BaseException):
                    await pending

    async def _fetch(self, cursor: Cursor) -> RawResponse:
        if cursor.next_url is not None:
            return await self._requester.send(self._route, url=URL(cursor.next_url))
        params = list(cursor.params)
        if self._paging == "offset" and cursor.offset:
            params = [(k, v) for k, v in params if k != "offset"] + [("offset", str(cursor.offset))]
        url = join_url(self._requester.base_url, cursor.path).with_query(params)
        return await self._requester.send(self._route, url=url)

    def _page(self, cursor: Cursor, response: RawResponse) -> Page[T]:
        items = self._decode(response)
        try:
            links = page_links(response.headers.get("Link"), response.url)
        except LinkHeaderError as exc:
            raise PaginationError(
                f"malformed Link header: {exc}", method=response.method, path=response.url.path
            ) from None
        following = self._following(cursor, items, links)
        if cursor.direction == "newer":
            items.reverse()
        return Page(items, response.body, links, following, self._envelope)

    def _decode(self, response: RawResponse) -> list[T]:
        if self._envelope is None:
            return decode_body(response, self._page_type)
        page_type = _envelope_type(self._envelope, cast(Hashable, self._item_type))
        envelope: object = decode_body(response, page_type)
        items: list[T] = getattr(envelope, self._envelope)
        return items

    def _following(self, cursor: Cursor, items: list[T], links: Links) -> Cursor:
        """The cursor of the page after the one just read (items in server order)."""
        newer = cursor.direction == "newer"
        if not items:
            # Older: the end. Newer: caught up; stay here to pick up what comes later.
            return cursor if newer else msgspec.structs.replace(cursor, done=True)
        if self._paging == "offset":
            return msgspec.structs.replace(cursor, offset=cursor.offset + len(items))
        link = links.prev if newer else links.next
        if link is not None:
            link = _restore_filters(link, cursor.params, newer=newer)
        elif self._paging == "id" and links == Links():
            # Item ids are public cursors here, so a server that sends no Link at all can
            # still be walked. (One that sends links but no "next" says this is the end.)
            # Items arrive newest first.
            item_id = item_id_of(items[0] if newer else items[-1])
            if item_id is not None:
                key = "min_id" if newer else "max_id"
                kept = [(k, v) for k, v in cursor.params if k not in _CURSOR_KEYS]
                link = join_url(self._requester.base_url, cursor.path).with_query(
                    [*kept, (key, item_id)]
                )
        if link is None:
            return msgspec.structs.replace(cursor, done=True)
        if str(link) == cursor.next_url:
            # The page just read points at itself (a server ignoring its cursor): following
            # it would fetch the same page for ever.
            raise PaginationError(
                f"the next page is the same page again ({link.path}): the server ignores "
                "the cursor",
                method=self._route.method,
                path=link.path,
            )
        return msgspec.structs.replace(cursor, next_url=str(link))


class _Identified(msgspec.Struct):
    id: str


def item_id_of(item: object) -> str | None:
    """An item's ``id``, whether it is an entity or still raw JSON; ``None`` if it has none."""
    if isinstance(item, msgspec.Raw):
        try:
            return decoder_for(_Identified).decode(bytes(item)).id
        except (msgspec.DecodeError, Unrepairable):
            return None
    item_id = getattr(item, "id", None)
    return item_id if isinstance(item_id, str) else None


@functools.cache
def _envelope_type(key: str, item_type: object) -> type[object]:
    """A Struct with one field, ``key``, holding the list of items (made once per pair)."""
    return msgspec.defstruct(f"_{key.title()}Page", [(key, list[item_type], [])])  # type: ignore[valid-type]


def _restore_filters(link: URL, params: list[tuple[str, str]], *, newer: bool) -> URL:
    """``link``, with the caller's filters it lacks put back, and read for a gap-free walk."""
    query = list(link.query.items())
    present = {key for key, _ in query}
    rewrite = newer and "since_id" in present and "min_id" not in present
    if rewrite:
        query = [("min_id" if key == "since_id" else key, value) for key, value in query]
    missing = [(k, v) for k, v in params if k not in present and k not in _CURSOR_KEYS]
    if not missing and not rewrite:
        return link
    return link.with_query([*query, *missing])
