"""Generate src/aiomastodon/api/enums.py: a ``Literal`` type for every enum parameter.

Reads tests/data/mastodon-api/endpoints.json (and entities.json, for parameters whose
values the docs give on an entity field, such as ``types[]`` -> ``Notification.type``).
Every parameter endpoints.json marks as an enum must be claimed by one entry of ``ENUMS``
below, and all the places an entry names must agree on the values: so a new enum in the
docs, or a value added to one place only, fails the generator instead of going unnoticed.

    python tools/gen_enums.py           # write the module
    python tools/gen_enums.py --check   # exit 1 if it differs (CI drift check)
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "mastodon-api"
OUT = ROOT / "src" / "aiomastodon" / "api" / "enums.py"


@dataclass(frozen=True)
class Enum:
    """One ``Literal`` alias.

    ``params`` are ``"<endpoint id> <param name>"`` of endpoints.json; ``entities`` are
    ``"Entity.field"`` of entities.json, for parameters that take an entity's values
    (``enum_ref``). ``extra`` adds values the docs miss (with the reason in ``note``).
    """

    name: str
    doc: str
    params: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    note: str = ""


_QUOTE = (
    "statuses.create quote_approval_policy",
    "statuses.edit quote_approval_policy",
    "statuses.edit_interaction_policy quote_approval_policy",
    "accounts.update_credentials source[quote_policy]",
)
_POLICY = tuple(
    f"notifications.update-policy {name}"
    for name in (
        "for_not_following",
        "for_not_followers",
        "for_new_accounts",
        "for_private_mentions",
        "for_limited_accounts",
    )
)
_NOTIFICATION_PARAMS = tuple(
    f"{endpoint} {param}"
    for endpoint, names in {
        "notifications.get": ("types[]", "exclude_types[]", "supported_types[]"),
        "notifications.get-one": ("supported_types[]",),
        "notifications.unread-count": ("types[]", "exclude_types[]"),
        "grouped_notifications.get-grouped": (
            "types[]",
            "exclude_types[]",
            "grouped_types[]",
            "supported_types[]",
        ),
        "grouped_notifications.get-notification-group": ("supported_types[]",),
        "grouped_notifications.unread-group-count": (
            "types[]",
            "exclude_types[]",
            "grouped_types[]",
        ),
        "notifications_alpha.get-grouped": ("types[]", "exclude_types[]", "grouped_types[]"),
        "notifications_alpha.unread-group-count": (
            "types[]",
            "exclude_types[]",
            "grouped_types[]",
        ),
    }.items()
    for param in names
)

# --- the enums, in the order they are written ---------------------------------------------
ENUMS: tuple[Enum, ...] = (
    Enum(
        "Visibility",
        "Who may see a status.",
        params=("statuses.create visibility",),
        entities=("Status.visibility",),
    ),
    Enum(
        "ReblogVisibility",
        "Who may see a boost (a boost cannot be ``direct``).",
        params=("statuses.boost visibility",),
    ),
    Enum(
        "DefaultVisibility",
        "The default visibility of new posts, in your account's settings.",
        params=("accounts.update_credentials source[privacy]",),
    ),
    Enum("QuotePolicy", "Who may quote a status (Mastodon 4.5+).", params=_QUOTE),
    Enum(
        "NotificationType",
        "A type of notification (``types[]``, ``exclude_types[]``, ``grouped_types[]``, "
        "``supported_types[]``).",
        params=_NOTIFICATION_PARAMS,
        entities=("Notification.type",),
    ),
    Enum(
        "NotificationPolicyValue",
        "What to do with notifications from a kind of stranger: notify (``accept``), hold "
        "them as a notification request (``filter``) or discard them (``drop``).",
        params=_POLICY,
        entities=tuple(f"NotificationPolicy.{name.split()[1]}" for name in _POLICY),
    ),
    Enum(
        "FilterContext",
        "Where a filter applies.",
        params=(
            "filters.create context[]",
            "filters.update context[]",
            "filters.create-v1 context[]",
            "filters.update-v1 context[]",
        ),
        entities=("Filter.context", "V1::Filter.context"),
    ),
    Enum(
        "FilterAction",
        "What a filter does to a matching status (``blur``: Mastodon 4.4+).",
        params=("filters.create filter_action", "filters.update filter_action"),
        entities=("Filter.filter_action",),
    ),
    Enum(
        "ReportCategory",
        "Why an account is reported.",
        params=("reports.post category", "admin_reports.update category"),
        entities=("Report.category", "Admin::Report.category"),
    ),
    Enum(
        "RepliesPolicy",
        "Which replies a list's timeline shows.",
        params=("lists.create replies_policy", "lists.update replies_policy"),
        entities=("List.replies_policy",),
    ),
    Enum(
        "PushPolicy",
        "From whom Web Push notifications are sent.",
        params=("push.create data[policy]", "push.update policy"),
    ),
    Enum(
        "SearchType",
        "What a search looks for.",
        params=("search.v2 type", "search.v1 type"),
    ),
    Enum(
        "MarkerTimeline",
        "A timeline whose read position is saved (``client.markers``).",
        params=("markers.get timeline[]",),
    ),
    Enum("DirectoryOrder", "The order of the profile directory.", params=("directory.get order",)),
    Enum(
        "ExpandAccounts",
        "How grouped notifications carry their accounts.",
        params=(
            "grouped_notifications.get-grouped expand_accounts",
            "notifications_alpha.get-grouped expand_accounts",
        ),
    ),
    Enum(
        "StreamName",
        "A stream of the streaming API.",
        params=("streaming.websocket stream",),
    ),
    Enum(
        "AdminAccountOrigin",
        "Where the accounts an admin lists come from.",
        params=("admin_accounts.v2 origin",),
    ),
    Enum(
        "AdminAccountStatus",
        "The state of the accounts an admin lists.",
        params=("admin_accounts.v2 status",),
    ),
    Enum(
        "AdminAccountAction",
        "What a moderator does to an account.",
        params=("admin_accounts.action type",),
    ),
    Enum(
        "DomainBlockSeverity",
        "How a domain block limits federation.",
        params=("admin_domain_blocks.create severity", "admin_domain_blocks.update severity"),
        entities=("Admin::DomainBlock.severity",),
    ),
    Enum(
        "IpBlockSeverity",
        "What an IP block refuses.",
        params=("admin_ip_blocks.create severity", "admin_ip_blocks.update severity"),
        entities=("Admin::IpBlock.severity",),
    ),
    Enum(
        "RetentionFrequency",
        "The size of a retention cohort.",
        params=("admin_retention.create frequency",),
        entities=("Admin::Cohort.frequency",),
    ),
)

# Parameters endpoints.json marks as enums that no Literal here types, and why.
NOT_TYPED = {
    "streaming.websocket type": "a WebSocket message field, not a parameter of a method",
}

HEADER = '''\
# Generated by tools/gen_enums.py from tests/data/mastodon-api/ (Mastodon documentation,
# CC BY 4.0). Do not edit by hand: change the generator.
"""The values a parameter may take, as ``Literal`` types (generated from the docs' data).

Parameters with documented values are typed with these, so a type checker catches a
mistake before it reaches the server::

    await client.statuses.create("hi", visibility="everyone")
    # mypy: Argument "visibility" has incompatible type "Literal['everyone']"

Nothing is checked at run time: whatever you pass is sent as given.

**Values the docs do not list** (a fork's own, such as Pleroma's ``"local"``
visibility, or one newer than this package) go through
[`Raw`][aiomastodon.api.enums.Raw], which every such parameter also accepts::

    from aiomastodon.api.enums import Raw

    await client.statuses.create("hi", visibility=Raw("local"))

**Array parameters** (sent as ``name[]=...``) take one value or a sequence of them
([`OneOrMany`][aiomastodon.api.enums.OneOrMany]): ``types="mention"`` and
``types=["mention", "follow"]`` both work.

Entities keep plain ``str`` for the same fields: what a server *sends* stays open, so
an unknown value decodes instead of failing a page. OAuth scopes are no ``Literal``:
they travel space-separated (``"read write"``), and ``aiomastodon.auth`` checks each one
before anything is sent (``UnknownScope``, with ``extra_scopes`` for a fork's own).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NewType, TypeVar, Union

__all__ = [
{names}
]

T = TypeVar("T")

Raw = NewType("Raw", str)
"""A value sent as given, for a parameter whose documented values do not include it:
``visibility=Raw("local")``. The type checker lets it through; the server decides."""

# Union, not |: Python 3.10's `T | Sequence[T]` cannot be subscripted (OneOrMany[str]).
OneOrMany = Union[T, Sequence[T]]  # noqa: UP007
"""An array parameter's argument: one value, or a sequence of them (``T | Sequence[T]``).
Either way it is sent as an array (``name[]=...``)."""
'''


def _load() -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    endpoints = json.loads((DATA / "endpoints.json").read_text(encoding="utf-8"))
    entities = json.loads((DATA / "entities.json").read_text(encoding="utf-8"))
    params = {
        f"{endpoint['id']} {param['name']}": param
        for endpoint in endpoints
        for param in endpoint["params"] or []
    }
    fields = {
        f"{entity['name']}.{entry['name']}": entry
        for entity in entities
        for entry in entity["fields"]
    }
    return params, fields


def values_of(enum: Enum, params: dict[str, Any], fields: dict[str, Any]) -> list[str]:
    """The enum's values, after checking that every place it names agrees."""
    found: dict[str, list[str]] = {}
    for key in enum.params:
        param = params.get(key)
        if param is None:
            raise SystemExit(f"{enum.name}: no parameter {key!r} in endpoints.json")
        if param.get("enum"):
            found[key] = list(param["enum"])
        elif param.get("enum_ref"):
            ref = fields.get(param["enum_ref"])
            if ref is None or not ref.get("enum"):
                raise SystemExit(f"{enum.name}: {key} refers to {param['enum_ref']}, no enum")
            found[key] = list(ref["enum"])
        else:
            raise SystemExit(f"{enum.name}: {key} has no documented values")
    for key in enum.entities:
        entry = fields.get(key)
        if entry is None or not entry.get("enum"):
            raise SystemExit(f"{enum.name}: no enum field {key!r} in entities.json")
        found[key] = list(entry["enum"])
    first_key, first = next(iter(found.items()))
    for key, values in found.items():
        # The parameter may be narrower than the entity (a boost is never direct), but
        # two parameters typed alike must agree exactly.
        if key in enum.params and values != first:
            raise SystemExit(f"{enum.name}: {key} has {values}, {first_key} has {first}")
    values = list(first)
    values += [v for v in enum.extra if v not in values]
    return values


def _unclaimed(params: dict[str, Any]) -> list[str]:
    claimed = {key for enum in ENUMS for key in enum.params} | set(NOT_TYPED)
    return sorted(
        key
        for key, param in params.items()
        if (param.get("enum") or param.get("enum_ref")) and key not in claimed
    )


def _sources(enum: Enum) -> str:
    """Where the values come from, one entry per endpoint: ``notifications.get`` (types[])."""
    by_endpoint: dict[str, list[str]] = {}
    for key in enum.params:
        endpoint, _, param = key.partition(" ")
        by_endpoint.setdefault(endpoint, []).append(param)
    parts = [f"``{e}`` ({', '.join(names)})" for e, names in by_endpoint.items()]
    text = "Documented for " + "; ".join(parts) + " in endpoints.json"
    if enum.entities:
        text += "; values of " + ", ".join(f"``{name}``" for name in enum.entities)
    return text + "."


def render() -> str:
    params, fields = _load()
    unclaimed = _unclaimed(params)
    if unclaimed:
        raise SystemExit(f"enum parameters no entry of ENUMS claims: {unclaimed}")
    names = [*(enum.name for enum in ENUMS), "OneOrMany", "Raw"]
    out = [HEADER.replace("{names}", "\n".join(f'    "{n}",' for n in sorted(names)))]
    for enum in ENUMS:
        values = values_of(enum, params, fields)
        literal = f"{enum.name} = Literal[{', '.join(json.dumps(v) for v in values)}]"
        if len(literal) > 100:
            items = "".join(f"    {json.dumps(v)},\n" for v in values)
            literal = f"{enum.name} = Literal[\n{items}]"
        doc = f"{enum.doc}\n\n{_sources(enum)}"
        if enum.note:
            doc += f" {enum.note}"
        wrapped = "\n".join(
            textwrap.fill(paragraph, 92, break_long_words=False, break_on_hyphens=False)
            for paragraph in doc.split("\n")
        )
        out.append(f'\n{literal}\n"""{wrapped}"""\n')
    return "".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check, write nothing")
    args = parser.parse_args()
    text = render()
    current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
    if args.check:
        if current != text:
            print(f"{OUT} is out of date: run python tools/gen_enums.py", file=sys.stderr)
            return 1
        return 0
    if current != text:
        OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
