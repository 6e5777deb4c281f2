"""`saqbol spark scan`: the same engine as `saqbol scan`, as an Apache Spark job."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from saqbol.cli.common import err_console, fail

spark_app = typer.Typer(
    name="spark",
    help="Score message files on Apache Spark (local cores or a cluster).",
    no_args_is_help=True,
)


@spark_app.callback()
def _group() -> None:
    """Score message files on Apache Spark (local cores or a cluster)."""
    # A callback keeps `scan` a sub-command when this app runs alone (spark-submit's entry file).


def _parse_conf(items: list[str]) -> dict[str, str]:
    conf: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise fail(f"--conf wants KEY=VALUE, got {item!r}")
        conf[key.strip()] = value.strip()
    return conf


@spark_app.command("scan")
def scan(
    input: Annotated[
        str,
        typer.Argument(
            help="Parquet, JSONL or CSV: a file, a folder or a glob; local or any Hadoop URI."
        ),
    ],
    out: Annotated[
        str, typer.Option("--out", "-o", help="Where to write the verdicts (Parquet folder).")
    ],
    text_col: Annotated[str, typer.Option(help="Column holding the message.")] = "text",
    id_col: Annotated[
        str, typer.Option(help="Column holding the record id (kept in the output).")
    ] = "id",
    date_col: Annotated[
        str,
        typer.Option(help="Day column: kept, and the output is partitioned by it when present."),
    ] = "date",
    sender_col: Annotated[
        str, typer.Option(help="Sender column (kept, counted in aggregates).")
    ] = "sender",
    master: Annotated[
        str | None,
        typer.Option(help="Spark master: local[*] (default), local[N], spark://…, yarn, k8s://…"),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="auto, parquet, json or csv.")] = "auto",
    aggregates: Annotated[
        str | None, typer.Option(help="Also write counts and top indicators to this folder.")
    ] = None,
    top: Annotated[int, typer.Option(help="Rows in the CSV of each top list.")] = 100,
    skip_corrupt: Annotated[
        bool,
        typer.Option(
            help="Skip unreadable input files (listed in the report) instead of stopping."
        ),
    ] = False,
    advice: Annotated[bool, typer.Option(help="Keep the advice text in the output.")] = False,
    partitions: Annotated[
        int, typer.Option(help="Split the input into this many tasks (0 = auto).")
    ] = 0,
    overwrite: Annotated[
        bool, typer.Option(help="Replace --out (and --aggregates) if they exist.")
    ] = False,
    conf: Annotated[
        list[str] | None, typer.Option("--conf", help="Extra Spark setting KEY=VALUE (repeatable).")
    ] = None,
    ui: Annotated[bool, typer.Option(help="Start the Spark web UI (local runs).")] = False,
) -> None:
    """Score every record with the one engine and write the verdicts as typed Parquet columns.

    Prints a JSON report to stdout: records, verdicts, errors, engine loads per worker process.
    """
    from saqbol.spark.job import ScanOptions, SparkJobError, run_scan
    from saqbol.spark.session import build_session

    settings = _parse_conf(conf or [])
    if ui:
        settings.setdefault("spark.ui.enabled", "true")
    opts = ScanOptions(
        input=input,
        output=out,
        text_col=text_col,
        id_col=id_col,
        date_col=date_col,
        sender_col=sender_col,
        fmt=fmt,
        skip_corrupt=skip_corrupt,
        with_advice=advice,
        partitions=partitions,
        overwrite=overwrite,
    )
    from pyspark.sql import SparkSession

    embedded = SparkSession.getActiveSession() is not None  # a caller's session: leave it running
    try:
        spark = build_session(master, settings)
    except Exception as exc:  # no Java, a bad master URL
        raise fail(f"cannot start Spark: {exc}") from exc
    if not embedded:
        spark.sparkContext.setLogLevel("ERROR")
    try:
        report = run_scan(spark, opts)
        result = report.as_dict()
        err_console.print(
            f"[bold]spark scan[/] {report.records} records in {report.seconds:.1f} s "
            f"({report.rate:,.0f}/s): {report.verdicts}, {report.errors} errors; "
            f"engine loads {len(report.engine_loads)}, worker processes {len(report.worker_pids)}"
        )
        for path in report.skipped_files:
            err_console.print(f"[yellow]skipped unreadable file:[/] {path}")
        if aggregates:
            from saqbol.spark.aggregates import write_aggregates

            agg = write_aggregates(spark, out, aggregates, top=top)
            result["aggregates"] = agg.as_dict()
            err_console.print(f"[bold]aggregates[/] → {aggregates}: {agg.summary}")
    except SparkJobError as exc:
        raise fail(str(exc)) from exc
    finally:
        if not embedded:
            spark.stop()
    typer.echo(json.dumps(result, ensure_ascii=False))


def register(app: typer.Typer) -> None:
    app.add_typer(spark_app, name="spark")
