"""aiomastodon.blurhash: decoding matches the reference, and bad hashes fail cleanly."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

import blurhash as reference  # the PyPI package (Lorenz Diener's pure-Python port)
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aiomastodon.blurhash import BlurhashError, average_color, components, decode, to_png
from aiomastodon.errors import MastodonError

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "mastodon-api" / "examples"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~"

# The hashes the reference implementation publishes (woltapp/blurhash: its README and
# demos, the C decoder's README, and Algorithm.md's worked example).
REFERENCE_HASHES = [
    "LEHV6nWB2yk8pyo0adR*.7kCMdnj",
    "LaJHjmVu8_~po#smR+a~xaoLWCRj",
    "LlMF%n00%#MwS|WCWEM{R*bbWBbH",
]


def _example_hashes() -> list[str]:
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "blurhash" and isinstance(item, str):
                    found.add(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in sorted(EXAMPLES.glob("**/*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return sorted(found)


MASTODON_HASHES = _example_hashes()


def _reference_pixels(blurhash: str, width: int, height: int, punch: float) -> bytes:
    rows = reference.decode(blurhash, width, height, punch=punch)
    return bytes(int(channel) for row in rows for pixel in row for channel in pixel[:3])


def test_the_docs_examples_have_hashes() -> None:
    assert len(MASTODON_HASHES) >= 8


@pytest.mark.parametrize("blurhash", REFERENCE_HASHES + MASTODON_HASHES)
@pytest.mark.parametrize(
    ("width", "height", "punch"),
    [(32, 32, 1.0), (20, 12, 1.0), (7, 13, 1.7), (1, 1, 1.0), (16, 9, 0.5)],
)
def test_pixels_match_the_reference_implementation(
    blurhash: str, width: int, height: int, punch: float
) -> None:
    ours = decode(blurhash, width, height, punch=punch)
    theirs = _reference_pixels(blurhash, width, height, punch)
    assert len(ours) == width * height * 3
    assert max(abs(a - b) for a, b in zip(ours, theirs, strict=True)) <= 1


def test_known_pixels() -> None:
    # The reference example, 2x2: top-left and bottom-right, as the reference decodes them.
    pixels = decode("LEHV6nWB2yk8pyo0adR*.7kCMdnj", 2, 2)
    assert pixels == _reference_pixels("LEHV6nWB2yk8pyo0adR*.7kCMdnj", 2, 2, 1.0)
    assert len({pixels[i : i + 3] for i in range(0, 12, 3)}) > 1  # not one flat colour


def test_rgba_adds_an_opaque_alpha() -> None:
    rgb = decode(REFERENCE_HASHES[0], 5, 4)
    rgba = decode(REFERENCE_HASHES[0], 5, 4, mode="RGBA")
    assert len(rgba) == 5 * 4 * 4
    assert rgba[3::4] == b"\xff" * 20
    assert bytes(b for i, b in enumerate(rgba) if i % 4 != 3) == rgb


def test_punch_zero_is_the_average_colour_everywhere() -> None:
    flat = decode(REFERENCE_HASHES[0], 4, 4, punch=0)
    assert flat == bytes(average_color(REFERENCE_HASHES[0])) * 16


def test_average_colour_and_components() -> None:
    # "L": (4 - 1) + (3 - 1) * 9 = 21; DC "EHV6" is 0x979795.
    assert components("LEHV6nWB2yk8pyo0adR*.7kCMdnj") == (4, 3)
    assert average_color("LEHV6nWB2yk8pyo0adR*.7kCMdnj") == (0x97, 0x96, 0x95)
    assert components("U58E0g8_0M.94T?bIr00?bD%NGoM?bD%oLt7") == (4, 4)


def test_png_is_a_valid_rgb_image_of_the_pixels() -> None:
    png = to_png(REFERENCE_HASHES[1], 6, 3)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    chunks = {}
    offset = 8
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind = png[offset + 4 : offset + 8]
        data = png[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", png[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(kind + data)
        chunks[kind] = data
        offset += 12 + length
    assert struct.unpack(">IIBBBBB", chunks[b"IHDR"]) == (6, 3, 8, 2, 0, 0, 0)
    raw = zlib.decompress(chunks[b"IDAT"])
    rows = [raw[y * 19 : (y + 1) * 19] for y in range(3)]
    assert all(row[0] == 0 for row in rows)
    assert b"".join(row[1:] for row in rows) == decode(REFERENCE_HASHES[1], 6, 3)
    assert chunks[b"IEND"] == b""


@pytest.mark.parametrize(
    ("blurhash", "message"),
    [
        ("", "at least 6"),
        ("LEHV6", "at least 6"),
        ("LEHV6nWB2yk8pyo0adR*.7kCMdn", "28"),  # one short
        ("LEHV6nWB2yk8pyo0adR*.7kCMdnjj", "4x3"),
        ("LEHV6nWB2yk8pyo0adR*.7kCMd\u00e9j", "base-83"),
        ("LEHV6nWB2yk8pyo0adR*.7kCMd j", "base-83"),
        ("L~~~~~WB2yk8pyo0adR*.7kCMdnj", "0xFFFFFF"),  # average colour over 24 bits
        ("LEHV6n~~2yk8pyo0adR*.7kCMdnj", "over the largest"),  # AC over 19^3 - 1
        ("\u00e9EHV6nWB2yk8pyo0adR*.7kCMdnj", "base-83"),
    ],
)
def test_malformed_hashes_raise_blurhash_error(blurhash: str, message: str) -> None:
    with pytest.raises(BlurhashError, match=message):
        decode(blurhash, 4, 4)


def test_blurhash_error_is_a_value_error_and_ours() -> None:
    with pytest.raises(ValueError, match="BlurHash") as raised:
        average_color("nope")
    assert isinstance(raised.value, MastodonError)


def test_a_non_string_is_a_blurhash_error() -> None:
    with pytest.raises(BlurhashError, match="expected a str"):
        components(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("width", "height", "punch", "mode"),
    [(0, 4, 1.0, "RGB"), (4, -1, 1.0, "RGB"), (4, 4, float("nan"), "RGB"),
     (4, 4, -1.0, "RGB"), (4, 4, 1.0, "CMYK"), (2.5, 4, 1.0, "RGB")],
)  # fmt: skip
def test_bad_arguments_raise_value_error(width: int, height: int, punch: float, mode: str) -> None:
    with pytest.raises(ValueError, match="must be") as raised:
        decode(REFERENCE_HASHES[0], width, height, punch=punch, mode=mode)  # type: ignore[arg-type]
    assert not isinstance(raised.value, BlurhashError)


@given(st.text(max_size=90))
def test_any_text_decodes_or_raises_blurhash_error(blurhash: str) -> None:
    try:
        pixels = decode(blurhash, 3, 2)
    except BlurhashError:
        return
    assert len(pixels) == 18


@given(st.integers(0, 80), st.data())
def test_any_well_formed_hash_decodes(size: int, data: st.DataObject) -> None:
    across, down = size % 9 + 1, size // 9 + 1
    body = data.draw(
        st.text(ALPHABET, min_size=2 + 2 * across * down, max_size=2 + 2 * across * down)
    )
    blurhash = ALPHABET[size] + body[0] + "0" + body[1 : 2 * across * down + 2]
    acs = [
        ALPHABET.index(blurhash[k]) * 83 + ALPHABET.index(blurhash[k + 1])
        for k in range(6, len(blurhash), 2)
    ]
    if max(acs, default=0) > 19**3 - 1:  # a component out of range is the one failure
        with pytest.raises(BlurhashError, match="over the largest"):
            decode(blurhash, 4, 3)
    else:
        assert len(decode(blurhash, 4, 3)) == 36
