"""Request building as pure code: parameters, bodies, files, and the prepared request.

Wire conventions (the Mastodon docs, "Parameter types"):

- Arrays are Rails-style: ``media_ids=["1", "2"]`` is sent as ``media_ids[]=1&media_ids[]=2``.
- Hashes nest in brackets: ``poll={"expires_in": 300}`` is ``poll[expires_in]=300``.
- Booleans are ``true`` and ``false``; datetimes are ISO 8601.
- ``UNSET`` drops a parameter; ``None`` sends it empty, which Rails reads as null.
- Bodies are ``application/x-www-form-urlencoded``, or ``multipart/form-data`` when a file
  (avatar, header, media) is part of it.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Final, TypeVar, Union, overload
from urllib.parse import urlencode

import msgspec
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from ..errors import ProtocolError
from .routes import Route

__all__ = [
    "UNSET",
    "File",
    "FileInput",
    "FilePart",
    "Multipart",
    "PreparedRequest",
    "UnsetType",
    "as_array",
    "build_request",
    "encode_params",
    "has_credentials",
    "join_url",
    "redact_headers",
]


class UnsetType:
    """The type of ``UNSET``: "this parameter is not sent at all"."""

    _instance: UnsetType | None = None

    def __new__(cls) -> UnsetType:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "UNSET"


UNSET: Final = UnsetType()
"""Leave a parameter out of the request (``None`` instead sends it empty, meaning null)."""


FileInput = Union[str, "os.PathLike[str]", bytes, IO[bytes], "File"]
"""What an upload parameter accepts: a path, the bytes, a binary file object, or a ``File``."""

# The first bytes of formats Mastodon accepts, for uploads given as bare bytes.
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"GIF87a", "image/gif"),
    (0, b"GIF89a", "image/gif"),
    (8, b"WEBP", "image/webp"),
    (4, b"ftypavif", "image/avif"),
    (4, b"ftypheic", "image/heic"),
    (4, b"ftypqt", "video/quicktime"),
    (4, b"ftyp", "video/mp4"),
    (0, b"\x1aE\xdf\xa3", "video/webm"),
    (0, b"OggS", "audio/ogg"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"fLaC", "audio/flac"),
    (8, b"WAVE", "audio/wave"),
)

_OCTET_STREAM = "application/octet-stream"


def sniff_content_type(head: bytes) -> str:
    """The MIME type of a media file from its first bytes, or ``application/octet-stream``."""
    for offset, magic, content_type in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return content_type
    return _OCTET_STREAM


@dataclass(frozen=True, slots=True)
class File:
    """A file to upload, with the name and type the server should see.

    Args:
        source: A filesystem path, the bytes themselves, or a binary file object open for
            reading. A file object is read from its position at the time of sending, and
            rewound to that position before every retry.
        filename: The name sent in the form; by default the path's or file object's name.
        content_type: The MIME type; by default guessed from the filename, or from the
            first bytes when there is no name.
    """

    source: str | os.PathLike[str] | bytes | IO[bytes]
    filename: str | None = None
    content_type: str | None = None


@dataclass(frozen=True, slots=True)
class FilePart:
    """One file part of a multipart body, resolved: the transport opens and reads it."""

    name: str
    filename: str
    content_type: str
    source: Path | bytes | IO[bytes]
    position: int = 0


@dataclass(frozen=True, slots=True)
class Multipart:
    """A ``multipart/form-data`` body: text fields, then files."""

    fields: tuple[tuple[str, str], ...]
    files: tuple[FilePart, ...]


def file_part(name: str, value: FileInput) -> FilePart:
    """Resolve an upload parameter into a ``FilePart`` (no I/O beyond ``tell()``)."""
    spec = value if isinstance(value, File) else File(value)
    source = spec.source
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        filename = spec.filename or "upload"
        guessed = mimetypes.guess_type(spec.filename)[0] if spec.filename else None
        content_type = spec.content_type or guessed or sniff_content_type(data[:16])
        return FilePart(name, filename, content_type, data)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        filename = spec.filename or path.name
        content_type = spec.content_type or mimetypes.guess_type(filename)[0] or _OCTET_STREAM
        return FilePart(name, filename, content_type, path)
    raw_name = getattr(source, "name", None)
    filename = spec.filename or (os.path.basename(raw_name) if isinstance(raw_name, str) else "")
    filename = filename or "upload"
    content_type = spec.content_type or mimetypes.guess_type(filename)[0] or _OCTET_STREAM
    position = source.tell() if source.seekable() else 0
    return FilePart(name, filename, content_type, source, position)


def _scalar(value: object) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (str, int, float)):
        return str(value)
    raise TypeError(f"cannot send a {type(value).__name__} as a parameter value")


def _flatten(key: str, value: object, out: list[tuple[str, str]]) -> None:
    if isinstance(value, UnsetType):
        return
    if isinstance(value, Mapping):
        for sub_key, sub_value in value.items():
            _flatten(f"{key}[{sub_key}]", sub_value, out)
    elif isinstance(value, (Sequence, AbstractSet)) and not isinstance(value, (str, bytes)):
        array_key = key if key.endswith("[]") else f"{key}[]"
        for item in value:
            _flatten(array_key, item, out)
    else:
        out.append((key, _scalar(value)))


V = TypeVar("V", str, int)


@overload
def as_array(values: UnsetType) -> UnsetType: ...
@overload
def as_array(values: V | Sequence[V]) -> list[V]: ...
@overload
def as_array(values: V | Sequence[V] | UnsetType) -> list[V] | UnsetType: ...
def as_array(values: V | Sequence[V] | UnsetType) -> list[V] | UnsetType:
    """An array parameter as a list, however it was given (UNSET stays UNSET).

    A lone string or number becomes a one-item array: sent bare, it would go out as
    ``name=x``, which Rails reads as a scalar where it expects ``name[]=x``.
    """
    if isinstance(values, UnsetType):
        return values
    if isinstance(values, (str, int)):
        return [values]
    return list(values)


def encode_params(params: Mapping[str, object] | None) -> list[tuple[str, str]]:
    """Flatten parameters into ordered ``(key, value)`` pairs, Rails style.

    >>> encode_params({"id": ["1", "2"], "local": True, "max_id": UNSET})
    [('id[]', '1'), ('id[]', '2'), ('local', 'true')]
    """
    out: list[tuple[str, str]] = []
    if params:
        for key, value in params.items():
            _flatten(key, value, out)
    return out


def join_url(base: URL, path: str) -> URL:
    """``base`` with ``path`` (already percent-encoded) appended to its own path."""
    prefix = base.path.rstrip("/")
    return base.with_path(prefix + path, encoded=True)


def has_credentials(url: URL) -> bool:
    """Whether ``url`` carries a user or password (``https://user:pw@host/``).

    Such a URL is never requested: the HTTP stack would send its credentials (or refuse
    them beside the token), and the token must not travel with them.
    """
    return url.user is not None or url.password is not None


_REDACTED_HEADERS = frozenset({"authorization", "cookie", "sec-websocket-protocol"})


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """A copy of ``headers`` safe for logs and reprs: credentials replaced by ``"<redacted>"``."""
    return {
        key: ("<redacted>" if key.lower() in _REDACTED_HEADERS else value)
        for key, value in headers.items()
    }


class PreparedRequest(msgspec.Struct, frozen=True):
    """A request ready for a transport: everything is decided, nothing is sent.

    ``repr()`` shows no credentials. A frozen ``msgspec.Struct`` (as ``RawResponse``):
    one is made for every request; ``msgspec.structs.replace`` derives another.
    """

    method: str
    url: URL
    headers: CIMultiDictProxy[str]
    body: bytes | Multipart | None = None
    route: Route | None = None
    idempotent: bool = False

    @property
    def path(self) -> str:
        """The URL path, for errors and logs (never the query, which may carry secrets)."""
        return self.url.path

    def __repr__(self) -> str:
        return (
            f"PreparedRequest({self.method} {self.url.with_query(None)}, "
            f"headers={redact_headers(self.headers)})"
        )


_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


def build_request(
    base_url: URL,
    route: Route,
    path_args: Iterable[str] = (),
    *,
    query: Mapping[str, object] | None = None,
    form: Mapping[str, object] | None = None,
    files: Mapping[str, FileInput | UnsetType] | None = None,
    headers: Mapping[str, str] | None = None,
    url: URL | None = None,
) -> PreparedRequest:
    """Build the request for one call of ``route``.

    Args:
        base_url: The instance's origin (and base path, if any).
        route: The endpoint.
        path_args: One value per placeholder of the route's path.
        query: Query parameters (for any method).
        form: Body parameters; sent url-encoded, or as multipart fields when there are files.
        files: Upload parameters by name; ``UNSET`` ones are dropped.
        headers: Extra request headers (authorization and user agent are the caller's).
        url: A full URL to request instead of building one (a ``Link`` a server gave).

    Raises:
        ProtocolError: ``url`` carries credentials (``user:password@``).
    """
    if url is None:
        url = join_url(base_url, route.expand(*path_args))
        pairs = encode_params(query)
        if pairs:
            url = url.with_query(pairs)
    elif has_credentials(url):
        raise ProtocolError(
            "refusing a URL that carries credentials (user:password@)",
            method=route.method,
            path=url.path,
        )
    body: bytes | Multipart | None = None
    content_type: str | None = None
    parts = (
        tuple(
            file_part(name, value)
            for name, value in files.items()
            if not isinstance(value, UnsetType)
        )
        if files
        else ()
    )
    fields = encode_params(form)
    if parts:
        body = Multipart(tuple(fields), parts)
    elif fields:
        body = urlencode(fields).encode("ascii")
        content_type = "application/x-www-form-urlencoded"
    if isinstance(headers, CIMultiDictProxy) and content_type is None:
        prepared = headers  # read-only already: shared, not copied
    else:
        merged: CIMultiDict[str] = CIMultiDict(headers or {})
        if content_type is not None:
            merged["Content-Type"] = content_type
        prepared = CIMultiDictProxy(merged)
    return PreparedRequest(
        method=route.method,
        url=url,
        headers=prepared,
        body=body,
        route=route,
        idempotent=route.method in _IDEMPOTENT_METHODS or route.retry_safe,
    )
