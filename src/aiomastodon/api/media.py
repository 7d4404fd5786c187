"""Media: upload images, video and audio to attach to statuses.

Docs: https://docs.joinmastodon.org/methods/media/

Large files are processed after the upload answers:
[`Media.upload`][aiomastodon.api.media.Media.upload] waits for that by default, so the attachment it
returns can be posted at once.
"""

from __future__ import annotations

import warnings

from .._sansio.request import UNSET, FileInput, UnsetType
from .._sansio.response import decode_body
from .._sansio.routes import route
from ..entities import MediaAttachment
from ..errors import MastodonError
from ..media_download import DEFAULT_MAX_SIZE, Destination, Downloader, DownloadResult, MediaSource
from ..media_download import media_scheduler as _media_scheduler
from ..scheduler.poll import poll
from ._base import Namespace

__all__ = ["Focus", "Media"]

# An upload sent twice leaves an unattached duplicate, which the server deletes: retry-safe.
UPLOAD = route(
    "POST", "/api/v2/media", "media.upload", bucket="media", version="3.1.3", retry_safe=True
)
UPLOAD_V1 = route(
    "POST",
    "/api/v1/media",
    "media.upload_v1",
    bucket="media",
    retry_safe=True,
    deprecated="deprecated since Mastodon 3.1.3; use media.upload (POST /api/v2/media)",
)
GET = route("GET", "/api/v1/media/:id", "media.get", version="3.1.3")
UPDATE = route("PUT", "/api/v1/media/:id", "media.update")
DELETE = route("DELETE", "/api/v1/media/:id", "media.delete", version="4.4.0")

Focus = tuple[float, float]
"""A focal point ``(x, y)``, each from -1.0 to 1.0; ``(0, 0)`` is the centre."""


def _focus(focus: Focus | UnsetType) -> str | UnsetType:
    """``(x, y)`` as the ``"x,y"`` the API takes."""
    if isinstance(focus, UnsetType):
        return focus
    x, y = focus
    if not (-1.0 <= x <= 1.0 and -1.0 <= y <= 1.0):
        raise ValueError(f"focus coordinates must lie in [-1.0, 1.0], got ({x}, {y})")
    return f"{float(x):g},{float(y):g}"


class Media(Namespace):
    """``client.media``: upload media and edit its description and focal point; download
    media files."""

    __slots__ = ("_downloader",)

    async def upload(
        self,
        file: FileInput,
        *,
        thumbnail: FileInput | UnsetType = UNSET,
        description: str | UnsetType = UNSET,
        focus: Focus | UnsetType = UNSET,
        wait: bool = True,
        max_wait: float = 60.0,
    ) -> MediaAttachment:
        """``POST /api/v2/media``: upload a file to attach to a status.

        Small images are ready at once. Larger files (video, audio, big images) are
        processed after the upload: the server answers 202 with ``url`` still
        ``None``. With ``wait`` (the default) this method then polls
        [`get`][aiomastodon.api.media.Media.get], sleeping 0.5 s, 1 s, 2 s, 4 s and then 5 s between
        polls, until the file is ready. Spends the media-upload rate limit (30 per 30 minutes).

        Args:
            file: The file: a path, bytes, a binary file object, or a
                ``File`` naming its type.
            thumbnail: A custom preview image, for video and audio.
            description: Alt text for people who cannot see the media
                (1500 characters at most on stock Mastodon).
            focus: The focal point ``(x, y)`` for cropping previews, each from -1.0 to
                1.0; sent as ``"x,y"``.
            wait: Wait until the server has processed the file. Without it, a large
                file comes back unprocessed (``url`` is ``None``) and cannot be posted
                yet.
            max_wait: The most seconds to spend sleeping between polls.

        Raises:
            MastodonError: The file was still processing after ``max_wait`` seconds.
                Its id is in the message; poll [`get`][aiomastodon.api.media.Media.get] later to
                pick it up.

        Docs: https://docs.joinmastodon.org/methods/media/#v2
        """
        form = {"description": description, "focus": _focus(focus)}
        files = {"file": file, "thumbnail": thumbnail}
        response = await self._requester.send(UPLOAD, form=form, files=files)
        media = decode_body(response, MediaAttachment)
        if response.status == 202 and wait:
            return await self._wait_until_processed(media.id, max_wait)
        return media

    async def _wait_until_processed(self, media_id: str, max_wait: float) -> MediaAttachment:
        """Poll ``GET /api/v1/media/:id`` until it stops answering 206 (still processing)."""

        async def processed() -> MediaAttachment | None:
            response = await self._requester.send(GET, media_id)
            return None if response.status == 206 else decode_body(response, MediaAttachment)

        media = await poll(processed, sleep=self._requester.sleep, max_wait=max_wait)
        if media is None:
            raise MastodonError(
                f"media {media_id} still processing after {max_wait:g} s",
                method=GET.method,
                path=GET.expand(media_id),
            )
        return media

    async def upload_v1(
        self,
        file: FileInput,
        *,
        thumbnail: FileInput | UnsetType = UNSET,
        description: str | UnsetType = UNSET,
        focus: Focus | UnsetType = UNSET,
    ) -> MediaAttachment:
        """``POST /api/v1/media``: upload a file, processing it before answering (deprecated).

        Deprecated since Mastodon 3.1.3 in favour of [`upload`][aiomastodon.api.media.Media.upload],
        which does not hold the connection open while a large file is processed. Spends the
        media-upload rate limit.

        Args:
            file: The file: a path, bytes, a binary file object, or a
                ``File``.
            thumbnail: A custom preview image, for video and audio.
            description: Alt text.
            focus: The focal point ``(x, y)``, each from -1.0 to 1.0.

        Docs: https://docs.joinmastodon.org/methods/media/#v1
        """
        warnings.warn(
            "POST /api/v1/media is deprecated since Mastodon 3.1.3; use client.media.upload()",
            DeprecationWarning,
            stacklevel=2,
        )
        form = {"description": description, "focus": _focus(focus)}
        files = {"file": file, "thumbnail": thumbnail}
        return await self._requester.call(MediaAttachment, UPLOAD_V1, form=form, files=files)

    async def get(self, media_id: str, /) -> MediaAttachment:
        """``GET /api/v1/media/:id``: one of your uploads, to see if it is processed.

        The server answers 206 while the file is processing (``url`` is then
        ``None``) and 200 once it is ready; both decode to the attachment.

        Docs: https://docs.joinmastodon.org/methods/media/#get
        """
        return await self._requester.call(MediaAttachment, GET, media_id)

    async def update(
        self,
        media_id: str,
        /,
        *,
        description: str | UnsetType = UNSET,
        focus: Focus | UnsetType = UNSET,
        thumbnail: FileInput | UnsetType = UNSET,
    ) -> MediaAttachment:
        """``PUT /api/v1/media/:id``: change an upload's alt text, focal point or thumbnail.

        Works until the media is attached to a status (edit the status after that).
        With ``thumbnail`` the body is ``multipart/form-data``.

        Args:
            description: Alt text.
            focus: The focal point ``(x, y)``, each from -1.0 to 1.0.
            thumbnail: A custom preview image, for video and audio.

        Docs: https://docs.joinmastodon.org/methods/media/#update
        """
        form = {"description": description, "focus": _focus(focus)}
        return await self._requester.call(
            MediaAttachment, UPDATE, media_id, form=form, files={"thumbnail": thumbnail}
        )

    async def delete(self, media_id: str, /) -> None:
        """``DELETE /api/v1/media/:id``: delete an upload not attached to a status (4.4+).

        Attached media goes with its status. Unattached uploads are also deleted by
        the server after a while.

        Docs: https://docs.joinmastodon.org/methods/media/#delete
        """
        await self._requester.send(DELETE, media_id)

    async def download(
        self,
        media: MediaSource,
        destination: Destination,
        *,
        max_size: int | None = DEFAULT_MAX_SIZE,
        sha256: str | None = None,
        fsync: bool = False,
        token: bool = False,
    ) -> DownloadResult:
        """Download a media file (no endpoint: ``GET`` of the media URL itself).

        Streams the file to ``destination`` chunk by chunk (never whole in memory),
        sending **no** ``Authorization`` header anywhere: media files are public. Follows
        redirects to other http(s) origins (a CDN), at most five in a row. A body that
        breaks off is resumed with ``Range`` where the server allows it, and retried
        after 502/503/504 and lost connections, with backoff on the client's clock, by a
        scheduler of the downloads' own: media spends none of the account's rate-limit
        budget, and each media host gets at most 4 connections from this client at once.

        Args:
            media: A [`MediaAttachment`][aiomastodon.entities.MediaAttachment] (its
                ``url``, else its ``remote_url``), or any media URL of an entity:
                ``account.avatar``, ``account.header``, ``emoji.url``, ``card.image``.
            destination: A path, written under a temporary name in its directory and
                renamed into place once complete (a crash leaves no truncated file under
                the name); or a binary file object, written from its position (rewound
                there if the download must start over; left with what arrived if it
                fails).
            max_size: The most bytes to take (256 MiB by default; ``None``: no bound).
            sha256: The SHA-256 (hex) the file must have, when it is known (a file
                downloaded before).
            fsync: Sync the file (and, for a path, its directory after the rename) to
                disk before returning.
            token: Send the access token with the first request, if it goes to the
                instance's own origin (never to another origin, never along a
                redirect), for a server that serves media only to logged-in accounts.

        Returns:
            What was written: size, content type, SHA-256, the final URL, the path.

        Raises:
            MediaUnavailable: The media host answered an error (404, 410, ...; or 5xx
                after the retries).
            MediaTooLarge: The file is larger than ``max_size``.
            MediaCorrupt: Fewer bytes than announced after every retry, more than
                announced, or another SHA-256 than ``sha256``.
            MediaRefused: No usable URL, or a redirect a download does not follow (to
                ``file:`` or ``data:``, past the fifth in a row).
            MediaError: No answer after the retries (the base class of all these).

        Docs: https://docs.joinmastodon.org/methods/media/ (the files are plain HTTP)
        """
        return await self._downloads().download(
            media, destination, max_size=max_size, sha256=sha256, fsync=fsync, token=token
        )

    def _downloads(self) -> Downloader:
        """The client's downloader (made on first use): its scheduler has the client's
        clock and backoff, none of its budgets."""
        try:
            return self._downloader
        except AttributeError:
            requester = self._requester
            self._downloader: Downloader = Downloader(
                requester.transport,
                requester.identity,
                scheduler=_media_scheduler(requester.scheduler),
            )
            return self._downloader
