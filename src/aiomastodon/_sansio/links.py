"""The ``Link`` response header (RFC 8288), parsed without regular-expression guesswork.

Mastodon sends ``<https://host/api/v1/x?max_id=7>; rel="next", <...?min_id=9>; rel="prev"``.
``rel="next"`` is the page of older items, ``rel="prev"`` the page of newer ones. The parser
accepts what the RFC allows (any order, extra parameters, quoted or bare values, several
relation types in one ``rel``, commas inside quoted strings and URLs, odd whitespace) and
rejects the rest with [`LinkHeaderError`][aiomastodon.errors.LinkHeaderError], never another
exception.
"""

from __future__ import annotations

from dataclasses import dataclass

from yarl import URL

from ..errors import LinkHeaderError

__all__ = ["Link", "LinkHeaderError", "Links", "page_links", "parse_link_header"]


@dataclass(frozen=True, slots=True)
class Link:
    """One link: its target and parameters (names lower-cased, ``rel`` split into types)."""

    url: str
    rels: tuple[str, ...]
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Links:
    """The links of one page that pagination cares about, resolved to absolute URLs."""

    next: URL | None = None
    prev: URL | None = None


_TOKEN_CHARS = frozenset(
    "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)
_SPACE = " \t"


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _SPACE:
        pos += 1
    return pos


def _token(text: str, pos: int) -> tuple[str, int]:
    start = pos
    while pos < len(text) and text[pos] in _TOKEN_CHARS:
        pos += 1
    return text[start:pos], pos


def _quoted(text: str, pos: int) -> tuple[str, int]:
    # text[pos] is the opening quote.
    out: list[str] = []
    pos += 1
    while pos < len(text):
        char = text[pos]
        if char == "\\" and pos + 1 < len(text):
            out.append(text[pos + 1])
            pos += 2
        elif char == '"':
            return "".join(out), pos + 1
        else:
            out.append(char)
            pos += 1
    raise LinkHeaderError("unterminated quoted string")


def parse_link_header(value: str) -> list[Link]:
    """Parse a ``Link`` header value into its links, in order.

    Raises:
        LinkHeaderError: The value is not a list of ``<URI>; param=value`` elements.
    """
    links: list[Link] = []
    pos = 0
    text = value
    while True:
        pos = _skip_space(text, pos)
        while pos < len(text) and text[pos] == ",":  # empty list elements are allowed
            pos = _skip_space(text, pos + 1)
        if pos >= len(text):
            return links
        if text[pos] != "<":
            raise LinkHeaderError(f"expected '<' at position {pos}")
        end = text.find(">", pos + 1)
        if end < 0:
            raise LinkHeaderError("unterminated '<URI>'")
        target = text[pos + 1 : end].strip()
        pos = end + 1
        params: list[tuple[str, str]] = []
        while True:
            pos = _skip_space(text, pos)
            if pos >= len(text) or text[pos] == ",":
                break
            if text[pos] != ";":
                raise LinkHeaderError(f"expected ';' or ',' at position {pos}")
            pos = _skip_space(text, pos + 1)
            name, pos = _token(text, pos)
            if not name:
                if pos >= len(text) or text[pos] in ",;":
                    continue  # a stray ';'
                raise LinkHeaderError(f"expected a parameter name at position {pos}")
            pos = _skip_space(text, pos)
            param_value = ""
            if pos < len(text) and text[pos] == "=":
                pos = _skip_space(text, pos + 1)
                if pos < len(text) and text[pos] == '"':
                    param_value, pos = _quoted(text, pos)
                else:
                    param_value, pos = _token(text, pos)
            params.append((name.lower(), param_value))
        rels = tuple(rel.lower() for name, val in params if name == "rel" for rel in val.split())
        links.append(Link(target, rels, tuple(params)))


def page_links(value: str | None, base: URL) -> Links:
    """The ``next`` and ``prev`` links of a response, resolved against the request URL.

    The first link of each relation wins, as RFC 8288 readers do.

    Raises:
        LinkHeaderError: The header is malformed, or a target is not a usable URL.
    """
    if not value:
        return Links()
    found: dict[str, URL] = {}
    for link in parse_link_header(value):
        for rel in link.rels:
            if rel in ("next", "prev") and rel not in found:
                try:
                    target = base.join(URL(link.url))
                except (ValueError, TypeError) as exc:
                    raise LinkHeaderError(f"bad link target {link.url!r}: {exc}") from None
                if target.scheme not in ("http", "https") or not target.host:
                    raise LinkHeaderError(f"link target {link.url!r} is not an http(s) URL")
                found[rel] = target
    return Links(next=found.get("next"), prev=found.get("prev"))
