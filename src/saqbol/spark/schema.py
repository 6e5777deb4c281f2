"""The Spark output schema: a Verdict as typed columns, and the row one message becomes.

One place defines both the Spark types and the Python values, so the UDF and the schema it
declares cannot drift apart. User-facing sentences (signal explanations, advice) are left out
by default: they follow from the ids and the knowledge base, and 500 M copies of them would be
most of the output's bytes (`--advice` keeps the advice).
"""

from __future__ import annotations

from typing import Any

from pyspark.sql.types import (
    ArrayType,
    DataType,
    DoubleType,
    IntegerType,
    StringType,
    StructField,
    StructType,
)

from saqbol.links.parse import parse_url
from saqbol.verdict import Verdict

SCHEME = StructType([StructField("id", StringType()), StructField("score", DoubleType())])
SIGNAL = StructType(
    [
        StructField("id", StringType()),
        StructField("weight", DoubleType()),
        StructField("evidence", StringType()),
        StructField("start", IntegerType()),
        StructField("end", IntegerType()),
    ]
)
LINK = StructType(
    [
        StructField("url", StringType()),
        StructField("host", StringType()),
        StructField("domain", StringType()),  # registrable domain: the indicator analysts share
        StructField("verdict", StringType()),
        StructField("risk", DoubleType()),
        StructField("target", StringType()),
        StructField("reasons", ArrayType(StringType())),
    ]
)
PHONE = StructType(
    [
        StructField("number", StringType()),
        StructField("kind", StringType()),
        StructField("official", StringType()),
    ]
)
ERROR = StructType([StructField("code", StringType()), StructField("message", StringType())])

VERDICT_FIELDS: tuple[tuple[str, DataType], ...] = (
    ("verdict", StringType()),
    ("risk", DoubleType()),
    ("scheme", StringType()),
    ("schemes", ArrayType(SCHEME)),
    ("language", StringType()),
    ("signals", ArrayType(SIGNAL)),
    ("links", ArrayType(LINK)),
    ("phones", ArrayType(PHONE)),
    ("playbook", StringType()),
    ("engine", StringType()),
)
ADVICE_FIELD: tuple[str, DataType] = ("advice", ArrayType(StringType()))
ERROR_FIELD: tuple[str, DataType] = ("error", ERROR)


def verdict_columns(with_advice: bool) -> list[str]:
    names = [name for name, _ in VERDICT_FIELDS]
    if with_advice:
        names.append(ADVICE_FIELD[0])
    return [*names, ERROR_FIELD[0]]


def output_schema(passthrough: list[StructField], with_advice: bool) -> StructType:
    """The passthrough columns (id, date, sender as read), then the Verdict, then `error`."""
    fields = [*VERDICT_FIELDS, *([ADVICE_FIELD] if with_advice else []), ERROR_FIELD]
    return StructType([*passthrough, *(StructField(n, t) for n, t in fields)])


def _link(link: Any) -> dict[str, Any]:
    p = parse_url(link.url)
    return {
        "url": link.url,
        "host": p.host or None,
        "domain": p.registrable or p.host or None,
        "verdict": link.verdict,
        "risk": float(link.risk),
        "target": link.target,
        "reasons": list(link.reasons),
    }


def verdict_row(v: Verdict, with_advice: bool) -> dict[str, Any]:
    row: dict[str, Any] = {
        "verdict": v.verdict,
        "risk": float(v.risk),
        "scheme": v.scheme,
        "schemes": [{"id": s.id, "score": float(s.score)} for s in v.schemes],
        "language": v.language,
        "signals": [
            {
                "id": s.id,
                "weight": float(s.weight),
                "evidence": s.evidence,
                "start": s.span[0] if s.span else None,
                "end": s.span[1] if s.span else None,
            }
            for s in v.signals
        ],
        "links": [_link(link) for link in v.links],
        "phones": [{"number": p.number, "kind": p.kind, "official": p.official} for p in v.phones],
        "playbook": v.playbook,
        "engine": v.engine,
        "error": None,
    }
    if with_advice:
        row["advice"] = list(v.advice)
    return row


def error_row(code: str, message: str, with_advice: bool) -> dict[str, Any]:
    """A record that could not be scored: null verdict columns and the reason."""
    row: dict[str, Any] = dict.fromkeys(verdict_columns(with_advice))
    row["error"] = {"code": code, "message": message}
    return row
