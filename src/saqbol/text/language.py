"""Language identification for kk / ru / en / mixed, robust to Latin-script Kazakh and Russian.

lingua knows Kazakh and is accurate on short Cyrillic texts, but it judges a text by its script:
Latin-script Kazakh ("kodty aitynyz") comes out as English. So a Latin text counts as English
only when enough of its words are common English words (a small list in the knowledge base);
otherwise it is transliterated and lingua chooses between Kazakh and Russian.
"""

from __future__ import annotations

from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from saqbol.kb.loader import get_kb
from saqbol.text.normalize import Normalized, _script

_ISO = {Language.KAZAKH: "kk", Language.RUSSIAN: "ru", Language.ENGLISH: "en"}
_KK_LETTERS = frozenset("әғқңөұүһі")
MIXED_MIN = 0.25  # a second language this confident makes the text "mixed"


@cache
def _detector() -> LanguageDetector:
    return (
        LanguageDetectorBuilder.from_languages(Language.KAZAKH, Language.RUSSIAN)
        .with_preloaded_language_models()
        .build()
    )


@cache
def _english_words() -> frozenset[str]:
    return frozenset(get_kb().texts["lang.english_words"].en.split())


def _kk_or_ru(text: str) -> tuple[str, float]:
    values = _detector().compute_language_confidence_values(text)
    if not values:
        return "unknown", 0.0
    top, second = values[0], values[1] if len(values) > 1 else None
    lang = _ISO[top.language]
    if second is not None and second.value >= MIXED_MIN:
        return "mixed", top.value
    return lang, top.value


def detect(norm: Normalized) -> str:
    """kk, ru, en, mixed, or unknown (no letters)."""
    letters_c = letters_l = 0
    latin_words: list[str] = []
    cyr_words: list[str] = []
    for w in norm.words:
        scripts = {_script(c) for c in w.raw.lower()}
        if "C" in scripts:
            letters_c += 1
            cyr_words.append(w.raw)
        elif "L" in scripts:
            letters_l += 1
            latin_words.append(w.en)
    if not letters_c and not letters_l:
        return "unknown"
    english = _english_words()
    en_hits = sum(1 for w in latin_words if w in english)
    latin_is_en = en_hits >= 1 and en_hits >= 0.25 * len(latin_words)
    if letters_c:
        cyr_text = " ".join(cyr_words)
        if any(c in _KK_LETTERS for c in cyr_text.lower()):
            base, _ = _kk_or_ru(cyr_text)
            base = "kk" if base == "ru" and _kk_share(cyr_text) > 0.2 else base
        else:
            base, _ = _kk_or_ru(cyr_text)
        if letters_l >= 3 and latin_is_en and letters_l >= 0.3 * letters_c:
            return "mixed"
        return base
    if latin_is_en:
        return "en"
    translit = " ".join(w.sk for w in norm.words)
    lang, _ = _kk_or_ru(translit)
    return lang


def _kk_share(text: str) -> float:
    words = text.lower().split()
    return sum(1 for w in words if any(c in _KK_LETTERS for c in w)) / max(len(words), 1)


def output_lang(detected: str, norm: Normalized | None = None) -> str:
    """The language to answer in: the detected one, or Russian/Kazakh for mixed text."""
    if detected in ("kk", "ru", "en"):
        return detected
    if norm is not None and any(c in _KK_LETTERS for c in norm.raw.lower()):
        return "kk"
    return "ru"
