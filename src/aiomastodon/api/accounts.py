"""Accounts: profiles, your own profile, and what you do to other accounts.

Docs: https://docs.joinmastodon.org/methods/accounts/
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from datetime import date

from .._sansio.request import UNSET, FileInput, UnsetType, as_array
from .._sansio.routes import route
from ..entities import (
    Account,
    CredentialAccount,
    FamiliarFollowers,
    FeaturedTag,
    IdentityProof,
    List,
    Relationship,
    Status,
    Token,
)
from ..pagination import Paginator
from ._base import Namespace, cursor_query
from .enums import DefaultVisibility, OneOrMany, QuotePolicy, Raw

__all__ = ["Accounts"]

GET = route("GET", "/api/v1/accounts/:id", "accounts.get")
VERIFY_CREDENTIALS = route(
    "GET", "/api/v1/accounts/verify_credentials", "accounts.verify_credentials"
)
UPDATE_CREDENTIALS = route(
    "PATCH",
    "/api/v1/accounts/update_credentials",
    "accounts.update_credentials",
    version="1.1.1",
    retry_safe=True,
)
FOLLOWERS = route("GET", "/api/v1/accounts/:id/followers", "accounts.followers", paging="link")
FOLLOWING = route("GET", "/api/v1/accounts/:id/following", "accounts.following", paging="link")
STATUSES = route("GET", "/api/v1/accounts/:id/statuses", "accounts.statuses", paging="id")
FOLLOW = route(
    "POST",
    "/api/v1/accounts/:id/follow",
    "accounts.follow",
    retry_safe=True,
)
UNFOLLOW = route(
    "POST",
    "/api/v1/accounts/:id/unfollow",
    "accounts.unfollow",
    retry_safe=True,
)
BLOCK = route(
    "POST",
    "/api/v1/accounts/:id/block",
    "accounts.block",
    retry_safe=True,
)
UNBLOCK = route(
    "POST",
    "/api/v1/accounts/:id/unblock",
    "accounts.unblock",
    retry_safe=True,
)
MUTE = route(
    "POST",
    "/api/v1/accounts/:id/mute",
    "accounts.mute",
    retry_safe=True,
)
UNMUTE = route(
    "POST",
    "/api/v1/accounts/:id/unmute",
    "accounts.unmute",
    retry_safe=True,
)
RELATIONSHIPS = route("GET", "/api/v1/accounts/relationships", "accounts.relationships")
SEARCH = route("GET", "/api/v1/accounts/search", "accounts.search", paging="offset")
LISTS = route("GET", "/api/v1/accounts/:id/lists", "accounts.lists", version="2.1.0")
LOOKUP = route("GET", "/api/v1/accounts/lookup", "accounts.lookup", version="3.4.0")
REMOTE_FOLLOW = route(
    "POST",
    "/api/v1/follows",
    "accounts.remote_follow",
    deprecated="removed from Mastodon; resolve the account with search.search(..., "
    "resolve=True), then call accounts.follow",
    legacy=True,
    retry_safe=True,
)
CREATE = route("POST", "/api/v1/accounts", "accounts.create", version="2.7.0")
GET_MANY = route("GET", "/api/v1/accounts", "accounts.get_many", version="4.3.0")
FEATURED_TAGS = route(
    "GET", "/api/v1/accounts/:id/featured_tags", "accounts.featured_tags", version="3.3.0"
)
REMOVE_FROM_FOLLOWERS = route(
    "POST",
    "/api/v1/accounts/:id/remove_from_followers",
    "accounts.remove_from_followers",
    version="3.5.0",
    retry_safe=True,
)
PIN = route(
    "POST",
    "/api/v1/accounts/:id/pin",
    "accounts.pin",
    version="2.5.0",
    deprecated="deprecated since Mastodon 4.4.0; use accounts.endorse "
    "(POST /api/v1/accounts/:id/endorse)",
    retry_safe=True,
)
UNPIN = route(
    "POST",
    "/api/v1/accounts/:id/unpin",
    "accounts.unpin",
    version="2.5.0",
    deprecated="deprecated since Mastodon 4.4.0; use accounts.unendorse "
    "(POST /api/v1/accounts/:id/unendorse)",
    retry_safe=True,
)
ENDORSEMENTS = route(
    "GET",
    "/api/v1/accounts/:id/endorsements",
    "accounts.endorsements",
    paging="link",
    version="4.4.0",
)
ENDORSE = route(
    "POST",
    "/api/v1/accounts/:id/endorse",
    "accounts.endorse",
    version="4.4.0",
    retry_safe=True,
)
UNENDORSE = route(
    "POST",
    "/api/v1/accounts/:id/unendorse",
    "accounts.unendorse",
    version="4.4.0",
    retry_safe=True,
)
NOTE = route(
    "POST",
    "/api/v1/accounts/:id/note",
    "accounts.note",
    version="3.2.0",
    retry_safe=True,
)
FAMILIAR_FOLLOWERS = route(
    "GET",
    "/api/v1/accounts/familiar_followers",
    "accounts.familiar_followers",
    version="3.5.0",
)
IDENTITY_PROOFS = route(
    "GET",
    "/api/v1/accounts/:id/identity_proofs",
    "accounts.identity_proofs",
    version="2.8.0",
    deprecated="deprecated since Mastodon 3.5.0, which always answers an empty list; "
    "read the profile's verified fields (Account.fields) instead",
)


class Accounts(Namespace):
    """``client.accounts``: read profiles, edit your own, follow, block and mute."""

    __slots__ = ()

    async def get(self, account_id: str, /) -> Account:
        """``GET /api/v1/accounts/:id``: one account.

        Docs: https://docs.joinmastodon.org/methods/accounts/#get
        """
        return await self._requester.call(Account, GET, account_id)

    async def verify_credentials(self) -> CredentialAccount:
        """``GET /api/v1/accounts/verify_credentials``: the account the token belongs to.

        The answer carries ``source``: your posting defaults and the plain text of your
        bio and profile fields.

        Docs: https://docs.joinmastodon.org/methods/accounts/#verify_credentials
        """
        return await self._requester.call(CredentialAccount, VERIFY_CREDENTIALS)

    async def update_credentials(
        self,
        *,
        display_name: str | UnsetType = UNSET,
        note: str | UnsetType = UNSET,
        avatar: FileInput | UnsetType = UNSET,
        header: FileInput | UnsetType = UNSET,
        locked: bool | UnsetType = UNSET,
        bot: bool | UnsetType = UNSET,
        discoverable: bool | UnsetType = UNSET,
        hide_collections: bool | UnsetType = UNSET,
        indexable: bool | UnsetType = UNSET,
        attribution_domains: OneOrMany[str] | UnsetType = UNSET,
        fields_attributes: Sequence[tuple[str, str]] | UnsetType = UNSET,
        privacy: DefaultVisibility | Raw | UnsetType = UNSET,
        sensitive: bool | UnsetType = UNSET,
        language: str | UnsetType = UNSET,
        quote_policy: QuotePolicy | Raw | UnsetType = UNSET,
    ) -> CredentialAccount:
        """``PATCH /api/v1/accounts/update_credentials``: edit your profile and defaults.

        Only the arguments given are changed. With ``avatar`` or ``header`` the body is
        sent as ``multipart/form-data``, otherwise url-encoded. A form cannot carry an
        empty array, so an empty ``attribution_domains`` or ``fields_attributes`` sends
        nothing (and changes nothing); to blank the profile fields, pass ``("", "")``
        pairs.

        Args:
            display_name: The name shown on the profile.
            note: The bio (plain text; the server links mentions, hashtags and URLs).
            avatar: A new avatar image (PNG, GIF or JPEG; the server resizes it).
            header: A new header image.
            locked: Approve followers by hand.
            bot: Mark the account as automated.
            discoverable: Feature the account in the profile directory.
            hide_collections: Hide whom you follow and who follows you.
            indexable: Let public posts be found by full-text search.
            attribution_domains: Domains allowed to credit you as a link's author
                (at most 10; Mastodon 4.4+).
            fields_attributes: The profile's metadata, as ``(name, value)`` pairs in
                order (at most 4 on stock Mastodon). Sent as
                ``fields_attributes[0][name]``, ``fields_attributes[0][value]``, ... The
                whole set is replaced.
            privacy: Default visibility of new posts: ``public``, ``unlisted`` or
                ``private`` (``source[privacy]``).
            sensitive: Mark new posts' media sensitive by default (``source[sensitive]``).
            language: Default language of new posts, ISO 639-1 (``source[language]``).
            quote_policy: Who may quote new posts by default: ``public``, ``followers``
                or ``nobody`` (``source[quote_policy]``; Mastodon 4.5+).

        Docs: https://docs.joinmastodon.org/methods/accounts/#update_credentials
        """
        form: dict[str, object] = {
            "display_name": display_name,
            "note": note,
            "locked": locked,
            "bot": bot,
            "discoverable": discoverable,
            "hide_collections": hide_collections,
            "indexable": indexable,
            "attribution_domains": as_array(attribution_domains),
            "source": {
                "privacy": privacy,
                "sensitive": sensitive,
                "language": language,
                "quote_policy": quote_policy,
            },
        }
        if not isinstance(fields_attributes, UnsetType):
            # A Rails hash indexed by position: fields_attributes[0][name]=...
            form["fields_attributes"] = {
                str(index): {"name": name, "value": value}
                for index, (name, value) in enumerate(fields_attributes)
            }
        return await self._requester.call(
            CredentialAccount,
            UPDATE_CREDENTIALS,
            form=form,
            files={"avatar": avatar, "header": header},
        )

    def followers(
        self,
        account_id: str,
        /,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[Account]:
        """``GET /api/v1/accounts/:id/followers``: the accounts that follow an account.

        Pages through the ``Link`` header (the cursors are hidden ids).

        Args:
            limit: Accounts per page (default 40, at most 80).

        ``max_id``, ``since_id``, ``min_id``: ``Link`` [cursors][aiomastodon.pagination.Paginator].

        Docs: https://docs.joinmastodon.org/methods/accounts/#followers
        """
        return Paginator(
            self._requester,
            FOLLOWERS,
            Account,
            (account_id,),
            query=cursor_query(limit, max_id, since_id, min_id),
        )

    def following(
        self,
        account_id: str,
        /,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[Account]:
        """``GET /api/v1/accounts/:id/following``: the accounts an account follows.

        Pages through the ``Link`` header (the cursors are hidden ids).

        Args:
            limit: Accounts per page (default 40, at most 80).

        ``max_id``, ``since_id``, ``min_id``: ``Link`` [cursors][aiomastodon.pagination.Paginator].

        Docs: https://docs.joinmastodon.org/methods/accounts/#following
        """
        return Paginator(
            self._requester,
            FOLLOWING,
            Account,
            (account_id,),
            query=cursor_query(limit, max_id, since_id, min_id),
        )

    def statuses(
        self,
        account_id: str,
        /,
        *,
        only_media: bool | UnsetType = UNSET,
        pinned: bool | UnsetType = UNSET,
        exclude_replies: bool | UnsetType = UNSET,
        exclude_reblogs: bool | UnsetType = UNSET,
        tagged: str | UnsetType = UNSET,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
        min_id: str | UnsetType = UNSET,
    ) -> Paginator[Status]:
        """``GET /api/v1/accounts/:id/statuses``: the statuses an account posted.

        Args:
            only_media: Only statuses with media.
            pinned: Only the pinned statuses.
            exclude_replies: Leave out replies to other accounts.
            exclude_reblogs: Leave out boosts.
            tagged: Only statuses with this hashtag (without ``#``).
            limit: Statuses per page (default 20, at most 40).
            max_id: Start below this id (older).
            since_id: Only statuses newer than this id (from the newest end).
            min_id: Walk forward from just after this id, oldest first.

        Docs: https://docs.joinmastodon.org/methods/accounts/#statuses
        """
        query = {
            "only_media": only_media,
            "pinned": pinned,
            "exclude_replies": exclude_replies,
            "exclude_reblogs": exclude_reblogs,
            "tagged": tagged,
            **cursor_query(limit, max_id, since_id, min_id),
        }
        return Paginator(self._requester, STATUSES, Status, (account_id,), query=query)

    async def follow(
        self,
        account_id: str,
        /,
        *,
        reblogs: bool | UnsetType = UNSET,
        notify: bool | UnsetType = UNSET,
        languages: OneOrMany[str] | UnsetType = UNSET,
    ) -> Relationship:
        """``POST /api/v1/accounts/:id/follow``: follow an account, or change how.

        A locked account gets a follow request instead (``requested`` in the answer).
        Calling it again on a followed account updates the options.

        Args:
            reblogs: Show the account's boosts in the home timeline (default true).
            notify: Get a notification when the account posts (default false).
            languages: Only show posts in these languages (ISO 639-1) in the home
                timeline.

        Docs: https://docs.joinmastodon.org/methods/accounts/#follow
        """
        form = {"reblogs": reblogs, "notify": notify, "languages": as_array(languages)}
        return await self._requester.call(Relationship, FOLLOW, account_id, form=form)

    async def unfollow(self, account_id: str, /) -> Relationship:
        """``POST /api/v1/accounts/:id/unfollow``: unfollow an account (or withdraw a request).

        Docs: https://docs.joinmastodon.org/methods/accounts/#unfollow
        """
        return await self._requester.call(Relationship, UNFOLLOW, account_id)

    async def block(self, account_id: str, /) -> Relationship:
        """``POST /api/v1/accounts/:id/block``: block an account.

        Docs: https://docs.joinmastodon.org/methods/accounts/#block
        """
        return await self._requester.call(Relationship, BLOCK, account_id)

    async def unblock(self, account_id: str, /) -> Relationship:
        """``POST /api/v1/accounts/:id/unblock``: unblock an account.

        Docs: https://docs.joinmastodon.org/methods/accounts/#unblock
        """
        return await self._requester.call(Relationship, UNBLOCK, account_id)

    async def mute(
        self,
        account_id: str,
        /,
        *,
        notifications: bool | UnsetType = UNSET,
        duration: int | UnsetType = UNSET,
    ) -> Relationship:
        """``POST /api/v1/accounts/:id/mute``: mute an account.

        Args:
            notifications: Also mute its notifications (default true).
            duration: Seconds until the mute ends; 0 (the default) mutes for good.

        Docs: https://docs.joinmastodon.org/methods/accounts/#mute
        """
        form = {"notifications": notifications, "duration": duration}
        return await self._requester.call(Relationship, MUTE, account_id, form=form)

    async def unmute(self, account_id: str, /) -> Relationship:
        """``POST /api/v1/accounts/:id/unmute``: unmute an account.

        Docs: https://docs.joinmastodon.org/methods/accounts/#unmute
        """
        return await self._requester.call(Relationship, UNMUTE, account_id)

    async def relationships(
        self,
        ids: OneOrMany[str],
        *,
        with_suspended: bool | UnsetType = UNSET,
    ) -> list[Relationship]:
        """``GET /api/v1/accounts/relationships``: how you relate to some accounts.

        Args:
            ids: One account id or several (sent as ``id[]``).
            with_suspended: Also answer for suspended accounts (default false).

        Docs: https://docs.joinmastodon.org/methods/accounts/#relationships
        """
        query = {
            "id": as_array(ids),
            "with_suspended": with_suspended,
        }
        return await self._requester.call(list[Relationship], RELATIONSHIPS, query=query)

    def search(
        self,
        q: str,
        *,
        limit: int | UnsetType = UNSET,
        offset: int | UnsetType = UNSET,
        resolve: bool | UnsetType = UNSET,
        following: bool | UnsetType = UNSET,
    ) -> Paginator[Account]:
        """``GET /api/v1/accounts/search``: accounts matching a name or address.

        Pages by ``offset`` (the results are ranked, not ordered by id).

        Args:
            q: A username, display name or ``user@domain`` address.
            limit: Accounts per page (default 40, at most 80).
            offset: Skip this many results first.
            resolve: Look up ``user@domain`` on the remote server if unknown here.
            following: Only accounts you follow.

        Docs: https://docs.joinmastodon.org/methods/accounts/#search
        """
        query = {
            "q": q,
            "limit": limit,
            "offset": offset,
            "resolve": resolve,
            "following": following,
        }
        return Paginator(self._requester, SEARCH, Account, query=query)

    async def lists(self, account_id: str, /) -> list[List]:
        """``GET /api/v1/accounts/:id/lists``: your lists that contain an account.

        Docs: https://docs.joinmastodon.org/methods/accounts/#lists
        """
        return await self._requester.call(list[List], LISTS, account_id)

    async def lookup(self, acct: str) -> Account:
        """``GET /api/v1/accounts/lookup``: find an account by its address, without a search.

        Args:
            acct: ``username`` for a local account, ``username@domain`` for a remote one
                the server knows (a leading ``@`` is dropped).

        Raises:
            NotFound: The server knows no such account.

        Docs: https://docs.joinmastodon.org/methods/accounts/#lookup
        """
        return await self._requester.call(Account, LOOKUP, query={"acct": acct.lstrip("@")})

    async def remote_follow(self, uri: str) -> Account:
        """``POST /api/v1/follows``: follow a remote account by address (legacy).

        Gone from Mastodon long ago: current servers answer 404. Resolve the account
        with ``client.search.search(uri, type="accounts", resolve=True)`` and call
        [`follow`][aiomastodon.api.accounts.Accounts.follow] with its id instead.

        Args:
            uri: ``username@domain`` of the account to follow.

        Docs: https://docs.joinmastodon.org/methods/accounts/#follow
        """
        warnings.warn(
            "POST /api/v1/follows no longer exists on Mastodon; resolve the account with "
            "client.search.search(uri, resolve=True), then call client.accounts.follow(id)",
            DeprecationWarning,
            stacklevel=2,
        )
        return await self._requester.call(Account, REMOTE_FOLLOW, form={"uri": uri})

    async def create(
        self,
        *,
        username: str,
        email: str,
        password: str,
        agreement: bool,
        locale: str,
        reason: str | UnsetType = UNSET,
        date_of_birth: date | str | UnsetType = UNSET,
    ) -> Token:
        """``POST /api/v1/accounts``: sign up a new user, and get a token for it.

        Call it on a client whose token is an *app* token (from the
        ``client_credentials`` grant, scope ``write:accounts``), not a user's. The
        answer is a user token for the new account; until its email address is
        confirmed (and, on servers that approve sign-ups by hand, until it is
        approved) most calls made with it fail.

        Args:
            username: The new account's username (letters, digits and ``_``).
            email: Where the confirmation email goes.
            password: The new account's password.
            agreement: Whether the user agreed to the server's rules and terms of
                service; the server refuses the sign-up unless it is true.
            locale: The language of the confirmation email (ISO 639-1, e.g. ``en``).
            reason: Why the user wants to join, for servers that approve sign-ups
                by hand.
            date_of_birth: The user's birth date, on servers with a minimum age
                (Mastodon 4.4+); a ``date`` or ``"YYYY-MM-DD"``.

        Docs: https://docs.joinmastodon.org/methods/accounts/#create
        """
        if isinstance(date_of_birth, date):
            date_of_birth = date_of_birth.strftime("%Y-%m-%d")
        form = {
            "username": username,
            "email": email,
            "password": password,
            "agreement": agreement,
            "locale": locale,
            "reason": reason,
            "date_of_birth": date_of_birth,
        }
        return await self._requester.call(Token, CREATE, form=form)

    async def get_many(self, ids: OneOrMany[str]) -> list[Account]:
        """``GET /api/v1/accounts``: several accounts by id, in one request (Mastodon 4.3+).

        Ids the server does not know (or hides from you) are left out of the answer.

        Args:
            ids: One account id or several (sent as ``id[]``).

        Docs: https://docs.joinmastodon.org/methods/accounts/#index
        """
        query = {"id": as_array(ids)}
        return await self._requester.call(list[Account], GET_MANY, query=query)

    async def featured_tags(self, account_id: str, /) -> list[FeaturedTag]:
        """``GET /api/v1/accounts/:id/featured_tags``: the hashtags an account features.

        Docs: https://docs.joinmastodon.org/methods/accounts/#featured_tags
        """
        return await self._requester.call(list[FeaturedTag], FEATURED_TAGS, account_id)

    async def remove_from_followers(self, account_id: str, /) -> Relationship:
        """``POST /api/v1/accounts/:id/remove_from_followers``: make an account unfollow you.

        Docs: https://docs.joinmastodon.org/methods/accounts/#remove_from_followers
        """
        return await self._requester.call(Relationship, REMOVE_FROM_FOLLOWERS, account_id)

    async def pin(self, account_id: str, /) -> Relationship:
        """``POST /api/v1/accounts/:id/pin``: feature an account on your profile (deprecated).

        Deprecated since Mastodon 4.4.0: use [`endorse`][aiomastodon.api.accounts.Accounts.endorse],
        which does the same.

        Docs: https://docs.joinmastodon.org/methods/accounts/#pin
        """
        warnings.warn(
            "POST /api/v1/accounts/:id/pin is deprecated since Mastodon 4.4.0; "
            "use client.accounts.endorse(id)",
            DeprecationWarning,
            stacklevel=2,
        )
        return await self._requester.call(Relationship, PIN, account_id)

    async def unpin(self, account_id: str, /) -> Relationship:
        """``POST /api/v1/accounts/:id/unpin``: stop featuring an account (deprecated).

        Deprecated since Mastodon 4.4.0: use
        [`unendorse`][aiomastodon.api.accounts.Accounts.unendorse], which does the same.

        Docs: https://docs.joinmastodon.org/methods/accounts/#unpin
        """
        warnings.warn(
            "POST /api/v1/accounts/:id/unpin is deprecated since Mastodon 4.4.0; "
            "use client.accounts.unendorse(id)",
            DeprecationWarning,
            stacklevel=2,
        )
        return await self._requester.call(Relationship, UNPIN, account_id)

    def endorsements(
        self,
        account_id: str,
        /,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
    ) -> Paginator[Account]:
        """``GET /api/v1/accounts/:id/endorsements``: the accounts an account features.

        Pages through the ``Link`` header (the cursors are hidden ids). Mastodon 4.4+;
        your own featured accounts are also at ``client.endorsements``.

        Args:
            limit: Accounts per page (default 40, at most 80).

        ``max_id``, ``since_id``: ``Link`` [cursors][aiomastodon.pagination.Paginator].

        Docs: https://docs.joinmastodon.org/methods/accounts/#endorsements
        """
        return Paginator(
            self._requester,
            ENDORSEMENTS,
            Account,
            (account_id,),
            query=cursor_query(limit, max_id, since_id),
        )

    async def endorse(self, account_id: str, /) -> Relationship:
        """``POST /api/v1/accounts/:id/endorse``: feature an account you follow on your profile.

        Mastodon 4.4+ (older servers: [`pin`][aiomastodon.api.accounts.Accounts.pin]). Calling it
        twice is harmless.

        Docs: https://docs.joinmastodon.org/methods/accounts/#endorse
        """
        return await self._requester.call(Relationship, ENDORSE, account_id)

    async def unendorse(self, account_id: str, /) -> Relationship:
        """``POST /api/v1/accounts/:id/unendorse``: stop featuring an account on your profile.

        Mastodon 4.4+ (older servers: [`unpin`][aiomastodon.api.accounts.Accounts.unpin]).

        Docs: https://docs.joinmastodon.org/methods/accounts/#unendorse
        """
        return await self._requester.call(Relationship, UNENDORSE, account_id)

    async def note(self, account_id: str, /, *, comment: str | UnsetType = UNSET) -> Relationship:
        """``POST /api/v1/accounts/:id/note``: set your private note about an account.

        Only you can see the note; the answer's ``note`` field holds it.

        Args:
            comment: The note. Leave it out, or pass ``""``, to remove the note.

        Docs: https://docs.joinmastodon.org/methods/accounts/#note
        """
        return await self._requester.call(Relationship, NOTE, account_id, form={"comment": comment})

    async def familiar_followers(self, ids: OneOrMany[str]) -> list[FamiliarFollowers]:
        """``GET /api/v1/accounts/familiar_followers``: who you follow that follows them.

        For each account asked about, the accounts you follow that also follow it.

        Args:
            ids: One account id or several (sent as ``id[]``).

        Docs: https://docs.joinmastodon.org/methods/accounts/#familiar_followers
        """
        query = {"id": as_array(ids)}
        return await self._requester.call(list[FamiliarFollowers], FAMILIAR_FOLLOWERS, query=query)

    async def identity_proofs(self, account_id: str, /) -> list[IdentityProof]:
        """``GET /api/v1/accounts/:id/identity_proofs``: an account's identity proofs (deprecated).

        Deprecated since Mastodon 3.5.0, which dropped identity proofs: servers since
        answer an empty list. Verified links are in the profile's ``fields``
        (``verified_at``) instead.

        Docs: https://docs.joinmastodon.org/methods/accounts/#identity_proofs
        """
        warnings.warn(
            "GET /api/v1/accounts/:id/identity_proofs is deprecated since Mastodon 3.5.0 "
            "and always empty; read Account.fields (verified_at) instead",
            DeprecationWarning,
            stacklevel=2,
        )
        return await self._requester.call(list[IdentityProof], IDENTITY_PROOFS, account_id)
