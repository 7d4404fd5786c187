"""OAuth from nothing to a working token, over real HTTP against mastodon-mock: register,
authorize (the mock's test login page stands in for the user), exchange, verify, revoke,
and the token answers 401 from then on."""

from __future__ import annotations

import re

import aiohttp
import pytest
from yarl import URL

from aiomastodon import Client, Unauthorized, auth
from aiomastodon.entities import Application, CredentialAccount

pytestmark = pytest.mark.integration

CALLBACK = "http://127.0.0.1:9/callback"  # never visited: the test reads the redirect


async def _log_in(login: auth.AuthorizationRequest, username: str) -> str:
    """Play the user in a browser: open the authorization page, pick an account.

    Returns the code shown (out of band), or the callback URL the server redirects to.
    """
    page = URL(login.url)
    async with aiohttp.ClientSession() as browser:
        async with browser.get(page) as response:
            assert response.status == 200
            assert f'value="{username}"' in await response.text()
        form = {
            "username": username,
            "client_id": page.query["client_id"],
            "redirect_uri": page.query["redirect_uri"],
            "scope": page.query["scope"],
            "state": page.query["state"],
        }
        async with browser.post(
            page.with_query(None), data=form, allow_redirects=False
        ) as response:
            if login.out_of_band:
                assert response.status == 200
                found = re.search(r"Authorization code: ([^<\s]+)", await response.text())
                assert found is not None
                return found.group(1)
            assert response.status == 302
            return response.headers["Location"]


async def test_from_nothing_to_a_token_and_back(mock_url: str, tmp_path) -> None:
    # Register, out of band: a script.
    async with Client(mock_url) as anonymous:
        app = await auth.register_app(anonymous, "aiomastodon oauth test", scopes="read write")
        assert app.redirect_uris == (auth.OOB,)
        metadata = await auth.discover(anonymous)
        assert metadata.discovered
        assert metadata.supports_pkce
        login = await auth.start_authorization(anonymous, app, metadata=metadata)
        assert login.pkce
        code = await _log_in(login, "alice")
        creds = await auth.finish_authorization(anonymous, app, login, code=code)
    assert creds.access_token
    assert creds.access_token not in repr(creds)

    # Save, load, start a client from the file.
    path = auth.save_credentials(creds, tmp_path / "alice.json")
    assert path.stat().st_mode & 0o777 == 0o600
    async with Client.from_credentials(path) as alice:
        me = await alice.accounts.verify_credentials()
        assert isinstance(me, CredentialAccount)
        assert me.username == "alice"
        verified = await alice.apps.verify_credentials()
        assert isinstance(verified, Application)
        assert verified.name == "aiomastodon oauth test"
        assert verified.scopes == ["read", "write"]

        # Revoke: the same client's token now answers 401.
        revoked = await auth.revoke(alice, auth.load_credentials(path))
        assert revoked.access_token is None
        with pytest.raises(Unauthorized) as info:
            await alice.accounts.verify_credentials()
        assert info.value.status == 401
        with pytest.raises(Unauthorized):
            await alice.apps.verify_credentials()
        assert creds.access_token not in str(info.value)


async def test_a_web_app_login_through_the_redirect(mock_url: str) -> None:
    async with Client(mock_url) as server:
        app = await auth.register_app(
            server, "aiomastodon web test", scopes="read profile", redirect_uris=CALLBACK
        )
        login = await auth.start_authorization(server, app)
        # A web app keeps the login in its session store between the two requests.
        kept = auth.AuthorizationRequest.from_dict(login.to_dict())
        callback = await _log_in(login, "bob")
        assert callback.startswith(f"{CALLBACK}?code=")

        forged = str(URL(callback).update_query(state="forged"))
        with pytest.raises(auth.StateMismatch):
            await auth.finish_authorization(server, app, kept, callback_url=forged)

        creds = await auth.finish_authorization(server, app, kept, callback_url=callback)
    async with Client.from_credentials(creds) as bob:
        assert (await bob.accounts.verify_credentials()).username == "bob"
        claims = await bob.oauth.userinfo()
        assert claims.preferred_username == "bob"


async def test_a_wrong_code_is_an_invalid_grant(mock_url: str) -> None:
    async with Client(mock_url) as anonymous:
        app = await auth.register_app(anonymous, "aiomastodon oauth test")
        login = await auth.start_authorization(anonymous, app)
        with pytest.raises(auth.InvalidGrant) as info:
            await auth.finish_authorization(anonymous, app, login, code="not-a-code")
    assert info.value.status == 400
    assert info.value.error == "invalid_grant"
    assert info.value.endpoint == "POST /oauth/token"
    assert app.client_secret not in str(info.value)


async def test_an_app_token(mock_url: str) -> None:
    async with Client(mock_url) as anonymous:
        app = await auth.register_app(anonymous, "aiomastodon app token", scopes="read")
        creds = await auth.app_token(anonymous, app)
    async with Client.from_credentials(creds) as client:
        verified = await client.apps.verify_credentials()
        assert verified.name == "aiomastodon app token"
        await auth.revoke(client, creds)
        with pytest.raises(Unauthorized):
            await client.apps.verify_credentials()


async def test_the_password_grant_is_refused(mock_url: str) -> None:
    async with Client(mock_url) as anonymous:
        app = await auth.register_app(anonymous, "aiomastodon legacy")
        with pytest.raises(auth.UnsupportedGrantType) as info:
            await auth.password_token(anonymous, app, "alice@example.com", "hunter2")
    assert info.value.error == "unsupported_grant_type"
    assert "hunter2" not in str(info.value)
