"""Server versions: reading them, and telling whether an endpoint is older than a server.

Mastodon reports ``version`` in ``GET /api/v2/instance`` (``"4.3.2"``, ``"4.4.0-beta.1"``,
``"4.2.10+glitch"``), and since 4.3 an ``api_versions.mastodon`` integer. Other software
claims a Mastodon version to be compatible (``"3.5.3 (compatible; Pleroma 2.5.0)"``):
its real capabilities are unknown, so no endpoint is ruled out for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ServerVersion", "parse_version"]

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
