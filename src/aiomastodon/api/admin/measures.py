"""Quantitative statistics.

Docs: https://docs.joinmastodon.org/methods/admin/measures/
"""

from __future__ import annotations

from datetime import date, datetime

from ..._sansio.request import UNSET, UnsetType, as_array
from ..._sansio.routes import route
from ...entities import AdminMeasure
from .._base import Namespace
from ..enums import OneOrMany

__all__ = ["AdminMeasures"]

# Computes statistics and changes nothing: sending it twice is harmless.
GET = route(
    "POST", "/api/v1/admin/measures", "admin.measures.get", version="3.5.0", retry_safe=True
)


class AdminMeasures(Namespace):
    """``client.admin.measures``: counts over time (active users, sign-ups, reports, ...).

    Needs ``admin:read`` and a role that may view the dashboard.
    """

    __slots__ = ()

    async def get(
        self,
        keys: OneOrMany[str],
        *,
        start_at: datetime | date,
        end_at: datetime | date,
        tag_accounts_id: str | UnsetType = UNSET,
        tag_uses_id: str | UnsetType = UNSET,
        tag_servers_id: str | UnsetType = UNSET,
        instance_accounts_domain: str | UnsetType = UNSET,
        instance_media_attachments_domain: str | UnsetType = UNSET,
        instance_reports_domain: str | UnsetType = UNSET,
        instance_statuses_domain: str | UnsetType = UNSET,
        instance_follows_domain: str | UnsetType = UNSET,
        instance_followers_domain: str | UnsetType = UNSET,
    ) -> list[AdminMeasure]:
        """``POST /api/v1/admin/measures``: one measure per key asked for, day by day.

        Args:
            keys: Which measures (``keys[]``): ``active_users``, ``new_users``,
                ``interactions``, ``opened_reports``, ``resolved_reports``,
                ``tag_accounts``, ``tag_uses``, ``tag_servers``, ``instance_accounts``,
                ``instance_media_attachments``, ``instance_reports``,
                ``instance_statuses``, ``instance_follows``, ``instance_followers``.
            start_at: The start of the period (sent as ISO 8601).
            end_at: The end of the period.
            tag_accounts_id: The hashtag id for ``tag_accounts`` (``tag_accounts[id]``).
            tag_uses_id: The hashtag id for ``tag_uses`` (``tag_uses[id]``).
            tag_servers_id: The hashtag id for ``tag_servers`` (``tag_servers[id]``).
            instance_accounts_domain: The domain for ``instance_accounts``
                (``instance_accounts[domain]``).
            instance_media_attachments_domain: The domain for
                ``instance_media_attachments``.
            instance_reports_domain: The domain for ``instance_reports``.
            instance_statuses_domain: The domain for ``instance_statuses``.
            instance_follows_domain: The domain for ``instance_follows``.
            instance_followers_domain: The domain for ``instance_followers``.

        Docs: https://docs.joinmastodon.org/methods/admin/measures/#get
        """
        form = {
            "keys": as_array(keys),
            "start_at": start_at,
            "end_at": end_at,
            "tag_accounts": {"id": tag_accounts_id},
            "tag_uses": {"id": tag_uses_id},
            "tag_servers": {"id": tag_servers_id},
            "instance_accounts": {"domain": instance_accounts_domain},
            "instance_media_attachments": {"domain": instance_media_attachments_domain},
            "instance_reports": {"domain": instance_reports_domain},
            "instance_statuses": {"domain": instance_statuses_domain},
            "instance_follows": {"domain": instance_follows_domain},
            "instance_followers": {"domain": instance_followers_domain},
        }
        return await self._requester.call(list[AdminMeasure], GET, form=form)
