"""Reading message records for batch scoring: JSONL, CSV or Parquet, one bad record never stops
the run (it becomes an error record in its place)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_LINE = 2_000_000  # a JSONL line longer than this is rejected, not parsed

csv.field_size_limit(MAX_LINE)


@dataclass(frozen=True, slots=True)
class Record:
    n: int  # 1-based position in the input
    id: Any
    text: str | None
    error: str | None = None


def _from_mapping(n: int, row: Any, text_field: str, id_field: str) -> Record:
    if not isinstance(row, dict):
        return Record(n, None, None, "record is not an object")
    rid = row.get(id_field, n)
    text = row.get(text_field)
    if text is None:
        return Record(n, rid, None, f"field {text_field!r} is missing or null")
    if not isinstance(text, str):
        return Record(n, rid, None, f"field {text_field!r} is not text")
    return Record(n, rid, text)


def read_records(path: Path, text_field: str = "text", id_field: str = "id") -> Iterator[Record]:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        yield from _jsonl(path, text_field, id_field)
    elif suffix == ".csv":
        yield from _csv(path, text_field, id_field)
    elif suffix in (".parquet", ".pq"):
        yield from _parquet(path, text_field, id_field)
    else:
        raise ValueError(f"{path.name}: unknown format; use .jsonl, .csv or .parquet")


def _jsonl(path: Path, text_field: str, id_field: str) -> Iterator[Record]:
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            if len(raw) > MAX_LINE:
                yield Record(n, None, None, f"line is longer than {MAX_LINE} bytes")
                continue
            try:
                row = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                yield Record(n, None, None, "line is not valid UTF-8")
                continue
            except json.JSONDecodeError as exc:
                yield Record(n, None, None, f"line is not JSON: {exc.msg}")
                continue
            yield _from_mapping(n, row, text_field, id_field)


def _csv(path: Path, text_field: str, id_field: str) -> Iterator[Record]:
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames is None or text_field not in reader.fieldnames:
            raise ValueError(f"{path.name}: no column {text_field!r}")
        for n, row in enumerate(reader, 1):
            yield _from_mapping(n, row, text_field, id_field)


def _parquet(path: Path, text_field: str, id_field: str) -> Iterator[Record]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for a corrupt file
        raise ValueError(f"{path.name}: not a readable Parquet file: {exc}") from exc
    names = pf.schema_arrow.names
    if text_field not in names:
        raise ValueError(f"{path.name}: no column {text_field!r}")
    cols = [text_field] + ([id_field] if id_field in names else [])
    n = 0
    for batch in pf.iter_batches(columns=cols, batch_size=8192):
        data = batch.to_pydict()
        texts = data[text_field]
        ids = data.get(id_field, [None] * len(texts))
        for rid, text in zip(ids, texts, strict=True):
            n += 1
            yield _from_mapping(
                n, {text_field: text, id_field: rid if rid is not None else n}, text_field, id_field
            )
