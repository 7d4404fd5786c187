"""The fake server's records as Mastodon's entities (JSON-ready dicts).

Everything a viewer-dependent field needs (``favourited``, ``reblogged``, ``bookmarked``,
``following``) is worked out for the account asking; anonymous requests get the entity
without those fields, as Mastodon sends it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .encoding import JSONValue, iso_date, iso_time
from .markup import to_html
from .state import Account, Edit, Media, MemberList, Notification, Status

if TYPE_CHECKING:
    from .state import World

__all__ = ["Renderer"]

JSONObject = dict[str, JSONValue]


class Renderer:
    """Entities as ``world`` holds them, with URLs on ``base_url`` and ``media_url``."""

    def __init__(self, world: World, base_url: str, media_url: str) -> None:
        self.world = world
        self.base_url = base_url
        self.media_url = media_url
        self._accounts: dict[str, JSONObject] = {}
        self._version = -1

    # --- accounts ------------------------------------------------------------------------

    def account(self, account: Account) -> JSONObject:
        if self._version != self.world.version:
            self._accounts.clear()
            self._version = self.world.version
        cached = self._accounts.get(account.id)
        if cached is None:
            cached = self._accounts[account.id] = self._account(account)
        return dict(cached)

    def _account(self, account: Account) -> JSONObject:
        world = self.world
        statuses = [s for s in world.statuses.values() if s.account is account and not s.deleted]
        last = max((s.created_at for s in statuses), default=None)
        url = f"{self.base_url}/@{account.username}"
        avatar = f"{self.base_url}/avatars/original/missing.png"
        header = f"{self.base_url}/headers/original/missing.png"
        return {
            "id": account.id,
            "username": account.username,
            "acct": account.username,
            "display_name": account.display_name,
            "locked": account.locked,
            "bot": account.bot,
            "discoverable": True,
            "indexable": True,
            "group": False,
            "created_at": iso_date(account.created_at) + "T00:00:00.000Z",
            "note": to_html(account.note, self.base_url, self._known) if account.note else "",
            "url": url,
            "uri": f"{self.base_url}/users/{account.username}",
            "avatar": avatar,
            "avatar_static": avatar,
            "header": header,
            "header_static": header,
            "followers_count": len(world.followers(account)),
            "following_count": sum(1 for f in world.follows if f.account is account),
            "statuses_count": len(statuses),
            "last_status_at": iso_date(last) if last is not None else None,
            "hide_collections": False,
            "noindex": False,
            "emojis": [],
            "roles": [],
            "fields": [],
        }

    def credential_account(self, account: Account) -> JSONObject:
        return {
            **self.account(account),
            "source": {
                "privacy": "public",
                "sensitive": False,
                "language": "",
                "note": account.note,
                "fields": [],
                "follow_requests_count": 0,
                "hide_collections": False,
                "discoverable": True,
                "indexable": True,
            },
            "role": {
                "id": "-99",
                "name": "",
                "permissions": "0",
                "color": "",
                "highlighted": False,
            },
        }

    def relationship(self, viewer: Account, target: Account) -> JSONObject:
        world = self.world
        follow = next(
            (f for f in world.follows if f.account is viewer and f.target is target), None
        )
        mute = world.mute_of(viewer, target)
        return {
            "id": target.id,
            "following": follow is not None,
            "showing_reblogs": follow.reblogs if follow else False,
            "notifying": follow.notify if follow else False,
            "languages": None,
            "followed_by": world.following(target, viewer),
            "blocking": world.blocking(viewer, target),
            "blocked_by": world.blocking(target, viewer),
            "muting": mute is not None,
            "muting_notifications": mute.notifications if mute else False,
            "muting_expires_at": iso_time(mute.expires_at) if mute and mute.expires_at else None,
            "requested": world.follow_request(viewer, target) is not None,
            "requested_by": world.follow_request(target, viewer) is not None,
            "domain_blocking": False,
            "endorsed": False,
            "note": "",
        }

    def _known(self, username: str) -> bool:
        return self.world.named_or_none(username) is not None

    # --- statuses ------------------------------------------------------------------------

    def status(self, status: Status, viewer: Account | None) -> JSONObject:
        original = status.reblog
        account = status.account
        body: JSONObject = {
            "id": status.id,
            "created_at": iso_time(status.created_at),
            "in_reply_to_id": status.in_reply_to.id if status.in_reply_to else None,
            "in_reply_to_account_id": (
                status.in_reply_to.account.id if status.in_reply_to else None
            ),
            "sensitive": status.sensitive,
            "spoiler_text": status.spoiler_text,
            "visibility": status.visibility,
            "language": status.language,
            "uri": f"{self.base_url}/users/{account.username}/statuses/{status.id}",
            "url": (None if original else f"{self.base_url}/@{account.username}/{status.id}"),
            "replies_count": len(self.world.replies_to(status)),
            "reblogs_count": len(self.world.boosts_of(status)),
            "favourites_count": sum(1 for f in self.world.favourites if f.status is status),
            "quotes_count": 0,
            "edited_at": iso_time(status.edited_at) if status.edited_at else None,
            "content": "" if original else self.content(status.text),
            "reblog": self.status(original, viewer) if original else None,
            "account": self.account(account),
            "media_attachments": [self.media(m) for m in status.media],
            "mentions": [
                {
                    "id": a.id,
                    "username": a.username,
                    "url": f"{self.base_url}/@{a.username}",
                    "acct": a.username,
                }
                for a in status.mentions
            ],
            "tags": [{"name": t, "url": f"{self.base_url}/tags/{t}"} for t in status.tags],
            "emojis": [],
            "card": None,
            "poll": None,
        }
        if viewer is not None:
            target = original or status
            body["favourited"] = self.world.favourited(viewer, target)
            body["reblogged"] = self.world.boost_by(viewer, target) is not None
            body["muted"] = False
            body["bookmarked"] = self.world.bookmarked(viewer, target)
            if account is viewer and original is None:
                body["pinned"] = status.pinned
        return body

    def deleted_status(self, status: Status, viewer: Account) -> JSONObject:
        """What ``DELETE /api/v1/statuses/:id`` answers: the status, with its source text."""
        return {**self.status(status, viewer), "text": status.text}

    def content(self, text: str) -> str:
        return to_html(text, self.base_url, self._known)

    def edit(self, status: Status, edit: Edit) -> JSONObject:
        return {
            "content": self.content(edit.text),
            "spoiler_text": edit.spoiler_text,
            "sensitive": edit.sensitive,
            "created_at": iso_time(edit.created_at),
            "account": self.account(status.account),
            "poll": None,
            "media_attachments": [self.media(m) for m in edit.media],
            "emojis": [],
        }

    def source(self, status: Status) -> JSONObject:
        return {"id": status.id, "text": status.text, "spoiler_text": status.spoiler_text}

    def context(
        self, ancestors: list[Status], descendants: list[Status], viewer: Account | None
    ) -> JSONObject:
        return {
            "ancestors": [self.status(s, viewer) for s in ancestors],
            "descendants": [self.status(s, viewer) for s in descendants],
        }

    # --- media, notifications, lists -----------------------------------------------------

    def media_path(self, media: Media, size: str = "original") -> str:
        """Where the media origin serves a file (Mastodon's ``/system/...`` layout)."""
        return f"/system/media_attachments/files/{media.id}/{size}/{media.filename}"

    def media(self, media: Media) -> JSONObject:
        ready = media.ready
        meta: JSONObject = {}
        if media.focus is not None:
            meta["focus"] = {"x": media.focus[0], "y": media.focus[1]}
        return {
            "id": media.id,
            "type": media.type,
            "url": self.media_url + self.media_path(media) if ready else None,
            "preview_url": self.media_url + self.media_path(media, "small") if ready else None,
            "remote_url": None,
            "preview_remote_url": None,
            "text_url": None,
            "meta": meta,
            "description": media.description,
            "blurhash": None,
        }

    def notification(self, notification: Notification) -> JSONObject:
        viewer = notification.recipient
        return {
            "id": str(notification.id),
            "type": notification.type,
            "group_key": f"ungrouped-{notification.id}",
            "created_at": iso_time(notification.created_at),
            "account": self.account(notification.account),
            "status": (self.status(notification.status, viewer) if notification.status else None),
        }

    def list(self, member_list: MemberList) -> JSONObject:
        return {
            "id": member_list.id,
            "title": member_list.title,
            "replies_policy": member_list.replies_policy,
            "exclusive": member_list.exclusive,
        }
