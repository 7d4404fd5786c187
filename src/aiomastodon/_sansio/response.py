"""Responses as values, and the mapping from an error response to an exception."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

import msgspec
from multidict import CIMultiDictProxy
from yarl import URL

from ..errors import DecodeError, HTTPError, error_class
from .decode import Unrepairable, decoder_for

__all__ = ["RawResponse", "body_excerpt", "decode_body", "error_for", "is_empty"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RawResponse:
    """What a transport hands back: status, headers and the whole body."""

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


def error_for(response: RawResponse) -> HTTPError:
    """The exception for a non-2xx response, carrying the server's error text.

    Mastodon answers errors with ``{"error": "...", "error_description": "..."}``; anything
    else (an HTML page from a proxy, an empty body) still yields the class that fits the
    status, with a short excerpt of the body as ``error``.
    """
    error: str | None = None
    description: str | None = None
    try:
        parsed = _error_decoder.decode(response.body)
    except msgspec.DecodeError:
        parsed = None
    if parsed is not None:
        error, description = parsed.error, parsed.error_description
    if not error:
        error = body_excerpt(response.body) or _reason(response.status)
    return error_class(response.status)(
        response.status,
        error,
        description=description,
        method=response.method,
        path=response.url.path,
        headers=response.headers,
    )


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
