"""Language identification for kk / ru / en / mixed, robust to Latin-script Kazakh and Russian.

lingua knows Kazakh and is accurate on short Cyrillic texts, but it judges a text by its script:
Latin-script Kazakh ("kodty aitynyz") comes out as English. So a Latin text counts as English
only when enough of its words are common English words (a small list in the knowledge base);
otherwise it is transliterated and lingua chooses between Kazakh and Russian.
"""

from __future__ import annotations

from functools import cache, lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from saqbol.kb.loader import get_kb
from saqbol.text.normalize import Normalized, skeleton, to_cyrillic, word_scripts

_ISO = {Language.KAZAKH: "kk", Language.RUSSIAN: "ru", Language.ENGLISH: "en"}
_KK_LETTERS = frozenset("әғқңөұүһі")
MIXED_MIN = 0.25  # a second language this confident makes the text "mixed"
KK_SHARE = 0.15  # this share of words with Kazakh letters makes a Cyrillic text Kazakh
RU_SHARE = 0.15  # this share of Russian-only function words (and no Kazakh letters): Russian
RU_SHARE_MIXED = 0.25  # Kazakh letters and this many Russian function words: code-switching
LINGUA_CHARS = 400  # lingua's cost grows with length; the start of a message tells enough


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
    values = _detector().compute_language_confidence_values(text[:LINGUA_CHARS])
    if not values:
        return "unknown", 0.0
    top, second = values[0], values[1] if len(values) > 1 else None
    lang = _ISO[top.language]
    if second is not None and second.value >= MIXED_MIN:
        return "mixed", top.value
    return lang, top.value


@cache
def _russian_words() -> frozenset[str]:
    return frozenset(get_kb().texts["lang.russian_words"].ru.split())


@cache
def _kazakh_skeletons() -> frozenset[str]:
    return frozenset(skeleton(w) for w in get_kb().texts["lang.kazakh_words"].kk.split())


@lru_cache(maxsize=200_000)
def _looks_kazakh(word: str) -> bool:
    """A Kazakh letter, or a common Kazakh word typed without them."""
    return not _KK_LETTERS.isdisjoint(word) or skeleton(word) in _kazakh_skeletons()


def _cyrillic(words: list[str]) -> str:
    """kk / ru / mixed for Cyrillic words; lingua only when the cheap cues are absent."""
    low = [w.lower() for w in words]
    kk_share = sum(1 for w in low if _looks_kazakh(w)) / len(low)
    russian = _russian_words()
    ru_share = sum(1 for w in low if w in russian) / len(low)
    if kk_share >= KK_SHARE:
        return "mixed" if ru_share >= RU_SHARE_MIXED else "kk"
    if ru_share >= RU_SHARE and kk_share == 0:
        return "ru"
    lang, _ = _kk_or_ru(" ".join(words))
    if lang == "ru" and kk_share > 0:
        return "mixed"
    return lang


def detect(norm: Normalized) -> str:
    """kk, ru, en, mixed, or unknown (no letters)."""
    latin_words: list[str] = []
    cyr_words: list[str] = []
    for w in norm.words:
        scripts = word_scripts(w.raw)
        if "C" in scripts:
            cyr_words.append(w.raw)
        elif "L" in scripts:
            latin_words.append(w.en)
    if not cyr_words and not latin_words:
        return "unknown"
    english = _english_words()
    en_hits = sum(1 for w in latin_words if w in english)
    latin_is_en = en_hits >= 1 and en_hits >= 0.25 * len(latin_words)
    if cyr_words:
        base = _cyrillic(cyr_words)
        if len(latin_words) >= 3 and latin_is_en and len(latin_words) >= 0.3 * len(cyr_words):
            return "mixed"
        return base
    if latin_is_en:
        return "en"
    return _cyrillic([to_cyrillic(w.en) for w in norm.words if w.en.isalpha()] or ["?"])


def output_lang(detected: str, norm: Normalized | None = None) -> str:
    """The language to answer in: the detected one, or Russian/Kazakh for mixed text."""
    if detected in ("kk", "ru", "en"):
        return detected
    if norm is not None and any(c in _KK_LETTERS for c in norm.raw.lower()):
        return "kk"
    return "ru"
