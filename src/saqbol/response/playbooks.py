"""Render a playbook: the ordered checklist for a situation, for the person's bank, in kk/ru/en.

`render(situation, bank_id, lang)` is the one function the CLI, the web app and the bot call.
"""

from __future__ import annotations

import functools

from saqbol.kb.banks import find_bank
from saqbol.kb.loader import KBError, KnowledgeBase, get_kb, load_extra
from saqbol.kb.models import LANGS, Bank, PhoneNumber
from saqbol.response.models import (
    SITUATIONS,
    BankInfo,
    LinkRef,
    MenuPathRef,
    PhoneRef,
    PlaybookFile,
    RenderedPlaybook,
    RenderedStep,
    SituationStep,
    StepDef,
)

PLAYBOOK_FILE = "playbooks.yaml"


def situation_id(situation: str) -> str:
    """`told-code`, `Told_Code ` → `told_code`."""
    return situation.strip().lower().replace("-", "_")


def _check_refs(book: PlaybookFile, kb: KnowledgeBase) -> None:
    hotlines = {h.id for h in kb.contacts.hotlines}
    portals = {p.id for p in kb.contacts.portals}
    known = {"hotline": hotlines, "portal": portals, "menu": set(kb.menu_paths)}
    for step in book.steps:
        for ref in step.refs:
            kind, _, ident = ref.partition(":")
            if kind != "bank" and ident not in known[kind]:
                raise KBError(
                    f"{PLAYBOOK_FILE}: field steps({step.id}).refs: unknown {kind} {ident!r}"
                )


@functools.cache
def get_playbooks() -> PlaybookFile:
    """playbooks.yaml, validated (fields and references to contacts and menu paths)."""
    book: PlaybookFile = load_extra(PLAYBOOK_FILE, PlaybookFile)
    _check_refs(book, get_kb())
    return book


def _phone(n: PhoneNumber, label: str, lang: str) -> PhoneRef:
    return PhoneRef(
        display=n.display,
        dial=n.dial,
        label=label,
        note=n.note.get(lang) if n.note else None,
        extensions=list(n.extensions),
    )


def bank_info(bank: Bank, lang: str) -> BankInfo:
    return BankInfo(
        id=bank.id,
        name=bank.name,
        app=bank.app,
        card_block=[_phone(n, bank.name, lang) for n in bank.card_block],
    )


def _step(
    n: int, use: SituationStep, step: StepDef, bank: Bank | None, lang: str, kb: KnowledgeBase
) -> RenderedStep:
    urgency = use.urgency or step.urgency
    phones: list[PhoneRef] = []
    links: list[LinkRef] = []
    paths: list[MenuPathRef] = []
    details = step.details.get(lang) if step.details else []
    for ref in step.refs:
        kind, _, ident = ref.partition(":")
        if kind == "hotline":
            h = kb.hotline(ident)
            phones.append(PhoneRef(display=h.number, dial=h.number, label=h.name.get(lang)))
        elif kind == "portal":
            p = next(p for p in kb.contacts.portals if p.id == ident)
            links.append(LinkRef(url=p.url, label=p.name.get(lang)))
        elif kind == "menu":
            m = kb.menu_paths[ident]
            paths.append(MenuPathRef(id=m.id, title=m.title.get(lang), steps=m.steps.get(lang)))
        elif kind == "bank" and ident == "card_block" and bank is not None:
            phones.extend(_phone(num, bank.name, lang) for num in bank.card_block)
    if bank is not None and step.what_bank is not None:
        app = (
            kb.text("response.app_named", lang, app=bank.app)
            if bank.app
            else kb.text("response.app_generic", lang)
        )
        title = step.what_bank.get(lang).format(bank=bank.name, app=app)
    else:
        title = step.what.get(lang)
        if step.bank_dependent:
            details = [*details, kb.text("response.no_bank_hint", lang)]
    return RenderedStep(
        n=n,
        id=step.id,
        urgency=urgency,
        urgency_label=kb.text(f"response.urgency_{urgency}", lang),
        title=title,
        why=step.why.get(lang),
        details=details,
        phones=phones,
        links=links,
        menu_paths=paths,
        url=next((link.url for link in links if link.url.startswith("http")), None),
        bank_dependent=step.bank_dependent,
        source=step.source.seed or step.source.ref or "",
    )


def render(situation: str, bank_id: str | None, lang: str) -> RenderedPlaybook:
    """The checklist for `situation` (an id or its hyphen form) for the bank `bank_id` (an id from
    contacts.yaml, or None when unknown) in `lang`.

    Raises KeyError for an unknown situation or bank id, ValueError for an unknown language.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use kk, ru or en")
    sid = situation_id(situation)
    if sid not in SITUATIONS:
        raise KeyError(f"unknown situation {situation!r}; known: {', '.join(SITUATIONS)}")
    kb, book = get_kb(), get_playbooks()
    bank = kb.bank(bank_id) if bank_id else None
    steps = {s.id: s for s in book.steps}
    sit = next(s for s in book.situations if s.id == sid)
    return RenderedPlaybook(
        situation=sid,
        lang=lang,
        title=sit.title.get(lang),
        intro=sit.intro.get(lang),
        bank=bank_info(bank, lang) if bank else None,
        steps=[_step(i, u, steps[u.step], bank, lang, kb) for i, u in enumerate(sit.steps, 1)],
        kb_version=kb.version,
    )


def get_playbook(situation: str, lang: str, bank: str | None = None) -> RenderedPlaybook:
    """`render` with the bank as people type it ("каспи"); an unmatched bank renders without one.

    The web app's entry point (saqbol.web.service.playbook).
    """
    found = find_bank(bank) if bank and bank.strip() else None
    return render(situation, found.id if found else None, lang)
