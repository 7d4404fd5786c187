"""The server's own description: name, rules, limits and configuration.

Docs: https://docs.joinmastodon.org/methods/instance/
"""

from __future__ import annotations

import re
import warnings
from datetime import date

import msgspec
from yarl import URL

from .._sansio.response import decode_body, is_empty
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
from ..errors import NotFound
from ._base import Namespace

__all__ = [
    "InstanceActivity",
    "InstanceMethods",
    "Language",
    "NodeInfo",
    "NodeInfoLink",
    "NodeInfoLinks",
    "NodeInfoSoftware",
]

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
# Undocumented by the Mastodon docs (see each method's docstring for the source).
LANGUAGES = route("GET", "/api/v1/instance/languages", "instance.languages", version="4.2.0")
SEARCH_PEERS = route("GET", "/api/v1/peers/search", "instance.search_peers", version=None)
# NodeInfo (docs: dev/routes#nodeinfo): the discovery document, then the 2.x document it
# links, wherever it is (Mastodon serves /nodeinfo/2.0; GoToSocial /nodeinfo/2.1 too;
# snac /nodeinfo_2_1): the second route names the request, its URL comes from the first.
NODEINFO_LINKS = route("GET", "/.well-known/nodeinfo", "instance.nodeinfo", version=None)
NODEINFO = route("GET", "/nodeinfo/2.0", "instance.nodeinfo", version=None)


class _Version(Entity, frozen=True, kw_only=True):
    """The two fields of an instance document that say what the server is."""

    version: str = ""
    api_versions: dict[str, object] = msgspec.field(default_factory=dict)


class Language(Entity, frozen=True, kw_only=True):
    """A language statuses may be written in (``GET /api/v1/instance/languages``).

    Attributes:
        code: The ISO 639 code (``en``, ``de``; ISO 639-3 for languages without a
            two-letter code, some servers also regional codes such as ``zh-TW``).
        name: Its name in English.
    """

    code: str
    name: str = ""


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


class NodeInfoLink(Entity, frozen=True, kw_only=True):
    """One entry of ``/.well-known/nodeinfo``: a schema (``rel``) and where it is."""

    rel: str = ""
    href: str = ""


class NodeInfoLinks(Entity, frozen=True, kw_only=True):
    """The answer of ``GET /.well-known/nodeinfo``."""

    links: list[NodeInfoLink] = msgspec.field(default_factory=list)


class NodeInfoSoftware(Entity, frozen=True, kw_only=True):
    """``software`` of a NodeInfo document, as the server writes it."""

    name: str = ""
    version: str = ""
    repository: str | None = None
    homepage: str | None = None


class NodeInfo(Entity, frozen=True, kw_only=True):
    """A NodeInfo 2.x document (http://nodeinfo.diaspora.software/).

    Attributes:
        version: The schema version (``2.0``, ``2.1``).
        software: Which software, and its own version.
        protocols: ``activitypub``, ...
        openRegistrations: Whether anyone may sign up.
        usage: Users and posts, as the server counts them.
        metadata: Anything else the server adds.
    """

    version: str = ""
    software: NodeInfoSoftware = msgspec.field(default_factory=NodeInfoSoftware)
    protocols: list[str] = msgspec.field(default_factory=list)
    openRegistrations: bool = False
    usage: dict[str, object] = msgspec.field(default_factory=dict)
    metadata: dict[str, object] = msgspec.field(default_factory=dict)


_SCHEMA = re.compile(r"https?://nodeinfo\.diaspora\.software/ns/schema/2\.(\d{1,3})/?")


def _nodeinfo_url(base_url: URL, links: NodeInfoLinks) -> URL | None:
    """Where to fetch the newest NodeInfo 2.x document the links name, or ``None``.

    The path (and query) of the link, on ``base_url``'s origin: a link's scheme and host
    are not followed (Takahē links ``https://`` while serving plain HTTP; a link to
    another host would send the request elsewhere).
    """
    best: tuple[int, str] | None = None
    for link in links.links:
        schema = _SCHEMA.fullmatch(link.rel.strip())
        if schema and (best is None or int(schema.group(1)) > best[0]):
            best = (int(schema.group(1)), link.href)
    if best is None:
        return None
    try:
        href = URL(best[1].strip())
    except (ValueError, TypeError):
        return None
    if not href.path.startswith("/") or not href.path.strip("/"):
        return None
    url = base_url.origin().with_path(href.raw_path, encoded=True)
    return url.with_query(href.raw_query_string) if href.raw_query_string else url


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

    async def languages(self) -> list[Language]:
        """``GET /api/v1/instance/languages``: the languages statuses may be written in.

        Undocumented: in Mastodon since 4.2.0 (CHANGELOG, #24443), served by
        ``Api::V1::Instances::LanguagesController`` (``config/routes/api.rb``). Each
        language is ``{code, name}``, the English name. Public, unless the server is in
        limited-federation mode. A bare code instead of an object (what masto.js's types
        expect, and mastodon-mock sends) gives a ``Language`` without a name.

        Docs: https://docs.joinmastodon.org/methods/instance/ (not listed there)
        """
        found = await self._requester.call(list[Language | str], LANGUAGES)
        return [Language(code=item) if isinstance(item, str) else item for item in found]

    async def search_peers(self, q: str) -> list[str]:
        """``GET /api/v1/peers/search``: known domains starting with ``q`` (at most 10).

        Undocumented: served by Mastodon's ``Api::V1::Peers::SearchController`` since
        the 4.2 series (the server picker of the web app), ranked by how many accounts
        each domain has. A server that does not share its peers answers 404. Mastodon
        answers ``null`` for an empty ``q``; that gives ``[]`` here.

        Args:
            q: The start of a domain name.

        Docs: https://docs.joinmastodon.org/methods/instance/ (not listed there)
        """
        response = await self._requester.send(SEARCH_PEERS, query={"q": q})
        return [] if is_empty(response) else decode_body(response, list[str])

    async def nodeinfo(self) -> NodeInfo | None:
        """``GET /.well-known/nodeinfo``, then the NodeInfo 2.x document it links.

        NodeInfo says which software a server runs (``software.name``, ``.version``),
        for every kind of fediverse server. The newest 2.x document listed is fetched
        from ``base_url``'s origin whatever scheme or host its link names (servers
        behind a TLS proxy link ``https://`` while serving plain HTTP), so the request
        never leaves the instance. ``None`` when the server lists no 2.x document.

        Docs: https://docs.joinmastodon.org/dev/routes/#nodeinfo
        """
        links = await self._requester.call(NodeInfoLinks, NODEINFO_LINKS)
        url = _nodeinfo_url(self._requester.base_url, links)
        if url is None:
            return None
        response = await self._requester.send(NODEINFO, url=url)
        return decode_body(response, NodeInfo)

    async def _version(self) -> tuple[str, dict[str, int]]:
        """``version`` and ``api_versions`` of ``GET /api/v2/instance``, or of v1 where
        there is no v2; decoded alone, so the rest of the document cannot fail them."""
        try:
            about = await self._requester.call(_Version, GET)
        except NotFound:
            about = await self._requester.call(_Version, GET_V1)
        versions = {
            key: value
            for key, value in about.api_versions.items()
            if isinstance(value, int) and not isinstance(value, bool)
        }
        return about.version, versions
