"""Find the fraudster's identifiers in a pasted message: the link and phone analyzers of the
pipeline (`saqbol.pipeline.extract`, the stage of `analyze` before scoring — no model needed), the
card and IBAN validators of `saqbol.privacy`, the app names of the knowledge base."""

from __future__ import annotations

import functools
import re

from saqbol.kb.loader import get_kb
from saqbol.pipeline import extract
from saqbol.privacy import CARD_RE, IBAN_RE, luhn_ok
from saqbol.response.incident import Identifiers

# Official numbers (1414, a bank's short number) and official links are not the fraudster's.
FRAUD_PHONE_KINDS = ("mobile", "landline", "foreign", "unknown")
ACCOUNT_RE = re.compile(r"(?<![\w.@/])@([A-Za-z][A-Za-z0-9_]{3,31})\b")
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@functools.cache
def _app_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for app in get_kb().apps:
        if app.kind != "remote_access":
            continue
        names = sorted({app.name, *app.aliases}, key=len, reverse=True)
        alt = "|".join(re.escape(n) for n in names)
        out.append((app.name, re.compile(rf"(?<!\w)(?:{alt})(?!\w)", re.IGNORECASE)))
    return tuple(out)


def extract_identifiers(text: str) -> Identifiers:
    """Phones, cards, IBANs, links, accounts and app names in `text`, in order of appearance."""
    found = extract(text)
    phones = [p.number for p in found.phones if p.kind in FRAUD_PHONE_KINDS and not p.official]
    links = [link.url for link in found.links if link.verdict != "safe"]
    cards = [" ".join(m.group(0).split()) for m in CARD_RE.finditer(text) if luhn_ok(m.group(0))]
    ibans = [m.group(0).replace(" ", "").upper() for m in IBAN_RE.finditer(text)]
    emails = [m.group(0) for m in EMAIL_RE.finditer(text)]
    accounts = [*emails, *("@" + m.group(1) for m in ACCOUNT_RE.finditer(text))]
    apps = [name for name, pattern in _app_patterns() if pattern.search(text)]
    return Identifiers(
        phones=list(dict.fromkeys(phones)),
        cards=list(dict.fromkeys(cards)),
        ibans=list(dict.fromkeys(ibans)),
        links=list(dict.fromkeys(links)),
        accounts=list(dict.fromkeys(accounts)),
        apps=apps,
    )
