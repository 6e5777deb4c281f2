"""Pydantic models of the knowledge base files (one model per YAML file in kb/data/)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEME_IDS: tuple[str, ...] = (
    "employee_impersonation",
    "relative_in_trouble",
    "phishing_sms",
    "malware_remote_access",
    "fake_shop_marketplace",
    "investment_easy_income",
    "fake_charity",
    "prize_lottery",
    "fake_job",
    "account_takeover",
    "loan_grant_study",
    "kazcoins_helper",
)
# The situations of the victim-response playbooks (a scheme names the one that fits it).
SITUATION_IDS: tuple[str, ...] = (
    "told_code",
    "transferred_money",
    "gave_card_data",
    "installed_remote_app",
    "messenger_hijacked",
    "loan_in_my_name",
    "gave_eds_access",
    "paid_fake_seller",
    "received_suspicious",
)
LANGS: tuple[str, ...] = ("kk", "ru", "en")
SEEDS: tuple[str, ...] = ("000", "001", "002", "003", "004")


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(Model):
    """Where a fact comes from: a seed document (with its date when the seed gives one) or
    another official source named by `ref` (a URL or a document title)."""

    seed: Literal["000", "001", "002", "003", "004"] | None = None
    date: dt.date | None = None
    ref: str | None = None

    @model_validator(mode="after")
    def _one_of(self) -> Source:
        if self.seed is None and not self.ref:
            raise ValueError("a source needs a seed id or a ref")
        return self


class Text(Model):
    """A sentence shown to people, in all three languages."""

    kk: str = Field(min_length=1)
    ru: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return str(getattr(self, lang if lang in LANGS else "ru"))


class TextList(Model):
    kk: list[str] = Field(min_length=1)
    ru: list[str] = Field(min_length=1)
    en: list[str] = Field(min_length=1)

    def get(self, lang: str) -> list[str]:
        return list(getattr(self, lang if lang in LANGS else "ru"))


class Scheme(Model):
    id: str
    name: Text
    description: Text
    red_flags: TextList
    recognize: TextList
    what_to_do: TextList
    playbook: str = "received_suspicious"
    sources: list[Source] = Field(min_length=1)

    @field_validator("playbook")
    @classmethod
    def _known_playbook(cls, v: str) -> str:
        if v not in SITUATION_IDS:
            raise ValueError(f"unknown playbook {v!r}; expected one of {', '.join(SITUATION_IDS)}")
        return v

    @field_validator("id")
    @classmethod
    def _known_id(cls, v: str) -> str:
        if v not in SCHEME_IDS:
            raise ValueError(f"unknown scheme id {v!r}; expected one of {', '.join(SCHEME_IDS)}")
        return v


class PhoneNumber(Model):
    """A number as the source writes it, plus the digits to dial."""

    display: str
    dial: str = Field(pattern=r"^\+?[0-9]{3,15}$")
    extensions: list[str] = Field(default_factory=list)
    note: Text | None = None


class Bank(Model):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    aliases: list[str] = Field(min_length=1)
    card_block: list[PhoneNumber] = Field(min_length=1)
    domains: list[str] = Field(default_factory=list)
    app: str | None = None
    source: Source


class Hotline(Model):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    number: str
    name: Text
    purpose: Text
    source: Source


class Portal(Model):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    url: str
    name: Text
    purpose: Text
    source: Source


class Contacts(Model):
    banks: list[Bank] = Field(min_length=1)
    hotlines: list[Hotline]
    portals: list[Portal]


class Brand(Model):
    """An organization whose name fraudsters borrow: its official domains, SMS sender names
    and short numbers. `official_source` tells whether the domains come from a seed."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    kind: Literal["bank", "government", "post", "marketplace", "messenger", "operator", "other"]
    keywords: list[str] = Field(default_factory=list)
    domains: list[str] = Field(min_length=1)
    sender_ids: list[str] = Field(default_factory=list)
    short_numbers: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)


class App(Model):
    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: Literal["remote_access", "official_store"]
    source: Source


class MenuPath(Model):
    id: str
    title: Text
    where: Literal["egov_portal", "egov_mobile", "pki", "1cb"]
    steps: TextList
    source: Source


class SignalDef(Model):
    """A red flag: its explanation in three languages, its group (rspamd-style cap) and the
    schemes it points to."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    group: str
    explanation: Text
    schemes: list[str] = Field(default_factory=list)

    @field_validator("schemes")
    @classmethod
    def _known(cls, v: list[str]) -> list[str]:
        bad = [s for s in v if s not in SCHEME_IDS]
        if bad:
            raise ValueError(f"unknown scheme ids {bad}")
        return v


class Lexicon(Model):
    """Trigger phrases of one signal in one language. A phrase is a sequence of words; a word
    ending in `*` is a stem that takes any suffix (Kazakh/Russian morphology); `_` between words
    allows up to `gap` other words in between."""

    signal: str
    lang: Literal["kk", "ru", "en"]
    gap: int = Field(default=2, ge=0, le=6)
    phrases: list[str] = Field(min_length=1)


class Thresholds(Model):
    scam: float = Field(gt=0, lt=1)
    suspicious: float = Field(gt=0, lt=1)

    @model_validator(mode="after")
    def _order(self) -> Thresholds:
        if self.suspicious >= self.scam:
            raise ValueError("suspicious threshold must be below the scam threshold")
        return self
