"""The server's health check.

Docs: https://docs.joinmastodon.org/methods/health/
"""

from __future__ import annotations

from .._sansio.response import decode_body
from .._sansio.routes import route
from ..entities import Entity
from ._base import Namespace

__all__ = ["Health", "HealthStatus"]

GET = route("GET", "/health", "health.get", version="3.0.0")


class HealthStatus(Entity, frozen=True, kw_only=True):
    """What [`Health.get`][aiomastodon.api.health.Health.get] answers.

    Attributes:
        status: ``UP`` from a server that answers JSON; the text of the answer
            (``OK``) from one that answers plain text.
    """

    status: str


class Health(Namespace):
    """``client.health``: is the web process up?"""

    __slots__ = ()

    async def get(self) -> HealthStatus:
        """``GET /health``: whether the server's web process answers.

        Any 2xx answer means up: a JSON one (``{"status": "UP"}``) is decoded, and a
        plain-text one (``OK``, from servers and proxies that ignore ``Accept``) is
        taken as its text. A server that is down raises (``ServerError``,
        ``TransportError``). Needs no token.

        Docs: https://docs.joinmastodon.org/methods/health/#get
        """
        response = await self._requester.send(GET)
        if response.body.lstrip().startswith(b"{"):
            return decode_body(response, HealthStatus)
        return HealthStatus(status=response.body.decode("utf-8", "replace").strip())
