"""The learned part of the detector, stored as plain arrays (npz + json, no pickle).

- a text model: hashed character n-grams of the skeleton text (robust to Kazakh suffixes, typos
  and script) + word n-grams → logistic regression → a logit;
- a scorer: logistic regression over the recognizers' signals and the text model's logit →
  the calibrated risk (its coefficients are also the signal weights shown to people);
- a scheme model: multinomial logistic regression over smaller hashed n-grams and the signals.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

from saqbol.text.normalize import Normalized

MODEL_FILE = "detector.npz"
_DIGITS = re.compile(r"\d")

# (view, analyzer, min n, max n, hashed dimension). The skeleton view lets Kazakh and Russian
# in any script meet; the Latin view keeps what the skeleton folds away in English.
Block = tuple[str, str, int, int, int]
TEXT_VEC: tuple[Block, ...] = (
    ("sk", "char_wb", 2, 5, 2**20),
    ("sk", "word", 1, 2, 2**18),
    ("en", "char_wb", 3, 5, 2**19),
    ("en", "word", 1, 2, 2**18),
)
SCHEME_VEC: tuple[Block, ...] = (("sk", "char_wb", 3, 4, 2**17), ("sk", "word", 1, 1, 2**16))


def model_text(norm: Normalized) -> dict[str, str]:
    """What the n-gram models read: both word views, digits generalized."""
    return {"sk": _DIGITS.sub("0", norm.sk_text), "en": _DIGITS.sub("0", norm.en_text)}


def make_vectorizers(spec: tuple[Block, ...]) -> list[tuple[str, HashingVectorizer]]:
    out = []
    for view, analyzer, lo, hi, dim in spec:
        vec = HashingVectorizer(
            analyzer=analyzer,
            ngram_range=(lo, hi),
            n_features=dim,
            alternate_sign=False,
            norm=None,
            lowercase=False,
            token_pattern=r"(?u)\b\w+\b",
            dtype=np.float32,
        )
        out.append((view, vec))
    return out


def vectorize(vecs: list[tuple[str, HashingVectorizer]], texts: list[dict[str, str]]) -> sp.csr_matrix:
    """Sublinear tf, each block l2-normalized, blocks side by side."""
    blocks = []
    for view, vec in vecs:
        m = vec.transform([t[view] for t in texts]).tocsr()
        m.data = np.log1p(m.data)
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        blocks.append(sp.diags(1.0 / norms).dot(m))
    return sp.hstack(blocks, format="csr")


@dataclass(frozen=True)
class Detector:
    signal_ids: tuple[str, ...]  # scorer feature order (then the text logit)
    text_coef: np.ndarray
    text_intercept: float
    scorer_coef: np.ndarray  # len(signal_ids) + 1
    scorer_intercept: float
    schemes: tuple[str, ...]
    scheme_coef: np.ndarray  # (n_schemes, n_hashed + n_signals)
    scheme_intercept: np.ndarray
    meta: dict[str, Any]
    digest: str

    @property
    def text_vecs(self) -> list[tuple[str, HashingVectorizer]]:
        return _vecs("text")

    @property
    def scheme_vecs(self) -> list[tuple[str, HashingVectorizer]]:
        return _vecs("scheme")

    def text_logits(self, texts: list[dict[str, str]]) -> np.ndarray:
        x = vectorize(self.text_vecs, texts)
        return np.asarray(x @ self.text_coef).ravel() + self.text_intercept

    def risk(self, signals: np.ndarray, logits: np.ndarray) -> np.ndarray:
        z = signals @ self.scorer_coef[:-1] + logits * self.scorer_coef[-1] + self.scorer_intercept
        return 1.0 / (1.0 + np.exp(-z))

    def scheme_probs(self, texts: list[dict[str, str]], signals: np.ndarray) -> np.ndarray:
        x = sp.hstack([vectorize(self.scheme_vecs, texts), sp.csr_matrix(signals)], format="csr")
        z = np.asarray(x @ self.scheme_coef.T) + self.scheme_intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


@cache
def _vecs(kind: str) -> list[tuple[str, HashingVectorizer]]:
    return make_vectorizers(TEXT_VEC if kind == "text" else SCHEME_VEC)


def save(det_arrays: dict[str, np.ndarray], meta: dict[str, Any], path: Path) -> str:
    """Write the model; returns its content hash (shown in every Verdict's `engine`)."""
    buf = io.BytesIO()
    np.savez_compressed(buf, meta=np.array(json.dumps(meta, ensure_ascii=False)), **det_arrays)
    data = buf.getvalue()
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()[:12]


def load(path: Path | None = None) -> Detector:
    path = path or Path(str(resources.files("saqbol") / "models" / MODEL_FILE))
    data = path.read_bytes()
    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        meta = json.loads(str(z["meta"]))
        text_coef = _dense(z, "text_coef", meta["text_dim"])
        scheme_coef = np.stack(
            [_dense(z, f"scheme_coef_{i}", meta["scheme_dim"]) for i in range(len(meta["schemes"]))]
        )
        return Detector(
            signal_ids=tuple(meta["signal_ids"]),
            text_coef=text_coef,
            text_intercept=float(meta["text_intercept"]),
            scorer_coef=np.asarray(z["scorer_coef"], dtype=np.float64),
            scorer_intercept=float(meta["scorer_intercept"]),
            schemes=tuple(meta["schemes"]),
            scheme_coef=scheme_coef,
            scheme_intercept=np.asarray(z["scheme_intercept"], dtype=np.float64),
            meta=meta,
            digest=hashlib.sha256(data).hexdigest()[:12],
        )


def sparse_arrays(name: str, dense: np.ndarray) -> dict[str, np.ndarray]:
    """Store a mostly-zero coefficient vector as (indices, values) — hashed features are sparse."""
    idx = np.flatnonzero(dense).astype(np.int32)
    return {f"{name}_idx": idx, f"{name}_val": dense[idx].astype(np.float32)}


def _dense(z: Any, name: str, dim: int) -> np.ndarray:
    out = np.zeros(dim, dtype=np.float64)
    out[z[f"{name}_idx"]] = z[f"{name}_val"]
    return out


@cache
def get_detector() -> Detector:
    return load()
