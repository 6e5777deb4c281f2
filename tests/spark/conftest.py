"""One small local Spark session for every Spark test (local[2], little memory, no network)."""
# The corpus input is a fixed sample, not all of it, so that the job stays small as the corpus
# grows.

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from saqbol.spark.session import find_java_home

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus" / "parts"
DAYS = ("2025-06-01", "2025-06-02", "2025-06-03")


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    if find_java_home() is None and not __import__("shutil").which("java"):
        pytest.skip("no Java runtime")
    from saqbol.spark.session import build_session

    # py4j's socket to the JVM takes the global default timeout: with one set (dnstwist's import
    # sets 12 s), any Spark job longer than that fails as "the JVM stopped answering".
    timeout = socket.getdefaulttimeout()
    assert timeout is None, f"a test left a global socket timeout of {timeout} s"

    session = build_session(
        "local[2]",
        {
            "spark.driver.memory": "1g",
            # Smaller Arrow batches than production so that a few thousand records still make
            # many batches per worker (the one-load-per-process test needs them).
            "spark.sql.execution.arrow.maxRecordsPerBatch": "500",
            "spark.sql.shuffle.partitions": "4",
            "spark.default.parallelism": "2",
            "spark.ui.enabled": "false",
        },
        app_name="saqbol-tests",
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


SAMPLE = 5000


def corpus_records() -> list[dict[str, Any]]:
    """A fixed sample of every writer's messages with a day and a sender: SAMPLE records."""
    lines = [
        (path.stem, line)
        for path in sorted(CORPUS.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    step = max(1, len(lines) // SAMPLE)
    out = []
    for stem, line in lines[::step][:SAMPLE]:
        d = json.loads(line)
        n = len(out)
        out.append(
            {
                "id": f"{stem}-{n}",
                "text": d["text"],
                "date": DAYS[n % len(DAYS)],
                "sender": d.get("channel") or "unknown",
            }
        )
    return out


@pytest.fixture(scope="session")
def corpus_parquet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = corpus_records()
    path = tmp_path_factory.mktemp("in") / "messages.parquet"
    # Several row groups, as an operator's file would have: Spark splits on them.
    pq.write_table(pa.Table.from_pylist(records), path, row_group_size=1000)
    return path, records
