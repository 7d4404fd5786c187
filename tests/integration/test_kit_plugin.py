"""The kit's pytest plugin, as a user's project meets it: loaded by its entry point in a
fresh pytest process, with pytest-asyncio in strict and in auto mode."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration
pytest_plugins = ["pytester"]

STRICT = """
import urllib.request

import pytest

from aiomastodon import Client
from aiomastodon.testing import FakeMastodon, ThreadedMastodon


@pytest.mark.asyncio
async def test_a_mention_reaches_alice(
    mastodon_server: FakeMastodon, mastodon_client: Client
) -> None:
    await mastodon_server.add_account("bob")
    await mastodon_server.post(as_="bob", text="@alice hi")
    [mention] = [n async for n in mastodon_client.notifications.list()]
    assert mention.type == "mention"
    assert mention.account.username == "bob"


@pytest.mark.fake_mastodon(json_style="pretty", media_polls=0)
@pytest.mark.asyncio
async def test_the_marker_sets_the_servers_options(mastodon_server: FakeMastodon) -> None:
    assert mastodon_server.json_style == "pretty"
    assert mastodon_server.media.polls == 0


def test_a_threaded_server_for_synchronous_code(threaded_mastodon: ThreadedMastodon) -> None:
    token = threaded_mastodon.run(threaded_mastodon.server.add_account("carol"))
    request = urllib.request.Request(
        threaded_mastodon.url + "/api/v1/accounts/verify_credentials",
        headers={"Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert b'"username":"carol"' in response.read()
"""

AUTO = """
from aiomastodon import Client
from aiomastodon.testing import FakeMastodon


async def test_unmarked_in_auto_mode(
    mastodon_server: FakeMastodon, mastodon_client: Client
) -> None:
    me = await mastodon_client.accounts.verify_credentials()
    assert me.username == "alice"
    assert mastodon_server.requests[-1].account == "alice"
"""


def test_the_fixtures_work_in_strict_mode(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_strict=STRICT)
    result = pytester.runpytest_subprocess(
        "-p", "asyncio", "-o", "asyncio_mode=strict", "--strict-markers", "-q"
    )
    result.assert_outcomes(passed=3)


def test_the_fixtures_work_in_auto_mode(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_auto=AUTO)
    result = pytester.runpytest_subprocess("-p", "asyncio", "-o", "asyncio_mode=auto", "-q")
    result.assert_outcomes(passed=1)


def test_the_plugin_is_found_through_its_entry_point(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_nothing="def test_nothing() -> None:\n    pass\n")
    result = pytester.runpytest_subprocess("--fixtures", "-q")
    result.stdout.fnmatch_lines(
        ["*mastodon_client*", "*logged in as ``alice``*"], consecutive=False
    )
    result.stdout.fnmatch_lines(["*mastodon_server*"])
