"""Server versions: reading them, and telling whether an endpoint is older than a server.

Mastodon reports ``version`` in ``GET /api/v2/instance`` (``"4.3.2"``, ``"4.4.0-beta.1"``,
``"4.2.10+glitch"``), and since 4.3 an ``api_versions.mastodon`` integer. Other software
writes that string its own way, and ``aiomastodon._sansio.versions.read_version``
reads every form seen in the wild (facts: research-14 part 2.2):

- Mastodon, glitch-soc, Hometown: ``4.5.2``, ``4.6.0-nightly.2026-06-01``,
  ``4.5.2+glitch``, ``4.5.0+hometown-1.1.2``;
- Pleroma, Akkoma, Sharkey, Friendica, ...: ``2.7.2 (compatible; Pleroma 2.6.0)``,
  ``3.0.0 (compatible; Sharkey 2024.3.3; like Akkoma)``;
- Iceshrimp.NET: ``4.2.1 (compatible; Iceshrimp.NET/2024.1-beta2.security3+e1d25a9231)``;
- snac: ``4.0.0 (not true; really snac/2.94)``; Takahē: ``takahe/0.11.0``;
- GoToSocial: its own ``0.20.0+git-abc1234`` (a local build: ``57cb4fe74-local``); with
  ``instance-inject-mastodon-version``, ``3.5.3+0.20.0+git-abc1234``.


The Mastodon version a string claims is its leading ``MAJOR.MINOR.PATCH``, except where
that is the software's own number (GoToSocial's ``0.x``, ``takahe/...``). Which software
it is comes first from NodeInfo (``aiomastodon.server``); the string only fills gaps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ServerVersion", "VersionClaim", "parse_version", "read_version", "version_numbers"]


_VERSION = re.compile(r"\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?")


def parse_version(text: str | None) -> tuple[int, int, int] | None:
    """``"4.3.0-beta.2"`` → ``(4, 3, 0)``; ``None`` if there is no version number."""
    if not text:
        return None
    match = _VERSION.match(text)
    if match is None:
        return None
    major, minor, patch = (int(part or 0) for part in match.groups())
    return major, minor, patch


# At most this much of a version string is read: it bounds the work on hostile input.
_MAX_TEXT = 200
_CLAIM = re.compile(r"v?(\d{1,6})\.(\d{1,6})(?:\.(\d{1,6}))?")
# "Pleroma 2.6.0", "snac/2.94", "really snac/2.94", "Iceshrimp.NET/2024.1-beta2+e1d2"
_NAMED = re.compile(r"(?:really\s+)?([A-Za-z][\w.\-]*?)[ /]v?(\d[^\s;()]*)")
_SLASHED = re.compile(r"([A-Za-z][\w.\-]*)/v?(\d[^\s;()]*)")
_HOMETOWN = re.compile(r"hometown-(\d[^\s+]*)")


@dataclass(frozen=True)
class VersionClaim:
    """What an instance's ``version`` string says.

    Attributes:
        mastodon: The Mastodon version it claims to be compatible with, as numbers;
            ``None`` when it claims none.
        software: The software the string names, lower case (``pleroma``, ``snac``,
            ``gotosocial``, ``hometown``); ``None`` when it names none (plain Mastodon).
        version: That software's own version, as written.
    """

    mastodon: tuple[int, int, int] | None = None
    software: str | None = None
    version: str | None = None


def _numbers(match: re.Match[str]) -> tuple[int, int, int]:
    major, minor, patch = match.groups()
    return int(major), int(minor), int(patch or 0)


def version_numbers(text: str | None) -> tuple[int, int, int] | None:
    """The leading ``MAJOR.MINOR[.PATCH]`` of a version, strictly: ``"2.94"`` → ``(2, 94, 0)``,
    but ``None`` for ``"57cb4fe74-local"`` (a commit, not a version number)."""
    match = _CLAIM.match((text or "")[:_MAX_TEXT].strip())
    return None if match is None else _numbers(match)


def read_version(text: str | None) -> VersionClaim:
    """Read an instance's ``version`` string; never raises, whatever the text.

    >>> read_version("2.7.2 (compatible; Pleroma 2.6.0)")
    VersionClaim(mastodon=(2, 7, 2), software='pleroma', version='2.6.0')
    >>> read_version("takahe/0.11.0")
    VersionClaim(mastodon=None, software='takahe', version='0.11.0')
    """
    text = (text or "")[:_MAX_TEXT].strip()
    head, paren, inside = text.partition("(")
    lead = _CLAIM.match(head.strip())
    claimed = None if lead is None else _numbers(lead)
    if paren:
        # "X.Y.Z (compatible; NAME VERSION)" and "X.Y.Z (not true; really NAME/VERSION)"
        for part in inside.rstrip(")").split(";"):
            named = _NAMED.search(part.strip())
            if named:
                software, version = named.group(1).lower(), named.group(2)
                return VersionClaim(claimed, software, version)
        return VersionClaim(claimed)
    slashed = _SLASHED.fullmatch(text)
    if slashed:
        return VersionClaim(None, slashed.group(1).lower(), slashed.group(2))
    if lead is None or claimed is None:
        return VersionClaim()  # "57cb4fe74-local": a build, no version number
    rest = text[lead.end() :]

    inner = _CLAIM.match(rest[1:]) if rest.startswith("+") else None
    if inner is not None and claimed[0] >= 1:
        own = _numbers(inner)
        if own[0] == 0:
            # GoToSocial's injected form: "3.5.3+0.20.0+git-abc1234"
            return VersionClaim(claimed, "gotosocial", rest[1:])
        # Old Hometown: its own version first, then Mastodon's ("1.0.7+3.5.5")
        return VersionClaim(own, "hometown", text[: lead.end()])
    hometown = _HOMETOWN.search(rest)
    if hometown:
        return VersionClaim(claimed, "hometown", hometown.group(1))
    if claimed[0] == 0:
        return VersionClaim()  # GoToSocial's own "0.20.0+git-abc1234": no Mastodon claim
    return VersionClaim(claimed)


@dataclass(frozen=True)
class ServerVersion:
    """What a server says it is.

    Attributes:
        text: The ``version`` string as sent.
        mastodon: The version as numbers, or ``None`` when unknown or only "compatible".
    """

    text: str
    mastodon: tuple[int, int, int] | None

    @classmethod
    def from_text(cls, text: str) -> ServerVersion:
        """Read a ``version`` string; other software's "compatible" claims count as unknown."""
        compatible = "compatible" in text.lower()
        return cls(text, None if compatible else parse_version(text))

    def lacks(self, version_added: str | None) -> bool:
        """Whether this server is known to be older than ``version_added``."""
        needed = parse_version(version_added)
        return self.mastodon is not None and needed is not None and self.mastodon < needed
