"""`saqbol train`: its model loads, ranks unseen messages, and is rebuilt byte for byte."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.sparse import csr_matrix

from saqbol.corpus import default_paths, load_corpus, split_of
from saqbol.model import load, model_text
from saqbol.pipeline import extract
from saqbol.train import _nb_scale, train


def test_naive_bayes_scale_makes_telling_ngrams_louder_than_shared_ones() -> None:
    # columns: 0 in every scam only, 1 in every message, 2 in every legit only
    x = csr_matrix(np.array([[1, 1, 0], [1, 1, 0], [0, 1, 1], [0, 1, 1]], dtype=float))
    scale = _nb_scale(x, np.array([1, 1, 0, 0]), np.ones(4))
    assert scale[0] > scale[1] and scale[2] > scale[1]
    assert scale[0] == pytest.approx(scale[2])  # the scale is about telling apart, not the side


@pytest.fixture(scope="module")
def small_corpus() -> list:
    """A few hundred of the corpus's own training messages per class, and dev messages to score."""
    examples = load_corpus(*default_paths())
    authored = [e for e in examples if e.source == "saqbol-authored"]
    train_part = [e for e in authored if split_of(e) == "train"]
    scams = [e for e in train_part if e.is_scam][:300]
    legit = [e for e in train_part if not e.is_scam][:300]
    return scams + legit


def test_a_trained_model_ranks_unseen_scams_above_legit_messages(
    small_corpus: list, tmp_path: Path
) -> None:
    out = tmp_path / "detector.npz"
    report = train(small_corpus, out)
    assert report.counts["train"] == len(small_corpus)
    det = load(out)
    dev = [e for e in load_corpus(*default_paths()) if split_of(e) == "dev"]
    dev = [e for e in dev if e.source == "saqbol-authored"][:400]
    logits = det.text_logits([model_text(extract(e.text).norm) for e in dev])
    y = np.array([e.is_scam for e in dev])
    # most (scam, legit) pairs of unseen messages in order: it learned, not memorized
    pairs = (logits[y][:, None] > logits[~y][None, :]).mean()
    assert pairs > 0.85
    again = train(small_corpus, tmp_path / "again.npz")
    assert again.digest == report.digest
