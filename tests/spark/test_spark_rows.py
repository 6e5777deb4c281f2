"""The pieces that need no Spark session: rows, errors, formats, error messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from saqbol.pipeline import analyze
from saqbol.spark.job import SparkJobError, corrupt_file, detect_format
from saqbol.spark.schema import error_row, output_schema, verdict_columns, verdict_row
from saqbol.spark.worker import score_texts

SCAM = "Kaspi: доступ ограничен, подтвердите данные на kaspi-kz.top/pay и назовите код из SMS"


def test_verdict_row_has_every_schema_column() -> None:
    row = verdict_row(analyze(SCAM), with_advice=True)
    names = [f.name for f in output_schema([], with_advice=True).fields]
    assert sorted(row) == sorted(names)
    assert row["error"] is None
    assert isinstance(row["risk"], float)
    link = row["links"][0]
    assert link["url"] == "kaspi-kz.top/pay"
    assert link["host"] == "kaspi-kz.top"
    assert link["domain"] == "kaspi-kz.top"
    for s in row["signals"]:
        assert set(s) == {"id", "weight", "evidence", "start", "end"}


def test_error_row_is_null_verdict_and_reason() -> None:
    row = error_row("bad_record", "the text is null", with_advice=False)
    assert list(row) == verdict_columns(with_advice=False)
    assert row["verdict"] is None and row["risk"] is None
    assert row["error"] == {"code": "bad_record", "message": "the text is null"}


def test_score_texts_keeps_order_and_isolates_bad_rows() -> None:
    texts = [SCAM, None, float("nan"), b"\xff\xfe", "bad\x00text", "Привет, как дела?", 7]
    rows = score_texts(texts)
    assert len(rows) == len(texts)
    assert rows[0]["verdict"] == analyze(SCAM).verdict
    assert [r["error"]["code"] for r in rows[1:5]] == ["bad_record"] * 2 + ["bad_text"] * 2
    assert rows[5]["verdict"] is not None and rows[5]["error"] is None
    assert rows[6]["error"]["code"] == "bad_record"


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("day.parquet", "parquet"),
        ("s3a://bucket/sms/2025-06-01/", "parquet"),
        ("hdfs:///sms/day.jsonl", "json"),
        ("x/*.ndjson", "json"),
        ("day.CSV", "csv"),
    ],
)
def test_detect_format_by_extension(path: str, fmt: str) -> None:
    assert detect_format(path) == fmt


def test_detect_format_of_local_folder(tmp_path: Path) -> None:
    (tmp_path / "_SUCCESS").write_text("")
    (tmp_path / "part-0.jsonl").write_text("{}\n")
    assert detect_format(str(tmp_path)) == "json"
    assert detect_format(str(tmp_path), "csv") == "csv"
    with pytest.raises(SparkJobError, match="unknown format"):
        detect_format(str(tmp_path), "xml")


@pytest.mark.parametrize(
    "message",
    [
        "Could not read footer for file: FileStatus{path=file:/d/bad.parquet; isDirectory=false}",
        "[CANNOT_READ_FILE_FOOTER] Could not read footer for file: file:/d/bad.parquet. Please ...",
        "java.lang.RuntimeException: file:/d/bad.parquet is not a Parquet file. Expected magic",
        "[FAILED_READ_FILE.NO_HINT] Encountered error while reading file file:/d/bad.parquet.",
    ],
)
def test_corrupt_file_is_named(message: str) -> None:
    assert corrupt_file(RuntimeError(message)) == "file:/d/bad.parquet"


def test_corrupt_file_found_in_the_cause_chain() -> None:
    try:
        try:
            raise RuntimeError("file:/d/x.parquet is not a Parquet file")
        except RuntimeError as inner:
            raise ValueError("job aborted") from inner
    except ValueError as exc:
        assert corrupt_file(exc) == "file:/d/x.parquet"
    assert corrupt_file(ValueError("something else")) is None


def test_no_answer_from_the_jvm_is_named_as_such() -> None:
    from py4j.protocol import Py4JError

    from saqbol.spark.job import _reason

    reason = _reason(Py4JError("An error occurred while calling o103.parquet"))
    assert reason.startswith("no answer from the Spark JVM")
