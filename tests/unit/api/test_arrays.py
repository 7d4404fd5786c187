"""Every array parameter of endpoints.json takes one value or a sequence, and is sent as
``name[]=value`` either way (a bare ``name=value`` reads as a scalar to Rails)."""

from __future__ import annotations

import json
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from aioresponses import aioresponses

from aiomastodon import Client

from ._helpers import (
    BASE,
    DATA,
    form_of,
    method_example,
    notification,
    only_request,
    status,
)
from .admin._payloads import admin_report

ENDPOINTS = json.loads((DATA / "endpoints.json").read_text(encoding="utf-8"))

# Array parameters sent otherwise, on purpose.
NOT_ARRAYS = {
    "apps.create redirect_uris": "one field, URIs joined by newlines: every version reads it",
    "profile.update fields_attributes": "a hash indexed by position, not an array",
    "statuses.create poll[options][]": "inside the poll hash; a poll has two options or more",
    "statuses.edit poll[options][]": "inside the poll hash; a poll has two options or more",
    "statuses.edit media_attributes[][]": "hashes (MediaAttributes), tested in test_statuses",
}


@dataclass(frozen=True)
class Case:
    """One call with a single value where an array goes, and where it must appear."""

    call: Callable[[Client], Awaitable[Any]]
    method: str
    path: str
    sent: tuple[str, str]
    answer: Any
    in_query: bool = True


def _page(paginator: Any) -> Awaitable[Any]:
    return paginator.collect()


def _one(endpoint_id: str) -> Any:
    return method_example(endpoint_id)


_DAY = date(2026, 1, 1)
_GROUPED = {"notification_groups": [], "accounts": [], "statuses": []}
CASES: dict[str, Case] = {
    "accounts.update_credentials attribution_domains[]": Case(
        lambda c: c.accounts.update_credentials(attribution_domains="a.example"),
        "PATCH",
        "/api/v1/accounts/update_credentials",
        ("attribution_domains[]", "a.example"),
        _one("accounts.verify_credentials"),
        in_query=False,
    ),
    "accounts.index id[]": Case(
        lambda c: c.accounts.get_many("1"), "GET", "/api/v1/accounts", ("id[]", "1"), []
    ),
    "accounts.follow languages[]": Case(
        lambda c: c.accounts.follow("9", languages="en"),
        "POST",
        "/api/v1/accounts/9/follow",
        ("languages[]", "en"),
        _one("accounts.follow"),
        in_query=False,
    ),
    "accounts.relationships id[]": Case(
        lambda c: c.accounts.relationships("1"),
        "GET",
        "/api/v1/accounts/relationships",
        ("id[]", "1"),
        [],
    ),
    "accounts.familiar_followers id[]": Case(
        lambda c: c.accounts.familiar_followers("1"),
        "GET",
        "/api/v1/accounts/familiar_followers",
        ("id[]", "1"),
        [],
    ),
    "collections.create account_ids": Case(
        lambda c: c.collections.create("n", account_ids="1"),
        "POST",
        "/api/v1/collections",
        ("account_ids[]", "1"),
        _one("collections.create"),
        in_query=False,
    ),
    **{
        f"filters.{kind} context[]": Case(
            call,
            method,
            path,
            ("context[]", "home"),
            _one(f"filters.{kind}"),
            in_query=False,
        )
        for kind, call, method, path in (
            ("create", lambda c: c.filters.create("t", context="home"), "POST", "/api/v2/filters"),
            (
                "update",
                lambda c: c.filters.update("3", context="home"),
                "PUT",
                "/api/v2/filters/3",
            ),
            (
                "create-v1",
                lambda c: c.filters.create_v1("p", context="home"),
                "POST",
                "/api/v1/filters",
            ),
            (
                "update-v1",
                lambda c: c.filters.update_v1("3", phrase="p", context="home"),
                "PUT",
                "/api/v1/filters/3",
            ),
        )
    },
    **{
        f"grouped_notifications.get-grouped {name}[]": Case(
            lambda c, name=name: _page(c.grouped_notifications.list(**{name: "favourite"})),
            "GET",
            "/api/v2/notifications",
            (f"{name}[]", "favourite"),
            _GROUPED,
        )
        for name in ("types", "exclude_types", "grouped_types", "supported_types")
    },
    "grouped_notifications.get-notification-group supported_types[]": Case(
        lambda c: c.grouped_notifications.get("g", supported_types="quote"),
        "GET",
        "/api/v2/notifications/g",
        ("supported_types[]", "quote"),
        _GROUPED,
    ),
    **{
        f"grouped_notifications.unread-group-count {name}[]": Case(
            lambda c, name=name: c.grouped_notifications.unread_count(**{name: "follow"}),
            "GET",
            "/api/v2/notifications/unread_count",
            (f"{name}[]", "follow"),
            {"count": 1},
        )
        for name in ("types", "exclude_types", "grouped_types")
    },
    "lists.accounts-add account_ids[]": Case(
        lambda c: c.lists.add_accounts("7", account_ids="1"),
        "POST",
        "/api/v1/lists/7/accounts",
        ("account_ids[]", "1"),
        {},
        in_query=False,
    ),
    "lists.accounts-remove account_ids[]": Case(
        lambda c: c.lists.remove_accounts("7", account_ids="1"),
        "DELETE",
        "/api/v1/lists/7/accounts",
        ("account_ids[]", "1"),
        {},
    ),
    "markers.get timeline[]": Case(
        lambda c: c.markers.get(timeline="home"),
        "GET",
        "/api/v1/markers",
        ("timeline[]", "home"),
        {},
    ),
    **{
        f"notifications.get {name}[]": Case(
            lambda c, name=name: _page(c.notifications.list(**{name: "mention"})),
            "GET",
            "/api/v1/notifications",
            (f"{name}[]", "mention"),
            [],
        )
        for name in ("types", "exclude_types", "supported_types")
    },
    "notifications.get-one supported_types[]": Case(
        lambda c: c.notifications.get("5", supported_types="quote"),
        "GET",
        "/api/v1/notifications/5",
        ("supported_types[]", "quote"),
        notification("5"),
    ),
    **{
        f"notifications.unread-count {name}[]": Case(
            lambda c, name=name: c.notifications.unread_count(**{name: "mention"}),
            "GET",
            "/api/v1/notifications/unread_count",
            (f"{name}[]", "mention"),
            {"count": 2},
        )
        for name in ("types", "exclude_types")
    },
    "notifications.accept-multiple-requests id[]": Case(
        lambda c: c.notifications.accept_requests("4"),
        "POST",
        "/api/v1/notifications/requests/accept",
        ("id[]", "4"),
        {},
        in_query=False,
    ),
    "notifications.dismiss-multiple-requests id[]": Case(
        lambda c: c.notifications.dismiss_requests("4"),
        "POST",
        "/api/v1/notifications/requests/dismiss",
        ("id[]", "4"),
        {},
        in_query=False,
    ),
    **{
        f"notifications_alpha.get-grouped {name}[]": Case(
            lambda c, name=name: _page(c.notifications_alpha.list(**{name: "reblog"})),
            "GET",
            "/api/v2_alpha/notifications",
            (f"{name}[]", "reblog"),
            _GROUPED,
        )
        for name in ("types", "exclude_types", "grouped_types")
    },
    **{
        f"notifications_alpha.unread-group-count {name}[]": Case(
            lambda c, name=name: c.notifications_alpha.unread_count(**{name: "reblog"}),
            "GET",
            "/api/v2_alpha/notifications/unread_count",
            (f"{name}[]", "reblog"),
            {"count": 0},
        )
        for name in ("types", "exclude_types", "grouped_types")
    },
    "polls.vote choices[]": Case(
        lambda c: c.polls.vote("8", choices=1),
        "POST",
        "/api/v1/polls/8/votes",
        ("choices[]", "1"),
        _one("polls.vote"),
        in_query=False,
    ),
    "profile.update attribution_domains[]": Case(
        lambda c: c.profile.update(attribution_domains="a.example"),
        "PATCH",
        "/api/v1/profile",
        ("attribution_domains[]", "a.example"),
        {"id": "1"},
        in_query=False,
    ),
    **{
        f"reports.post {name}[]": Case(
            lambda c, name=name: c.reports.create("2", **{name: "6"}),
            "POST",
            "/api/v1/reports",
            (f"{name}[]", "6"),
            _one("reports.post"),
            in_query=False,
        )
        for name in ("status_ids", "collection_ids", "rule_ids")
    },
    "statuses.create media_ids[]": Case(
        lambda c: c.statuses.create(media_ids="123"),
        "POST",
        "/api/v1/statuses",
        ("media_ids[]", "123"),
        status("1"),
        in_query=False,
    ),
    "statuses.index id[]": Case(
        lambda c: c.statuses.get_many("1"), "GET", "/api/v1/statuses", ("id[]", "1"), []
    ),
    "statuses.edit media_ids[]": Case(
        lambda c: c.statuses.edit("5", status="s", media_ids="123"),
        "PUT",
        "/api/v1/statuses/5",
        ("media_ids[]", "123"),
        status("5"),
        in_query=False,
    ),
    **{
        f"timelines.tag {name}[]": Case(
            lambda c, name=name: _page(c.timelines.tag("cats", **{name: "dogs"})),
            "GET",
            "/api/v1/timelines/tag/cats",
            (f"{name}[]", "dogs"),
            [],
        )
        for name in ("any", "all", "none")
    },
    "admin_accounts.v2 role_ids[]": Case(
        lambda c: _page(c.admin.accounts.list(role_ids="3")),
        "GET",
        "/api/v2/admin/accounts",
        ("role_ids[]", "3"),
        [],
    ),
    "admin_dimensions.get keys[]": Case(
        lambda c: c.admin.dimensions.get("languages", start_at=_DAY, end_at=_DAY),
        "POST",
        "/api/v1/admin/dimensions",
        ("keys[]", "languages"),
        [],
        in_query=False,
    ),
    "admin_measures.get keys[]": Case(
        lambda c: c.admin.measures.get("new_users", start_at=_DAY, end_at=_DAY),
        "POST",
        "/api/v1/admin/measures",
        ("keys[]", "new_users"),
        [],
        in_query=False,
    ),
    "admin_reports.update rule_ids[]": Case(
        lambda c: c.admin.reports.update("4", rule_ids=2),
        "PUT",
        "/api/v1/admin/reports/4",
        ("rule_ids[]", "2"),
        admin_report("4"),
        in_query=False,
    ),
}


def test_every_array_parameter_of_the_docs_has_a_case() -> None:
    documented = {
        f"{endpoint['id']} {param['name']}"
        for endpoint in ENDPOINTS
        for param in endpoint["params"] or []
        if "array" in param["type"]
    }
    assert sorted(documented - set(CASES) - set(NOT_ARRAYS)) == []
    assert sorted((set(CASES) | set(NOT_ARRAYS)) - documented) == []


@pytest.mark.parametrize("key", sorted(CASES))
async def test_one_value_is_sent_as_an_array(
    mocked: aioresponses, client: Client, key: str
) -> None:
    case = CASES[key]
    name, value = case.sent
    url = f"{BASE}{case.path}"
    wanted = f"{url}?{name}={value}" if case.in_query else url
    mocked.add(wanted, case.method, payload=case.answer)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the v1 and alpha groups warn
        await case.call(client)
    call = only_request(mocked, case.method, wanted)
    if not case.in_query:
        assert case.sent in form_of(call)


async def test_a_sequence_is_sent_item_by_item(mocked: aioresponses, client: Client) -> None:
    url = f"{BASE}/api/v1/statuses"
    mocked.post(url, payload=status("1"))
    await client.statuses.create("x", media_ids=("1", "2"))
    form = form_of(only_request(mocked, "POST", url))
    assert [pair for pair in form if pair[0] == "media_ids[]"] == [
        ("media_ids[]", "1"),
        ("media_ids[]", "2"),
    ]
