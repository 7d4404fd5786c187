"""The instance, NodeInfo, health checks, custom emojis, and registering an app.

``GET /api/v2/instance`` names this server as its streaming server
(``configuration.urls.streaming``, a ``ws://`` URL), and ``GET /api/v1/instance`` does
too (``urls.streaming_api``); ``server.instance.streaming_url`` changes what both say
(``None``: not advertised, as some servers do). NodeInfo is served as Mastodon serves
it: ``/.well-known/nodeinfo`` links to ``/nodeinfo/2.0``. ``POST /api/v1/apps`` answers
with new client credentials and keeps nothing (there is no OAuth flow to use them in).
"""

from __future__ import annotations

import secrets

from aiohttp import web

from .core import UNSET_URL, Core, InstanceInfo
from .encoding import JSONValue
from .state import MAX_CHARACTERS

__all__ = ["setup"]

NODEINFO_SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/2.0"


def setup(app: web.Application, server: Core) -> None:
    """Add the instance routes to ``app``."""
    routes = _InstanceRoutes(server)
    app.router.add_get("/api/v2/instance", routes.v2)
    app.router.add_get("/api/v1/instance", routes.v1)
    app.router.add_get("/.well-known/nodeinfo", routes.nodeinfo_links)
    app.router.add_get("/nodeinfo/2.0", routes.nodeinfo)
    app.router.add_get("/api/v1/custom_emojis", routes.custom_emojis)
    app.router.add_get("/health", routes.health)
    app.router.add_get("/api/v1/streaming/health", routes.streaming_health)
    app.router.add_post("/api/v1/apps", routes.register_app)


class _InstanceRoutes:
    def __init__(self, server: Core) -> None:
        self.server = server

    @property
    def info(self) -> InstanceInfo:
        return self.server.instance

    def _streaming(self) -> str | None:
        url = self.info.streaming_url
        return self.server.streaming_url if url == UNSET_URL else url

    def _domain(self) -> str:
        return self.server.url.removeprefix("http://")

    def _contact(self) -> JSONValue:
        accounts = list(self.server.world.accounts.values())
        return self.server.render.account(accounts[0]) if accounts else None

    async def v2(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v2/instance``."""
        info = self.info
        return self.server.json(
            {
                "domain": self._domain(),
                "title": info.title,
                "version": info.version,
                "source_url": "https://github.com/mastodon/mastodon",
                "description": info.description,
                "usage": {"users": {"active_month": len(self.server.world.accounts)}},
                "thumbnail": {"url": f"{self.server.url}/packs/media/images/preview.png"},
                "icon": [],
                "languages": info.languages,
                "configuration": {
                    "urls": {"streaming": self._streaming(), "status": None},
                    "vapid": {"public_key": ""},
                    "accounts": {"max_featured_tags": 10, "max_pinned_statuses": 5},
                    "statuses": {
                        "max_characters": MAX_CHARACTERS,
                        "max_media_attachments": 4,
                        "characters_reserved_per_url": 23,
                    },
                    "media_attachments": _MEDIA_CONFIGURATION,
                    "polls": _POLLS,
                    "translation": {"enabled": False},
                },
                "registrations": {
                    "enabled": False,
                    "approval_required": False,
                    "message": None,
                    "url": None,
                },
                "api_versions": {"mastodon": 2},
                "contact": {"email": "admin@example.invalid", "account": self._contact()},
                "rules": [],
            }
        )

    async def v1(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/instance`` (deprecated, still served by Mastodon)."""
        info = self.info
        world = self.server.world
        return self.server.json(
            {
                "uri": self._domain(),
                "title": info.title,
                "short_description": info.description,
                "description": info.description,
                "email": "admin@example.invalid",
                "version": info.version,
                "urls": {"streaming_api": self._streaming()},
                "stats": {
                    "user_count": len(world.accounts),
                    "status_count": sum(1 for s in world.statuses.values() if not s.deleted),
                    "domain_count": 0,
                },
                "thumbnail": None,
                "languages": info.languages,
                "registrations": False,
                "approval_required": False,
                "invites_enabled": False,
                "configuration": {
                    "statuses": {
                        "max_characters": MAX_CHARACTERS,
                        "max_media_attachments": 4,
                        "characters_reserved_per_url": 23,
                    },
                    "media_attachments": _MEDIA_CONFIGURATION,
                    "polls": _POLLS,
                },
                "contact_account": self._contact(),
                "rules": [],
            }
        )

    async def nodeinfo_links(self, request: web.Request) -> web.StreamResponse:
        """``GET /.well-known/nodeinfo``."""
        href = f"{self.server.url}/nodeinfo/2.0"
        return self.server.json({"links": [{"rel": NODEINFO_SCHEMA, "href": href}]})

    async def nodeinfo(self, request: web.Request) -> web.StreamResponse:
        """``GET /nodeinfo/2.0``."""
        world = self.server.world
        users = len(world.accounts)
        return self.server.json(
            {
                "version": "2.0",
                "software": {"name": "mastodon", "version": self.info.version},
                "protocols": ["activitypub"],
                "services": {"outbound": [], "inbound": []},
                "usage": {
                    "users": {"total": users, "activeMonth": users, "activeHalfyear": users},
                    "localPosts": sum(1 for s in world.statuses.values() if not s.deleted),
                },
                "openRegistrations": False,
                "metadata": {"nodeName": self.info.title, "nodeDescription": ""},
            }
        )

    async def custom_emojis(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/custom_emojis``: none here."""
        return self.server.json([])

    async def health(self, request: web.Request) -> web.StreamResponse:
        """``GET /health``: the web process is up."""
        return self.server.json({"status": "UP"})

    async def streaming_health(self, request: web.Request) -> web.StreamResponse:
        """``GET /api/v1/streaming/health``: plain ``OK``."""
        return web.Response(text="OK", content_type="text/plain")

    async def register_app(self, request: web.Request) -> web.StreamResponse:
        """``POST /api/v1/apps``: a ``CredentialApplication`` (422 without a name or a
        redirect URI, as Mastodon)."""
        params = self.server.params(request)
        name = params.text("client_name")
        # One field of URIs separated by newlines, or the array form of 4.3+.
        uris = [uri for value in params.list("redirect_uris") for uri in value.split()]
        if not name or not uris:
            field = "Name" if not name else "Redirect URI"
            return self.server.error(422, f"Validation failed: {field} can't be blank")
        scopes = params.text("scopes", "read").split()
        app_id = str(self.server.world.serial("apps"))
        return self.server.json(
            {
                "id": app_id,
                "name": name,
                "website": params.get("website"),
                "scopes": scopes,
                "redirect_uri": "\n".join(uris),
                "redirect_uris": uris,
                "vapid_key": "",
                "client_id": secrets.token_urlsafe(32),
                "client_secret": secrets.token_urlsafe(32),
                "client_secret_expires_at": 0,
            }
        )


_MEDIA_CONFIGURATION: JSONValue = {
    "supported_mime_types": [
        "image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4", "audio/mpeg",
        "audio/ogg", "application/octet-stream",
    ],
    "image_size_limit": 16777216,
    "image_matrix_limit": 33177600,
    "video_size_limit": 103809024,
    "video_frame_rate_limit": 120,
    "video_matrix_limit": 8294400,
    "description_limit": 1500,
}  # fmt: skip
_POLLS: JSONValue = {
    "max_options": 4,
    "max_characters_per_option": 50,
    "min_expiration": 300,
    "max_expiration": 2629746,
}
