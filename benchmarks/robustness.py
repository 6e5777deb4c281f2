"""Does the verdict survive the way people type? The held-out writers' messages, rewritten as a
phone, a keyboard or a hurried person would write the same words, scored again.

    .venv/bin/python benchmarks/robustness.py [--json]

Each rewrite keeps the meaning: upper case; no sentence punctuation; typographic apostrophes and
quotation marks (a phone's "smart punctuation"); line breaks between sentences; emoji appended;
non-breaking spaces; one letter dropped in about every eighth word (seeded); Kazakh typed on a
Russian keyboard (ә→а, қ→к, ң→н…); Kazakh in the official 2021 Latin alphabet and in the informal
Latin of phone chats; Russian in informal Latin translit. Rewrites that only apply to one
language are scored on that language's messages. For each: how many verdicts moved across the
`scam` line, and F1 / false-positive rate (alert = `scam`) before and after. The held-out
writers are never trained on and were not used to build the rewrites.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable

import numpy as np

from saqbol.corpus import HELDOUT_WRITERS, Example, default_paths, load_corpus, writer
from saqbol.pipeline import analyze_many

SEED = 7
TYPO_RATE = 1 / 8

# Kazakh letters on a Russian keyboard: the nearest Russian letter.
NO_KAZAKH_KEYS = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")
# The 2021 official Latin alphabet (the letters the decree lists; ё, ц, щ, ю, я as spelled).
KK_LATIN_2021 = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io",
    "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū",
    "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "ş", "щ": "şş", "ъ": "",
    "ы": "y", "і": "ı", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip
# Kazakh as typed in Latin letters in chats: no diacritics.
KK_LATIN_CHAT = {
    **KK_LATIN_2021,
    "ә": "a", "ғ": "g", "ж": "zh", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "ш": "sh", "щ": "sh",
    "і": "i", "й": "i", "ю": "iu", "я": "ia",
}  # fmt: skip
# Russian in informal Latin translit.
RU_LATIN_CHAT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "sch", "ъ": "", "ы": "y", "ь": "'", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip

_SENTENCE_PUNCT = re.compile(r"[.,!?;:…]+(?=\s|$)")
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_SINGLE_QUOTED = re.compile(r"(?<!\w)'([^'\n]{1,60})'(?!\w)")
_DOUBLE_QUOTED = re.compile(r'"([^"\n]{1,200})"')
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[^\W\d_]{4,}")


def _translit(table: dict[str, str]) -> Callable[[str], str]:
    def rewrite(text: str) -> str:
        out = []
        for c in text:
            low = c.lower()
            if low in table:
                lat = table[low]
                out.append(lat.capitalize() if c != low else lat)
            else:
                out.append(c)
        return "".join(out)

    return rewrite


def smart_punctuation(text: str) -> str:
    text = _APOSTROPHE.sub("’", text)
    text = _SINGLE_QUOTED.sub(lambda m: f"‘{m.group(1)}’", text)
    return _DOUBLE_QUOTED.sub(lambda m: f"“{m.group(1)}”", text)


def typos(text: str, rng: random.Random) -> str:
    def drop(m: re.Match[str]) -> str:
        w = m.group(0)
        if rng.random() >= TYPO_RATE:
            return w
        i = rng.randrange(1, len(w))
        return w[:i] + w[i + 1 :]

    return _WORD.sub(drop, text)


def rewrites(rng: random.Random) -> dict[str, tuple[str | None, Callable[[str], str]]]:
    """name → (the only language it applies to, or None for all; the rewrite)."""
    return {
        "UPPER CASE": (None, str.upper),
        "no sentence punctuation": (None, lambda t: _SENTENCE_PUNCT.sub("", t)),
        "phone's typographic quotes and apostrophes": (None, smart_punctuation),
        "a line per sentence": (None, lambda t: _SENTENCE_END.sub("\n", t)),
        "emoji appended": (None, lambda t: t + " 🙏😊"),
        "non-breaking spaces": (None, lambda t: t.replace(" ", "\u00a0")),
        "a letter dropped in ~1 word of 8": (None, lambda t: typos(t, rng)),
        "Kazakh on a Russian keyboard": ("kk", lambda t: t.translate(NO_KAZAKH_KEYS)),
        "Kazakh in the 2021 Latin alphabet": ("kk", _translit(KK_LATIN_2021)),
        "Kazakh in chat Latin": ("kk", _translit(KK_LATIN_CHAT)),
        "Russian in chat Latin": ("ru", _translit(RU_LATIN_CHAT)),
    }


def _alerts(texts: list[str]) -> np.ndarray:
    return np.array([v.verdict == "scam" for v in analyze_many(texts)])


def rates(y: np.ndarray, alert: np.ndarray) -> tuple[float, float]:
    tp, fp = int((alert & y).sum()), int((alert & ~y).sum())
    fn = int((~alert & y).sum())
    return 2 * tp / max(1, 2 * tp + fp + fn), fp / max(1, int((~y).sum()))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    corpus, datasets = default_paths()
    held = [e for e in load_corpus(corpus, datasets) if writer(e) in HELDOUT_WRITERS]
    rng = random.Random(SEED)
    rows = []
    for name, (lang, rewrite) in rewrites(rng).items():
        # Cyrillic sources only for the transliterations: a Latin-script message is already one.
        exs: list[Example] = [
            e for e in held if lang is None or (e.lang == lang and e.script != "latn")
        ]
        y = np.array([e.is_scam for e in exs])
        before = _alerts([e.text for e in exs])
        after = _alerts([rewrite(e.text) for e in exs])
        (f1_0, fp_0), (f1_1, fp_1) = rates(y, before), rates(y, after)
        rows.append(
            {
                "rewrite": name,
                "messages": len(exs),
                "moved": float((before != after).mean()),
                "f1": [f1_0, f1_1],
                "fpr": [fp_0, fp_1],
            }
        )
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"{len(held)} messages of the held-out writers ({', '.join(sorted(HELDOUT_WRITERS))})\n")
    print(
        "| rewrite | messages | verdicts moved | F1 before → after | false alarms before → after |"
    )
    print("|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['rewrite']} | {r['messages']:,} | {r['moved']:.2%} | "
            f"{r['f1'][0]:.3f} → {r['f1'][1]:.3f} | {r['fpr'][0]:.2%} → {r['fpr'][1]:.2%} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
