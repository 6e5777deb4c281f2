"""Quality metrics of the detector on labelled messages (`saqbol eval`, the benchmarks)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from saqbol.corpus import Example
from saqbol.verdict import Verdict


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    scheme_right: int = 0
    scheme_total: int = 0

    def add(self, scam: bool, flagged: bool) -> None:
        if scam and flagged:
            self.tp += 1
        elif scam:
            self.fn += 1
        elif flagged:
            self.fp += 1
        else:
            self.tn += 1

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def fpr(self) -> float:
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0

    @property
    def scheme_accuracy(self) -> float:
        return self.scheme_right / self.scheme_total if self.scheme_total else 0.0

    def row(self) -> dict[str, float | int]:
        return {
            "n": self.n,
            "scams": self.tp + self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "fpr": round(self.fpr, 4),
            "scheme_acc": round(self.scheme_accuracy, 4),
        }


@dataclass
class Report:
    overall: Counts = field(default_factory=Counts)
    by_lang: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_channel: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_source: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[tuple[float, Example, Verdict]] = field(default_factory=list)

    def as_dict(self, worst: int = 20) -> dict[str, object]:
        return {
            "overall": self.overall.row(),
            "by_lang": {k: v.row() for k, v in sorted(self.by_lang.items())},
            "by_channel": {k: v.row() for k, v in sorted(self.by_channel.items())},
            "by_source": {k: v.row() for k, v in sorted(self.by_source.items())},
            "scheme_confusion": [
                {"true": t, "predicted": p, "count": c}
                for (t, p), c in self.confusion.most_common()
                if t != p
            ],
            "worst_misses": [
                {
                    "id": ex.id,
                    "label": ex.label,
                    "lang": ex.lang,
                    "risk": v.risk,
                    "verdict": v.verdict,
                    "text": ex.text[:300],
                }
                for _, ex, v in sorted(self.misses, key=lambda m: -m[0])[:worst]
            ],
        }


def flagged(v: Verdict, strict: bool = False) -> bool:
    """A scam alert: `scam`, or also `suspicious` unless strict."""
    return v.verdict == "scam" or (not strict and v.verdict == "suspicious")


def evaluate(
    examples: Sequence[Example],
    analyze_many: Callable[[list[str]], list[Verdict]],
    strict: bool = False,
    batch: int = 512,
) -> Report:
    rep = Report()
    for i in range(0, len(examples), batch):
        chunk = examples[i : i + batch]
        for ex, v in zip(chunk, analyze_many([e.text for e in chunk]), strict=True):
            _count(rep, ex, v, strict)
    return rep


def _count(rep: Report, ex: Example, v: Verdict, strict: bool) -> None:
    hit = flagged(v, strict)
    lang = ex.lang if ex.script != "latn" or ex.lang == "en" else f"{ex.lang}-latn"
    langs = [rep.by_lang[ex.lang]] + ([rep.by_lang[lang]] if lang != ex.lang else [])
    buckets: tuple[Counts, ...] = (
        rep.overall,
        *langs,
        rep.by_channel[ex.channel],
        rep.by_source[ex.source],
    )
    for c in buckets:
        c.add(ex.is_scam, hit)
    if ex.is_scam and ex.scheme and hit:
        right = v.scheme == ex.scheme
        for c in buckets:
            c.scheme_total += 1
            c.scheme_right += int(right)
        rep.confusion[(ex.scheme, v.scheme or "none")] += 1
    if ex.is_scam != hit:
        # how wrong: a scam at low risk or a legit message at high risk
        rep.misses.append((abs((1.0 if ex.is_scam else 0.0) - v.risk), ex, v))
