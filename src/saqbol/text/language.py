"""Language identification for kk / ru / en / mixed, robust to Latin-script Kazakh and Russian.

lingua knows Kazakh and is accurate on short Cyrillic texts, but it judges a text by its script:
Latin-script Kazakh ("kodty aitynyz") comes out as English. So a Latin text counts as English
only when enough of its words are common English words (a small list in the knowledge base);
otherwise it is transliterated and lingua chooses between Kazakh and Russian.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import cache, lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from saqbol.kb.loader import get_kb
from saqbol.text.memo import WordCache
from saqbol.text.normalize import Normalized, Word, skeleton, to_cyrillic

_ISO = {Language.KAZAKH: "kk", Language.RUSSIAN: "ru", Language.ENGLISH: "en"}
_KK_LETTERS = frozenset("әғқңөұүһі")
MIXED_MIN = 0.25  # a second language this confident makes the text "mixed"
KK_SHARE = 0.15  # this share of words with Kazakh letters makes a Cyrillic text Kazakh
RU_SHARE = 0.15  # this share of Russian-only function words (and no Kazakh cues): Russian;
# in Cyrillic any share will do (lingua agreed on 138 of 139 such corpus texts)
RU_SHARE_MIXED = 0.25  # Kazakh letters and this many Russian function words: code-switching
LINGUA_CHARS = 200  # lingua's cost grows with length; the start of a message tells enough


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


# Language cues of one word, as bits.
_CYR, _LAT, _EN, _KK, _RU, _ALPHA = 1, 2, 4, 8, 16, 32


def _word_cues(w: Word) -> int:
    """The cues of one distinct word. Latin words also carry the Kazakh/Russian cues of their
    Cyrillic transliteration."""
    if "C" in w.scripts:
        low = w.raw.lower()
        kk = _KK if _looks_kazakh(low) else 0
        return _CYR | kk | (_RU if low in _russian_words() else 0)
    bits = 0
    if "L" in w.scripts:
        bits = _LAT | (_EN if w.en in _english_words() else 0)
    if w.en.isalpha():
        cyr = to_cyrillic(w.en).lower()
        bits |= _ALPHA | (_KK if _looks_kazakh(cyr) else 0)
        bits |= _RU if cyr in _russian_words() else 0
    return bits


_CUES = WordCache(_word_cues, 300_000)  # the per-message cost is a look-up per word


def _count(tally: Counter[int], want: int) -> int:
    """How many words have all the cue bits of `want` (`tally`: words per distinct cue set;
    a message has a handful of distinct sets, so this is cheap)."""
    return sum(n for c, n in tally.items() if c & want == want)


def _kk_ru_mixed(tally: Counter[int], base: int, words: Callable[[], list[str]]) -> str:
    """kk / ru / mixed for the words whose cues have `base`; lingua (on `words()`) only when
    the cheap cues are absent."""
    n = _count(tally, base)
    kk_share = _count(tally, base | _KK) / n
    ru_share = _count(tally, base | _RU) / n
    if kk_share >= KK_SHARE:
        return "mixed" if ru_share >= RU_SHARE_MIXED else "kk"
    if kk_share == 0 and (ru_share >= RU_SHARE or (ru_share > 0 and base == _CYR)):
        return "ru"
    if ru_share == 0 and kk_share > 0:
        return "kk"  # a few Kazakh words and no Russian ones
    lang, _ = _kk_or_ru(" ".join(words()))
    if lang == "ru" and kk_share > 0:
        return "mixed"
    return lang


def detect(norm: Normalized) -> str:
    """kk, ru, en, mixed, or unknown (no letters)."""
    words = norm.words
    cues = list(map(_CUES.__getitem__, words))
    tally = Counter(cues)
    n_cyr, n_lat = _count(tally, _CYR), _count(tally, _LAT)
    if not n_cyr and not n_lat:
        return "unknown"
    en_hits = _count(tally, _EN)
    latin_is_en = en_hits >= 1 and en_hits >= 0.25 * n_lat
    if n_cyr:
        base = _kk_ru_mixed(
            tally, _CYR, lambda: [w.raw for w, c in zip(words, cues, strict=True) if c & _CYR]
        )
        if n_lat >= 3 and latin_is_en and n_lat >= 0.3 * n_cyr:
            return "mixed"
        return base
    if latin_is_en:
        return "en"
    if not _count(tally, _ALPHA):
        return "unknown"
    return _kk_ru_mixed(
        tally,
        _ALPHA,
        lambda: [to_cyrillic(w.en) for w, c in zip(words, cues, strict=True) if c & _ALPHA],
    )


def output_lang(detected: str, norm: Normalized | None = None) -> str:
    """The language to answer in: the detected one, or Russian/Kazakh for mixed text."""
    if detected in ("kk", "ru", "en"):
        return detected
    if norm is not None and any(c in _KK_LETTERS for c in norm.raw.lower()):
        return "kk"
    return "ru"
