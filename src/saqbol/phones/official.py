"""Official numbers of the knowledge base: hotlines, banks' card-blocking lines, brand numbers."""

from __future__ import annotations

from functools import lru_cache

from saqbol.kb.loader import KnowledgeBase, get_kb


def _digits(number: str) -> str:
    return "".join(c for c in number if c.isdigit())


@lru_cache(maxsize=1)
def official_numbers(kb: KnowledgeBase | None = None) -> dict[str, str]:
    """Dialled digits (short numbers as they are, full numbers as 7XXXXXXXXXX) → what it is:
    "kaspi card-blocking", "police 102", "egov 1414"."""
    kb = kb or get_kb()
    table: dict[str, str] = {}
    for bank in kb.contacts.banks:
        for num in bank.card_block:
            table.setdefault(_digits(num.dial), f"{bank.id} card-blocking")
    for h in kb.contacts.hotlines:
        table.setdefault(_digits(h.number), f"{h.id} {h.number}")
    for brand in kb.brands:
        for n in brand.short_numbers:
            table.setdefault(_digits(n), f"{brand.id} {n}")
    return table
