"""The shipped model file: loads, and an older file is refused with a way out, not misread."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

from saqbol.model import load, shipped_path


def test_shipped_model_has_a_weight_for_every_signal_the_logit_the_quote_gap_and_frames() -> None:
    det = load()
    assert len(det.scorer_coef) == len(det.signal_ids) + 2 + len(det.framed_ids)
    assert det.quote_weight < 0 < det.logit_weight  # quotations lower, the text model raises
    assert "apk_file" in det.framed_ids and "fraud_warning" not in det.framed_ids


def test_scheme_weights_are_laid_out_one_row_per_feature() -> None:
    """A message's sparse product reads rows of weights in place; the other orientation (or a
    non-contiguous view) makes scipy copy the whole array on every call."""
    det = load()
    assert det.scheme_coef.shape == (det.meta["scheme_dim"], len(det.schemes))
    assert det.scheme_coef.flags.c_contiguous and det.text_coef.flags.c_contiguous


def test_a_model_with_another_scorer_layout_is_refused(tmp_path: Path) -> None:
    with np.load(io.BytesIO(shipped_path().read_bytes()), allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["scorer_coef"] = arrays["scorer_coef"][:-1]  # one weight short
    old = tmp_path / "old.npz"
    np.savez_compressed(old, **arrays)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="saqbol train"):
        load(old)


def test_shipped_model_was_trained_on_the_shipped_knowledge_base() -> None:
    """`saqbol train` rebuilds the shipped file byte for byte only if the knowledge base (its
    signals, and its version in the file) is the one it was trained with: retrain after any
    edit to kb/data, even a comment."""
    from saqbol.kb.loader import get_kb

    assert load().meta["kb_version"] == get_kb().version
