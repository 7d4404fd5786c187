"""The server's own description: name, rules, limits and configuration.

Docs: https://docs.joinmastodon.org/methods/instance/
"""

from __future__ import annotations

import warnings

from .._sansio.routes import route
from ..entities import Instance, V1Instance
from ._base import Namespace

__all__ = ["InstanceMethods"]

GET = route("GET", "/api/v2/instance", "instance.get", version="4.0.0")
GET_V1 = route(
    "GET",
    "/api/v1/instance",
    "instance.get_v1",
    version="1.1.0",
    deprecated="deprecated since Mastodon 4.0; use instance.get (GET /api/v2/instance)",
)


class InstanceMethods(Namespace):
    """``client.instance``: what the server says about itself (no token needed)."""

    __slots__ = ()

    async def get(self) -> Instance:
        """``GET /api/v2/instance``: the server's description and configuration.

        Mastodon 4.0+. For older servers use :meth:`get_v1`.

        Docs: https://docs.joinmastodon.org/methods/instance/#v2
        """
        return await self._requester.call(Instance, GET)

    async def get_v1(self) -> V1Instance:
        """``GET /api/v1/instance``: the server's description, old format (deprecated).

        Deprecated since Mastodon 4.0 in favour of :meth:`get`; still answered by
        current servers, and the only form servers before 4.0 know.

        Docs: https://docs.joinmastodon.org/methods/instance/#v1
        """
        warnings.warn(
            "GET /api/v1/instance is deprecated since Mastodon 4.0; use client.instance.get()",
            DeprecationWarning,
            stacklevel=2,
        )
        return await self._requester.call(V1Instance, GET_V1)
