"""Write a Document as DOCX (python-docx), PDF (fpdf2 with DejaVu Sans, which has every Kazakh
letter) or plain text. The fonts ship in saqbol/fonts/ so the package works anywhere."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from saqbol.response.documents import Bullets, Document, Heading, Para, Table

FONT = "DejaVuSans"
DOCX_FONT = "Times New Roman"  # the usual face of official papers in Kazakhstan; has Kazakh letters
FORMATS = (".docx", ".pdf", ".txt")


def fonts_dir() -> Path:
    return Path(str(resources.files("saqbol") / "fonts"))


# ------------------------------------------------------------------------------------ DOCX
def write_docx(doc: Document, out: Path) -> None:
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    d = docx.Document()
    section = d.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    normal = d.styles["Normal"]
    normal.font.name = DOCX_FONT
    normal.font.size = Pt(12)
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), DOCX_FONT)
    rpr.get_or_add_rFonts().set(qn("w:cs"), DOCX_FONT)
    d.core_properties.title = doc.title
    d.core_properties.author = "saqbol"
    align = {
        "left": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
    }
    usable = section.page_width - section.left_margin - section.right_margin
    for block in doc.blocks:
        if isinstance(block, Para):
            p = d.add_paragraph()
            p.alignment = align[block.align]
            p.paragraph_format.space_after = Pt(block.space_after + 2)
            if block.align == "right":
                p.paragraph_format.left_indent = Cm(8.5)
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            for i, line in enumerate(block.text.split("\n")):
                run = p.add_run(line)
                run.bold = block.bold
                run.font.size = Pt(block.size + 1)
                if i < len(block.text.split("\n")) - 1:
                    run.add_break()
        elif isinstance(block, Heading):
            p = d.add_paragraph()
            p.paragraph_format.space_before = Pt(10)
            p.paragraph_format.space_after = Pt(4)
            p.paragraph_format.keep_with_next = True
            p.add_run(block.text).bold = True
        elif isinstance(block, Bullets):
            for i, item in enumerate(block.items, 1):
                p = d.add_paragraph()
                p.paragraph_format.left_indent = Cm(1)
                p.paragraph_format.first_line_indent = Cm(-0.6)
                p.paragraph_format.space_after = Pt(2)
                p.add_run(f"{i}. " if block.numbered else "• ")
                p.add_run(item)
        else:
            _docx_table(d, block, usable, Pt, WD_TABLE_ALIGNMENT)
    out.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(out))


def _docx_table(d: object, block: Table, usable: int, pt: type, table_align: object) -> None:
    table = d.add_table(rows=1, cols=len(block.header))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = table_align.CENTER  # type: ignore[attr-defined]
    total = sum(block.widths)
    widths = [int(usable * w / total) for w in block.widths]
    for cell, text, width in zip(table.rows[0].cells, block.header, widths, strict=True):
        cell.width = width
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = pt(10)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, text, width in zip(cells, row, widths, strict=True):
            cell.width = width
            lines = text.split("\n")
            para = cell.paragraphs[0]
            for i, line in enumerate(lines):
                run = para.add_run(line)
                run.font.size = pt(10 if i == 0 else 8)
                if i < len(lines) - 1:
                    run.add_break()
    d.add_paragraph().paragraph_format.space_after = pt(2)  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------------- PDF
def write_pdf(doc: Document, out: Path) -> None:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    class _PDF(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(FONT, size=8)
            self.set_text_color(130)
            self.cell(0, 5, f"{doc.title} · {self.page_no()}/{{nb}}", align="C")
            self.set_text_color(0)

    pdf = _PDF(format="A4")
    pdf.set_title(doc.title)
    pdf.set_author("saqbol")
    pdf.set_creator("saqbol")
    pdf.set_margins(25, 18, 15)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font(FONT, "", str(fonts_dir() / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(fonts_dir() / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    width = pdf.epw
    for block in doc.blocks:
        if isinstance(block, Para):
            pdf.set_font(FONT, "B" if block.bold else "", block.size)
            lh = block.size * 0.5
            if block.align == "right":
                pdf.set_x(pdf.l_margin + width * 0.45)
                pdf.multi_cell(width * 0.55, lh, block.text, align="L")
            else:
                align = "C" if block.align == "center" else "J"
                pdf.multi_cell(width, lh, block.text, align=align)
            pdf.ln(block.space_after * 0.6)
        elif isinstance(block, Heading):
            if pdf.will_page_break(30):  # keep a heading with the start of its section
                pdf.add_page()
            pdf.ln(2.5)
            pdf.set_font(FONT, "B", 11.5)
            pdf.multi_cell(width, 6, block.text)
            pdf.ln(1.5)
        elif isinstance(block, Bullets):
            pdf.set_font(FONT, "", 11)
            for i, item in enumerate(block.items, 1):
                mark = f"{i}." if block.numbered else "•"
                pdf.set_x(pdf.l_margin + 3)
                pdf.cell(7, 5.5, mark)
                pdf.multi_cell(width - 10, 5.5, item, align="L")
                pdf.ln(0.8)
            pdf.ln(2)
        else:
            pdf.set_font(FONT, "", 9.5)
            heading_style = FontFace(emphasis="BOLD", fill_color=(232, 236, 241))
            with pdf.table(
                col_widths=tuple(block.widths),
                width=width,
                line_height=4.8,
                padding=1.4,
                headings_style=heading_style,
                text_align="LEFT",
                borders_layout="ALL",
                first_row_as_headings=True,
                align="LEFT",
            ) as table:
                for cells in [block.header, *block.rows]:
                    row = table.row()
                    for text in cells:
                        row.cell(text)
            pdf.ln(3)
    out.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(out))


# ------------------------------------------------------------------------------------ text
def render_text(doc: Document) -> str:
    lines: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Para):
            lines.append(block.text)
            lines.append("")
        elif isinstance(block, Heading):
            lines += [block.text, "-" * min(len(block.text), 60)]
        elif isinstance(block, Bullets):
            marks = [f"{i}." if block.numbered else "-" for i in range(1, len(block.items) + 1)]
            lines += [f"  {m} {item}" for m, item in zip(marks, block.items, strict=True)]
            lines.append("")
        else:
            for row in block.rows:
                pairs = zip(block.header, row, strict=True)
                lines.append(
                    "  - " + "; ".join(f"{h}: {v.replace(chr(10), ' ')}" for h, v in pairs)
                )
            lines.append("")
    return "\n".join(lines).strip() + "\n"


def write(doc: Document, out: Path) -> None:
    """Write `doc` in the format named by `out`'s suffix (.docx, .pdf or .txt)."""
    suffix = out.suffix.lower()
    if suffix == ".docx":
        write_docx(doc, out)
    elif suffix == ".pdf":
        write_pdf(doc, out)
    elif suffix == ".txt":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_text(doc), encoding="utf-8")
    else:
        raise ValueError(f"unknown document format {suffix!r}; use .docx, .pdf or .txt")
