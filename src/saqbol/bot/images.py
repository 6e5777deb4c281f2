"""Pictures (screenshots, photos of letters, QR codes) go to `saqbol.images` (issue 10).

`saqbol.images.analyze_image(data, lang)` returns an ImageVerdict: the same verdict, scheme,
red flags and advice as a text Verdict, plus what the picture said. The module is looked up at
run time, so a build without it (or without Tesseract) answers politely instead of failing.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from saqbol.verdict import Signal, Verdict

MAX_IMAGE_BYTES = 10 * 1024 * 1024
CANDIDATES = ("analyze_image", "check_image")


class VerdictLike(Protocol):
    """What the chat reply needs: a text Verdict and an ImageVerdict both have it."""

    @property
    def verdict(self) -> str: ...
    @property
    def scheme(self) -> str | None: ...
    @property
    def signals(self) -> Sequence[Signal]: ...
    @property
    def advice(self) -> Sequence[str]: ...


def image_checker() -> Callable[..., Any] | None:
    """The function of `saqbol.images` that takes image bytes, or None when there is none."""
    try:
        module = importlib.import_module("saqbol.images")
    except ImportError as exc:
        if getattr(exc, "name", None) in ("saqbol.images", "saqbol"):
            return None
        raise
    for name in CANDIDATES:
        fn = getattr(module, name, None)
        if callable(fn):
            return fn
    return None


def _is_verdict_like(obj: object) -> bool:
    return isinstance(getattr(obj, "verdict", None), str) and all(
        hasattr(obj, a) for a in ("scheme", "signals", "advice")
    )


def check_image(fn: Callable[..., Any], data: bytes, lang: str) -> tuple[VerdictLike, str] | None:
    """(verdict, the text read from the picture), or None when the result holds no verdict."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        params = {}  # type: ignore[assignment]
    result = fn(data, lang=lang) if "lang" in params else fn(data)
    if isinstance(result, Verdict) or _is_verdict_like(result):
        return result, str(getattr(result, "text", "") or "")
    inner = getattr(result, "verdict", None)
    if isinstance(inner, Verdict):
        return inner, str(getattr(result, "text", "") or "")
    return None
