"""aiomastodon.webpush: keys for a subscription, and decrypting what Mastodon pushes."""

from __future__ import annotations

import base64
import importlib
import json
import os
import sys

import http_ece  # type: ignore[import-untyped]
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import given
from hypothesis import strategies as st
from multidict import CIMultiDict

import aiomastodon
from aiomastodon import webpush
from aiomastodon.errors import MastodonError
from aiomastodon.webpush import PushKeys, PushNotification, WebPushError, decrypt, decrypt_bytes
from tests.push_sender import b64url, encrypt_legacy, encrypt_standard, unb64url

# RFC 8291, Appendix A: the user agent's keys and auth secret, and the message body.
RFC_UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94"
RFC_UA_PUBLIC = (
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"
)
RFC_AUTH = "BTBZMqHH6r4Tts7J_aSIgg"
RFC_BODY = (
    "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27ml"
    "mlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPT"
    "pK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"
)
RFC_PLAINTEXT = b"When I grow up, I want to be a watermelon"

# An aesgcm message to the same keys, from WebKit's push daemon tests
# (WebPushDInjectedPushTest.HandleInjectedAESGCMPush).
AESGCM_HEADERS = {
    "Content-Encoding": "aesgcm",
    "Encryption": "salt=tkPT5xDeN0lAkSc6lZUkNg",
    "Crypto-Key": "dh=BC-AgYMhqmzamH7_Aum0YvId8FV1-umgHweJNe6XQ1IMAm3E29loWXqTRndibxH27kJ"
    "KWcIbyymundODMfVx_UM",
}
AESGCM_BODY = base64.b64decode("o/u4yvcXI1nap+zyIOBbWXdLqj1qHG2cX+KVhAdBQj1GVAt7lQ==")

NOTIFICATION = {
    "access_token": "SECRET-TOKEN-1234",
    "preferred_locale": "en",
    "notification_id": 104815763,  # Mastodon sends the id as a number
    "notification_type": "mention",
    "icon": "https://files.example.social/accounts/avatars/000/000/001/original/a.png",
    "title": "Alice mentioned you",
    "body": "@bot roll 2d6",
}
PAYLOAD = json.dumps(NOTIFICATION).encode()


ZERO = b64url(bytes(32))
OVER = b64url(bytes([255]) * 32)


def rfc_keys() -> PushKeys:
    scalar = int.from_bytes(unb64url(RFC_UA_PRIVATE), "big")
    return PushKeys(ec.derive_private_key(scalar, ec.SECP256R1()), unb64url(RFC_AUTH))


# --- keys ----------------------------------------------------------------------------


def test_generated_keys_have_the_forms_mastodon_takes() -> None:
    keys = PushKeys.generate()
    point = unb64url(keys.p256dh)
    assert len(point) == 65
    assert point[0] == 4  # uncompressed
    assert len(unb64url(keys.auth)) == 16
    assert "=" not in keys.p256dh + keys.auth
    assert set(keys.p256dh + keys.auth) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )
    assert PushKeys.generate().p256dh != keys.p256dh


def test_rfc_keys_give_the_rfc_public_key() -> None:
    keys = rfc_keys()
    assert keys.p256dh == RFC_UA_PUBLIC
    assert keys.auth == RFC_AUTH


def test_keys_survive_saving_and_loading() -> None:
    keys = PushKeys.generate()
    saved = keys.to_json()
    assert isinstance(saved, str)
    loaded = PushKeys.from_json(saved)
    assert (loaded.p256dh, loaded.auth) == (keys.p256dh, keys.auth)
    assert PushKeys.from_json(saved.encode()).p256dh == keys.p256dh
    body, headers = encrypt_standard(PAYLOAD, keys.p256dh, keys.auth)
    assert decrypt(loaded, body, headers).notification_type == "mention"


def test_repr_shows_no_secret() -> None:
    keys = rfc_keys()
    text = repr(keys)
    assert RFC_UA_PUBLIC in text
    assert RFC_UA_PRIVATE not in text
    assert RFC_AUTH not in text
    assert json.loads(keys.to_json()) == {"private_key": RFC_UA_PRIVATE, "auth": RFC_AUTH}


@pytest.mark.parametrize(
    "saved",
    [
        "",
        "not json",
        "[]",
        "{}",
        '{"private_key": 1, "auth": "x"}',
        f'{{"private_key": "{RFC_UA_PRIVATE}"}}',
        f'{{"private_key": "!!!", "auth": "{RFC_AUTH}"}}',
        f'{{"private_key": "{RFC_UA_PRIVATE[:-4]}", "auth": "{RFC_AUTH}"}}',
        f'{{"private_key": "{RFC_UA_PRIVATE}", "auth": "AAAA"}}',
        f'{{"private_key": "{ZERO}", "auth": "{RFC_AUTH}"}}',  # zero is no key
        f'{{"private_key": "{OVER}", "auth": "{RFC_AUTH}"}}',  # over the curve's order
    ],
)
def test_bad_saved_keys_raise_web_push_error(saved: str) -> None:
    with pytest.raises(WebPushError):
        PushKeys.from_json(saved)


def test_a_bad_saved_key_is_not_quoted_in_the_error() -> None:
    damaged = RFC_UA_PRIVATE[:20] + "*" + RFC_UA_PRIVATE[21:]
    with pytest.raises(WebPushError) as raised:
        PushKeys.from_json(json.dumps({"private_key": damaged, "auth": RFC_AUTH}))
    assert RFC_UA_PRIVATE[:20] not in str(raised.value)


def test_keys_refuse_another_curve_or_a_short_secret() -> None:
    with pytest.raises(ValueError, match="P-256"):
        PushKeys(ec.generate_private_key(ec.SECP384R1()), os.urandom(16))
    with pytest.raises(ValueError, match="16 bytes"):
        PushKeys(ec.generate_private_key(ec.SECP256R1()), os.urandom(8))


# --- known vectors ---------------------------------------------------------------------


def test_rfc_8291_appendix_a() -> None:
    body = unb64url(RFC_BODY)
    assert decrypt_bytes(rfc_keys(), body, {"Content-Encoding": "aes128gcm"}) == RFC_PLAINTEXT
    # Without the header, a body without Encryption is read as aes128gcm.
    assert decrypt_bytes(rfc_keys(), body, {}) == RFC_PLAINTEXT


def test_aesgcm_known_vector() -> None:
    assert decrypt_bytes(rfc_keys(), AESGCM_BODY, AESGCM_HEADERS) == b"test aesgcm payload"
    headers = {k: v for k, v in AESGCM_HEADERS.items() if k != "Content-Encoding"}
    assert decrypt_bytes(rfc_keys(), AESGCM_BODY, headers) == b"test aesgcm payload"


def test_a_known_vector_that_is_not_a_notification() -> None:
    with pytest.raises(WebPushError, match="not a Mastodon notification"):
        decrypt(rfc_keys(), unb64url(RFC_BODY), {"Content-Encoding": "aes128gcm"})


# --- round trips as Mastodon sends them ------------------------------------------------


def _check(notification: PushNotification) -> None:
    assert notification.notification_id == "104815763"
    assert notification.notification_type == "mention"
    assert notification.title == "Alice mentioned you"
    assert notification.body == "@bot roll 2d6"
    assert notification.access_token == "SECRET-TOKEN-1234"
    assert notification.preferred_locale == "en"
    assert notification.icon.endswith("/a.png")
    assert "SECRET-TOKEN-1234" not in repr(notification)


def test_standard_push_as_mastodon_sends_it() -> None:
    keys = PushKeys.generate()
    body, headers = encrypt_standard(PAYLOAD, keys.p256dh, keys.auth)
    _check(decrypt(keys, body, headers))
    assert decrypt_bytes(keys, body, headers) == PAYLOAD


def test_standard_push_encrypted_by_http_ece() -> None:
    # One record whose rs is the record's size, as the gem writes it.
    keys = PushKeys.generate()
    server = ec.generate_private_key(ec.SECP256R1())
    body = http_ece.encrypt(
        PAYLOAD,
        private_key=server,
        dh=unb64url(keys.p256dh),
        auth_secret=unb64url(keys.auth),
        rs=len(PAYLOAD) + 17,
        version="aes128gcm",
    )
    _check(decrypt(keys, body, {"Content-Encoding": "aes128gcm"}))


def test_legacy_push_as_mastodon_sends_it() -> None:
    keys = PushKeys.generate()
    body, headers = encrypt_legacy(PAYLOAD, keys.p256dh, keys.auth)
    _check(decrypt(keys, body, headers))


def test_headers_in_any_case_and_as_a_multidict() -> None:
    keys = PushKeys.generate()
    body, headers = encrypt_legacy(PAYLOAD, keys.p256dh, keys.auth)
    lowered = {name.lower(): value for name, value in headers.items()}
    _check(decrypt(keys, body, lowered))
    _check(decrypt(keys, body, CIMultiDict(headers)))
    # Comma-separated parameters, quotes and an explicit record size are read too.
    crypto_key = headers["Crypto-Key"].replace(";", ", ")
    encryption = headers["Encryption"].replace("salt=", 'salt="') + '"; rs=4096'
    _check(decrypt(keys, body, {**headers, "Crypto-Key": crypto_key, "Encryption": encryption}))


# --- failures --------------------------------------------------------------------------


def test_wrong_auth_secret_fails_cleanly() -> None:
    keys = PushKeys.generate()
    for encrypt in (encrypt_standard, encrypt_legacy):
        body, headers = encrypt(PAYLOAD, keys.p256dh, b64url(os.urandom(16)))
        with pytest.raises(WebPushError, match="cannot decrypt") as raised:
            decrypt(keys, body, headers)
        assert isinstance(raised.value, MastodonError)


def test_wrong_private_key_fails_cleanly() -> None:
    keys = PushKeys.generate()
    other = PushKeys.from_json(
        json.dumps({"private_key": json.loads(PushKeys.generate().to_json())["private_key"],
                    "auth": keys.auth})
    )  # fmt: skip
    for encrypt in (encrypt_standard, encrypt_legacy):
        body, headers = encrypt(PAYLOAD, keys.p256dh, keys.auth)
        with pytest.raises(WebPushError, match="cannot decrypt"):
            decrypt(other, body, headers)


@pytest.mark.parametrize("legacy", [False, True])
def test_every_truncation_and_bit_flip_fails_cleanly(legacy: bool) -> None:
    keys = PushKeys.generate()
    encrypt = encrypt_legacy if legacy else encrypt_standard
    body, headers = encrypt(PAYLOAD, keys.p256dh, keys.auth)
    for length in range(len(body)):
        with pytest.raises(WebPushError):
            decrypt(keys, body[:length], headers)
    for index in range(0, len(body), 7):
        flipped = bytearray(body)
        flipped[index] ^= 0x40
        with pytest.raises(WebPushError):
            decrypt(keys, bytes(flipped), headers)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"Content-Encoding": "gzip"}, "unsupported Content-Encoding"),
        ({"Encryption": ""}, "Encryption header with salt"),
        ({"Encryption": "rs=4096"}, "Encryption header with salt"),
        ({"Crypto-Key": "p256ecdsa=abc"}, "Crypto-Key header with dh"),
        ({"Encryption": "salt=***"}, "not Base64"),
        ({"Encryption": "salt=AAAA"}, "16 octet"),
        ({"Crypto-Key": "dh=AAAA"}, "cannot decrypt"),
        ({"Encryption": "salt=tkPT5xDeN0lAkSc6lZUkNg;rs=x"}, "rs is not a number"),
        ({"Encryption": "salt=tkPT5xDeN0lAkSc6lZUkNg;rs=1"}, "too small"),
    ],
)
def test_bad_legacy_headers_fail_cleanly(change: dict[str, str], message: str) -> None:
    with pytest.raises(WebPushError, match=message):
        decrypt_bytes(rfc_keys(), AESGCM_BODY, {**AESGCM_HEADERS, **change})


@given(
    st.binary(max_size=300),
    st.sampled_from(["aes128gcm", "aesgcm", "", "AES128GCM"]),
    st.text(max_size=40),
    st.text(max_size=120),
)
def test_any_input_raises_only_web_push_error(
    body: bytes, encoding: str, encryption: str, crypto_key: str
) -> None:
    headers = {"Content-Encoding": encoding, "Encryption": encryption, "Crypto-Key": crypto_key}
    with pytest.raises(WebPushError):  # random bytes never authenticate
        decrypt(rfc_keys(), body, headers)


@given(st.binary(min_size=0, max_size=200))
def test_any_aes128gcm_body_after_a_valid_header_raises_only_web_push_error(tail: bytes) -> None:
    header = unb64url(RFC_BODY)[:86]
    with pytest.raises(WebPushError):
        decrypt(rfc_keys(), header + tail, {"Content-Encoding": "aes128gcm"})


def test_a_header_without_a_record_is_truncated() -> None:
    header = unb64url(RFC_BODY)[:86]
    with pytest.raises(WebPushError, match="truncated"):
        decrypt_bytes(rfc_keys(), header, {"Content-Encoding": "aes128gcm"})


def test_a_decrypted_non_json_payload_is_a_web_push_error() -> None:
    keys = PushKeys.generate()
    body, headers = encrypt_standard(b"\xff\xfe not json", keys.p256dh, keys.auth)
    assert decrypt_bytes(keys, body, headers) == b"\xff\xfe not json"
    with pytest.raises(WebPushError, match="not a Mastodon notification"):
        decrypt(keys, body, headers)


def test_a_payload_from_another_server_keeps_what_it_has() -> None:
    keys = PushKeys.generate()
    payload = json.dumps({"title": "t", "body": "b", "notification_id": "9", "extra": 1})
    body, headers = encrypt_standard(payload.encode(), keys.p256dh, keys.auth)
    notification = decrypt(keys, body, headers)
    assert (notification.title, notification.notification_id, notification.access_token) == (
        "t",
        "9",
        "",
    )


# --- without the extra -----------------------------------------------------------------


@pytest.mark.parametrize("missing", ["http_ece", "cryptography"])
def test_import_without_the_extra_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    monkeypatch.setattr(aiomastodon, "webpush", webpush)  # restored after the attempt
    for name in list(sys.modules):
        if name == missing or name.startswith(missing + "."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, missing, None)
    monkeypatch.delitem(sys.modules, "aiomastodon.webpush")
    with pytest.raises(ImportError, match=r"pip install 'aiomastodon\[webpush\]'"):
        importlib.import_module("aiomastodon.webpush")
