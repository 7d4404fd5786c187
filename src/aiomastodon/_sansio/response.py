"""Responses as values, and the mapping from an error response to an exception."""

from __future__ import annotations

import html
import re
from typing import TypeVar

import msgspec
from multidict import CIMultiDictProxy
from yarl import URL

from ..errors import DecodeError, HTTPError, Unauthorized, error_class
from .decode import Unrepairable, decoder_for

__all__ = [
    "RawResponse",
    "body_excerpt",
    "decode_body",
    "error_for",
    "is_empty",
    "page_heading",
    "refuses_token",
    "says_no_route",
]

T = TypeVar("T")


class RawResponse(msgspec.Struct, frozen=True):
    """What a transport hands back: status, headers and the whole body.

    A frozen ``msgspec.Struct`` rather than a frozen dataclass: one is made for every
    answer, and a frozen dataclass's ``__init__`` (a call to ``object.__setattr__`` per
    field) costs about eight times as much (2.0 against 0.24 µs here).
    """

    status: int
    headers: CIMultiDictProxy[str]
    body: bytes
    url: URL
    method: str

    @property
    def ok(self) -> bool:
        """``True`` for a 2xx status."""
        return 200 <= self.status < 300


class _ErrorBody(msgspec.Struct):
    error: str | None = None
    error_description: str | None = None


_error_decoder = msgspec.json.Decoder(_ErrorBody)
_TAGS = re.compile(rb"<(script|style)\b.*?</\1>|<[^>]*>", re.DOTALL | re.IGNORECASE)
_SPACE = re.compile(rb"\s+")
_HEADINGS = (
    re.compile(rb"<h1\b[^>]*>(.*?)</h1\s*>", re.DOTALL | re.IGNORECASE),
    re.compile(rb"<title\b[^>]*>(.*?)</title\s*>", re.DOTALL | re.IGNORECASE),
)


def body_excerpt(body: bytes, limit: int = 200) -> str:
    """A short, single-line excerpt of a body for an error message.

    HTML (a proxy's error page) is reduced to its text.
    """
    text = body[:8192]
    if b"<" in text[:256]:
        text = _TAGS.sub(b" ", text)
    text = _SPACE.sub(b" ", text).strip()
    excerpt = text[:limit].decode("utf-8", "replace")
    return excerpt + "…" if len(text) > limit else excerpt


def page_heading(body: bytes, limit: int = 200) -> str:
    """The ``<h1>`` (else the ``<title>``) text of an HTML page, or ``""``.

    What an error page says in a few words: ``Page Not Found`` (Takahē), ``404 Not Found
    (snac/2.94)``, ``502 Bad Gateway`` (nginx), instead of the page's first markup.
    """
    head = body[:16384]
    if b"<" not in head:
        return ""
    for pattern in _HEADINGS:
        for match in pattern.finditer(head):
            text = _SPACE.sub(b" ", _TAGS.sub(b" ", match.group(1))).strip()
            words = html.unescape(text.decode("utf-8", "replace")).replace("\xa0", " ")
            words = " ".join(words.split()).strip(" -|:\u2013\u2014")
            if words:
                return words if len(words) <= limit else words[:limit] + "…"
    return ""


def _error_body(body: bytes) -> _ErrorBody | None:
    try:
        return _error_decoder.decode(body)
    except msgspec.DecodeError:
        return None


# A refused token in the words of the forks: Takahē answers 400 "Invalid Bearer token";
# Mastodon answers an app token without a user with 422 "This method requires an
# authenticated user"; Doorkeeper-style texts say the token is invalid, expired or revoked.
_TOKEN_REFUSED = re.compile(
    r"\binvalid[ _](?:bearer[ _]|access[ _])?token\b"
    r"|\btoken (?:is |was )?(?:invalid|expired|revoked)\b"
    r"|\brequires an authenticated user\b",
    re.IGNORECASE,
)
_READS = frozenset({"GET", "HEAD"})


def refuses_token(response: RawResponse, error: str) -> bool:
    """Whether a 400, 403 or 422 answer says the request's credentials are refused.

    That is: the ``WWW-Authenticate`` challenge says ``error="invalid_token"`` (RFC 6750),
    or the error text says the token is invalid (Takahē's 400 ``Invalid Bearer token``), or
    a read (``GET``/``HEAD``) is answered 422 with an empty body: a read has nothing to
    validate but its credentials, and Mastodon's own 422s always say what failed (snac
    answers a missing or bad token so).
    """
    if response.status not in (400, 403, 422):
        return False
    if 'error="invalid_token"' in response.headers.get("WWW-Authenticate", ""):
        return True
    if _TOKEN_REFUSED.search(error):
        return True
    return response.status == 422 and response.method in _READS and not response.body.strip()


def error_for(response: RawResponse) -> HTTPError:
    """The exception for a non-2xx response, carrying the server's error text.

    Mastodon answers errors with ``{"error": "...", "error_description": "..."}``; anything
    else (an HTML page from a proxy or a fork, an empty body) still yields the class that
    fits the status, with the page's heading or a short excerpt of the body as ``error``.
    A refused token is [Unauthorized][aiomastodon.errors.Unauthorized] whatever the status
    says (see ``refuses_token``); ``status`` stays the one received.
    """
    error: str | None = None
    description: str | None = None
    parsed = _error_body(response.body)
    if parsed is not None:
        error, description = parsed.error, parsed.error_description
    if not error:
        error = page_heading(response.body) or body_excerpt(response.body)
    if not error:
        error = _reason(response.status)
        if response.status == 422 and refuses_token(response, ""):
            error += " (empty, to a read: taken as a refused token)"
    cls = Unauthorized if refuses_token(response, error) else error_class(response.status)
    return cls(
        response.status,
        error,
        description=description,
        method=response.method,
        path=response.url.path,
        headers=response.headers,
    )


def says_no_route(response: RawResponse) -> bool:
    """Whether a 404 is Mastodon's answer for a path it has no route for.

    Asked for JSON (as the client always asks), Mastodon answers a path it does not know
    with ``{"error": "Not Found"}`` and a missing record with ``{"error": "Record not
    found"}``. Forks answer with their own words or with HTML pages (Takahē, snac), for a
    missing record and a missing route alike: those say nothing about the server's age.
    """
    parsed = _error_body(response.body)
    return parsed is not None and (parsed.error or "").strip().lower() == "not found"


_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    410: "Gone",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def _reason(status: int) -> str:
    return _REASONS.get(status, "error")


def is_empty(response: RawResponse) -> bool:
    """Whether a successful answer carries nothing: no body, ``{}`` or ``null``."""
    return response.body.strip() in (b"", b"{}", b"null")


def decode_body(response: RawResponse, type_: type[T]) -> T:
    """Decode a successful response's body into ``type_``.

    Raises:
        DecodeError: The body is not JSON, or cannot be made to fit ``type_``. The error
            names the request and carries an excerpt of the body.
    """
    try:
        return decoder_for(type_).decode(response.body)
    except (msgspec.DecodeError, Unrepairable) as exc:
        raise DecodeError(
            f"cannot decode the answer as {_type_name(type_)}: {exc}",
            method=response.method,
            path=response.url.path,
            excerpt=body_excerpt(response.body, 120),
            status=response.status,
        ) from None


def _type_name(type_: object) -> str:
    name = getattr(type_, "__name__", None)
    args = getattr(type_, "__args__", None)
    if name and args:
        return f"{name}[{', '.join(_type_name(a) for a in args)}]"
    return name or repr(type_)
