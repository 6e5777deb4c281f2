"""The Spark job on local[2]: same verdicts as `saqbol scan`, one engine load per worker process,
bad input handled, output partitioned by day, aggregates right."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from saqbol.cli.main import app
from saqbol.spark.aggregates import ordered, tables, write_aggregates
from saqbol.spark.job import ScanOptions, ScanReport, SparkJobError, run_scan
from saqbol.spark.schema import output_schema

pytestmark = [
    pytest.mark.spark,
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas"),
]

LOADS: list[tuple[int, float]] = []  # every engine load in this test session
SCORED_BY: set[int] = set()  # every worker process that scored a batch


def _run(spark: Any, opts: ScanOptions) -> ScanReport:
    report = run_scan(spark, opts)
    LOADS.extend(report.engine_loads)
    SCORED_BY.update(report.worker_pids)
    return report


@pytest.fixture(scope="module")
def scanned(
    spark: Any, corpus_parquet: tuple[Path, list[dict[str, Any]]], tmp_path_factory: Any
) -> Any:
    path, records = corpus_parquet
    out = tmp_path_factory.mktemp("out") / "verdicts"
    report = _run(spark, ScanOptions(str(path), str(out)))
    return report, out, records


def test_same_verdict_as_saqbol_scan_for_every_record(
    scanned: Any, spark: Any, corpus_parquet: Any, tmp_path: Path, runner: Any
) -> None:
    report, out, records = scanned
    path, _ = corpus_parquet
    jsonl = tmp_path / "scan.jsonl"
    res = runner.invoke(app, ["scan", str(path), "--workers", "1", "--out", str(jsonl)])
    assert res.exit_code == 0, res.output
    want = {}
    for line in jsonl.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        want[d["id"]] = (d["verdict"], d["risk"], d["scheme"], d["engine"])
    got = {
        r["id"]: (r["verdict"], r["risk"], r["scheme"], r["engine"])
        for r in spark.read.parquet(str(out))
        .select("id", "verdict", "risk", "scheme", "engine")
        .collect()
    }
    assert report.records == len(records) == len(got) == len(want) > 3000
    engines = {v[3] for v in got.values()} | {v[3] for v in want.values()}
    assert len(engines) == 1, f"the model changed during the test: {engines}"
    diff = [(k, got[k], want[k]) for k in want if got[k] != want[k]]
    assert not diff, diff[:5]


def test_engine_loads_once_per_worker_process_not_per_batch(scanned: Any) -> None:
    report, _, _ = scanned
    pids = [pid for pid, _ in LOADS]
    assert len(pids) == len(set(pids)), f"a process loaded the engine twice: {LOADS}"
    assert set(pids) >= SCORED_BY, "a process scored without loading (or loaded off the record)"
    assert 1 <= len(report.engine_loads) <= 2  # local[2]: at most two Python workers at once
    assert report.batches >= 2 * len(report.engine_loads)  # many batches, few loads
    assert report.batches >= report.records // 2000


def test_output_is_typed_and_partitioned_by_date(scanned: Any, spark: Any) -> None:
    report, out, records = scanned
    assert report.partitioned_by_date
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == [
        "date=2025-06-01",
        "date=2025-06-02",
        "date=2025-06-03",
    ]
    df = spark.read.parquet(str(out))
    types = dict(df.dtypes)
    assert types["risk"] == "double"
    assert types["signals"] == (
        "array<struct<id:string,weight:double,evidence:string,start:int,end:int>>"
    )
    assert types["phones"] == "array<struct<number:string,kind:string,official:string>>"
    assert types["links"].startswith("array<struct<url:string,host:string,domain:string,verdict")
    per_day = {r["date"].isoformat(): r["count"] for r in df.groupBy("date").count().collect()}
    assert sum(per_day.values()) == len(records)
    assert per_day["2025-06-01"] == sum(1 for r in records if r["date"] == "2025-06-01")
    assert {r["sender"] for r in df.select("sender").distinct().collect()} == {
        r["sender"] for r in records
    }


def test_null_texts_and_bad_lines_become_error_rows(spark: Any, tmp_path: Path) -> None:
    src = tmp_path / "day.jsonl"
    lines = [
        json.dumps(
            {"id": 1, "text": "Kaspi: код 4821. Никому не сообщайте его."}, ensure_ascii=False
        ),
        json.dumps({"id": 2, "text": None}),
        json.dumps({"id": 3}),
        "{this is not json",
        json.dumps({"id": 5, "text": ""}),
    ]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = _run(spark, ScanOptions(str(src), str(tmp_path / "out")))
    assert report.records == 5 and report.errors == 3
    rows = {r["id"]: r for r in spark.read.parquet(str(tmp_path / "out")).collect()}
    assert rows[1]["verdict"] in ("safe", "suspicious", "scam") and rows[1]["error"] is None
    for rid in (2, 3):
        assert rows[rid]["verdict"] is None and rows[rid]["risk"] is None
        assert rows[rid]["error"]["code"] == "bad_record"
    assert rows[None]["error"]["message"] == "the line is not a valid record"
    assert rows[5]["verdict"] == "safe"
    assert not report.partitioned_by_date


def test_missing_text_column_is_a_clear_error_before_any_work(spark: Any, tmp_path: Path) -> None:
    src = tmp_path / "day.csv"
    src.write_text("id,message\n1,hello\n", encoding="utf-8")
    with pytest.raises(SparkJobError, match=r"no column 'text' \(columns: id, message\)"):
        run_scan(spark, ScanOptions(str(src), str(tmp_path / "out")))
    assert not (tmp_path / "out").exists()
    report = _run(spark, ScanOptions(str(src), str(tmp_path / "out"), text_col="message"))
    assert report.records == 1 and report.errors == 0


def test_corrupt_parquet_is_named_or_skipped(spark: Any, tmp_path: Path) -> None:
    folder = tmp_path / "day"
    folder.mkdir()
    for i in range(2):
        table = pa.table(
            {"id": [f"{i}-{j}" for j in range(3)], "text": ["Сәлем, қалың қалай?"] * 3}
        )
        pq.write_table(table, folder / f"part-{i}.parquet")
    good = (folder / "part-0.parquet").read_bytes()
    (folder / "part-9.parquet").write_bytes(good[: len(good) // 2])  # truncated upload
    with pytest.raises(
        SparkJobError, match=r"part-9\.parquet: corrupt or unreadable.*--skip-corrupt"
    ):
        run_scan(spark, ScanOptions(str(folder), str(tmp_path / "out")))
    report = _run(spark, ScanOptions(str(folder), str(tmp_path / "out"), skip_corrupt=True))
    assert report.records == 6
    assert [Path(f).name for f in report.skipped_files] == ["part-9.parquet"]


def test_existing_output_needs_overwrite(spark: Any, scanned: Any, corpus_parquet: Any) -> None:
    _, out, _ = scanned
    with pytest.raises(SparkJobError, match="already exists; use --overwrite"):
        run_scan(spark, ScanOptions(str(corpus_parquet[0]), str(out)))


def _verdicts(spark: Any) -> Any:
    """A hand-made day of verdicts (the aggregates must not depend on the model)."""

    def link(url: str, domain: str, verdict: str, target: str | None = None) -> dict[str, Any]:
        return {
            "url": url,
            "host": domain,
            "domain": domain,
            "verdict": verdict,
            "risk": 0.9,
            "target": target,
            "reasons": [],
        }

    def phone(number: str, kind: str = "mobile", official: str | None = None) -> dict[str, Any]:
        return {"number": number, "kind": kind, "official": official}

    fake = link("kaspi-kz.top/pay", "kaspi-kz.top", "phishing", "kaspi.kz")
    fake2 = link("kaspi-kz.top/login", "kaspi-kz.top", "phishing", "kaspi.kz")
    egov = link("egov-kz.site", "egov-kz.site", "suspicious", "egov.kz")
    real = link("kaspi.kz", "kaspi.kz", "safe", "kaspi.kz")
    rows = [  # id, date, sender, verdict, scheme, links, phones, error
        (1, "2025-06-01", "A", "scam", "phishing_sms", [fake, real], [phone("+77001112233")]),
        (2, "2025-06-01", "A", "scam", "phishing_sms", [fake, fake], [phone("+77001112233")]),
        (
            3,
            "2025-06-01",
            "B",
            "scam",
            "employee_impersonation",
            [fake2, egov],
            [phone("7111", "short_official", "kaspi")],
        ),
        (
            4,
            "2025-06-02",
            "B",
            "suspicious",
            "fake_job",
            [egov],
            [phone("+79991234567", "foreign")],
        ),
        (5, "2025-06-02", "C", "safe", None, [real], []),
        (6, "2025-06-02", "C", None, None, None, None),
    ]
    data = []
    for rid, day, sender, verdict, scheme, links, phones in rows:
        err = {"code": "bad_record", "message": "the text is null"} if verdict is None else None
        data.append(
            {
                "id": rid,
                "date": day,
                "sender": sender,
                "verdict": verdict,
                "risk": 0.5,
                "scheme": scheme,
                "schemes": [],
                "language": "ru",
                "signals": [],
                "links": links,
                "phones": phones,
                "playbook": None,
                "engine": "t",
                "error": err,
            }
        )
    schema = output_schema([], with_advice=False)
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    schema = StructType(
        [
            StructField("id", LongType()),
            StructField("date", StringType()),
            StructField("sender", StringType()),
            *schema.fields,
        ]
    )
    return spark.createDataFrame(data, schema)


def _rows(df: Any, name: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in ordered(name, df).collect()]


def test_aggregates_on_a_hand_made_day(spark: Any) -> None:
    t = tables(_verdicts(spark))
    assert _rows(t["by_scheme"], "by_scheme") == [
        ("phishing_sms", 2, 2, 0),
        ("employee_impersonation", 1, 1, 0),
        ("fake_job", 1, 0, 1),
    ]
    assert _rows(t["by_day"], "by_day") == [
        ("2025-06-01", 3, 3, 0, 0, 0),
        ("2025-06-02", 3, 0, 1, 1, 1),
    ]
    assert _rows(t["by_sender"], "by_sender") == [
        ("A", 2, 2, 0, 1.0),
        ("B", 2, 1, 1, 0.5),
        ("C", 2, 0, 0, 0.0),
    ]
    # Only scam messages; the official kaspi.kz link and the bank's short number are not indicators;
    # a link repeated inside one message counts once.
    assert _rows(t["top_links"], "top_links") == [
        ("kaspi-kz.top/pay", 2, "kaspi-kz.top", "phishing", "kaspi.kz"),
        ("egov-kz.site", 1, "egov-kz.site", "suspicious", "egov.kz"),
        ("kaspi-kz.top/login", 1, "kaspi-kz.top", "phishing", "kaspi.kz"),
    ]
    assert _rows(t["top_domains"], "top_domains") == [
        ("kaspi-kz.top", 3, ["kaspi.kz"]),
        ("egov-kz.site", 1, ["egov.kz"]),
    ]
    assert _rows(t["top_phones"], "top_phones") == [("+77001112233", 2, "mobile")]


def test_aggregates_files_and_summary(spark: Any, tmp_path: Path) -> None:
    _verdicts(spark).write.parquet(str(tmp_path / "v"))
    report = write_aggregates(spark, str(tmp_path / "v"), str(tmp_path / "agg"), top=1)
    assert report.summary == {
        "messages": 6,
        "scam": 3,
        "suspicious": 1,
        "safe": 1,
        "errors": 1,
        "days": 2,
        "senders": 3,
        "scam_links": 3,
        "scam_domains": 2,
        "scam_phones": 1,
    }
    assert report.tables["top_links"] == 3
    lines = (tmp_path / "agg" / "top_links.csv").read_text(encoding="utf-8").splitlines()
    assert lines == [
        "url,messages,domain,link_verdict,imitates",
        "kaspi-kz.top/pay,2,kaspi-kz.top,phishing,kaspi.kz",
    ]
    assert (
        (tmp_path / "agg" / "summary.csv").read_text(encoding="utf-8").startswith("metric,value\n")
    )
    assert spark.read.parquet(str(tmp_path / "agg" / "by_day")).count() == 2


def test_cli_scan_with_aggregates(spark: Any, runner: Any, tmp_path: Path) -> None:
    src = tmp_path / "day.jsonl"
    msgs = [
        "Сіздің картаңыз бұғатталды! Бұғаттан шығару үшін kaspi-kz.top/unlock сілтемесіне өтіп, "
        "SMS кодты айтыңыз",
        "Мама, я попал в беду, срочно переведи 50000 на этот номер +7 701 555 44 33, потом объясню",
        "Kaspi: код 4821. Никому не сообщайте его.",
        None,
    ]
    src.write_text(
        "".join(
            json.dumps(
                {"id": i, "text": t, "date": "2025-06-01", "sender": "s"}, ensure_ascii=False
            )
            + "\n"
            for i, t in enumerate(msgs)
        ),
        encoding="utf-8",
    )
    args = [
        "spark",
        "scan",
        str(src),
        "--out",
        str(tmp_path / "out"),
        "--aggregates",
        str(tmp_path / "agg"),
    ]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    result = json.loads(res.stdout.strip().splitlines()[-1])
    assert result["records"] == 4 and result["errors"] == 1
    assert result["aggregates"]["summary"]["messages"] == 4
    assert (tmp_path / "agg" / "by_scheme.csv").exists()
    res = runner.invoke(
        app, ["spark", "scan", str(src), "--out", str(tmp_path / "o2"), "--text-col", "msg"]
    )
    assert res.exit_code == 2
    assert "no column 'msg'" in " ".join(res.output.split())  # Rich wraps long paths
