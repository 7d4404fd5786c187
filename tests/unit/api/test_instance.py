"""client.instance: what the server says about itself."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from aiomastodon import NotFound
from aiomastodon.api.instance import InstanceActivity
from aiomastodon.entities import (
    DomainBlock,
    ExtendedDescription,
    Instance,
    PrivacyPolicy,
    Rule,
    TermsOfService,
    V1Instance,
)

from ._helpers import BASE, method_example, no_body, only_request


async def test_get_is_v2(mocked, client):
    url = f"{BASE}/api/v2/instance"
    payload = method_example("instance.v2")
    mocked.get(url, payload=payload)
    info = await client.instance.get()
    assert isinstance(info, Instance)
    assert info.domain == payload["domain"]
    assert info.version == payload["version"]
    no_body(only_request(mocked, "GET", url))


async def test_get_v1_is_deprecated(mocked, client):
    url = f"{BASE}/api/v1/instance"
    payload = method_example("instance.v1")
    mocked.get(url, payload=payload)
    with pytest.warns(DeprecationWarning, match=r"client\.instance\.get\(\)"):
        info = await client.instance.get_v1()
    assert isinstance(info, V1Instance)
    assert info.uri == payload["uri"]
    no_body(only_request(mocked, "GET", url))


async def test_peers(mocked, client):
    url = f"{BASE}/api/v1/instance/peers"
    # The docs' example is abridged with "..." (not JSON); a list of domains stands in.
    mocked.get(url, payload=["tilde.zone", "mspsocial.net", "conf.tube"])
    peers = await client.instance.peers()
    assert peers == ["tilde.zone", "mspsocial.net", "conf.tube"]
    no_body(only_request(mocked, "GET", url))


async def test_activity(mocked, client):
    url = f"{BASE}/api/v1/instance/activity"
    payload = method_example("instance.activity")
    mocked.get(url, payload=payload)
    weeks = await client.instance.activity()
    assert all(isinstance(w, InstanceActivity) for w in weeks)
    assert [(w.week, w.statuses, w.logins, w.registrations) for w in weeks] == [
        (w["week"], w["statuses"], w["logins"], w["registrations"]) for w in payload
    ]
    no_body(only_request(mocked, "GET", url))


async def test_rules(mocked, client):
    url = f"{BASE}/api/v1/instance/rules"
    payload = method_example("instance.rules")
    mocked.get(url, payload=payload)
    rules = await client.instance.rules()
    assert all(isinstance(r, Rule) for r in rules)
    assert [(r.id, r.text) for r in rules] == [(r["id"], r["text"]) for r in payload]
    no_body(only_request(mocked, "GET", url))


async def test_domain_blocks(mocked, client):
    url = f"{BASE}/api/v1/instance/domain_blocks"
    payload = method_example("instance.domain_blocks")
    mocked.get(url, payload=payload)
    blocks = await client.instance.domain_blocks()
    assert all(isinstance(b, DomainBlock) for b in blocks)
    assert [(b.domain, b.severity, b.comment) for b in blocks] == [
        (b["domain"], b["severity"], b["comment"]) for b in payload
    ]
    no_body(only_request(mocked, "GET", url))


async def test_domain_blocks_hidden_is_not_found(mocked, client):
    url = f"{BASE}/api/v1/instance/domain_blocks"
    mocked.get(url, status=404, payload={"error": "Record not found"})
    with pytest.raises(NotFound):
        await client.instance.domain_blocks()


async def test_extended_description(mocked, client):
    url = f"{BASE}/api/v1/instance/extended_description"
    payload = method_example("instance.extended_description")
    mocked.get(url, payload=payload)
    got = await client.instance.extended_description()
    assert isinstance(got, ExtendedDescription)
    assert got.content == payload["content"]
    assert got.updated_at == datetime(2022, 11, 3, 4, 9, 7, tzinfo=timezone.utc)
    no_body(only_request(mocked, "GET", url))


async def test_privacy_policy(mocked, client):
    url = f"{BASE}/api/v1/instance/privacy_policy"
    payload = method_example("instance.privacy_policy")
    mocked.get(url, payload=payload)
    got = await client.instance.privacy_policy()
    assert isinstance(got, PrivacyPolicy)
    assert got.content == payload["content"]
    no_body(only_request(mocked, "GET", url))


async def test_terms_of_service(mocked, client):
    url = f"{BASE}/api/v1/instance/terms_of_service"
    payload = method_example("instance.terms_of_service")
    mocked.get(url, payload=payload)
    got = await client.instance.terms_of_service()
    assert isinstance(got, TermsOfService)
    assert (got.effective_date, got.effective, got.content) == (
        date(2025, 4, 15),
        True,
        payload["content"],
    )
    no_body(only_request(mocked, "GET", url))


@pytest.mark.parametrize("day", [date(2025, 4, 15), "2025-04-15"])
async def test_terms_of_service_at_a_date(mocked, client, day):
    url = f"{BASE}/api/v1/instance/terms_of_service/2025-04-15"
    payload = method_example("instance.terms_of_service_date")
    mocked.get(url, payload=payload)
    got = await client.instance.terms_of_service_at(day)
    assert isinstance(got, TermsOfService)
    assert got.effective_date == date(2025, 4, 15)
    assert got.succeeded_by is None
    no_body(only_request(mocked, "GET", url))


async def test_translation_languages(mocked, client):
    url = f"{BASE}/api/v1/instance/translation_languages"
    payload = method_example("instance.translation_languages")
    mocked.get(url, payload=payload)
    got = await client.instance.translation_languages()
    assert got == {"en": ["de", "es"], "und": ["en-GB", "de", "es"]}
    no_body(only_request(mocked, "GET", url))
