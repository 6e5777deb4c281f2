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
from functools import cache

from saqbol.kb.loader import KnowledgeBase, get_kb
from saqbol.text.memo import WordCache
from saqbol.text.normalize import Normalized, Word, latin_form, skeleton

# A negated ask is not an ask: "кодты ешкімге айтпаңыз", "никому не сообщайте код", "never
# share". Russian/English negate with a word before the verb (skeleton / Latin forms here);
# Kazakh with a suffix right after the verb stem (-ма/-ме/-ба/-бе/-па/-пе).
NEG_WORDS = frozenset(
    {"не", "ни", "никому", "никогда", "нелзиа", "not", "never", "don't", "dont", "no"}
)
# ...or before a modal that governs the verb: "не могу скинуть", "не надо переводить" (these
# words are their own skeletons).
RU_MODALS = frozenset(
    {"могу", "можем", "может", "можете", "смогу", "сможем", "буду", "будем", "будет", "надо",
     "нужно", "стоит", "хочу"}
)  # fmt: skip
KK_NEG_SUFFIXES = ("ма", "ме", "ба", "бе", "па", "пе")
# ...or with "no need" after it: "кодты айтудың қажеті жоқ", "айту керек емес" (skeletons).
KK_NO_NEED = frozenset({("кажети", "жок"), ("кажет", "емес"), ("керек", "емес"), ("керек", "жок")})
# ...or with a negated verb right after it: "алдын ала төлем алмайды" (does not take), "код
# сұрамаймыз" (skeleton endings of the present "does not", "we do not"; not the imperative
# "-маңыз", which follows a phrase as often in a scam: "қорықпаңыз", "тергеу құпиясын бұзбаңыз").
# Not the conditional "-масаңыз" (if you do not), a scam's threat.
KK_NEG_VERB_ENDINGS = tuple(f"{neg}{end}" for neg in KK_NEG_SUFFIXES for end in ("иди", "имиз"))
REASSURANCE = "reassurance"  # signals of this group are themselves negations: never skipped
MAX_CACHED_WORDS = 300_000


@dataclass(frozen=True, slots=True)
class Token:
    value: str
    stem: bool  # matches any word that starts with `value` (Kazakh suffixes, Russian endings)
    english: bool  # matches the Latin form of a word, not its skeleton


@dataclass(frozen=True, slots=True)
class Phrase:
    signal: str
    lang: str
    tokens: tuple[Token, ...]
    ids: tuple[int, ...]  # the tokens' ids in the index
    gap: int
    english: bool  # match the Latin form, not the skeleton
    negatable: bool  # a negated match does not count
    needs: frozenset[int]  # token ids a message must contain for the phrase to be possible


@dataclass(frozen=True, slots=True)
class Hit:
    signal: str
    lang: str
    start: int  # offsets into the original text
    end: int


def _en_form(word: str) -> str:
    """English phrases match with or without apostrophes: "dont share" is "don't share"."""
    return word.replace("'", "")


def _tokens(phrase: str, english: bool) -> tuple[Token, ...]:
    out = []
    for part in phrase.lower().replace("-", " ").split():
        stem = part.endswith("*")
        word = part.rstrip("*")
        form = _en_form(latin_form(word)) if english else skeleton(word)
        if form:
            out.append(Token(form, stem, english))
    return tuple(out)


class LexiconIndex:
    """Every distinct phrase word (token) gets an id. A word of a message is turned, once per
    distinct word, into the set of token ids it matches and the phrases it can start; a message
    is then a few set operations, and only phrases whose every token occurs are walked."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.ids: dict[Token, int] = {}
        self.by_first: dict[int, list[Phrase]] = defaultdict(list)
        for lex in kb.lexicons:
            english = lex.lang == "en"
            negatable = kb.signals[lex.signal].group != REASSURANCE
            for text in lex.phrases:
                tokens = _tokens(text, english)
                if not tokens:
                    continue
                ids = tuple(self.ids.setdefault(t, len(self.ids)) for t in tokens)
                phrase = Phrase(
                    lex.signal, lex.lang, tokens, ids, lex.gap, english, negatable, frozenset(ids)
                )
                self.by_first[ids[0]].append(phrase)
        self.exact_ids = {(t.english, t.value): i for t, i in self.ids.items() if not t.stem}
        self.stem_ids = {(t.english, t.value): i for t, i in self.ids.items() if t.stem}
        # every beginning of a stem: walking a word's prefixes stops at the first that is none
        self.stem_prefixes = {(e, v[:n]) for e, v in self.stem_ids for n in range(1, len(v) + 1)}
        self._infos = WordCache(self._info, MAX_CACHED_WORDS)  # per distinct Word

    def _info(self, word: Word) -> tuple[frozenset[int], tuple[Phrase, ...]]:
        """(ids of the tokens this word matches, phrases it can start) — per distinct word."""
        ids = set()
        for english, form in ((True, _en_form(word.en)), (False, word.sk)):
            exact = self.exact_ids.get((english, form))
            if exact is not None:
                ids.add(exact)
            for n in range(1, len(form) + 1):
                key = (english, form[:n])
                if key not in self.stem_prefixes:
                    break
                stem = self.stem_ids.get(key)
                if stem is not None:
                    ids.add(stem)
        starts = tuple(p for i in sorted(ids) for p in self.by_first.get(i, ()))
        return frozenset(ids), starts

    def find(self, norm: Normalized) -> list[Hit]:
        """All phrase hits, at most one per (signal, start word)."""
        words = norm.words
        infos = list(map(self._infos.__getitem__, words))
        matches = [ids for ids, _ in infos]
        present = frozenset().union(*matches)
        hits: list[Hit] = []
        seen: set[tuple[str, int]] = set()
        for i, (_, starts) in enumerate(infos):
            for phrase in starts:
                if not phrase.needs <= present or (phrase.signal, i) in seen:
                    continue
                matched = _match_rest(matches, i, phrase)
                if matched is not None and not (
                    phrase.negatable and _negated(words, matched, phrase)
                ):
                    seen.add((phrase.signal, i))
                    spans = norm.spans()
                    hits.append(Hit(phrase.signal, phrase.lang, spans[i][0], spans[matched[-1]][1]))
        return hits


def _match_rest(matches: Sequence[frozenset[int]], i: int, phrase: Phrase) -> list[int] | None:
    """Indexes of the matched words when the rest of `phrase` follows word i within the gaps
    (`matches[j]`: the token ids word j matches)."""
    pos = i
    matched = [i]
    n = len(matches)
    for tid in phrase.ids[1:]:
        for j in range(pos + 1, min(n, pos + 2 + phrase.gap)):
            if tid in matches[j]:
                pos = j
                matched.append(j)
                break
        else:
            return None
    return matched


def _negated(words: Sequence[Word], matched: list[int], phrase: Phrase) -> bool:
    """Russian/English: a negation word right before a matched word, or before a Russian modal
    right before it (and not itself part of the phrase). Kazakh: a negation suffix right after
    a matched stem ("не" is "what" there), or "no need" or a negated verb right after the
    phrase."""
    kazakh = phrase.lang == "kk"
    last = matched[-1]
    if kazakh and tuple(w.sk for w in words[last + 1 : last + 3]) in KK_NO_NEED:
        return True
    if kazakh and last + 1 < len(words) and words[last + 1].sk.endswith(KK_NEG_VERB_ENDINGS):
        return True
    for token, j in zip(phrase.tokens, matched, strict=True):
        if kazakh:
            if token.stem and words[j].sk[len(token.value) :].startswith(KK_NEG_SUFFIXES):
                return True
        elif j > 0 and j - 1 not in matched:
            prev = words[j - 1]
            if (prev.en if phrase.english else prev.sk) in NEG_WORDS:
                return True
            if (
                not phrase.english
                and prev.sk in RU_MODALS
                and j > 1
                and j - 2 not in matched
                and words[j - 2].sk in NEG_WORDS
            ):
                return True
    return False


@cache
def get_index() -> LexiconIndex:
    return LexiconIndex(get_kb())
