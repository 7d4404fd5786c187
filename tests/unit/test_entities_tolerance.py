"""Real servers depart from the docs; one odd field must not fail an entity (or a page)."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiomastodon import entities
from aiomastodon._sansio.decode import Unrepairable, decoder_for
from aiomastodon.entities import Account, MediaAttachment, Quote, Status

ACCOUNT: dict[str, Any] = {
    "id": "1",
    "username": "alice",
    "acct": "alice",
    "display_name": "Alice",
    "created_at": "2016-03-16T00:00:00.000Z",
    "last_status_at": "2019-11-17",
    "emojis": [],
    "fields": [],
}
STATUS: dict[str, Any] = {
    "id": "103270115826048975",
    "created_at": "2019-12-08T03:48:33.901Z",
    "account": ACCOUNT,
    "content": "<p>hello</p>",
    "visibility": "public",
    "spoiler_text": "",
    "media_attachments": [],
}


def decode(cls: type[Any], payload: object) -> Any:
    return decoder_for(cls).decode(json.dumps(payload).encode())


def test_numeric_id_becomes_a_string() -> None:
    assert decode(Account, {**ACCOUNT, "id": 123}).id == "123"


def test_timestamp_in_a_date_field_keeps_its_date() -> None:
    account = decode(Account, {**ACCOUNT, "last_status_at": "2019-11-30T20:02:08.277Z"})
    assert account.last_status_at == date(2019, 11, 30)


def test_unknown_enum_value_decodes() -> None:
    """Enums stay open: forks and newer servers add values."""
    payload = json.dumps({**STATUS, "visibility": "local_only"}).encode()
    assert msgspec.json.decode(payload, type=Status).visibility == "local_only"  # strict path


def test_null_in_a_non_nullable_field_takes_the_default() -> None:
    assert decode(Status, {**STATUS, "spoiler_text": None}).spoiler_text == ""


def test_unknown_fields_are_ignored() -> None:
    status = decode(Status, {**STATUS, "x_fork_reactions": [{"name": "+1"}], "local_only": True})
    assert status.id == STATUS["id"]
    assert "x_fork_reactions" not in json.loads(status.to_json())


def test_naive_timestamp_is_read_as_utc() -> None:
    status = decode(Status, {**STATUS, "created_at": "2019-12-08T03:48:33"})
    assert status.created_at == datetime(2019, 12, 8, 3, 48, 33, tzinfo=timezone.utc)


def test_missing_id_is_unrepairable() -> None:
    payload = {k: v for k, v in STATUS.items() if k != "id"}
    with pytest.raises(Unrepairable) as info:
        decode(Status, payload)
    assert info.value.path == "$.id"


def test_missing_id_in_a_page_names_the_item() -> None:
    page = [STATUS, {k: v for k, v in STATUS.items() if k != "id"}]
    with pytest.raises(Unrepairable) as info:
        decode(list[Status], page)
    assert info.value.path == "$[1].id"


def test_bad_nested_item_is_dropped_not_the_status() -> None:
    media = {"id": "1", "type": "image", "url": "https://example.test/1.png"}
    status = decode(Status, {**STATUS, "media_attachments": [media, {"type": "image"}]})
    assert [m.id for m in status.media_attachments] == ["1"]


def test_shallow_quote_in_a_status() -> None:
    shallow = {"state": "accepted", "quoted_status_id": "42"}
    status = decode(Status, {**STATUS, "quote": shallow})
    assert status.quote == Quote(state="accepted", quoted_status=None, quoted_status_id="42")


def test_full_quote_in_a_status() -> None:
    full = {"state": "accepted", "quoted_status": STATUS}
    quote = decode(Status, {**STATUS, "quote": full}).quote
    assert quote is not None
    assert quote.quoted_status is not None
    assert quote.quoted_status.id == STATUS["id"]


def test_admin_account_role_before_4_0_is_a_string() -> None:
    payload = {"id": "1", "created_at": "2022-01-01T00:00:00Z", "account": ACCOUNT, "role": "admin"}
    strict = msgspec.json.decode(json.dumps(payload).encode(), type=entities.AdminAccount)
    assert strict.role == "admin"


def test_keyword_and_odd_keys_keep_their_json_names() -> None:
    prefs = decode(entities.Preferences, {"posting:default:visibility": "private"})
    assert prefs.posting_default_visibility == "private"
    assert json.loads(prefs.to_json())["posting:default:visibility"] == "private"
    versions = decode(entities.InstanceThumbnailVersions, {"@1x": "a", "@2x": "b"})
    assert (versions.at_1x, versions.at_2x) == ("a", "b")


def test_defaults_of_a_minimal_status() -> None:
    status = decode(Status, {"id": "1", "created_at": STATUS["created_at"], "account": ACCOUNT})
    assert status.media_attachments == []
    assert status.reblog is None
    assert status.favourites_count == 0
    assert status.sensitive is False


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)
_STATUS_FIELDS = [f.encode_name for f in msgspec.structs.fields(Status)]


@given(field=st.sampled_from(_STATUS_FIELDS), value=_JSON)
def test_any_odd_value_in_one_field_decodes_unless_the_field_is_required(
    field: str, value: object
) -> None:
    required = {"id", "created_at", "account"}
    try:
        status = decode(Status, {**STATUS, field: value})
    except Unrepairable as exc:
        assert field in required, exc  # noqa: PT017 - the point is which field failed
        return
    assert isinstance(status, Status)


def test_media_attachment_meta_keeps_undocumented_sizes() -> None:
    meta = {"original": {"width": 640, "height": 480, "size": "640x480", "aspect": 1.33}}
    media = decode(MediaAttachment, {"id": "1", "type": "image", "meta": meta})
    assert media.meta is not None
    assert media.meta.original is not None
    assert media.meta.original.width == 640


def test_credentials_never_show_in_reprs() -> None:
    from aiomastodon.entities import CredentialApplication, Token

    token = Token.from_json(b'{"access_token": "s3cret-token", "created_at": 1}')
    app = CredentialApplication.from_json(
        b'{"name": "x", "client_id": "cid", "client_secret": "s3cret-secret"}'
    )
    assert "s3cret" not in repr(token)
    assert "s3cret" not in str(app)
    assert "<redacted>" in repr(app)
    assert "client_id='cid'" in repr(app)  # everything else is shown
