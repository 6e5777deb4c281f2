"""Pictures the image tests make themselves: corpus screenshots, QR codes and bad files."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

from PIL import Image

from saqbol.corpus import Example, read_jsonl, split_of
from saqbol.images.render import qr_image, to_bytes

ROOT = Path(__file__).resolve().parents[2]
KK_LETTERS = set("әғқңөұүһі")


def test_split(lang: str, n: int, seed: int = 3) -> list[Example]:
    """`n` messages of the TEST split in `lang` (Kazakh ones with Kazakh letters), both labels."""
    pool = []
    for path in sorted((ROOT / "data" / "corpus" / "parts").glob("*.jsonl")):
        pool += [e for e in read_jsonl(path) if e.lang == lang and split_of(e) == "test"]
    pool = [e for e in pool if 40 <= len(e.text) <= 400]
    if lang == "kk":
        pool = [e for e in pool if KK_LETTERS & set(e.text.lower())]
    random.Random(seed).shuffle(pool)
    scams = [e for e in pool if e.is_scam][: (n + 1) // 2]
    legit = [e for e in pool if not e.is_scam][: n // 2]
    return scams + legit


test_split.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


def qr_png(payload: str, **kw: object) -> bytes:
    return to_bytes(qr_image(payload, **kw))  # type: ignore[arg-type]


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_header_only(width: int, height: int) -> bytes:
    """A valid PNG header claiming `width`×`height` pixels, with one tiny IDAT."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + _chunk(b"IEND", b"")
    )


def png_bomb(side: int = 20_000) -> bytes:
    """A real decompression bomb: a 1-bit `side`×`side` PNG of zeros, a few dozen KB packed."""
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    row = b"\x00" * (1 + (side + 7) // 8)
    comp = zlib.compressobj(9)
    packed = b"".join(comp.compress(row) for _ in range(side)) + comp.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", packed)
        + _chunk(b"IEND", b"")
    )


def truncated_png() -> bytes:
    img = Image.effect_noise((400, 300), 60).convert("RGB")
    data = to_bytes(img)
    return data[: len(data) // 2]


def zip_as_png() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("classes.dex", b"dex\n035\x00" + bytes(2000))
    return buf.getvalue()
