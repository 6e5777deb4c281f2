"""The meeting kit, all from the knowledge base: an agenda (DOCX), an A4 handout (PDF: every
scheme with its red flags and what to do, the help lines and the banks' card-blocking numbers)
and a one-page A4 poster (PDF)."""

from __future__ import annotations

from pathlib import Path

from saqbol.kb.loader import get_kb
from saqbol.orgs.documents import FONT, Protocol, new_pdf

CHECK_URL = "saqbol.kz"  # shown on the poster; deployments override with --url
KIT_LANGS = ("kk", "ru")
HOTLINES = ("police", "kz_cert", "nbk_contact_centre", "unified_116", "ardfm")
BLUE = (11, 61, 145)
RED = (176, 0, 32)


def _t(key: str, lang: str, **fmt: object) -> str:
    return get_kb().text(key, lang, **fmt)


def default_agenda(lang: str) -> list[str]:
    return [_t(f"orgs.kit_agenda_{i}", lang) for i in (1, 2, 3)]


def default_decisions(lang: str) -> list[str]:
    return [_t(f"orgs.kit_default_decision_{i}", lang) for i in (1, 2)]


def write_handout(lang: str, out: Path) -> None:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    kb = get_kb()
    pdf = new_pdf(_t("orgs.kit_title", lang))
    assert isinstance(pdf, FPDF)
    pdf.set_margins(15, 14, 15)
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_page()
    w = pdf.epw
    pdf.set_font(FONT, "B", 16)
    pdf.set_text_color(*BLUE)
    pdf.multi_cell(w, 8, _t("orgs.kit_title", lang), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    pdf.set_font(FONT, "", 9.5)
    pdf.ln(1)
    pdf.multi_cell(w, 4.8, _t("orgs.kit_intro", lang), align="J", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for scheme in kb.schemes.values():
        if pdf.will_page_break(30):
            pdf.add_page()
        pdf.set_fill_color(232, 236, 241)
        pdf.set_font(FONT, "B", 10.5)
        pdf.multi_cell(w, 6, scheme.name.get(lang), fill=True, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.8)
        for label, items in (
            ("orgs.kit_red_flags", scheme.red_flags.get(lang)[:3]),
            ("orgs.kit_what_to_do", scheme.what_to_do.get(lang)[:2]),
        ):
            pdf.set_font(FONT, "B", 8.5)
            pdf.set_text_color(*(RED if label.endswith("flags") else BLUE))
            pdf.cell(w, 4.4, _t(label, lang) + ":", new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(0)
            pdf.set_font(FONT, "", 8.5)
            for item in items:
                pdf.set_x(pdf.l_margin + 2)
                pdf.cell(4, 4.2, "•")
                pdf.multi_cell(w - 6, 4.2, item, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    _contacts(pdf, lang, FontFace)
    pdf.set_font(FONT, "", 7.5)
    pdf.set_text_color(90)
    pdf.multi_cell(w, 3.8, _t("orgs.kit_source", lang), new_x="LMARGIN", new_y="NEXT")
    out.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(out))


def _contacts(pdf: object, lang: str, font_face: type) -> None:
    from fpdf import FPDF

    assert isinstance(pdf, FPDF)
    kb = get_kb()
    w = pdf.epw
    if pdf.will_page_break(60):
        pdf.add_page()
    pdf.set_font(FONT, "B", 11)
    pdf.set_text_color(*BLUE)
    pdf.cell(w, 7, _t("orgs.kit_hotlines", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    for hid in HOTLINES:
        h = kb.hotline(hid)
        pdf.set_font(FONT, "B", 10)
        pdf.cell(16, 5.5, h.number)
        pdf.set_font(FONT, "", 9)
        pdf.multi_cell(
            w - 16,
            5.5,
            f"{h.name.get(lang)} — {h.purpose.get(lang)}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.ln(2)
    pdf.set_font(FONT, "B", 11)
    pdf.set_text_color(*BLUE)
    pdf.cell(w, 7, _t("orgs.kit_banks", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    pdf.set_font(FONT, "", 8.5)
    banks = list(kb.contacts.banks)
    half = (len(banks) + 1) // 2
    head = font_face(emphasis="BOLD", fill_color=(232, 236, 241))
    bank_col, num_col = _t("orgs.kit_bank_col", lang), _t("orgs.kit_number_col", lang)
    with pdf.table(
        col_widths=(22, 28, 22, 28),
        width=w,
        line_height=4.4,
        padding=1,
        headings_style=head,
        text_align="LEFT",
    ) as table:
        row = table.row()
        for text in (bank_col, num_col, bank_col, num_col):
            row.cell(text)
        for i in range(half):
            row = table.row()
            for bank in (banks[i], banks[i + half] if i + half < len(banks) else None):
                if bank is None:
                    row.cell("")
                    row.cell("")
                    continue
                row.cell(bank.name)
                row.cell("; ".join(p.display for p in bank.card_block))
    pdf.ln(3)


def write_poster(lang: str, out: Path, url: str = CHECK_URL) -> None:
    from fpdf import FPDF

    kb = get_kb()
    pdf = new_pdf(_t("orgs.kit_poster_title", lang))
    assert isinstance(pdf, FPDF)
    pdf.set_margins(14, 12, 14)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    w = pdf.epw
    pdf.set_fill_color(*RED)
    pdf.set_text_color(255)
    pdf.set_font(FONT, "B", 24)
    pdf.multi_cell(
        w,
        12,
        _t("orgs.kit_poster_title", lang),
        align="C",
        fill=True,
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(0)
    pdf.ln(4)
    pdf.set_font(FONT, "B", 15)
    pdf.set_text_color(*BLUE)
    pdf.cell(w, 8, _t("orgs.kit_poster_rules", lang), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    for i in (1, 2, 3):
        pdf.set_font(FONT, "B", 22)
        pdf.set_text_color(*RED)
        y = pdf.get_y() + 1
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(12, 10, str(i))
        pdf.set_text_color(0)
        pdf.set_font(FONT, "B", 12.5)
        pdf.set_xy(pdf.l_margin + 12, y)
        pdf.multi_cell(
            w - 12, 6.2, _t(f"orgs.kit_rule_{i}", lang), align="L", new_x="LMARGIN", new_y="NEXT"
        )
        pdf.ln(2)
    pdf.ln(2)
    pdf.set_font(FONT, "B", 12)
    pdf.set_text_color(*BLUE)
    pdf.cell(w, 7, _t("orgs.kit_red_flags", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    col = (w - 6) / 2
    schemes = [
        kb.schemes[s]
        for s in (
            "employee_impersonation",
            "relative_in_trouble",
            "fake_shop_marketplace",
            "investment_easy_income",
            "account_takeover",
            "phishing_sms",
        )
    ]
    for i in range(0, len(schemes), 2):
        y = pdf.get_y()
        bottom = y
        for j, scheme in enumerate(schemes[i : i + 2]):
            x = pdf.l_margin + j * (col + 6)
            pdf.set_xy(x, y)
            pdf.set_font(FONT, "B", 10)
            pdf.multi_cell(col, 5, scheme.name.get(lang), align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(FONT, "", 8.8)
            for flag in scheme.red_flags.get(lang)[:2]:
                pdf.set_x(x)
                pdf.multi_cell(col, 4.4, f"• {flag}", align="L", new_x="LMARGIN", new_y="NEXT")
            bottom = max(bottom, pdf.get_y())
        pdf.set_y(bottom + 2.5)
    pdf.ln(1)
    pdf.set_font(FONT, "B", 12)
    pdf.set_text_color(*BLUE)
    pdf.cell(w, 7, _t("orgs.kit_hotlines", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    for hid in ("police", "kz_cert", "nbk_contact_centre"):
        h = kb.hotline(hid)
        pdf.set_font(FONT, "B", 16)
        pdf.cell(22, 8, h.number)
        pdf.set_font(FONT, "", 10)
        pdf.cell(
            w - 22, 8, f"{h.name.get(lang)} — {h.purpose.get(lang)}", new_x="LMARGIN", new_y="NEXT"
        )
    pdf.ln(2)
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(w, 5, _t("orgs.kit_banks", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 8.5)
    short = [b for b in kb.contacts.banks if len(b.card_block[0].display) <= 6]
    pdf.multi_cell(
        w,
        4.6,
        align="L",
        text=" · ".join(f"{b.name} {b.card_block[0].display}" for b in short),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_y(-22)
    pdf.set_font(FONT, "B", 12)
    pdf.set_text_color(*BLUE)
    pdf.multi_cell(
        w, 6, _t("orgs.kit_poster_check", lang, url=url), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(out))


def agenda_protocol(lang: str) -> Protocol:
    """A blank protocol with the kit's agenda: printed before the meeting, filled by hand."""
    import datetime as dt

    from saqbol.orgs.documents import AgendaLine

    return Protocol(
        lang=lang,
        organization="______________________________",
        title=_t("orgs.kit_default_title", lang),
        held_on=dt.date.today(),
        format="meeting",
        total=0,
        attended=0,
        absent=0,
        purpose=_t("orgs.kit_default_purpose", lang),
        agenda=[AgendaLine(a, "______________________") for a in default_agenda(lang)],
        decisions=default_decisions(lang),
    )


def write_agenda(lang: str, out: Path) -> None:
    """The agenda as DOCX: the title, purpose and the three items, to edit and print."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    d = docx.Document()
    section = d.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    d.styles["Normal"].font.name = "Times New Roman"
    d.styles["Normal"].font.size = Pt(13)
    title = d.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(_t("orgs.kit_agenda_title", lang)).bold = True
    p = d.add_paragraph()
    p.add_run(_t("orgs.doc_purpose", lang) + ": ").bold = True
    p.add_run(_t("orgs.kit_default_purpose", lang))
    heading = d.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(_t("orgs.doc_agenda", lang)).bold = True
    for n, item in enumerate(default_agenda(lang), 1):
        para = d.add_paragraph()
        para.add_run(f"{n}. {item}").bold = True
        d.add_paragraph(f"{_t('orgs.doc_responsible', lang)}: ______________________")
    out.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(out))


def write_kit(lang: str, out_dir: Path, url: str = CHECK_URL) -> list[Path]:
    """Agenda, handout and poster in `lang` into `out_dir`; returns the files."""
    if lang not in KIT_LANGS:
        raise ValueError("the kit is made in kk or ru")
    files = [
        out_dir / f"agenda_{lang}.docx",
        out_dir / f"handout_{lang}.pdf",
        out_dir / f"poster_{lang}.pdf",
    ]
    write_agenda(lang, files[0])
    write_handout(lang, files[1])
    write_poster(lang, files[2], url)
    return files
