"""``StreamPosition``: how far a stream has handed events out, as plain data.

Pure code: no I/O. A position names its stream and, for each kind of event a REST
timeline can give back, the id of the last one handed to the caller::

    {"stream": ["user"], "statuses": "110000000000000042", "notifications": "977"}

``statuses`` is the last status of the stream's timeline (``update`` events: home for
``user``, the public, hashtag or list timeline for the others); ``notifications`` the last
notification (``user`` and ``user:notification``). ``null`` (or absent) means "none yet":
a stream resumed from it starts counting when it connects. Fields this version does not
know are ignored, so that a later version's positions still load.
"""

from __future__ import annotations

import msgspec

from ..errors import DecodeError

__all__ = ["StreamPosition"]

_MAX_ID = 128  # Mastodon's ids are ~18 digits, snac's 42 hex characters: far below
_MAX_PART = 256  # a stream name, a hashtag or a list id


def _bad_id(value: str | None) -> bool:
    return value is not None and (
        not value or len(value) > _MAX_ID or not value.isprintable() or value != value.strip()
    )


class StreamPosition(msgspec.Struct, frozen=True, kw_only=True):
    """The point up to which a stream handed events to the caller (``stream.position``).

    Save it (``to_json()``) after handling each event; give it back
    (``StreamPosition.from_json(text)``) as ``resume=`` to the same stream method after a
    restart, and the stream first hands out, over REST, every status and notification
    after it, then goes live, with no gap and no duplicate.

    Attributes:
        stream: The stream, as Mastodon names it: ``("user",)``, ``("hashtag", "python")``.
        statuses: The id of the last status handed out (``None``: none yet).
        notifications: The id of the last notification handed out (``None``: none yet).
    """

    stream: tuple[str, ...]
    statuses: str | None = None
    notifications: str | None = None

    def to_json(self) -> str:
        """The position as JSON text (one line)."""
        return _encoder.encode(self).decode("utf-8")

    @classmethod
    def from_json(cls, text: str | bytes) -> StreamPosition:
        """A position from ``to_json()``'s text.

        Raises:
            DecodeError: ``text`` is not a stream position.
        """
        try:
            position = _decoder.decode(text)
        except (msgspec.DecodeError, UnicodeError, RecursionError) as exc:
            raise _error(f"not a stream position ({exc})", text) from None
        stream = position.stream
        if (
            not stream
            or len(stream) > 3
            or any(not part or len(part) > _MAX_PART or not part.isprintable() for part in stream)
        ):
            raise _error("not a stream position (a bad stream name)", text)
        if _bad_id(position.statuses) or _bad_id(position.notifications):
            raise _error("not a stream position (a bad id)", text)
        return position


def _error(message: str, text: str | bytes) -> DecodeError:
    excerpt = text[:200] if isinstance(text, str) else text[:200].decode("utf-8", "replace")
    return DecodeError(message, excerpt=excerpt)


_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(StreamPosition)
