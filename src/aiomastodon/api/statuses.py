"""Statuses: post, read, delete and interact with statuses.

[`Statuses.reply`][aiomastodon.api.statuses.Statuses.reply] is the one method here that is
not one endpoint: it reads a status and posts the reply Mastodon's own web composer would
(mentions, content warning, audience, language), through
[`create`][aiomastodon.api.statuses.Statuses.create]. What it decides is in pure functions
(``_reply_mentions``, ``_reply_visibility``) the unit tests drive with tables.

Docs: https://docs.joinmastodon.org/methods/statuses/
"""

from __future__ import annotations

import asyncio
import re
import uuid
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from .._requester import Requester
from .._sansio.request import UNSET, UnsetType, as_array
from .._sansio.response import decode_body, is_empty
from .._sansio.routes import route
from ..entities import (
    Account,
    Context,
    CredentialAccount,
    PreviewCard,
    ScheduledStatus,
    Status,
    StatusEdit,
    StatusSource,
    Translation,
)
from ..pagination import Paginator
from ._base import Namespace, cursor_query
from .accounts import VERIFY_CREDENTIALS
from .enums import OneOrMany, QuotePolicy, Raw, ReblogVisibility, Visibility
from .media import Focus, _focus

__all__ = ["MediaAttributes", "PollOptions", "Statuses"]

CREATE = route("POST", "/api/v1/statuses", "statuses.create")
GET = route("GET", "/api/v1/statuses/:id", "statuses.get")
DELETE = route("DELETE", "/api/v1/statuses/:id", "statuses.delete", bucket="status_delete")
CONTEXT = route("GET", "/api/v1/statuses/:id/context", "statuses.context")
CARD = route(
    "GET",
    "/api/v1/statuses/:id/card",
    "statuses.card",
    deprecated="removed in Mastodon 3.0; read Status.card",
    legacy=True,
)
REBLOGGED_BY = route(
    "GET",
    "/api/v1/statuses/:id/reblogged_by",
    "statuses.reblogged_by",
    paging="link",
)
FAVOURITED_BY = route(
    "GET",
    "/api/v1/statuses/:id/favourited_by",
    "statuses.favourited_by",
    paging="link",
)
FAVOURITE = route(
    "POST",
    "/api/v1/statuses/:id/favourite",
    "statuses.favourite",
    retry_safe=True,
)
UNFAVOURITE = route(
    "POST",
    "/api/v1/statuses/:id/unfavourite",
    "statuses.unfavourite",
    retry_safe=True,
)
REBLOG = route(
    "POST",
    "/api/v1/statuses/:id/reblog",
    "statuses.reblog",
    retry_safe=True,
)
UNREBLOG = route(
    "POST",
    "/api/v1/statuses/:id/unreblog",
    "statuses.unreblog",
    bucket="status_delete",
    retry_safe=True,
)
MUTE = route(
    "POST",
    "/api/v1/statuses/:id/mute",
    "statuses.mute",
    version="1.4.2",
    retry_safe=True,
)
UNMUTE = route(
    "POST",
    "/api/v1/statuses/:id/unmute",
    "statuses.unmute",
    version="1.4.2",
    retry_safe=True,
)
PIN = route(
    "POST",
    "/api/v1/statuses/:id/pin",
    "statuses.pin",
    version="1.6.0",
    retry_safe=True,
)
UNPIN = route(
    "POST",
    "/api/v1/statuses/:id/unpin",
    "statuses.unpin",
    version="1.6.0",
    retry_safe=True,
)
GET_MANY = route("GET", "/api/v1/statuses", "statuses.get_many", version="4.3.0")
EDIT = route("PUT", "/api/v1/statuses/:id", "statuses.edit", version="3.5.0")
HISTORY = route("GET", "/api/v1/statuses/:id/history", "statuses.history", version="3.5.0")
SOURCE = route("GET", "/api/v1/statuses/:id/source", "statuses.source", version="3.5.0")
TRANSLATE = route(
    "POST",
    "/api/v1/statuses/:id/translate",
    "statuses.translate",
    version="4.0.0",
    retry_safe=True,
)
BOOKMARK = route(
    "POST",
    "/api/v1/statuses/:id/bookmark",
    "statuses.bookmark",
    version="3.1.0",
    retry_safe=True,
)
UNBOOKMARK = route(
    "POST",
    "/api/v1/statuses/:id/unbookmark",
    "statuses.unbookmark",
    version="3.1.0",
    retry_safe=True,
)
QUOTES = route(
    "GET", "/api/v1/statuses/:id/quotes", "statuses.quotes", paging="link", version="4.5.0"
)
REVOKE_QUOTE = route(
    "POST",
    "/api/v1/statuses/:id/quotes/:quoting_status_id/revoke",
    "statuses.revoke_quote",
    version="4.5.0",
    retry_safe=True,
)
EDIT_INTERACTION_POLICY = route(
    "PUT",
    "/api/v1/statuses/:id/interaction_policy",
    "statuses.edit_interaction_policy",
    version="4.5.0",
)

PollOptions = dict[str, object]
"""A poll for [`Statuses.create`][aiomastodon.api.statuses.Statuses.create]: ``{"options": [...],
"expires_in": 3600, "multiple": False, "hide_totals": False}``."""


@dataclass(frozen=True, slots=True)
class MediaAttributes:
    """New alt text or focal point for one attachment of a status, for
    [`Statuses.edit`][aiomastodon.api.statuses.Statuses.edit].

    Attributes:
        id: The attachment's id (it must also be in ``media_ids``).
        description: The new alt text.
        focus: The new focal point ``(x, y)``, each from -1.0 to 1.0.
    """

    id: str
    description: str | UnsetType = UNSET
    focus: Focus | UnsetType = UNSET

    def _params(self) -> dict[str, object]:
        # ``id`` first: Rails starts a new hash of ``media_attributes[][...]`` at each
        # key it has already seen, so the id must open every attachment's group.
        return {"id": self.id, "description": self.description, "focus": _focus(self.focus)}


# --- replies: what the reply says and who may read it (pure) -----------------------------

# Mastodon's Account::MENTION_RE, in the standard library's dialect (\w for Ruby's
# [[:word:]]): a mention is not glued to a preceding word character, "=" or "/" (a URL).
_MENTION = re.compile(
    r"(?<![=/\w])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*(?:@\w+(?:[.-]+\w+)*)?)", re.IGNORECASE
)

# Narrowest last: a reply may move right along this, never left.
_AUDIENCES: tuple[Visibility, ...] = ("public", "unlisted", "private", "direct")


def _names_of(acct: str, url: str) -> set[str]:
    """The ways a text may write a mention of one account, lower-cased.

    A remote account is ``user@domain`` only: the server reads a bare ``@user`` as the
    local account of that name (Mastodon's ProcessMentionsService), so it does not
    mention the remote one. A local account's ``acct`` has no domain; a text may also
    write it with the domain of its profile URL (``@alice@example.social``).
    """
    acct = acct.lower()
    names = {acct}
    if "@" not in acct:
        host = url.partition("://")[2].partition("/")[0].lower()
        if host:
            names.add(f"{acct}@{host}")
    return names


def _reply_mentions(to: Status, text: str, me: str) -> list[str]:
    """The ``@acct`` mentions to put before ``text`` in a reply to ``to``.

    The author first, then the accounts ``to`` mentions, in its order; each once; never
    the account ``me`` (an id); none that ``text`` already mentions (acct compared
    case-insensitively, with or without the domain: see ``_names_of``).
    """
    written = {match.group(1).lower() for match in _MENTION.finditer(text)}
    candidates = [(to.account.id, to.account.acct, to.account.url or "")]
    candidates += [(m.id, m.acct, m.url) for m in to.mentions]
    seen = {me}
    out = []
    for account_id, acct, url in candidates:
        if account_id in seen or not acct:
            continue
        seen.add(account_id)
        if _names_of(acct, url) & written:
            continue
        out.append(f"@{acct}")
    return out


def _reply_visibility(original: str, requested: Visibility | Raw | UnsetType) -> Visibility | Raw:
    """The visibility of a reply to a status of visibility ``original``.

    ``requested`` is a ceiling, not an order: the narrower of it and the original's
    (public > unlisted > private > direct). A value outside those four (a fork's
    ``local``, say) on either side cannot be ranked, so the original's stands: the one
    audience sure not to be wider. A status that gives no visibility at all gets
    ``direct``, the narrowest (sending none would post with the account's default).
    """
    if not original:
        return "direct"
    if original not in _AUDIENCES:
        return Raw(original)
    rank = _AUDIENCES.index(original)
    if isinstance(requested, str) and requested in _AUDIENCES:
        rank = max(rank, _AUDIENCES.index(requested))
    return _AUDIENCES[rank]


class Statuses(Namespace):
    """``client.statuses``: post, read, delete and interact with statuses."""

    __slots__ = ("_me", "_me_lock")

    def __init__(self, requester: Requester) -> None:
        super().__init__(requester)
        # The id of the token's account, for reply(): asked once per client (the
        # client's group is made once, and its token never changes).
        self._me: str | None = None
        self._me_lock = asyncio.Lock()

    def _post_form(
        self,
        status: str | UnsetType,
        media_ids: OneOrMany[str] | UnsetType,
        poll: PollOptions | UnsetType,
        in_reply_to_id: str | UnsetType,
        sensitive: bool | UnsetType,
        spoiler_text: str | UnsetType,
        visibility: Visibility | Raw | UnsetType,
        language: str | UnsetType,
        quoted_status_id: str | UnsetType,
        quote_approval_policy: QuotePolicy | Raw | UnsetType,
    ) -> dict[str, object]:
        return {
            "status": status,
            "media_ids": as_array(media_ids),
            "poll": poll,
            "in_reply_to_id": in_reply_to_id,
            "sensitive": sensitive,
            "spoiler_text": spoiler_text,
            "visibility": visibility,
            "language": language,
            "quoted_status_id": quoted_status_id,
            "quote_approval_policy": quote_approval_policy,
        }

    async def create(
        self,
        status: str | UnsetType = UNSET,
        *,
        media_ids: OneOrMany[str] | UnsetType = UNSET,
        poll: PollOptions | UnsetType = UNSET,
        in_reply_to_id: str | UnsetType = UNSET,
        sensitive: bool | UnsetType = UNSET,
        spoiler_text: str | UnsetType = UNSET,
        visibility: Visibility | Raw | UnsetType = UNSET,
        language: str | UnsetType = UNSET,
        quoted_status_id: str | UnsetType = UNSET,
        quote_approval_policy: QuotePolicy | Raw | UnsetType = UNSET,
        idempotency_key: str | None = None,
    ) -> Status:
        """``POST /api/v1/statuses``: publish a status.

        Args:
            status: The text. Needed unless ``media_ids`` or ``poll`` is given.
            media_ids: Ids of uploaded media to attach (not together with ``poll``); one
                id or several, sent as ``media_ids[]``.
            poll: ``{"options": [...], "expires_in": seconds, "multiple": bool,
                "hide_totals": bool}``.
            in_reply_to_id: The status this replies to.
            sensitive: Hide the media behind a warning.
            spoiler_text: A content warning shown before the text.
            visibility: ``public``, ``unlisted``, ``private`` or ``direct``.
            language: ISO 639-1 code of the text.
            quoted_status_id: A status to quote (Mastodon 4.5+).
            quote_approval_policy: Who may quote this: ``public``, ``followers``, ``nobody``.
            idempotency_key: Sent as ``Idempotency-Key``; the server drops a second post
                with the same key (for about an hour). One is made for every call that
                does not pass its own, and the same one is sent on every retry, so a
                retried post never appears twice.

        Docs: https://docs.joinmastodon.org/methods/statuses/#create
        """
        form = self._post_form(
            status,
            media_ids,
            poll,
            in_reply_to_id,
            sensitive,
            spoiler_text,
            visibility,
            language,
            quoted_status_id,
            quote_approval_policy,
        )
        key = idempotency_key or uuid.uuid4().hex
        return await self._requester.call(
            Status, CREATE, form=form, headers={"Idempotency-Key": key}
        )

    async def reply(
        self,
        to: Status,
        text: str,
        *,
        media_ids: OneOrMany[str] | UnsetType = UNSET,
        poll: PollOptions | UnsetType = UNSET,
        sensitive: bool | UnsetType = UNSET,
        spoiler_text: str | UnsetType = UNSET,
        visibility: Visibility | Raw | UnsetType = UNSET,
        language: str | UnsetType = UNSET,
        quoted_status_id: str | UnsetType = UNSET,
        quote_approval_policy: QuotePolicy | Raw | UnsetType = UNSET,
        idempotency_key: str | None = None,
    ) -> Status:
        """``POST /api/v1/statuses`` with ``in_reply_to_id``: reply to a status.

        A reply that answers the people of the conversation and reaches nobody new,
        posted through [`create`][aiomastodon.api.statuses.Statuses.create] (so with its
        Idempotency-Key: a retried reply never appears twice):

        - ``in_reply_to_id`` is ``to.id`` (for a boost, the boosted status: a reply to
          the boost itself would answer a status with no text and no mentions);
        - the text starts with the mentions: the author first, then every account ``to``
          mentions, in its order, each once, never your own account, and none that
          ``text`` already mentions (``acct`` compared case-insensitively; a local
          account written with its domain, ``@alice@example.social``, counts; a bare
          ``@bob`` does not stand for ``bob@elsewhere.social``, because the server would
          read it as the local ``bob``);
        - ``spoiler_text``, ``sensitive`` and ``language`` are the original's unless given;
        - the visibility is the original's, or a narrower one, never wider (public >
          unlisted > private > direct): ``visibility`` is a ceiling. Asking for a wider
          one gives the original's rather than an error, so that a bot answering with
          ``visibility="unlisted"`` answers a followers-only mention followers-only
          instead of failing. A visibility that cannot be ranked (another server's own
          value) gives the original's; a status that names none is answered ``direct``.

        Your own account is found with ``GET /api/v1/accounts/verify_credentials``, sent
        once per client, before the first reply, and kept: that is simpler for every
        caller than passing the account to each reply, and the client's token, so its
        account, never changes.

        Args:
            to: The status to answer.
            text: The reply, without the mentions (any already in it are not repeated).
            sensitive: Hide the media behind a warning; by default as the original.
            spoiler_text: The content warning; by default the original's.
            visibility: The widest audience to allow; by default the original's.
            language: ISO 639-1 code of the text; by default the original's.

        ``media_ids``, ``poll``, ``quoted_status_id``, ``quote_approval_policy`` and
        ``idempotency_key`` are those of [`create`][aiomastodon.api.statuses.Statuses.create].

        Docs: https://docs.joinmastodon.org/methods/statuses/#create
        """
        if to.reblog is not None:
            to = to.reblog
        mentions = _reply_mentions(to, text, await self._my_id())
        status = " ".join([*mentions, text]) if text else " ".join(mentions)
        return await self.create(
            status,
            media_ids=media_ids,
            poll=poll,
            in_reply_to_id=to.id,
            sensitive=to.sensitive if isinstance(sensitive, UnsetType) else sensitive,
            spoiler_text=to.spoiler_text if isinstance(spoiler_text, UnsetType) else spoiler_text,
            visibility=_reply_visibility(to.visibility, visibility),
            language=(to.language or UNSET) if isinstance(language, UnsetType) else language,
            quoted_status_id=quoted_status_id,
            quote_approval_policy=quote_approval_policy,
            idempotency_key=idempotency_key,
        )

    async def _my_id(self) -> str:
        """The id of the token's account (one request per client; see ``reply``)."""
        async with self._me_lock:  # two first replies at once send one request
            if self._me is None:
                me = await self._requester.call(CredentialAccount, VERIFY_CREDENTIALS)
                self._me = me.id
            return self._me

    async def schedule(
        self,
        status: str | UnsetType = UNSET,
        *,
        scheduled_at: datetime,
        media_ids: OneOrMany[str] | UnsetType = UNSET,
        poll: PollOptions | UnsetType = UNSET,
        in_reply_to_id: str | UnsetType = UNSET,
        sensitive: bool | UnsetType = UNSET,
        spoiler_text: str | UnsetType = UNSET,
        visibility: Visibility | Raw | UnsetType = UNSET,
        language: str | UnsetType = UNSET,
        idempotency_key: str | None = None,
    ) -> ScheduledStatus:
        """``POST /api/v1/statuses`` with ``scheduled_at``: publish a status later.

        ``scheduled_at`` must be at least 5 minutes ahead; give it a timezone. The other
        arguments are those of [`create`][aiomastodon.api.statuses.Statuses.create].

        Docs: https://docs.joinmastodon.org/methods/statuses/#create
        """
        if scheduled_at.tzinfo is None:
            raise ValueError("scheduled_at needs a timezone (an aware datetime)")
        form = self._post_form(
            status,
            media_ids,
            poll,
            in_reply_to_id,
            sensitive,
            spoiler_text,
            visibility,
            language,
            UNSET,
            UNSET,
        )
        form["scheduled_at"] = scheduled_at
        key = idempotency_key or uuid.uuid4().hex
        return await self._requester.call(
            ScheduledStatus, CREATE, form=form, headers={"Idempotency-Key": key}
        )

    async def get(self, status_id: str, /) -> Status:
        """``GET /api/v1/statuses/:id``: one status.

        Docs: https://docs.joinmastodon.org/methods/statuses/#get
        """
        return await self._requester.call(Status, GET, status_id)

    async def delete(self, status_id: str, /, *, delete_media: bool | UnsetType = UNSET) -> Status:
        """``DELETE /api/v1/statuses/:id``: delete one of your statuses.

        Returns the deleted status with its source text, for "delete and redraft".
        Spends the status-deletion rate limit (30 per 30 minutes).

        Args:
            delete_media: Also delete the media at once, instead of keeping it for a redraft.

        Docs: https://docs.joinmastodon.org/methods/statuses/#delete
        """
        return await self._requester.call(
            Status, DELETE, status_id, query={"delete_media": delete_media}
        )

    async def context(self, status_id: str, /) -> Context:
        """``GET /api/v1/statuses/:id/context``: the ancestors and descendants of a status.

        Docs: https://docs.joinmastodon.org/methods/statuses/#context
        """
        return await self._requester.call(Context, CONTEXT, status_id)

    async def card(self, status_id: str, /) -> PreviewCard | None:
        """``GET /api/v1/statuses/:id/card``: the preview card of a status (legacy).

        Removed in Mastodon 3.0: current servers answer 404; read ``Status.card`` instead.
        Old servers answer ``{}`` when there is no card, which gives ``None``.

        Docs: https://docs.joinmastodon.org/methods/statuses/#card
        """
        warnings.warn(
            "GET /api/v1/statuses/:id/card was removed in Mastodon 3.0; read Status.card",
            DeprecationWarning,
            stacklevel=2,
        )
        response = await self._requester.send(CARD, status_id)
        if is_empty(response):
            return None
        return decode_body(response, PreviewCard)

    def reblogged_by(
        self,
        status_id: str,
        /,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
    ) -> Paginator[Account]:
        """``GET /api/v1/statuses/:id/reblogged_by``: who boosted a status.

        Pages through the ``Link`` header (the cursors are hidden ids).

        Args:
            limit: Accounts per page (default 40, at most 80).

        ``max_id``, ``since_id``: ``Link`` [cursors][aiomastodon.pagination.Paginator].

        Docs: https://docs.joinmastodon.org/methods/statuses/#reblogged_by
        """
        return Paginator(
            self._requester,
            REBLOGGED_BY,
            Account,
            (status_id,),
            query=cursor_query(limit, max_id, since_id),
        )

    def favourited_by(
        self,
        status_id: str,
        /,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
    ) -> Paginator[Account]:
        """``GET /api/v1/statuses/:id/favourited_by``: who favourited a status.

        Pages through the ``Link`` header (the cursors are hidden ids).

        Args:
            limit: Accounts per page (default 40, at most 80).

        ``max_id``, ``since_id``: ``Link`` [cursors][aiomastodon.pagination.Paginator].

        Docs: https://docs.joinmastodon.org/methods/statuses/#favourited_by
        """
        return Paginator(
            self._requester,
            FAVOURITED_BY,
            Account,
            (status_id,),
            query=cursor_query(limit, max_id, since_id),
        )

    async def favourite(self, status_id: str, /) -> Status:
        """``POST /api/v1/statuses/:id/favourite``: favourite a status.

        Docs: https://docs.joinmastodon.org/methods/statuses/#favourite
        """
        return await self._requester.call(Status, FAVOURITE, status_id)

    async def unfavourite(self, status_id: str, /) -> Status:
        """``POST /api/v1/statuses/:id/unfavourite``: undo a favourite.

        Docs: https://docs.joinmastodon.org/methods/statuses/#unfavourite
        """
        return await self._requester.call(Status, UNFAVOURITE, status_id)

    async def reblog(
        self, status_id: str, /, *, visibility: ReblogVisibility | Raw | UnsetType = UNSET
    ) -> Status:
        """``POST /api/v1/statuses/:id/reblog``: boost a status.

        Returns the boost: a new status whose ``reblog`` is the boosted one.

        Args:
            visibility: ``public``, ``unlisted`` or ``private``.

        Docs: https://docs.joinmastodon.org/methods/statuses/#boost
        """
        return await self._requester.call(
            Status, REBLOG, status_id, form={"visibility": visibility}
        )

    async def unreblog(self, status_id: str, /) -> Status:
        """``POST /api/v1/statuses/:id/unreblog``: undo a boost.

        Spends the status-deletion rate limit (undoing a boost deletes the boost).

        Docs: https://docs.joinmastodon.org/methods/statuses/#unreblog
        """
        return await self._requester.call(Status, UNREBLOG, status_id)

    async def mute(self, status_id: str, /) -> Status:
        """``POST /api/v1/statuses/:id/mute``: stop notifications about a conversation.

        Docs: https://docs.joinmastodon.org/methods/statuses/#mute
        """
        return await self._requester.call(Status, MUTE, status_id)

    async def unmute(self, status_id: str, /) -> Status:
        """``POST /api/v1/statuses/:id/unmute``: notify about a conversation again.

        Docs: https://docs.joinmastodon.org/methods/statuses/#unmute
        """
        return await self._requester.call(Status, UNMUTE, status_id)

    async def pin(self, status_id: str, /) -> Status:
        """``POST /api/v1/statuses/:id/pin``: feature a status on your profile.

        Docs: https://docs.joinmastodon.org/methods/statuses/#pin
        """
        return await self._requester.call(Status, PIN, status_id)

    async def unpin(self, status_id: str, /) -> Status:
        """``POST /api/v1/statuses/:id/unpin``: unfeature a status.

        Docs: https://docs.joinmastodon.org/methods/statuses/#unpin
        """
        return await self._requester.call(Status, UNPIN, status_id)

    async def get_many(self, ids: OneOrMany[str]) -> list[Status]:
        """``GET /api/v1/statuses``: several statuses by id, in one request (Mastodon 4.3+).

        Statuses the server does not know, or that you may not see, are left out.

        Args:
            ids: One status id or several (sent as ``id[]``).

        Docs: https://docs.joinmastodon.org/methods/statuses/#index
        """
        return await self._requester.call(list[Status], GET_MANY, query={"id": as_array(ids)})

    async def edit(
        self,
        status_id: str,
        /,
        *,
        status: str | UnsetType = UNSET,
        spoiler_text: str | UnsetType = UNSET,
        sensitive: bool | UnsetType = UNSET,
        language: str | UnsetType = UNSET,
        media_ids: OneOrMany[str] | UnsetType = UNSET,
        media_attributes: Sequence[MediaAttributes] | UnsetType = UNSET,
        poll: PollOptions | UnsetType = UNSET,
        quote_approval_policy: QuotePolicy | Raw | UnsetType = UNSET,
    ) -> Status:
        """``PUT /api/v1/statuses/:id``: edit one of your statuses (Mastodon 3.5+).

        The edit replaces the status: send the text, and the media or poll to keep,
        not only what changes (an edit without ``media_ids`` drops the media). Each
        edit is kept in [`history`][aiomastodon.api.statuses.Statuses.history];
        [`source`][aiomastodon.api.statuses.Statuses.source] gives the plain text to edit.

        Args:
            status: The new text.
            spoiler_text: The new content warning.
            sensitive: Hide the media behind a warning.
            language: ISO 639-1 code of the text.
            media_ids: The attachments to keep or add, in order (not with ``poll``).
            media_attributes: New alt text or focal points of attachments, sent as
                ``media_attributes[][id]``, ``media_attributes[][description]``,
                ``media_attributes[][focus]``.
            poll: The poll, as in [`create`][aiomastodon.api.statuses.Statuses.create]; changing its
                options resets the votes.
            quote_approval_policy: Who may quote it: ``public``, ``followers`` or
                ``nobody`` (Mastodon 4.5+).

        Docs: https://docs.joinmastodon.org/methods/statuses/#edit
        """
        attributes = (
            media_attributes
            if isinstance(media_attributes, UnsetType)
            else [item._params() for item in media_attributes]
        )
        form = {
            "status": status,
            "spoiler_text": spoiler_text,
            "sensitive": sensitive,
            "language": language,
            "media_ids": as_array(media_ids),
            "media_attributes": attributes,
            "poll": poll,
            "quote_approval_policy": quote_approval_policy,
        }
        return await self._requester.call(Status, EDIT, status_id, form=form)

    async def history(self, status_id: str, /) -> list[StatusEdit]:
        """``GET /api/v1/statuses/:id/history``: every revision of a status, oldest first.

        The last entry is the current version.

        Docs: https://docs.joinmastodon.org/methods/statuses/#history
        """
        return await self._requester.call(list[StatusEdit], HISTORY, status_id)

    async def source(self, status_id: str, /) -> StatusSource:
        """``GET /api/v1/statuses/:id/source``: the plain text of your status, to edit it.

        Docs: https://docs.joinmastodon.org/methods/statuses/#source
        """
        return await self._requester.call(StatusSource, SOURCE, status_id)

    async def translate(self, status_id: str, /, *, lang: str | UnsetType = UNSET) -> Translation:
        """``POST /api/v1/statuses/:id/translate``: machine-translate a status (Mastodon 4.0+).

        Needs a translation service on the server (``configuration.translation`` of
        the instance says whether there is one); only public and unlisted statuses.

        Args:
            lang: The language to translate into (ISO 639-1); by default your locale.

        Docs: https://docs.joinmastodon.org/methods/statuses/#translate
        """
        return await self._requester.call(Translation, TRANSLATE, status_id, form={"lang": lang})

    async def bookmark(self, status_id: str, /) -> Status:
        """``POST /api/v1/statuses/:id/bookmark``: bookmark a status.

        Your bookmarks are at ``client.bookmarks``.

        Docs: https://docs.joinmastodon.org/methods/statuses/#bookmark
        """
        return await self._requester.call(Status, BOOKMARK, status_id)

    async def unbookmark(self, status_id: str, /) -> Status:
        """``POST /api/v1/statuses/:id/unbookmark``: remove a bookmark.

        Docs: https://docs.joinmastodon.org/methods/statuses/#unbookmark
        """
        return await self._requester.call(Status, UNBOOKMARK, status_id)

    def quotes(
        self,
        status_id: str,
        /,
        *,
        limit: int | UnsetType = UNSET,
        max_id: str | UnsetType = UNSET,
        since_id: str | UnsetType = UNSET,
    ) -> Paginator[Status]:
        """``GET /api/v1/statuses/:id/quotes``: the statuses that quote a status (Mastodon 4.5+).

        Pages through the ``Link`` header (the cursors are hidden ids).

        Args:
            limit: Statuses per page (default 20, at most 40).

        ``max_id``, ``since_id``: ``Link`` [cursors][aiomastodon.pagination.Paginator].

        Docs: https://docs.joinmastodon.org/methods/statuses/#quotes
        """
        return Paginator(
            self._requester,
            QUOTES,
            Status,
            (status_id,),
            query=cursor_query(limit, max_id, since_id),
        )

    async def revoke_quote(self, status_id: str, quoting_status_id: str, /) -> Status:
        """``POST /api/v1/statuses/:id/quotes/:quoting_status_id/revoke``: revoke a quote.

        Revokes another account's quote of your status (Mastodon 4.5+). Returns the
        quoting status, whose ``quote`` is now ``revoked``.

        Args:
            status_id: Your status, the one quoted.
            quoting_status_id: The status that quotes it.

        Docs: https://docs.joinmastodon.org/methods/statuses/#revoke_quote
        """
        return await self._requester.call(Status, REVOKE_QUOTE, status_id, quoting_status_id)

    async def edit_interaction_policy(
        self, status_id: str, /, *, quote_approval_policy: QuotePolicy | Raw | UnsetType = UNSET
    ) -> Status:
        """``PUT /api/v1/statuses/:id/interaction_policy``: change who may quote your status.

        Mastodon 4.5+; changes the policy without an edit (and without a new revision).
        Private and direct statuses cannot be quoted whatever the policy.

        Args:
            quote_approval_policy: ``public``, ``followers`` or ``nobody``.

        Docs: https://docs.joinmastodon.org/methods/statuses/#edit_interaction_policy
        """
        form = {"quote_approval_policy": quote_approval_policy}
        return await self._requester.call(Status, EDIT_INTERACTION_POLICY, status_id, form=form)
