"""The server's own description: name, rules, limits and configuration.

Docs: https://docs.joinmastodon.org/methods/instance/
"""

from __future__ import annotations

import warnings
from datetime import date

from .._sansio.routes import route
from ..entities import (
    DomainBlock,
    Entity,
    ExtendedDescription,
    Instance,
    PrivacyPolicy,
    Rule,
    TermsOfService,
    V1Instance,
)
from ._base import Namespace

__all__ = ["InstanceActivity", "InstanceMethods"]

GET = route("GET", "/api/v2/instance", "instance.get", version="4.0.0")
GET_V1 = route(
    "GET",
    "/api/v1/instance",
    "instance.get_v1",
    version="1.1.0",
    deprecated="deprecated since Mastodon 4.0; use instance.get (GET /api/v2/instance)",
)
PEERS = route("GET", "/api/v1/instance/peers", "instance.peers", version="2.1.2")
ACTIVITY = route("GET", "/api/v1/instance/activity", "instance.activity", version="2.1.2")
RULES = route("GET", "/api/v1/instance/rules", "instance.rules", version="3.4.0")
DOMAIN_BLOCKS = route(
    "GET", "/api/v1/instance/domain_blocks", "instance.domain_blocks", version="4.0.0"
)
EXTENDED_DESCRIPTION = route(
    "GET",
    "/api/v1/instance/extended_description",
    "instance.extended_description",
    version="4.0.0",
)
PRIVACY_POLICY = route(
    "GET", "/api/v1/instance/privacy_policy", "instance.privacy_policy", version="4.0.0"
)
TERMS_OF_SERVICE = route(
    "GET", "/api/v1/instance/terms_of_service", "instance.terms_of_service", version="4.4.0"
)
TERMS_OF_SERVICE_AT = route(
    "GET",
    "/api/v1/instance/terms_of_service/:date",
    "instance.terms_of_service_at",
    version="4.4.0",
)
TRANSLATION_LANGUAGES = route(
    "GET",
    "/api/v1/instance/translation_languages",
    "instance.translation_languages",
    version="4.2.0",
)


class InstanceActivity(Entity, frozen=True, kw_only=True):
    """One week of [`InstanceMethods.activity`][aiomastodon.api.instance.InstanceMethods.activity].

    The server sends every figure as a string of digits; so do these fields.

    Attributes:
        week: The start of the week, as a UNIX timestamp.
        statuses: Statuses created that week.
        logins: Users who logged in that week.
        registrations: Users who signed up that week.
    """

    week: str
    statuses: str = "0"
    logins: str = "0"
    registrations: str = "0"


class InstanceMethods(Namespace):
    """``client.instance``: what the server says about itself (no token needed)."""

    __slots__ = ()

    async def get(self) -> Instance:
        """``GET /api/v2/instance``: the server's description and configuration.

        Mastodon 4.0+. For older servers use
        [`get_v1`][aiomastodon.api.instance.InstanceMethods.get_v1].

        Docs: https://docs.joinmastodon.org/methods/instance/#v2
        """
        return await self._requester.call(Instance, GET)

    async def get_v1(self) -> V1Instance:
        """``GET /api/v1/instance``: the server's description, old format (deprecated).

        Deprecated since Mastodon 4.0 in favour of
        [`get`][aiomastodon.api.instance.InstanceMethods.get]; still answered by current servers,
        and the only form servers before 4.0 know.

        Docs: https://docs.joinmastodon.org/methods/instance/#v1
        """
        warnings.warn(
            "GET /api/v1/instance is deprecated since Mastodon 4.0; use client.instance.get()",
            DeprecationWarning,
            stacklevel=2,
        )
        return await self._requester.call(V1Instance, GET_V1)

    async def peers(self) -> list[str]:
        """``GET /api/v1/instance/peers``: the domains this server has seen.

        Servers in limited-federation mode ask for a token; some answer 401 or 404
        when they keep the list private.

        Docs: https://docs.joinmastodon.org/methods/instance/#peers
        """
        return await self._requester.call(list[str], PEERS)

    async def activity(self) -> list[InstanceActivity]:
        """``GET /api/v1/instance/activity``: weekly figures for the last 12 weeks.

        Newest week first. Servers that keep these private answer 401 or 404.

        Docs: https://docs.joinmastodon.org/methods/instance/#activity
        """
        return await self._requester.call(list[InstanceActivity], ACTIVITY)

    async def rules(self) -> list[Rule]:
        """``GET /api/v1/instance/rules``: the server's rules.

        Docs: https://docs.joinmastodon.org/methods/instance/#rules
        """
        return await self._requester.call(list[Rule], RULES)

    async def domain_blocks(self) -> list[DomainBlock]:
        """``GET /api/v1/instance/domain_blocks``: the servers this one moderates.

        Public, shown to users only, or not at all, as the server's admins chose: a
        hidden list answers 404, a users-only one 401 without a token.

        Docs: https://docs.joinmastodon.org/methods/instance/#domain_blocks
        """
        return await self._requester.call(list[DomainBlock], DOMAIN_BLOCKS)

    async def extended_description(self) -> ExtendedDescription:
        """``GET /api/v1/instance/extended_description``: the long description (HTML).

        Docs: https://docs.joinmastodon.org/methods/instance/#extended_description
        """
        return await self._requester.call(ExtendedDescription, EXTENDED_DESCRIPTION)

    async def privacy_policy(self) -> PrivacyPolicy:
        """``GET /api/v1/instance/privacy_policy``: the privacy policy (HTML).

        Docs: https://docs.joinmastodon.org/methods/instance/#privacy_policy
        """
        return await self._requester.call(PrivacyPolicy, PRIVACY_POLICY)

    async def terms_of_service(self) -> TermsOfService:
        """``GET /api/v1/instance/terms_of_service``: the terms of service in force.

        Mastodon 4.4+. A server without terms answers 404.

        Docs: https://docs.joinmastodon.org/methods/instance/#terms_of_service
        """
        return await self._requester.call(TermsOfService, TERMS_OF_SERVICE)

    async def terms_of_service_at(self, effective_date: date | str, /) -> TermsOfService:
        """``GET /api/v1/instance/terms_of_service/:date``: the terms effective on a date.

        Mastodon 4.4+. Answers 404 when no version took effect on that date.

        Args:
            effective_date: The date a version took effect (``YYYY-MM-DD``).

        Docs: https://docs.joinmastodon.org/methods/instance/#terms_of_service_date
        """
        day = effective_date.isoformat() if isinstance(effective_date, date) else effective_date
        return await self._requester.call(TermsOfService, TERMS_OF_SERVICE_AT, day)

    async def translation_languages(self) -> dict[str, list[str]]:
        """``GET /api/v1/instance/translation_languages``: what can be translated to what.

        Maps each source language (ISO 639, ``und`` for "detect") to the languages it
        can be translated into. Empty when the server has no translation service.

        Docs: https://docs.joinmastodon.org/methods/instance/#translation_languages
        """
        return await self._requester.call(dict[str, list[str]], TRANSLATION_LANGUAGES)
