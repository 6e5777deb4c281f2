"""QR codes and barcodes: decode them (zxing-cpp) and say what each payload leads to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from PIL import Image

from saqbol.images.models import Box, Code, Payee
from saqbol.kb.loader import get_kb

MAX_PAYLOAD = 4096  # characters of a payload kept in the answer
MAX_CODES = 20
URL_RE = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
LOGIN_RISK = 0.97  # a login QR sent by someone else hands them the account
LINK_RISK = {"phishing": 0.95, "suspicious": 0.55}


@dataclass(frozen=True)
class Rules:
    login: tuple[tuple[str, re.Pattern[str]], ...]
    payment_urls: tuple[tuple[str, re.Pattern[str]], ...]
    crypto: frozenset[str]
    emv_providers: dict[str, str]
    emv_currencies: dict[str, str]
    app_names: dict[str, str]


@cache
def rules() -> Rules:
    raw: dict[str, Any] = yaml.safe_load(
        (resources.files("saqbol.images") / "data" / "codes.yaml").read_text(encoding="utf-8")
    )
    return Rules(
        login=tuple((r["app"], re.compile(r["pattern"], re.IGNORECASE)) for r in raw["login"]),
        payment_urls=tuple(
            (r["provider"], re.compile(r["pattern"], re.IGNORECASE)) for r in raw["payment_urls"]
        ),
        crypto=frozenset(raw["crypto_schemes"]),
        emv_providers=dict(raw["emv_providers"]),
        emv_currencies={str(k): v for k, v in raw["emv_currencies"].items()},
        app_names=dict(raw["app_names"]),
    )


def decode(img: Image.Image) -> list[tuple[str, str, Box | None]]:
    """(format, payload, box) of every code zxing-cpp finds (light and dark, any rotation)."""
    import zxingcpp

    out: list[tuple[str, str, Box | None]] = []
    for r in zxingcpp.read_barcodes(img)[:MAX_CODES]:
        if not r.valid:
            continue
        p = r.position
        xs = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x]
        ys = [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
        box = Box(x=min(xs), y=min(ys), w=max(xs) - min(xs) + 1, h=max(ys) - min(ys) + 1)
        out.append((getattr(r.format, "name", str(r.format)), r.text, box))
    return out


def parse_emv(payload: str) -> dict[str, str] | None:
    """The top-level tags of an EMVCo merchant QR ("000201…"), or None if it is not one."""
    if not payload.startswith("000201"):
        return None
    tags: dict[str, str] = {}
    i = 0
    while i + 4 <= len(payload):
        tag, size = payload[i : i + 2], payload[i + 2 : i + 4]
        if not (tag.isdigit() and size.isdigit()):
            return None
        n = int(size)
        if i + 4 + n > len(payload):
            return None
        tags[tag] = payload[i + 4 : i + 4 + n]
        i += 4 + n
    return tags if i == len(payload) else None


def _emv_payee(tags: dict[str, str], r: Rules) -> Payee:
    provider = account = None
    for tag in sorted(t for t in tags if "26" <= t <= "51"):
        sub = parse_emv("000201" + tags[tag]) or {}
        guid = sub.get("00", tags[tag]).lower()
        account = account or next((v for k, v in sorted(sub.items()) if k != "00" and v), None)
        for key, name in r.emv_providers.items():
            if key in guid:
                provider = name
                break
        provider = provider or sub.get("00") or None
    return Payee(
        provider=provider,
        name=tags.get("59") or None,
        city=tags.get("60") or None,
        account=account,
        amount=tags.get("54") or None,
        currency=r.emv_currencies.get(tags.get("53", ""), tags.get("53")),
    )


def _st00012_payee(payload: str) -> Payee:
    """The Russian GOST R 56042 bank-transfer QR: "ST00012|Name=…|PersonalAcc=…|…"."""
    fields = dict(p.split("=", 1) for p in payload.split("|")[1:] if "=" in p)
    amount = fields.get("Sum")
    return Payee(
        provider=fields.get("BankName"),
        name=fields.get("Name"),
        account=fields.get("PersonalAcc"),
        amount=f"{int(amount) / 100:.2f}" if amount and amount.isdigit() else amount,
        currency="RUB",
    )


def _crypto_payee(payload: str) -> Payee:
    scheme, _, rest = payload.partition(":")
    address, _, query = rest.partition("?")
    amount = next(
        (
            v
            for k, v in (q.split("=", 1) for q in query.split("&") if "=" in q)
            if k.lower() == "amount"
        ),
        None,
    )
    return Payee(provider=scheme.lower(), account=address or None, amount=amount)


def _wifi_ssid(payload: str) -> str | None:
    m = re.search(r"(?:^WIFI:|;)S:((?:\\.|[^;])*)", payload, re.IGNORECASE)
    return re.sub(r"\\(.)", r"\1", m.group(1)) if m else None


def classify(fmt: str, payload: str, box: Box | None, lang: str) -> Code:
    """What the payload leads to, with the link analyzer's result for a URL."""
    from saqbol.links import check_url

    kb, r = get_kb(), rules()
    text = payload.strip()
    kept = payload[:MAX_PAYLOAD]
    for app, pat in r.login:
        if pat.search(text):
            return Code(
                format=fmt,
                payload=kept,
                kind="account_takeover",
                box=box,
                app=app,
                risk=LOGIN_RISK,
                explanation=kb.text("images.code.login", lang, app=r.app_names.get(app, app)),
            )
    lower = text.lower()
    if lower.startswith("wifi:"):
        ssid = _wifi_ssid(text)
        return Code(
            format=fmt,
            payload=kept,
            kind="wifi",
            box=box,
            wifi_ssid=ssid,
            explanation=kb.text("images.code.wifi", lang, ssid=ssid or "?"),
        )
    payee: Payee | None = None
    emv = parse_emv(text)
    if emv is not None:
        payee = _emv_payee(emv, r)
    elif lower.startswith("st0001"):
        payee = _st00012_payee(text)
    elif lower.split(":", 1)[0] in r.crypto and ":" in lower:
        payee = _crypto_payee(text)
    link = None
    if URL_RE.match(text):
        try:
            link = check_url(text)
        except ValueError:
            link = None
        provider = next((name for name, pat in r.payment_urls if pat.search(text)), None)
        if provider and link is not None and link.verdict == "safe":
            payee = Payee(provider=provider)
    if payee is not None:
        who = payee.name or payee.account or "?"
        return Code(
            format=fmt,
            payload=kept,
            kind="payment",
            box=box,
            payee=payee,
            link=link,
            risk=LINK_RISK.get(link.verdict, 0.0) if link else 0.0,
            explanation=kb.text(
                "images.code.payment", lang, provider=payee.provider or "?", payee=who
            ),
        )
    if link is not None:
        return Code(
            format=fmt,
            payload=kept,
            kind="url",
            box=box,
            link=link,
            risk=LINK_RISK.get(link.verdict, 0.0),
            explanation=kb.text(f"images.code.url_{link.verdict}", lang, url=link.url[:200]),
        )
    return Code(
        format=fmt,
        payload=kept,
        kind="text",
        box=box,
        explanation=kb.text("images.code.text", lang),
    )
