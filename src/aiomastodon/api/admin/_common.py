"""What the admin groups share: presence flags, answers that may be empty, and the shape
of the block and allow lists (a ``Link``-paged list, one record, delete)."""

from __future__ import annotations

from typing import Generic, TypeVar

from ..._requester import Requester
from ..._sansio.request import UNSET, UnsetType
from ..._sansio.response import decode_body, is_empty
from ..._sansio.routes import Route
from ...pagination import Paginator
from .._base import Namespace, cursor_query

__all__ = ["AdminRecords", "call_or_none", "flag"]

T = TypeVar("T")


def flag(value: bool | UnsetType) -> bool | UnsetType:
    """``True`` when set, else not sent: for filters the server reads by presence.

    Rails' ``params[:x].present?`` is true for ``x=false`` too, so ``False`` must not
    be sent at all.
    """
    return True if value is True else UNSET


async def call_or_none(
    requester: Requester, into: type[T], route: Route, *path_args: str
) -> T | None:
    """``Requester.send``, then the body decoded into ``into``, or ``None`` for ``{}``.

    For endpoints that the docs say answer an entity but that current Mastodon answers
    with an empty object (the record is gone).
    """
    response = await requester.send(route, *path_args)
    if is_empty(response):
        return None
    return decode_body(response, into)


E = TypeVar("E")


class AdminRecords(Namespace, Generic[E]):
    """The base of the admin block and allow lists (IP blocks, allowed domains, email domain
    blocks, canonical email blocks): each lists its records, gets one and deletes one the
    same way, so each public method of a subclass is its docstring and one call here.

    A subclass sets ``_entity`` and the routes ``_list_route``, ``_get_route`` and
    ``_delete_route``.
    """

    __slots__ = ()
    _entity: type[E]
    _list_route: Route
    _get_route: Route
    _delete_route: Route

    def _walk(
        self,
        limit: int | UnsetType,
        max_id: str | UnsetType,
        since_id: str | UnsetType,
        min_id: str | UnsetType,
    ) -> Paginator[E]:
        query = cursor_query(limit, max_id, since_id, min_id)
        return Paginator(self._requester, self._list_route, self._entity, query=query)

    async def _one(self, record_id: str) -> E:
        return await self._requester.call(self._entity, self._get_route, record_id)

    async def _remove(self, record_id: str) -> None:
        await self._requester.send(self._delete_route, record_id)
