"""Encrypt a push message as Mastodon does, for the tests of aiomastodon.webpush.

Mastodon (``Web::PushNotificationWorker`` and ``WebPushRequest``) encrypts with its
``webpush`` gem:

- standard subscriptions: ``Webpush::Encryption.encrypt``, RFC 8291 ``aes128gcm`` in one
  record whose ``rs`` is the record's own size, with the plaintext followed by the
  delimiter 2 and one zero byte of padding, and the server's ephemeral public key as
  the key id; sent with ``Content-Encoding: aes128gcm``;
- legacy subscriptions: ``Webpush::Legacy::Encryption.encrypt``, the ``aesgcm`` draft
  (two zero bytes of padding length first); sent with ``Content-Encoding: aesgcm``,
  ``Encryption: salt=...`` and ``Crypto-Key: dh=...;p256ecdsa=<VAPID key>``, Base64url
  without padding.

The legacy form is exactly ``http_ece.encrypt(version="aesgcm")``; the standard one
differs from ``http_ece.encrypt`` only in ``rs`` and that one zero byte, so it is built
here from the same steps.
"""

from __future__ import annotations

import base64
import os
import struct

import http_ece  # type: ignore[import-untyped]
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VAPID_PUBLIC_KEY = (
    "BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M"
)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _point(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


def _hkdf(secret: bytes, salt: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(secret)


def encrypt_standard(
    payload: bytes, p256dh: str, auth: str, *, server_key: ec.EllipticCurvePrivateKey | None = None
) -> tuple[bytes, dict[str, str]]:
    """The body and headers of an ``aes128gcm`` push, as Mastodon 4.4+ sends it."""
    server = server_key or ec.generate_private_key(ec.SECP256R1())
    client_point = unb64url(p256dh)
    client = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), client_point)
    shared = server.exchange(ec.ECDH(), client)
    salt = os.urandom(16)
    prk = _hkdf(shared, unb64url(auth), b"WebPush: info\x00" + client_point + _point(server), 32)
    key = _hkdf(prk, salt, b"Content-Encoding: aes128gcm\x00", 16)
    nonce = _hkdf(prk, salt, b"Content-Encoding: nonce\x00", 12)
    record = AESGCM(key).encrypt(nonce, payload + b"\x02\x00", None)
    header = salt + struct.pack(">IB", len(record), 65) + _point(server)
    headers = {
        "Content-Type": "application/octet-stream",
        "Content-Encoding": "aes128gcm",
        "TTL": "172800",
        "Urgency": "normal",
    }
    return header + record, headers


def encrypt_legacy(payload: bytes, p256dh: str, auth: str) -> tuple[bytes, dict[str, str]]:
    """The body and headers of an ``aesgcm`` push, as Mastodon sends it to other subscriptions."""
    server = ec.generate_private_key(ec.SECP256R1())
    salt = os.urandom(16)
    body = http_ece.encrypt(
        payload,
        salt=salt,
        private_key=server,
        dh=unb64url(p256dh),
        auth_secret=unb64url(auth),
        version="aesgcm",
    )
    headers = {
        "Content-Type": "application/octet-stream",
        "Content-Encoding": "aesgcm",
        "Encryption": f"salt={b64url(salt)}",
        "Crypto-Key": f"dh={b64url(_point(server))};p256ecdsa={VAPID_PUBLIC_KEY}",
        "TTL": "172800",
        "Urgency": "normal",
    }
    assert isinstance(body, bytes)
    return body, headers
