"""Find a bank by what people type: "каспи", "halyk", "Народный", "бцк", with typos."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from saqbol.kb.loader import KnowledgeBase, get_kb
from saqbol.kb.models import Bank
from saqbol.text.normalize import normalize, skeleton

MIN_SCORE = 80
FUZZY_MIN_CHARS = 4
# "bank" in any language says nothing about which bank: "Mars Bank" must not match "Bank RBK".
GENERIC = frozenset({"bank", "банк", "банки", "банка", "банкі", "банкы"})


def fold(text: str) -> str:
    """Script- and spelling-independent form: "Kaspi", "каспи", "Қаспи" and "kаspi" meet."""
    return " ".join(w.sk for w in normalize(text).words if w.sk not in _GENERIC_SK)


_GENERIC_SK = frozenset(skeleton(w) for w in GENERIC)


def find_bank(query: str, kb: KnowledgeBase | None = None) -> Bank | None:
    """Best-matching bank for `query`, or None when nothing is close enough."""
    kb = kb or get_kb()
    q = fold(query)
    if not q:
        return None
    choices: dict[tuple[str, int], str] = {}
    for bank in kb.contacts.banks:
        for i, alias in enumerate([bank.id, bank.name, *bank.aliases]):
            choices[(bank.id, i)] = fold(alias)
    for key, alias in choices.items():
        if alias == q:
            return kb.bank(key[0])
    if len(q) < FUZZY_MIN_CHARS:
        return None  # too short to guess: "БЦК" or "ВТБ" match exactly above, "з" matches nothing
    best = process.extractOne(q, choices, scorer=fuzz.WRatio, score_cutoff=MIN_SCORE)
    if best is None:
        return None
    return kb.bank(best[2][0])
