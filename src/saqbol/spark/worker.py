"""What runs inside each Spark Python worker: the engine loaded once per process, and the
`mapInPandas` function that scores a partition batch by batch.

`mapInPandas` pickles the `Scorer` instance by reference to this module, so the module-level
state below lives as long as the worker process (Spark reuses Python workers across tasks,
`spark.python.worker.reuse=true`): the knowledge base and the model load once per process, not
per task or per Arrow batch. Each load is reported to the driver through an accumulator (and
logged to the executor's stderr), so a test — or an operator — can check loads == processes.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from pyspark.accumulators import Accumulator, AccumulatorParam

from saqbol.spark.schema import error_row, verdict_columns, verdict_row

log = logging.getLogger("saqbol.spark")

# Per-process state (one copy in each Python worker process).
_LOADED_IN: int | None = None  # pid that loaded the engine (a forked child must load its own)
LOADS_IN_THIS_PROCESS = 0


class ListParam(AccumulatorParam[list[Any]]):
    """Accumulates items from every task into one list on the driver."""

    def zero(self, value: list[Any]) -> list[Any]:
        return []

    def addInPlace(self, value1: list[Any], value2: list[Any]) -> list[Any]:
        value1.extend(value2)
        return value1


def load_engine() -> float | None:
    """Load the knowledge base and the model if this process has not; seconds taken or None."""
    global _LOADED_IN, LOADS_IN_THIS_PROCESS
    pid = os.getpid()
    if pid == _LOADED_IN:
        return None
    from saqbol.kb.loader import get_kb
    from saqbol.model import get_detector
    from saqbol.pipeline import analyze_many, batch_mode

    t0 = time.perf_counter()
    get_kb()
    get_detector()
    analyze_many(["warm-up"])  # lazy tables (lexicon index, brand index) too
    batch_mode()
    seconds = time.perf_counter() - t0
    _LOADED_IN = pid
    LOADS_IN_THIS_PROCESS += 1
    log.warning("saqbol: engine loaded in worker pid %d in %.2f s", pid, seconds)
    return seconds


def score_texts(texts: Iterable[object], with_advice: bool = False) -> list[dict[str, Any]]:
    """One output row per text, like `saqbol scan`: the batch is scored together; a text that
    is null or not text gets an error instead of a verdict; one bad text never fails the rest."""
    from saqbol.pipeline import InputError, analyze_many

    items = list(texts)
    rows: list[dict[str, Any] | None] = [None] * len(items)
    good: list[tuple[int, str]] = []
    for i, t in enumerate(items):
        if isinstance(t, bytes | bytearray):
            try:
                t = bytes(t).decode("utf-8")
            except UnicodeDecodeError:
                rows[i] = error_row("bad_text", "the input is not valid UTF-8 text", with_advice)
                continue
        if t is None or (isinstance(t, float) and t != t):  # null (pandas may give NaN)
            rows[i] = error_row("bad_record", "the text is null", with_advice)
        elif not isinstance(t, str):
            rows[i] = error_row(
                "bad_record", f"the text is {type(t).__name__}, not text", with_advice
            )
        else:
            good.append((i, t))
    try:
        for (i, _), v in zip(good, analyze_many([t for _, t in good]), strict=True):
            rows[i] = verdict_row(v, with_advice)
    except InputError:  # find the bad one(s): score one by one
        for i, t in good:
            try:
                rows[i] = verdict_row(analyze_many([t])[0], with_advice)
            except InputError as exc:
                rows[i] = error_row("bad_text", str(exc), with_advice)
    return [r for r in rows if r is not None]


@dataclass
class Scorer:
    """The `mapInPandas` function: input batches (text + passthrough columns) → verdict rows."""

    text_col: str
    passthrough: list[str]  # output names, already present in the input batches
    with_advice: bool = False
    corrupt_col: str | None = None  # JSON/CSV reader's column for malformed lines
    loads: Accumulator[list[Any]] | None = field(default=None, repr=False)
    batches: Accumulator[list[Any]] | None = field(default=None, repr=False)

    def __call__(self, batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        seconds = load_engine()
        if seconds is not None and self.loads is not None:
            self.loads.add([(os.getpid(), round(seconds, 3))])
        cols = verdict_columns(self.with_advice)
        for pdf in batches:
            texts = pdf[self.text_col].tolist()
            rows = score_texts(texts, self.with_advice)
            if self.corrupt_col is not None:
                bad = pdf[self.corrupt_col].notna().tolist()
                for i in (i for i, b in enumerate(bad) if b):
                    rows[i] = error_row(
                        "bad_record", "the line is not a valid record", self.with_advice
                    )
            out = pd.DataFrame({c: [r[c] for r in rows] for c in cols}, index=pdf.index)
            for name in reversed(self.passthrough):
                out.insert(0, name, pdf[name])
            if self.batches is not None:
                self.batches.add([(os.getpid(), len(pdf))])
            yield out
