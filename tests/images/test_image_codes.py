"""QR payloads: what each leads to, and how it sets the picture's verdict (no OCR needed)."""

from __future__ import annotations

import pytest
from image_samples import qr_png

from saqbol.images.analyze import analyze_image
from saqbol.images.codes import classify, parse_emv
from saqbol.images.load import ImageError
from saqbol.images.render import poster, qr_image, to_bytes


def tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


EMV = (
    tlv("00", "01")
    + tlv("01", "12")
    + tlv("26", tlv("00", "kz.kaspi.pay") + tlv("01", "12345678"))
    + tlv("52", "5999")
    + tlv("53", "398")
    + tlv("54", "15000")
    + tlv("58", "KZ")
    + tlv("59", "ИП Сапаров А")
    + tlv("60", "Алматы")
    + tlv("63", "ABCD")
)
WA_WEB = (
    "2@Xk3bQ9vJrZ8wqf1Hn0Lp,Q1Zq5fX2mT9wVbK8rJcN0aY7uH3eL6sD4gP1iO2kM=,"
    "ZWpGx5rT8nQ2vL9bJ3cK6aY1uH4eM7sD0gP5iO8kQ=,Yk2F9sQ1nV8bR3cT6aL0uJ5eH7mD4gP2iO9wX="
)

# payload, kind, overall verdict of a picture holding only this code
CASES = [
    ("https://kaspi.kz/shop/p/123", "url", "safe"),
    ("https://egov.kz/services", "url", "safe"),
    ("http://kaspi-bonus.kz.secure-login.top/auth", "url", "scam"),
    ("https://web.whatsapp.com/", "account_takeover", "scam"),
    (WA_WEB, "account_takeover", "scam"),
    ("tg://login?token=AQAAAABlc3RUb2tlbjEyMzQ1Njc4OTA", "account_takeover", "scam"),
    ("WIFI:T:WPA;S:Kafe Dastarkhan;P:qwerty123;;", "wifi", "safe"),
    (EMV, "payment", "safe"),
    ("https://pay.kaspi.kz/pay/abc123", "payment", "safe"),
    (
        "ST00012|Name=ООО Ромашка|PersonalAcc=40702810900000012345|BankName=АО Банк|Sum=150000",
        "payment",
        "safe",
    ),
    ("bitcoin:bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh?amount=0.01", "payment", "safe"),
    ("Promo code SAQBOL-2026", "text", "safe"),
    ("Сәлеметсіз бе! Ұтыс коды: 4821", "text", "safe"),
]


@pytest.mark.parametrize(("payload", "kind", "verdict"), CASES)
def test_qr_payload_classes(payload: str, kind: str, verdict: str) -> None:
    v = analyze_image(qr_png(payload), ocr=False)
    assert [c.payload for c in v.codes] == [payload]
    code = v.codes[0]
    assert code.kind == kind
    assert code.explanation
    assert v.verdict == verdict
    if kind == "account_takeover":
        assert v.scheme == "account_takeover"
        assert code.app in ("whatsapp", "telegram")
        assert any(s.id == "qr_account_login" for s in v.signals)
    if kind == "url":
        assert code.link is not None


@pytest.mark.parametrize(
    "payload", ["http://kaspi-bonus.kz.secure-login.top/auth", "https://web.whatsapp.com/"]
)
def test_a_risky_code_answers_when_the_text_cannot_be_read(
    payload: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without Tesseract (a server missing the package) a lookalike-link or login QR is still
    called out; a picture whose code says nothing alone gets the OCR error, not a guessed "safe"."""
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    v = analyze_image(qr_png(payload), lang="ru")
    assert v.verdict == "scam"
    assert v.advice
    with pytest.raises(ImageError) as err:
        analyze_image(qr_png("https://kaspi.kz/shop/p/123"), lang="ru")
    assert err.value.code == "ocr_unavailable"


def test_payment_qr_says_whom_it_pays() -> None:
    code = classify("QRCode", EMV, None, "ru")
    assert code.payee is not None
    assert code.payee.name == "ИП Сапаров А"
    assert code.payee.city == "Алматы"
    assert code.payee.provider == "Kaspi Pay"
    assert code.payee.currency == "KZT" and code.payee.amount == "15000"
    assert "ИП Сапаров А" in code.explanation


def test_wifi_ssid_and_gost_payee() -> None:
    assert classify("QRCode", r"WIFI:S:My\;Net;T:WPA;P:x;;", None, "en").wifi_ssid == "My;Net"
    gost = classify("QRCode", CASES[9][0], None, "kk")
    assert gost.payee is not None and gost.payee.amount == "1500.00"


def test_emv_parser_rejects_garbage() -> None:
    assert parse_emv("hello") is None
    assert parse_emv("000201xx") is None
    assert parse_emv(EMV) is not None


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_explanations_in_every_language(lang: str) -> None:
    for payload, _, _ in CASES:
        assert classify("QRCode", payload, None, lang).explanation


def test_dark_rotated_jpeg_and_many_codes() -> None:
    inverted = qr_image("https://kaspi.kz").point(lambda p: 255 - p)
    assert analyze_image(to_bytes(inverted), ocr=False).codes[0].payload == "https://kaspi.kz"
    photo = poster("tg://login?token=abcDEF123", "QR", seed=1).rotate(
        7, expand=True, fillcolor="white"
    )
    v = analyze_image(to_bytes(photo, "JPEG", quality=70), ocr=False)
    assert v.codes and v.codes[0].kind == "account_takeover"
    a, b = qr_image("https://kaspi.kz"), qr_image("WIFI:S:x;;")
    both = qr_image("x").resize((a.width + b.width + 40, max(a.height, b.height)))
    both.paste((255, 255, 255), (0, 0, *both.size))
    both.paste(a, (0, 0))
    both.paste(b, (a.width + 40, 0))
    kinds = sorted(c.kind for c in analyze_image(to_bytes(both), ocr=False).codes)
    assert kinds == ["url", "wifi"]
    assert all(c.box is not None for c in analyze_image(to_bytes(both), ocr=False).codes)
