"""`saqbol check`, `scan`, `eval` as a person and a pipeline use them."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from typer.testing import CliRunner

from saqbol.cli.main import app

SCAM = "Сәлеметсіз бе, Kaspi қауіпсіздік қызметі. Картаңыз бұғатталды, SMS-кодты айтыңыз"
OTP = "Kaspi.kz: Код 4821. Никому не сообщайте этот код."


def test_check_json_is_the_verdict(runner: CliRunner) -> None:
    res = runner.invoke(app, ["check", SCAM, "--json"])
    assert res.exit_code == 0, res.output
    v = json.loads(res.output)
    assert v["verdict"] == "scam" and v["scheme"] == "employee_impersonation"
    assert {"risk", "signals", "links", "phones", "advice", "engine", "language"} <= set(v)


def test_check_reads_stdin_and_prints_for_people(runner: CliRunner) -> None:
    res = runner.invoke(app, ["check", "--lang", "ru"], input=OTP)
    assert res.exit_code == 0
    assert "ПОХОЖЕ НА БЕЗОПАСНОЕ" in res.output


def test_check_rejects_invalid_utf8_clearly(runner: CliRunner) -> None:
    res = runner.invoke(app, ["check"], input=b"\xff\xfe\xfa broken")
    assert res.exit_code == 2 and "UTF-8" in res.output


def test_scan_jsonl_keeps_ids_order_and_survives_bad_lines(
    runner: CliRunner, tmp_path: Path
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(
        (
            json.dumps({"id": "a", "text": SCAM}, ensure_ascii=False)
            + "\n"
            + "{not json\n"
            + json.dumps({"id": "c", "text": OTP}, ensure_ascii=False)
            + "\n"
            + json.dumps({"id": "d"})
            + "\n"
        ).encode()
        + b'{"id": "e", "text": "\xff"}\n'
    )
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["scan", str(src), "--out", str(out), "--workers", "1"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r.get("id") for r in rows] == ["a", None, "c", "d", None]
    assert rows[0]["verdict"] == "scam" and rows[2]["verdict"] == "safe"
    assert "not JSON" in rows[1]["error"]["message"]
    assert "missing" in rows[3]["error"]["message"]
    assert "UTF-8" in rows[4]["error"]["message"]


def test_scan_csv_and_parquet_with_custom_field(runner: CliRunner, tmp_path: Path) -> None:
    csv_path = tmp_path / "in.csv"
    csv_path.write_text(f'msg_id,body\n1,"{SCAM}"\n2,"{OTP}"\n', encoding="utf-8")
    res = runner.invoke(
        app,
        ["scan", str(csv_path), "--text-field", "body", "--id-field", "msg_id", "--workers", "1"],
    )
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert [(r["id"], r["verdict"]) for r in rows] == [("1", "scam"), ("2", "safe")]
    pq_path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": [10, 11, 12], "text": [SCAM, None, OTP]}), pq_path)
    res = runner.invoke(app, ["scan", str(pq_path), "--workers", "2"])
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert [r["id"] for r in rows] == [10, 11, 12]
    assert rows[0]["verdict"] == "scam" and "error" in rows[1] and rows[2]["verdict"] == "safe"


def test_scan_unknown_format_and_missing_column(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "x.txt"
    bad.write_text("hello", encoding="utf-8")
    assert runner.invoke(app, ["scan", str(bad)]).exit_code == 2
    csv_path = tmp_path / "in.csv"
    csv_path.write_text("a,b\n1,2\n", encoding="utf-8")
    res = runner.invoke(app, ["scan", str(csv_path)])
    assert res.exit_code == 2 and "no column 'text'" in res.output
    corrupt = tmp_path / "c.parquet"
    corrupt.write_bytes(b"PAR1 garbage")
    assert runner.invoke(app, ["scan", str(corrupt)]).exit_code == 2


def test_eval_reports_metrics(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "lab.jsonl"
    rows = [
        {
            "id": "1",
            "text": SCAM,
            "label": "scam",
            "scheme": "employee_impersonation",
            "lang": "kk",
            "channel": "sms",
        },
        {"id": "2", "text": OTP, "label": "legit", "scheme": None, "lang": "ru", "channel": "sms"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    res = runner.invoke(app, ["eval", str(path), "--json"])
    rep = json.loads(res.output)
    assert rep["overall"]["f1"] == 1.0 and rep["overall"]["fpr"] == 0.0
    assert set(rep["by_lang"]) == {"kk", "ru"}
    # scheme accuracy is counted in every breakdown, not only overall and per language
    assert rep["by_channel"]["sms"]["scheme_acc"] == rep["overall"]["scheme_acc"] == 1.0
