"""The analyst's tables, computed from the verdicts the scan wrote: counts per scheme, day and
sender, and the indicators seen in scams (links, domains, phone numbers) with their counts.

Each table is written in full as Parquet (`DIR/<name>/`) and, small, as CSV (`DIR/<name>.csv`,
the top rows only for the long ones) with `DIR/summary.csv` of headline numbers. Official links
and numbers that appear inside scams ("call your bank at 7111") are not indicators and are left
out of the top lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from saqbol.spark.job import _local, is_local

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

TOP = 100


@dataclass
class AggregateReport:
    out_dir: str
    tables: dict[str, int] = field(default_factory=dict)  # table → rows written (Parquet)
    summary: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"out_dir": self.out_dir, "tables": self.tables, "summary": self.summary}


def _n(cond: str) -> Any:
    from pyspark.sql import functions as F

    return F.sum(F.when(F.expr(cond), 1).otherwise(0)).cast("long")


def tables(verdicts: DataFrame) -> dict[str, DataFrame]:
    """Every aggregate as a DataFrame (see `ordered` for the reading order)."""
    from pyspark.sql import functions as F

    cols = set(verdicts.columns)
    counts = [
        F.count(F.lit(1)).alias("messages"),
        _n("verdict = 'scam'").alias("scam"),
        _n("verdict = 'suspicious'").alias("suspicious"),
        _n("verdict = 'safe'").alias("safe"),
        _n("error IS NOT NULL").alias("errors"),
    ]
    out: dict[str, DataFrame] = {}
    out["by_scheme"] = (
        verdicts.where("verdict IN ('scam', 'suspicious')").groupBy("scheme").agg(*counts[:3])
    )
    if "date" in cols:
        out["by_day"] = verdicts.groupBy("date").agg(*counts)
    if "sender" in cols:
        out["by_sender"] = (
            verdicts.groupBy("sender")
            .agg(*counts[:3])
            .withColumn("scam_share", F.round(F.col("scam") / F.col("messages"), 4))
        )
    scams = verdicts.where("verdict = 'scam'")
    # One row per (message, indicator): a link repeated in one message counts once.
    links = scams.select("id", F.explode("links").alias("l")).where("l.verdict <> 'safe'")
    links = links.select("id", "l.url", "l.domain", "l.verdict", "l.target").dropDuplicates(
        ["id", "url"]
    )
    out["top_links"] = links.groupBy("url").agg(
        F.count(F.lit(1)).alias("messages"),
        F.first("domain").alias("domain"),
        F.max("verdict").alias("link_verdict"),
        F.first("target", ignorenulls=True).alias("imitates"),
    )
    out["top_domains"] = (
        links.dropDuplicates(["id", "domain"])
        .groupBy("domain")
        .agg(
            F.count(F.lit(1)).alias("messages"),
            F.array_sort(F.collect_set("target")).alias("imitates"),
        )
    )
    phones = (
        scams.select("id", F.explode("phones").alias("p"))
        .where("p.official IS NULL AND p.kind <> 'short_official'")
        .select("id", "p.number", "p.kind")
        .dropDuplicates(["id", "number"])
    )
    out["top_phones"] = phones.groupBy("number").agg(
        F.count(F.lit(1)).alias("messages"), F.first("kind").alias("kind")
    )
    return out


def ordered(name: str, df: DataFrame) -> DataFrame:
    """A table in reading order: biggest first, ties by key (so the top-N cut is stable)."""
    from pyspark.sql import functions as F

    if name == "by_day":
        return df.orderBy("date")
    if name == "by_sender":
        return df.orderBy(F.desc("scam"), F.desc("suspicious"), F.asc_nulls_last("sender"))
    key = {"by_scheme": "scheme", "top_links": "url", "top_domains": "domain"}.get(name, "number")
    return df.orderBy(F.desc("messages"), F.asc_nulls_last(key))


# Long tables are cut to the top rows in their CSV; the Parquet copy is complete.
CSV_TOP = {"by_sender", "top_links", "top_domains", "top_phones"}


def _summary(verdicts: DataFrame, tabs: dict[str, DataFrame]) -> dict[str, int]:
    from pyspark.sql import functions as F

    row = verdicts.agg(
        F.count(F.lit(1)).alias("messages"),
        _n("verdict = 'scam'").alias("scam"),
        _n("verdict = 'suspicious'").alias("suspicious"),
        _n("verdict = 'safe'").alias("safe"),
        _n("error IS NOT NULL").alias("errors"),
    ).first()
    summary = {k: int(v or 0) for k, v in (row.asDict() if row else {}).items()}
    for name, key in (
        ("by_day", "days"),
        ("by_sender", "senders"),
        ("top_links", "scam_links"),
        ("top_domains", "scam_domains"),
        ("top_phones", "scam_phones"),
    ):
        if name in tabs:
            summary[key] = tabs[name].count()
    return summary


def _csv_value(v: Any) -> Any:
    return " ".join(str(x) for x in v) if isinstance(v, list | tuple) else v


def write_aggregates(
    spark: SparkSession, verdicts_path: str, out_dir: str, top: int = TOP
) -> AggregateReport:
    """Compute every table from the verdicts at `verdicts_path` and write them to `out_dir`."""
    import csv

    verdicts = spark.read.parquet(verdicts_path)
    tabs = tables(verdicts)
    report = AggregateReport(out_dir=out_dir)
    base = out_dir.rstrip("/")
    for name, df in tabs.items():
        ordered(name, df).write.mode("overwrite").parquet(f"{base}/{name}")
    written = {name: spark.read.parquet(f"{base}/{name}") for name in tabs}
    report.summary = _summary(verdicts, written)
    local = is_local(out_dir)
    for name, df in written.items():
        report.tables[name] = df.count()
        small = ordered(name, df).limit(top) if name in CSV_TOP else ordered(name, df)
        if local:
            rows = small.collect()
            with (_local(base) / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(small.columns)
                for r in rows:
                    w.writerow([_csv_value(v) for v in r])
        else:
            small.coalesce(1).write.mode("overwrite").option("header", "true").csv(
                f"{base}/csv/{name}"
            )
    summary_rows = [("metric", "value"), *report.summary.items()]
    if local:
        with (_local(base) / "summary.csv").open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(summary_rows)
    else:
        spark.createDataFrame(list(report.summary.items()), ["metric", "value"]).coalesce(
            1
        ).write.mode("overwrite").option("header", "true").csv(f"{base}/csv/summary")
    return report
