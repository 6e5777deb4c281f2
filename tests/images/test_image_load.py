"""Bad files get a clear ImageError, fast and without decoding pixels they do not need."""

from __future__ import annotations

import time

import pytest
from image_samples import png_bomb, png_header_only, truncated_png, zip_as_png
from PIL import Image

from saqbol.images import ImageError, analyze_image
from saqbol.images.load import MAX_BYTES, open_image
from saqbol.images.render import to_bytes

BAD = [
    ("truncated_png", truncated_png, "broken_image", "damaged or incomplete"),
    ("50_megapixels", lambda: png_header_only(10_000, 5_000), "too_many_pixels", "megapixels"),
    ("image_bomb", png_bomb, "too_many_pixels", "megapixels"),
    ("zip_renamed_png", zip_as_png, "unsupported_format", "ZIP archive"),
    ("pdf", lambda: b"%PDF-1.7\n" + bytes(100), "unsupported_format", "PDF"),
    ("gif", lambda: to_bytes(Image.new("RGB", (10, 10)), "GIF"), "unsupported_format", "GIF"),
    ("empty", lambda: b"", "empty", "empty"),
    ("text", lambda: "Сәлем, бұл сурет емес".encode(), "not_an_image", "not a PNG"),
    ("over_15_mb", lambda: b"\x89PNG\r\n\x1a\n" + bytes(MAX_BYTES), "too_large", "15 MB"),
    ("png_magic_only", lambda: b"\x89PNG\r\n\x1a\n", "broken_image", "damaged"),
    ("huge_side", lambda: png_header_only(40_000, 10), "too_many_pixels", "pixels"),
    ("zero_side", lambda: png_header_only(0, 10), "broken_image", "damaged"),
    (
        "jpeg_cut",
        lambda: to_bytes(Image.new("RGB", (300, 300), "red"), "JPEG")[:200],
        "broken_image",
        "damaged",
    ),
]


@pytest.mark.parametrize(("make", "code", "words"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_files_are_clear_errors_fast(make, code: str, words: str) -> None:
    data = make()
    start = time.perf_counter()
    with pytest.raises(ImageError) as info:
        analyze_image(data)
    assert time.perf_counter() - start < 2.0
    assert info.value.code == code
    assert words in info.value.message


def test_not_bytes_is_an_image_error() -> None:
    with pytest.raises(ImageError):
        analyze_image("not bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_whitelisted_formats_open(fmt: str) -> None:
    img = open_image(to_bytes(Image.new("RGB", (64, 48), "#abcdef"), fmt))
    assert img.size == (64, 48) and img.mode == "RGB"


def test_exif_orientation_applied_and_metadata_dropped() -> None:
    src = Image.new("RGB", (80, 40), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° when shown
    exif[0x010F] = "PhoneMaker"  # camera make: personal metadata
    data = to_bytes(src, "JPEG", exif=exif.tobytes())
    img = open_image(data)
    assert img.size == (40, 80)
    assert not img.info.get("exif") and not img.getexif()


def test_transparency_goes_onto_white() -> None:
    img = open_image(to_bytes(Image.new("RGBA", (8, 8), (0, 0, 0, 0))))
    assert img.getpixel((0, 0)) == (255, 255, 255)
