"""The endpoint groups against the route table and the docs' endpoint list.

Every route is called by the method it names, every method says its wire form first and
links the docs, paginated routes are plain ``def`` returning a Paginator, and each route
agrees with endpoints.json on path and paging.
"""

from __future__ import annotations

import inspect
import json

import pytest

import aiomastodon
from aiomastodon import Client, Paginator, Route

from ._helpers import BASE, DATA

ENDPOINTS = json.loads((DATA / "endpoints.json").read_text(encoding="utf-8"))
DOCUMENTED = {(e["http_method"], e["path"]): e for e in ENDPOINTS}

NAMESPACES = (
    "accounts",
    "apps",
    "blocks",
    "bookmarks",
    "custom_emojis",
    "domain_blocks",
    "favourites",
    "follow_requests",
    "instance",
    "lists",
    "media",
    "mutes",
    "notifications",
    "reports",
    "search",
    "statuses",
    "timelines",
)

# Methods that call a route named after another method (same endpoint, other answer).
SHARED_ROUTE = {
    "statuses.schedule": "statuses.create",
    "search.accounts": "search.search",
    "search.statuses": "search.search",
    "search.hashtags": "search.search",
}
# Paginated views (by offset) of an endpoint that otherwise answers once.
PAGINATED_VIEWS = {"search.accounts", "search.statuses", "search.hashtags"}

ROUTES = {r.name: r for r in aiomastodon.routes() if r.name.split(".")[0] in NAMESPACES}


def _methods() -> list[tuple[str, str]]:
    out = []
    for namespace in NAMESPACES:
        cls = type(getattr(Client(BASE), namespace))
        out += [
            (namespace, name)
            for name, member in vars(cls).items()
            if not name.startswith("_") and inspect.isfunction(member)
        ]
    return out


METHODS = _methods()


def _route_of(namespace: str, method: str) -> Route:
    name = f"{namespace}.{method}"
    return ROUTES[SHARED_ROUTE.get(name, name)]


def test_route_names_are_unique():
    names = [r.name for r in aiomastodon.routes()]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_every_route_has_its_method(name):
    namespace, method = name.split(".")
    assert callable(getattr(getattr(Client(BASE), namespace), method, None)), name


@pytest.mark.parametrize(("namespace", "method"), METHODS)
def test_docstring_starts_with_the_wire_form_and_links_the_docs(namespace, method):
    route = _route_of(namespace, method)
    doc = inspect.getdoc(getattr(type(getattr(Client(BASE), namespace)), method))
    assert doc is not None
    assert doc.splitlines()[0].startswith(f"``{route.wire}``"), doc.splitlines()[0]
    assert "Docs: https://docs.joinmastodon.org/methods/" in doc


@pytest.mark.parametrize(("namespace", "method"), METHODS)
def test_paginated_methods_are_plain_and_the_rest_async(namespace, method):
    route = _route_of(namespace, method)
    function = getattr(type(getattr(Client(BASE), namespace)), method)
    if route.paging is None and f"{namespace}.{method}" not in PAGINATED_VIEWS:
        assert inspect.iscoroutinefunction(function)
    else:
        assert not inspect.iscoroutinefunction(function)
        assert inspect.signature(function).return_annotation.startswith("Paginator[")


@pytest.mark.parametrize(("namespace", "method"), METHODS)
def test_path_ids_are_positional_only(namespace, method):
    route = _route_of(namespace, method)
    function = getattr(type(getattr(Client(BASE), namespace)), method)
    params = list(inspect.signature(function).parameters.values())[1:]
    positional_only = [p for p in params if p.kind is p.POSITIONAL_ONLY]
    assert len(positional_only) == len(route.placeholders)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_route_matches_the_docs(name):
    route = ROUTES[name]
    documented = DOCUMENTED.get((route.method, route.path))
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
        assert pagination["style"] == "offset"
    else:
        assert pagination["style"] == "id_cursor"
        assert not pagination["ids_internal"]


def test_every_link_paged_endpoint_of_these_groups_is_link_paged_here():
    declared = {(r.method, r.path): r for r in ROUTES.values()}
    for endpoint in ENDPOINTS:
        route = declared.get((endpoint["http_method"], endpoint["path"]))
        if route is not None and (endpoint["pagination"] or {}).get("must_follow_link_header"):
            assert route.paging == "link", route.name


def test_paginator_is_what_paginated_methods_return(client):
    assert isinstance(client.blocks.list(), Paginator)
