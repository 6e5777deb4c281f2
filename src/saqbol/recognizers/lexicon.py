"""Lexicon recognizer: the knowledge base's trigger phrases matched on normalized words.

Phrases are compiled once into an index keyed by their first word, so a message costs one or
two dictionary look-ups per word; there is no regex over the whole text, so nothing can
backtrack. Kazakh and Russian phrases match the skeleton form of words (any script, folded
letters), English phrases the Latin form.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from saqbol.kb.loader import KnowledgeBase, get_kb
from saqbol.text.normalize import Normalized, Word, latin_form, skeleton

PREFIX_KEY = 2  # stems are indexed by their first letters

# A negated ask is not an ask: "кодты ешкімге айтпаңыз", "никому не сообщайте код", "never
# share". Russian/English negate with a word before the verb (skeleton / Latin forms here);
# Kazakh with a suffix right after the verb stem (-ма/-ме/-ба/-бе/-па/-пе).
NEG_WORDS = frozenset(
    {"не", "ни", "никому", "никогда", "нелзиа", "not", "never", "don't", "dont", "no"}
)
KK_NEG_SUFFIXES = ("ма", "ме", "ба", "бе", "па", "пе")
REASSURANCE = "reassurance"  # signals of this group are themselves negations: never skipped


@dataclass(frozen=True, slots=True)
class Token:
    value: str
    stem: bool

    def matches(self, form: str) -> bool:
        return form.startswith(self.value) if self.stem else form == self.value


@dataclass(frozen=True, slots=True)
class Phrase:
    signal: str
    lang: str
    tokens: tuple[Token, ...]
    gap: int
    english: bool  # match the Latin form, not the skeleton
    negatable: bool  # a negated match does not count
    required: frozenset[str]  # whole words the phrase needs: a message without them is skipped


@dataclass(frozen=True, slots=True)
class Hit:
    signal: str
    lang: str
    start: int  # offsets into the original text
    end: int


def _tokens(phrase: str, english: bool) -> tuple[Token, ...]:
    out = []
    for part in phrase.lower().replace("-", " ").split():
        stem = part.endswith("*")
        word = part.rstrip("*")
        form = latin_form(word) if english else skeleton(word)
        if form:
            out.append(Token(form, stem))
    return tuple(out)


class LexiconIndex:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.exact: dict[tuple[bool, str], list[Phrase]] = defaultdict(list)
        self.prefix: dict[tuple[bool, str], list[Phrase]] = defaultdict(list)
        for lex in kb.lexicons:
            english = lex.lang == "en"
            for text in lex.phrases:
                tokens = _tokens(text, english)
                if not tokens:
                    continue
                negatable = kb.signals[lex.signal].group != REASSURANCE
                required = frozenset(t.value for t in tokens[1:] if not t.stem)
                phrase = Phrase(lex.signal, lex.lang, tokens, lex.gap, english, negatable, required)
                first = tokens[0]
                if first.stem:
                    self.prefix[(english, first.value[:PREFIX_KEY])].append(phrase)
                else:
                    self.exact[(english, first.value)].append(phrase)

        self._candidates = lru_cache(maxsize=200_000)(self._candidates_uncached)

    def _candidates_uncached(self, en: str, sk: str) -> tuple[Phrase, ...]:
        """Phrases whose first word matches this word (cached per word form)."""
        out: list[Phrase] = []
        for english, form in ((True, en), (False, sk)):
            out.extend(self.exact.get((english, form), ()))
            for p in self.prefix.get((english, form[:PREFIX_KEY]), ()):
                if form.startswith(p.tokens[0].value):
                    out.append(p)
        return tuple(out)

    def find(self, norm: Normalized) -> list[Hit]:
        """All phrase hits, at most one per (signal, start word)."""
        words = norm.words
        forms = {w.en for w in words} | {w.sk for w in words}
        hits: list[Hit] = []
        seen: set[tuple[str, int]] = set()
        for i, word in enumerate(words):
            for phrase in self._candidates(word.en, word.sk):
                if (phrase.signal, i) in seen or not phrase.required <= forms:
                    continue
                matched = _match_rest(words, i, phrase)
                if matched is not None and not (
                    phrase.negatable and _negated(words, matched, phrase)
                ):
                    end = matched[-1]
                    seen.add((phrase.signal, i))
                    hits.append(Hit(phrase.signal, phrase.lang, word.start, words[end].end))
        return hits


def _match_rest(words: Sequence[Word], i: int, phrase: Phrase) -> list[int] | None:
    """Indexes of the matched words when the rest of `phrase` follows word i within the gaps."""
    pos = i
    matched = [i]
    for token in phrase.tokens[1:]:
        limit = min(len(words), pos + 2 + phrase.gap)
        for j in range(pos + 1, limit):
            form = words[j].en if phrase.english else words[j].sk
            if token.matches(form):
                pos = j
                matched.append(j)
                break
        else:
            return None
    return matched


def _negated(words: Sequence[Word], matched: list[int], phrase: Phrase) -> bool:
    """Russian/English: a negation word right before a matched word (and not itself part of
    the phrase). Kazakh: a negation suffix right after a matched stem ("не" is "what" there)."""
    kazakh = phrase.lang == "kk"
    for token, j in zip(phrase.tokens, matched, strict=True):
        if kazakh:
            if token.stem and words[j].sk[len(token.value) :].startswith(KK_NEG_SUFFIXES):
                return True
        elif j > 0 and j - 1 not in matched:
            prev = words[j - 1]
            if (prev.en if phrase.english else prev.sk) in NEG_WORDS:
                return True
    return False


@cache
def get_index() -> LexiconIndex:
    return LexiconIndex(get_kb())
