"""`saqbol url` and `saqbol phone`: JSON lines and human output."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from saqbol.cli.main import app

runner = CliRunner()


def test_url_json_lines() -> None:
    res = runner.invoke(app, ["url", "kaspi.kz", "kaspi-bonus.kz", "--json"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["verdict"] for r in rows] == ["safe", "phishing"]
    assert set(rows[1]) == {"url", "verdict", "risk", "target", "reasons"}
    assert rows[1]["target"] == "kaspi.kz"


def test_url_file(tmp_path: Path) -> None:
    f = tmp_path / "urls.txt"
    f.write_text("https://egov.kz/cms/ru\n\negov-kz.online\njavascript:alert(1)\n", "utf-8")
    res = runner.invoke(app, ["url", "--file", str(f), "--json"])
    assert res.exit_code == 0, res.output
    assert [json.loads(x)["verdict"] for x in res.stdout.splitlines()] == [
        "safe",
        "phishing",
        "suspicious",
    ]


def test_url_human_and_errors(tmp_path: Path) -> None:
    res = runner.invoke(app, ["url", "kаspi.kz", "--lang", "en"])
    assert res.exit_code == 0
    assert "Phishing" in res.stdout
    assert runner.invoke(app, ["url"]).exit_code == 2
    assert runner.invoke(app, ["url", "--file", str(tmp_path / "none.txt")]).exit_code == 2


def test_phone_json_and_human() -> None:
    res = runner.invoke(app, ["phone", "9999", "abc", "+7 701 123 45 67", "--json"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["kind"] for r in rows] == ["short_official", "invalid", "mobile"]
    assert rows[0]["official"] == "kaspi card-blocking"
    res = runner.invoke(app, ["phone", "102", "--lang", "kk"])
    assert res.exit_code == 0
    assert "102" in res.stdout
