"""The corpus keeps the promises the detector's numbers rest on: well-formed records, enough of
every scheme in every language, enough hard negatives, and splits that never leak."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

import pytest

from saqbol.corpus import (
    HELDOUT_WRITERS,
    TUNING_WRITERS,
    Example,
    default_paths,
    load_corpus,
    split_of,
    writer,
)
from saqbol.kb.models import SCHEME_IDS

PARTS = default_paths()[0] / "parts"
FIELDS = {"id", "text", "label", "scheme", "lang", "script", "channel", "group", "source"}
LANGS = {"kk", "ru", "en", "mixed"}
SCRIPTS = {"cyrl", "latn", "mixed"}
CHANNELS = {"sms", "messenger", "email", "call", "social"}


@cache
def authored() -> tuple[Example, ...]:
    return tuple(e for e in load_corpus(default_paths()[0]) if e.source == "saqbol-authored")


@pytest.mark.parametrize("path", sorted(PARTS.glob("*.jsonl")), ids=lambda p: p.stem)
def test_every_record_is_well_formed(path: Path) -> None:
    ids = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        r = json.loads(line)
        where = f"{path.name}:{n}"
        assert set(r) >= FIELDS, where
        assert r["id"].rsplit("-", 1)[0] == path.stem, where
        assert r["id"] not in ids, f"{where}: duplicate id"
        ids.add(r["id"])
        assert r["text"].strip(), where
        assert (r["label"] == "scam") == (r["scheme"] in SCHEME_IDS), where
        assert (r["label"] == "legit") == (r["scheme"] is None), where
        assert r["lang"] in LANGS and r["script"] in SCRIPTS and r["channel"] in CHANNELS, where
        assert r["source"] == "saqbol-authored", where


def test_size_and_share_of_legitimate_messages() -> None:
    ex = authored()
    assert len(ex) >= 4000
    assert sum(not e.is_scam for e in ex) / len(ex) >= 0.40


def test_every_scheme_in_every_language() -> None:
    counts = Counter((e.scheme, e.lang) for e in authored() if e.is_scam)
    thin = {(s, lang): counts[(s, lang)] for s in SCHEME_IDS for lang in ("kk", "ru", "en")}
    assert min(thin.values()) >= 20, sorted(thin.items(), key=lambda kv: kv[1])[:5]


def test_latin_script_kazakh_code_switching_and_call_transcripts_are_there() -> None:
    ex = authored()
    assert sum(1 for e in ex if e.lang == "kk" and e.script == "latn") >= 300
    assert sum(1 for e in ex if e.lang == "mixed") >= 300
    assert sum(1 for e in ex if e.channel == "call") >= 300


def test_independent_writers_are_never_trained_on() -> None:
    for e in authored():
        w = writer(e)
        if w in HELDOUT_WRITERS:
            assert split_of(e) == "test", e.id
        elif w in TUNING_WRITERS:
            assert split_of(e) == "dev", e.id


def test_a_writing_group_never_straddles_two_splits() -> None:
    splits: defaultdict[str, set[str]] = defaultdict(set)
    for e in authored():
        splits[e.group].add(split_of(e))
    straddling = [g for g, s in splits.items() if len(s) > 1]
    assert not straddling, straddling[:5]


def test_every_split_has_both_labels_in_every_language() -> None:
    seen = {(split_of(e), e.lang, e.label) for e in authored()}
    for split in ("train", "dev", "test"):
        for lang in ("kk", "ru", "en"):
            assert {(split, lang, "scam"), (split, lang, "legit")} <= seen, (split, lang)
