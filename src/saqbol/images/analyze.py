"""`analyze_image`: the text path on what a picture says, combined with what its codes lead to."""

from __future__ import annotations

from collections import defaultdict

from PIL import Image

from saqbol.images.codes import classify, decode
from saqbol.images.load import ImageError, open_image
from saqbol.images.models import Box, Code, Highlight, ImageVerdict, Word
from saqbol.images.ocr import OcrResult, read_text
from saqbol.kb.loader import get_kb
from saqbol.verdict import Signal, Verdict

LANGS = ("kk", "ru", "en")
CODE_SIGNALS = {"account_takeover": "qr_account_login", "url": "qr_link", "payment": "qr_payment"}
CODE_SCHEME = {"account_takeover": "account_takeover"}
MIN_TEXT_CHARS = 3  # less than this is not a message (a stray letter from an icon)


def analyze_image(data: bytes, lang: str | None = None, *, ocr: bool = True) -> ImageVerdict:
    """Check a screenshot or photo: OCR text → `analyze`, QR codes → their payloads, combined.

    Raises `ImageError` for bytes that are not a usable PNG, JPEG or WebP picture, or when the
    text cannot be read and no code decides alone. Nothing is stored; EXIF and other metadata
    are dropped when the image is decoded.
    """
    from saqbol.pipeline import analyze

    img = open_image(data)
    found = decode(img)
    no_text = OcrResult("", [], 1.0)
    ocr_error: ImageError | None = None
    try:
        result = read_text(img) if ocr else no_text
    except ImageError as exc:
        # OCR is missing, failed or timed out: a code that is risky by itself still answers
        # (a login QR, a lookalike link); "safe" without the text would be a guess.
        result, ocr_error = no_text, exc
    text = result.text
    text_verdict: Verdict | None = None
    if sum(c.isalnum() for c in text) >= MIN_TEXT_CHARS:
        text_verdict = analyze(text, lang=lang)
    out_lang = _out_lang(lang, text_verdict)
    codes = [classify(fmt, payload, box, out_lang) for fmt, payload, box in found]
    verdict = combine(img, result, text_verdict, codes, out_lang)
    if ocr_error is not None and verdict.verdict == "safe":
        raise ocr_error
    return verdict


def analyze_pil(img: Image.Image, lang: str | None = None) -> ImageVerdict:
    """The same as `analyze_image` for an image already decoded (tests, the benchmark)."""
    from saqbol.images.render import to_bytes

    return analyze_image(to_bytes(img), lang)


def _out_lang(lang: str | None, v: Verdict | None) -> str:
    if lang in LANGS:
        return lang
    if v is not None and v.advice:
        # The pipeline picked the answer language already (mixed text → kk or ru).
        return v.language if v.language in LANGS else "ru"
    return "ru"


def highlights(words: list[Word], verdict: Verdict | None) -> list[Highlight]:
    """Boxes of the words under each red flag's span, merged into one box per text line."""
    if verdict is None:
        return []
    out = []
    for s in verdict.signals:
        if s.span is None or s.weight <= 0:
            continue
        start, end = s.span
        lines: dict[int, list[Box]] = defaultdict(list)
        for w in words:
            if w.start < end and start < w.end:
                lines[round(w.box.y + w.box.h / 2) // max(1, w.box.h)].append(w.box)
        boxes = [_union(bs) for bs in lines.values()]
        if boxes:
            out.append(Highlight(signal=s.id, explanation=s.explanation, boxes=boxes))
    return out


def _union(boxes: list[Box]) -> Box:
    x0, y0 = min(b.x for b in boxes), min(b.y for b in boxes)
    x1, y1 = max(b.x + b.w for b in boxes), max(b.y + b.h for b in boxes)
    return Box(x=x0, y=y0, w=x1 - x0, h=y1 - y0)


def combine(
    img: Image.Image, ocr: OcrResult, tv: Verdict | None, codes: list[Code], lang: str
) -> ImageVerdict:
    """The overall verdict: the riskiest of the text and the codes; a login QR means takeover."""
    kb = get_kb()
    th = kb.thresholds
    risk = tv.risk if tv else 0.0
    scheme = tv.scheme if tv else None
    signals = list(tv.signals) if tv else []
    advice = list(tv.advice) if tv else []
    for code in codes:
        sid = CODE_SIGNALS.get(code.kind)
        if sid is None:
            continue
        if code.kind == "url" and code.risk == 0.0:
            continue  # an ordinary link: nothing to say beyond the code list
        signals.append(
            Signal(
                id=sid,
                weight=round(code.risk * 3, 2),
                evidence=code.payload[:200],
                explanation=code.explanation,
            )
        )
        if code.risk > risk:
            risk = code.risk
            scheme = CODE_SCHEME.get(code.kind, scheme)
        key = f"images.advice.{code.kind}"
        if code.risk > 0 or code.kind == "payment":
            line = kb.text(key, lang)
            if line not in advice:
                advice.insert(0, line)
    label = "scam" if risk >= th.scam else "suspicious" if risk >= th.suspicious else "safe"
    if label == "safe" and tv is None and not codes:
        advice = [kb.text("images.advice.no_text", lang)]
    if label != "safe" and scheme is None and any(c.kind == "account_takeover" for c in codes):
        scheme = "account_takeover"
    if label == "safe":
        scheme = None
    if label != "safe" and tv is not None and tv.verdict == "safe":
        advice = [a for a in advice if a not in tv.advice]  # "looks safe" no longer holds
    signals.sort(key=lambda s: -s.weight)
    return ImageVerdict(
        verdict=label,
        risk=round(risk, 4),
        scheme=scheme,
        language=tv.language if tv else "unknown",
        signals=signals,
        advice=advice,
        text_verdict=tv,
        text=ocr.text,
        words=ocr.words,
        highlights=highlights(ocr.words, tv),
        codes=codes,
        width=img.width,
        height=img.height,
        engine=tv.engine if tv else "",
    )
