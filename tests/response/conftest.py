"""Fixtures of the victim-response tests: the example incident and a CLI runner with a wide
terminal (so that Rich does not wrap a phone number)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from response_helpers import EXAMPLE


@pytest.fixture()
def example_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


@pytest.fixture()
def incident_file(tmp_path: Path, example_data: dict[str, Any]) -> Path:
    """The example incident with two real attachment files next to it (by path)."""
    (tmp_path / "shots").mkdir()
    (tmp_path / "shots" / "chat_1.png").write_bytes(b"\x89PNG fake screenshot")
    (tmp_path / "receipt.pdf").write_bytes(b"%PDF-1.4 fake receipt")
    example_data["attachments"] = [
        {"name": "chat_1.png", "path": "shots/chat_1.png", "description": "WhatsApp"},
        {"name": "receipt.pdf", "path": "receipt.pdf"},
        *example_data["attachments"],
    ]
    path = tmp_path / "incident.json"
    path.write_text(json.dumps(example_data, ensure_ascii=False), encoding="utf-8")
    return path
