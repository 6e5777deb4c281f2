"""Split a message into plain and red-flag segments from the signals' spans (for the page).

The template escapes every segment: a scam can contain HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

from saqbol.verdict import Verdict


@dataclass(frozen=True)
class Segment:
    text: str
    flag: str | None = None  # the explanation of the red flag covering this segment


def segments(text: str, verdict: Verdict) -> list[Segment]:
    spans = sorted(
        (s.span[0], s.span[1], s.explanation or s.id)
        for s in verdict.signals
        if s.span and s.weight > 0 and 0 <= s.span[0] < s.span[1] <= len(text)
    )
    out: list[Segment] = []
    pos = 0
    for start, end, why in spans:
        if end <= pos:
            continue  # nested in or equal to a span already shown
        start = max(start, pos)
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], why))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out
