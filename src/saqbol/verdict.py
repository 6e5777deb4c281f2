"""The Verdict contract every interface returns (CLI, API, bot, batch, Spark)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Lang = Literal["kk", "ru", "en"]
DetectedLang = Literal["kk", "ru", "en", "mixed", "unknown"]
VerdictLabel = Literal["scam", "suspicious", "safe"]
LinkVerdict = Literal["phishing", "suspicious", "safe", "unknown"]
PhoneKind = Literal[
    "mobile", "landline", "short_official", "short", "foreign", "invalid", "unknown"
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Signal(_Frozen):
    """One red flag (or one piece of reassurance, with a negative weight) found in the input."""

    id: str
    weight: float = 0.0
    evidence: str = ""
    span: tuple[int, int] | None = None
    explanation: str = ""


class SchemeScore(_Frozen):
    id: str
    score: float


class LinkResult(_Frozen):
    url: str
    verdict: LinkVerdict
    risk: float = 0.0
    target: str | None = None
    reasons: list[str] = Field(default_factory=list)
    span: tuple[int, int] | None = None


class PhoneResult(_Frozen):
    number: str
    kind: PhoneKind
    official: str | None = None
    note: str = ""
    span: tuple[int, int] | None = None


class Verdict(_Frozen):
    verdict: VerdictLabel
    risk: float
    scheme: str | None = None
    schemes: list[SchemeScore] = Field(default_factory=list)
    language: DetectedLang = "unknown"
    signals: list[Signal] = Field(default_factory=list)
    links: list[LinkResult] = Field(default_factory=list)
    phones: list[PhoneResult] = Field(default_factory=list)
    advice: list[str] = Field(default_factory=list)
    playbook: str | None = None
    engine: str = ""
