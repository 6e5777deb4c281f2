"""Visual skeletons of host labels (Unicode TR39 idea): two labels that look alike get the same
skeleton, so `kаspi` (Cyrillic а), `kaspl`, `ka5pi`... can be compared with `kaspi`."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from saqbol.links.tables import get_tables


@lru_cache(maxsize=1)
def _maps() -> tuple[dict[int, str], dict[int, str], tuple[tuple[str, str], ...], dict[int, str]]:
    t = get_tables()
    glyphs = {ord(k): v for k, v in t.glyphs.items() if len(k) == 1}
    fold = {ord(k): v for k, v in t.ascii_fold.items()}
    weak = {ord(k): v for k, v in t.weak_fold.items()}
    return glyphs, fold, tuple(t.sequences.items()), weak


def _to_ascii(label: str) -> str:
    glyphs = _maps()[0]
    out = []
    for ch in label:
        if ch.isascii():
            out.append(ch)
            continue
        mapped = glyphs.get(ord(ch))
        if mapped is None:
            base = unicodedata.normalize("NFKD", ch)
            stripped = "".join(c for c in base if not unicodedata.combining(c))
            mapped = stripped.lower() if stripped.isascii() and stripped else ch
        out.append(mapped)
    return "".join(out)


@lru_cache(maxsize=131072)
def char_skeleton(text: str) -> str:
    """Character-by-character skeleton (а→a, 0→o, 1/i→l), for finding a brand inside a longer
    name: unlike `skeleton` it never merges two letters, so boundaries stay where they were."""
    s = text.lower()
    if not s.isascii():
        s = _to_ascii(s)
    return s.translate(_maps()[1])


def _seqs(s: str) -> str:
    for seq, rep in _maps()[2]:
        if seq in s:
            s = s.replace(seq, rep)
    return s


@lru_cache(maxsize=131072)
def skeleton(label: str) -> str:
    """Skeleton of a whole label: characters that look the same fold together (а→a, 0→o,
    1/i→l) and so do letter pairs that read as one letter (rn→m, vv→w, cl→d, lc→k)."""
    return _seqs(char_skeleton(_seqs(label.lower())))


@lru_cache(maxsize=131072)
def weak_keys(label: str) -> tuple[str, str]:
    """Two skeletons that also fold weaker ASCII swaps (c/e, b/d, u/v, n/m/r, 3/8, 6/9): one
    without and one with letter-pair folding (pairs such as "cl" can be a swap or a pair)."""
    weak = _maps()[3]
    return _weak_seqs(char_skeleton(label).translate(weak)), _weak_seqs(
        skeleton(label).translate(weak)
    )


@lru_cache(maxsize=1)
def _weak_pairs() -> tuple[tuple[str, str], ...]:
    weak = _maps()[3]
    pairs = {seq.translate(weak): rep.translate(weak) for seq, rep in _maps()[2]}
    return tuple((k, v) for k, v in pairs.items() if k != v)


def _weak_seqs(s: str) -> str:
    for seq, rep in _weak_pairs():
        if seq in s:
            s = s.replace(seq, rep)
    return s


def scripts(label: str) -> frozenset[str]:
    """Scripts of the letters in `label` (LATIN, CYRILLIC, GREEK, ...); digits are ignored."""
    if label.isascii():
        return frozenset(("LATIN",)) if any(c.isalpha() for c in label) else frozenset()
    found = set()
    for ch in label:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            found.add(name.split(" ", 1)[0] if name else "UNKNOWN")
    return frozenset(found)


def is_mixed_script(label: str) -> bool:
    return not label.isascii() and len(scripts(label)) > 1
