"""The `scam` threshold by the rule written in `kb/data/thresholds.yaml`.

    .venv/bin/python benchmarks/choose_threshold.py

Rule: the lowest threshold, at least 0.5, whose false-alarm rate is <= 1% (the issue's bar) on
the independent tuning writer (`indep`) and on the whole dev split. The floor: risk is
calibrated, so a "scam" verdict below 0.5 would call a message a scam that its own risk says is
more likely not.
Neither set is trained on, and neither is used to report quality (the held-out writers and the
test split are). Prints the candidates and the choice; edit thresholds.yaml by hand with the
result.
"""

from __future__ import annotations

import sys

import numpy as np

from saqbol.corpus import TUNING_WRITERS, Example, default_paths, load_corpus, split_of, writer
from saqbol.pipeline import analyze_many

INDEP_MAX_FP = 0.01
DEV_MAX_FP = 0.01
SCAM_FLOOR = 0.5
CANDIDATES = np.round(np.arange(0.30, 0.96, 0.05), 2)


def rates(exs: list[Example], risks: np.ndarray, th: float) -> tuple[float, float, float]:
    """(false-positive rate, recall, F1) with alert = risk >= th."""
    scam = np.array([e.is_scam for e in exs])
    alert = risks >= th
    tp, fp = int((alert & scam).sum()), int((alert & ~scam).sum())
    fn = int((~alert & scam).sum())
    fpr = fp / max(1, int((~scam).sum()))
    recall = tp / max(1, tp + fn)
    f1 = 2 * tp / max(1, 2 * tp + fp + fn)
    return fpr, recall, f1


def main() -> int:
    corpus, datasets = default_paths()
    examples = load_corpus(corpus, datasets)
    dev = [e for e in examples if split_of(e) == "dev"]
    indep = [e for e in dev if writer(e) in TUNING_WRITERS]
    dev_risk = np.array([v.risk for v in analyze_many([e.text for e in dev])])
    indep_risk = np.array([v.risk for v in analyze_many([e.text for e in indep])])
    print("| threshold | indep FP | indep recall | indep F1 | dev FP | dev recall | dev F1 |")
    print("|---|---|---|---|---|---|---|")
    chosen = None
    for th in CANDIDATES:
        i_fp, i_rec, i_f1 = rates(indep, indep_risk, th)
        d_fp, d_rec, d_f1 = rates(dev, dev_risk, th)
        print(
            f"| {th:.2f} | {i_fp:.2%} | {i_rec:.3f} | {i_f1:.3f} | "
            f"{d_fp:.2%} | {d_rec:.3f} | {d_f1:.3f} |"
        )
        if chosen is None and th >= SCAM_FLOOR and i_fp <= INDEP_MAX_FP and d_fp <= DEV_MAX_FP:
            chosen = th
    print(f"\nscam threshold by the rule: {chosen}")
    return 0 if chosen is not None else 1


if __name__ == "__main__":
    sys.exit(main())
