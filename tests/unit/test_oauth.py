"""client.oauth, client.apps.verify_credentials and the flows of aiomastodon.auth, against
aioresponses: the requests sent, the errors, PKCE fallback, state checks, and secrets kept
out of reprs, errors and logs."""

from __future__ import annotations

import inspect
import logging
import warnings
from urllib.parse import parse_qsl

import pytest
from yarl import URL

from aiomastodon import Client, NotFound, ServerError, Unauthorized, auth
from aiomastodon.client import ClientOptions
from aiomastodon.entities import Application
from aiomastodon.errors import HTTPError

from .api._helpers import (
    BASE,
    calls_to,
    form_of,
    method_example,
    only_request,
    recorded,
    sent_nothing_else,
)

APPS = f"{BASE}/api/v1/apps"
METADATA = f"{BASE}/.well-known/oauth-authorization-server"
TOKEN_URL = f"{BASE}/oauth/token"
REVOKE_URL = f"{BASE}/oauth/revoke"
USERINFO = f"{BASE}/oauth/userinfo"

SECRET = "client-secret-9f8e7d"
USER_TOKEN = "user-token-1a2b3c"
CALLBACK = "https://app.example/callback"


def _metadata(**changes: object) -> dict[str, object]:
    data = method_example("oauth.authorization-server-metadata")
    origin = "https://social.example"
    data = {k: v.replace(origin, BASE) if isinstance(v, str) else v for k, v in data.items()}
    return {**data, **changes}


def _token_answer(token: str = USER_TOKEN, scope: str = "read write") -> dict[str, object]:
    return {"access_token": token, "token_type": "Bearer", "scope": scope, "created_at": 1}


def _app(token: str | None = None) -> auth.Credentials:
    return auth.Credentials(
        base_url=BASE,
        client_id="cid",
        client_secret=SECRET,
        redirect_uris=(auth.OOB, CALLBACK),
        scopes=("read", "write"),
        access_token=token,
    )


@pytest.fixture
async def anonymous():
    async with Client(BASE, retries=0) as c:
        yield c


def _query(url: str) -> dict[str, str]:
    return dict(parse_qsl(URL(url).raw_query_string))


def _only(mocked, method: str, url: str):
    calls = calls_to(mocked, method, url)
    assert len(calls) == 1, recorded(mocked)
    return calls[0]


# --- client.oauth, one endpoint at a time ---------------------------------------------------


def test_authorize_only_builds_the_url(mocked, client):
    url = client.oauth.authorize(
        client_id="cid",
        redirect_uri=auth.OOB,
        scopes=["read", "write"],
        state="st",
        code_challenge="ch",
        force_login=True,
        lang="fr",
    )
    assert URL(url).with_query(None) == URL(f"{BASE}/oauth/authorize")
    assert _query(url) == {
        "response_type": "code",
        "client_id": "cid",
        "redirect_uri": auth.OOB,
        "scope": "read write",
        "state": "st",
        "code_challenge": "ch",
        "code_challenge_method": "S256",
        "force_login": "true",
        "lang": "fr",
    }
    assert _query(client.oauth.authorize(client_id="c", redirect_uri=CALLBACK)) == {
        "response_type": "code",
        "client_id": "c",
        "redirect_uri": CALLBACK,
        "scope": "read",
    }
    assert mocked.requests == {}


async def test_token(mocked, client):
    mocked.post(TOKEN_URL, payload=method_example("oauth.token"))
    token = await client.oauth.token(
        grant_type="authorization_code",
        client_id="cid",
        client_secret=SECRET,
        redirect_uri=auth.OOB,
        code="the-code",
        code_verifier="v" * 43,
    )
    assert isinstance(token, auth.AccessToken)
    assert token.access_token == method_example("oauth.token")["access_token"]
    assert token.scopes == ("read", "write", "follow", "push")
    assert form_of(only_request(mocked, "POST", TOKEN_URL)) == [
        ("grant_type", "authorization_code"),
        ("client_id", "cid"),
        ("client_secret", SECRET),
        ("redirect_uri", auth.OOB),
        ("code", "the-code"),
        ("code_verifier", "v" * 43),
    ]


async def test_token_is_never_retried(mocked):
    mocked.post(TOKEN_URL, status=503, body="busy")
    async with Client(BASE, retries=3) as retrying:
        with pytest.raises(ServerError):
            await retrying.oauth.token(
                grant_type="client_credentials", client_id="c", client_secret=SECRET
            )
    assert len(calls_to(mocked, "POST", TOKEN_URL)) == 1


async def test_revoke(mocked, client):
    mocked.post(REVOKE_URL, payload={})
    assert await client.oauth.revoke(client_id="cid", client_secret=SECRET, token="t") is None
    assert form_of(only_request(mocked, "POST", REVOKE_URL)) == [
        ("client_id", "cid"),
        ("client_secret", SECRET),
        ("token", "t"),
    ]


async def test_revoke_refused(mocked, client):
    mocked.post(
        REVOKE_URL,
        status=403,
        payload={"error": "unauthorized_client", "error_description": "not yours"},
    )
    with pytest.raises(auth.UnauthorizedClient) as info:
        await client.oauth.revoke(client_id="cid", client_secret=SECRET, token="t")
    assert info.value.status == 403
    assert info.value.endpoint == "POST /oauth/revoke"


async def test_userinfo(mocked, client):
    mocked.get(USERINFO, payload=method_example("oauth.userinfo"))
    info = await client.oauth.userinfo()
    assert isinstance(info, auth.UserInfo)
    assert info.preferred_username == "john_mastodon"
    assert info.sub == "http://social.example/users/john_mastodon"
    only_request(mocked, "GET", USERINFO)


async def test_userinfo_by_post(mocked, client):
    mocked.post(USERINFO, payload=method_example("oauth.userinfo"))
    info = await client.oauth.userinfo(post=True)
    assert info.preferred_username == "john_mastodon"
    only_request(mocked, "POST", USERINFO)


async def test_userinfo_on_an_older_server(mocked, client):
    mocked.get(USERINFO, status=404, payload={"error": "Record not found"})
    with pytest.raises(NotFound):
        await client.oauth.userinfo()


async def test_server_metadata(mocked, client):
    mocked.get(METADATA, payload=_metadata())
    metadata = await client.oauth.server_metadata()
    assert metadata.discovered
    assert metadata.supports_pkce
    only_request(mocked, "GET", METADATA)


async def test_apps_verify_credentials(mocked, client):
    url = f"{BASE}/api/v1/apps/verify_credentials"
    mocked.get(url, payload=method_example("apps.verify_credentials"))
    app = await client.apps.verify_credentials()
    assert isinstance(app, Application)
    assert app.name == "Test Application"
    assert app.scopes == ["read", "write", "push"]
    only_request(mocked, "GET", url)


async def test_apps_verify_credentials_with_a_bad_token(mocked, client):
    url = f"{BASE}/api/v1/apps/verify_credentials"
    mocked.get(url, status=401, payload={"error": "The access token is invalid"})
    with pytest.raises(Unauthorized):
        await client.apps.verify_credentials()


def test_the_routes_are_in_the_table():
    import aiomastodon

    table = {r.wire: r.name for r in aiomastodon.routes()}
    assert table["GET /oauth/authorize"] == "oauth.authorize"
    assert table["POST /oauth/token"] == "oauth.token"
    assert table["POST /oauth/revoke"] == "oauth.revoke"
    assert table["GET /oauth/userinfo"] == "oauth.userinfo"
    assert table["POST /oauth/userinfo"] == "oauth.userinfo"
    assert table["GET /.well-known/oauth-authorization-server"] == "oauth.server_metadata"
    assert table["GET /api/v1/apps/verify_credentials"] == "apps.verify_credentials"


# --- registering an app ---------------------------------------------------------------------


async def test_register_app(mocked, anonymous):
    mocked.post(APPS, payload=method_example("apps.create", 1))
    app = await auth.register_app(
        anonymous,
        "Test Application",
        scopes="read write:statuses",
        redirect_uris=[CALLBACK, "https://app.example/register"],
        website="https://app.example",
    )
    example = method_example("apps.create", 1)
    assert app == auth.Credentials(
        base_url=BASE,
        client_id=example["client_id"],
        client_secret=example["client_secret"],
        redirect_uris=(CALLBACK, "https://app.example/register"),
        scopes=("read", "write:statuses"),
    )
    assert example["client_secret"] not in repr(app)
    assert form_of(_only(mocked, "POST", APPS)) == [
        ("client_name", "Test Application"),
        ("redirect_uris", f"{CALLBACK}\nhttps://app.example/register"),
        ("scopes", "read write:statuses"),
        ("website", "https://app.example"),
    ]


async def test_register_app_defaults_to_out_of_band_and_read(mocked, anonymous):
    mocked.post(APPS, payload=method_example("apps.create"))
    app = await auth.register_app(anonymous, "script")
    assert app.redirect_uris == (auth.OOB,)
    assert app.scopes == ("read",)
    assert form_of(_only(mocked, "POST", APPS)) == [
        ("client_name", "script"),
        ("redirect_uris", auth.OOB),
        ("scopes", "read"),
    ]


async def test_a_scope_typo_fails_before_any_request(mocked, anonymous):
    with pytest.raises(auth.UnknownScope, match="did you mean 'write:statuses'"):
        await auth.register_app(anonymous, "x", scopes="read write:status")
    with pytest.raises(ValueError, match="redirect_uris"):
        await auth.register_app(anonymous, "x", redirect_uris=[])
    assert mocked.requests == {}


async def test_a_fork_scope_can_be_allowed(mocked, anonymous):
    mocked.post(APPS, payload=method_example("apps.create"))
    app = await auth.register_app(anonymous, "x", scopes="read fork:x", extra_scopes=["fork:x"])
    assert app.scopes == ("read", "fork:x")


# --- discovery and PKCE ---------------------------------------------------------------------


async def test_discover(mocked, anonymous):
    mocked.get(METADATA, payload=_metadata())
    metadata = await auth.discover(anonymous)
    assert metadata.discovered
    assert metadata.supports_pkce


@pytest.mark.parametrize(
    "answer",
    [
        {"status": 404, "payload": {"error": "Record not found"}},
        {"status": 200, "body": "<html>a web page</html>"},
    ],
)
async def test_discover_falls_back_to_the_classic_paths(mocked, anonymous, answer):
    mocked.get(METADATA, **answer)
    metadata = await auth.discover(anonymous)
    assert not metadata.discovered
    assert not metadata.supports_pkce
    assert metadata.authorization_endpoint == f"{BASE}/oauth/authorize"


async def test_discover_on_an_older_server_known_to_the_client(mocked):
    instance = {**method_example("instance.v2"), "version": "4.2.10"}
    mocked.get(f"{BASE}/api/v2/instance", payload=instance)
    mocked.get(f"{BASE}/.well-known/nodeinfo", status=404)  # asked by server_info first
    async with Client(BASE, retries=0, check_versions=True) as checking:
        metadata = await auth.discover(checking)
    assert not metadata.discovered
    sent_nothing_else(
        mocked, ("GET", f"{BASE}/.well-known/nodeinfo"), ("GET", f"{BASE}/api/v2/instance")
    )


async def test_discover_does_not_hide_server_errors(mocked, anonymous):
    mocked.get(METADATA, status=500, body="oops")
    with pytest.raises(ServerError):
        await auth.discover(anonymous)


async def test_start_authorization_with_pkce(mocked, anonymous):
    mocked.get(METADATA, payload=_metadata())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        login = await auth.start_authorization(anonymous, _app(), scopes="read")
    assert login.pkce
    assert login.redirect_uri == auth.OOB
    assert login.scopes == ("read",)
    assert login.code_verifier is not None
    assert URL(login.url).with_query(None) == URL(f"{BASE}/oauth/authorize")
    assert _query(login.url) == {
        "response_type": "code",
        "client_id": "cid",
        "redirect_uri": auth.OOB,
        "scope": "read",
        "state": login.state,
        "code_challenge": auth.code_challenge(login.code_verifier),
        "code_challenge_method": "S256",
    }
    sent_nothing_else(mocked, ("GET", METADATA))
    second = await auth.start_authorization(anonymous, _app(), metadata=_metadata_obj())
    assert second.state != login.state
    assert second.code_verifier != login.code_verifier
    assert second.scopes == ("read", "write")
    sent_nothing_else(mocked, ("GET", METADATA))  # metadata given: nothing sent


def _metadata_obj() -> auth.ServerMetadata:
    return auth.ServerMetadata(
        issuer=f"{BASE}/",
        authorization_endpoint=f"{BASE}/oauth/authorize",
        code_challenge_methods_supported=("S256",),
    )


@pytest.mark.parametrize(
    "answer",
    [
        {"status": 404, "payload": {"error": "Record not found"}},  # before 4.3
        {"status": 200, "payload": _metadata(code_challenge_methods_supported=["plain"])},
        {"status": 200, "payload": _metadata(code_challenge_methods_supported=None)},
    ],
)
async def test_a_server_without_pkce_warns_and_goes_on(mocked, anonymous, answer):
    mocked.get(METADATA, **answer)
    with pytest.warns(auth.PKCEUnsupportedWarning, match="without PKCE"):
        login = await auth.start_authorization(anonymous, _app(), redirect_uri=CALLBACK)
    assert not login.pkce
    query = _query(login.url)
    assert "code_challenge" not in query
    assert "code_challenge_method" not in query
    assert query["state"] == login.state
    assert query["redirect_uri"] == CALLBACK


async def test_a_server_without_pkce_is_refused_when_pkce_is_required(mocked, anonymous):
    mocked.get(METADATA, status=404, payload={"error": "Record not found"})
    with pytest.raises(auth.PKCEUnsupported, match=r"before 4\.3") as info:
        await auth.start_authorization(anonymous, _app(), pkce=True)
    assert info.value.error == "pkce_unsupported"


async def test_pkce_can_be_turned_off_without_a_warning(mocked, anonymous):
    mocked.get(METADATA, status=404, payload={"error": "Record not found"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        login = await auth.start_authorization(anonymous, _app(), pkce=False)
        plain = await auth.start_authorization(
            anonymous, _app(), pkce=False, metadata=_metadata_obj()
        )
    assert not login.pkce
    assert not plain.pkce
    assert "code_challenge" not in _query(plain.url)


async def test_start_authorization_checks_before_any_request(mocked, anonymous):
    with pytest.raises(auth.UnknownScope):
        await auth.start_authorization(anonymous, _app(), scopes="read wirte")
    with pytest.raises(ValueError, match="not registered"):
        await auth.start_authorization(anonymous, _app(), redirect_uri="https://evil.example/cb")
    other = auth.Credentials("https://other.example", "cid", SECRET)
    with pytest.raises(ValueError, match=r"other\.example"):
        await auth.start_authorization(anonymous, other)
    assert mocked.requests == {}


async def test_the_metadata_authorization_endpoint_on_another_origin_is_not_used(mocked, anonymous):
    mocked.get(METADATA, payload=_metadata(authorization_endpoint="https://evil.example/auth"))
    login = await auth.start_authorization(anonymous, _app())
    assert URL(login.url).with_query(None) == URL(f"{BASE}/oauth/authorize")


# --- finishing: state, code exchange, errors ------------------------------------------------


def _login(
    redirect_uri: str = CALLBACK, verifier: str | None = "v" * 50
) -> auth.AuthorizationRequest:
    return auth.AuthorizationRequest(
        url=f"{BASE}/oauth/authorize?state=good-state",
        state="good-state",
        redirect_uri=redirect_uri,
        scopes=("read",),
        code_verifier=verifier,
    )


async def test_finish_with_the_callback_url(mocked, anonymous):
    mocked.post(TOKEN_URL, payload=_token_answer())
    creds = await auth.finish_authorization(
        anonymous, _app(), _login(), callback_url=f"{CALLBACK}?code=the-code&state=good-state"
    )
    assert creds == _app(USER_TOKEN)
    assert form_of(_only(mocked, "POST", TOKEN_URL)) == [
        ("grant_type", "authorization_code"),
        ("client_id", "cid"),
        ("client_secret", SECRET),
        ("redirect_uri", CALLBACK),
        ("code", "the-code"),
        ("code_verifier", "v" * 50),
    ]


async def test_finish_out_of_band_without_pkce(mocked, anonymous):
    mocked.post(TOKEN_URL, payload=_token_answer())
    creds = await auth.finish_authorization(
        anonymous, _app(), _login(auth.OOB, verifier=None), code="pasted"
    )
    assert creds.access_token == USER_TOKEN
    assert form_of(_only(mocked, "POST", TOKEN_URL)) == [
        ("grant_type", "authorization_code"),
        ("client_id", "cid"),
        ("client_secret", SECRET),
        ("redirect_uri", auth.OOB),
        ("code", "pasted"),
    ]


async def test_finish_with_code_and_state(mocked, anonymous):
    mocked.post(TOKEN_URL, payload=_token_answer())
    creds = await auth.finish_authorization(
        anonymous, _app(), _login(), code="c", state="good-state"
    )
    assert creds.access_token == USER_TOKEN


@pytest.mark.parametrize(
    "kwargs",
    [
        {"callback_url": f"{CALLBACK}?code=c&state=forged"},
        {"callback_url": f"{CALLBACK}?code=c"},
        {"code": "c", "state": "forged"},
    ],
)
async def test_a_wrong_state_fails_before_any_request(mocked, anonymous, kwargs):
    with pytest.raises(auth.StateMismatch) as info:
        await auth.finish_authorization(anonymous, _app(), _login(), **kwargs)
    assert "good-state" not in str(info.value)
    assert "forged" not in str(info.value)
    assert mocked.requests == {}


async def test_a_redirect_flow_code_needs_its_state(mocked, anonymous):
    with pytest.raises(ValueError, match="state"):
        await auth.finish_authorization(anonymous, _app(), _login(), code="c")
    with pytest.raises(ValueError, match="either"):
        await auth.finish_authorization(anonymous, _app(), _login())
    with pytest.raises(ValueError, match="not both"):
        await auth.finish_authorization(
            anonymous, _app(), _login(), code="c", callback_url=f"{CALLBACK}?code=c"
        )
    assert mocked.requests == {}


async def test_the_user_declined(mocked, anonymous):
    callback = f"{CALLBACK}?error=access_denied&error_description=denied&state=good-state"
    with pytest.raises(auth.AuthorizationError) as info:
        await auth.finish_authorization(anonymous, _app(), _login(), callback_url=callback)
    assert info.value.error == "access_denied"
    assert info.value.description == "denied"
    assert mocked.requests == {}


async def test_invalid_grant(mocked, anonymous, caplog):
    caplog.set_level(logging.DEBUG)
    description = (
        "The provided authorization grant is invalid, expired, revoked, does not match the "
        "redirection URI used in the authorization request, or was issued to another client."
    )
    mocked.post(
        TOKEN_URL, status=400, payload={"error": "invalid_grant", "error_description": description}
    )
    with pytest.raises(auth.InvalidGrant) as info:
        await auth.finish_authorization(
            anonymous, _app(), _login(), callback_url=f"{CALLBACK}?code=CODE-XYZ&state=good-state"
        )
    error = info.value
    assert isinstance(error, auth.OAuthError)
    assert isinstance(error, HTTPError)
    assert (error.status, error.error, error.description) == (400, "invalid_grant", description)
    assert str(error) == f"POST /oauth/token: HTTP 400: invalid_grant ({description})"
    for text in (str(error), repr(error), caplog.text):
        assert SECRET not in text
        assert "v" * 50 not in text
        assert "CODE-XYZ" not in text


async def test_invalid_client(mocked, anonymous, caplog):
    caplog.set_level(logging.DEBUG)
    mocked.post(
        TOKEN_URL,
        status=401,
        payload={
            "error": "invalid_client",
            "error_description": "Client authentication failed due to unknown client.",
        },
    )
    with pytest.raises(auth.InvalidClient) as info:
        await auth.app_token(anonymous, _app())
    assert info.value.status == 401
    assert info.value.error == "invalid_client"
    assert SECRET not in str(info.value)
    assert SECRET not in caplog.text


# --- other grants, revocation ---------------------------------------------------------------


async def test_app_token(mocked, anonymous):
    mocked.post(TOKEN_URL, payload=_token_answer("app-token", "read"))
    creds = await auth.app_token(anonymous, _app(), scopes="read")
    assert creds.access_token == "app-token"
    assert form_of(_only(mocked, "POST", TOKEN_URL)) == [
        ("grant_type", "client_credentials"),
        ("client_id", "cid"),
        ("client_secret", SECRET),
        ("redirect_uri", auth.OOB),
        ("scope", "read"),
    ]


async def test_password_grant(mocked, anonymous):
    mocked.post(TOKEN_URL, payload=_token_answer())
    creds = await auth.password_token(anonymous, _app(), "me@example.social", "hunter2")
    assert creds.access_token == USER_TOKEN
    assert form_of(_only(mocked, "POST", TOKEN_URL)) == [
        ("grant_type", "password"),
        ("client_id", "cid"),
        ("client_secret", SECRET),
        ("scope", "read write"),
        ("username", "me@example.social"),
        ("password", "hunter2"),
    ]


async def test_password_grant_refused_by_current_servers(mocked, anonymous):
    mocked.post(TOKEN_URL, status=400, payload={"error": "unsupported_grant_type"})
    with pytest.raises(auth.UnsupportedGrantType) as info:
        await auth.password_token(anonymous, _app(), "me@example.social", "hunter2")
    assert "hunter2" not in str(info.value)


async def test_revoke_flow(mocked, anonymous):
    mocked.post(REVOKE_URL, payload={})
    creds = await auth.revoke(anonymous, _app(USER_TOKEN))
    assert creds == _app()
    assert form_of(_only(mocked, "POST", REVOKE_URL)) == [
        ("client_id", "cid"),
        ("client_secret", SECRET),
        ("token", USER_TOKEN),
    ]
    with pytest.raises(ValueError, match="no access token"):
        await auth.revoke(anonymous, _app())


async def test_credentials_go_only_to_their_server(mocked, anonymous):
    elsewhere = auth.Credentials("https://other.example", "cid", SECRET, access_token="t")
    for flow in (
        auth.app_token(anonymous, elsewhere),
        auth.revoke(anonymous, elsewhere),
        auth.password_token(anonymous, elsewhere, "u", "p"),
        auth.finish_authorization(anonymous, elsewhere, _login(auth.OOB), code="c"),
    ):
        with pytest.raises(ValueError, match=r"other\.example"):
            await flow
    assert mocked.requests == {}


async def test_a_trailing_slash_is_the_same_server(mocked):
    mocked.post(TOKEN_URL, payload=_token_answer())
    async with Client(f"{BASE}/", retries=0) as slashed:
        creds = await auth.app_token(slashed, _app())
    assert creds.access_token == USER_TOKEN


# --- the credentials file and Client.from_credentials ---------------------------------------


def test_save_writes_mode_0600_atomically(tmp_path):
    path = tmp_path / "creds.json"
    assert auth.save_credentials(_app(USER_TOKEN), path) == path
    assert path.stat().st_mode & 0o777 == 0o600
    assert auth.load_credentials(path) == _app(USER_TOKEN)
    assert [p.name for p in tmp_path.iterdir()] == ["creds.json"]


def test_save_replaces_a_wider_file_and_ignores_the_umask(tmp_path):
    import os

    path = tmp_path / "creds.json"
    path.write_text("old")
    path.chmod(0o644)
    old = os.umask(0)
    try:
        auth.save_credentials(_app(), path)
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o600
    assert auth.load_credentials(path) == _app()


def test_save_creates_private_parent_directories(tmp_path):
    path = tmp_path / "a" / "b" / "creds.json"
    auth.save_credentials(_app(), path)
    assert (tmp_path / "a" / "b").stat().st_mode & 0o777 == 0o700
    assert path.stat().st_mode & 0o777 == 0o600


def test_save_leaves_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    import os

    path = tmp_path / "creds.json"
    auth.save_credentials(_app(), path)

    def broken_fsync(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        auth.save_credentials(_app(USER_TOKEN), path)
    monkeypatch.undo()
    assert auth.load_credentials(path) == _app()
    assert [p.name for p in tmp_path.iterdir()] == ["creds.json"]


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620, 0o666])
def test_load_refuses_a_file_others_can_read_or_write(tmp_path, mode):
    path = auth.save_credentials(_app(USER_TOKEN), tmp_path / "creds.json")
    path.chmod(mode)
    with pytest.raises(auth.CredentialsFileError, match=f"mode {mode:04o}"):
        auth.load_credentials(path)
    with pytest.raises(auth.CredentialsFileError):
        Client.from_credentials(path)
    assert auth.load_credentials(path, allow_insecure=True) == _app(USER_TOKEN)


def test_load_names_a_malformed_file_without_its_secrets(tmp_path):
    path = tmp_path / "creds.json"
    path.write_text('{"client_secret": "' + SECRET + '"')
    path.chmod(0o600)
    with pytest.raises(auth.CredentialsFileError) as info:
        auth.load_credentials(path)
    assert str(path) in str(info.value)
    assert SECRET not in str(info.value)


def test_load_expands_the_home_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    auth.save_credentials(_app(), "~/creds.json")
    assert (tmp_path / "creds.json").exists()
    assert auth.load_credentials("~/creds.json") == _app()


async def test_client_from_credentials(mocked, tmp_path):
    path = auth.save_credentials(_app(USER_TOKEN), tmp_path / "creds.json")
    url = f"{BASE}/api/v1/apps/verify_credentials"
    mocked.get(url, payload=method_example("apps.verify_credentials"))
    mocked.get(url, payload=method_example("apps.verify_credentials"))
    for source in (path, str(path), _app(USER_TOKEN)):
        async with Client.from_credentials(source, retries=0) as client:
            assert client.base_url == URL(f"{BASE}/")
            assert repr(client) == f"Client('{BASE}/', token=set)"
            if source is path:
                await client.apps.verify_credentials()
    call = calls_to(mocked, "GET", url)[0]
    assert call.kwargs["headers"]["Authorization"] == f"Bearer {USER_TOKEN}"
    async with Client.from_credentials(_app()) as anonymous_client:
        assert repr(anonymous_client) == f"Client('{BASE}/', token=none)"


def test_from_credentials_takes_the_constructor_options(monkeypatch):
    # from_credentials(path, **options) is typed by ClientOptions, which must name every
    # keyword-only option of Client(); each one given reaches the constructor as given.
    init = inspect.signature(Client.__init__).parameters
    options = {name for name, p in init.items() if p.kind is p.KEYWORD_ONLY}
    assert set(ClientOptions.__annotations__) == options, (
        "Client.from_credentials must take every option of Client()"
    )
    seen = {}

    def fake_init(self, base_url, access_token=None, **kwargs):
        seen.update(kwargs)

    monkeypatch.setattr(Client, "__init__", fake_init)
    given = {name: object() for name in options}
    Client.from_credentials(_app(USER_TOKEN), **given)
    assert seen == given
