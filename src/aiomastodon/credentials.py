"""The credentials file: an app's client credentials and a token, kept on disk safely.

[save_credentials][aiomastodon.credentials.save_credentials] writes a small JSON object
(see [encode_credentials][aiomastodon.credentials.encode_credentials]) atomically, with
mode ``0600``; [load_credentials][aiomastodon.credentials.load_credentials] reads it back
and refuses a file other users can read or write (POSIX), unless ``allow_insecure=True``.
``aiomastodon.auth`` re-exports all of it; ``Client.from_credentials`` starts from it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import msgspec

from ._sansio.oauth import OOB, REDACTED
from .errors import CredentialsFileError

__all__ = [
    "CREDENTIALS_FORMAT",
    "Credentials",
    "decode_credentials",
    "encode_credentials",
    "load_credentials",
    "save_credentials",
]


@dataclass(frozen=True, repr=False)
class Credentials:
    """An app's client credentials for one server, and optionally an access token.

    What ``aiomastodon.auth.register_app`` returns, the token flows fill in, the
    credentials file holds, and ``aiomastodon.Client.from_credentials`` starts from.
    ``repr()`` shows neither the secret nor the token.

    Attributes:
        base_url: The server, e.g. ``"https://example.social"``.
        client_id: The app's ``client_id``.
        client_secret: The app's ``client_secret``.
        redirect_uris: The app's registered redirect URIs (the first is the default).
        scopes: The scopes the app was registered with.
        access_token: A token, or ``None``.
    """

    base_url: str
    client_id: str
    client_secret: str = ""
    redirect_uris: tuple[str, ...] = (OOB,)
    scopes: tuple[str, ...] = ("read",)
    access_token: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "redirect_uris", tuple(self.redirect_uris))
        object.__setattr__(self, "scopes", tuple(self.scopes))

    @property
    def redirect_uri(self) -> str:
        """The default redirect URI (the first registered)."""
        return self.redirect_uris[0] if self.redirect_uris else OOB

    def with_token(self, access_token: str | None) -> Credentials:
        """A copy with another access token (``None``: without one)."""
        return Credentials(
            base_url=self.base_url,
            client_id=self.client_id,
            client_secret=self.client_secret,
            redirect_uris=self.redirect_uris,
            scopes=self.scopes,
            access_token=access_token,
        )

    def __repr__(self) -> str:
        secret = REDACTED if self.client_secret else "''"
        token = REDACTED if self.access_token else "None"
        return (
            f"Credentials({self.base_url!r}, client_id={self.client_id!r}, "
            f"client_secret={secret}, redirect_uris={self.redirect_uris!r}, "
            f"scopes={self.scopes!r}, access_token={token})"
        )


CREDENTIALS_FORMAT: Final = "aiomastodon-credentials/1"
"""The ``format`` value of a credentials file."""


class _CredentialsFile(msgspec.Struct, kw_only=True, omit_defaults=True):
    format: str
    base_url: str
    client_id: str
    client_secret: str
    redirect_uris: list[str]
    scopes: list[str]
    access_token: str | None = None


_file_decoder = msgspec.json.Decoder(_CredentialsFile)


def encode_credentials(credentials: Credentials) -> bytes:
    """The credentials file's bytes: a small JSON object, one key a line.

    ```json
    {
      "format": "aiomastodon-credentials/1",
      "base_url": "https://example.social",
      "client_id": "...",
      "client_secret": "...",
      "redirect_uris": ["urn:ietf:wg:oauth:2.0:oob"],
      "scopes": ["read", "write"],
      "access_token": "..."
    }
    ```

    ``access_token`` is left out when there is none.
    """
    record = _CredentialsFile(
        format=CREDENTIALS_FORMAT,
        base_url=credentials.base_url,
        client_id=credentials.client_id,
        client_secret=credentials.client_secret,
        redirect_uris=list(credentials.redirect_uris),
        scopes=list(credentials.scopes),
        access_token=credentials.access_token,
    )
    return msgspec.json.format(msgspec.json.encode(record), indent=2) + b"\n"


def decode_credentials(data: bytes, *, source: str = "credentials") -> Credentials:
    """Read a credentials file's bytes (see ``encode_credentials``).

    Args:
        data: The file's contents.
        source: How to name the file in errors (its path).

    Raises:
        CredentialsFileError: Not JSON, another format, or a field missing or mistyped.
    """
    try:
        record = _file_decoder.decode(data)
    except msgspec.DecodeError as exc:
        # msgspec names the field and the expected type, never the value.
        raise CredentialsFileError(
            f"{source}: not an aiomastodon credentials file ({exc})"
        ) from None
    if record.format != CREDENTIALS_FORMAT:
        raise CredentialsFileError(
            f"{source}: unsupported format {record.format[:40]!r} (expected {CREDENTIALS_FORMAT!r})"
        )
    if not record.base_url or not record.client_id:
        raise CredentialsFileError(f"{source}: base_url and client_id must not be empty")
    return Credentials(
        base_url=record.base_url,
        client_id=record.client_id,
        client_secret=record.client_secret,
        redirect_uris=tuple(record.redirect_uris),
        scopes=tuple(record.scopes),
        access_token=record.access_token or None,
    )


def save_credentials(credentials: Credentials, path: str | os.PathLike[str]) -> Path:
    """Write credentials to a file only you can read: JSON, mode ``0600``, atomically.

    The file is written whole to a temporary file beside it (created with mode ``0600``,
    never wider), flushed to disk, then renamed over ``path``: a crash leaves the old
    file or the new one, never half of one. Missing parent directories are created with
    mode ``0700``. Synchronous: the file is a few hundred bytes.

    Returns:
        The path written (``~`` expanded).
    """
    target = Path(path).expanduser()
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    data = encode_credentials(credentials)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(temporary, flags, 0o600)
    try:
        if hasattr(os, "fchmod"):  # the umask may only narrow 0600; make it exact
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return target


def load_credentials(path: str | os.PathLike[str], *, allow_insecure: bool = False) -> Credentials:
    """Read credentials that ``save_credentials`` wrote.

    Args:
        path: The file (``~`` is expanded).
        allow_insecure: Read the file even if other users may read or change it.

    Raises:
        CredentialsFileError: The file is malformed or of another format; or (on POSIX)
            its mode lets other users read or write it (``chmod 600`` it), as ``ssh``
            refuses such keys.
        FileNotFoundError: No such file.
    """
    source = Path(path).expanduser()
    with open(source, "rb") as file:
        mode = os.fstat(file.fileno()).st_mode
        if os.name == "posix" and not allow_insecure and mode & 0o077:
            raise CredentialsFileError(
                f"{source}: other users may read or change it "
                f"(mode {stat.S_IMODE(mode):04o}); run `chmod 600 {source}`, "
                "or pass allow_insecure=True"
            )
        data = file.read()
    return decode_credentials(data, source=str(source))
