"""Shared fixtures: the package's knowledge base and a CLI runner."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from saqbol.kb.loader import KnowledgeBase, get_kb


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return get_kb()


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()
