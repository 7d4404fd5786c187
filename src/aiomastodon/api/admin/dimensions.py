"""Qualitative statistics.

Docs: https://docs.joinmastodon.org/methods/admin/dimensions/
"""

from __future__ import annotations

from datetime import date, datetime

from ..._sansio.request import UNSET, UnsetType, as_array
from ..._sansio.routes import route
from ...entities import AdminDimension
from .._base import Namespace
from ..enums import OneOrMany

__all__ = ["AdminDimensions"]

# Computes statistics and changes nothing: sending it twice is harmless.
GET = route(
    "POST", "/api/v1/admin/dimensions", "admin.dimensions.get", version="3.5.0", retry_safe=True
)


class AdminDimensions(Namespace):
    """``client.admin.dimensions``: breakdowns (languages, servers, software, space used).

    Needs ``admin:read`` and a role that may view the dashboard.
    """

    __slots__ = ()

    async def get(
        self,
        keys: OneOrMany[str],
        *,
        start_at: datetime | date | UnsetType = UNSET,
        end_at: datetime | date | UnsetType = UNSET,
        limit: int | UnsetType = UNSET,
        tag_servers_id: str | UnsetType = UNSET,
        tag_languages_id: str | UnsetType = UNSET,
        instance_accounts_domain: str | UnsetType = UNSET,
        instance_languages_domain: str | UnsetType = UNSET,
    ) -> list[AdminDimension]:
        """``POST /api/v1/admin/dimensions``: one breakdown per key asked for.

        Args:
            keys: Which breakdowns (``keys[]``): ``languages``, ``sources``,
                ``servers``, ``space_usage``, ``software_versions``, ``tag_servers``,
                ``tag_languages``, ``instance_accounts``, ``instance_languages``.
            start_at: The start of the period (sent as ISO 8601).
            end_at: The end of the period.
            limit: At most this many entries per breakdown.
            tag_servers_id: The hashtag id for ``tag_servers`` (``tag_servers[id]``).
            tag_languages_id: The hashtag id for ``tag_languages`` (``tag_languages[id]``).
            instance_accounts_domain: The domain for ``instance_accounts``
                (``instance_accounts[domain]``).
            instance_languages_domain: The domain for ``instance_languages``
                (``instance_languages[domain]``).

        Docs: https://docs.joinmastodon.org/methods/admin/dimensions/#get
        """
        form = {
            "keys": as_array(keys),
            "start_at": start_at,
            "end_at": end_at,
            "limit": limit,
            "tag_servers": {"id": tag_servers_id},
            "tag_languages": {"id": tag_languages_id},
            "instance_accounts": {"domain": instance_accounts_domain},
            "instance_languages": {"domain": instance_languages_domain},
        }
        return await self._requester.call(list[AdminDimension], GET, form=form)
