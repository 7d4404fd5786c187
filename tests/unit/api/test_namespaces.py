"""The endpoint groups against the route table and the docs' endpoint list.

Every route is called by the method it names, every method says its wire form first and
links the docs, paginated routes are plain ``def`` returning a Paginator, and each route
agrees with endpoints.json on path and paging.
"""

from __future__ import annotations

import functools
import inspect
import json

import pytest

import aiomastodon
from aiomastodon import Client, Paginator, Route

from ._helpers import BASE, DATA

ENDPOINTS = json.loads((DATA / "endpoints.json").read_text(encoding="utf-8"))
DOCUMENTED = {(e["http_method"], e["path"]): e for e in ENDPOINTS}


def _namespaces() -> dict[str, object]:
    """Every endpoint group of a client by its dotted name (``admin.accounts`` included)."""
    client = Client(BASE)
    found: dict[str, object] = {}
    for name, member in vars(Client).items():
        if not isinstance(member, functools.cached_property):
            continue
        group = getattr(client, name)
        found[name] = group
        for sub, sub_member in vars(type(group)).items():
            if isinstance(sub_member, functools.cached_property):
                found[f"{name}.{sub}"] = getattr(group, sub)
    found.pop("admin", None)  # a container of groups, not a group
    return found


NAMESPACES = _namespaces()

# Methods that call a route named after another method (same endpoint, other answer).
SHARED_ROUTE = {
    "statuses.schedule": "statuses.create",
    "statuses.reply": "statuses.create",
    "search.accounts": "search.search",
    "search.statuses": "search.search",
    "search.hashtags": "search.search",
}
# Public methods that are not endpoints, and routes no single method calls.
NOT_ENDPOINTS = {"streaming.close", "media.download"}
NO_METHOD = {"streaming.websocket": "every stream method uses it, multiplexed"}
# Methods that only build a URL for the user's browser: nothing is sent.
URL_BUILDERS = {"oauth.authorize"}
# Paginated views (by offset) of an endpoint that otherwise answers once.
PAGINATED_VIEWS = {"search.accounts", "search.statuses", "search.hashtags"}

# Routes Mastodon serves that endpoints.json (the docs) does not list, each checked against
# Mastodon's source (facts: research-14 part 1): the source each docstring must name.
_TRENDS = "Api::V1::Admin::Trends::{}Controller"
_PUBLISHERS = "Api::V1::Admin::Trends::Links::PreviewCardProvidersController"
UNDOCUMENTED = {
    "GET /api/v1/instance/languages": "Api::V1::Instances::LanguagesController",
    "GET /api/v1/peers/search": "Api::V1::Peers::SearchController",
    "GET /api/v1/emails/check_confirmation": "Api::V1::Emails::ConfirmationsController#check",
    "DELETE /api/v1/notifications/destroy_multiple": (
        "Api::V1::NotificationsController#destroy_multiple"
    ),
    "GET /api/v1/notifications/policy": "Api::V1::Notifications::PoliciesController",
    "PATCH /api/v1/notifications/policy": "Api::V1::Notifications::PoliciesController",
    "POST /api/v1/conversations/:id/unread": "Api::V1::ConversationsController#unread",
    "GET /api/v1/domain_blocks/preview": "Api::V1::DomainBlocks::PreviewsController",
    "GET /api/v1/admin/tags": "Api::V1::Admin::TagsController#index",
    "GET /api/v1/admin/tags/:id": "Api::V1::Admin::TagsController#show",
    "PUT /api/v1/admin/tags/:id": "Api::V1::Admin::TagsController#update",
    **{
        f"POST /api/v1/admin/trends/{kind}/:id/{verb}": f"{_TRENDS.format(name)}#{verb}"
        for kind, name in (("links", "Links"), ("statuses", "Statuses"), ("tags", "Tags"))
        for verb in ("approve", "reject")
    },
    "GET /api/v1/admin/trends/links/publishers": _PUBLISHERS,
    "POST /api/v1/admin/trends/links/publishers/:id/approve": _PUBLISHERS,
    "POST /api/v1/admin/trends/links/publishers/:id/reject": _PUBLISHERS,
}
# Routes the docs describe on another page than the methods pages.
ELSEWHERE = {
    "GET /.well-known/nodeinfo": "https://docs.joinmastodon.org/dev/routes/#nodeinfo",
    "GET /nodeinfo/2.0": "https://docs.joinmastodon.org/dev/routes/#nodeinfo",
}

# One method may serve several endpoints (client.streaming.public covers /public,
# /public/local and /public/remote): routes are grouped by the method they name.
ROUTES: dict[str, list[Route]] = {}
for _route in aiomastodon.routes():
    ROUTES.setdefault(_route.name, []).append(_route)


def _split(name: str) -> tuple[str, str]:
    namespace, _, method = name.rpartition(".")
    return namespace, method


def _methods() -> list[tuple[str, str]]:
    out = []
    for namespace, group in NAMESPACES.items():
        out += [
            (namespace, name)
            for name, member in vars(type(group)).items()
            if not name.startswith("_")
            and inspect.isfunction(member)
            and f"{namespace}.{name}" not in NOT_ENDPOINTS
        ]
    return out


METHODS = _methods()


def _function(namespace: str, method: str) -> object:
    return getattr(type(NAMESPACES[namespace]), method)


def _routes_of(namespace: str, method: str) -> list[Route]:
    name = f"{namespace}.{method}"
    routes = ROUTES.get(SHARED_ROUTE.get(name, name))
    assert routes, f"{name} names no route"
    return routes


def test_each_endpoint_has_one_route():
    keys = [(r.method, r.path) for r in aiomastodon.routes()]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert duplicates == []


@pytest.mark.parametrize("name", sorted(set(ROUTES) - set(NO_METHOD)))
def test_every_route_has_its_method(name):
    namespace, method = _split(name)
    assert namespace in NAMESPACES, f"no namespace {namespace} for {name}"
    assert callable(getattr(NAMESPACES[namespace], method, None)), name


@pytest.mark.parametrize(("namespace", "method"), METHODS)
def test_docstring_starts_with_the_wire_form_and_links_the_docs(namespace, method):
    routes = _routes_of(namespace, method)
    doc = inspect.getdoc(_function(namespace, method))
    assert doc is not None
    first = doc.splitlines()[0]
    assert any(first.startswith(f"``{route.wire}``") for route in routes), first
    elsewhere = {ELSEWHERE[r.wire] for r in routes if r.wire in ELSEWHERE}
    if elsewhere:
        assert all(f"Docs: {page}" in doc for page in elsewhere)
    else:
        assert "Docs: https://docs.joinmastodon.org/methods/" in doc


@pytest.mark.parametrize(("namespace", "method"), METHODS)
def test_undocumented_routes_say_so_and_name_their_source(namespace, method):
    routes = _routes_of(namespace, method)
    doc = inspect.getdoc(_function(namespace, method)) or ""
    undocumented = [r for r in routes if r.wire in UNDOCUMENTED]
    if not undocumented:
        assert "Undocumented:" not in doc
        return
    assert "Undocumented:" in doc
    assert "(not listed there)" in doc
    for route in undocumented:
        assert UNDOCUMENTED[route.wire] in doc, route.wire


def test_the_undocumented_routes_are_not_in_the_docs_and_are_all_declared():
    declared = {r.wire for r in aiomastodon.routes()}
    assert set(UNDOCUMENTED) <= declared
    assert set(ELSEWHERE) <= declared
    documented = {f"{method} {path}" for method, path in DOCUMENTED}
    assert not (set(UNDOCUMENTED) | set(ELSEWHERE)) & documented


@pytest.mark.parametrize(("namespace", "method"), METHODS)
def test_paginated_methods_are_plain_and_the_rest_async(namespace, method):
    route = _routes_of(namespace, method)[0]
    function = _function(namespace, method)
    returns = str(inspect.signature(function).return_annotation)
    if f"{namespace}.{method}" in URL_BUILDERS:
        assert not inspect.iscoroutinefunction(function)
        assert returns == "str"
    elif namespace == "streaming" and returns == "Stream":
        assert not inspect.iscoroutinefunction(function)  # a Stream connects when iterated
    elif route.paging is None and f"{namespace}.{method}" not in PAGINATED_VIEWS:
        assert inspect.iscoroutinefunction(function)
    else:
        assert not inspect.iscoroutinefunction(function)
        assert returns.startswith("Paginator[")


@pytest.mark.parametrize(("namespace", "method"), METHODS)
def test_path_ids_are_positional_only(namespace, method):
    route = _routes_of(namespace, method)[0]
    function = _function(namespace, method)
    params = list(inspect.signature(function).parameters.values())[1:]
    positional_only = [p for p in params if p.kind is p.POSITIONAL_ONLY]
    if namespace == "streaming":
        return  # stream names are query parameters, not path ids
    assert len(positional_only) == len(route.placeholders)


@pytest.mark.parametrize("route", aiomastodon.routes(), ids=lambda r: r.wire)
def test_route_matches_the_docs(route):
    documented = DOCUMENTED.get((route.method, route.path))
    if route.wire in UNDOCUMENTED or route.wire in ELSEWHERE:
        assert documented is None
        assert not route.legacy
        return
    if route.legacy:
        # Gone from current servers: absent from the docs, or marked removed there.
        assert route.deprecated
        assert documented is None or documented["removed"]
        return
    assert documented is not None, f"{route.wire} is not in endpoints.json"
    assert bool(route.deprecated) == bool(documented["deprecated"])
    if route.paging is None:
        return
    pagination = documented["pagination"]
    if route.paging == "link":
        assert pagination["must_follow_link_header"]
    elif route.paging == "offset":
        assert pagination["style"] in ("offset", "id_cursor+offset")
    else:
        assert pagination["style"] in ("id_cursor", "id_cursor+offset")
        assert not pagination["ids_internal"]


def test_every_documented_endpoint_has_a_route():
    declared = {(r.method, r.path) for r in aiomastodon.routes()}
    missing = sorted(
        f"{e['http_method']} {e['path']} ({e['id']})"
        for e in ENDPOINTS
        if (e["http_method"], e["path"]) not in declared
    )
    assert missing == []


def test_every_route_not_in_the_docs_is_legacy_or_known_undocumented():
    extra = [r for r in aiomastodon.routes() if (r.method, r.path) not in DOCUMENTED]
    assert extra  # the seed's long-gone POST /api/v1/follows and GET /api/v1/reports
    unknown = [
        r.wire
        for r in extra
        if not r.legacy and r.wire not in UNDOCUMENTED and r.wire not in ELSEWHERE
    ]
    assert unknown == []


def test_every_link_paged_endpoint_is_link_paged_here():
    declared = {(r.method, r.path): r for r in aiomastodon.routes()}
    for endpoint in ENDPOINTS:
        route = declared.get((endpoint["http_method"], endpoint["path"]))
        if route is not None and (endpoint["pagination"] or {}).get("must_follow_link_header"):
            assert route.paging == "link", route.name


def test_paginator_is_what_paginated_methods_return(client):
    assert isinstance(client.blocks.list(), Paginator)
