"""client.profile: your own profile (Mastodon 4.6)."""

from __future__ import annotations

from aiomastodon.entities import CredentialAccount, Profile

from ._helpers import (
    BASE,
    account,
    fields_of,
    files_of,
    form_of,
    method_example,
    multipart_of,
    no_body,
    only_request,
)

URL = f"{BASE}/api/v1/profile"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


async def test_get(mocked, client):
    payload = method_example("profile.get")
    mocked.get(URL, payload=payload)
    got = await client.profile.get()
    assert isinstance(got, Profile)
    assert (got.id, got.display_name, got.attribution_domains) == (
        payload["id"],
        payload["display_name"],
        payload["attribution_domains"],
    )
    assert [(f.name, f.value) for f in got.fields] == [("pronouns", "it/its")]
    no_body(only_request(mocked, "GET", URL))


async def test_update_url_encoded(mocked, client):
    payload = method_example("profile.get")
    mocked.patch(URL, payload=payload)
    got = await client.profile.update(
        display_name="Shark",
        note="I bite",
        avatar_description="a shark",
        header_description="the sea",
        locked=True,
        bot=False,
        discoverable=True,
        hide_collections=False,
        indexable=True,
        show_media=False,
        show_media_replies=True,
        show_featured=False,
        attribution_domains=["a.example", "b.example"],
        fields_attributes=[("pronouns", "it/its"), ("site", "https://a.example")],
    )
    assert isinstance(got, Profile)
    assert got.id == payload["id"]
    assert form_of(only_request(mocked, "PATCH", URL)) == [
        ("display_name", "Shark"),
        ("note", "I bite"),
        ("avatar_description", "a shark"),
        ("header_description", "the sea"),
        ("locked", "true"),
        ("bot", "false"),
        ("discoverable", "true"),
        ("hide_collections", "false"),
        ("indexable", "true"),
        ("show_media", "false"),
        ("show_media_replies", "true"),
        ("show_featured", "false"),
        ("attribution_domains[]", "a.example"),
        ("attribution_domains[]", "b.example"),
        ("fields_attributes[0][name]", "pronouns"),
        ("fields_attributes[0][value]", "it/its"),
        ("fields_attributes[1][name]", "site"),
        ("fields_attributes[1][value]", "https://a.example"),
    ]


async def test_update_one_domain_given_as_a_string(mocked, client):
    mocked.patch(URL, payload=method_example("profile.get"))
    await client.profile.update(attribution_domains="a.example")
    assert form_of(only_request(mocked, "PATCH", URL)) == [("attribution_domains[]", "a.example")]


async def test_update_with_images_is_multipart(mocked, client):
    mocked.patch(URL, payload=method_example("profile.get"))
    await client.profile.update(avatar=PNG, avatar_description="a shark", header=b"GIF89a..")
    parts = await multipart_of(only_request(mocked, "PATCH", URL))
    assert fields_of(parts) == [("avatar_description", "a shark")]
    files = files_of(parts)
    assert set(files) == {"avatar", "header"}
    assert (files["avatar"].content_type, files["avatar"].data) == ("image/png", PNG)
    assert (files["header"].content_type, files["header"].data) == ("image/gif", b"GIF89a..")


async def test_delete_avatar(mocked, client):
    url = f"{URL}/avatar"
    # The docs' example is a whole CredentialAccount.
    payload = method_example("profile.delete-avatar")
    mocked.delete(url, payload=payload)
    got = await client.profile.delete_avatar()
    assert isinstance(got, CredentialAccount)
    assert (got.id, got.avatar) == (payload["id"], payload["avatar"])
    no_body(only_request(mocked, "DELETE", url))


async def test_delete_header(mocked, client):
    url = f"{URL}/header"
    payload = {**method_example("profile.delete-header"), **account("7")}
    mocked.delete(url, payload=payload)
    got = await client.profile.delete_header()
    assert isinstance(got, CredentialAccount)
    assert got.id == "7"
    no_body(only_request(mocked, "DELETE", url))
