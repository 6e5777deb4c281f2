"""The one pipeline: normalize → language → extract → recognizers → scorer → Verdict."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from saqbol import __version__
from saqbol.kb.loader import KnowledgeBase, get_kb
from saqbol.kb.models import Bank
from saqbol.links import find_links
from saqbol.model import FRAME_SIGNALS, Detector, get_detector, model_text, quote_gaps
from saqbol.phones import find_phones
from saqbol.recognizers.lexicon import get_index
from saqbol.recognizers.mentions import inside, mention_spans
from saqbol.text.language import detect, output_lang
from saqbol.text.normalize import Normalized, normalize, skeleton
from saqbol.verdict import LinkResult, PhoneResult, SchemeScore, Signal, Verdict

# Signals that are not lexicon phrases but come from the link/phone analyzers and the text form.
LINK_SIGNALS = {
    "phishing": "phishing_link",
    "suspicious": "suspicious_link",
    "safe": "official_link",
}
AUTHORITY_GROUP = "authority"
# Groups whose phrases still count inside quotation marks: app and file names are quoted by
# scams too («AnyDesk», «Foto.apk»); reassurance and context are not red flags.
QUOTABLE_GROUPS = frozenset({"malware", "reassurance", "context"})
MENTION_SIGNAL = "quoted_red_flag"
MAX_SCHEMES_SHOWN = 3
QUOTE_SIGNAL_MIN = 0.3  # show the quotation as a red flag's opposite when it lowers risk this much


class InputError(ValueError):
    """The input cannot be analyzed (not text)."""


@dataclass(frozen=True, slots=True)
class Found:
    signal: str
    start: int
    end: int


@dataclass(frozen=True)
class Extracted:
    """Everything the recognizers found in one message, before scoring."""

    norm: Normalized
    language: str
    found: tuple[Found, ...]  # first occurrence of each signal
    links: tuple[LinkResult, ...]
    phones: tuple[PhoneResult, ...]
    banks: tuple[Bank, ...]

    @property
    def signal_ids(self) -> frozenset[str]:
        return frozenset(f.signal for f in self.found)


@cache
def _bank_words() -> dict[str, str]:
    """Skeleton of a one-word bank alias → bank id (to find the bank a message names)."""
    out: dict[str, str] = {}
    for bank in get_kb().contacts.banks:
        for alias in (bank.name, *bank.aliases):
            words = alias.split()
            if len(words) == 1 and len(alias) >= 3:
                out.setdefault(skeleton(alias.lower()), bank.id)
    return out


def _check_text(text: object) -> str:
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError("the input is not valid UTF-8 text") from exc
    if not isinstance(text, str):
        raise InputError(f"expected text, got {type(text).__name__}")
    if "\x00" in text:
        raise InputError("the input looks binary (it contains NUL bytes)")
    return text


def extract(text: str, kb: KnowledgeBase | None = None, lang: str | None = None) -> Extracted:
    """Everything the recognizers find in `text`; `lang` is the language of the phone notes
    (by default the message's own)."""
    kb = kb or get_kb()
    norm = normalize(_check_text(text))
    language = detect(norm)
    found: dict[str, Found] = {}
    hits = get_index().find(norm)
    flags = [kb.signals[hit.signal].group not in QUOTABLE_GROUPS for hit in hits]
    quotes = mention_spans(norm) if any(flags) else []  # most messages raise no red flag
    for hit, flag in zip(hits, flags, strict=True):
        sid = hit.signal
        if flag and quotes and inside(quotes, hit.start, hit.end):
            sid = MENTION_SIGNAL  # named in quotation marks: talked about, not done
        found.setdefault(sid, Found(sid, hit.start, hit.end))
    links = tuple(find_links(norm.raw))
    for link in links:
        link_sid = LINK_SIGNALS.get(link.verdict)
        if link_sid and link.span:
            found.setdefault(link_sid, Found(link_sid, *link.span))
    note_lang = lang if lang in ("kk", "ru", "en") else output_lang(language, norm)
    phones = tuple(find_phones(norm.raw, lang=note_lang))
    claims_authority = any(kb.signals[f.signal].group == AUTHORITY_GROUP for f in found.values())
    for phone in phones:
        if not phone.span:
            continue
        if phone.kind == "foreign":
            found.setdefault("foreign_number", Found("foreign_number", *phone.span))
        if claims_authority and phone.kind in ("mobile", "foreign") and not phone.official:
            found.setdefault("mobile_for_official", Found("mobile_for_official", *phone.span))
    words = norm.words
    mixed = next((i for i, w in enumerate(words) if w.mixed), None)
    if mixed is not None:
        found.setdefault("mixed_script", Found("mixed_script", *norm.spans()[mixed]))
    bank_words = _bank_words()
    banks: dict[str, Bank] = {}
    if not bank_words.keys().isdisjoint(w.sk for w in words):
        for w in words:  # in the order the message names them
            bank_id = bank_words.get(w.sk)
            if bank_id and bank_id not in banks:
                banks[bank_id] = kb.bank(bank_id)
    return Extracted(
        norm=norm,
        language=language,
        found=tuple(sorted(found.values(), key=lambda f: f.start)),
        links=links,
        phones=phones,
        banks=tuple(banks.values()),
    )


def signal_matrix(items: Sequence[Extracted], signal_ids: Sequence[str]) -> np.ndarray:
    col = {s: i for i, s in enumerate(signal_ids)}
    m = np.zeros((len(items), len(signal_ids)), dtype=np.float64)
    for r, ex in enumerate(items):
        for f in ex.found:
            c = col.get(f.signal)
            if c is not None:
                m[r, c] = 1.0
    return m


def batch_mode() -> None:
    """Tune a long-running batch process (scan, Spark workers): the caches of word forms hold
    hundreds of thousands of objects that the cyclic garbage collector would walk again and
    again; move what is loaded so far out of its way and collect young objects less often.
    Idempotent."""
    global _BATCH_MODE
    if _BATCH_MODE:
        return
    _BATCH_MODE = True
    get_kb(), get_detector(), get_index()
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


_BATCH_MODE = False


def engine_id(det: Detector, kb: KnowledgeBase) -> str:
    return f"saqbol {__version__} / model {det.digest} / kb {kb.version}"


def analyze(text: str, lang: str | None = None) -> Verdict:
    """Analyze one message (see `analyze_many`)."""
    return analyze_many([text], lang=lang)[0]


def analyze_many(texts: Sequence[str], lang: str | None = None) -> list[Verdict]:
    """Verdicts for many messages at once (the models score the batch together).

    `lang` forces the language of the advice; by default the message's own language is used.
    Raises InputError for input that is not text.
    """
    kb, det = get_kb(), get_detector()
    items = [extract(t, kb, lang) for t in texts]
    sig = signal_matrix(items, det.signal_ids)
    mtexts = [model_text(ex.norm) for ex in items]
    logits = det.text_logits(mtexts)
    gaps, quotes = quote_gaps(det.text_logits, [ex.norm for ex in items], logits)
    risks = det.risk(sig, logits, gaps)
    th = kb.thresholds
    need_scheme = [i for i, r in enumerate(risks) if r >= th.suspicious]
    probs = (
        det.scheme_probs([mtexts[i] for i in need_scheme], sig[need_scheme])
        if need_scheme
        else np.zeros((0, len(det.schemes)))
    )
    scheme_rows = dict(zip(need_scheme, probs, strict=True))
    engine = engine_id(det, kb)
    return [
        _verdict(
            ex,
            float(risks[i]),
            (float(logits[i]), float(gaps[i]), quotes[i]),
            scheme_rows.get(i),
            det,
            kb,
            lang,
            engine,
        )
        for i, ex in enumerate(items)
    ]


def _verdict(
    ex: Extracted,
    risk: float,
    model: tuple[float, float, list[tuple[int, int]]],  # text logit, quote gap, quotations
    scheme_p: np.ndarray | None,
    det: Detector,
    kb: KnowledgeBase,
    lang: str | None,
    engine: str,
) -> Verdict:
    out_lang = lang if lang in ("kk", "ru", "en") else output_lang(ex.language, ex.norm)
    th = kb.thresholds
    label = "scam" if risk >= th.scam else "suspicious" if risk >= th.suspicious else "safe"
    if not any(c.isalpha() for w in ex.norm.words for c in w.raw):
        label, risk = "safe", 0.0  # nothing to read: no words, only numbers or symbols
    framed = not ex.signal_ids.isdisjoint(FRAME_SIGNALS)
    weights = det.framed_weights if framed else det.signal_weights
    signals = [
        Signal(
            id=f.signal,
            weight=weights.get(f.signal, 0.0),
            evidence=ex.norm.raw[f.start : f.end],
            span=(f.start, f.end),
            explanation=kb.signals[f.signal].explanation.get(out_lang),
        )
        for f in ex.found
    ]
    logit, gap, quotes = model
    model_weight = round(det.logit_weight * logit, 2)
    if label != "safe" and model_weight > 0:
        signals.append(
            Signal(
                id="learned_model",
                weight=model_weight,
                explanation=kb.signals["learned_model"].explanation.get(out_lang),
            )
        )
    quote_weight = round(det.quote_weight * gap, 2)
    if quote_weight <= -QUOTE_SIGNAL_MIN:
        start, end = quotes[0]
        signals.append(
            Signal(
                id="quoted_scam_text",
                weight=quote_weight,
                evidence=ex.norm.raw[start:end],
                span=(start, end),
                explanation=kb.signals["quoted_scam_text"].explanation.get(out_lang),
            )
        )
    signals.sort(key=lambda s: -s.weight)
    scheme = None
    schemes: list[SchemeScore] = []
    if label != "safe" and scheme_p is not None:
        p = scheme_p.tolist()
        order = sorted(range(len(p)), key=p.__getitem__, reverse=True)[:MAX_SCHEMES_SHOWN]
        schemes = [SchemeScore(id=det.schemes[i], score=round(p[i], 3)) for i in order]
        scheme = schemes[0].id
    return Verdict(
        verdict=label,
        risk=round(risk, 4),
        scheme=scheme,
        schemes=schemes,
        language=ex.language,
        signals=signals,
        links=list(ex.links),
        phones=list(ex.phones),
        advice=_advice(label, scheme, ex, kb, out_lang),
        playbook=kb.schemes[scheme].playbook if scheme else None,
        engine=engine,
    )


def _advice(
    label: str, scheme: str | None, ex: Extracted, kb: KnowledgeBase, lang: str
) -> list[str]:
    if label == "safe":
        key = "advice.safe_otp" if "otp_notice" in ex.signal_ids else "advice.safe"
        return [kb.text(key, lang)]
    advice = [kb.text(f"advice.{label}", lang)]
    if scheme:
        advice.extend(kb.schemes[scheme].what_to_do.get(lang))
    for bank in ex.banks:
        number = bank.card_block[0].display
        advice.append(kb.text("advice.bank_number", lang, bank=bank.name, number=number))
    return advice
