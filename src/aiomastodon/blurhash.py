"""Decode a BlurHash (``MediaAttachment.blurhash``) into pixels for a placeholder image.

A BlurHash is a few dozen characters that describe a blurred version of an image: a
handful of cosine components in a base-83 text. Mastodon sends one with every image and
video attachment (and with preview cards and the instance thumbnail), so an app can
paint a placeholder before the media loads. This is the reference algorithm
(https://github.com/woltapp/blurhash, ``Algorithm.md``), in plain Python::

    from aiomastodon import blurhash

    pixels = blurhash.decode(attachment.blurhash, 32, 32)      # RGB, 3 bytes a pixel
    png = blurhash.to_png(attachment.blurhash, 32, 32)         # or a ready PNG file
    r, g, b = blurhash.average_color(attachment.blurhash)      # or one flat colour

Decode small (32x32 is plenty; scale the result up): the cost grows with the pixels.
A malformed hash raises [`BlurhashError`][aiomastodon.errors.BlurhashError], a ``ValueError``.
"""

from __future__ import annotations

import math
import struct
import zlib
from typing import Literal

from .errors import BlurhashError

__all__ = ["BlurhashError", "average_color", "components", "decode", "to_png"]

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~"
_DIGITS = {char: value for value, char in enumerate(_ALPHABET)}
_MAX_AC = 19**3 - 1  # three base-19 quantised channels
_MAX_DC = 0xFFFFFF  # one 24-bit sRGB colour


def _number(blurhash: str, start: int, end: int) -> int:
    value = 0
    for position in range(start, end):
        digit = _DIGITS.get(blurhash[position])
        if digit is None:
            raise BlurhashError(
                f"invalid BlurHash: {blurhash[position]!r} at position {position} is not a"
                " base-83 digit"
            )
        value = value * 83 + digit
    return value


def components(blurhash: str) -> tuple[int, int]:
    """The number of components across and down, each 1 to 9 (e.g. ``(4, 3)``).

    Raises:
        BlurhashError: ``blurhash`` is malformed (only its size is checked here).
    """
    if not isinstance(blurhash, str):
        raise BlurhashError(f"invalid BlurHash: expected a str, got {type(blurhash).__name__}")
    if len(blurhash) < 6:
        raise BlurhashError(
            f"invalid BlurHash: {len(blurhash)} characters, a BlurHash has at least 6"
        )
    size = _number(blurhash, 0, 1)
    across, down = size % 9 + 1, size // 9 + 1
    expected = 4 + 2 * across * down
    if len(blurhash) != expected:
        raise BlurhashError(
            f"invalid BlurHash: {len(blurhash)} characters, but its first character says"
            f" {across}x{down} components, which take {expected}"
        )
    return across, down


def average_color(blurhash: str) -> tuple[int, int, int]:
    """The image's average colour, ``(r, g, b)`` in sRGB 0-255: a one-colour placeholder.

    Raises:
        BlurhashError: ``blurhash`` is malformed.
    """
    components(blurhash)
    value = _dc_value(blurhash)
    return value >> 16, (value >> 8) & 255, value & 255


def _dc_value(blurhash: str) -> int:
    value = _number(blurhash, 2, 6)
    if value > _MAX_DC:
        raise BlurhashError(f"invalid BlurHash: average colour {value} is over 0xFFFFFF")
    return value


def _to_linear(channel: int) -> float:
    v = channel / 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _to_srgb(value: float) -> int:
    v = 0.0 if value < 0 else 1.0 if value > 1 else value
    if v <= 0.0031308:
        return int(v * 12.92 * 255 + 0.5)
    return int((1.055 * v ** (1 / 2.4) - 0.055) * 255 + 0.5)


def _colours(blurhash: str, punch: float) -> tuple[int, int, list[tuple[float, float, float]]]:
    across, down = components(blurhash)
    dc = _dc_value(blurhash)
    colours = [(_to_linear(dc >> 16), _to_linear((dc >> 8) & 255), _to_linear(dc & 255))]
    scale = (_number(blurhash, 1, 2) + 1) / 166 * punch
    for index in range(1, across * down):
        value = _number(blurhash, 4 + 2 * index, 6 + 2 * index)
        if value > _MAX_AC:
            raise BlurhashError(
                f"invalid BlurHash: component {index} is {value}, over the largest, {_MAX_AC}"
            )
        quantised = (value // 361, value // 19 % 19, value % 19)
        r, g, b = (math.copysign(((q - 9) / 9) ** 2, q - 9) * scale for q in quantised)
        colours.append((r, g, b))
    return across, down, colours


def decode(
    blurhash: str,
    width: int,
    height: int,
    *,
    punch: float = 1.0,
    mode: Literal["RGB", "RGBA"] = "RGB",
) -> bytes:
    """Decode a BlurHash into ``width`` x ``height`` pixels.

    Args:
        blurhash: The hash, e.g. ``MediaAttachment.blurhash``.
        width: Width in pixels (at least 1). Small is enough: 32 is a good choice.
        height: Height in pixels (at least 1). Keep the media's aspect ratio
            (``MediaAttachment.meta``) for a placeholder that does not jump.
        punch: Contrast: above 1 makes the colours stronger, below 1 flatter; 0 gives
            the average colour everywhere.
        mode: ``"RGB"`` (3 bytes a pixel) or ``"RGBA"`` (4, alpha always 255), e.g. for
            ``PIL.Image.frombytes(mode, (width, height), pixels)``.

    Returns:
        The pixels, rows top to bottom, each left to right, one byte a channel.

    Raises:
        BlurhashError: ``blurhash`` is malformed.
        ValueError: ``width``, ``height``, ``punch`` or ``mode`` is out of range.
    """
    if not isinstance(width, int) or not isinstance(height, int) or width < 1 or height < 1:
        raise ValueError(f"width and height must be positive integers, not {width!r}x{height!r}")
    if not math.isfinite(punch) or punch < 0:
        raise ValueError(f"punch must be a finite number >= 0, not {punch!r}")
    if mode not in ("RGB", "RGBA"):
        raise ValueError(f'mode must be "RGB" or "RGBA", not {mode!r}')
    across, down, colours = _colours(blurhash, punch)
    # cos(pi * x * i / width) and cos(pi * y * j / height), computed once each.
    cos_x = [[math.cos(math.pi * x * i / width) for i in range(across)] for x in range(width)]
    cos_y = [[math.cos(math.pi * y * j / height) for j in range(down)] for y in range(height)]
    alpha = b"\xff" if mode == "RGBA" else b""
    out = bytearray()
    for y in range(height):
        # Fold the rows of components into one coefficient per column component, so
        # that each pixel costs `across` terms instead of `across * down`.
        row = []
        for i in range(across):
            r = g = b = 0.0
            for j in range(down):
                cr, cg, cb = colours[i + j * across]
                weight = cos_y[y][j]
                r += cr * weight
                g += cg * weight
                b += cb * weight
            row.append((r, g, b))
        for x in range(width):
            r = g = b = 0.0
            for (cr, cg, cb), weight in zip(row, cos_x[x], strict=True):
                r += cr * weight
                g += cg * weight
                b += cb * weight
            out += bytes((_to_srgb(r), _to_srgb(g), _to_srgb(b)))
            out += alpha
    return bytes(out)


def to_png(blurhash: str, width: int, height: int, *, punch: float = 1.0) -> bytes:
    """Decode a BlurHash into a PNG file (8-bit RGB, no dependencies): serve it, or put it in
    a ``data:image/png;base64,...`` URL.

    Raises:
        BlurhashError: ``blurhash`` is malformed.
        ValueError: ``width``, ``height`` or ``punch`` is out of range.
    """
    pixels = decode(blurhash, width, height, punch=punch)
    stride = width * 3
    # Each scanline starts with its filter type, 0 (none).
    raw = b"".join(b"\x00" + pixels[y * stride : (y + 1) * stride] for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit truecolour
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
