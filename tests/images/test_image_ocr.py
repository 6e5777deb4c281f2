"""Screenshots of TEST-split corpus messages: the image path gives the text path's verdict."""

from __future__ import annotations

import pytest
from image_samples import KK_LETTERS, test_split

from saqbol.images import analyze_image
from saqbol.images.ocr import fix_scripts
from saqbol.images.render import font_paths, poster, render_chat, to_bytes
from saqbol.kb.loader import get_kb
from saqbol.pipeline import analyze

pytestmark = [pytest.mark.ocr, pytest.mark.usefixtures("tesseract")]

# (lang, theme, width, font size, font index): light and dark, three fonts, three sizes.
LAYOUTS = [
    ("kk", "light", 1080, 40, 0),
    ("kk", "dark", 720, 28, 1),
    ("kk", "light", 540, 20, 2),
    ("kk", "dark", 1080, 36, 2),
    ("ru", "dark", 1080, 40, 1),
    ("ru", "light", 720, 26, 0),
    ("ru", "light", 720, 28, 2),
    ("en", "light", 1080, 36, 2),
    ("en", "dark", 720, 28, 0),
    ("en", "dark", 540, 20, 1),
]


# A message whose text risk sits this close to a threshold can flip on one misread word; the
# agreement rate over all messages (bar: 95%) is measured by benchmarks/images_bench.py.
CLEAR_MARGIN = 0.1


def _clear(text: str) -> bool:
    th = get_kb().thresholds
    risk = analyze(text).risk
    return all(abs(risk - t) >= CLEAR_MARGIN for t in (th.scam, th.suspicious))


def _cases() -> list[tuple[str, str, str, int, int, int]]:
    out = []
    by_lang = {}
    for lang in ("kk", "ru", "en"):
        clear = [e for e in test_split(lang, 16) if _clear(e.text)]
        scams, legit = [e for e in clear if e.is_scam], [e for e in clear if not e.is_scam]
        by_lang[lang] = [e for pair in zip(scams, legit, strict=False) for e in pair][:4]
    for lang, theme, width, size, font in LAYOUTS:
        ex = by_lang[lang].pop(0)
        out.append((ex.text, lang, theme, width, size, font))
    return out


@pytest.mark.parametrize(
    ("text", "lang", "theme", "width", "size", "font"),
    _cases(),
    ids=lambda v: v if isinstance(v, str) and len(v) < 8 else None,
)
def test_image_verdict_equals_text_verdict(
    text: str, lang: str, theme: str, width: int, size: int, font: int
) -> None:
    fonts = font_paths()
    img = render_chat(
        text, theme=theme, width=width, size=size, font=fonts[font % len(fonts)], contact="Айгүль"
    )
    iv = analyze_image(to_bytes(img))
    tv = analyze(text)
    assert iv.verdict == tv.verdict, (iv.text, tv.risk, iv.risk)
    assert iv.text_verdict is not None
    if lang == "kk":
        assert KK_LETTERS & set(iv.text.lower())
    for w in iv.words:
        assert iv.text[w.start : w.end] == w.text
        assert 0 <= w.box.x < img.width and 0 <= w.box.y < img.height


def test_red_flags_map_back_to_boxes() -> None:
    text = (
        "Сәлеметсіз бе! Kaspi банкінің қауіпсіздік қызметі. Картаңыздан күдікті операция "
        "байқалды. SMS-кодты айтыңыз: http://kaspi-kz.top/verify"
    )
    img = render_chat(text, theme="dark", width=720, size=28)
    v = analyze_image(to_bytes(img), lang="kk")
    assert v.verdict == "scam"
    assert v.highlights
    for h in v.highlights:
        assert h.explanation
        for b in h.boxes:
            assert b.w > 0 and b.h > 0
            assert b.x + b.w <= img.width + 2 and b.y + b.h <= img.height + 2
    flagged = {s.id for s in v.text_verdict.signals if s.span and s.weight > 0}  # type: ignore[union-attr]
    assert {h.signal for h in v.highlights} <= flagged


def test_latin_acronym_read_in_cyrillic_is_spelled_back() -> None:
    # Tesseract reads "APK" inside a Russian line as Cyrillic "АРК": the file type is a red flag
    tokens = ["Скачайте", "АРК-файл,", "это", "ПАРК", "АРКА", "арк", "ЕХЕ.", "APK"]
    assert fix_scripts(tokens) == [
        "Скачайте",
        "APK-файл,",
        "это",
        "ПАРК",
        "АРКА",
        "арк",
        "EXE.",
        "APK",
    ]


def test_apk_in_a_russian_screenshot_is_a_red_flag() -> None:
    text = "Мама, это фото с выпускного, открой: Foto_2024.apk. Скачай APK-файл и установи"
    v = analyze_image(to_bytes(render_chat(text, theme="light", width=720, size=26)), lang="ru")
    assert "APK" in v.text
    assert "apk_file" in {s.id for s in v.text_verdict.signals}  # type: ignore[union-attr]


def test_qr_and_text_combine() -> None:
    img = poster("https://web.whatsapp.com/", "Сканерлеп, сыйлықты алыңыз / Scan to get your gift")
    v = analyze_image(to_bytes(img), lang="ru")
    assert v.verdict == "scam" and v.scheme == "account_takeover"
    assert v.codes[0].kind == "account_takeover"
    assert "WhatsApp" in v.codes[0].explanation
    assert v.text  # the caption was read too


def test_blank_picture_is_safe_with_advice() -> None:
    from PIL import Image

    v = analyze_image(to_bytes(Image.new("RGB", (300, 200), "white")), lang="en")
    assert v.verdict == "safe" and v.text == "" and v.text_verdict is None
    assert v.advice and "No text" in v.advice[0]
