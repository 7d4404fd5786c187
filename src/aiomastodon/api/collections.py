"""Collections: curated sets of accounts.

Docs: https://docs.joinmastodon.org/methods/collections/

Mastodon 4.6+. A collection is a named, public list of accounts that its owner
recommends; an account added to one may have to accept first (the item's ``state``
is then ``pending``), and may later revoke its inclusion.
"""

from __future__ import annotations

from .._sansio.request import UNSET, UnsetType, as_array
from .._sansio.routes import route
from ..entities import Collection, CollectionWithAccounts, WrappedCollection, WrappedCollectionItem
from ..pagination import Paginator
from ._base import Namespace
from .enums import OneOrMany

__all__ = ["Collections"]

CREATE = route("POST", "/api/v1/collections", "collections.create", version="4.6.0")
GET = route("GET", "/api/v1/collections/:id", "collections.get", version="4.6.0")
LIST = route(
    "GET",
    "/api/v1/accounts/:account_id/collections",
    "collections.list",
    paging="offset",
    version="4.6.0",
)
FEATURING = route(
    "GET",
    "/api/v1/accounts/:account_id/in_collections",
    "collections.featuring",
    paging="offset",
    version="4.6.0",
)
UPDATE = route(
    "PATCH",
    "/api/v1/collections/:id",
    "collections.update",
    version="4.6.0",
    retry_safe=True,
)
DELETE = route("DELETE", "/api/v1/collections/:id", "collections.delete", version="4.6.0")
ADD_ACCOUNT = route(
    "POST", "/api/v1/collections/:collection_id/items", "collections.add_account", version="4.6.0"
)
REMOVE_ACCOUNT = route(
    "DELETE",
    "/api/v1/collections/:collection_id/items/:id",
    "collections.remove_account",
    version="4.6.0",
)
REVOKE = route(
    "POST",
    "/api/v1/collections/:collection_id/items/:id/revoke",
    "collections.revoke",
    version="4.6.0",
    retry_safe=True,
)


class Collections(Namespace):
    """``client.collections``: make, read and curate collections of accounts."""

    __slots__ = ()

    async def create(
        self,
        name: str,
        *,
        description: str | UnsetType = UNSET,
        language: str | UnsetType = UNSET,
        tag_name: str | UnsetType = UNSET,
        sensitive: bool | UnsetType = UNSET,
        discoverable: bool | UnsetType = UNSET,
        account_ids: OneOrMany[str] | UnsetType = UNSET,
    ) -> WrappedCollection:
        """``POST /api/v1/collections``: make a collection.

        Args:
            name: The collection's name.
            description: What it is about.
            language: ISO 639-1 code of the name and description.
            tag_name: A hashtag that describes it.
            sensitive: Mark it sensitive.
            discoverable: Let it be found and suggested.
            account_ids: Accounts to put in it at once (``account_ids[]``).

        Docs: https://docs.joinmastodon.org/methods/collections/#create
        """
        form = {
            "name": name,
            "description": description,
            "language": language,
            "tag_name": tag_name,
            "sensitive": sensitive,
            "discoverable": discoverable,
            "account_ids": as_array(account_ids),
        }
        return await self._requester.call(WrappedCollection, CREATE, form=form)

    async def get(self, collection_id: str, /) -> CollectionWithAccounts:
        """``GET /api/v1/collections/:id``: a collection, with its accounts.

        Works without a token for a public collection.

        Docs: https://docs.joinmastodon.org/methods/collections/#get_collection
        """
        return await self._requester.call(CollectionWithAccounts, GET, collection_id)

    def list(
        self,
        account_id: str,
        /,
        *,
        limit: int | UnsetType = UNSET,
        offset: int | UnsetType = UNSET,
    ) -> Paginator[Collection]:
        """``GET /api/v1/accounts/:account_id/collections``: an account's collections.

        Pages by ``offset``; each page's ``{"collections": [...]}`` is unwrapped.

        Args:
            account_id: The owner.
            limit: Collections per page (default 40, at most 80).
            offset: Skip this many collections.

        Docs: https://docs.joinmastodon.org/methods/collections/#get_collections
        """
        return Paginator(
            self._requester,
            LIST,
            Collection,
            (account_id,),
            query={"limit": limit, "offset": offset},
            envelope="collections",
        )

    def featuring(
        self,
        account_id: str,
        /,
        *,
        limit: int | UnsetType = UNSET,
        offset: int | UnsetType = UNSET,
    ) -> Paginator[Collection]:
        """``GET /api/v1/accounts/:account_id/in_collections``: collections an account is in.

        Pages by ``offset``; each page's ``{"collections": [...]}`` is unwrapped.

        Args:
            account_id: The account featured.
            limit: Collections per page (default 40, at most 80).
            offset: Skip this many collections.

        Docs: https://docs.joinmastodon.org/methods/collections/#in_collections
        """
        return Paginator(
            self._requester,
            FEATURING,
            Collection,
            (account_id,),
            query={"limit": limit, "offset": offset},
            envelope="collections",
        )

    async def update(
        self,
        collection_id: str,
        /,
        *,
        name: str | UnsetType = UNSET,
        description: str | UnsetType = UNSET,
        language: str | UnsetType = UNSET,
        tag_name: str | UnsetType = UNSET,
        sensitive: bool | UnsetType = UNSET,
        discoverable: bool | UnsetType = UNSET,
    ) -> WrappedCollection:
        """``PATCH /api/v1/collections/:id``: change a collection of yours.

        Only the arguments given are changed. Add and remove accounts with
        [`add_account`][aiomastodon.api.collections.Collections.add_account] and
        [`remove_account`][aiomastodon.api.collections.Collections.remove_account].

        Args:
            name: A new name.
            description: A new description.
            language: ISO 639-1 code of the name and description.
            tag_name: A hashtag that describes it.
            sensitive: Mark it sensitive.
            discoverable: Let it be found and suggested.

        Docs: https://docs.joinmastodon.org/methods/collections/#update_collection
        """
        form = {
            "name": name,
            "description": description,
            "language": language,
            "tag_name": tag_name,
            "sensitive": sensitive,
            "discoverable": discoverable,
        }
        return await self._requester.call(WrappedCollection, UPDATE, collection_id, form=form)

    async def delete(self, collection_id: str, /) -> None:
        """``DELETE /api/v1/collections/:id``: delete a collection of yours.

        Docs: https://docs.joinmastodon.org/methods/collections/#delete_collection
        """
        await self._requester.send(DELETE, collection_id)

    async def add_account(self, collection_id: str, /, *, account_id: str) -> WrappedCollectionItem:
        """``POST /api/v1/collections/:collection_id/items``: add an account to a collection.

        The item may be ``pending`` until the account accepts.

        Args:
            account_id: The account to add.

        Docs: https://docs.joinmastodon.org/methods/collections/#add_account
        """
        form = {"account_id": account_id}
        return await self._requester.call(
            WrappedCollectionItem, ADD_ACCOUNT, collection_id, form=form
        )

    async def remove_account(self, collection_id: str, item_id: str, /) -> None:
        """``DELETE /api/v1/collections/:collection_id/items/:id``: take an item out.

        Args:
            collection_id: The collection (yours).
            item_id: The ``CollectionItem``'s id (not the account's).

        Docs: https://docs.joinmastodon.org/methods/collections/#remove_account
        """
        await self._requester.send(REMOVE_ACCOUNT, collection_id, item_id)

    async def revoke(self, collection_id: str, item_id: str, /) -> None:
        """``POST /api/v1/collections/:collection_id/items/:id/revoke``: leave a collection.

        Withdraws your own inclusion in someone else's collection.

        Args:
            collection_id: The collection.
            item_id: The ``CollectionItem`` that holds your account.

        Docs: https://docs.joinmastodon.org/methods/collections/#revoke_item
        """
        await self._requester.send(REVOKE, collection_id, item_id)
