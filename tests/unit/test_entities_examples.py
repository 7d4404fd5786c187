"""Every documented example payload decodes into its entity and re-encodes without loss.

The examples are the Mastodon documentation's, verbatim (tests/data/mastodon-api/examples):
one file per entity and one per API method. An item the docs abridged with ``// ...``
(``strict_json_items: false`` in index.json) is not a whole entity; those get the weaker
check in :func:`test_abridged_example_keeps_its_keys`.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Set
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import msgspec
import pytest

from aiomastodon import entities
from aiomastodon._sansio.decode import Unrepairable, decoder_for, parse_datetime

DATA = Path(__file__).resolve().parents[1] / "data" / "mastodon-api"
EXAMPLES = DATA / "examples"
INDEX = json.loads((EXAMPLES / "index.json").read_text(encoding="utf-8"))
ENDPOINTS = {e["id"]: e for e in json.loads((DATA / "endpoints.json").read_text("utf-8"))}


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen", DATA.parents[2] / "tools/gen_entities.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _generator()


def entity_class(name: str) -> type[entities.Entity]:
    cls: type[entities.Entity] = getattr(entities, gen.class_name(name))
    assert issubclass(cls, entities.Entity)
    return cls


# Examples that the strict decoder rejects and only the repair path accepts, and why that
# is fine: each is a quirk of real servers (or of the docs) that the repair exists for.
_LAST_STATUS_AT = "Account.last_status_at is a timestamp here (before 3.1.0); repaired to a date"
_ID_NUMBER = "an id sent as a JSON number; repaired to its string"
_FEATURED_COUNT = "FeaturedTag.statuses_count sent as a number (documented: string)"
NEEDS_REPAIR = {
    "Admin::Account[0]": _ID_NUMBER + " (role.id; role.permissions too, documented: string)",
    "Quote[0]": _LAST_STATUS_AT,
    "Status[0]": _LAST_STATUS_AT,
    "WebPushSubscription[0]": _ID_NUMBER,
    "accounts.verify_credentials[0]": _LAST_STATUS_AT,
    "accounts.update_credentials[2]": _LAST_STATUS_AT,
    "accounts.get[0]": _LAST_STATUS_AT,
    "accounts.get[1]": _LAST_STATUS_AT,
    "accounts.index[0]": _LAST_STATUS_AT,
    "accounts.endorsements[0]": _LAST_STATUS_AT,
    "endorsements.get[0]": _LAST_STATUS_AT,
    "statuses.get[0]": _LAST_STATUS_AT,
    "statuses.index[0]": _LAST_STATUS_AT,
    "accounts.featured_tags[0]": _FEATURED_COUNT,
    "featured_tags.get[0]": _FEATURED_COUNT,
    "featured_tags.feature[0]": _FEATURED_COUNT,
    "push.create[0]": _ID_NUMBER,
    "push.get[0]": _ID_NUMBER,
    "push.update[0]": _ID_NUMBER,
    "statuses.translate[0]": _ID_NUMBER + " (media_attachments[].id)",
    "admin_accounts.reject[0]": _ID_NUMBER + " (role.id; role.permissions too)",
    **dict.fromkeys(
        [
            "ScheduledStatus[0]",
            "ScheduledStatus[1]",
            "scheduled_statuses.get[0]",
            "scheduled_statuses.get-one[0]",
            "scheduled_statuses.update[0]",
            "statuses.create[1]",
        ],
        "params.application_id is an integer (documented so); typed str like every id",
    ),
    "admin_accounts.delete[0]": "see DOC_ERRORS: `ip` is dropped, its default stands",
    "statuses.translate[1]": "see DOC_ERRORS: `poll` is dropped, its default stands",
}

# Mistakes in the docs' examples (checked against Mastodon's serializers): these keys are
# not compared. The entity follows the docs' field list, which is right.
DOC_ERRORS: dict[str, tuple[set[str], str]] = {
    "Instance[0]": ({"$.configuration.accounts.max_display_name_lenth"}, "typo of ..._length"),
    "admin_accounts.delete[0]": ({"$.ip"}, "an object here; Mastodon sends the ip string"),
    "statuses.translate[1]": (
        {"$.poll", "$.spoiler_text"},
        "a pre-release draft: poll as an array, spoiler_text null (see Translation.json)",
    ),
    "collections.get_collections[0]": ({"$.collections:"}, "stray colon in the key"),
    "collections.in_collections[0]": ({"$.collections:"}, "stray colon in the key"),
    **{
        f"tags.{method}[0]": ({"$.featured"}, "REST::TagSerializer sends `featuring`")
        for method in ("get", "follow", "unfollow", "feature", "unfeature")
    },
}

# Examples whose JSON is not the entity itself, and the type that decodes them.
EXAMPLE_TYPES: dict[str, tuple[Any, str]] = {
    "AsyncRefresh[0]": (dict[str, entities.AsyncRefresh], "wrapped: {async_refresh: ...}"),
    "Reaction[0]": (list[entities.Reaction], "a list of reactions"),
    "FamiliarFollowers[0]": (list[entities.FamiliarFollowers], "a list, as the method returns"),
    "notifications.update-policy[0]": (
        entities.V1NotificationPolicy,
        "the docs show the v1 policy under the v2 method",
    ),
}

# Method examples whose response is not an entity (or array of one): nothing to decode.
NOT_ENTITIES = {
    "empty": "an empty object {} or no body",
    "event stream": "server-sent events (the streaming API), not a JSON response",
    "redirect or HTML page": "not JSON",
    'string (text/plain "OK")': "not JSON",
    "array of string": "plain strings",
    "array of hash": "free-form hashes",
    "hash": "a free-form hash (returns starts with `hash`, not listed in HASH_RESPONSES)",
}
# Responses documented as a hash around entities: the type that decodes them.
HASH_RESPONSES: dict[str, Any] = {
    "hash of Marker (keys: home, notifications)": dict[str, entities.Marker],
    "hash {async_refresh: AsyncRefresh}": dict[str, entities.AsyncRefresh],
}
# Deletions documented to return the entity whose docs example is `{}` (what Mastodon sends).
EMPTY_ANSWERS = {
    "filters.statuses-remove[0]",
    "admin_canonical_email_blocks.delete[0]",
    "admin_domain_blocks.delete[0]",
    "admin_email_domain_blocks.delete[0]",
    "admin_ip_blocks.delete[0]",
}


def items(entry: dict[str, Any]) -> list[tuple[int, Any, bool]]:
    """(index, payload, whole) for each example in one index.json entry."""
    if "file" not in entry:  # the docs' example is not even JSON (see its parse_error)
        return []
    data = json.loads((EXAMPLES / entry["file"]).read_text(encoding="utf-8"))
    payloads = data if entry["count"] > 1 else [data]
    whole = entry.get("strict_json_items", [True] * entry["count"])
    return [(i, payload, whole[i]) for i, payload in enumerate(payloads)]


def returns_of(method: str) -> str:
    returns: str = ENDPOINTS[method]["returns"] if method in ENDPOINTS else "event stream"
    if returns.startswith("hash") and returns not in HASH_RESPONSES:
        return "hash"
    return returns


def response_type(returns: str, payload: Any) -> Any:
    if returns == "Status | ScheduledStatus":  # a post scheduled for later answers with params
        return entities.ScheduledStatus if "params" in payload else entities.Status
    if returns in HASH_RESPONSES:
        return HASH_RESPONSES[returns]
    if returns.startswith("array of "):
        return list[entity_class(returns.removeprefix("array of "))]  # type: ignore[misc]
    return entity_class(returns)


def all_cases() -> list[tuple[str, Any, Any, bool]]:
    """(label, type, payload, whole) for every example that is (or holds) an entity."""
    cases = []
    for name, entry in INDEX["entities"].items():
        for i, payload, whole in items(entry):
            cases.append((f"{name}[{i}]", entity_class(name), payload, whole))
    for method, entry in INDEX["methods"].items():
        returns = returns_of(method)
        if returns in NOT_ENTITIES:
            continue
        for i, payload, whole in items(entry):
            label = f"{method}[{i}]"
            if label not in EMPTY_ANSWERS:
                cases.append((label, response_type(returns, payload), payload, whole))
    return [
        (label, EXAMPLE_TYPES.get(label, (type_,))[0], payload, whole)
        for label, type_, payload, whole in cases
    ]


CASES = all_cases()


def params(whole: bool) -> list[Any]:
    return [
        pytest.param(t, p, label, id=label.replace("::", "_"))
        for label, t, p, w in CASES
        if w is whole
    ]


# --- comparing the re-encoded JSON with the example -------------------------------------

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")


def same_value(sent: object, back: object) -> bool:
    if sent == back and type(sent) is type(back):
        return True
    if isinstance(sent, bool) or isinstance(back, bool):
        return False
    if isinstance(sent, (int, float)):
        if isinstance(back, str):
            return str(sent) == back  # a number where the docs promise a string (an id)
        return isinstance(back, (int, float)) and sent == back  # 0 and 0.0
    if isinstance(sent, str) and isinstance(back, str):
        if _DATE.match(back):  # a `date` field that was sent a timestamp keeps its date
            return sent[:10] == back
        sent_at = parse_datetime(sent)
        return isinstance(sent_at, datetime) and sent_at == parse_datetime(back)
    return False


def assert_kept(
    sent: object,
    back: object,
    path: str = "$",
    ignore: Set[str] = frozenset(),
    abridged: bool = False,
) -> None:
    """Every key of ``sent`` is in ``back`` (recursively), with an equal value."""
    if abridged and back is None and isinstance(sent, dict):
        return  # an abridged nested entity lacks required fields: the repair dropped it
    if isinstance(sent, dict):
        assert isinstance(back, dict), f"{path}: object became {back!r}"
        for key, value in sent.items():
            if f"{path}.{key}" in ignore:
                continue
            assert key in back, f"{path}.{key}: key lost on re-encoding"
            assert_kept(value, back[key], f"{path}.{key}", ignore, abridged)
    elif isinstance(sent, list):
        assert isinstance(back, list), f"{path}: array became {back!r}"
        if abridged and len(sent) != len(back):
            return  # abridged items lack required fields, so the repair dropped them
        assert len(sent) == len(back), f"{path}: {len(sent)} items became {len(back)}"
        for i, (a, b) in enumerate(zip(sent, back, strict=True)):
            assert_kept(a, b, f"{path}[{i}]", ignore, abridged)
    else:
        assert same_value(sent, back), f"{path}: {sent!r} came back as {back!r}"


@pytest.mark.parametrize(("type_", "payload", "label"), params(whole=True))
def test_example_round_trips(type_: Any, payload: object, label: str) -> None:
    raw = json.dumps(payload).encode()
    decoded = decoder_for(type_).decode(raw)
    if label in NEEDS_REPAIR:
        with pytest.raises(msgspec.ValidationError):
            msgspec.json.decode(raw, type=type_)
    else:
        msgspec.json.decode(raw, type=type_)  # the fast path alone accepts it
    ignore = DOC_ERRORS.get(label, (set(), ""))[0]
    assert_kept(payload, json.loads(msgspec.json.encode(decoded)), ignore=ignore)


@pytest.mark.parametrize(("type_", "payload", "label"), params(whole=False))
def test_abridged_example_keeps_its_keys(type_: Any, payload: object, label: str) -> None:
    """An abridged example may lack required fields; whatever decodes must keep its keys."""
    try:
        decoded = decoder_for(type_).decode(json.dumps(payload).encode())
    except Unrepairable as exc:
        assert exc.reason == "required field is missing", exc  # noqa: PT017 - which failure
        return
    ignore = DOC_ERRORS.get(label, (set(), ""))[0]
    assert_kept(payload, json.loads(msgspec.json.encode(decoded)), ignore=ignore, abridged=True)


def test_every_example_is_tested_or_skipped_for_a_reason() -> None:
    labels = {label for label, *_ in CASES}
    assert set(NEEDS_REPAIR) | set(DOC_ERRORS) | set(EXAMPLE_TYPES) <= labels
    unparsable = {k for section in INDEX.values() for k, v in section.items() if "file" not in v}
    tested = {label.rsplit("[", 1)[0] for label in labels | EMPTY_ANSWERS}
    assert set(INDEX["entities"]) - unparsable <= tested
    skipped = {m for m in INDEX["methods"] if returns_of(m) in NOT_ENTITIES}
    assert set(INDEX["methods"]) - unparsable - skipped <= tested
    for label in EMPTY_ANSWERS:
        method, index = label[:-3], int(label[-2])
        assert items(INDEX["methods"][method])[index][1] == {}


def test_every_entity_with_an_example_is_covered() -> None:
    """entities.json's `examples` pointers and index.json agree."""
    spec = json.loads((DATA / "entities.json").read_text(encoding="utf-8"))
    with_examples = {e["name"] for e in spec if "examples" in e}
    assert with_examples == set(INDEX["entities"])


def test_shallow_quote_decodes_into_quote() -> None:
    shallow = (EXAMPLES / "ShallowQuote.json").read_bytes()
    quote = msgspec.json.decode(shallow, type=entities.Quote)
    assert quote.quoted_status is None
    assert quote.quoted_status_id == json.loads(shallow)["quoted_status_id"]
    assert json.loads(msgspec.json.encode(quote))["quoted_status_id"] == quote.quoted_status_id
