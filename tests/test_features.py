"""Hashed n-gram features: one document scores the same alone as inside a batch."""

from __future__ import annotations

import numpy as np
import pytest

from saqbol.features import char_ngrams, word_ngrams

TEXTS = ["кодты айтыңыз", "Your card is blocked, tell me the code", "ok", "ааа ааа ааа"]


@pytest.mark.parametrize("k", [None, 3])
def test_one_document_scores_as_in_a_batch(k: int | None) -> None:
    rng = np.random.default_rng(0)
    bits = 12
    coef = rng.normal(size=(1 << bits) if k is None else (1 << bits, k))
    batch = char_ngrams(TEXTS, 2, 4, bits).dot(coef)
    for i, text in enumerate(TEXTS):
        alone = char_ngrams([text], 2, 4, bits).dot(coef)
        assert alone.shape == batch[i : i + 1].shape
        assert np.allclose(alone, batch[i : i + 1], rtol=0, atol=1e-12)
    words = [t.split() for t in TEXTS]
    wbatch = word_ngrams(words, 1, 2, bits).dot(coef)
    for i, doc in enumerate(words):
        assert np.allclose(word_ngrams([doc], 1, 2, bits).dot(coef), wbatch[i : i + 1], atol=1e-12)
