"""Filters: hide or warn about statuses by keyword (v2), and the v1 filters.

Docs: https://docs.joinmastodon.org/methods/filters/

A v2 filter (Mastodon 4.0+) has a title, the contexts it applies in, an action
(``warn``, ``hide`` or, from 4.4, ``blur``) and any number of keywords and statuses.
The v1 methods (``*_v1``) see each keyword as a filter of its own; they are
deprecated, and kept for servers older than 4.0.
"""

from __future__ import annotations

import builtins
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from .._sansio.request import UNSET, UnsetType, as_array
from .._sansio.routes import route
from ..entities import Filter, FilterKeyword, FilterStatus, V1Filter
from ._base import Namespace
from .enums import FilterAction, FilterContext, OneOrMany, Raw

__all__ = ["Filters", "KeywordAttributes"]

LIST = route("GET", "/api/v2/filters", "filters.list", version="4.0.0")
GET = route("GET", "/api/v2/filters/:id", "filters.get", version="4.0.0")
CREATE = route("POST", "/api/v2/filters", "filters.create", version="4.0.0")
UPDATE = route("PUT", "/api/v2/filters/:id", "filters.update", version="4.0.0")
DELETE = route("DELETE", "/api/v2/filters/:id", "filters.delete", version="4.0.0")
KEYWORDS = route("GET", "/api/v2/filters/:filter_id/keywords", "filters.keywords", version="4.0.0")
ADD_KEYWORD = route(
    "POST", "/api/v2/filters/:filter_id/keywords", "filters.add_keyword", version="4.0.0"
)
GET_KEYWORD = route("GET", "/api/v2/filters/keywords/:id", "filters.get_keyword", version="4.0.0")
UPDATE_KEYWORD = route(
    "PUT", "/api/v2/filters/keywords/:id", "filters.update_keyword", version="4.0.0"
)
DELETE_KEYWORD = route(
    "DELETE", "/api/v2/filters/keywords/:id", "filters.delete_keyword", version="4.0.0"
)
STATUSES = route("GET", "/api/v2/filters/:filter_id/statuses", "filters.statuses", version="4.0.0")
ADD_STATUS = route(
    "POST", "/api/v2/filters/:filter_id/statuses", "filters.add_status", version="4.0.0"
)
GET_STATUS = route("GET", "/api/v2/filters/statuses/:id", "filters.get_status", version="4.0.0")
REMOVE_STATUS = route(
    "DELETE", "/api/v2/filters/statuses/:id", "filters.remove_status", version="4.0.0"
)

_V1 = "deprecated since Mastodon 4.0; use the v2 filters (filters.{})"
LIST_V1 = route(
    "GET", "/api/v1/filters", "filters.list_v1", version="2.4.3", deprecated=_V1.format("list")
)
GET_V1 = route(
    "GET", "/api/v1/filters/:id", "filters.get_v1", version="2.4.3", deprecated=_V1.format("get")
)
CREATE_V1 = route(
    "POST",
    "/api/v1/filters",
    "filters.create_v1",
    version="2.4.3",
    deprecated=_V1.format("create"),
)
UPDATE_V1 = route(
    "PUT",
    "/api/v1/filters/:id",
    "filters.update_v1",
    version="2.4.3",
    deprecated=_V1.format("update"),
)
DELETE_V1 = route(
    "DELETE",
    "/api/v1/filters/:id",
    "filters.delete_v1",
    version="2.4.3",
    deprecated=_V1.format("delete"),
)


@dataclass(frozen=True, kw_only=True, slots=True)
class KeywordAttributes:
    """One keyword to add, change or remove in
    [`Filters.create`][aiomastodon.api.filters.Filters.create] or
    [`Filters.update`][aiomastodon.api.filters.Filters.update].

    ``KeywordAttributes(keyword="spoiler")`` adds a keyword;
    ``KeywordAttributes(id="12", whole_word=False)`` changes one;
    ``KeywordAttributes(id="12", destroy=True)`` removes one.

    Attributes:
        keyword: The word or phrase to filter.
        whole_word: Match only whole words.
        id: The id of an existing keyword of the filter (to change or remove it).
        destroy: Remove the keyword ``id`` (sent as ``_destroy``).
    """

    keyword: str | UnsetType = UNSET
    whole_word: bool | UnsetType = UNSET
    id: str | UnsetType = UNSET
    destroy: bool | UnsetType = UNSET


def _keywords_form(
    keywords: Sequence[KeywordAttributes] | UnsetType,
) -> dict[str, dict[str, object]] | UnsetType:
    """Keywords as a Rails hash indexed by position: ``keywords_attributes[0][keyword]=...``.

    The docs write ``keywords_attributes[][keyword]``; Rails reads the indexed form the
    same way, and only the indexed form keeps items apart when they set different keys
    (with ``[]``, an ``id`` after an item without one would join that item).
    """
    if isinstance(keywords, UnsetType):
        return keywords
    return {
        str(index): {
            "keyword": item.keyword,
            "whole_word": item.whole_word,
            "id": item.id,
            "_destroy": item.destroy,
        }
        for index, item in enumerate(keywords)
    }


def _deprecated(wire: str, instead: str) -> None:
    warnings.warn(
        f"{wire} is deprecated since Mastodon 4.0; use client.filters.{instead}()",
        DeprecationWarning,
        stacklevel=3,
    )


class Filters(Namespace):
    """``client.filters``: hide or warn about statuses by keyword or by status."""

    __slots__ = ()

    # --- v2 filters ------------------------------------------------------------------

    async def list(self) -> builtins.list[Filter]:
        """``GET /api/v2/filters``: every filter of yours, with its keywords and statuses.

        Docs: https://docs.joinmastodon.org/methods/filters/#get
        """
        return await self._requester.call(builtins.list[Filter], LIST)

    async def get(self, filter_id: str, /) -> Filter:
        """``GET /api/v2/filters/:id``: one filter.

        Docs: https://docs.joinmastodon.org/methods/filters/#get-one
        """
        return await self._requester.call(Filter, GET, filter_id)

    async def create(
        self,
        title: str,
        *,
        context: OneOrMany[FilterContext | Raw],
        filter_action: FilterAction | Raw | UnsetType = UNSET,
        expires_in: int | UnsetType | None = UNSET,
        keywords_attributes: Sequence[KeywordAttributes] | UnsetType = UNSET,
    ) -> Filter:
        """``POST /api/v2/filters``: create a filter.

        Args:
            title: The filter's name.
            context: Where it applies: any of ``home``, ``notifications``, ``public``,
                ``thread`` and ``account`` (``context[]``).
            filter_action: ``warn`` (the default), ``hide`` or ``blur`` (Mastodon 4.4+).
            expires_in: Seconds until the filter expires; ``None`` or unset: never.
            keywords_attributes: Keywords to filter, e.g.
                ``[KeywordAttributes(keyword="spoiler", whole_word=True)]``.

        Docs: https://docs.joinmastodon.org/methods/filters/#create
        """
        form = {
            "title": title,
            "context": as_array(context),
            "filter_action": filter_action,
            "expires_in": expires_in,
            "keywords_attributes": _keywords_form(keywords_attributes),
        }
        return await self._requester.call(Filter, CREATE, form=form)

    async def update(
        self,
        filter_id: str,
        /,
        *,
        title: str | UnsetType = UNSET,
        context: OneOrMany[FilterContext | Raw] | UnsetType = UNSET,
        filter_action: FilterAction | Raw | UnsetType = UNSET,
        expires_in: int | UnsetType | None = UNSET,
        keywords_attributes: Sequence[KeywordAttributes] | UnsetType = UNSET,
    ) -> Filter:
        """``PUT /api/v2/filters/:id``: change a filter; only what is given changes.

        Args:
            title: A new name.
            context: Where it applies, replacing the old list (``context[]``).
            filter_action: ``warn``, ``hide`` or ``blur`` (Mastodon 4.4+).
            expires_in: Seconds until the filter expires; ``None``: never.
            keywords_attributes: Keywords to add (no ``id``), change (``id`` and new
                values) or remove (``id`` and ``destroy=True``).

        Docs: https://docs.joinmastodon.org/methods/filters/#update
        """
        form = {
            "title": title,
            "context": as_array(context),
            "filter_action": filter_action,
            "expires_in": expires_in,
            "keywords_attributes": _keywords_form(keywords_attributes),
        }
        return await self._requester.call(Filter, UPDATE, filter_id, form=form)

    async def delete(self, filter_id: str, /) -> None:
        """``DELETE /api/v2/filters/:id``: delete a filter with its keywords and statuses.

        Docs: https://docs.joinmastodon.org/methods/filters/#delete
        """
        await self._requester.send(DELETE, filter_id)

    # --- keywords --------------------------------------------------------------------

    async def keywords(self, filter_id: str, /) -> builtins.list[FilterKeyword]:
        """``GET /api/v2/filters/:filter_id/keywords``: the keywords of a filter.

        Docs: https://docs.joinmastodon.org/methods/filters/#keywords-get
        """
        return await self._requester.call(builtins.list[FilterKeyword], KEYWORDS, filter_id)

    async def add_keyword(
        self, filter_id: str, /, *, keyword: str, whole_word: bool | UnsetType = UNSET
    ) -> FilterKeyword:
        """``POST /api/v2/filters/:filter_id/keywords``: add a keyword to a filter.

        Args:
            keyword: The word or phrase to filter.
            whole_word: Match only whole words.

        Docs: https://docs.joinmastodon.org/methods/filters/#keywords-create
        """
        form = {"keyword": keyword, "whole_word": whole_word}
        return await self._requester.call(FilterKeyword, ADD_KEYWORD, filter_id, form=form)

    async def get_keyword(self, keyword_id: str, /) -> FilterKeyword:
        """``GET /api/v2/filters/keywords/:id``: one keyword, by its own id.

        Docs: https://docs.joinmastodon.org/methods/filters/#keywords-get-one
        """
        return await self._requester.call(FilterKeyword, GET_KEYWORD, keyword_id)

    async def update_keyword(
        self, keyword_id: str, /, *, keyword: str, whole_word: bool | UnsetType = UNSET
    ) -> FilterKeyword:
        """``PUT /api/v2/filters/keywords/:id``: change a keyword.

        Args:
            keyword: The new word or phrase (required by the server).
            whole_word: Match only whole words.

        Docs: https://docs.joinmastodon.org/methods/filters/#keywords-update
        """
        form = {"keyword": keyword, "whole_word": whole_word}
        return await self._requester.call(FilterKeyword, UPDATE_KEYWORD, keyword_id, form=form)

    async def delete_keyword(self, keyword_id: str, /) -> None:
        """``DELETE /api/v2/filters/keywords/:id``: remove a keyword from its filter.

        Docs: https://docs.joinmastodon.org/methods/filters/#keywords-delete
        """
        await self._requester.send(DELETE_KEYWORD, keyword_id)

    # --- statuses --------------------------------------------------------------------

    async def statuses(self, filter_id: str, /) -> builtins.list[FilterStatus]:
        """``GET /api/v2/filters/:filter_id/statuses``: the statuses a filter hides.

        Docs: https://docs.joinmastodon.org/methods/filters/#statuses-get
        """
        return await self._requester.call(builtins.list[FilterStatus], STATUSES, filter_id)

    async def add_status(self, filter_id: str, /, *, status_id: str) -> FilterStatus:
        """``POST /api/v2/filters/:filter_id/statuses``: add a status to a filter.

        Args:
            status_id: The status to filter.

        Docs: https://docs.joinmastodon.org/methods/filters/#statuses-add
        """
        form = {"status_id": status_id}
        return await self._requester.call(FilterStatus, ADD_STATUS, filter_id, form=form)

    async def get_status(self, filter_status_id: str, /) -> FilterStatus:
        """``GET /api/v2/filters/statuses/:id``: one status filter, by its own id.

        Docs: https://docs.joinmastodon.org/methods/filters/#statuses-get-one
        """
        return await self._requester.call(FilterStatus, GET_STATUS, filter_status_id)

    async def remove_status(self, filter_status_id: str, /) -> None:
        """``DELETE /api/v2/filters/statuses/:id``: remove a status from its filter.

        The docs name ``FilterStatus`` as the answer, but their example and Mastodon
        itself answer an empty ``{}``; nothing is returned.

        Docs: https://docs.joinmastodon.org/methods/filters/#statuses-remove
        """
        await self._requester.send(REMOVE_STATUS, filter_status_id)

    # --- v1 (deprecated) -------------------------------------------------------------

    async def list_v1(self) -> builtins.list[V1Filter]:
        """``GET /api/v1/filters``: your filters, old form (deprecated).

        Deprecated since Mastodon 4.0, which answers one ``V1Filter`` per keyword of
        each v2 filter. Use [`list`][aiomastodon.api.filters.Filters.list].

        Docs: https://docs.joinmastodon.org/methods/filters/#get-v1
        """
        _deprecated(LIST_V1.wire, "list")
        return await self._requester.call(builtins.list[V1Filter], LIST_V1)

    async def get_v1(self, filter_id: str, /) -> V1Filter:
        """``GET /api/v1/filters/:id``: one filter, old form (deprecated).

        Deprecated since Mastodon 4.0 (the id is that of a keyword). Use
        [`get`][aiomastodon.api.filters.Filters.get].

        Docs: https://docs.joinmastodon.org/methods/filters/#get-one-v1
        """
        _deprecated(GET_V1.wire, "get")
        return await self._requester.call(V1Filter, GET_V1, filter_id)

    async def create_v1(
        self,
        phrase: str,
        *,
        context: OneOrMany[FilterContext | Raw],
        irreversible: bool | UnsetType = UNSET,
        whole_word: bool | UnsetType = UNSET,
        expires_in: int | UnsetType | None = UNSET,
    ) -> V1Filter:
        """``POST /api/v1/filters``: create a filter, old form (deprecated).

        Deprecated since Mastodon 4.0, which makes a v2 filter with one keyword. Use
        [`create`][aiomastodon.api.filters.Filters.create].

        Args:
            phrase: The word or phrase to filter.
            context: Where it applies: ``home``, ``notifications``, ``public``,
                ``thread``, ``account`` (``context[]``).
            irreversible: Drop matching statuses on the server instead of hiding them
                (home and notifications only).
            whole_word: Match only whole words.
            expires_in: Seconds until the filter expires; ``None`` or unset: never.

        Docs: https://docs.joinmastodon.org/methods/filters/#create-v1
        """
        _deprecated(CREATE_V1.wire, "create")
        form = {
            "phrase": phrase,
            "context": as_array(context),
            "irreversible": irreversible,
            "whole_word": whole_word,
            "expires_in": expires_in,
        }
        return await self._requester.call(V1Filter, CREATE_V1, form=form)

    async def update_v1(
        self,
        filter_id: str,
        /,
        *,
        phrase: str,
        context: OneOrMany[FilterContext | Raw],
        irreversible: bool | UnsetType = UNSET,
        whole_word: bool | UnsetType = UNSET,
        expires_in: int | UnsetType | None = UNSET,
    ) -> V1Filter:
        """``PUT /api/v1/filters/:id``: replace a filter, old form (deprecated).

        Deprecated since Mastodon 4.0; there, changing ``context``, ``irreversible`` or
        ``expires_in`` fails for a v2 filter with several keywords. Use
        [`update`][aiomastodon.api.filters.Filters.update].

        Args:
            phrase: The word or phrase to filter (required by the server).
            context: Where it applies (required by the server; ``context[]``).
            irreversible: Drop matching statuses on the server instead of hiding them.
            whole_word: Match only whole words.
            expires_in: Seconds until the filter expires; ``None``: never.

        Docs: https://docs.joinmastodon.org/methods/filters/#update-v1
        """
        _deprecated(UPDATE_V1.wire, "update")
        form = {
            "phrase": phrase,
            "context": as_array(context),
            "irreversible": irreversible,
            "whole_word": whole_word,
            "expires_in": expires_in,
        }
        return await self._requester.call(V1Filter, UPDATE_V1, filter_id, form=form)

    async def delete_v1(self, filter_id: str, /) -> None:
        """``DELETE /api/v1/filters/:id``: delete a filter, old form (deprecated).

        Deprecated since Mastodon 4.0, which removes only the keyword, not the v2
        filter holding it. Use [`delete`][aiomastodon.api.filters.Filters.delete].

        Docs: https://docs.joinmastodon.org/methods/filters/#delete-v1
        """
        _deprecated(DELETE_V1.wire, "delete")
        await self._requester.send(DELETE_V1, filter_id)
