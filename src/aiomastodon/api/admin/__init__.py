"""The admin API: moderation and statistics (needs an admin token and admin scopes).

Docs: https://docs.joinmastodon.org/methods/admin/
"""

from __future__ import annotations

from functools import cached_property

from ..._requester import Requester
from .accounts import AdminAccounts
from .canonical_email_blocks import AdminCanonicalEmailBlocks
from .dimensions import AdminDimensions
from .domain_allows import AdminDomainAllows
from .domain_blocks import AdminDomainBlocks
from .email_domain_blocks import AdminEmailDomainBlocks
from .ip_blocks import AdminIpBlocks
from .measures import AdminMeasures
from .reports import AdminReports
from .retention import AdminRetention
from .tags import AdminTags
from .trends import AdminTrends

__all__ = ["Admin"]


class Admin:
    """``client.admin``: the admin API, one group per methods page of the docs."""

    def __init__(self, requester: Requester) -> None:
        self._requester = requester

    def __repr__(self) -> str:
        return f"<Admin of {self._requester!r}>"

    @cached_property
    def accounts(self) -> AdminAccounts:
        """Moderate accounts."""
        return AdminAccounts(self._requester)

    @cached_property
    def reports(self) -> AdminReports:
        """Handle reports."""
        return AdminReports(self._requester)

    @cached_property
    def canonical_email_blocks(self) -> AdminCanonicalEmailBlocks:
        """Block email addresses by canonical form."""
        return AdminCanonicalEmailBlocks(self._requester)

    @cached_property
    def domain_blocks(self) -> AdminDomainBlocks:
        """Block or limit federation with domains."""
        return AdminDomainBlocks(self._requester)

    @cached_property
    def ip_blocks(self) -> AdminIpBlocks:
        """Block IP address ranges."""
        return AdminIpBlocks(self._requester)

    @cached_property
    def domain_allows(self) -> AdminDomainAllows:
        """Allow domains (limited federation mode)."""
        return AdminDomainAllows(self._requester)

    @cached_property
    def email_domain_blocks(self) -> AdminEmailDomainBlocks:
        """Block sign-ups from email domains."""
        return AdminEmailDomainBlocks(self._requester)

    @cached_property
    def trends(self) -> AdminTrends:
        """Review trends."""
        return AdminTrends(self._requester)

    @cached_property
    def tags(self) -> AdminTags:
        """Moderate hashtags (undocumented routes)."""
        return AdminTags(self._requester)

    @cached_property
    def dimensions(self) -> AdminDimensions:
        """Qualitative statistics."""
        return AdminDimensions(self._requester)

    @cached_property
    def measures(self) -> AdminMeasures:
        """Quantitative statistics."""
        return AdminMeasures(self._requester)

    @cached_property
    def retention(self) -> AdminRetention:
        """User retention cohorts."""
        return AdminRetention(self._requester)
