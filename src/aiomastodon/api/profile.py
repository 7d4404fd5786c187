"""Your profile: avatar, header and the profile entity.

Docs: https://docs.joinmastodon.org/methods/profile/
"""

from __future__ import annotations

from collections.abc import Sequence

from .._sansio.request import UNSET, FileInput, UnsetType, as_array
from .._sansio.routes import route
from ..entities import CredentialAccount
from ..entities import Profile as ProfileEntity
from ._base import Namespace
from .enums import OneOrMany

__all__ = ["Profile"]

GET = route("GET", "/api/v1/profile", "profile.get", version="4.6.0")
UPDATE = route(
    "PATCH",
    "/api/v1/profile",
    "profile.update",
    version="4.6.0",
    retry_safe=True,
)
DELETE_AVATAR = route("DELETE", "/api/v1/profile/avatar", "profile.delete_avatar", version="4.2.0")
DELETE_HEADER = route("DELETE", "/api/v1/profile/header", "profile.delete_header", version="4.2.0")


class Profile(Namespace):
    """``client.profile``: read and edit your own profile."""

    __slots__ = ()

    async def get(self) -> ProfileEntity:
        """``GET /api/v1/profile``: your profile, as you edit it (Mastodon 4.6+).

        Docs: https://docs.joinmastodon.org/methods/profile/#get
        """
        return await self._requester.call(ProfileEntity, GET)

    async def update(
        self,
        *,
        display_name: str | UnsetType = UNSET,
        note: str | UnsetType = UNSET,
        avatar: FileInput | UnsetType = UNSET,
        avatar_description: str | UnsetType = UNSET,
        header: FileInput | UnsetType = UNSET,
        header_description: str | UnsetType = UNSET,
        locked: bool | UnsetType = UNSET,
        bot: bool | UnsetType = UNSET,
        discoverable: bool | UnsetType = UNSET,
        hide_collections: bool | UnsetType = UNSET,
        indexable: bool | UnsetType = UNSET,
        show_media: bool | UnsetType = UNSET,
        show_media_replies: bool | UnsetType = UNSET,
        show_featured: bool | UnsetType = UNSET,
        attribution_domains: OneOrMany[str] | UnsetType = UNSET,
        fields_attributes: Sequence[tuple[str, str]] | UnsetType = UNSET,
    ) -> ProfileEntity:
        """``PATCH /api/v1/profile``: edit your profile (Mastodon 4.6+).

        Only the arguments given are changed. With ``avatar`` or ``header`` the body is
        sent as ``multipart/form-data``, otherwise url-encoded. A form cannot carry an
        empty array, so an empty ``attribution_domains`` or ``fields_attributes`` sends
        nothing. For older servers use ``client.accounts.update_credentials``.

        Args:
            display_name: The name shown on the profile.
            note: The bio (plain text; the server links mentions, hashtags and URLs).
            avatar: A new avatar image.
            avatar_description: Alt text of the avatar.
            header: A new header image.
            header_description: Alt text of the header.
            locked: Approve followers by hand.
            bot: Mark the account as automated.
            discoverable: Feature the account in the profile directory and suggestions.
            hide_collections: Hide whom you follow and who follows you.
            indexable: Let public posts be found by full-text search.
            show_media: Show the media tab on your profile.
            show_media_replies: Include replies in the media tab.
            show_featured: Show the featured tab on your profile.
            attribution_domains: Domains allowed to credit you as a link's author
                (at most 10; ``attribution_domains[]``).
            fields_attributes: The profile's metadata, as ``(name, value)`` pairs in
                order. Sent as ``fields_attributes[0][name]``,
                ``fields_attributes[0][value]``, ... The whole set is replaced.

        Docs: https://docs.joinmastodon.org/methods/profile/#update
        """
        form: dict[str, object] = {
            "display_name": display_name,
            "note": note,
            "avatar_description": avatar_description,
            "header_description": header_description,
            "locked": locked,
            "bot": bot,
            "discoverable": discoverable,
            "hide_collections": hide_collections,
            "indexable": indexable,
            "show_media": show_media,
            "show_media_replies": show_media_replies,
            "show_featured": show_featured,
            "attribution_domains": as_array(attribution_domains),
        }
        if not isinstance(fields_attributes, UnsetType):
            # A Rails hash indexed by position: fields_attributes[0][name]=...
            form["fields_attributes"] = {
                str(index): {"name": name, "value": value}
                for index, (name, value) in enumerate(fields_attributes)
            }
        return await self._requester.call(
            ProfileEntity, UPDATE, form=form, files={"avatar": avatar, "header": header}
        )

    async def delete_avatar(self) -> CredentialAccount:
        """``DELETE /api/v1/profile/avatar``: remove your avatar (back to the default).

        Mastodon 4.2+. Answers your account, as ``verify_credentials`` does.

        Docs: https://docs.joinmastodon.org/methods/profile/#delete-avatar
        """
        return await self._requester.call(CredentialAccount, DELETE_AVATAR)

    async def delete_header(self) -> CredentialAccount:
        """``DELETE /api/v1/profile/header``: remove your header image.

        Mastodon 4.2+. Answers your account, as ``verify_credentials`` does.

        Docs: https://docs.joinmastodon.org/methods/profile/#delete-header
        """
        return await self._requester.call(CredentialAccount, DELETE_HEADER)
