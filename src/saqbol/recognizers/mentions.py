"""Red flags that are mentioned, not made: a warning writes «безопасный счёт», 'safe account',
"қауіпсіз шот" in quotation marks; a scammer says it plainly. In the corpus a red-flag phrase
inside short quotation marks is about seven times more often legitimate than a scam.

A text wrapped whole in quotation marks (a forwarded scam) is not a mention: the text must say
enough words of its own outside the quotations.
"""

from __future__ import annotations

import re

from saqbol.text.normalize import Normalized

# Short quotations, each kind with its own closing mark; a negated class bounded to 60
# characters, so every start scans at most 60 characters (no backtracking blow-up). A single
# quote opens only after a non-word character and closes only before one: "don't", "Qazaqstan'da"
# are apostrophes. Phones turn 'x' into ‘x’ (and "don't" into "don’t").
SHORT_QUOTE_RE = re.compile(
    r"«[^«»\n]{1,60}»"
    r"|“[^“”\n]{1,60}[”“]"
    r"|„[^„“”\n]{1,60}[“”]"
    r'|"[^"\n]{1,60}"'
    r"|(?<!\w)'[^'\n]{1,60}'(?!\w)"
    r"|(?<!\w)‘[^‘’\n]{1,60}’(?!\w)"
)
_QUOTE_MARKS = frozenset("«“„\"'‘")


def mention_spans(norm: Normalized) -> list[tuple[int, int]]:
    """Short quotations in `norm.raw` that a text mentions (empty for most texts, which have no
    quotation mark, and for a text that is little more than its quotations)."""
    raw = norm.raw
    if _QUOTE_MARKS.isdisjoint(raw):
        return []
    spans = [m.span() for m in SHORT_QUOTE_RE.finditer(raw)]
    return spans if spans and norm.own_words(spans) is not None else []


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies within one of `spans` (the quotation marks excluded)."""
    return any(a < start and end < b for a, b in spans)
