"""The ImageVerdict contract: the text Verdict of what the picture says, plus its codes."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from saqbol.verdict import DetectedLang, LinkResult, Signal, Verdict, VerdictLabel

CodeKind = Literal["url", "account_takeover", "payment", "wifi", "text"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Box(_Frozen):
    """A rectangle in the pixels of the image as sent (x, y of the top-left corner)."""

    x: int
    y: int
    w: int
    h: int


class Word(_Frozen):
    """One recognized word, where it is in `ImageVerdict.text` and on the image."""

    text: str
    start: int
    end: int
    box: Box
    conf: float


class Highlight(_Frozen):
    """A red flag drawn on the picture: the signal and the boxes of its evidence (one per line)."""

    signal: str
    explanation: str = ""
    boxes: list[Box]


class Payee(_Frozen):
    """Whom a payment QR pays, as far as its payload tells."""

    provider: str | None = None
    name: str | None = None
    city: str | None = None
    account: str | None = None
    amount: str | None = None
    currency: str | None = None


class Code(_Frozen):
    """One decoded QR code or barcode and what it leads to."""

    format: str
    payload: str
    kind: CodeKind
    box: Box | None = None
    link: LinkResult | None = None
    app: str | None = Field(None, description="The messenger a login/device-link QR belongs to.")
    payee: Payee | None = None
    wifi_ssid: str | None = None
    risk: float = 0.0
    explanation: str = ""


class ImageVerdict(_Frozen):
    """The verdict on a picture: the text path on the OCR text, combined with its codes."""

    verdict: VerdictLabel
    risk: float
    scheme: str | None = None
    language: DetectedLang = "unknown"
    signals: list[Signal] = Field(default_factory=list)
    advice: list[str] = Field(default_factory=list)
    text_verdict: Verdict | None = Field(None, description="The Verdict of the OCR text alone.")
    text: str = Field("", description="The text read from the image (OCR).")
    words: list[Word] = Field(default_factory=list)
    highlights: list[Highlight] = Field(default_factory=list)
    codes: list[Code] = Field(default_factory=list)
    width: int = 0
    height: int = 0
    engine: str = ""
