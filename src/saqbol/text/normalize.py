"""Normalization: one comparable form of a message in any script, with offsets back to the input.

A message is split into words. Each word gets two forms:
- `en`: NFKC lower-case, Cyrillic look-alikes inside a Latin word folded to Latin (for English);
- `sk`: the Kazakh/Russian *skeleton*: Latin-script Kazakh (2017 apostrophe, 2018 acute, 2021
  and informal phone typing) and Russian translit mapped to Cyrillic, Latin look-alikes inside a
  Cyrillic word folded to Cyrillic, then letters that people swap folded together (қ/к, ң/н,
  ы/і/и/й, ұ/ү/у, ә/а, ө/о, ғ/г, һ/х, ё/е, щ/сч/ш, ц/тс/с, ъ ь dropped). Lexicon phrases go
  through the same function, so "kodty aitynyz", "кодты айтыңыз" and "кодты айтыныз" all meet.
Spans always point into the original text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from saqbol.text.memo import WordCache

MAX_CHARS = 20_000  # longer texts are truncated for analysis (a message, not a book)

# Latin letters (incl. Kazakh Latin alphabets) → Cyrillic, longest first.
_LAT_MULTI = (
    ("shch", "щ"),
    ("sch", "щ"),
    ("sh", "ш"),
    ("s'", "ш"),
    ("ch", "ч"),
    ("c'", "ч"),
    ("zh", "ж"),
    ("kh", "х"),
    ("gh", "ғ"),
    ("tsh", "тш"),  # Kazakh "uaqytsha", "aitshy": т + ш, not ц + х
    ("ts", "ц"),
    ("ya", "я"),
    ("yu", "ю"),
    ("yo", "ё"),
    ("ye", "е"),
    ("ia", "я"),
    ("iu", "ю"),
    ("a'", "ә"),
    ("o'", "ө"),
    ("u'", "ү"),
    ("g'", "ғ"),
    ("n'", "ң"),
    ("i'", "і"),
)
_LAT_SINGLE = {
    "a": "а", "b": "б", "c": "с", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и",
    "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "қ", "r": "р",
    "s": "с", "t": "т", "u": "у", "v": "в", "w": "у", "x": "х", "y": "ы", "z": "з",
    "ä": "ә", "á": "ә", "ğ": "ғ", "ǵ": "ғ", "ñ": "ң", "ń": "ң", "ö": "ө", "ó": "ө", "ū": "ұ",
    "ü": "ү", "ú": "ү", "ý": "у", "ı": "ы", "ş": "ш", "ç": "ч", "é": "е", "è": "е", "ı̇": "и",
}  # fmt: skip
_LAT_RE = re.compile(
    "|".join(re.escape(k) for k, _ in _LAT_MULTI) + "|[" + "".join(_LAT_SINGLE) + "]"
)
_LAT_MAP = {**dict(_LAT_MULTI), **_LAT_SINGLE}
# Russian translit writes the plural ending -ые as "ye" ("novye", "dannye"); elsewhere "ye" is
# е ("yesli", "poyezd") or ъе ("podyezd").
_CONSONANT_YE = re.compile("(?<=[bcdfgjklmnpqrstvwxz])ye$")


def _latin_to_cyrillic(word: str) -> str:
    # "novye" → "novыe" (the Cyrillic ы passes the map untouched) → "новые"
    return _LAT_RE.sub(lambda m: _LAT_MAP[m.group(0)], _CONSONANT_YE.sub("ыe", word))


# Cyrillic folding for the skeleton (both text and lexicons).
_CYR_FOLD = str.maketrans(
    {
        "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "ў": "у", "һ": "х",
        "і": "и", "ы": "и", "й": "и", "ё": "е", "э": "е", "ъ": None, "ь": None, "ц": "с",
        "щ": "ш", "я": "иа", "ю": "иу",
    }
)  # fmt: skip

# Look-alike letters (a subset of Unicode confusables that matters for kk/ru/en text).
LAT_TO_CYR_LOOKALIKE = str.maketrans(
    {"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "k": "к", "m": "м",
     "t": "т", "h": "н", "b": "в", "i": "і"}
)  # fmt: skip
CYR_TO_LAT_LOOKALIKE = str.maketrans(
    {"а": "a", "с": "c", "е": "e", "о": "o", "р": "p", "х": "x", "у": "y", "к": "k", "м": "m",
     "т": "t", "н": "h", "в": "b", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "һ": "h", "ө": "o"}
)  # fmt: skip
_LAT_LOOK = frozenset("acepxykmthbi")
_CYR_LOOK = frozenset("асеорхукмтнвіјѕԁһө")


# Invisible characters (soft hyphen, zero-width space/joiners, word joiner, BOM) inside a word
# are seen through: "к\u200bод" is "код" (a way to slip past keyword filters). The classes are
# disjoint, so matching stays linear.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_WORD_RE = re.compile(f"[^\\W_]+(?:(?:['’`]|[{_INVISIBLE}]+)[^\\W_]+)*", re.UNICODE)


def _script(ch: str) -> str:
    if "a" <= ch <= "z" or ch in _LAT_SINGLE or ch == "ı":
        return "L"
    if "\u0400" <= ch <= "\u04ff" or "\u0500" <= ch <= "\u052f":
        return "C"
    return "O"


# The same three classes as _script, for whole lower-case words at once.
_LAT_CLASS = "a-z" + "".join(k for k in _LAT_SINGLE if len(k) == 1 and k > "z") + "ı"
_HAS_LAT = re.compile(f"[{_LAT_CLASS}]")
_HAS_CYR = re.compile("[\u0400-\u052f]")
_HAS_OTHER = re.compile(f"[^{_LAT_CLASS}\u0400-\u052f]")
_SCRIPT_SETS = {
    (lat, cyr, other): frozenset(s for s, on in (("L", lat), ("C", cyr), ("O", other)) if on)
    for lat in (False, True)
    for cyr in (False, True)
    for other in (False, True)
}
_DOUBLED = re.compile(r"(.)\1+")


def _scripts(low: str) -> frozenset[str]:
    """Scripts of a lower-case word's letters: "C" Cyrillic, "L" Latin, "O" other."""
    key = (bool(_HAS_LAT.search(low)), bool(_HAS_CYR.search(low)), bool(_HAS_OTHER.search(low)))
    return _SCRIPT_SETS[key]


# Phones type "don’t" and "s’" with a typographic apostrophe, some translit uses "`" for ь and
# ʼ is the modifier-letter apostrophe: all mean the ASCII one.
_APOSTROPHES = str.maketrans({"’": "'", "`": "'", "ʼ": "'"})


@lru_cache(maxsize=200_000)
def skeleton(word: str) -> str:
    """The Kazakh/Russian skeleton of one lower-case word (see module docstring)."""
    word = word.translate(_APOSTROPHES)
    latin = _HAS_LAT.search(word) is not None
    if latin and _HAS_CYR.search(word):
        # A mixed word: fold Latin look-alikes into Cyrillic, then translit what is left.
        word = word.translate(LAT_TO_CYR_LOOKALIKE)
    if latin:
        word = _latin_to_cyrillic(word)
    # Translit writes щ and сч (which sounds like щ: счёт) both as "sch" ("schet"), and ц as
    # "ts" or "c" ("politsiya", "policiya"): fold each group together.
    word = word.replace("'", "").translate(_CYR_FOLD).replace("сч", "ш").replace("тс", "с")
    # Doubled letters are typed freely in informal chat ("каспии", "кооод").
    return _DOUBLED.sub(r"\1", word)


def to_cyrillic(word: str) -> str:
    """Latin-script Kazakh/Russian in Cyrillic letters, Kazakh letters kept (for language id)."""
    return _latin_to_cyrillic(word.translate(_APOSTROPHES))


@lru_cache(maxsize=200_000)
def latin_form(word: str) -> str:
    """English-side form: Cyrillic look-alikes inside a mostly-Latin word folded to Latin."""
    mixed = _HAS_CYR.search(word) and _HAS_LAT.search(word)
    if mixed and len(_HAS_LAT.findall(word)) >= len(_HAS_CYR.findall(word)):
        return word.translate(CYR_TO_LAT_LOOKALIKE)
    return word


def mixed_script(word: str) -> bool:
    """True for a word that switches between Latin and Cyrillic look-alikes inside itself
    ("дoxoд", "Kаspi"), not for a loan word with a native suffix ("Kaspiге")."""
    if not (_HAS_CYR.search(word) and _HAS_LAT.search(word)):
        return False
    runs: list[list[str]] = []
    for c in word:
        s = _script(c)
        if s == "O":
            continue
        if not runs or runs[-1][0] != s:
            runs.append([s, c])
        else:
            runs[-1][1] += c
    if len(runs) < 2:
        return False
    if len(runs) == 2:
        # One switch: only suspicious when a single look-alike letter hides in the other script.
        (s1, r1), (s2, r2) = runs
        short = r1 if len(r1) < len(r2) else r2
        look = _LAT_LOOK if (s1 if short is r1 else s2) == "L" else _CYR_LOOK
        return len(short) == 1 and short in look and len(r1) + len(r2) >= 4
    return True


_DIGITS = re.compile(r"\d")


@dataclass(slots=True, eq=False)
class Word:
    """One distinct word as typed, with everything about it that does not depend on where it
    stands. Built once per distinct word and shared by every message that contains it (so the
    per-message cost is a cache look-up): never modified; compared and hashed by identity."""

    raw: str
    en: str  # Latin (English-side) form
    sk: str  # Kazakh/Russian skeleton
    scripts: frozenset[str]  # "C" Cyrillic, "L" Latin, "O" other
    mixed: bool  # switches between look-alike scripts inside itself
    model_en: str  # the forms the n-gram models read: digits generalized to 0
    model_sk: str


def _make_word(raw: str) -> Word:
    """The Word for a word as typed."""
    low = unicodedata.normalize("NFKC", raw).lower().translate(_APOSTROPHES)
    if not low.isalnum():
        low = "".join(c for c in low if c.isalnum() or c == "'")  # NFKC can add "⁄" (¼ → 1⁄4)
    en, sk = latin_form(low), skeleton(low)
    raw_low = _INVISIBLE_RE.sub("", raw).lower()
    return Word(
        raw=raw,
        en=en,
        sk=sk,
        scripts=_scripts(raw_low),
        mixed=mixed_script(raw_low),
        model_en=en if en.isalpha() else _DIGITS.sub("0", en),
        model_sk=sk if sk.isalpha() else _DIGITS.sub("0", sk),
    )


_WORDS = WordCache(_make_word, 300_000)  # words repeat across messages


# A text must say this many words of its own (not numbers) around its quotations for them to be
# set apart as quoted: a scam wrapped whole in quotation marks, or behind a short preamble and a
# phone number, is not quoting anyone.
MIN_OWN_WORDS = 6


class Normalized:
    """A message split into words. `words[i]` spans `spans()[i]` of `raw`; spans are found only
    when something asks for them (most messages never need one)."""

    __slots__ = ("_spans", "raw", "truncated", "words")

    def __init__(self, raw: str, words: tuple[Word, ...], truncated: bool) -> None:
        self.raw = raw  # the (possibly truncated) original text; spans index into it
        self.words = words
        self.truncated = truncated
        self._spans: list[tuple[int, int]] | None = None

    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = [m.span() for m in _WORD_RE.finditer(self.raw)]
        return self._spans

    def own_words(self, quotes: Sequence[tuple[int, int]]) -> list[Word] | None:
        """The words outside `quotes` (sorted, non-overlapping spans of `raw`); None when fewer
        than MIN_OWN_WORDS of them are words rather than numbers."""
        keep = []
        q = 0
        for w, (start, _end) in zip(self.words, self.spans(), strict=True):
            while q < len(quotes) and quotes[q][1] <= start:
                q += 1
            if q < len(quotes) and quotes[q][0] <= start:
                continue
            keep.append(w)
        if sum(1 for w in keep if not w.raw.isdigit()) < MIN_OWN_WORDS:  # numbers say nothing
            return None
        return keep

    @property
    def sk_text(self) -> str:
        return " ".join(w.sk for w in self.words)

    @property
    def en_text(self) -> str:
        return " ".join(w.en for w in self.words)


def normalize(text: str) -> Normalized:
    """Split `text` into words with their English and skeleton forms (pure, bounded)."""
    raw = text[:MAX_CHARS]
    # NFKC can change lengths (ligatures, full-width), so words are found on the raw text and
    # normalized one by one: spans stay exact.
    words = tuple(map(_WORDS.__getitem__, _WORD_RE.findall(raw)))
    return Normalized(raw, words, len(text) > MAX_CHARS)
