"""Knowing the server: which software it runs, which Mastodon API it speaks, what it has.

[`Client.server_info`][aiomastodon.Client.server_info] asks the server once, through the
ordinary request loop, and keeps the answer:

1. ``GET /.well-known/nodeinfo``, then the newest NodeInfo 2.x document it links: the
   software's name (lower-cased here: ``mastodon``, ``gotosocial``, ``takahe``, ``snac``,
   ``pleroma``, ``akkoma``, ``iceshrimp.net``, ...) and its own version. NodeInfo is how
   every kind of fediverse server says what it is; a server without it is read from
   its instance document alone.
2. ``GET /api/v2/instance`` (``/api/v1/instance`` where there is no v2): the
   ``version`` string, whose Mastodon claim is read by
   ``aiomastodon._sansio.versions.read_version``, and ``api_versions``.

What the server *has* comes from [`FEATURES`][aiomastodon.server.FEATURES], a table of
claims per software and version, each with its source (rendered in ``docs/servers.md``):
Mastodon and its forks that keep its version numbers (glitch-soc, Hometown) are judged by
their Mastodon version; other software by its own version, never by the Mastodon version
it claims to be compatible with (GoToSocial claims none, snac says its claim is untrue).

This module is pure: it judges the answers (``ServerInfo.from_documents``); the client
asks the questions (``client.instance.nodeinfo()``, then the instance document).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal, get_args

from ._sansio.routes import Route
from ._sansio.versions import read_version, version_numbers

__all__ = [
    "FEATURES",
    "MASTODON_LINEAGE",
    "Claim",
    "Feature",
    "ServerInfo",
    "feature_of",
]

Feature = Literal[
    "streaming_websocket",
    "streaming_sse",
    "streaming_multiplex",
    "streaming_hashtag",
    "grouped_notifications",
    "quotes",
    "markers",
    "edit_history",
    "filters_v2",
    "scheduled_statuses",
    "idempotency_key",
    "instance_v2",
    "lists",
    "bookmarks",
    "polls",
]
"""What a server may have (each is described in ``docs/servers.md``)."""

FEATURE_NAMES: tuple[Feature, ...] = get_args(Feature)

DESCRIPTIONS: Mapping[Feature, str] = {
    "streaming_websocket": "WebSocket streaming at `/api/v1/streaming`",
    "streaming_sse": "Server-sent events at `/api/v1/streaming/user`, `/public`, ...",
    "streaming_multiplex": "Several streams on one WebSocket (`subscribe`/`unsubscribe`)",
    "streaming_hashtag": "Hashtag streams (`hashtag`, `hashtag:local`)",
    "grouped_notifications": "Grouped notifications, `/api/v2/notifications`",
    "quotes": "Mastodon's quote posts (`quoted_status_id`, `/statuses/:id/quotes`)",
    "markers": "Read positions, `/api/v1/markers`",
    "edit_history": "Revisions of an edited status, `/api/v1/statuses/:id/history`",
    "filters_v2": "Filters v2, `/api/v2/filters`",
    "scheduled_statuses": "Scheduled statuses (`scheduled_at`, `/api/v1/scheduled_statuses`)",
    "idempotency_key": "`Idempotency-Key` honoured on `POST /api/v1/statuses`",
    "instance_v2": "`/api/v2/instance`",
    "lists": "Lists, `/api/v1/lists`",
    "bookmarks": "Bookmarks, `/api/v1/bookmarks`",
    "polls": "Polls (posting and voting)",
}
"""What each feature means, for ``docs/servers.md``."""


MASTODON_LINEAGE = frozenset({"mastodon", "hometown"})
"""NodeInfo names of servers that keep Mastodon's version numbers (glitch-soc calls itself
``mastodon``); they are judged by their Mastodon version."""


# --- the table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    """What is known about one feature of one software.

    Attributes:
        since: The software's own version that added it; ``None``: in every version
            the source covers. Ignored when ``missing``.
        missing: The software does not have it (as of ``checked``).
        checked: For a missing feature, the newest version known to lack it: a newer
            version is not judged (it may have it by now).
        stub: The routes exist but do nothing useful (an empty list, always): the
            feature counts as missing, yet calls are not refused.
        source: Where the claim was read.
    """

    source: str
    since: str | None = None
    missing: bool = False
    checked: str | None = None
    stub: bool = False


def _has(source: str, since: str | None = None) -> Claim:
    return Claim(source, since=since)


def _lacks(source: str, checked: str | None) -> Claim:
    return Claim(source, missing=True, checked=checked)


def _stub(source: str, checked: str | None) -> Claim:
    return Claim(source, missing=True, checked=checked, stub=True)


_DOCS = "Mastodon docs, endpoints.json"
_GTS = "GoToSocial source @ 57cb4fe7 (research-14 2.4)"
_GTS_REC = "GoToSocial recording (tests/data/realservers)"
_TK = "Takahē 0.11.0 source, api/urls.py (research-14 2.4)"
_TK_REC = "Takahē recording (tests/data/realservers)"
_SNAC = "snac 2.94 source, mastoapi.c (research-14 2.4)"
_SNAC_REC = "snac recording (tests/data/realservers)"
_AKKOMA = "Akkoma router.ex @ 108fbb0f (research-14 2.4)"
_ICE = "Iceshrimp.NET controller list (research-14 2.4)"

FEATURES: Mapping[Feature, Mapping[str, Claim]] = {
    "streaming_websocket": {
        "mastodon": _has(f"{_DOCS} (streaming.websocket)", "3.3.0"),
        "gotosocial": _has(f"{_GTS}; {_GTS_REC} (ws2)", "0.1.0"),
        "takahe": _lacks(f"{_TK}; {_TK_REC} (404)", "0.11.0"),
        "snac": _lacks(f"{_SNAC}; {_SNAC_REC} (404)", "2.94"),
        "pleroma": _has(_AKKOMA),
        "akkoma": _has(_AKKOMA),
        "iceshrimp.net": _has(_ICE),
    },
    "streaming_sse": {
        "mastodon": _has(f"{_DOCS} (streaming.user)", "1.0.0"),
        "gotosocial": _lacks(f"{_GTS}; {_GTS_REC} (404)", "0.20.0"),
        "takahe": _lacks(f"{_TK}; {_TK_REC} (404)", "0.11.0"),
        "snac": _lacks(f"{_SNAC}; {_SNAC_REC} (404)", "2.94"),
    },
    "streaming_multiplex": {
        "mastodon": _has(f"{_DOCS} (streaming.websocket subscribe)", "3.3.0"),
        "gotosocial": _has(_GTS),
        "takahe": _lacks(_TK, "0.11.0"),
        "snac": _lacks(_SNAC, "2.94"),
        "pleroma": _has(_AKKOMA),
        "akkoma": _has(_AKKOMA),
    },
    "streaming_hashtag": {
        "mastodon": _has(f"{_DOCS} (streaming.hashtag)", "1.0.0"),
        "gotosocial": _lacks(f"{_GTS} (no tag in subscribe)", "0.20.0"),
        "takahe": _lacks(_TK, "0.11.0"),
        "snac": _lacks(_SNAC, "2.94"),
    },
    "grouped_notifications": {
        "mastodon": _has(f"{_DOCS} (grouped_notifications.get-grouped)", "4.3.0"),
        "gotosocial": _lacks(_GTS, "0.20.0"),
        "takahe": _lacks(_TK, "0.11.0"),
        "snac": _lacks(_SNAC, "2.94"),
    },
    "quotes": {
        "mastodon": _has(f"{_DOCS} (statuses.quotes)", "4.5.0"),
        "gotosocial": _lacks(_GTS, "0.20.0"),
        "takahe": _lacks(_TK, "0.11.0"),
        "snac": _lacks(_SNAC, "2.94"),
    },
    "markers": {
        "mastodon": _has(f"{_DOCS} (markers.get)", "3.0.0"),
        "gotosocial": _has(f"{_GTS}; {_GTS_REC}", "0.11.0"),
        "takahe": _lacks(f"{_TK}; {_TK_REC} (404)", "0.11.0"),
        "snac": _has(f"{_SNAC}; {_SNAC_REC}"),
        "pleroma": _has(_AKKOMA),
        "akkoma": _has(_AKKOMA),
        "iceshrimp.net": _has(_ICE),
    },
    "edit_history": {
        "mastodon": _has(f"{_DOCS} (statuses.history)", "3.5.0"),
        "gotosocial": _has(_GTS, "0.18.0"),
        "takahe": _lacks(_TK, "0.11.0"),
        "snac": _lacks(_SNAC, "2.94"),
        "pleroma": _has(_AKKOMA),
        "akkoma": _has(_AKKOMA),
    },
    "filters_v2": {
        "mastodon": _has(f"{_DOCS} (filters.get)", "4.0.0"),
        "gotosocial": _has(f"{_GTS}; {_GTS_REC}", "0.16.0"),
        "takahe": _stub(f"{_TK} (GET only, always [])", "0.11.0"),
        "snac": _stub(f"{_SNAC} (always [])", "2.94"),
    },
    "scheduled_statuses": {
        "mastodon": _has(f"{_DOCS} (scheduled_statuses.get)", "2.7.0"),
        "gotosocial": _has(_GTS, "0.20.0"),
        "takahe": _lacks(_TK, "0.11.0"),
        "snac": _stub(f"{_SNAC} (scheduled_at accepted, list routed)", "2.94"),
        "pleroma": _has(_AKKOMA),
        "akkoma": _has(_AKKOMA),
        "iceshrimp.net": _has(_ICE),
    },
    "idempotency_key": {
        "mastodon": _has(f"{_DOCS} (statuses.create, Idempotency-Key header)"),
        "gotosocial": _lacks(f"{_GTS} (only in the CORS allow-list)", "0.20.0"),
        "takahe": _lacks(_TK, "0.11.0"),
        "snac": _lacks(_SNAC, "2.94"),
        "pleroma": _has(f"{_AKKOMA} (IdempotencyPlug)"),
        "akkoma": _has(f"{_AKKOMA} (IdempotencyPlug)"),
    },
    "instance_v2": {
        "mastodon": _has(f"{_DOCS} (instance.v2)", "4.0.0"),
        "gotosocial": _has(f"{_GTS}; {_GTS_REC}", "0.7.0"),
        "takahe": _has(f"{_TK}; {_TK_REC}"),
        "snac": _lacks(f"{_SNAC}; {_SNAC_REC} (404)", "2.94"),
        "pleroma": _has("Pleroma instance_view.ex show2 (research-14 2.4)"),
        "iceshrimp.net": _has(_ICE),
    },
    "lists": {
        "mastodon": _has(f"{_DOCS} (lists.get)", "2.1.0"),
        "gotosocial": _has(f"{_GTS}; {_GTS_REC}", "0.10.0"),
        "takahe": _stub(f"{_TK} (always [])", "0.11.0"),
        "snac": _has(f"{_SNAC}; {_SNAC_REC}"),
        "pleroma": _has(_AKKOMA),
        "akkoma": _has(_AKKOMA),
        "iceshrimp.net": _has(_ICE),
    },
    "bookmarks": {
        "mastodon": _has(f"{_DOCS} (bookmarks.get)", "3.1.0"),
        "gotosocial": _has(f"{_GTS}; {_GTS_REC}", "0.7.0"),
        "takahe": _has(f"{_TK}; {_TK_REC}"),
        "snac": _has(f"{_SNAC}; {_SNAC_REC}"),
        "pleroma": _has(_AKKOMA),
        "akkoma": _has(_AKKOMA),
    },
    "polls": {
        "mastodon": _has(f"{_DOCS} (polls.get)", "2.8.0"),
        "gotosocial": _has(_GTS, "0.13.0"),
        "takahe": _has(_TK),
        "snac": _has(_SNAC),
        "pleroma": _has(_AKKOMA),
        "akkoma": _has(_AKKOMA),
        "iceshrimp.net": _has(_ICE),
    },
}
"""Every claim, by feature, then by NodeInfo software name (a software absent from a
feature's claims is unknown there). Rendered in ``docs/servers.md``."""

# Which feature a route belongs to, by its Python name (a prefix ends with "."); checked
# in order, so the exceptions come first.
_ROUTE_FEATURES: tuple[tuple[str, Feature], ...] = (
    ("grouped_notifications.", "grouped_notifications"),
    ("notifications_alpha.", "grouped_notifications"),
    ("markers.", "markers"),
    ("statuses.history", "edit_history"),
    ("scheduled_statuses.", "scheduled_statuses"),
    ("statuses.quotes", "quotes"),
    ("statuses.revoke_quote", "quotes"),
    ("statuses.edit_interaction_policy", "quotes"),
    ("lists.", "lists"),
    ("timelines.list", "lists"),
    ("bookmarks.", "bookmarks"),
    ("statuses.bookmark", "bookmarks"),
    ("statuses.unbookmark", "bookmarks"),
    ("polls.", "polls"),
)


def feature_of(route: Route) -> Feature | None:
    """The feature a route needs, or ``None`` when it needs none of the table's."""
    if route.path.startswith("/api/v2/filters"):
        return "filters_v2"
    for prefix, feature in _ROUTE_FEATURES:
        if route.name == prefix or (prefix.endswith(".") and route.name.startswith(prefix)):
            return feature
    return None


# --- what the server is -------------------------------------------------------------------


@dataclass(frozen=True)
class ServerInfo:
    """What a server is and what it has, from NodeInfo and its instance document.

    Attributes:
        software: The software, lower case as NodeInfo names it (``mastodon``,
            ``gotosocial``, ``takahe``, ``snac``, ``pleroma``, ``iceshrimp.net``, ...);
            without NodeInfo, what the ``version`` string names, ``mastodon`` for a
            plain Mastodon version, else ``None``.
        version: The software's own version (NodeInfo ``software.version``, else read
            from the ``version`` string), or ``None``.
        mastodon_version: The Mastodon version it claims compatibility with, as
            numbers; ``None`` when it claims none.
        api_versions: ``api_versions`` of ``/api/v2/instance`` (``{"mastodon": 7}``),
            empty where the server sends none.
        version_text: The instance document's ``version`` string as sent ("" without one).
        features: What it has, by the [table][aiomastodon.server.FEATURES].
        missing: What it lacks (stubs included), by the table. A feature in neither
            set is unknown for this server.
        nodeinfo: Whether the server answered NodeInfo.
    """

    software: str | None
    version: str | None
    mastodon_version: tuple[int, int, int] | None
    api_versions: Mapping[str, int] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )
    version_text: str = ""
    features: frozenset[Feature] = frozenset()
    missing: frozenset[Feature] = frozenset()
    nodeinfo: bool = False

    @classmethod
    def from_documents(
        cls,
        version_text: str | None,
        api_versions: Mapping[str, int] | None = None,
        *,
        nodeinfo_name: str | None = None,
        nodeinfo_version: str | None = None,
    ) -> ServerInfo:
        """Judge a server by what it answered (pure: no I/O).

        Args:
            version_text: ``version`` of the instance document (``None`` without one).
            api_versions: ``api_versions`` of ``/api/v2/instance``.
            nodeinfo_name: NodeInfo ``software.name`` (``None`` without NodeInfo).
            nodeinfo_version: NodeInfo ``software.version``.
        """
        claim = read_version(version_text)
        named = (nodeinfo_name or "").strip().lower()[:100]
        software = named or claim.software
        if software is None and claim.mastodon is not None:
            software = "mastodon"  # a bare Mastodon version, and no NodeInfo to say more
        own = (nodeinfo_version or "").strip()[:200] or claim.version
        mastodon = claim.mastodon
        if software in MASTODON_LINEAGE:
            own = own or (version_text or "").strip() or None
            mastodon = mastodon or version_numbers(own)
        features, missing = _judge(software, mastodon if software in MASTODON_LINEAGE else own)
        return cls(
            software=software,
            version=own or None,
            mastodon_version=mastodon,
            api_versions=MappingProxyType(dict(api_versions or {})),
            version_text=(version_text or "")[:200],
            features=features,
            missing=missing,
            nodeinfo=nodeinfo_name is not None,
        )

    @property
    def is_mastodon(self) -> bool:
        """Mastodon, or a fork that keeps its version numbers (glitch-soc, Hometown)."""
        return self.software in MASTODON_LINEAGE

    @property
    def name(self) -> str:
        """``"gotosocial 0.20.0"``: the software and its version, for messages."""
        return " ".join(part for part in (self.software or "unknown", self.version) if part)

    def supports(self, feature: Feature) -> bool | None:
        """``True`` if it has the feature, ``False`` if it lacks it, ``None`` if unknown."""
        if feature in self.features:
            return True
        if feature in self.missing:
            return False
        return None

    def refuses(self, route: Route) -> Feature | None:
        """The feature this server is known to lack that ``route`` needs, if any.

        Stubs (routes that answer, emptily) are not refused.
        """
        feature = feature_of(route)
        if feature is None or feature not in self.missing or self.software is None:
            return None
        claim = FEATURES[feature].get("mastodon" if self.is_mastodon else self.software)
        return None if claim is None or claim.stub else feature


def _judge(
    software: str | None, version: str | tuple[int, int, int] | None
) -> tuple[frozenset[Feature], frozenset[Feature]]:
    """The features a software has and lacks at a version, by the table.

    A version that cannot be read (a development build such as ``57cb4fe74-local``) is
    judged by the table as it stands: newer than every ``since``, within every ``checked``.
    """
    if software is None:
        return frozenset(), frozenset()
    key = "mastodon" if software in MASTODON_LINEAGE else software
    numbers = version if isinstance(version, tuple) else version_numbers(version)
    has: set[Feature] = set()
    lacks: set[Feature] = set()
    for feature in FEATURE_NAMES:
        claim = FEATURES[feature].get(key)
        if claim is None:
            continue
        if claim.missing:
            checked = version_numbers(claim.checked)
            if numbers is not None and checked is not None and numbers > checked:
                continue  # newer than any version looked at: unknown
            lacks.add(feature)
            continue
        since = version_numbers(claim.since)
        if numbers is None or since is None or numbers >= since:
            has.add(feature)
        else:
            lacks.add(feature)
    return frozenset(has), frozenset(lacks)
