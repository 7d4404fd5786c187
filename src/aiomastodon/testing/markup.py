"""Status text to Mastodon's HTML: paragraphs, line breaks, mentions, hashtags and links.

Only what a client sees in ``content``: ``@name`` of an existing account becomes Mastodon's
``h-card`` mention link, ``#tag`` a hashtag link, an ``http(s)://`` URL a link, and the
rest is escaped; blank lines make paragraphs and single newlines ``<br />``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import TypeVar

__all__ = ["hashtags", "mentioned", "to_html"]

T = TypeVar("T")

_TOKEN = re.compile(
    r"(?P<mention>(?<![\w/@])@(?P<user>[A-Za-z0-9_]+)(?:@(?P<domain>[\w.:-]+))?)"
    r"|(?P<tag>(?<![\w/&#])#(?P<name>\w*[^\W\d_]\w*))"
    r"|(?P<url>https?://[^\s<>\"]+[^\s<>\".,;:!?)])"
)


def mentioned(text: str, lookup: Callable[[str], T | None]) -> list[T]:
    """The accounts ``text`` mentions that ``lookup`` knows, once each, in order."""
    found: list[T] = []
    for match in _TOKEN.finditer(text):
        if match.group("mention"):
            account = lookup(match.group("user"))
            if account is not None and account not in found:
                found.append(account)
    return found


def hashtags(text: str) -> list[str]:
    """The hashtags of ``text``, lower-cased (as Mastodon names them), once each."""
    found: list[str] = []
    for match in _TOKEN.finditer(text):
        name = match.group("name")
        if name and name.lower() not in found:
            found.append(name.lower())
    return found


def to_html(text: str, base_url: str, known: Callable[[str], bool]) -> str:
    """``text`` as Mastodon renders it; ``known(username)`` says which mentions link."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p]
    return "".join(
        "<p>" + "<br />".join(_line(line, base_url, known) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )


def _line(line: str, base_url: str, known: Callable[[str], bool]) -> str:
    out: list[str] = []
    last = 0
    for match in _TOKEN.finditer(line):
        out.append(html.escape(line[last : match.start()], quote=False))
        last = match.end()
        user = match.group("user")
        if match.group("mention") and known(user):
            out.append(
                f'<span class="h-card" translate="no"><a href="{base_url}/@{user}" '
                f'class="u-url mention">@<span>{user}</span></a></span>'
            )
        elif match.group("tag"):
            name = match.group("name")
            out.append(
                f'<a href="{base_url}/tags/{name.lower()}" class="mention hashtag" '
                f'rel="tag">#<span>{html.escape(name)}</span></a>'
            )
        elif match.group("url"):
            url = html.escape(match.group("url"))
            out.append(
                f'<a href="{url}" target="_blank" rel="nofollow noopener" translate="no">{url}</a>'
            )
        else:
            out.append(html.escape(match.group(0), quote=False))
    out.append(html.escape(line[last:], quote=False))
    return "".join(out)
