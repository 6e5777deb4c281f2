"""The Spark scan: read messages, score them with the one engine, write verdicts as Parquet."""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from saqbol.spark.schema import output_schema
from saqbol.spark.worker import ListParam, Scorer

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession

FORMATS = ("auto", "parquet", "json", "csv")
EXTENSIONS = {
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "json",
    ".ndjson": "json",
    ".json": "json",
    ".csv": "csv",
}
CORRUPT_COL = "_corrupt_record"  # where the JSON/CSV reader keeps a malformed line
TEXT = "__saqbol_text"
CORRUPT = "__saqbol_corrupt"

# How Spark and parquet-mr name a file they could not read, across versions.
_BAD_FILE = (
    re.compile(r"Could not read footer for file:? (?:FileStatus\{path=)?([^\s;,}\]]+)"),
    re.compile(r"(\S+) is not a Parquet file"),
    re.compile(r"[Ee]rror while reading file:? (\S+?)\.?(?:\s|$)"),
    re.compile(r"Can not read value at \d+ in block -?\d+ in file (\S+)"),
    re.compile(r"\[CANNOT_READ_FILE_FOOTER\][^\n]*?file:? (\S+?)\.?(?:\s|$)"),
)
_PY_EXC = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b:?")


class SparkJobError(Exception):
    """The job cannot run (bad input, bad options); the message says what to do."""


@dataclass(frozen=True)
class ScanOptions:
    input: str
    output: str
    text_col: str = "text"
    id_col: str = "id"
    date_col: str = "date"
    sender_col: str = "sender"
    fmt: str = "auto"
    skip_corrupt: bool = False
    with_advice: bool = False
    partitions: int = 0  # 0 = at least one per core
    overwrite: bool = False


@dataclass
class ScanReport:
    input: str
    output: str
    format: str
    records: int = 0
    verdicts: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    partitioned_by_date: bool = False
    partitions: int = 0
    seconds: float = 0.0
    engine_loads: list[tuple[int, float]] = field(default_factory=list)  # (pid, seconds)
    batches: int = 0
    worker_pids: list[int] = field(default_factory=list)  # processes that scored batches
    skipped_files: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "messages_per_second": round(self.rate, 1)}


def is_local(path: str) -> bool:
    scheme = urlparse(path).scheme
    return scheme in ("", "file") or len(scheme) == 1  # "C:" on Windows


def _local(path: str) -> Path:
    return Path(urlparse(path).path if path.startswith("file:") else path)


def detect_format(path: str, fmt: str = "auto") -> str:
    """The reader for `path`: by extension, else by the files of a local folder, else Parquet."""
    if fmt != "auto":
        if fmt not in FORMATS:
            raise SparkJobError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
        return fmt
    for ext, found in EXTENSIONS.items():
        if path.rstrip("/").lower().endswith(ext):
            return found
    if is_local(path) and _local(path).is_dir():
        for f in sorted(_local(path).rglob("*")):
            if f.is_file() and not f.name.startswith(("_", ".")):
                for ext, found in EXTENSIONS.items():
                    if f.name.lower().endswith(ext):
                        return found
    return "parquet"


def corrupt_file(exc: BaseException) -> str | None:
    """The file named in a Spark/parquet read error (searched through the exception chain)."""
    seen: BaseException | None = exc
    while seen is not None:
        text = str(seen)
        for pattern in _BAD_FILE:
            m = pattern.search(text)
            if m:
                return m.group(1).rstrip(".")
        seen = seen.__cause__ or seen.__context__
    return None


def _raise_read_error(exc: Exception, what: str) -> None:
    bad = corrupt_file(exc)
    if bad:
        raise SparkJobError(
            f"{bad}: corrupt or unreadable file; fix or remove it, or run with --skip-corrupt "
            "to score the other files and list the skipped ones"
        ) from exc
    raise SparkJobError(f"{what}: {_reason(exc)}") from exc


def _reason(exc: BaseException) -> str:
    """One line: for a failure inside a Python worker, the worker's own exception line."""
    from py4j.protocol import Py4JError, Py4JJavaError

    if isinstance(exc, Py4JError) and not isinstance(exc, Py4JJavaError):
        # py4j got no answer at all: the JVM died (out of memory, killed) or the socket timed
        # out (a global socket.setdefaulttimeout in this process) — not the job's code.
        return f"no answer from the Spark JVM ({exc}): it died or the connection timed out"
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    if "Python worker" in str(exc):
        raised = [ln for ln in lines if _PY_EXC.match(ln)]
        if raised:
            return raised[-1]
    return lines[0] if lines else type(exc).__name__


def read_input(spark: SparkSession, path: str, fmt: str) -> DataFrame:
    reader = spark.read
    try:
        if fmt == "parquet":
            # mergeSchema reads every footer (a distributed job) before scoring starts, so a
            # corrupt file is reported by name now, not an hour into the job.
            return reader.option("mergeSchema", "true").parquet(path)
        if fmt == "json":
            return (
                reader.option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", CORRUPT_COL)
                .json(path)
            )
        return (
            reader.option("header", "true")
            .option("multiLine", "true")
            .option("escape", '"')
            .option("mode", "PERMISSIVE")
            .csv(path)
        )
    except Exception as exc:  # AnalysisException, Py4JJavaError, SparkException: all are clear text
        if "PATH_NOT_FOUND" in str(exc) or "Path does not exist" in str(exc):
            raise SparkJobError(f"{path}: no such file or folder") from exc
        _raise_read_error(exc, f"{path}: cannot read as {fmt}")
        raise  # unreachable: _raise_read_error always raises


def _col(name: str) -> Column:
    from pyspark.sql import functions as F

    return F.col(f"`{name}`")


def prepare(df: DataFrame, opts: ScanOptions) -> tuple[DataFrame, list[str], bool]:
    """Select the text and the passthrough columns; checks the columns before any work starts."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import BinaryType, DateType, StringType, TimestampNTZType, TimestampType

    types = dict(df.dtypes)
    fields = {f.name: f.dataType for f in df.schema.fields}
    if opts.text_col not in fields:
        shown = ", ".join(c for c in df.columns if c != CORRUPT_COL) or "none"
        raise SparkJobError(
            f"{opts.input}: no column {opts.text_col!r} (columns: {shown}); "
            "name the message column with --text-col"
        )
    if not isinstance(fields[opts.text_col], StringType | BinaryType):
        raise SparkJobError(
            f"column {opts.text_col!r} is {types[opts.text_col]}, not text; "
            "name the message column with --text-col"
        )
    cols = [_col(opts.text_col).alias(TEXT)]
    passthrough = ["id"]
    if opts.id_col in fields:
        cols.append(_col(opts.id_col).alias("id"))
    else:  # no id: a unique (not consecutive) number per record
        cols.append(F.monotonically_increasing_id().alias("id"))
    by_date = opts.date_col in fields
    if by_date:
        dtype = fields[opts.date_col]
        date = _col(opts.date_col)
        if isinstance(dtype, TimestampType | TimestampNTZType):
            date = F.to_date(date)
        elif not isinstance(dtype, DateType | StringType):
            date = date.cast("string")
        cols.append(date.alias("date"))
        passthrough.append("date")
    if opts.sender_col in fields:
        cols.append(_col(opts.sender_col).cast("string").alias("sender"))
        passthrough.append("sender")
    if CORRUPT_COL in fields:
        cols.append(_col(CORRUPT_COL).alias(CORRUPT))
    return df.select(*cols), passthrough, by_date


def _skipped_files(spark: SparkSession, raw: DataFrame, opts: ScanOptions, fmt: str) -> list[str]:
    """Input files that gave no rows when corrupt files are skipped (corrupt, or empty)."""
    from pyspark.sql import functions as F

    every = set(raw.inputFiles())
    if fmt != "parquet" or not every:
        return []
    # Selecting only the file name reads footers and row counts, not the messages.
    seen = {
        r[0]
        for r in read_input(spark, opts.input, fmt).select(F.input_file_name()).distinct().collect()
    }
    return sorted(every - seen)


def run_scan(spark: SparkSession, opts: ScanOptions) -> ScanReport:
    """Score every record of `opts.input` and write the verdicts to `opts.output` (Parquet)."""
    t0 = time.perf_counter()
    fmt = detect_format(opts.input, opts.fmt)
    report = ScanReport(input=opts.input, output=opts.output, format=fmt)
    spark.conf.set("spark.sql.files.ignoreCorruptFiles", str(opts.skip_corrupt).lower())
    raw = read_input(spark, opts.input, fmt)
    df, passthrough, by_date = prepare(raw, opts)
    report.partitioned_by_date = by_date
    sc = spark.sparkContext
    n = df.rdd.getNumPartitions()
    if opts.partitions > 0:
        df = df.repartition(opts.partitions)
    elif n < sc.defaultParallelism:
        df = df.repartition(sc.defaultParallelism)  # one big file must still use every core
    report.partitions = df.rdd.getNumPartitions()

    fields = {f.name: f for f in df.schema.fields}
    schema = output_schema([fields[p] for p in passthrough], opts.with_advice)
    loads = sc.accumulator([], ListParam())
    batches = sc.accumulator([], ListParam())
    scorer = Scorer(
        text_col=TEXT,
        passthrough=passthrough,
        with_advice=opts.with_advice,
        corrupt_col=CORRUPT if CORRUPT in fields else None,
        loads=loads,
        batches=batches,
    )
    writer = df.mapInPandas(scorer, schema).write.mode(
        "overwrite" if opts.overwrite else "errorifexists"
    )
    if by_date:
        writer = writer.partitionBy("date")
    try:
        writer.parquet(opts.output)
    except Exception as exc:
        text = str(exc)
        if "PATH_ALREADY_EXISTS" in text or "already exists" in text:
            raise SparkJobError(
                f"{opts.output} already exists; use --overwrite to replace it"
            ) from exc
        _raise_read_error(exc, "the job failed")
    report.engine_loads = [(int(p), float(s)) for p, s in loads.value]
    report.batches = len(batches.value)
    report.worker_pids = sorted({int(p) for p, _ in batches.value})

    out = spark.read.parquet(opts.output)
    counts = out.groupBy("verdict").count().collect()
    report.verdicts = {r["verdict"]: int(r["count"]) for r in counts if r["verdict"] is not None}
    report.errors = sum(int(r["count"]) for r in counts if r["verdict"] is None)
    report.records = sum(report.verdicts.values()) + report.errors
    if opts.skip_corrupt:
        report.skipped_files = _skipped_files(spark, raw, opts, fmt)
    report.seconds = round(time.perf_counter() - t0, 2)
    return report
