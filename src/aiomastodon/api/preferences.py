"""Your preferences.

Docs: https://docs.joinmastodon.org/methods/preferences/
"""

from __future__ import annotations

from .._sansio.routes import route
from ..entities import Preferences as PreferencesEntity
from ._base import Namespace

__all__ = ["Preferences"]

GET = route("GET", "/api/v1/preferences", "preferences.get", version="2.8.0")


class Preferences(Namespace):
    """``client.preferences``: the posting and reading defaults of your account."""

    __slots__ = ()

    async def get(self) -> PreferencesEntity:
        """``GET /api/v1/preferences``: your posting and reading preferences.

        Change the posting ones with ``client.accounts.update_credentials``
        (``privacy``, ``sensitive``, ``language``); the reading ones only in the web
        interface.

        Docs: https://docs.joinmastodon.org/methods/preferences/#get
        """
        return await self._requester.call(PreferencesEntity, GET)
