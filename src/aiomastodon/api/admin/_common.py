"""What the admin groups share: presence flags, and answers that may be empty."""

from __future__ import annotations

from typing import TypeVar

from ..._requester import Requester
from ..._sansio.request import UNSET, UnsetType
from ..._sansio.response import decode_body, is_empty
from ..._sansio.routes import Route

__all__ = ["call_or_none", "flag"]

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
    """:meth:`Requester.send`, then the body decoded into ``into``, or ``None`` for ``{}``.

    For endpoints that the docs say answer an entity but that current Mastodon answers
    with an empty object (the record is gone).
    """
    response = await requester.send(route, *path_args)
    if is_empty(response):
        return None
    return decode_body(response, into)
