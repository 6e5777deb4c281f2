"""Phone-like chat screenshots and QR pictures, drawn with Pillow (for tests and benchmarks).

Nothing here runs on user input: it makes the images that the tests and the benchmark feed back
through `analyze_image`, so that OCR and QR decoding are measured on pictures like the ones
people forward (light and dark themes, chat bubbles, several fonts and sizes).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

# Fonts with every Kazakh letter (ә ғ қ ң ө ұ ү һ і); the package's DejaVu is always there.
SYSTEM_FONTS = (
    "/usr/share/fonts/truetype/roboto/unhinted/RobotoTTF/Roboto-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    bubble_in: str
    bubble_out: str
    text: str
    meta: str
    header: str
    header_text: str


LIGHT = Theme("light", "#ece5dd", "#ffffff", "#dcf8c6", "#111111", "#667781", "#f0f2f5", "#111111")
DARK = Theme("dark", "#0b141a", "#202c33", "#005c4b", "#e9edef", "#8696a0", "#202c33", "#e9edef")
THEMES = {"light": LIGHT, "dark": DARK}


def font_paths() -> list[str]:
    """Fonts that can draw Kazakh, Russian and English, the package's own first."""
    own = str(resources.files("saqbol") / "fonts" / "DejaVuSans.ttf")
    found = [p for p in SYSTEM_FONTS if Path(p).is_file()]
    # Liberation 1 and 2 are the same face: keep one.
    if any("liberation2" in p for p in found):
        found = [p for p in found if "/liberation/" not in p]
    return [own, *found]


@cache
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def _wrap(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int
) -> list[str]:
    lines: list[str] = []
    for para in text.split("\n"):
        words = para.split()
        line = ""
        for word in words:
            trial = f"{line} {word}" if line else word
            if draw.textlength(trial, font=font) <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def bubbles_of(text: str) -> list[tuple[str, bool]]:
    """Split a message into chat bubbles: paragraphs; dialogue lines ("— ...") alternate sides."""
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    dialogue = sum(p.startswith(("—", "-", "–")) for p in parts) >= 2
    out: list[tuple[str, bool]] = []
    side = False
    for p in parts:
        if dialogue and p.startswith(("—", "-", "–")):
            out.append((p.lstrip("—–- ").strip(), side))
            side = not side
        else:
            out.append((p, False))
    return out or [("", False)]


def render_chat(
    text: str,
    *,
    theme: str = "light",
    font: str | None = None,
    size: int = 30,
    width: int = 720,
    contact: str = "Contact",
    seed: int = 0,
) -> Image.Image:
    """A messenger-like screenshot of `text`: a header with the contact, then the bubbles."""
    th = THEMES[theme]
    rng = random.Random(seed)
    path = font or font_paths()[0]
    body = _font(path, size)
    meta = _font(path, max(10, size * 2 // 3))
    pad = size // 2
    max_text = int(width * 0.72)
    scratch = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    line_h = int(size * 1.3)
    blocks = []
    for part, outgoing in bubbles_of(text):
        lines = _wrap(scratch, part, body, max_text)
        text_w = max((scratch.textlength(ln, font=body) for ln in lines), default=0)
        blocks.append((lines, outgoing, int(text_w)))
    header_h = int(size * 2.6)
    height = header_h + pad
    for lines, _, _ in blocks:
        height += len(lines) * line_h + int(size * 1.0) + 2 * pad + pad
    img = Image.new("RGB", (width, height + pad), th.background)
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, width, header_h), fill=th.header)
    r = header_h // 3
    draw.ellipse((pad, header_h // 2 - r, pad + 2 * r, header_h // 2 + r), fill="#8696a0")
    draw.text(
        (pad * 2 + 2 * r, header_h // 2), contact, font=body, fill=th.header_text, anchor="lm"
    )
    y = header_h + pad
    for lines, outgoing, text_w in blocks:
        bw = max(text_w, int(size * 3)) + 2 * pad
        bh = len(lines) * line_h + int(size * 1.0) + pad
        x = width - bw - pad if outgoing else pad
        fill = th.bubble_out if outgoing else th.bubble_in
        draw.rounded_rectangle((x, y, x + bw, y + bh), radius=size // 2, fill=fill)
        ty = y + pad // 2
        for ln in lines:
            draw.text((x + pad, ty), ln, font=body, fill=th.text)
            ty += line_h
        stamp = f"{rng.randint(8, 22):02d}:{rng.randint(0, 59):02d}"
        draw.text((x + bw - pad, y + bh - pad // 3), stamp, font=meta, fill=th.meta, anchor="rb")
        y += bh + pad
    return img


def to_bytes(img: Image.Image, fmt: str = "PNG", **params: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format=fmt, **params)
    return buf.getvalue()


def qr_image(payload: str, *, scale: int = 8, border: int = 4, error: str = "m") -> Image.Image:
    """A QR code of `payload` as a Pillow image (segno)."""
    import segno

    buf = io.BytesIO()
    segno.make_qr(payload, error=error).save(buf, kind="png", scale=scale, border=border)
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def poster(payload: str, caption: str, *, size: int = 28, seed: int = 0) -> Image.Image:
    """A QR code with a caption below it, as in a "scan to get your payment" picture."""
    code = qr_image(payload, scale=6 + seed % 4)
    path = font_paths()[seed % len(font_paths())]
    body = _font(path, size)
    scratch = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    w = max(code.width + 80, 600)
    lines = _wrap(scratch, caption, body, w - 60)
    h = code.height + 60 + len(lines) * int(size * 1.3) + 40
    img = Image.new("RGB", (w, h), "white")
    img.paste(code, ((w - code.width) // 2, 30))
    draw = ImageDraw.Draw(img)
    y = code.height + 50
    for ln in lines:
        draw.text((30, y), ln, font=body, fill="black")
        y += int(size * 1.3)
    return img
