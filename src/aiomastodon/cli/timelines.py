"""The TIMELINE argument of ``aiomastodon archive``: what it names, and how to walk it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..client import Client
from ..entities import Notification, Status
from ..pagination import Paginator

__all__ = ["KINDS", "Timeline", "Walk", "parse_timeline"]

Walk = Paginator[Status] | Paginator[Notification]

KINDS = (
    "home",
    "public",
    "local",
    "tag:NAME",
    "list:ID",
    "account:ID",
    "account:@user@host",
    "favourites",
    "bookmarks",
    "notifications",
)

_SIMPLE = {"home", "public", "local", "favourites", "bookmarks", "notifications"}
_TAG = re.compile(r"#?[^\s#/?]+")
_ID = re.compile(r"[^\s/?#]+")
_ACCT = re.compile(r"@?[^\s@/]+(@[^\s@/]+)?")


@dataclass(frozen=True)
class Timeline:
    """A parsed TIMELINE: its kind and argument, and the text it was written as."""

    kind: str
    arg: str = ""

    @property
    def text(self) -> str:
        """The TIMELINE as the user would write it."""
        return f"{self.kind}:{self.arg}" if self.arg else self.kind

    @property
    def needs_token(self) -> bool:
        """Whether the server only answers this timeline to a logged-in account."""
        return self.kind in ("home", "list", "favourites", "bookmarks", "notifications")

    @property
    def page_size(self) -> int:
        """The largest page the server gives for it."""
        return 80 if self.kind == "notifications" else 40

    async def paginator(self, client: Client) -> Walk:
        """The walk from the newest item to the oldest (looking up an account first).

        Raises:
            NotFound: ``account:@user@host`` names no account the server knows.
        """
        limit = self.page_size
        walk: Walk
        if self.kind == "home":
            walk = client.timelines.home(limit=limit)
        elif self.kind == "public":
            walk = client.timelines.public(limit=limit)
        elif self.kind == "local":
            walk = client.timelines.public(local=True, limit=limit)
        elif self.kind == "tag":
            walk = client.timelines.tag(self.arg, limit=limit)
        elif self.kind == "list":
            walk = client.timelines.list(self.arg, limit=limit)
        elif self.kind == "account":
            account_id = self.arg
            if account_id.startswith("@"):
                account_id = (await client.accounts.lookup(account_id)).id
            walk = client.accounts.statuses(account_id, limit=limit)
        elif self.kind == "favourites":
            walk = client.favourites.list(limit=limit)
        elif self.kind == "bookmarks":
            walk = client.bookmarks.list(limit=limit)
        else:
            walk = client.notifications.list(limit=limit)
        return walk


def parse_timeline(text: str) -> Timeline:
    """Read a TIMELINE argument.

    Raises:
        ValueError: It is not one of the kinds in ``KINDS``.
    """
    value = text.strip()
    if value in _SIMPLE:
        return Timeline(value)
    kind, sep, arg = value.partition(":")
    if sep:
        if kind == "tag" and _TAG.fullmatch(arg):
            return Timeline("tag", arg.lstrip("#"))
        if kind == "list" and _ID.fullmatch(arg):
            return Timeline("list", arg)
        if kind == "account" and arg.startswith("@") and _ACCT.fullmatch(arg):
            return Timeline("account", arg)
        if kind == "account" and _ID.fullmatch(arg):
            return Timeline("account", arg)
    raise ValueError(f"unknown timeline {text!r}: use one of {', '.join(KINDS)}")
