"""Read the text of a screenshot with Tesseract, keeping every word's place on the image.

Preprocessing for phone screenshots: grayscale, dark mode inverted, small text scaled up (the
text height is estimated from the rows that hold letters), a global Otsu threshold; then one
Tesseract pass with `kaz+rus+eng`. The image goes to Tesseract through a pipe, never a file.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import yaml
from PIL import Image, ImageOps

from saqbol.images.load import ImageError
from saqbol.images.models import Box, Word

LANGS = "eng+rus+kaz"  # English first: Latin brand names (Halyk Bank) inside Cyrillic text
PSM = 3  # automatic page layout: chat bubbles, letters and photos alike (no orientation pass)
TIMEOUT_S = 20.0
TARGET_TEXT_PX = 34  # height of a text line Tesseract reads best at (letters ~ 20-30 px)
MAX_OCR_PIXELS = 9_000_000
DARK_MEAN = 110  # mean gray below this: a dark theme (light text on dark)
JUNK_CONF = 45.0


@dataclass(frozen=True)
class OcrResult:
    text: str
    words: list[Word]
    scale: float


def tesseract_cmd() -> str:
    import pytesseract

    cmd = str(pytesseract.pytesseract.tesseract_cmd)
    if shutil.which(cmd) is None:
        raise ImageError(
            "ocr_unavailable", "Tesseract is not installed (apt-get install tesseract-ocr-kaz)"
        )
    return cmd


def text_height(gray: np.ndarray) -> float | None:
    """Median height of the bands of rows that hold letters (many sharp horizontal edges)."""
    g = gray.astype(np.int16)
    edges = np.abs(np.diff(g, axis=1)) > 48
    min_edges = max(4, gray.shape[1] // 200)
    rows = edges.sum(axis=1) >= min_edges
    padded = np.concatenate(([False], rows, [False]))
    change = np.flatnonzero(padded[1:] != padded[:-1])
    runs = change[1::2] - change[::2]
    runs = runs[runs >= 4]
    return float(np.median(runs)) if runs.size else None


def otsu(gray: np.ndarray) -> int:
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    levels = np.arange(256)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    w1 = total - w0
    mt = m0[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mt * w0 / total - m0) ** 2 / (w0 * w1)
    if not np.isfinite(between).any():
        return 127  # one flat colour: nothing to separate
    return int(np.nanargmax(np.where(np.isfinite(between), between, -1.0)))


def preprocess(img: Image.Image) -> tuple[Image.Image, float]:
    """The picture Tesseract sees, and its scale relative to the original."""
    gray = ImageOps.grayscale(img)
    arr = np.asarray(gray)
    if arr.mean() < DARK_MEAN:
        gray = ImageOps.invert(gray)
        arr = 255 - arr
    height = text_height(arr)
    scale = 1.0
    if height is not None:
        scale = TARGET_TEXT_PX / height
        scale = 1.0 if 0.6 <= scale <= 1.25 else min(max(scale, 0.5), 3.0)
    pixels = img.width * img.height * scale * scale
    if pixels > MAX_OCR_PIXELS:
        scale *= (MAX_OCR_PIXELS / pixels) ** 0.5
    if abs(scale - 1.0) > 0.01:
        size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
        gray = gray.resize(size, Image.Resampling.LANCZOS)
        arr = np.asarray(gray)
    cut = otsu(arr)
    binary = Image.fromarray(np.where(arr > cut, 255, 0).astype(np.uint8))
    return binary, scale


def run_tesseract(img: Image.Image, langs: str = LANGS, psm: int = PSM) -> str:
    """TSV of one Tesseract pass; the image goes through stdin, single-threaded."""
    buf = io.BytesIO()
    img.save(buf, format="PNG", compress_level=1)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    cmd = [
        tesseract_cmd(),
        "stdin",
        "stdout",
        "-l",
        langs,
        "--psm",
        str(psm),
        "--oem",
        "1",
        "-c",
        "tessedit_do_invert=0",
        "tsv",
    ]
    try:
        done = subprocess.run(
            cmd, input=buf.getvalue(), capture_output=True, timeout=TIMEOUT_S, env=env, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise ImageError("ocr_timeout", "reading the text took too long") from exc
    if done.returncode != 0:
        msg = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ImageError("ocr_failed", "Tesseract failed: " + (msg[-1] if msg else "unknown error"))
    return done.stdout.decode("utf-8", "replace")


@dataclass(frozen=True)
class _Fixes:
    to_latin: dict[int, str]
    to_cyrillic: dict[int, str]
    furniture: re.Pattern[str]
    acronyms: dict[str, str]  # Cyrillic look-alike spelling → the Latin acronym
    acronym_re: re.Pattern[str]  # those spellings as whole words


@cache
def _fixes() -> _Fixes:
    raw = yaml.safe_load(
        (resources.files("saqbol.images") / "data" / "ocr_fix.yaml").read_text(encoding="utf-8")
    )
    to_cyrillic = str.maketrans(raw["to_cyrillic"])
    acronyms = {a.translate(to_cyrillic): a for a in raw["latin_acronyms"]}
    spellings = "|".join(map(re.escape, acronyms))
    return _Fixes(
        to_latin=str.maketrans(raw["to_latin"]),
        to_cyrillic=to_cyrillic,
        furniture=re.compile(raw["furniture"]),
        acronyms=acronyms,
        acronym_re=re.compile(rf"(?<![^\W\d_])(?:{spellings})(?![^\W\d_])"),
    )


def _script(ch: str) -> str:
    if "a" <= ch.lower() <= "z":
        return "latn"
    if "\u0400" <= ch <= "\u04ff":
        return "cyrl"
    return ""


def fix_scripts(tokens: list[str]) -> list[str]:
    """Spell a look-alike word back in the script of its line, then a Latin acronym read in
    Cyrillic back in Latin (see data/ocr_fix.yaml)."""
    fixes = _fixes()
    return [
        fixes.acronym_re.sub(lambda m: fixes.acronyms[m.group(0)], t)
        for t in _in_line_script(tokens, fixes)
    ]


def _in_line_script(tokens: list[str], fixes: _Fixes) -> list[str]:
    """A word made only of the other script's look-alikes, in a line written mostly in one
    script, spelled in the line's script."""
    to_latn, to_cyrl = fixes.to_latin, fixes.to_cyrillic
    counts = {"latn": 0, "cyrl": 0}
    for t in tokens:
        for ch in t:
            sc = _script(ch)
            if sc:
                counts[sc] += 1
    total = counts["latn"] + counts["cyrl"]
    if total < 6:
        return tokens
    line = (
        "latn" if counts["latn"] >= 0.7 * total else "cyrl" if counts["cyrl"] >= 0.7 * total else ""
    )
    if not line:
        return tokens
    table, other = (to_latn, "cyrl") if line == "latn" else (to_cyrl, "latn")
    out = []
    for t in tokens:
        letters = [ch for ch in t if ch.isalpha()]
        if letters and all(_script(ch) == other and ord(ch) in table for ch in letters):
            t = t.translate(table)
        elif line == "latn" and t == "|":
            t = "I"
        out.append(t)
    return out


def _junk(token: str, conf: float) -> bool:
    """Icons and avatars read as stray marks: short, unsure, or no letter or digit at all."""
    if not any(c.isalnum() for c in token):
        return conf < 60 or (len(token) > 3 and token.strip("-—–.…") != "")
    return conf < JUNK_CONF and len(token) <= 2


def parse_tsv(tsv: str, scale: float) -> OcrResult:
    """The message text: lines of a paragraph joined by spaces, a newline between paragraphs.

    Time stamps and stray marks from icons are dropped; every word keeps its offsets in the
    text and its box on the original image.
    """
    furniture = _fixes().furniture
    lines: dict[tuple[str, str, str], list[tuple[str, float, Box]]] = {}
    reader = csv.reader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    next(reader, None)
    for row in reader:
        if len(row) < 12 or row[0] != "5":
            continue
        token = row[11].strip()
        conf = float(row[10])
        if not token or _junk(token, conf):
            continue
        left, top, w, h = (int(v) for v in row[6:10])
        box = Box(
            x=int(left / scale),
            y=int(top / scale),
            w=max(1, round(w / scale)),
            h=max(1, round(h / scale)),
        )
        lines.setdefault((row[2], row[3], row[4]), []).append((token, conf, box))
    parts: list[str] = []
    words: list[Word] = []
    pos = 0
    last: tuple[str, str, str] | None = None
    for key, items in lines.items():
        tokens = [t for t, _, _ in items]
        if furniture.match(" ".join(tokens)):
            continue
        tokens = fix_scripts(tokens)
        for n, (token, (_, conf, box)) in enumerate(zip(tokens, items, strict=True)):
            if n or last is not None:
                sep = " " if n or key[:2] == last[:2] else "\n"  # type: ignore[index]
                parts.append(sep)
                pos += len(sep)
            words.append(Word(text=token, start=pos, end=pos + len(token), box=box, conf=conf))
            parts.append(token)
            pos += len(token)
        last = key
    return OcrResult(text="".join(parts), words=words, scale=scale)


def read_text(img: Image.Image) -> OcrResult:
    prepared, scale = preprocess(img)
    return parse_tsv(run_tesseract(prepared), scale)
