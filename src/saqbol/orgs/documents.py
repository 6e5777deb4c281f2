"""The documents an organization sends: a meeting's protocol (хаттама) as DOCX and PDF, and
the department's report to the prosecutor (seed 003's table) as XLSX and DOCX.

The protocol follows seed 003's example: title, «Хаттамасы», Барлығы / Қатысқан / Қатыспаған,
Мақсаты, Күн тәртібінде (each item with its Жауапты), what was said on each item, Шешім.
Labels come from the knowledge base (texts/orgs.yaml) in the meeting's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from saqbol.kb.loader import get_kb
from saqbol.response.writers import fonts_dir

FONT = "DejaVuSans"
DOCX_FONT = "Times New Roman"  # the face of official papers in Kazakhstan; has Kazakh letters
ORDINALS = 5  # orgs.doc_item_1 … _5, then orgs.doc_item_n


def _t(key: str, lang: str, **fmt: object) -> str:
    return get_kb().text(key, lang, **fmt)


def format_label(fmt: str, lang: str) -> str:
    return _t(f"orgs.format_{fmt}", lang)


def date_text(d: dt.date) -> str:
    return d.strftime("%d.%m.%Y")


@dataclass(frozen=True)
class AgendaLine:
    title: str
    responsible: str = ""
    discussion: str = ""


@dataclass(frozen=True)
class Protocol:
    """Everything the protocol shows; built from a stored meeting or by hand."""

    lang: str
    organization: str
    title: str
    held_on: dt.date
    format: str
    total: int
    attended: int
    absent: int
    purpose: str
    agenda: list[AgendaLine]
    decisions: list[str]
    audience: str = ""
    link: str = ""
    head: str = ""
    signed_by: str = ""
    photos: int = 0
    quiz: tuple[int, int] | None = None  # (participants, average %)

    def item_intro(self, n: int) -> str:
        key = f"orgs.doc_item_{n}" if n <= ORDINALS else "orgs.doc_item_n"
        return _t(key, self.lang, n=n)


@dataclass
class _Line:
    """One paragraph of the protocol: runs of (text, bold)."""

    runs: list[tuple[str, bool]]
    align: str = "justify"  # justify | center | left
    size: float = 12
    before: float = 0
    after: float = 4
    indent: float = 0  # left indent, cm


@dataclass
class _Doc:
    title: str
    lines: list[_Line] = field(default_factory=list)

    def add(self, *runs: tuple[str, bool], **kw: object) -> None:
        self.lines.append(_Line(list(runs), **kw))  # type: ignore[arg-type]


def _protocol_lines(p: Protocol) -> _Doc:
    lang = p.lang
    doc = _Doc(f"{p.title} — {_t('orgs.doc_protocol', lang)}")
    doc.add((p.organization, True), align="center", after=2)
    doc.add((p.title, True), align="center", size=14, before=6, after=0)
    doc.add(
        (_t("orgs.doc_meeting_kind", lang, format=format_label(p.format, lang)), True),
        align="center",
        after=8,
    )
    doc.add((_t("orgs.doc_protocol", lang), True), align="center", size=14, after=10)
    doc.add((_t("orgs.doc_date_place", lang, date=date_text(p.held_on)), False), align="left")
    if p.audience:
        doc.add((_t("orgs.doc_audience", lang, audience=p.audience), False), align="left")
    for key, value in (
        ("orgs.doc_total", p.total),
        ("orgs.doc_attended", p.attended),
        ("orgs.doc_absent", p.absent),
    ):
        doc.add((f"{_t(key, lang)}: ", True), (str(value), False), align="left", after=2)
    doc.add((f"{_t('orgs.doc_purpose', lang)}: ", True), (p.purpose, False), before=6, after=8)
    doc.add((_t("orgs.doc_agenda", lang), True), align="center", after=6)
    for n, item in enumerate(p.agenda, 1):
        doc.add(
            (f"{n}. {item.title}", True),
            align="left",
            after=0 if item.responsible else 4,
            indent=0.5,
        )
        if item.responsible:
            doc.add(
                (f"{_t('orgs.doc_responsible', lang)}: ", False),
                (item.responsible, False),
                align="left",
                after=4,
                indent=1.1,
            )
    for n, item in enumerate(p.agenda, 1):
        if not item.discussion:
            continue
        who = f" {item.responsible}" if item.responsible else ""
        doc.add((f"{p.item_intro(n)}{who}: ", True), (item.discussion, False), before=4)
    if p.quiz and p.quiz[0]:
        doc.add((_t("orgs.doc_quiz", lang, n=p.quiz[0], percent=p.quiz[1]), False), before=4)
    doc.add((f"{_t('orgs.doc_decision', lang)}:", True), align="left", before=8, after=2)
    decisions = p.decisions or [_t("orgs.doc_no_decision", lang)]
    for n, text in enumerate(decisions, 1):
        doc.add((f"{n}. {text}", False), align="left", after=2, indent=0.5)
    if p.link:
        doc.add((_t("orgs.doc_link", lang, link=p.link), False), align="left", before=6)
    if p.photos:
        doc.add((_t("orgs.doc_photos", lang, n=p.photos), False), align="left")
    if p.head:
        doc.add(
            (_t("orgs.doc_head", lang, org=p.organization, name=p.head), False),
            align="left",
            before=18,
        )
    doc.add(
        (_t("orgs.doc_signature", lang, name=p.signed_by), False),
        align="left",
        before=6 if p.head else 18,
    )
    return doc


def protocol_text(p: Protocol) -> str:
    """The protocol as plain text (every string a reader must find in the DOCX and PDF)."""
    return "\n".join("".join(t for t, _ in line.runs) for line in _protocol_lines(p).lines)


def _write_docx(doc: _Doc, out: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    d = docx.Document()
    section = d.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    _docx_font(d, qn, Pt)
    d.core_properties.title = doc.title
    d.core_properties.author = "saqbol"
    align = {
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
    }
    for line in doc.lines:
        para = d.add_paragraph()
        para.alignment = align[line.align]
        fmt = para.paragraph_format
        fmt.space_before, fmt.space_after = Pt(line.before), Pt(line.after)
        if line.indent:
            fmt.left_indent = Cm(line.indent)
        for text, bold in line.runs:
            run = para.add_run(text)
            run.bold = bold
            run.font.size = Pt(line.size + 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(out))


def _docx_font(d: object, qn: object, pt: object) -> None:
    normal = d.styles["Normal"]  # type: ignore[attr-defined]
    normal.font.name = DOCX_FONT
    normal.font.size = pt(12)  # type: ignore[operator]
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:cs", "w:hAnsi"):
        rfonts.set(qn(attr), DOCX_FONT)  # type: ignore[operator]


def new_pdf(title: str) -> object:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_author("saqbol")
    pdf.set_creator("saqbol")
    pdf.add_font(FONT, "", str(fonts_dir() / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(fonts_dir() / "DejaVuSans-Bold.ttf"))
    # No italic face ships; map it to the upright ones so that no input can break a document.
    pdf.add_font(FONT, "I", str(fonts_dir() / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "BI", str(fonts_dir() / "DejaVuSans-Bold.ttf"))
    return pdf


def _write_pdf(doc: _Doc, out: Path) -> None:
    from fpdf import FPDF

    pdf = new_pdf(doc.title)
    assert isinstance(pdf, FPDF)
    pdf.set_margins(30, 20, 15)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    align = {"justify": "J", "center": "C", "left": "L"}
    for line in doc.lines:
        pdf.ln(line.before * 0.35)
        size = line.size - 1  # DejaVu is wider than Times: one point less keeps the same look
        lh = size * 0.5
        # Bold runs as markdown so that one paragraph mixes bold label and plain text.
        markdown = any(bold for _, bold in line.runs) and len(line.runs) > 1
        if markdown:
            text = "".join(f"**{_md(t)}**" if bold else _md(t) for t, bold in line.runs)
            pdf.set_font(FONT, "", size)
        else:
            text = "".join(t for t, _ in line.runs)
            pdf.set_font(FONT, "B" if line.runs and line.runs[0][1] else "", size)
        pdf.set_x(pdf.l_margin + line.indent * 10)
        pdf.multi_cell(
            pdf.epw - line.indent * 10,
            lh,
            text,
            align=align[line.align],
            markdown=markdown,
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(line.after * 0.35)
    out.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(out))


def _md(text: str) -> str:
    """Keep user text literal inside fpdf2's markdown (** __ -- ~~ are its markers)."""
    for ch in "*_-~":
        while ch * 2 in text:
            text = text.replace(ch * 2, ch + "\u200b" + ch)
    return text


def write_protocol(p: Protocol, out: Path) -> None:
    doc = _protocol_lines(p)
    suffix = out.suffix.lower()
    if suffix == ".docx":
        _write_docx(doc, out)
    elif suffix == ".pdf":
        _write_pdf(doc, out)
    else:
        raise ValueError(f"{out.name}: use .docx or .pdf")


# ----------------------------------------------------------------------------- the report
@dataclass(frozen=True)
class ReportRow:
    organization: str
    attended: int
    format: str
    link: str


@dataclass(frozen=True)
class Report:
    lang: str
    department: str
    start: dt.date
    end: dt.date
    rows: list[ReportRow]

    @property
    def total_attended(self) -> int:
        return sum(r.attended for r in self.rows)

    def header(self) -> list[str]:
        return [
            _t(f"orgs.report_col_{k}", self.lang) for k in ("n", "name", "count", "format", "link")
        ]

    def table(self) -> list[list[str | int]]:
        """Header, one row per meeting, and the totals row."""
        out: list[list[str | int]] = [list(self.header())]
        for n, r in enumerate(self.rows, 1):
            out.append([n, r.organization, r.attended, format_label(r.format, self.lang), r.link])
        total = _t("orgs.report_total", self.lang, n=len(self.rows))
        out.append(["", total, self.total_attended, "", ""])
        return out

    @property
    def title(self) -> str:
        return _t("orgs.report_title", self.lang)

    @property
    def subtitle(self) -> str:
        return _t(
            "orgs.report_subtitle",
            self.lang,
            department=self.department,
            start=date_text(self.start),
            end=date_text(self.end),
        )


def _write_xlsx(rep: Report, out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.page import PageMargins

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = get_kb().text("orgs.report_sheet", rep.lang)
    ws.append([rep.title])
    ws.append([rep.subtitle])
    ws.append([])
    ws.merge_cells("A1:E1")
    ws.merge_cells("A2:E2")
    ws["A1"].font = Font(name=DOCX_FONT, bold=True, size=13)
    ws["A2"].font = Font(name=DOCX_FONT, size=11)
    for cell in ("A1", "A2"):
        ws[cell].alignment = Alignment(horizontal="center", wrap_text=True)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    table = rep.table()
    first = ws.max_row + 1
    for row in table:
        ws.append(row)
    last = ws.max_row
    for r in range(first, last + 1):
        for c in range(1, 6):
            cell = ws.cell(row=r, column=c)
            cell.border = border
            cell.font = Font(name=DOCX_FONT, size=11, bold=r in (first, last))
            cell.alignment = Alignment(
                wrap_text=True,
                vertical="center",
                horizontal="center" if c in (1, 3) or r == first else "left",
            )
            if r == first:
                cell.fill = PatternFill("solid", fgColor="E8ECF1")
        link = ws.cell(row=r, column=5)
        if first < r < last and isinstance(link.value, str) and link.value.startswith("http"):
            link.hyperlink = link.value
    ws.cell(
        row=last + 2,
        column=2,
        value=_t("orgs.report_signature", rep.lang, department=rep.department),
    )
    for col, width in zip("ABCDE", (6, 48, 16, 16, 40), strict=True):
        ws.column_dimensions[col].width = width
    ws.row_dimensions[first].height = 32
    ws.freeze_panes = ws.cell(row=first + 1, column=1)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_margins = PageMargins(left=0.6, right=0.6, top=0.8, bottom=0.8)
    ws.print_title_rows = f"{first}:{first}"
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(out))


def _write_report_docx(rep: Report, out: Path) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    d = docx.Document()
    section = d.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_height, section.page_width = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    _docx_font(d, qn, Pt)
    d.core_properties.title = rep.title
    d.core_properties.author = "saqbol"
    for text, bold in ((rep.title, True), (rep.subtitle, False)):
        para = d.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.add_run(text).bold = bold
    table_rows = rep.table()
    table = d.add_table(rows=0, cols=5)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Cm(w) for w in (1.2, 9.5, 4.0, 3.5, 7.5)]
    for col, width in zip(table.columns, widths, strict=True):
        col.width = width
    for i, row in enumerate(table_rows):
        cells = table.add_row().cells
        for j, (cell, value) in enumerate(zip(cells, row, strict=True)):
            cell.width = widths[j]
            run = cell.paragraphs[0].add_run(str(value))
            run.bold = i in (0, len(table_rows) - 1)
            if j in (0, 2):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if not rep.rows:
        d.add_paragraph(_t("orgs.report_empty", rep.lang))
    sig = d.add_paragraph(_t("orgs.report_signature", rep.lang, department=rep.department))
    sig.paragraph_format.space_before = Pt(24)
    out.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(out))


def write_report(rep: Report, out: Path) -> None:
    suffix = out.suffix.lower()
    if suffix == ".xlsx":
        _write_xlsx(rep, out)
    elif suffix == ".docx":
        _write_report_docx(rep, out)
    else:
        raise ValueError(f"{out.name}: use .xlsx or .docx")
