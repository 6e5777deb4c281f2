"""The labelled corpus: saqbol's own messages (data/corpus/) and the public datasets beside it.

Splits are deterministic: saqbol's messages are split by their writing `group` (so that messages
written in one sitting never straddle train and test), public datasets by a hash of the
normalized text (so that duplicates fall on one side). `heldout` messages are never trained on.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Split = Literal["train", "dev", "test"]
# measure generalization: always test
HELDOUT_WRITERS = frozenset(
    {"heldout", "blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7", "blind8",
     "blind9", "blind10", "blind11"}
)  # fmt: skip
TUNING_WRITERS = frozenset({"indep"})  # choose thresholds: always dev

csv.field_size_limit(10_000_000)


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    text: str
    label: str  # scam | legit
    scheme: str | None
    lang: str
    channel: str
    source: str
    group: str
    script: str = "cyrl"

    @property
    def is_scam(self) -> bool:
        return self.label == "scam"


def _bucket(key: str) -> float:
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF


def writer(ex: Example) -> str | None:
    """Which saqbol writer wrote the message (None for public datasets)."""
    return ex.id.rsplit("-", 1)[0] if ex.source == "saqbol-authored" else None


def split_of(ex: Example) -> Split:
    """train 70% / dev 15% / test 15%; the independent writers are never trained on."""
    w = writer(ex)
    if w in HELDOUT_WRITERS:
        return "test"
    if w in TUNING_WRITERS:
        return "dev"
    key = ex.group if ex.source == "saqbol-authored" else " ".join(ex.text.lower().split())
    b = _bucket(key)
    return "train" if b < 0.70 else "dev" if b < 0.85 else "test"


def read_jsonl(path: Path) -> Iterator[Example]:
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                yield Example(
                    id=str(r["id"]),
                    text=str(r["text"]),
                    label=str(r["label"]),
                    scheme=r.get("scheme"),
                    lang=str(r.get("lang", "unknown")),
                    channel=str(r.get("channel", "unknown")),
                    source=str(r.get("source", "saqbol-authored")),
                    group=str(r.get("group", r["id"])),
                    script=str(r.get("script", "cyrl")),
                )
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{n}: bad corpus record: {exc}") from exc


def read_dataset_csv(path: Path, channel: str) -> Iterator[Example]:
    """A public dataset file of ../shared/datasets (id,label,...,lang,text)."""
    name = path.parent.name
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        for r in csv.DictReader(fh):
            text = (r.get("text") or "").replace("\\n", "\n")
            if not text.strip():
                continue
            yield Example(
                id=r["id"],
                text=text,
                label=r["label"],
                scheme=None,
                lang=r.get("lang") or "en",
                channel=channel,
                source=name,
                group=r["id"],
                script="latn" if (r.get("lang") or "en") == "en" else "cyrl",
            )


DATASET_CHANNELS = {
    "uci-sms-spam": "sms",
    "mishra-smishing": "sms",
    "tg-spam-samples": "messenger",
}


def load_corpus(
    corpus_dir: Path, datasets_dir: Path | None = None, include_heldout: bool = True
) -> list[Example]:
    examples: list[Example] = []
    for path in sorted((corpus_dir / "parts").glob("*.jsonl")):
        if not include_heldout and path.stem in HELDOUT_WRITERS | TUNING_WRITERS:
            continue
        examples.extend(read_jsonl(path))
    if datasets_dir is not None and datasets_dir.is_dir():
        for name, channel in DATASET_CHANNELS.items():
            path = datasets_dir / name / "train.csv"
            if path.exists():
                examples.extend(read_dataset_csv(path, channel))
    return _dedupe(examples)


def _dedupe(examples: Iterable[Example]) -> list[Example]:
    seen: set[str] = set()
    out = []
    for ex in examples:
        key = " ".join(ex.text.lower().split())
        if key in seen:
            continue
        seen.add(key)
        out.append(ex)
    return out


def default_paths() -> tuple[Path, Path]:
    """data/corpus of the repo and ../shared/datasets beside it (for `saqbol train`)."""
    repo = Path(__file__).resolve().parents[2]
    return repo / "data" / "corpus", repo.parent / "shared" / "datasets"
