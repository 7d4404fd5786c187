"""Web Push: the keys for ``client.push.create``, and decrypting what Mastodon pushes.

Mastodon delivers a notification to a push subscription's endpoint as an encrypted HTTP
POST (RFC 8291). To receive them yourself:

1. [`PushKeys.generate`][aiomastodon.webpush.PushKeys.generate] a key pair and auth secret
   once, and keep [`PushKeys.to_json`][aiomastodon.webpush.PushKeys.to_json] somewhere
   private (it holds the private key);
2. subscribe with ``client.push.create(endpoint=..., p256dh=keys.p256dh,
   auth=keys.auth, standard=True, alerts={...})``;
3. give each POST your endpoint receives to [`decrypt`][aiomastodon.webpush.decrypt] with
   its headers: it returns the
   [`PushNotification`][aiomastodon.webpush.PushNotification] (fetch the full notification with
   ``client.notifications.get(notification.notification_id)``).

Both encodings Mastodon sends are read: ``aes128gcm`` (RFC 8291, what Mastodon 4.4+ uses
for a subscription created with ``standard=True``) and the older ``aesgcm`` draft (the
``Encryption`` and ``Crypto-Key`` headers) that it uses otherwise. Anything that cannot be
decrypted or decoded raises [`WebPushError`][aiomastodon.errors.WebPushError].

This module needs the ``webpush`` extra (``cryptography`` and ``http-ece``)::

    pip install 'aiomastodon[webpush]'
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import struct
from collections.abc import Mapping

from .entities._base import Entity, redacted_repr
from .errors import DecodeError, WebPushError

try:
    import http_ece  # type: ignore[import-untyped]
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
except ImportError as exc:
    raise ImportError(
        f"aiomastodon.webpush needs {exc.name or 'its dependencies'}: "
        "pip install 'aiomastodon[webpush]'"
    ) from exc

__all__ = ["PushKeys", "PushNotification", "WebPushError", "decrypt", "decrypt_bytes"]

_AUTH_SECRET_LENGTH = 16
_ENCODINGS = ("aes128gcm", "aesgcm")


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str, what: str) -> bytes:
    # Mastodon strips the padding; other senders use standard Base64: accept both.
    padded = text.strip() + "=" * (-len(text.strip()) % 4)
    try:
        return base64.b64decode(padded, altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        # The text itself stays out of the message: it may be a private key.
        raise WebPushError(f"{what} is not Base64url") from None


class PushKeys:
    """A push subscription's key pair (P-256) and auth secret.

    ``p256dh`` and ``auth`` are the Base64url texts ``POST /api/v1/push/subscription``
    takes as ``subscription[keys][p256dh]`` and ``subscription[keys][auth]``. The private
    key never appears in ``repr``; [`to_json`][aiomastodon.webpush.PushKeys.to_json] is the one way
    out, for saving.
    """

    __slots__ = ("_auth_secret", "_private_key")

    def __init__(self, private_key: ec.EllipticCurvePrivateKey, auth_secret: bytes) -> None:
        """Keys from a private key on the P-256 curve and a 16-byte auth secret.

        Raises:
            ValueError: Another curve, or an auth secret that is not 16 bytes.
        """
        if not isinstance(private_key.curve, ec.SECP256R1):
            raise ValueError(f"Web Push keys are on P-256, not {private_key.curve.name}")
        if len(auth_secret) != _AUTH_SECRET_LENGTH:
            raise ValueError(f"the auth secret is 16 bytes, not {len(auth_secret)}")
        self._private_key = private_key
        self._auth_secret = bytes(auth_secret)

    @classmethod
    def generate(cls) -> PushKeys:
        """New keys: a fresh P-256 key pair and 16 random bytes of auth secret."""
        return cls(ec.generate_private_key(ec.SECP256R1()), os.urandom(_AUTH_SECRET_LENGTH))

    @property
    def p256dh(self) -> str:
        """The public key, an uncompressed P-256 point in Base64url without padding."""
        point = self._private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return _b64url(point)

    @property
    def auth(self) -> str:
        """The auth secret in Base64url without padding."""
        return _b64url(self._auth_secret)

    def to_json(self) -> str:
        """The keys as JSON text, to save and load with
        [`from_json`][aiomastodon.webpush.PushKeys.from_json].

        It holds the private key: store it as you store an access token.
        """
        scalar = self._private_key.private_numbers().private_value.to_bytes(32, "big")
        return json.dumps({"private_key": _b64url(scalar), "auth": self.auth})

    @classmethod
    def from_json(cls, text: str | bytes) -> PushKeys:
        """Load keys saved with [`to_json`][aiomastodon.webpush.PushKeys.to_json].

        Raises:
            WebPushError: The text is not saved push keys.
        """
        try:
            saved = json.loads(text)
        except ValueError:
            raise WebPushError("saved push keys are not JSON") from None
        if not isinstance(saved, dict) or not all(
            isinstance(saved.get(key), str) for key in ("private_key", "auth")
        ):
            raise WebPushError('saved push keys need "private_key" and "auth" strings')
        scalar = _unb64(saved["private_key"], "the saved private key")
        auth_secret = _unb64(saved["auth"], "the saved auth secret")
        if len(scalar) != 32 or len(auth_secret) != _AUTH_SECRET_LENGTH:
            raise WebPushError("saved push keys have the wrong length")
        try:
            key = ec.derive_private_key(int.from_bytes(scalar, "big"), ec.SECP256R1())
        except ValueError:
            raise WebPushError("the saved private key is not a P-256 key") from None
        return cls(key, auth_secret)

    def __repr__(self) -> str:
        return f"PushKeys(p256dh={self.p256dh!r}, private key and auth secret hidden)"


class PushNotification(Entity, frozen=True, kw_only=True):
    """What Mastodon pushes: ``Web::NotificationSerializer``, a summary of one notification.

    Attributes:
        access_token: The access token the subscription belongs to (hidden from ``repr``).
        preferred_locale: The user's locale, e.g. ``"en"``, in which title and body are written.
        notification_id: The notification's id (``client.notifications.get(id)``).
        notification_type: ``mention``, ``follow``, ``favourite``, ``reblog``, ``poll``, ...
        icon: URL of the other account's avatar.
        title: A line to show, e.g. ``"Alice mentioned you"``.
        body: The status text (or content warning, or the account's bio) as plain text,
            cut to 140 characters.
    """

    access_token: str = ""
    preferred_locale: str = ""
    notification_id: str = ""
    notification_type: str = ""
    icon: str = ""
    title: str = ""
    body: str = ""

    def __repr__(self) -> str:
        return redacted_repr(self, ("access_token",))


def _header_params(value: str) -> dict[str, str]:
    """``salt=abc;rs=4096`` or ``dh=..., p256ecdsa=...`` as a dict (first value wins)."""
    params: dict[str, str] = {}
    for item in value.replace(",", ";").split(";"):
        name, sep, param = item.partition("=")
        if sep:
            params.setdefault(name.strip().lower(), param.strip().strip('"'))
    return params


def decrypt_bytes(keys: PushKeys, body: bytes, headers: Mapping[str, str]) -> bytes:
    """Decrypt a push message to its plaintext (for Mastodon, JSON text).

    Args:
        keys: The subscription's keys.
        body: The POST body, exactly as received.
        headers: The POST's headers (any case), e.g. aiohttp's ``request.headers``:
            ``Content-Encoding``, and for ``aesgcm`` also ``Encryption`` and
            ``Crypto-Key``. Without a ``Content-Encoding`` the message is read as
            ``aesgcm`` if it has an ``Encryption`` header, else as ``aes128gcm``.

    Raises:
        WebPushError: The message cannot be decrypted with these keys.
    """
    lowered = {name.lower(): value for name, value in headers.items()}
    encoding = lowered.get("content-encoding", "").strip().lower()
    if not encoding:
        encoding = "aesgcm" if "encryption" in lowered else "aes128gcm"
    if encoding not in _ENCODINGS:
        raise WebPushError(
            f"unsupported Content-Encoding {encoding[:40]!r} (not aes128gcm or aesgcm)"
        )
    if encoding == "aes128gcm" and (len(body) < 21 or len(body) < 21 + body[20] + 17):
        # A header and no record: http_ece would return an empty plaintext.
        raise WebPushError("the aes128gcm push message is truncated: no record after its header")
    options: dict[str, object] = {}
    if encoding == "aesgcm":
        encryption = _header_params(lowered.get("encryption", ""))
        crypto_key = _header_params(lowered.get("crypto-key", ""))
        if "salt" not in encryption:
            raise WebPushError("an aesgcm push message needs an Encryption header with salt=")
        if "dh" not in crypto_key:
            raise WebPushError("an aesgcm push message needs a Crypto-Key header with dh=")
        options["salt"] = _unb64(encryption["salt"], "the Encryption header's salt")
        options["dh"] = _unb64(crypto_key["dh"], "the Crypto-Key header's dh")
        if "rs" in encryption:
            if not encryption["rs"].isdigit():
                raise WebPushError(
                    f"the Encryption header's rs is not a number: {encryption['rs'][:20]!r}"
                )
            options["rs"] = int(encryption["rs"])
    try:
        plaintext = http_ece.decrypt(
            bytes(body),
            private_key=keys._private_key,
            auth_secret=keys._auth_secret,
            version=encoding,
            **options,
        )
    except http_ece.ECEException as exc:
        raise WebPushError(
            f"cannot decrypt the {encoding} push message (wrong keys, or altered or truncated"
            f" content): {exc.message}"
        ) from None
    except (InvalidTag, ValueError, TypeError, IndexError, struct.error) as exc:
        raise WebPushError(
            f"cannot decrypt the {encoding} push message (wrong keys, or altered or truncated"
            f" content): {type(exc).__name__}"
        ) from None
    if not isinstance(plaintext, bytes):  # pragma: no cover - http_ece returns bytes
        raise WebPushError("the decrypted push message is not bytes")
    return plaintext


def decrypt(keys: PushKeys, body: bytes, headers: Mapping[str, str]) -> PushNotification:
    """Decrypt a push message from Mastodon and decode its notification.

    Arguments as for [`decrypt_bytes`][aiomastodon.webpush.decrypt_bytes] (use that for the
    plaintext itself).

    Raises:
        WebPushError: The message cannot be decrypted with these keys, or what it holds
            is not a Mastodon push notification.
    """
    plaintext = decrypt_bytes(keys, body, headers)
    try:
        return PushNotification.from_json(plaintext)
    except DecodeError as exc:
        raise WebPushError(f"the push message is not a Mastodon notification: {exc}") from None
