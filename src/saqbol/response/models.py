"""Playbooks: the data file's models (playbooks.yaml) and the rendered, JSON-able checklist.

A step names its contacts by reference (`hotline:police`, `portal:qamqor`, `menu:eds_revoke`,
`bank:card_block`, `bank:app`) so that every number and path lives once, in contacts.yaml or
menu_paths.yaml, and a playbook can never disagree with them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from saqbol.kb.models import SITUATION_IDS, Source, Text, TextList

SITUATIONS = SITUATION_IDS
Urgency = Literal["now", "today", "this_week"]
URGENCIES: tuple[str, ...] = ("now", "today", "this_week")
REF_KINDS: tuple[str, ...] = ("hotline", "portal", "menu", "bank")
BANK_REFS: tuple[str, ...] = ("card_block", "app")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StepDef(_Model):
    """One action, reusable by several situations."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    urgency: Urgency
    what: Text
    # Used instead of `what` when the person named their bank: may hold {bank} and {app}.
    what_bank: Text | None = None
    why: Text
    details: TextList | None = None
    refs: list[str] = Field(default_factory=list)
    source: Source

    @field_validator("refs")
    @classmethod
    def _ref_form(cls, v: list[str]) -> list[str]:
        for ref in v:
            kind, _, ident = ref.partition(":")
            if kind not in REF_KINDS or not ident:
                raise ValueError(f"reference {ref!r} must be one of {', '.join(REF_KINDS)}:<id>")
            if kind == "bank" and ident not in BANK_REFS:
                raise ValueError(f"bank reference {ref!r} must be bank:card_block or bank:app")
        return v

    @property
    def bank_dependent(self) -> bool:
        return any(r.startswith("bank:") for r in self.refs)


class SituationStep(_Model):
    """A step of a situation; `urgency` overrides the step's own (EDS keys are "now" when the
    EDS itself was given away, "today" after a told code)."""

    step: str
    urgency: Urgency | None = None


class SituationDef(_Model):
    id: str
    title: Text
    intro: Text
    steps: list[SituationStep] = Field(min_length=1)

    @field_validator("steps", mode="before")
    @classmethod
    def _short_form(cls, v: object) -> object:
        if isinstance(v, list):
            return [{"step": s} if isinstance(s, str) else s for s in v]
        return v

    @field_validator("id")
    @classmethod
    def _known(cls, v: str) -> str:
        if v not in SITUATIONS:
            raise ValueError(f"unknown situation {v!r}; expected one of {', '.join(SITUATIONS)}")
        return v


class PlaybookFile(_Model):
    steps: list[StepDef] = Field(min_length=1)
    situations: list[SituationDef] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> PlaybookFile:
        step_ids = [s.id for s in self.steps]
        if len(step_ids) != len(set(step_ids)):
            raise ValueError("step ids must be unique")
        known = set(step_ids)
        for sit in self.situations:
            bad = [s.step for s in sit.steps if s.step not in known]
            if bad:
                raise ValueError(f"situation {sit.id}: unknown steps {bad}")
        missing = set(SITUATIONS) - {s.id for s in self.situations}
        if missing:
            raise ValueError(f"situations missing: {', '.join(sorted(missing))}")
        return self


# ----------------------------------------------------------------- rendered (the API shape)


class PhoneRef(_Model):
    """A number to call: `display` as the source writes it, `dial` for a tel: link."""

    display: str
    dial: str
    label: str
    note: str | None = None
    extensions: list[str] = Field(default_factory=list)


class LinkRef(_Model):
    url: str
    label: str


class MenuPathRef(_Model):
    id: str
    title: str
    steps: list[str]


class BankInfo(_Model):
    id: str
    name: str
    app: str | None
    card_block: list[PhoneRef]


class RenderedStep(_Model):
    n: int
    id: str
    urgency: Urgency
    urgency_label: str
    title: str
    why: str
    details: list[str] = Field(default_factory=list)
    phones: list[PhoneRef] = Field(default_factory=list)
    links: list[LinkRef] = Field(default_factory=list)
    menu_paths: list[MenuPathRef] = Field(default_factory=list)
    url: str | None = None
    bank_dependent: bool = False
    source: str


class RenderedPlaybook(_Model):
    situation: str
    lang: Literal["kk", "ru", "en"]
    title: str
    intro: str
    bank: BankInfo | None = None
    steps: list[RenderedStep]
    kb_version: str
