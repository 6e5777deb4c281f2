"""Lookup tables of the link analyzer (YAML in links/data/, each file names its source)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


def data_dir() -> Path:
    return Path(str(resources.files("saqbol.links") / "data"))


def _load(name: str) -> dict[str, Any]:
    with (data_dir() / name).open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict) or "source" not in data:
        raise ValueError(f"links/data/{name}: expected a mapping with a `source`")
    return data


def _words(items: list[Any]) -> frozenset[str]:
    return frozenset(str(x).lower().strip() for x in items)


@dataclass(frozen=True)
class Tables:
    glyphs: dict[str, str]  # one character -> ASCII look-alike (may be two letters)
    sequences: dict[str, str]  # ASCII sequences that read as one letter ("rn" -> "m")
    ascii_fold: dict[str, str]  # ASCII characters confused with each other ("0" -> "o")
    weak_fold: dict[str, str]  # weaker ASCII swaps ("c" -> "e")
    risky_tlds: frozenset[str]
    shorteners: frozenset[str]
    free_hosting: frozenset[str]
    lure_words: frozenset[str]
    generic_words: frozenset[str]
    country_markers: frozenset[str]
    shared_names: frozenset[str]
    file_like: frozenset[str]
    weights: dict[str, float]
    phishing_at: float
    suspicious_at: float


@functools.cache
def get_tables() -> Tables:
    homo = _load("homoglyphs.yaml")
    generic = _load("generic_words.yaml")
    weights = _load("weights.yaml")
    return Tables(
        glyphs={str(k): str(v) for k, v in homo["chars"].items()},
        sequences={str(k): str(v) for k, v in homo["sequences"].items()},
        ascii_fold={str(k): str(v) for k, v in homo["ascii"].items()},
        weak_fold={str(k): str(v) for k, v in homo["weak"].items()},
        risky_tlds=_words(_load("risky_tlds.yaml")["tlds"]),
        shorteners=_words(_load("shorteners.yaml")["hosts"]),
        free_hosting=_words(_load("free_hosting.yaml")["hosts"]),
        lure_words=_words(_load("lure_words.yaml")["words"]),
        generic_words=_words(generic["words"]),
        country_markers=_words(generic["country_markers"]),
        shared_names=_words(generic["shared_names"]),
        file_like=_words(_load("file_like.yaml")["suffixes"]),
        weights={str(k): float(v) for k, v in weights["weights"].items()},
        phishing_at=float(weights["thresholds"]["phishing"]),
        suspicious_at=float(weights["thresholds"]["suspicious"]),
    )
