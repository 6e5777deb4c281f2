"""Documents from an incident: the police complaint, the credit-report dispute, the citizensec
e-mail. Each is built once as a list of blocks (wording from the knowledge base texts), then
written as DOCX, PDF or plain text by `saqbol.response.writers`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from saqbol.kb.loader import KnowledgeBase, get_kb
from saqbol.privacy import mask_text
from saqbol.response.incident import IDENTIFIER_KINDS, Identifiers, Incident

Kind = Literal["police", "credit_dispute", "citizensec"]
KINDS: tuple[str, ...] = ("police", "credit_dispute", "citizensec")
Align = Literal["left", "right", "center"]


class DocumentError(ValueError):
    """The incident lacks what this document needs; `field` names it."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


@dataclass(frozen=True)
class Para:
    text: str
    bold: bool = False
    align: Align = "left"
    size: float = 11
    space_after: float = 4


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: list[str]
    numbered: bool = False


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative


Block = Para | Heading | Bullets | Table


@dataclass
class Document:
    kind: str
    lang: str
    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def plain_text(self) -> str:
        """Every string of the document (what a reader must find in the DOCX and the PDF)."""
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, Para | Heading):
                out.append(b.text)
            elif isinstance(b, Bullets):
                out.extend(b.items)
            else:
                out.append(" | ".join(b.header))
                out.extend(" | ".join(r) for r in b.rows)
        return "\n".join(out)


def fmt_date(d: dt.date | dt.datetime) -> str:
    return d.strftime("%d.%m.%Y")


def fmt_time(d: dt.datetime) -> str:
    return d.strftime("%H:%M")


def fmt_when(d: dt.datetime | dt.date | None) -> str:
    if d is None:
        return "—"
    if isinstance(d, dt.datetime):
        return f"{fmt_date(d)} {fmt_time(d)}"
    return fmt_date(d)


def fmt_amount(amount: Decimal, currency: str, lang: str, kb: KnowledgeBase) -> str:
    whole = f"{amount:,.2f}".replace(",", " ").removesuffix(".00")
    key = f"doc.currency_{currency}"
    unit = kb.text(key, lang) if key in kb.texts else currency
    return f"{whole} {unit}"


def fmt_size(size: int | None) -> str:
    if size is None:
        return "—"
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 2**20:.1f} MB"


class _Builder:
    def __init__(self, incident: Incident, lang: str, today: dt.date, kb: KnowledgeBase) -> None:
        self.inc, self.lang, self.today, self.kb = incident, lang, today, kb
        self.ids: Identifiers = incident.identifiers()

    def t(self, key: str, **fmt: object) -> str:
        return self.kb.text(key, self.lang, **fmt)

    def channel(self, channel: str | None) -> str:
        return self.t(f"doc.channel_{channel or 'other'}")

    def amount(self, amount: Decimal, currency: str) -> str:
        return fmt_amount(amount, currency, self.lang, self.kb)

    def applicant_lines(self, with_iin: bool = True) -> list[str]:
        a = self.inc.applicant
        blank = self.t("doc.blank")
        lines = [self.t("doc.from_name", value=a.full_name or blank)]
        if with_iin:
            lines.append(self.t("doc.from_iin", value=a.iin or blank))
        if a.birth_date:
            lines.append(self.t("doc.from_birth", value=fmt_date(a.birth_date)))
        lines.append(self.t("doc.from_address", value=a.address or blank))
        lines.append(self.t("doc.from_phone", value=a.phone or blank))
        if a.email:
            lines.append(self.t("doc.from_email", value=a.email))
        return lines

    def scheme_name(self) -> str | None:
        if self.inc.scheme and self.inc.scheme in self.kb.schemes:
            return self.kb.schemes[self.inc.scheme].name.get(self.lang)
        return None

    def identifiers_table(self) -> Block:
        rows = [
            [self.t(f"doc.id_{kind}"), value]
            for kind in IDENTIFIER_KINDS
            for value in getattr(self.ids, kind)
        ]
        if not rows:
            return Para(self.t("doc.no_identifiers"))
        return Table([self.t("doc.col_kind"), self.t("doc.col_value")], rows, [1, 2.2])

    def attachments_table(self) -> Block:
        if not self.inc.attachments:
            return Para(self.t("doc.no_attachments"))
        rows = []
        for i, att in enumerate(self.inc.attachments, 1):
            cell = att.name
            if att.description:
                cell += f" — {att.description}"
            if att.sha256:
                cell += "\n" + self.t("doc.sha256", value=att.sha256.lower())
            rows.append([str(i), cell, fmt_size(att.size)])
        header = ["№", self.t("doc.col_file"), self.t("doc.col_size")]
        return Table(header, rows, [0.35, 5, 0.9])

    def losses_table(self) -> Block:
        rows = [
            [
                fmt_when(loss.at),
                self.amount(loss.amount, loss.currency),
                loss.method or "—",
                loss.to or "—",
            ]
            for loss in self.inc.losses
        ]
        header = [
            self.t(k)
            for k in ("doc.col_date", "doc.col_amount", "doc.col_method", "doc.col_recipient")
        ]
        return Table(header, rows, [1.1, 1.1, 1.3, 1.8])

    def loans_table(self) -> Block:
        rows = [
            [
                loan.lender,
                self.amount(loan.amount, loan.currency) if loan.amount else "—",
                fmt_when(loan.date),
                loan.contract or "—",
            ]
            for loan in self.inc.loans
        ]
        header = [
            self.t(k)
            for k in ("doc.col_lender", "doc.col_amount", "doc.col_date", "doc.col_contract")
        ]
        return Table(header, rows, [2, 1.2, 1, 1.2])

    def total(self) -> str:
        return ", ".join(self.amount(v, c) for c, v in self.inc.totals().items())

    def timeline(self) -> list[list[str]]:
        inc = self.inc
        tz = inc.happened_at.tzinfo or dt.UTC
        # (sort key, shown time, event); a date without a time sorts at the end of its day.
        events: list[tuple[dt.datetime, str, str]] = []

        def add(at: dt.datetime | dt.date, text: str) -> None:
            if isinstance(at, dt.datetime):
                key = at if at.tzinfo else at.replace(tzinfo=tz)
            else:
                key = dt.datetime.combine(at, dt.time(23, 59, 59), tzinfo=tz)
            events.append((key, fmt_when(at), text))

        add(inc.happened_at, self.t("doc.event_contact", channel=self.channel(inc.channel)))
        for e in inc.timeline:
            add(e.at, e.event)
        for loss in inc.losses:
            if loss.at:
                to = self.t("doc.event_loss_to", to=loss.to) if loss.to else ""
                amount = self.amount(loss.amount, loss.currency)
                add(loss.at, self.t("doc.event_loss", amount=amount, to=to))
        for loan in inc.loans:
            if loan.date:
                amount = f", {self.amount(loan.amount, loan.currency)}" if loan.amount else ""
                add(loan.date, self.t("doc.event_loan", lender=loan.lender, amount=amount))
        return [[shown, text] for _, shown, text in sorted(events, key=lambda e: e[0])]

    def messages_table(self, masked: bool) -> Table:
        rows = []
        for m in self.inc.messages:
            who = m.sender or self.t("doc.unknown_sender")
            rows.append([fmt_when(m.at), who, mask_text(m.text) if masked else m.text])
        header = [self.t(k) for k in ("doc.col_time", "doc.col_sender", "doc.col_text")]
        return Table(header, rows, [1.1, 1.4, 3.6])

    def signature(self) -> list[Block]:
        name = self.inc.applicant.full_name or " " * 20
        return [
            Para(self.t("doc.date_place", date=fmt_date(self.today)), space_after=2),
            Para(self.t("doc.signature", name=name)),
        ]

    # ------------------------------------------------------------------------ the documents
    def police(self) -> Document:
        inc = self.inc
        doc = Document("police", self.lang, self.t("doc.police.title"))
        doc.add(Para(self.t("doc.police.to"), align="right", space_after=2))
        doc.add(Para("\n".join(self.applicant_lines()), align="right", space_after=10))
        doc.add(Para(self.t("doc.police.title"), bold=True, align="center", size=15, space_after=1))
        doc.add(Para(self.t("doc.police.subtitle"), align="center", space_after=10))
        doc.add(Heading(self.t("doc.police.facts")))
        opening = self.t(
            "doc.police.opening",
            date=fmt_date(inc.happened_at),
            time=fmt_time(inc.happened_at),
            channel=self.channel(inc.channel),
        )
        doc.add(Para(opening))
        if scheme := self.scheme_name():
            doc.add(Para(self.t("doc.scheme_line", scheme=scheme)))
        doc.add(Para(self.t("doc.police.in_my_words"), space_after=1), Para(inc.summary))
        if inc.asked_for:
            doc.add(Para(self.t("doc.police.asked", value=inc.asked_for)))
        if inc.given:
            doc.add(Para(self.t("doc.police.given", value=inc.given)))
        doc.add(Heading(self.t("doc.police.timeline")))
        doc.add(Table([self.t("doc.col_time"), self.t("doc.col_event")], self.timeline(), [1, 4]))
        doc.add(Heading(self.t("doc.police.damage")))
        if inc.losses:
            doc.add(
                self.losses_table(), Para(self.t("doc.police.total", total=self.total()), bold=True)
            )
        elif not inc.loans:
            doc.add(Para(self.t("doc.police.no_money_lost")))
        if inc.loans:
            doc.add(Para(self.t("doc.police.loans"), space_after=2), self.loans_table())
        doc.add(Heading(self.t("doc.police.identifiers")), self.identifiers_table())
        if inc.messages:
            doc.add(Heading(self.t("doc.police.messages")), self.messages_table(masked=False))
        doc.add(Heading(self.t("doc.police.attachments")), self.attachments_table())
        doc.add(
            Heading(self.t("doc.police.request")),
            Para(self.t("doc.police.request_intro"), bold=True),
        )
        doc.add(Bullets([self.t(f"doc.police.request_{i}") for i in range(1, 5)], numbered=True))
        doc.add(Para(self.t("doc.police.warning"), size=10, space_after=10))
        doc.add(*self.signature())
        return doc

    def credit_dispute(self) -> Document:
        inc = self.inc
        if not inc.loans:
            raise DocumentError("loans", self.t("response.need_loans"))
        doc = Document("credit_dispute", self.lang, self.t("doc.credit.title"))
        doc.add(Para(self.t("doc.credit.to"), align="right", space_after=2))
        doc.add(Para("\n".join(self.applicant_lines()), align="right", space_after=10))
        doc.add(Para(self.t("doc.credit.title"), bold=True, align="center", size=15, space_after=1))
        doc.add(Para(self.t("doc.credit.subtitle"), align="center", space_after=10))
        doc.add(Para(self.t("doc.credit.body"), space_after=2), self.loans_table())
        doc.add(Para(self.t("doc.credit.not_mine", date=fmt_date(inc.happened_at))))
        pr = inc.police_report
        if pr and (pr.number or pr.date):
            ref = self.t(
                "doc.credit.police_ref",
                number=pr.number or "—",
                date=fmt_date(pr.date) if pr.date else "—",
            )
            if pr.where:
                ref += f", {pr.where}"
            doc.add(Para(self.t("doc.credit.police_filed", ref=ref)))
        else:
            doc.add(Para(self.t("doc.credit.police_pending")))
        doc.add(Heading(self.t("doc.credit.identifiers")), self.identifiers_table())
        doc.add(Para(self.t("doc.credit.request"), bold=True))
        doc.add(Heading(self.t("doc.credit.attachments")))
        items = [self.t("doc.credit.attach_police"), self.t("doc.credit.attach_report")]
        items += [att.name for att in inc.attachments]
        doc.add(Bullets(items, numbered=True))
        doc.add(*self.signature())
        return doc

    def citizensec(self) -> Document:
        inc = self.inc
        doc = Document("citizensec", self.lang, self.t("doc.citizensec.title"))
        what = self.scheme_name() or self.kb_situation_title()
        doc.add(Para(self.t("doc.citizensec.to"), bold=True, space_after=1))
        subject = self.t("doc.citizensec.subject", what=what, date=fmt_date(inc.happened_at))
        doc.add(Para(subject, bold=True, space_after=10))
        doc.add(Para(self.t("doc.citizensec.greeting")), Para(self.t("doc.citizensec.intro")))
        doc.add(Heading(self.t("doc.citizensec.scheme")))
        opening = self.t(
            "doc.police.opening",
            date=fmt_date(inc.happened_at),
            time=fmt_time(inc.happened_at),
            channel=self.channel(inc.channel),
        )
        doc.add(Para(opening), Para(mask_text(inc.summary)))
        if inc.asked_for:
            doc.add(Para(self.t("doc.police.asked", value=mask_text(inc.asked_for))))
        if inc.given:
            doc.add(Para(self.t("doc.police.given", value=mask_text(inc.given))))
        if inc.losses:
            doc.add(Para(self.t("doc.police.total", total=self.total())))
        doc.add(Heading(self.t("doc.citizensec.contacts")), self.identifiers_table())
        if inc.messages:
            doc.add(Heading(self.t("doc.citizensec.messages")), self.messages_table(masked=True))
        doc.add(Heading(self.t("doc.citizensec.screenshots")), self.attachments_table())
        doc.add(Para(self.t("doc.citizensec.privacy"), size=10, space_after=8))
        name = inc.applicant.full_name or self.t("doc.citizensec.anonymous")
        doc.add(Para(self.t("doc.citizensec.closing", name=name)))
        return doc

    def kb_situation_title(self) -> str:
        from saqbol.response.playbooks import get_playbooks

        sit = next(s for s in get_playbooks().situations if s.id == self.inc.situation)
        return sit.title.get(self.lang)


def build_document(
    incident: Incident, kind: str, lang: str, today: dt.date | None = None
) -> Document:
    """The document `kind` (police | credit_dispute | citizensec) for `incident` in `lang`.

    Raises DocumentError when the incident lacks what the document needs (a credit dispute
    without loans)."""
    if kind not in KINDS:
        raise ValueError(f"unknown document kind {kind!r}; use {', '.join(KINDS)}")
    builder = _Builder(incident, lang, today or dt.date.today(), get_kb())
    doc: Document = getattr(builder, kind)()
    return doc
