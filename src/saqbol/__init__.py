"""saqbol (Сақ бол, "be careful"): is a message, link or number a scam, and what to do now."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from saqbol.verdict import Verdict

__all__ = ["__version__", "analyze"]


def analyze(text: str, **kwargs: Any) -> Verdict:
    """Analyze one message and return its Verdict (pure, offline)."""
    from saqbol.pipeline import analyze as _analyze

    return _analyze(text, **kwargs)
