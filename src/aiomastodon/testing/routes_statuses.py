"""``/api/v1/statuses``: post, read, edit, delete, and interact with statuses.

Mastodon's answers: a status nobody may see is 404 (``Record not found``); acting on
someone else's status where only its author may is 403 (``This action is not allowed``);
an empty status is 422 (``Validation failed: Text can't be blank``). Boosting answers the
boost (its ``reblog`` the original); unboosting, unfavouriting and unbookmarking answer
the original. ``favourited_by`` and ``reblogged_by`` page by the favourite's and the
boost's id, in their ``Link`` headers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from .core import Core
from .media import MediaControl
from .routes_timelines import paged_accounts
from .state import VISIBILITIES, Account, ApiError, Status, Visibility, not_found

__all__ = ["setup"]


def setup(app: web.Application, server: Core, media: MediaControl) -> None:
    """Add the status routes to ``app``."""
    routes = _StatusRoutes(server, media)
    base = "/api/v1/statuses"
    app.router.add_post(base, routes.create)
    app.router.add_get(base, routes.get_many)
    app.router.add_get(base + "/{id}", routes.get)
    app.router.add_delete(base + "/{id}", routes.delete)
    app.router.add_put(base + "/{id}", routes.edit)
    app.router.add_get(base + "/{id}/context", routes.context)
    app.router.add_get(base + "/{id}/history", routes.history)
    app.router.add_get(base + "/{id}/source", routes.source)
    app.router.add_get(base + "/{id}/favourited_by", routes.favourited_by)
    app.router.add_get(base + "/{id}/reblogged_by", routes.reblogged_by)
    for action in (
        "favourite", "unfavourite", "reblog", "unreblog", "bookmark", "unbookmark", "pin",
        "unpin",
    ):  # fmt: skip
        app.router.add_post(f"{base}/{{id}}/{action}", routes.interaction(action))


class _StatusRoutes:
    def __init__(self, server: Core, media: MediaControl) -> None:
        self.server = server
        self.media = media
        self.world = server.world

    def _status(self, request: web.Request) -> tuple[Account | None, Status]:
        viewer = self.server.viewer(request)
        return viewer, self.world.status(request.match_info["id"], viewer)

    def _one(self, status: Status, viewer: Account | None) -> web.Response:
        return self.server.json(self.server.render.status(status, viewer), n=status.seq)

    async def create(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/v1/statuses``."""
        author = self.server.user(request)
        params = self.server.params(request)
        if params.get("scheduled_at"):
            raise ApiError(422, "scheduled statuses are not served by this fake server")
        reply_to = params.get("in_reply_to_id")
        parent = self.world.status(reply_to, author) if reply_to else None
        visibility = params.get("visibility") or (parent.visibility if parent else "public")
        if parent is not None and visibility == "public" and parent.visibility != "public":
            visibility = parent.visibility  # a reply is never more public than its parent
        media = [self.media.owned(author, i) for i in params.list("media_ids")]
        status = self.world.post(
            author,
            params.text("status"),
            visibility=_visibility(visibility),
            in_reply_to=parent,
            spoiler_text=params.text("spoiler_text"),
            sensitive=params.flag("sensitive"),
            language=params.get("language") or "en",
            media=media,
            idempotency_key=request.headers.get("Idempotency-Key"),
        )
        await self.server.settle()
        return self._one(status, author)

    async def get(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/statuses/:id``."""
        viewer, status = self._status(request)
        return self._one(status, viewer)

    async def get_many(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/statuses?id[]=...``: those that exist and may be seen, in order."""
        viewer = self.server.viewer(request)
        found = []
        for status_id in self.server.params(request).list("id"):
            status = self.world.statuses.get(status_id)
            if status is not None and self.world.can_see(viewer, status):
                found.append(status)
        return self.server.statuses(found, viewer)

    async def delete(self, request: web.Request) -> web.StreamResponse:
        """``DELETE /api/v1/statuses/:id``: the deleted status, with its source text."""
        user = self.server.user(request)
        status = self.world.status(request.match_info["id"], user)
        if status.reblog is not None:
            raise not_found()
        body = self.server.render.deleted_status(status, user)
        self.world.delete(status, user)
        await self.server.settle()
        return self.server.json(body, n=status.seq)

    async def edit(self, request: web.Request) -> web.StreamResponse:
        """``PUT /api/v1/statuses/:id``."""
        user = self.server.user(request)
        status = self.world.status(request.match_info["id"], user)
        params = self.server.params(request)
        media = None
        if params.has("media_ids[]") or params.has("media_ids"):
            media = [self.media.owned(user, i) for i in params.list("media_ids")]
        self.world.edit(
            status,
            user,
            text=params.text("status", status.text),
            spoiler_text=params.get("spoiler_text"),
            sensitive=params.flag("sensitive") if params.has("sensitive") else None,
            language=params.get("language"),
            media=media,
        )
        await self.server.settle()
        return self._one(status, user)

    async def context(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/statuses/:id/context``."""
        viewer, status = self._status(request)
        ancestors, descendants = self.world.context(viewer, status)
        return self.server.json(self.server.render.context(ancestors, descendants, viewer))

    async def history(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/statuses/:id/history``: every version, the original first."""
        _, status = self._status(request)
        versions = status.edits or [self.world.snapshot(status, status.created_at)]
        return self.server.json([self.server.render.edit(status, e) for e in versions])

    async def source(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/statuses/:id/source``: the author's own text."""
        user = self.server.user(request)
        status = self.world.status(request.match_info["id"], user)
        if status.account is not user:
            raise not_found()
        return self.server.json(self.server.render.source(status))

    async def favourited_by(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/statuses/:id/favourited_by``: paged by the favourites' ids."""
        _, status = self._status(request)
        records = [(f.id, f.account) for f in reversed(self.world.favourites) if f.status is status]
        return self._accounts(request, records)

    async def reblogged_by(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/statuses/:id/reblogged_by``: paged by the boosts' ids."""
        _, status = self._status(request)
        boosts = sorted(self.world.boosts_of(status), key=lambda s: int(s.id), reverse=True)
        return self._accounts(request, [(int(b.id), b.account) for b in boosts])

    def _accounts(self, request: web.Request, records: list[tuple[int, Account]]) -> web.Response:
        return paged_accounts(self.server, request, records)

    def interaction(self, action: str) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def handler(request: web.Request) -> web.StreamResponse:
            return await self.interact(request, action)

        return handler

    async def interact(self, request: web.Request, action: str) -> web.StreamResponse:
        """``POST /api/v1/statuses/:id/<action>``."""
        server, world = self.server, self.world
        user = server.user(request)
        status = world.status(request.match_info["id"], user)
        if action == "favourite":
            answer = world.favourite(user, status)
        elif action == "unfavourite":
            answer = world.unfavourite(user, status)
        elif action == "reblog":
            visibility = server.params(request).get("visibility") or "public"
            answer = world.reblog(user, status, _visibility(visibility))
        elif action == "unreblog":
            answer = world.unreblog(user, status)
        elif action == "bookmark":
            answer = world.bookmark(user, status)
        elif action == "unbookmark":
            answer = world.unbookmark(user, status)
        else:
            if status.account is not user or status.visibility not in ("public", "unlisted"):
                raise ApiError(422, "Validation failed: Status is not one of yours to pin")
            status.pinned = action == "pin"
            answer = status
        await server.settle()
        return self._one(answer, user)


def _visibility(value: str) -> Visibility:
    for visibility in VISIBILITIES:
        if visibility == value:
            return visibility
    raise ApiError(422, f"Validation failed: Visibility '{value}' is not valid")
