"""The generated entity modules are up to date and export every documented entity."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import msgspec
import pytest

from aiomastodon import entities

ROOT = Path(__file__).resolve().parents[2]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gen_entities", ROOT / "tools" / "gen_entities.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _generator()
SPEC = json.loads((ROOT / "tests/data/mastodon-api/entities.json").read_text(encoding="utf-8"))


def test_generated_files_are_up_to_date() -> None:
    """The same drift check as `python tools/gen_entities.py --check`."""
    stale = [
        str(path.relative_to(ROOT))
        for path, text in gen.generate().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    assert stale == [], "run: python tools/gen_entities.py"


def test_check_mode_passes() -> None:
    assert gen.main(["--check"]) == 0


@pytest.mark.parametrize("name", [e["name"] for e in SPEC])
def test_every_documented_entity_is_exported(name: str) -> None:
    cls = getattr(entities, gen.class_name(name))
    assert issubclass(cls, entities.Entity)
    assert cls.__module__ == f"aiomastodon.entities.{gen.module_name(e_source(name))}"
    msgspec.inspect.type_info(cls)  # every annotation resolves


def e_source(name: str) -> str:
    return str(next(e["source"] for e in SPEC if e["name"] == name))


def test_all_is_sorted_and_complete() -> None:
    assert entities.__all__ == sorted(entities.__all__)
    classes = {name for name in dir(entities) if isinstance(getattr(entities, name), type)}
    assert set(entities.__all__) == classes | {"AwareDatetime"}
    assert len(entities.__all__) == len(SPEC) + 1 + 2  # + MediaAttachmentMetaSize, base names


def test_documented_fields_are_all_there() -> None:
    """Each class has its documented fields (under their JSON names), plus inherited ones."""
    for entity in SPEC:
        cls = getattr(entities, gen.class_name(entity["name"]))
        names = {f.encode_name for f in msgspec.structs.fields(cls)}
        missing = {f["name"] for f in entity["fields"]} - names
        assert not missing, (entity["name"], missing)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Status::Mention", "StatusMention"),
        ("Admin::Account", "AdminAccount"),
        ("V1::Instance::Urls", "V1InstanceUrls"),
        ("v2_alpha::NotificationGroup", "V2AlphaNotificationGroup"),
        ("CredentialAccount::Source", "CredentialAccountSource"),
    ],
)
def test_class_names(name: str, expected: str) -> None:
    assert gen.class_name(name) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("entities/Admin_Account.md", "admin_account"),
        ("methods/grouped_notifications.md", "grouped_notifications"),
        ("entities/V1_Instance.md", "v1_instance"),
        ("entities/CustomEmoji.md", "custom_emoji"),
    ],
)
def test_module_names(source: str, expected: str) -> None:
    assert gen.module_name(source) == expected


def test_extends_is_a_subclass_listing_only_its_own_fields() -> None:
    assert issubclass(entities.CredentialAccount, entities.Account)
    assert issubclass(entities.MutedAccount, entities.Account)
    assert issubclass(entities.TrendsLink, entities.PreviewCard)
    assert issubclass(entities.CredentialApplication, entities.Application)
    own = set(entities.CredentialAccount.__struct_fields__) - set(
        entities.Account.__struct_fields__
    )
    assert own == {"source", "role"}


def test_entities_are_frozen() -> None:
    tag = entities.Tag(name="python")
    with pytest.raises(AttributeError):
        tag.name = "rust"  # type: ignore[misc]
