"""A bounded cache for the per-word look-ups the pipeline makes ~20 times per message."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class WordCache(dict[K, V]):
    """A dict that fills itself: `cache[key]` computes and keeps a missing value. A hit costs
    what a dict look-up costs (about a third of an lru_cache call); when full it is emptied,
    so memory stays bounded on an endless stream."""

    def __init__(self, compute: Callable[[K], V], maxsize: int) -> None:
        super().__init__()
        self.compute = compute
        self.maxsize = maxsize

    def __missing__(self, key: K) -> V:
        if len(self) >= self.maxsize:
            self.clear()
        value = self[key] = self.compute(key)
        return value
