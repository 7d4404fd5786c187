"""The ``Link`` response header (RFC 8288), parsed without regular-expression guesswork.

Mastodon sends ``<https://host/api/v1/x?max_id=7>; rel="next", <...?min_id=9>; rel="prev"``.
``rel="next"`` is the page of older items, ``rel="prev"`` the page of newer ones. The parser
accepts what the RFC allows (any order, extra parameters, quoted or bare values, several
relation types in one ``rel``, commas inside quoted strings and URLs, odd whitespace) and
rejects the rest with [`LinkHeaderError`][aiomastodon.errors.LinkHeaderError], never another
exception. A target must be an ``http(s)`` URL with a host and without credentials
(``user:pw@``): one with them would be sent to the server with an ``Authorization`` of its
own making, or refused by the HTTP stack with an error of its own.

A walk needs only the relation it follows: [`follow_link`][aiomastodon._sansio.links.follow_link]
reads Mastodon's usual form (``<URL>; rel="next", <URL>; rel="prev"``, the form GoToSocial,
Takahē and snac send too) with one regular expression and resolves only that relation (a
target on the request's own origin that needs no re-encoding is taken as written, parsed
once); any other form goes through the full parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from yarl import URL

from ..errors import LinkHeaderError

__all__ = [
    "Link",
    "LinkHeaderError",
    "Links",
    "follow_link",
    "page_links",
    "parse_link_header",
    "resolve_target",
]

Rel = Literal["next", "prev"]


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


def resolve_target(target: str, base: URL) -> URL:
    """A link target as an absolute ``http(s)`` URL, resolved against ``base``.

    Raises:
        LinkHeaderError: The target is not a URL yarl can read, not http(s), has no host,
            or carries credentials.
    """
    try:
        url = URL(target)
        if not url.is_absolute():
            url = base.join(url)
        # yarl decodes lazily: make it decode the host and render the URL now, so that a
        # bad target (``https://xn--``) fails here and not in the HTTP stack.
        host = url.host
        text = str(url)
    except Exception as exc:  # whatever yarl raises (UnicodeError, IndexError...): unusable
        raise LinkHeaderError(f"bad link target {target!r}: {type(exc).__name__}") from None
    if url.scheme not in ("http", "https") or not host or not text:
        raise LinkHeaderError(f"link target {target!r} is not an http(s) URL")
    if url.raw_user is not None or url.raw_password is not None:
        raise LinkHeaderError("link target carries credentials (user:password@)")
    if url.raw_fragment:
        url = url.with_fragment(None)
    return url


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
                found[rel] = resolve_target(link.url, base)
    return Links(next=found.get("next"), prev=found.get("prev"))


# Mastodon's own form, exactly: one or two links, each with nothing but its rel, the
# targets printable ASCII but for '"', '<' and '>'. (A class of ranges, not one with \s:
# sre tests a range set by one bitmap look-up per character.) Anything else, the full parser.
_USUAL = re.compile(r'<([!#-;=?-~]*)>; rel="(next|prev)"(?:, <([!#-;=?-~]*)>; rel="(next|prev)")?')

# What follows the origin in a target yarl would take exactly as written: characters that
# need no percent-encoding and no '%' (so nothing to re-encode), no '#', and (checked
# apart: "/." in it) no dot segment ("/./", "/..": yarl would remove them). Mastodon's
# targets are of this form.
_PLAIN_REST = re.compile(r"/[A-Za-z0-9\-_~/?&=:,+;!*'()$@.]*")


def _same_origin_target(target: str, base: URL) -> URL | None:
    """``target`` as a URL without parsing it twice, when it is plainly on ``base``'s
    origin (written as yarl writes that origin) and needs no re-encoding; else ``None``.

    Such a URL is the one ``resolve_target`` returns (absolute, http(s), a host, no
    credentials or fragment): taken as written (``encoded=True``), it is the same URL.
    """
    scheme = base.scheme
    if scheme != "https" and scheme != "http":
        return None
    origin = f"{scheme}://{base.raw_authority}"
    if (
        not target.startswith(origin)
        or "@" in base.raw_authority
        or _PLAIN_REST.fullmatch(target, len(origin)) is None
        or target.find("/.", len(origin)) >= 0
    ):
        return None
    return URL(target, encoded=True)


def follow_link(value: str | None, base: URL, rel: Rel) -> URL | None:
    """The target of relation ``rel`` alone, or ``None``: what a walk needs of a page.

    The same answer as ``page_links(value, base)`` gives for ``rel`` (and the same
    errors), but Mastodon's usual form costs one regular expression and one URL.

    Raises:
        LinkHeaderError: The header is malformed, or the target is not a usable URL.
    """
    if not value:
        return None
    usual = _USUAL.fullmatch(value)
    if usual is None:
        return page_links(value, base).prev if rel == "prev" else page_links(value, base).next
    first, first_rel, second, second_rel = usual.groups()
    if first_rel == rel:
        target = first
    elif second_rel == rel:
        target = second
    else:
        return None
    return _same_origin_target(target, base) or resolve_target(target, base)
