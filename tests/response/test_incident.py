"""The incident file: validation with errors naming the field, identifier extraction, storage."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from response_helpers import EXAMPLE, WIDE, flat
from sqlalchemy import inspect
from typer.testing import CliRunner

from saqbol.cli.main import app
from saqbol.db.engine import Database
from saqbol.response.extract import extract_identifiers
from saqbol.response.incident import IncidentError, load_incident, parse_incident
from saqbol.response.store import get_incident, list_incidents, save_incident

MB = 1024 * 1024


def write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "incident.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_example_file_is_valid() -> None:
    inc = load_incident(EXAMPLE)
    assert inc.situation == "told_code" and inc.channel == "whatsapp"
    ids = inc.identifiers()
    # typed in by the person …
    assert "+7 747 123 45 67" in ids.phones and "Қаһарман Әлиев" in ids.names
    # … and found in the pasted message
    assert "KZ86125KZT5004100100" in ids.ibans
    assert "nationalbank-kz.com/safe" in ids.links
    assert len(ids.phones) == 1  # "+77471234567" in the message is the same number


def test_attachments_by_path_get_size_and_hash(incident_file: Path) -> None:
    inc = load_incident(incident_file)
    first = inc.attachments[0]
    assert first.size == len(b"\x89PNG fake screenshot")
    assert first.sha256 is not None and len(first.sha256) == 64


def _mutate(data: dict[str, Any], path: str, value: Any) -> None:
    keys = path.split(".")
    node: Any = data
    for key in keys[:-1]:
        node = node[int(key)] if key.isdigit() else node[key]
    last = keys[-1]
    if value is KeyError:
        del node[last]
    elif last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value


BAD = [
    # (change, expected field in the error, words of the message)
    ("situation", KeyError, "situation", "required"),
    ("summary", KeyError, "summary", "required"),
    ("happened_at", 1715506200, "happened_at", "ISO date"),
    ("happened_at", "yesterday", "happened_at", "datetime"),
    ("channel", "pigeon", "channel", "Input should be"),
    ("situation", "lost_cat", "situation", "Input should be"),
    ("scheme", "aliens", "scheme", "unknown scheme"),
    ("losses.0.amount", "a lot", "losses[0].amount", "decimal"),
    ("losses.0.amount", -5, "losses[0].amount", "greater than 0"),
    ("fraudster.phones", "+77471234567", "fraudster.phones", "list"),
    ("attachments.0.size", 50 * MB, "attachments[0].size", "limit is 20 MB"),
    ("attachments.1.sha256", "abc", "attachments[1].sha256", "pattern"),
    ("applicant.iin", "12345", "applicant.iin", "pattern"),
    ("sumary", "typo", "sumary", "unknown field"),
    ("messages.0.text", "", "messages[0].text", "at least 1"),
]


@pytest.mark.parametrize(
    ("path", "value", "field", "words"), BAD, ids=[f"{b[0]}={b[1]!r}"[:40] for b in BAD]
)
def test_bad_incident_names_the_field(
    tmp_path: Path, example_data: dict[str, Any], path: str, value: Any, field: str, words: str
) -> None:
    _mutate(example_data, path, value)
    bad = write(tmp_path, example_data)
    with pytest.raises(IncidentError) as err:
        load_incident(bad)
    assert err.value.field == field
    assert words in str(err.value)
    # the CLI: exit code 2 and the field named on stderr
    out = tmp_path / "c.pdf"
    result = CliRunner().invoke(app, ["complaint", str(bad), "--out", str(out)], env=WIDE)
    assert result.exit_code == 2
    assert field in flat(result.stderr)
    assert not out.exists()


def test_a_50_mb_attachment_file_is_refused(tmp_path: Path, example_data: dict[str, Any]) -> None:
    big = tmp_path / "video.mp4"
    with big.open("wb") as fh:  # sparse: 50 MB without writing them
        fh.truncate(50 * MB)
    example_data["attachments"] = [{"name": "video.mp4", "path": "video.mp4"}]
    path = write(tmp_path, example_data)
    with pytest.raises(
        IncidentError, match=r"attachments\[0\].path: the file is 50.0 MB; the limit is 20 MB"
    ):
        load_incident(path)
    result = CliRunner().invoke(app, ["incident", "check", str(path)], env=WIDE)
    assert result.exit_code == 2 and "attachments[0].path" in flat(result.stderr)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "not valid JSON (line 1"),
        ("[1, 2]", "JSON object"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: str | bytes, words: str) -> None:
    path = tmp_path / "x.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(IncidentError, match=re.escape(words)) as err:
        load_incident(path)
    assert err.value.field == "<file>"


def test_missing_attachment_and_wrong_hash(tmp_path: Path, example_data: dict[str, Any]) -> None:
    example_data["attachments"] = [{"name": "a.png", "path": "nowhere/a.png"}]
    with pytest.raises(IncidentError, match=r"attachments\[0\].path: file not found"):
        load_incident(write(tmp_path, example_data))
    (tmp_path / "a.png").write_bytes(b"x")
    example_data["attachments"] = [{"name": "a.png", "path": "a.png", "sha256": "0" * 64}]
    with pytest.raises(IncidentError, match=r"attachments\[0\].sha256: does not match"):
        load_incident(write(tmp_path, example_data))


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("Звоните +7 701 234 56 78", "phones", ["+77012345678"]),
        (
            "Код пришёл с 1414, звоните 102",
            "phones",
            [],
        ),  # official numbers are not the fraudster's
        ("Карта 4400 4301 2345 6789", "cards", ["4400 4301 2345 6789"]),
        ("Карта 4400 4301 2345 6785", "cards", []),  # fails Luhn
        ("Счёт KZ86125KZT5004100100", "ibans", ["KZ86125KZT5004100100"]),
        ("Сайт kaspi-bonus.kz/pay", "links", ["kaspi-bonus.kz/pay"]),
        ("Проверьте на https://egov.kz", "links", []),  # official site
        ("Пишите @kaspi_support_24", "accounts", ["@kaspi_support_24"]),
        ("почта help@kaspi-help.com", "accounts", ["help@kaspi-help.com"]),
        ("AnyDesk орнатыңыз, сосын рустдеск", "apps", ["RustDesk", "AnyDesk"]),
        ("Сәлеметсіз бе, бәрі жақсы", "apps", []),
    ],
)
def test_extract_identifiers(text: str, kind: str, expected: list[str]) -> None:
    got = getattr(extract_identifiers(text), kind)
    assert sorted(got) == sorted(expected)


def test_own_card_and_phone_are_not_the_fraudsters(example_data: dict[str, Any]) -> None:
    example_data["applicant"]["cards"] = ["4400430123456789"]
    example_data["applicant"]["phone"] = "+7 701 234 56 78"
    example_data["fraudster"] = {}
    example_data["messages"] = [{"text": "Спишем с карты 4400 4301 2345 6789, номер +77012345678"}]
    ids = parse_incident(example_data).identifiers()
    assert ids.cards == [] and ids.phones == []


def test_extract_command_reads_stdin() -> None:
    result = CliRunner().invoke(
        app, ["incident", "extract"], input="Переведите на KZ86125KZT5004100100"
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["ibans"] == ["KZ86125KZT5004100100"]


@pytest.fixture()
def db(tmp_path: Path) -> Database:
    database = Database(f"sqlite:///{tmp_path / 'saqbol.db'}")
    database.migrate()
    return database


def test_store_masks_the_applicant_and_keeps_the_evidence(db: Database) -> None:
    inc = load_incident(EXAMPLE)
    new_id = save_incident(db, inc)
    back = get_incident(db, new_id)
    assert back is not None
    assert (
        back.applicant.iin is not None
        and back.applicant.iin.endswith("23")
        and "9001014" not in back.applicant.iin
    )
    assert back.applicant.phone is not None and "000 00" not in back.applicant.phone
    assert back.fraudster == inc.fraudster and back.summary == inc.summary
    rows = list_incidents(db)
    assert rows[0]["id"] == new_id and rows[0]["loss_kzt"] == "150000.00"
    assert rows[0]["identifiers"] == inc.identifiers().count()


def test_migration_down_and_up(db: Database) -> None:
    assert "incidents" in inspect(db.engine).get_table_names()
    db.downgrade("0001_reports")
    assert "incidents" not in inspect(db.engine).get_table_names()
    db.migrate()
    assert "incidents" in inspect(db.engine).get_table_names()


def test_incident_commands(tmp_path: Path) -> None:
    env = {**WIDE, "SAQBOL_DATA_DIR": str(tmp_path), "SAQBOL_DATABASE_URL": ""}
    from saqbol.settings import get_settings

    get_settings.cache_clear()
    try:
        runner = CliRunner()
        saved = runner.invoke(app, ["incident", "save", str(EXAMPLE), "--lang", "en"], env=env)
        assert saved.exit_code == 0, saved.stderr
        assert "Incident saved: #1" in saved.stdout
        listed = runner.invoke(app, ["incident", "list", "--json"], env=env)
        assert json.loads(listed.stdout)[0]["situation"] == "told_code"
        exported = runner.invoke(app, ["incident", "export", "1"], env=env)
        assert json.loads(exported.stdout)["fraudster"]["names"] == ["Қаһарман Әлиев"]
        missing = runner.invoke(app, ["incident", "export", "99", "--lang", "en"], env=env)
        assert missing.exit_code == 2 and "No incident #99" in missing.stderr
    finally:
        get_settings.cache_clear()
        os.environ.pop("SAQBOL_DATA_DIR", None)
