"""Open untrusted image bytes safely: size, pixel and format limits, no EXIF kept.

Every failure is an `ImageError` with a code and a sentence; the checks run before any pixel is
decoded, so a decompression bomb or a 50-megapixel picture costs only its header.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps

MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 25_000_000  # a long scrolling screenshot (1080 × 23000) still fits
MAX_SIDE = 30_000
_MP = MAX_PIXELS // 1_000_000
FORMATS = ("PNG", "JPEG", "WEBP")

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
)
_OTHER = (
    (b"PK\x03\x04", "a ZIP archive (or an APK/DOCX)"),
    (b"%PDF", "a PDF document"),
    (b"GIF8", "a GIF image"),
    (b"BM", "a BMP image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a Linux program"),
)


class ImageError(ValueError):
    """The bytes cannot be checked as an image; `code` is stable, the message says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def sniff(data: bytes) -> str:
    """The format from the first bytes: PNG, JPEG or WEBP, or an ImageError saying what it is."""
    for magic, fmt in _MAGIC:
        if data.startswith(magic):
            return fmt
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    for magic, what in _OTHER:
        if data.startswith(magic):
            raise ImageError("unsupported_format", f"this is {what}, not a PNG, JPEG or WebP image")
    raise ImageError("not_an_image", "this is not a PNG, JPEG or WebP image")


def open_image(data: bytes) -> Image.Image:
    """Decode `data` into an RGB image without metadata (EXIF orientation applied, then dropped)."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ImageError("not_an_image", f"expected image bytes, got {type(data).__name__}")
    data = bytes(data)
    if not data:
        raise ImageError("empty", "the file is empty")
    if len(data) > MAX_BYTES:
        raise ImageError("too_large", f"the file is over {MAX_BYTES // (1024 * 1024)} MB")
    fmt = sniff(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im: Image.Image = Image.open(io.BytesIO(data), formats=[fmt])
            w, h = im.size
            if w <= 0 or h <= 0 or w > MAX_SIDE or h > MAX_SIDE or w * h > MAX_PIXELS:
                raise ImageError(
                    "too_many_pixels",
                    f"the image is {w}×{h} pixels; the limit is {_MP} megapixels",
                )
            im.seek(0)  # animated PNG/WebP: the first frame
            im.load()
            im = ImageOps.exif_transpose(im) or im
            rgb = _flatten(im)
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError(
            "too_many_pixels",
            f"the image unpacks to too many pixels; the limit is {_MP} megapixels",
        ) from exc
    except (OSError, ValueError, SyntaxError, EOFError, IndexError, MemoryError) as exc:
        raise ImageError("broken_image", f"the {fmt} file is damaged or incomplete") from exc
    return rgb


def _flatten(im: Image.Image) -> Image.Image:
    """RGB pixels only: transparency onto white, and a fresh image (no EXIF, ICC, text chunks)."""
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        out = Image.new("RGB", rgba.size, "white")
        out.paste(rgba, mask=rgba.getchannel("A"))
        return out
    return Image.frombytes("RGB", im.size, im.convert("RGB").tobytes())
