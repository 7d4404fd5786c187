"""Timelines, notifications, favourites and bookmarks: the paged lists of statuses.

The home and list timelines, notifications, favourites and bookmarks need a token; the
public and hashtag timelines answer anonymous requests too. Timelines and notifications
page by the items' own ids; favourites and bookmarks by the hidden favourite and
bookmark records' ids, which only the ``Link`` header tells (as Mastodon does).
"""

from __future__ import annotations

from collections.abc import Sequence

from aiohttp import web
from yarl import URL

from .core import Core
from .paging import link_header, page
from .state import Account, ApiError, Notification, Status

__all__ = ["link_for", "paged_accounts", "paged_statuses", "setup"]

NOTIFICATION_TYPES = (
    "mention", "status", "reblog", "follow", "follow_request", "favourite", "poll", "update",
    "admin.sign_up", "admin.report", "severed_relationships", "moderation_warning",
    "quote", "quoted_update",
)  # fmt: skip


def setup(app: web.Application, server: Core) -> None:
    """Add the timeline, notification, favourite and bookmark routes to ``app``."""
    routes = _TimelineRoutes(server)
    app.router.add_get("/api/v1/timelines/home", routes.home)
    app.router.add_get("/api/v1/timelines/public", routes.public)
    app.router.add_get("/api/v1/timelines/tag/{tag}", routes.tag)
    app.router.add_get("/api/v1/timelines/list/{id}", routes.list_timeline)
    app.router.add_get("/api/v1/favourites", routes.favourites)
    app.router.add_get("/api/v1/bookmarks", routes.bookmarks)
    app.router.add_get("/api/v1/notifications", routes.notifications)
    app.router.add_get("/api/v1/notifications/unread_count", routes.unread_count)
    app.router.add_post("/api/v1/notifications/clear", routes.clear)
    app.router.add_get("/api/v1/notifications/{id}", routes.notification)
    app.router.add_post("/api/v1/notifications/{id}/dismiss", routes.dismiss)


def paged_statuses(
    server: Core,
    request: web.Request,
    records: Sequence[tuple[int, Status]],
    viewer: Account | None,
    default: int = 20,
) -> web.Response:
    """A page of ``records`` (``(key, status)``, newest first), with its ``Link``."""
    chosen, limit = page(records, request.query, default, server.page_max)
    headers = link_for(server, request, [k for k, _ in chosen], limit)
    return server.statuses([s for _, s in chosen], viewer, headers=headers)


def paged_accounts(
    server: Core, request: web.Request, records: Sequence[tuple[int, Account]], default: int = 40
) -> web.Response:
    """A page of accounts (``(key, account)``, newest first), with its ``Link``: the keys
    are the hidden records' ids (the follow, the block...) wherever Mastodon uses them."""
    chosen, limit = page(records, request.query, default, server.page_max)
    headers = link_for(server, request, [k for k, _ in chosen], limit)
    return server.json([server.render.account(a) for _, a in chosen], headers=headers)


def _here(server: Core, request: web.Request) -> URL:
    """This endpoint's URL on the server's own origin, for its ``Link`` header."""
    return URL(server.url).with_path(request.path)


def link_for(server: Core, request: web.Request, keys: Sequence[int], limit: int) -> dict[str, str]:
    """The ``Link`` header (as headers) of a page with ``keys``, newest first."""
    link = link_header(_here(server, request), list(request.query.items()), keys, limit)
    return {"Link": link} if link is not None else {}


def _by_id(statuses: Sequence[Status]) -> list[tuple[int, Status]]:
    return [(int(s.id), s) for s in statuses]


class _TimelineRoutes:
    def __init__(self, server: Core) -> None:
        self.server = server
        self.world = server.world

    async def home(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/timelines/home``."""
        user = self.server.user(request)
        return paged_statuses(self.server, request, _by_id(self.world.home(user)), user)

    async def public(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/timelines/public`` (``local``, ``remote``, ``only_media``)."""
        params = self.server.params(request)
        viewer = self.server.viewer(request)
        statuses = self.world.public(
            viewer, only_media=params.flag("only_media"), remote=params.flag("remote")
        )
        return paged_statuses(self.server, request, _by_id(statuses), viewer)

    async def tag(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/timelines/tag/:hashtag`` (``any[]``, ``all[]``, ``none[]``)."""
        params = self.server.params(request)
        viewer = self.server.viewer(request)
        statuses = self.world.tagged(
            request.match_info["tag"],
            viewer,
            any_of=params.list("any"),
            all_of=params.list("all"),
            none_of=params.list("none"),
            only_media=params.flag("only_media"),
        )
        return paged_statuses(self.server, request, _by_id(statuses), viewer)

    async def list_timeline(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/timelines/list/:list_id``."""
        user = self.server.user(request)
        member_list = self.world.own_list(user, request.match_info["id"])
        statuses = self.world.list_feed(member_list)
        return paged_statuses(self.server, request, _by_id(statuses), user)

    async def favourites(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/favourites``: paged by the favourite records' ids."""
        user = self.server.user(request)
        records = [
            (f.id, f.status)
            for f in reversed(self.world.favourites)
            if f.account is user and self.world.can_see(user, f.status)
        ]
        return paged_statuses(self.server, request, records, user)

    async def bookmarks(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/bookmarks``: paged by the bookmark records' ids."""
        user = self.server.user(request)
        records = [
            (b.id, b.status)
            for b in reversed(self.world.bookmarks)
            if b.account is user and self.world.can_see(user, b.status)
        ]
        return paged_statuses(self.server, request, records, user)

    def _notifications(self, request: web.Request) -> list[Notification]:
        user = self.server.user(request)
        params = self.server.params(request)
        types = set(params.list("types"))
        excluded = set(params.list("exclude_types"))
        account_id = params.get("account_id")
        return [
            n
            for n in self.world.notifications_of(user)
            if (not types or n.type in types)
            and n.type not in excluded
            and (account_id is None or n.account.id == account_id)
        ]

    async def notifications(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/notifications`` (``types[]``, ``exclude_types[]``, ``account_id``)."""
        records = [(n.id, n) for n in self._notifications(request)]
        chosen, limit = page(records, request.query, 40, self.server.page_max)
        headers = link_for(self.server, request, [k for k, _ in chosen], limit)
        body = [self.server.render.notification(n) for _, n in chosen]
        return self.server.json(body, headers=headers)

    async def unread_count(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/notifications/unread_count`` (no markers here: every one)."""
        limit = min(int(request.query.get("limit", "100") or 100), 1000)
        return self.server.json({"count": min(len(self._notifications(request)), limit)})

    def _find(self, request: web.Request) -> Notification:
        user = self.server.user(request)
        wanted = request.match_info["id"]
        for notification in self.world.notifications_of(user):
            if str(notification.id) == wanted:
                return notification
        raise ApiError(404, "Record not found")

    async def notification(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/notifications/:id``."""
        return self.server.json(self.server.render.notification(self._find(request)))

    async def dismiss(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/v1/notifications/:id/dismiss``."""
        notification = self._find(request)
        self.world.notifications.remove(notification)
        self.server.changed()
        return self.server.json({})

    async def clear(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/v1/notifications/clear``."""
        user = self.server.user(request)
        self.world.notifications = [n for n in self.world.notifications if n.recipient is not user]
        self.server.changed()
        return self.server.json({})
