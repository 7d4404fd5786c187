"""What the fake server knows: accounts, statuses and what people did with them.

Plain records, and a ``World`` whose methods are the server's own logic, as Mastodon
has it:

- **Visibility.** ``public`` and ``unlisted`` statuses are seen by anyone; ``private`` by
  the author, their followers and the accounts it mentions; ``direct`` by the author and
  the accounts it mentions. A status someone may not see does not exist for them (404).
- **Notifications** are made here, never by the test: ``mention`` for each account a new
  status mentions, ``favourite`` and ``reblog`` for the author of the status acted on,
  ``follow`` for the account followed, ``status`` for followers who asked to be notified,
  ``update`` for those who boosted a status that is then edited. Nobody is notified of
  their own actions.
- **Idempotency.** A status created with an ``Idempotency-Key`` that the same account
  used in the last hour is not created again: the first one is the answer.
- **Blocks, mutes, follow requests.** Following a locked account is a request (a
  ``follow_request`` notification) until the account authorizes it. Blocking ends the
  follows and requests between the two accounts either way, and drops the
  notifications the blocked account sent. Blocked and muted accounts' statuses (and
  boosts of them) are left out of the home feed, and they notify nobody who blocked
  them or muted them (with notifications). Domain blocks are kept and listed, but
  every account here is local, so they hide nothing.
- **Feeds** are worked out when asked (who follows whom now), newest first; see
  ``World.home()`` and the others for Mastodon's rules on replies and boosts.

Every change is told to the ``Listener`` (the streaming side), which decides who
hears of it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal, Protocol

from .encoding import Snowflakes
from .markup import hashtags, mentioned

__all__ = [
    "Account",
    "ApiError",
    "Block",
    "Bookmark",
    "DomainBlock",
    "Edit",
    "Favourite",
    "Follow",
    "FollowRequest",
    "Listener",
    "Media",
    "MemberList",
    "Mute",
    "Notification",
    "NotificationType",
    "Status",
    "Visibility",
    "World",
]

Visibility = Literal["public", "unlisted", "private", "direct"]
NotificationType = Literal[
    "mention", "status", "reblog", "follow", "follow_request", "favourite", "update"
]
RepliesPolicy = Literal["followed", "list", "none"]
REPLIES_POLICIES: tuple[RepliesPolicy, ...] = ("followed", "list", "none")
VISIBILITIES: tuple[Visibility, ...] = ("public", "unlisted", "private", "direct")
IDEMPOTENCY_SECONDS = 3600.0
MAX_CHARACTERS = 500


class ApiError(Exception):
    """An answer of Mastodon's error form: ``status`` with ``{"error": message}``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


NOT_FOUND = "Record not found"
NOT_ALLOWED = "This action is not allowed"


def not_found() -> ApiError:
    return ApiError(404, NOT_FOUND)


@dataclass(eq=False)
class Account:
    """A local account, with the token that acts as it."""

    id: str
    username: str
    display_name: str
    token: str
    created_at: float
    note: str = ""
    locked: bool = False
    bot: bool = False


@dataclass(eq=False)
class Media:
    """An uploaded file: its bytes, and whether the server has processed it."""

    id: str
    owner: Account
    data: bytes
    filename: str
    content_type: str
    description: str | None = None
    focus: tuple[float, float] | None = None
    ready: bool = False
    status: Status | None = None

    @property
    def type(self) -> str:
        """Mastodon's attachment type, from the file's media type."""
        major = self.content_type.split("/", 1)[0]
        if self.content_type == "image/gif":
            return "gifv"
        return major if major in ("image", "video", "audio") else "unknown"


@dataclass(eq=False)
class Edit:
    """One version of a status, for ``GET /api/v1/statuses/:id/history``."""

    text: str
    spoiler_text: str
    sensitive: bool
    created_at: float
    media: list[Media]


@dataclass(eq=False)
class Status:
    """A status, or a boost (``reblog`` set, no text of its own)."""

    id: str
    seq: int
    account: Account
    text: str
    visibility: Visibility
    created_at: float
    spoiler_text: str = ""
    sensitive: bool = False
    language: str | None = "en"
    in_reply_to: Status | None = None
    reblog: Status | None = None
    mentions: list[Account] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    media: list[Media] = field(default_factory=list)
    edited_at: float | None = None
    edits: list[Edit] = field(default_factory=list)
    pinned: bool = False
    deleted: bool = False

    @property
    def is_reply_to_other(self) -> bool:
        """A reply to someone else's status (a self-reply continues a thread)."""
        return self.in_reply_to is not None and self.in_reply_to.account is not self.account


@dataclass(eq=False)
class Favourite:
    id: int
    account: Account
    status: Status


@dataclass(eq=False)
class Bookmark:
    id: int
    account: Account
    status: Status


@dataclass(eq=False)
class Follow:
    id: int
    account: Account
    target: Account
    notify: bool = False
    reblogs: bool = True


@dataclass(eq=False)
class FollowRequest:
    """``account`` asked to follow the locked ``target``."""

    id: int
    account: Account
    target: Account
    notify: bool = False
    reblogs: bool = True


@dataclass(eq=False)
class Block:
    id: int
    account: Account
    target: Account


@dataclass(eq=False)
class Mute:
    id: int
    account: Account
    target: Account
    notifications: bool = True
    expires_at: float | None = None


@dataclass(eq=False)
class DomainBlock:
    id: int
    account: Account
    domain: str


@dataclass(eq=False)
class Notification:
    id: int
    type: NotificationType
    recipient: Account
    account: Account
    created_at: float
    status: Status | None = None


@dataclass(eq=False)
class ListMember:
    id: int
    account: Account


@dataclass(eq=False)
class MemberList:
    id: str
    owner: Account
    title: str
    replies_policy: RepliesPolicy = "list"
    exclusive: bool = False
    members: list[ListMember] = field(default_factory=list)

    def has(self, account: Account) -> bool:
        return any(m.account is account for m in self.members)


class Listener(Protocol):
    """Told of every change, in order (the streaming side)."""

    def status_created(self, status: Status) -> None: ...
    def status_updated(self, status: Status) -> None: ...
    def status_deleted(self, status: Status) -> None: ...
    def notified(self, notification: Notification) -> None: ...


class _Nobody:
    def status_created(self, status: Status) -> None:
        pass

    def status_updated(self, status: Status) -> None:
        pass

    def status_deleted(self, status: Status) -> None:
        pass

    def notified(self, notification: Notification) -> None:
        pass


class World:
    """The server's state and its rules. Times come from ``clock`` (epoch seconds)."""

    def __init__(self, clock: Callable[[], float], listener: Listener | None = None) -> None:
        self.clock = clock
        self.listener: Listener = listener or _Nobody()
        self.snowflakes = Snowflakes(clock)
        self.accounts: dict[str, Account] = {}
        self.statuses: dict[str, Status] = {}
        self.favourites: list[Favourite] = []
        self.bookmarks: list[Bookmark] = []
        self.follows: list[Follow] = []
        self.follow_requests: list[FollowRequest] = []
        self.blocks: list[Block] = []
        self.mutes: list[Mute] = []
        self.domain_blocks: list[DomainBlock] = []
        self.notifications: list[Notification] = []
        self.lists: dict[str, MemberList] = {}
        self.media: dict[str, Media] = {}
        self._keys: dict[tuple[str, str], tuple[Status, float]] = {}
        self._serials: dict[str, Iterator[int]] = {}
        self._seq = itertools.count()
        self.version = 0
        self._indexed: tuple[int, dict[str, list[Status]], dict[str, list[Status]]] = (-1, {}, {})
        """Bumped by every change to who posted or follows what (for caches)."""

    def serial(self, table: str) -> int:
        """The next id of a serially numbered table (favourites, follows, ...)."""
        return next(self._serials.setdefault(table, itertools.count(1)))

    # --- accounts ---------------------------------------------------------------------

    def add_account(
        self,
        username: str,
        *,
        token: str,
        display_name: str | None = None,
        note: str = "",
        locked: bool = False,
        bot: bool = False,
    ) -> Account:
        """A new local account."""
        if any(a.username.lower() == username.lower() for a in self.accounts.values()):
            raise ValueError(f"an account named {username!r} exists already")
        account = Account(
            self.snowflakes.next(),
            username,
            display_name if display_name is not None else username.capitalize(),
            token,
            self.clock(),
            note=note,
            locked=locked,
            bot=bot,
        )
        self.accounts[account.id] = account
        self.version += 1
        return account

    def named(self, username: str) -> Account:
        """The account called ``username`` (a leading ``@`` is allowed)."""
        name = username.removeprefix("@").lower()
        for account in self.accounts.values():
            if account.username.lower() == name:
                return account
        raise LookupError(f"no account named {username!r}")

    def by_token(self, token: str) -> Account | None:
        return next((a for a in self.accounts.values() if a.token == token), None)

    def account(self, account_id: str) -> Account:
        try:
            return self.accounts[account_id]
        except KeyError:
            raise not_found() from None

    # --- who sees what ------------------------------------------------------------------

    def following(self, account: Account, target: Account) -> bool:
        return any(f.account is account and f.target is target for f in self.follows)

    def followers(self, account: Account) -> list[Account]:
        return [f.account for f in self.follows if f.target is account]

    def can_see(self, viewer: Account | None, status: Status) -> bool:
        """Whether ``viewer`` (``None``: anonymous) may see ``status`` at all."""
        if status.deleted:
            return False
        if status.reblog is not None and not self.can_see(viewer, status.reblog):
            return False
        if status.visibility in ("public", "unlisted"):
            return True
        if viewer is None:
            return False
        if viewer is status.account or viewer in status.mentions:
            return True
        return status.visibility == "private" and self.following(viewer, status.account)

    def status(self, status_id: str, viewer: Account | None) -> Status:
        """The status ``viewer`` asked for, or Mastodon's 404."""
        status = self.statuses.get(status_id)
        if status is None or not self.can_see(viewer, status):
            raise not_found()
        return status

    # --- statuses ------------------------------------------------------------------------

    def post(
        self,
        author: Account,
        text: str,
        *,
        visibility: Visibility = "public",
        in_reply_to: Status | None = None,
        spoiler_text: str = "",
        sensitive: bool = False,
        language: str | None = "en",
        media: list[Media] | None = None,
        idempotency_key: str | None = None,
    ) -> Status:
        """A new status by ``author``, with its notifications and stream events."""
        if idempotency_key:
            known = self._keys.get((author.id, idempotency_key))
            if known is not None and self.clock() - known[1] < IDEMPOTENCY_SECONDS:
                return known[0]
        media = media or []
        self._check_text(text, media)
        if visibility not in VISIBILITIES:
            raise ApiError(422, f"Validation failed: Visibility '{visibility}' is not valid")
        self._check_media(author, media)
        status = Status(
            self.snowflakes.next(),
            next(self._seq),
            author,
            text,
            visibility,
            self.clock(),
            spoiler_text=spoiler_text,
            sensitive=sensitive or bool(spoiler_text),
            language=language,
            in_reply_to=in_reply_to,
            mentions=[a for a in mentioned(text, self.named_or_none) if a is not author],
            tags=hashtags(text),
            media=media,
        )
        for attachment in media:
            attachment.status = status
        self.statuses[status.id] = status
        self.version += 1
        if idempotency_key:
            self._keys[(author.id, idempotency_key)] = (status, self.clock())
        self.listener.status_created(status)
        for account in status.mentions:
            self.notify(account, "mention", author, status)
        if visibility in ("public", "unlisted", "private"):
            for follow in self.follows:
                if (
                    follow.target is author
                    and follow.notify
                    and follow.account not in status.mentions
                ):
                    self.notify(follow.account, "status", author, status)
        return status

    def named_or_none(self, username: str) -> Account | None:
        try:
            return self.named(username)
        except LookupError:
            return None

    @staticmethod
    def _check_text(text: str, media: list[Media]) -> None:
        if not text.strip() and not media:
            raise ApiError(422, "Validation failed: Text can't be blank")
        if len(text) > MAX_CHARACTERS:
            raise ApiError(
                422, f"Validation failed: Text character limit of {MAX_CHARACTERS} exceeded"
            )

    @staticmethod
    def _check_media(author: Account, media: list[Media]) -> None:
        for attachment in media:
            if attachment.owner is not author:
                raise not_found()
            if not attachment.ready:
                raise ApiError(
                    422,
                    "Cannot attach files that have not finished processing. Try again in a moment!",
                )

    def edit(
        self,
        status: Status,
        editor: Account,
        *,
        text: str,
        spoiler_text: str | None = None,
        sensitive: bool | None = None,
        language: str | None = None,
        media: list[Media] | None = None,
    ) -> Status:
        """A new version of ``status``; the old one goes to its history."""
        if status.account is not editor or status.reblog is not None:
            raise ApiError(403, NOT_ALLOWED)
        new_media = status.media if media is None else media
        self._check_text(text, new_media)
        self._check_media(editor, [m for m in new_media if m not in status.media])
        if not status.edits:
            status.edits.append(self.snapshot(status, status.created_at))
        status.text = text
        if spoiler_text is not None:
            status.spoiler_text = spoiler_text
        if sensitive is not None:
            status.sensitive = sensitive
        if language is not None:
            status.language = language
        status.media = list(new_media)
        status.tags = hashtags(text)
        status.mentions = [a for a in mentioned(text, self.named_or_none) if a is not editor]
        status.edited_at = self.clock()
        status.edits.append(self.snapshot(status, status.edited_at))
        self.listener.status_updated(status)
        for boost in self.boosts_of(status):
            self.notify(boost.account, "update", editor, status)
        return status

    @staticmethod
    def snapshot(status: Status, when: float) -> Edit:
        return Edit(status.text, status.spoiler_text, status.sensitive, when, list(status.media))

    def delete(self, status: Status, by: Account) -> Status:
        """Delete ``status`` (and the boosts of it); its notifications go too."""
        if status.account is not by:
            raise ApiError(403, NOT_ALLOWED)
        for boost in self.boosts_of(status):
            self._remove(boost)
        self._remove(status)
        return status

    def _remove(self, status: Status) -> None:
        self.listener.status_deleted(status)  # while who saw it can still be worked out
        status.deleted = True
        self.version += 1
        self.notifications = [n for n in self.notifications if n.status is not status]
        self.favourites = [f for f in self.favourites if f.status is not status]
        self.bookmarks = [b for b in self.bookmarks if b.status is not status]

    def boosts_of(self, status: Status) -> list[Status]:
        return self._index()[0].get(status.id, [])

    def replies_to(self, status: Status) -> list[Status]:
        return self._index()[1].get(status.id, [])

    def _index(self) -> tuple[dict[str, list[Status]], dict[str, list[Status]]]:
        """Boosts and replies by status id, rebuilt when ``version`` changes."""
        if self._indexed[0] != self.version:
            boosts: dict[str, list[Status]] = {}
            replies: dict[str, list[Status]] = {}
            for status in self.statuses.values():
                if status.deleted:
                    continue
                if status.reblog is not None:
                    boosts.setdefault(status.reblog.id, []).append(status)
                if status.in_reply_to is not None:
                    replies.setdefault(status.in_reply_to.id, []).append(status)
            self._indexed = (self.version, boosts, replies)
        return self._indexed[1], self._indexed[2]

    # --- interactions --------------------------------------------------------------------

    def favourite(self, account: Account, status: Status) -> Status:
        status = status.reblog or status
        if not self.favourited(account, status):
            self.favourites.append(Favourite(self.serial("favourites"), account, status))
            self.notify(status.account, "favourite", account, status)
        return status

    def unfavourite(self, account: Account, status: Status) -> Status:
        status = status.reblog or status
        self.favourites = [
            f for f in self.favourites if not (f.account is account and f.status is status)
        ]
        return status

    def favourited(self, account: Account, status: Status) -> bool:
        return any(f.account is account and f.status is status for f in self.favourites)

    def reblog(self, account: Account, status: Status, visibility: Visibility = "public") -> Status:
        """The boost of ``status`` by ``account`` (made once: boosting again returns it)."""
        status = status.reblog or status
        if status.visibility == "direct" or (
            status.visibility == "private" and status.account is not account
        ):
            raise ApiError(403, NOT_ALLOWED)
        existing = self.boost_by(account, status)
        if existing is not None:
            return existing
        boost = Status(
            self.snowflakes.next(),
            next(self._seq),
            account,
            "",
            visibility if visibility in VISIBILITIES else "public",
            self.clock(),
            reblog=status,
            language=None,
        )
        self.statuses[boost.id] = boost
        self.version += 1
        self.listener.status_created(boost)
        self.notify(status.account, "reblog", account, status)
        return boost

    def unreblog(self, account: Account, status: Status) -> Status:
        status = status.reblog or status
        boost = self.boost_by(account, status)
        if boost is not None:
            self._remove(boost)
        return status

    def boost_by(self, account: Account, status: Status) -> Status | None:
        return next((b for b in self.boosts_of(status) if b.account is account), None)

    def bookmark(self, account: Account, status: Status) -> Status:
        status = status.reblog or status
        if not self.bookmarked(account, status):
            self.bookmarks.append(Bookmark(self.serial("bookmarks"), account, status))
        return status

    def unbookmark(self, account: Account, status: Status) -> Status:
        status = status.reblog or status
        self.bookmarks = [
            b for b in self.bookmarks if not (b.account is account and b.status is status)
        ]
        return status

    def bookmarked(self, account: Account, status: Status) -> bool:
        return any(b.account is account and b.status is status for b in self.bookmarks)

    def follow(
        self, account: Account, target: Account, *, notify: bool = False, reblogs: bool = True
    ) -> Follow | FollowRequest:
        """Follow ``target``, or ask to if it is locked (Mastodon's 403 if either blocks
        the other)."""
        if account is target or self.blocking(account, target) or self.blocking(target, account):
            raise ApiError(403, NOT_ALLOWED)
        for follow in self.follows:
            if follow.account is account and follow.target is target:
                follow.notify, follow.reblogs = notify, reblogs
                return follow
        if target.locked:
            asked = self.follow_request(account, target)
            if asked is None:
                asked = FollowRequest(self.serial("follow_requests"), account, target)
                self.follow_requests.append(asked)
                self.notify(target, "follow_request", account, None)
            asked.notify, asked.reblogs = notify, reblogs
            return asked
        return self._add_follow(account, target, notify=notify, reblogs=reblogs)

    def _add_follow(
        self, account: Account, target: Account, *, notify: bool, reblogs: bool
    ) -> Follow:
        follow = Follow(self.serial("follows"), account, target, notify, reblogs)
        self.follows.append(follow)
        self.version += 1
        self.notify(target, "follow", account, None)
        return follow

    def follow_request(self, account: Account, target: Account) -> FollowRequest | None:
        """``account``'s pending request to follow ``target``, if any."""
        return next(
            (r for r in self.follow_requests if r.account is account and r.target is target),
            None,
        )

    def answer_request(self, target: Account, account: Account, *, accept: bool) -> None:
        """``target`` authorizes (``accept``) or rejects ``account``'s request (404 if none)."""
        asked = self.follow_request(account, target)
        if asked is None:
            raise not_found()
        self.follow_requests.remove(asked)
        if accept:
            self._add_follow(account, target, notify=asked.notify, reblogs=asked.reblogs)

    # --- blocks, mutes, domain blocks -----------------------------------------------------

    def blocking(self, account: Account, target: Account) -> bool:
        return any(b.account is account and b.target is target for b in self.blocks)

    def mute_of(self, account: Account, target: Account) -> Mute | None:
        """``account``'s mute of ``target`` still in force (one past its end is gone)."""
        now = self.clock()
        return next(
            (
                m
                for m in self.mutes
                if m.account is account
                and m.target is target
                and (m.expires_at is None or m.expires_at > now)
            ),
            None,
        )

    def block(self, account: Account, target: Account) -> None:
        """``account`` blocks ``target``: the follows and requests between them end."""
        if account is target:
            raise ApiError(403, NOT_ALLOWED)
        if not self.blocking(account, target):
            self.blocks.append(Block(self.serial("blocks"), account, target))
        self.unfollow(account, target)
        self.unfollow(target, account)
        self.follow_requests = [
            r for r in self.follow_requests if {r.account, r.target} != {account, target}
        ]
        # As Mastodon's AfterBlockService: what the blocked one sent you before goes too.
        self.notifications = [
            n for n in self.notifications if not (n.recipient is account and n.account is target)
        ]
        self.version += 1

    def unblock(self, account: Account, target: Account) -> None:
        self.blocks = [b for b in self.blocks if not (b.account is account and b.target is target)]
        self.version += 1

    def mute(
        self,
        account: Account,
        target: Account,
        *,
        notifications: bool = True,
        duration: float = 0,
    ) -> None:
        """``account`` mutes ``target`` (for ``duration`` seconds; 0: until unmuted).
        Muting again changes the mute in place, as Mastodon does."""
        if account is target:
            raise ApiError(403, NOT_ALLOWED)
        expires = self.clock() + duration if duration > 0 else None
        for mute in self.mutes:
            if mute.account is account and mute.target is target:
                mute.notifications, mute.expires_at = notifications, expires
                break
        else:
            self.mutes.append(Mute(self.serial("mutes"), account, target, notifications, expires))
        self.version += 1

    def unmute(self, account: Account, target: Account) -> None:
        self.mutes = [m for m in self.mutes if not (m.account is account and m.target is target)]
        self.version += 1

    def block_domain(self, account: Account, domain: str) -> None:
        domain = domain.strip().lower()
        if not domain:
            raise ApiError(422, "Validation failed: Domain can't be blank")
        if not any(d.account is account and d.domain == domain for d in self.domain_blocks):
            self.domain_blocks.append(DomainBlock(self.serial("domain_blocks"), account, domain))

    def unblock_domain(self, account: Account, domain: str) -> None:
        domain = domain.strip().lower()
        self.domain_blocks = [
            d for d in self.domain_blocks if not (d.account is account and d.domain == domain)
        ]

    def hides(self, viewer: Account, author: Account) -> bool:
        """Whether ``viewer`` blocked or muted ``author`` (their posts leave the home feed)."""
        return self.blocking(viewer, author) or self.mute_of(viewer, author) is not None

    def excludes(self, viewer: Account | None, author: Account) -> bool:
        """Whether ``author``'s posts are kept from ``viewer``'s public and hashtag
        timelines and streams: as Mastodon's ``excluded_from_timeline_account_ids``,
        whom the viewer blocks or mutes and who blocks the viewer. (Its domain blocks
        exclude remote accounts of the domain; every account here is local.)"""
        if viewer is None or viewer is author:
            return False
        return self.hides(viewer, author) or self.blocking(author, viewer)

    def unfollow(self, account: Account, target: Account) -> None:
        """Stop following ``target``, or withdraw the request to."""
        self.version += 1
        self.follow_requests = [
            r for r in self.follow_requests if not (r.account is account and r.target is target)
        ]
        self.follows = [
            f for f in self.follows if not (f.account is account and f.target is target)
        ]
        for member_list in self.lists.values():
            if member_list.owner is account:
                member_list.members = [m for m in member_list.members if m.account is not target]

    def notify(
        self,
        recipient: Account,
        kind: NotificationType,
        account: Account,
        status: Status | None,
    ) -> Notification | None:
        if recipient is account or self.blocking(recipient, account):
            return None
        mute = self.mute_of(recipient, account)
        if mute is not None and mute.notifications:
            return None
        notification = Notification(
            self.serial("notifications"), kind, recipient, account, self.clock(), status
        )
        self.notifications.append(notification)
        self.listener.notified(notification)
        return notification

    # --- lists ---------------------------------------------------------------------------

    def create_list(
        self,
        owner: Account,
        title: str,
        *,
        replies_policy: RepliesPolicy = "list",
        exclusive: bool = False,
    ) -> MemberList:
        if not title.strip():
            raise ApiError(422, "Validation failed: Title can't be blank")
        member_list = MemberList(str(self.serial("lists")), owner, title, replies_policy, exclusive)
        self.lists[member_list.id] = member_list
        return member_list

    def own_list(self, owner: Account, list_id: str) -> MemberList:
        member_list = self.lists.get(list_id)
        if member_list is None or member_list.owner is not owner:
            raise not_found()
        return member_list

    def add_to_list(self, member_list: MemberList, accounts: list[Account]) -> None:
        """Add accounts the list's owner follows (Mastodon refuses the others)."""
        for account in accounts:
            if not self.following(member_list.owner, account):
                raise not_found()
            if member_list.has(account):
                raise ApiError(422, "Validation failed: Account has already been taken")
        for account in accounts:
            member_list.members.append(ListMember(self.serial("list_accounts"), account))

    # --- feeds (newest first) ------------------------------------------------------------

    def _newest(self) -> list[Status]:
        return sorted(
            (s for s in self.statuses.values() if not s.deleted),
            key=lambda s: int(s.id),
            reverse=True,
        )

    def in_home(self, viewer: Account, status: Status) -> bool:
        """Mastodon's home feed: your own posts, and those of whom you follow, but not
        their replies to people you do not follow, nor boosts of your own posts."""
        author = status.account
        if viewer is not author and (
            self.hides(viewer, author)
            or (status.reblog is not None and self.hides(viewer, status.reblog.account))
        ):
            return False
        if status.visibility == "direct":
            return viewer is author or viewer in status.mentions
        if viewer is author:
            return status.reblog is None or status.reblog.account is not viewer
        follow = next((f for f in self.follows if f.account is viewer and f.target is author), None)
        if follow is None or not self.can_see(viewer, status):
            return False
        if status.reblog is not None:
            return follow.reblogs and status.reblog.account is not viewer
        return self._reply_ok(viewer, status)

    def _reply_ok(self, viewer: Account, status: Status) -> bool:
        if not status.is_reply_to_other or status.in_reply_to is None:
            return True
        other = status.in_reply_to.account
        return other is viewer or self.following(viewer, other)

    def home(self, viewer: Account) -> list[Status]:
        return [s for s in self._newest() if self.in_home(viewer, s)]

    @staticmethod
    def in_public(status: Status) -> bool:
        """The public timelines and streams: public originals that are not replies to
        others (self-replies continue a thread and stay)."""
        return (
            status.visibility == "public" and status.reblog is None and not status.is_reply_to_other
        )

    def public(
        self, viewer: Account | None = None, *, only_media: bool = False, remote: bool = False
    ) -> list[Status]:
        if remote:
            return []  # every account here is local
        return [
            s
            for s in self._newest()
            if self.in_public(s)
            and (not only_media or s.media)
            and not self.excludes(viewer, s.account)
        ]

    def tagged(
        self,
        tag: str,
        viewer: Account | None = None,
        *,
        any_of: list[str] | None = None,
        all_of: list[str] | None = None,
        none_of: list[str] | None = None,
        only_media: bool = False,
    ) -> list[Status]:
        wanted = {t.lower() for t in [tag, *(any_of or [])]}
        every = {t.lower() for t in all_of or []}
        never = {t.lower() for t in none_of or []}
        found = []
        for status in self._newest():
            if status.visibility != "public" or status.reblog is not None:
                continue
            if self.excludes(viewer, status.account):
                continue
            tags = {t.lower() for t in status.tags}
            matches = tags & wanted and every <= tags and not tags & never
            if matches and (not only_media or status.media):
                found.append(status)
        return found

    def in_list(self, member_list: MemberList, status: Status) -> bool:
        owner = member_list.owner
        if not member_list.has(status.account) or status.visibility == "direct":
            return False
        if not self.can_see(owner, status):
            return False
        if status.reblog is not None or not status.is_reply_to_other:
            return True
        parent = status.in_reply_to.account if status.in_reply_to else None
        if member_list.replies_policy == "none" or parent is None:
            return False
        if member_list.replies_policy == "list":
            return member_list.has(parent) or parent is owner
        return self.following(owner, parent) or parent is owner

    def list_feed(self, member_list: MemberList) -> list[Status]:
        return [s for s in self._newest() if self.in_list(member_list, s)]

    def by_account(
        self,
        viewer: Account | None,
        account: Account,
        *,
        exclude_replies: bool = False,
        exclude_reblogs: bool = False,
        only_media: bool = False,
        pinned: bool = False,
        tagged: str | None = None,
    ) -> list[Status]:
        """An account's statuses as ``viewer`` sees its profile."""
        found = []
        for status in self._newest():
            if status.account is not account or not self.can_see(viewer, status):
                continue
            if status.visibility == "direct" and viewer is not account:
                continue
            if exclude_replies and status.is_reply_to_other:
                continue
            if (exclude_reblogs or pinned or only_media or tagged) and status.reblog:
                continue
            if pinned and not status.pinned:
                continue
            if only_media and not status.media:
                continue
            if tagged and tagged.lower() not in (t.lower() for t in status.tags):
                continue
            found.append(status)
        return found

    def context(self, viewer: Account | None, status: Status) -> tuple[list[Status], list[Status]]:
        """Ancestors (oldest first) and descendants (depth first) that ``viewer`` may see."""
        ancestors = []
        parent = status.in_reply_to
        while parent is not None:
            if self.can_see(viewer, parent):
                ancestors.append(parent)
            parent = parent.in_reply_to
        ancestors.reverse()
        descendants: list[Status] = []

        def walk(node: Status) -> None:
            for child in sorted(self.replies_to(node), key=lambda s: int(s.id)):
                if self.can_see(viewer, child):
                    descendants.append(child)
                    walk(child)

        walk(status)
        return ancestors, descendants

    def notifications_of(self, account: Account) -> list[Notification]:
        return sorted(
            (n for n in self.notifications if n.recipient is account),
            key=lambda n: n.id,
            reverse=True,
        )
