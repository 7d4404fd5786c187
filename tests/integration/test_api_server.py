"""Server and feature groups over real HTTP against mastodon-mock on 127.0.0.1.

Filters, instance documents, hashtags (tags, followed and featured), trends, the
directory, suggestions, endorsements, announcements, preferences, the profile, Web
Push, oEmbed, the health check, email confirmation, annual reports, async refreshes
and collections. The mock keeps no collections and makes no annual reports, so those
check only the shapes it answers.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest

from aiomastodon import Client, NotFound
from aiomastodon.api.annual_reports import AnnualReportState
from aiomastodon.api.filters import KeywordAttributes
from aiomastodon.api.health import HealthStatus
from aiomastodon.api.instance import InstanceActivity
from aiomastodon.api.oembed import OEmbedDocument
from aiomastodon.entities import (
    Account,
    Announcement,
    CredentialAccount,
    ExtendedDescription,
    FeaturedTag,
    Filter,
    FilterKeyword,
    FilterStatus,
    Preferences,
    Profile,
    Rule,
    Status,
    Suggestion,
    Tag,
    V1Filter,
    WebPushSubscription,
    WrappedAnnualReports,
)

pytestmark = pytest.mark.integration


def _mock_post(mock_url: str, path: str, token: str, form: dict[str, str] | None = None) -> object:
    """A raw POST to the mock, for setup that is not under test here."""
    request = urllib.request.Request(
        f"{mock_url}{path}",
        data=urllib.parse.urlencode(form or {}).encode(),
        headers={"Authorization": f"Bearer {token}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # loopback only
        return json.loads(response.read())


async def _account_id(client: Client, username: str) -> str:
    found = await client.search.search(username, type="accounts")
    return next(a.id for a in found.accounts if a.username == username)


async def test_filters_v2_round_trip(alice: Client) -> None:
    created = await alice.filters.create(
        "spoilers",
        context=["home", "public"],
        filter_action="hide",
        keywords_attributes=[KeywordAttributes(keyword="finale", whole_word=True)],
    )
    assert isinstance(created, Filter)
    assert (created.title, created.context, created.filter_action) == (
        "spoilers",
        ["home", "public"],
        "hide",
    )

    keyword = await alice.filters.add_keyword(created.id, keyword="ending", whole_word=False)
    assert isinstance(keyword, FilterKeyword)
    assert (keyword.keyword, keyword.whole_word) == ("ending", False)
    assert keyword.id in [k.id for k in await alice.filters.keywords(created.id)]
    changed = await alice.filters.update_keyword(keyword.id, keyword="epilogue", whole_word=True)
    assert (changed.keyword, changed.whole_word) == ("epilogue", True)
    assert (await alice.filters.get_keyword(keyword.id)).keyword == "epilogue"

    posted = await alice.statuses.create("the butler did it")
    filtered = await alice.filters.add_status(created.id, status_id=posted.id)
    assert isinstance(filtered, FilterStatus)
    assert filtered.status_id == posted.id
    assert [s.id for s in await alice.filters.statuses(created.id)] == [filtered.id]
    assert (await alice.filters.get_status(filtered.id)).status_id == posted.id
    assert await alice.filters.remove_status(filtered.id) is None
    assert await alice.filters.statuses(created.id) == []

    updated = await alice.filters.update(created.id, title="no spoilers", context=["thread"])
    assert (updated.title, updated.context) == ("no spoilers", ["thread"])
    assert [f.id for f in await alice.filters.list()] == [created.id]
    assert await alice.filters.delete_keyword(keyword.id) is None
    with pytest.raises(NotFound):
        await alice.filters.get_keyword(keyword.id)
    assert await alice.filters.delete(created.id) is None
    with pytest.raises(NotFound):
        await alice.filters.get(created.id)


@pytest.mark.filterwarnings(r"ignore:.*/api/v1/filters.*:DeprecationWarning")
async def test_filters_v1_round_trip(alice: Client) -> None:
    created = await alice.filters.create_v1("birdsite", context=["home"], whole_word=True)
    assert isinstance(created, V1Filter)
    assert (created.phrase, created.context) == ("birdsite", ["home"])
    assert [f.id for f in await alice.filters.list_v1()] == [created.id]
    updated = await alice.filters.update_v1(
        created.id, phrase="x.com", context=["home", "public"], irreversible=True
    )
    assert (updated.phrase, updated.context, updated.irreversible) == (
        "x.com",
        ["home", "public"],
        True,
    )
    assert (await alice.filters.get_v1(created.id)).phrase == "x.com"
    assert await alice.filters.delete_v1(created.id) is None
    assert await alice.filters.list_v1() == []


async def test_instance_documents(anonymous: Client) -> None:
    assert "remote.example" in await anonymous.instance.peers()
    weeks = await anonymous.instance.activity()
    assert len(weeks) == 12
    assert all(isinstance(w, InstanceActivity) and w.week.isdigit() for w in weeks)
    assert all(isinstance(r, Rule) for r in await anonymous.instance.rules())
    assert isinstance(await anonymous.instance.extended_description(), ExtendedDescription)
    languages = await anonymous.instance.translation_languages()
    assert languages
    assert all(isinstance(targets, list) for targets in languages.values())
    assert await anonymous.instance.domain_blocks() == []
    # The seed configures no terms and no privacy policy: the server answers 404.
    with pytest.raises(NotFound):
        await anonymous.instance.terms_of_service()
    with pytest.raises(NotFound):
        await anonymous.instance.terms_of_service_at("2025-01-01")
    with pytest.raises(NotFound):
        await anonymous.instance.privacy_policy()


async def test_health_oembed_and_directory(alice: Client, anonymous: Client) -> None:
    assert await anonymous.health.get() == HealthStatus(status="OK")
    posted = await alice.statuses.create("embed me")
    assert posted.url
    embed = await anonymous.oembed.get(posted.url, maxwidth=300)
    assert isinstance(embed, OEmbedDocument)
    assert embed.provider_url
    listed = await anonymous.directory.list(limit=2).collect()
    assert all(isinstance(a, Account) for a in listed)
    assert "alice" in [a.username for a in listed]
    local = await anonymous.directory.list(local=True, order="new").collect()
    assert "dave" not in [a.username for a in local]


async def test_hashtags_follow_feature_and_trend(alice: Client, anonymous: Client) -> None:
    await alice.statuses.create("#caturday again #caturday")
    await alice.statuses.create("#dogsofmastodon")

    tag = await alice.tags.follow("#Caturday")
    assert isinstance(tag, Tag)
    assert (tag.name, tag.following) == ("caturday", True)
    assert (await alice.tags.get("caturday")).following is True
    assert [t.name async for t in alice.followed_tags.list()] == ["caturday"]
    assert (await alice.tags.unfollow("caturday")).following is False
    assert await alice.followed_tags.list().collect() == []

    assert "caturday" in [t.name for t in await alice.featured_tags.suggestions()]
    featured = await alice.featured_tags.feature("caturday")
    assert isinstance(featured, FeaturedTag)
    assert [t.id for t in await alice.featured_tags.list()] == [featured.id]
    assert await alice.featured_tags.unfeature(featured.id) is None
    await alice.tags.feature("dogsofmastodon")
    assert [t.name for t in await alice.featured_tags.list()] == ["dogsofmastodon"]
    await alice.tags.unfeature("dogsofmastodon")
    assert await alice.featured_tags.list() == []

    trending = await anonymous.trends.tags(limit=1).collect()
    assert [t.name for t in trending][:2] == ["caturday", "dogsofmastodon"]
    with pytest.warns(DeprecationWarning, match=r"client\.trends\.tags\(\)"):
        old_path = anonymous.trends.tags_alias()
    assert [t.name async for t in old_path] == [t.name for t in trending]
    statuses = await anonymous.trends.statuses().collect()
    assert all(isinstance(s, Status) for s in statuses)
    assert await anonymous.trends.links().collect() == []


async def test_suggestions_and_endorsements(alice: Client, mock_url: str) -> None:
    found = await alice.suggestions.list()
    assert all(isinstance(s, Suggestion) for s in found)
    names = [s.account.username for s in found]
    assert "bob" not in names  # already followed
    assert "carol" in names
    carol = next(s.account.id for s in found if s.account.username == "carol")
    assert await alice.suggestions.remove(carol) is None
    with pytest.warns(DeprecationWarning, match=r"client\.suggestions\.list\(\)"):
        old = await alice.suggestions.list_v1(limit=10)
    assert "carol" not in [a.username for a in old]

    bob = await _account_id(alice, "bob")
    _mock_post(mock_url, f"/api/v1/accounts/{bob}/endorse", "alice_token")
    assert [a.id async for a in alice.endorsements.list()] == [bob]


async def test_announcements(alice: Client, mock_url: str) -> None:
    made = _mock_post(mock_url, "/api/v1/admin/announcements", "bob_token", {"text": "Hi all"})
    assert isinstance(made, dict)
    announcement_id = str(made["id"])
    found = await alice.announcements.list()
    assert all(isinstance(a, Announcement) for a in found)
    assert [(a.id, a.read) for a in found] == [(announcement_id, False)]

    assert await alice.announcements.add_reaction(announcement_id, "\N{THUMBS UP SIGN}") is None
    (seen,) = await alice.announcements.list()
    assert [(r.name, r.count, r.me) for r in seen.reactions] == [("\N{THUMBS UP SIGN}", 1, True)]
    assert await alice.announcements.remove_reaction(announcement_id, "\N{THUMBS UP SIGN}") is None
    assert await alice.announcements.dismiss(announcement_id) is None
    (seen,) = await alice.announcements.list()
    assert (seen.read, seen.reactions) == (True, [])


async def test_preferences_and_profile(alice: Client) -> None:
    assert isinstance(await alice.preferences.get(), Preferences)
    profile = await alice.profile.get()
    assert isinstance(profile, Profile)
    assert profile.display_name == "Alice"
    updated = await alice.profile.update(
        display_name="Alice A.", locked=True, fields_attributes=[("pronouns", "she/her")]
    )
    assert isinstance(updated, Profile)
    assert (updated.display_name, updated.locked) == ("Alice A.", True)
    assert [(f.name, f.value) for f in updated.fields] == [("pronouns", "she/her")]
    assert isinstance(await alice.profile.delete_avatar(), CredentialAccount)
    assert isinstance(await alice.profile.delete_header(), CredentialAccount)


async def test_push_subscription_round_trip(alice: Client) -> None:
    with pytest.raises(NotFound):
        await alice.push.get()
    created = await alice.push.create(
        endpoint="https://push.example/listener",
        p256dh="BEm_a-key",
        auth="cZ-w-secret",
        alerts={"mention": True, "follow": False},
    )
    assert isinstance(created, WebPushSubscription)
    assert created.endpoint == "https://push.example/listener"
    assert created.alerts is not None
    assert (created.alerts.mention, created.alerts.follow) == (True, False)
    assert created.server_key
    updated = await alice.push.update(alerts={"follow": True}, policy="followed")
    assert updated.alerts is not None
    assert (updated.alerts.mention, updated.alerts.follow) == (True, True)
    assert (await alice.push.get()).id == created.id
    assert await alice.push.delete() is None
    with pytest.raises(NotFound):
        await alice.push.get()


async def test_the_rest_answer_their_shapes(alice: Client) -> None:
    assert await alice.emails.resend_confirmation() is None
    reports = await alice.annual_reports.list()
    assert isinstance(reports, WrappedAnnualReports)
    assert reports.annual_reports == []
    assert await alice.annual_reports.state(2025) == AnnualReportState(state="ineligible")
    assert await alice.annual_reports.generate(2025) is None
    assert await alice.annual_reports.read(2025) is None
    with pytest.raises(NotFound):
        await alice.annual_reports.get(2025)
    refresh = await alice.async_refreshes.get("context:1:refresh")
    assert (refresh.id, refresh.status) == ("context:1:refresh", "finished")

    me = (await alice.accounts.verify_credentials()).id
    assert await alice.collections.list(me).collect() == []
    assert await alice.collections.featuring(me).collect() == []
    with pytest.raises(NotFound):
        await alice.collections.get("1")
    assert await alice.collections.delete("1") is None
    assert await alice.collections.remove_account("1", "2") is None
    assert await alice.collections.revoke("1", "2") is None
