"""Helpers shared by the victim-response tests."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "incident.example.json"
WIDE = {"COLUMNS": "250"}


def flat(text: str) -> str:
    """Whitespace-insensitive form of an output (wrapped lines joined)."""
    return " ".join(text.split())
