"""OAuth as pure code: scopes, PKCE, state, the authorization URL and its callback,
token-endpoint errors, metadata, and the credentials file format. No I/O, no loop."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from aiomastodon._sansio.oauth import (
    OOB,
    SCOPES,
    AccessToken,
    AuthorizationRequest,
    ServerMetadata,
    authorization_url,
    check_state,
    code_challenge,
    new_code_verifier,
    new_state,
    parse_callback,
    parse_scopes,
)
from aiomastodon._sansio.response import RawResponse, error_for
from aiomastodon.credentials import (
    CREDENTIALS_FORMAT,
    Credentials,
    decode_credentials,
    encode_credentials,
)
from aiomastodon.errors import (
    AuthorizationError,
    CredentialsFileError,
    HTTPError,
    InvalidClient,
    InvalidGrant,
    InvalidRequest,
    InvalidScope,
    MastodonError,
    OAuthError,
    RateLimited,
    ServerError,
    StateMismatch,
    UnauthorizedClient,
    UnknownScope,
    UnsupportedGrantType,
    oauth_error,
)

from ..api._helpers import DATA, method_example

SECRET = "s3cr3t-client-secret-value"
TOKEN = "t0ken-value-that-must-not-leak"
BASE = URL("https://example.social")

# --- scopes ---------------------------------------------------------------------------------


def _documented_scopes() -> set[str]:
    endpoints = json.loads((DATA / "endpoints.json").read_text(encoding="utf-8"))
    found = {scope for endpoint in endpoints for scope in endpoint["scopes"]}
    found |= set(method_example("oauth.authorization-server-metadata")["scopes_supported"])
    return found


def test_scopes_are_exactly_the_documented_ones():
    assert _documented_scopes() == SCOPES
    for scope in ("read", "write", "follow", "push", "profile", "admin:read", "admin:write"):
        assert scope in SCOPES


def test_parse_scopes_splits_dedupes_and_keeps_order():
    assert parse_scopes("read  write:statuses read\tpush") == ("read", "write:statuses", "push")
    assert parse_scopes(["read", "write:media write:statuses"]) == (
        "read",
        "write:media",
        "write:statuses",
    )


def test_a_typo_is_a_clear_error_with_a_suggestion():
    with pytest.raises(UnknownScope) as info:
        parse_scopes("read wrtie:statuses")
    assert info.value.unknown == ("wrtie:statuses",)
    assert "did you mean 'write:statuses'?" in str(info.value)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, MastodonError)


def test_commas_get_a_hint():
    with pytest.raises(UnknownScope, match="separated by spaces"):
        parse_scopes("read,write")


def test_several_unknown_scopes_are_all_named():
    with pytest.raises(UnknownScope) as info:
        parse_scopes("raed write flolow")
    assert info.value.unknown == ("raed", "flolow")
    assert "'read'" in str(info.value)
    assert "'follow'" in str(info.value)


def test_extra_scopes_are_accepted():
    assert parse_scopes("read fork:special", extra=["fork:special"]) == ("read", "fork:special")


def test_no_scope_at_all_is_an_error():
    with pytest.raises(ValueError, match="at least one"):
        parse_scopes("  ")
    with pytest.raises(ValueError, match="at least one"):
        parse_scopes([])


# --- PKCE and state -------------------------------------------------------------------------


def test_code_challenge_matches_rfc_7636_appendix_b():
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert code_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_new_verifiers_are_valid_long_and_fresh():
    verifiers = {new_code_verifier() for _ in range(50)}
    assert len(verifiers) == 50
    for verifier in verifiers:
        assert 43 <= len(verifier) <= 128
        assert len(code_challenge(verifier)) == 43


@pytest.mark.parametrize("verifier", ["short", "x" * 129, "a" * 42 + " ", "ä" * 43])
def test_a_bad_verifier_is_refused(verifier):
    with pytest.raises(ValueError, match="43 to 128"):
        code_challenge(verifier)


@given(st.text(alphabet="ABCxyz0189-._~", min_size=43, max_size=128))
def test_every_valid_verifier_has_an_unpadded_base64url_challenge(verifier):
    challenge = code_challenge(verifier)
    assert len(challenge) == 43
    assert set(challenge) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_states_are_fresh_and_checked():
    states = {new_state() for _ in range(50)}
    assert len(states) == 50
    state = states.pop()
    assert len(state) >= 43
    check_state(state, state)
    with pytest.raises(StateMismatch) as info:
        check_state(state, state + "x")
    assert info.value.error == "state_mismatch"
    assert state not in str(info.value)
    with pytest.raises(StateMismatch, match="no state"):
        check_state(state, None)


# --- the authorization URL and the callback -------------------------------------------------


def test_authorization_url_with_state_and_pkce():
    url = authorization_url(
        "https://example.social/oauth/authorize",
        client_id="cid",
        redirect_uri=OOB,
        scopes=("read", "write:statuses"),
        state="st",
        code_challenge="ch",
    )
    parsed = URL(url)
    assert parsed.with_query(None) == URL("https://example.social/oauth/authorize")
    assert parse_qsl(parsed.raw_query_string) == [
        ("response_type", "code"),
        ("client_id", "cid"),
        ("redirect_uri", OOB),
        ("scope", "read write:statuses"),
        ("state", "st"),
        ("code_challenge", "ch"),
        ("code_challenge_method", "S256"),
    ]


def test_authorization_url_without_pkce_with_force_login_and_lang():
    url = authorization_url(
        URL("https://example.social/oauth/authorize?x=1"),
        client_id="c i&d",
        redirect_uri="https://app.example/cb?a=b&c=d",
        scopes=["read"],
        force_login=True,
        lang="de",
    )
    assert parse_qsl(URL(url).raw_query_string) == [
        ("x", "1"),
        ("response_type", "code"),
        ("client_id", "c i&d"),
        ("redirect_uri", "https://app.example/cb?a=b&c=d"),
        ("scope", "read"),
        ("force_login", "true"),
        ("lang", "de"),
    ]


def test_callback_gives_the_code():
    assert parse_callback("https://app.example/cb?code=abc&state=st", state="st") == "abc"
    assert parse_callback(URL("https://app.example/cb?code=abc"), state=None) == "abc"


def test_callback_code_in_the_fragment():
    assert parse_callback("https://app.example/cb#code=abc&state=st", state="st") == "abc"


@pytest.mark.parametrize(
    "callback",
    [
        "https://app.example/cb?code=abc&state=other",
        "https://app.example/cb?code=abc",
        "https://app.example/cb?code=abc&state=",
        "https://app.example/cb?error=access_denied&state=forged",
    ],
)
def test_callback_with_a_wrong_or_missing_state(callback):
    with pytest.raises(StateMismatch) as info:
        parse_callback(callback, state="expected-state")
    assert "abc" not in str(info.value)
    assert "expected-state" not in str(info.value)


def test_callback_with_an_error():
    callback = (
        "https://app.example/cb?error=access_denied"
        "&error_description=The+resource+owner+denied+the+request.&state=st"
    )
    with pytest.raises(AuthorizationError) as info:
        parse_callback(callback, state="st")
    assert not isinstance(info.value, StateMismatch)
    assert info.value.error == "access_denied"
    assert info.value.description == "The resource owner denied the request."
    assert "access_denied" in str(info.value)


def test_callback_without_a_code():
    with pytest.raises(AuthorizationError, match="no code") as info:
        parse_callback("https://app.example/cb?state=st", state="st")
    assert info.value.error == "invalid_request"


def test_authorization_request_hides_state_and_verifier_and_round_trips():
    request = AuthorizationRequest(
        url="https://example.social/oauth/authorize?state=STATE-VALUE&code_challenge=ch",
        state="STATE-VALUE",
        redirect_uri=OOB,
        scopes=["read", "write"],  # type: ignore[arg-type]
        code_verifier="VERIFIER-VALUE",
    )
    assert request.scopes == ("read", "write")
    assert request.pkce
    assert request.out_of_band
    text = repr(request)
    assert "STATE-VALUE" not in text
    assert "VERIFIER-VALUE" not in text
    assert "https://example.social/oauth/authorize" in text
    data = json.loads(json.dumps(request.to_dict()))
    assert AuthorizationRequest.from_dict(data) == request
    without = AuthorizationRequest("https://x/oauth/authorize", "s", "https://app/cb", ("read",))
    assert not without.pkce
    assert not without.out_of_band
    assert AuthorizationRequest.from_dict(without.to_dict()) == without


def test_a_bad_saved_authorization_request_is_refused():
    with pytest.raises(ValueError, match="AuthorizationRequest"):
        AuthorizationRequest.from_dict({"url": "x", "state": 1})


# --- token endpoint errors ------------------------------------------------------------------


def _error(status: int, body: dict[str, str]) -> HTTPError:
    response = RawResponse(
        status=status,
        headers=CIMultiDictProxy(CIMultiDict({"Content-Type": "application/json"})),
        body=json.dumps(body).encode(),
        url=URL("https://example.social/oauth/token"),
        method="POST",
    )
    return error_for(response)


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [
        (400, "invalid_grant", InvalidGrant),
        (401, "invalid_client", InvalidClient),
        (400, "invalid_request", InvalidRequest),
        (400, "invalid_scope", InvalidScope),
        (400, "unsupported_grant_type", UnsupportedGrantType),
        (403, "unauthorized_client", UnauthorizedClient),
        (400, "unsupported_token_type", OAuthError),
    ],
)
def test_oauth_error_codes_map_to_classes(status, code, cls):
    mapped = oauth_error(_error(status, {"error": code, "error_description": "why"}))
    assert type(mapped) is cls
    assert isinstance(mapped, OAuthError)
    assert isinstance(mapped, HTTPError)
    assert mapped.status == status
    assert mapped.error == code
    assert mapped.description == "why"
    assert mapped.endpoint == "POST /oauth/token"
    assert str(mapped) == f"POST /oauth/token: HTTP {status}: {code} (why)"


@pytest.mark.parametrize(
    ("status", "body", "cls"),
    [
        (429, {"error": "invalid_grant"}, RateLimited),
        (503, {"error": "invalid_grant"}, ServerError),
        (400, {"error": "Validation failed"}, HTTPError),
    ],
)
def test_other_errors_are_left_alone(status, body, cls):
    error = _error(status, body)
    assert oauth_error(error) is error
    assert type(error) is cls


# --- metadata and tokens --------------------------------------------------------------------


def test_the_docs_metadata_example_decodes():
    raw = json.dumps(method_example("oauth.authorization-server-metadata")).encode()
    metadata = msgspec.json.decode(raw, type=ServerMetadata)
    assert metadata.discovered
    assert metadata.supports_pkce
    assert metadata.token_endpoint == "https://social.example/oauth/token"
    assert metadata.userinfo_endpoint == "https://social.example/oauth/userinfo"
    assert "client_credentials" in metadata.grant_types_supported
    assert "password" not in metadata.grant_types_supported
    assert set(metadata.scopes_supported) <= SCOPES


def test_classic_metadata_for_servers_before_4_3():
    metadata = ServerMetadata.classic(URL("https://example.social/"))
    assert not metadata.discovered
    assert not metadata.supports_pkce
    assert metadata.authorization_endpoint == "https://example.social/oauth/authorize"
    assert metadata.token_endpoint == "https://example.social/oauth/token"
    assert metadata.userinfo_endpoint is None


def test_the_authorization_endpoint_must_be_on_the_instance():
    same = ServerMetadata(issuer="x", authorization_endpoint="https://example.social/o/auth")
    assert same.authorization_endpoint_on(BASE) == "https://example.social/o/auth"
    other = ServerMetadata(
        issuer="x", authorization_endpoint="https://evil.example/oauth/authorize"
    )
    assert other.authorization_endpoint_on(BASE) == "https://example.social/oauth/authorize"
    relative = ServerMetadata(issuer="x", authorization_endpoint="/oauth/authorize")
    assert relative.authorization_endpoint_on(BASE) == "https://example.social/oauth/authorize"
    sub = URL("https://example.social/mastodon")
    assert ServerMetadata().authorization_endpoint_on(sub) == (
        "https://example.social/mastodon/oauth/authorize"
    )


def test_access_token_repr_hides_the_token():
    raw = json.dumps(method_example("oauth.token")).encode()
    token = msgspec.json.decode(raw, type=AccessToken)
    assert token.scopes == ("read", "write", "follow", "push")
    for text in (repr(token), str(token)):
        assert token.access_token not in text
        assert "<redacted>" in text
    rich = dict(token.__rich_repr__())
    assert rich["access_token"] == "<redacted>"
    assert rich["scope"] == "read write follow push"


# --- credentials and their file -------------------------------------------------------------


def _credentials(token: str | None = TOKEN) -> Credentials:
    return Credentials(
        base_url="https://example.social",
        client_id="cid",
        client_secret=SECRET,
        redirect_uris=(OOB, "https://app.example/cb"),
        scopes=("read", "write:statuses"),
        access_token=token,
    )


def test_credentials_repr_hides_secrets():
    for credentials in (_credentials(), _credentials(None)):
        text = repr(credentials)
        assert SECRET not in text
        assert TOKEN not in text
        assert "cid" in text
        assert str(credentials) == text
    assert "access_token=<redacted>" in repr(_credentials())
    assert "access_token=None" in repr(_credentials(None))


def test_credentials_with_and_without_a_token():
    credentials = _credentials(None)
    assert credentials.redirect_uri == OOB
    with_token = credentials.with_token("other")
    assert with_token.access_token == "other"
    assert with_token.with_token(None) == credentials
    listed = Credentials("https://x", "c", "s", ["a"], ["read"])  # type: ignore[arg-type]
    assert listed.redirect_uris == ("a",)
    assert listed.scopes == ("read",)


def test_file_format():
    data = encode_credentials(_credentials())
    assert data.endswith(b"\n")
    assert json.loads(data) == {
        "format": CREDENTIALS_FORMAT,
        "base_url": "https://example.social",
        "client_id": "cid",
        "client_secret": SECRET,
        "redirect_uris": [OOB, "https://app.example/cb"],
        "scopes": ["read", "write:statuses"],
        "access_token": TOKEN,
    }
    assert decode_credentials(data) == _credentials()


def test_file_without_a_token():
    data = encode_credentials(_credentials(None))
    assert "access_token" not in json.loads(data)
    assert decode_credentials(data) == _credentials(None)


@given(
    st.text(min_size=1),
    st.text(min_size=1),
    st.text(),
    st.lists(st.text(min_size=1), min_size=1, max_size=3),
    st.one_of(st.none(), st.text(min_size=1)),
)
def test_file_round_trips(base_url, client_id, secret, uris, token):
    credentials = Credentials(base_url, client_id, secret, tuple(uris), ("read",), token)
    assert decode_credentials(encode_credentials(credentials)) == credentials


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"not json " + SECRET.encode(), "not an aiomastodon credentials file"),
        (b"[]", "not an aiomastodon credentials file"),
        (
            json.dumps({"format": CREDENTIALS_FORMAT, "base_url": "x", "client_id": "c"}).encode(),
            "client_secret",
        ),
        (
            json.dumps(
                {
                    "format": CREDENTIALS_FORMAT,
                    "base_url": "x",
                    "client_id": "c",
                    "client_secret": 12345,
                    "redirect_uris": [],
                    "scopes": [],
                }
            ).encode(),
            "client_secret",
        ),
        (
            json.dumps(
                {
                    "format": "other/2",
                    "base_url": "x",
                    "client_id": "c",
                    "client_secret": SECRET,
                    "redirect_uris": [],
                    "scopes": [],
                }
            ).encode(),
            "unsupported format 'other/2'",
        ),
        (
            json.dumps(
                {
                    "format": CREDENTIALS_FORMAT,
                    "base_url": "",
                    "client_id": "c",
                    "client_secret": SECRET,
                    "redirect_uris": [],
                    "scopes": [],
                }
            ).encode(),
            "must not be empty",
        ),
    ],
)
def test_bad_files_are_refused_without_showing_secrets(data, match):
    with pytest.raises(CredentialsFileError, match=match) as info:
        decode_credentials(data, source="/home/me/creds.json")
    assert str(info.value).startswith("/home/me/creds.json: ")
    assert SECRET not in str(info.value)
    assert "12345" not in str(info.value)
