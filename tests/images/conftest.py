"""Image-test fixtures: skip the OCR tests where Tesseract is missing (fail in CI)."""

from __future__ import annotations

import os
import shutil

import pytest


@pytest.fixture(scope="session")
def tesseract() -> None:
    if shutil.which("tesseract") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Tesseract must be installed in CI (scripts/system-deps.sh)")
        pytest.skip("Tesseract is not installed")
