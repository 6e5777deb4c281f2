"""`saqbol org …` end to end on a temporary database."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from saqbol.cli.main import app


@pytest.fixture()
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from saqbol.settings import get_settings

    monkeypatch.setenv("SAQBOL_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("SAQBOL_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_cli_register_protocol_report_kit(env: Path) -> None:
    r = CliRunner()
    assert (
        r.invoke(app, ["org", "department", "add", "Ақтөбе қаласының білім бөлімі"]).exit_code == 0
    )
    assert r.invoke(app, ["org", "add", "«TUMAR» МДҰ", "--department", "1"]).exit_code == 0
    bad = r.invoke(
        app,
        [
            "org",
            "event",
            "add",
            "--org",
            "1",
            "--date",
            "2024-02-10",
            "--total",
            "13",
            "--attended",
            "10",
            "--absent",
            "4",
        ],
    )
    assert bad.exit_code == 2 and "must equal total" in bad.output
    ok = r.invoke(
        app,
        [
            "org",
            "event",
            "add",
            "--org",
            "1",
            "--date",
            "2024-02-10",
            "--total",
            "13",
            "--attended",
            "10",
            "--absent",
            "3",
            "--agenda",
            "Интернет алаяқтық|меңгеруші",
        ],
    )
    assert ok.exit_code == 0, ok.output
    for name in ("p.docx", "p.pdf"):
        res = r.invoke(app, ["org", "protocol", "1", "--out", str(env / name)])
        assert res.exit_code == 0 and (env / name).stat().st_size > 1000, res.output
    assert r.invoke(app, ["org", "protocol", "99", "--out", str(env / "x.pdf")]).exit_code == 2
    for name in ("r.xlsx", "r.docx"):
        res = r.invoke(
            app,
            [
                "org",
                "report",
                "--department",
                "1",
                "--from",
                "2024-01-01",
                "--to",
                "2024-02-20",
                "--out",
                str(env / name),
            ],
        )
        assert res.exit_code == 0 and "1 events, 10 participants" in res.output, res.output
    res = r.invoke(app, ["org", "kit", "--lang", "ru", "--out", str(env / "kit")])
    assert res.exit_code == 0
    assert sorted(p.name for p in (env / "kit").iterdir()) == [
        "agenda_ru.docx",
        "handout_ru.pdf",
        "poster_ru.pdf",
    ]
