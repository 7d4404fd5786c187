"""What the admin groups share: list parameters, presence flags, and answers that may be empty."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from ..._requester import Requester
from ..._sansio.request import UNSET, UnsetType
from ..._sansio.response import decode_body
from ..._sansio.routes import Route

__all__ = ["as_list", "call_or_none", "flag"]

T = TypeVar("T")
V = TypeVar("V", str, int)

_EMPTY_BODIES = (b"", b"{}", b"null")


def as_list(values: Sequence[V] | V | UnsetType) -> list[V] | UnsetType:
    """A sequence as a list, which the parameter encoder sends as a Rails array.

    A lone string (or number) becomes a one-item array: sent bare, Rails would read a
    scalar where it expects ``name[]``.
    """
    if isinstance(values, UnsetType):
        return values
    if isinstance(values, (str, int)):
        return [values]
    return list(values)


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
    if response.body.strip() in _EMPTY_BODIES:
        return None
    return decode_body(response, into)
