"""Documents from an incident: DOCX and PDF open, hold every identifier and attachment name,
and the PDF renders Kazakh letters (checked by OCR of the rendered page)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from response_helpers import EXAMPLE, WIDE, flat
from typer.testing import CliRunner

from saqbol.cli.main import app
from saqbol.response.documents import DocumentError, build_document
from saqbol.response.incident import Incident, load_incident

KAZAKH_LETTERS = "әғқңөұүһі"
KINDS = ("police", "credit_dispute", "citizensec")
LANGS = ("kk", "ru", "en")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def docx_text(path: Path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def complaint(incident: Path, out: Path, kind: str, lang: str) -> None:
    args = ["complaint", str(incident), "--kind", kind, "--lang", lang, "--out", str(out)]
    result = CliRunner().invoke(app, args, env=WIDE)
    assert result.exit_code == 0, result.stderr
    assert out.exists() and out.stat().st_size > 1000


def must_contain(inc: Incident, kind: str) -> list[str]:
    """Every identifier of the incident and every attachment name."""
    ids = inc.identifiers()
    values = [
        v
        for k in ("phones", "cards", "ibans", "links", "accounts", "apps", "names")
        for v in getattr(ids, k)
    ]
    return [*values, *(a.name for a in inc.attachments)]


@needs_poppler
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_docx_and_pdf_hold_every_identifier_and_attachment(
    tmp_path: Path, incident_file: Path, kind: str, lang: str
) -> None:
    inc = load_incident(incident_file)
    needles = must_contain(inc, kind)
    assert len(needles) >= 9
    complaint(incident_file, tmp_path / "c.docx", kind, lang)
    complaint(incident_file, tmp_path / "c.pdf", kind, lang)
    text_docx = flat(docx_text(tmp_path / "c.docx"))
    text_pdf = flat(pdf_text(tmp_path / "c.pdf"))
    for needle in needles:
        assert needle in text_docx, f"{needle!r} missing in DOCX"
        assert needle in text_pdf, f"{needle!r} missing in PDF"


@needs_poppler
def test_police_complaint_has_every_part(tmp_path: Path, incident_file: Path) -> None:
    out = tmp_path / "police.pdf"
    complaint(incident_file, out, "police", "ru")
    text = flat(pdf_text(out))
    for part in (
        "ЗАЯВЛЕНИЕ",
        "1. Обстоятельства дела",
        "2. Хронология событий",
        "3. Причинённый ущерб",
        "Общая сумма ущерба: 150 000 тенге.",
        "4. Данные мошенников",
        "6. Приложения",
        "7. Прошу",
        "Антифрод-центр",
        "ИИН: 900101400123",
        "12.05.2025 около 14:30",
    ):
        assert part in text, part
    assert subprocess.run(["pdfinfo", str(out)], capture_output=True, check=True).returncode == 0


def test_citizensec_email_hides_the_applicants_data(tmp_path: Path, incident_file: Path) -> None:
    inc = load_incident(incident_file)
    inc = inc.model_copy(
        update={"summary": inc.summary + " Мой ИИН 900101400123, телефон +7 701 000 00 01."}
    )
    text = build_document(inc, "citizensec", "ru").plain_text()
    assert "900101400123" not in text and "000 00 01" not in text
    assert "info@citizensec.kz" in text
    assert "KZ86125KZT5004100100" in text  # the fraudster's account stays


def test_credit_dispute_needs_a_loan(tmp_path: Path, example_data: dict[str, Any]) -> None:
    example_data["loans"] = []
    path = tmp_path / "i.json"
    path.write_text(json.dumps(example_data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DocumentError) as err:
        build_document(load_incident(path), "credit_dispute", "kk")
    assert err.value.field == "loans"
    result = CliRunner().invoke(
        app,
        ["complaint", str(path), "--kind", "credit_dispute", "--out", str(tmp_path / "d.docx")],
        env=WIDE,
    )
    assert result.exit_code == 2 and "loans" in result.stderr


def test_credit_dispute_cites_the_police_report() -> None:
    text = build_document(load_incident(EXAMPLE), "credit_dispute", "ru").plain_text()
    assert "№ КУИ-2025-12345 от 13.05.2025" in text
    assert "10–15 дней" in text
    assert "MK-2025-001234" in text


def test_txt_output_and_a_wrong_suffix(tmp_path: Path) -> None:
    out = tmp_path / "mail.txt"
    complaint(EXAMPLE, out, "citizensec", "kk")
    assert "info@citizensec.kz" in out.read_text(encoding="utf-8")
    result = CliRunner().invoke(
        app, ["complaint", str(EXAMPLE), "--out", str(tmp_path / "x.odt")], env=WIDE
    )
    assert result.exit_code == 2


@pytest.mark.ocr
@pytest.mark.skipif(
    shutil.which("tesseract") is None or shutil.which("pdftoppm") is None,
    reason="needs tesseract and pdftoppm",
)
def test_pdf_renders_kazakh_letters(tmp_path: Path) -> None:
    """Render page 1 of the Kazakh police complaint to PNG and read it back with Tesseract (kaz):
    a font without Kazakh glyphs would give boxes or blanks, and OCR would miss the letters."""
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout
    if "kaz" not in langs.split():
        pytest.skip("tesseract has no kaz language data")
    pdf = tmp_path / "police.pdf"
    complaint(EXAMPLE, pdf, "police", "kk")
    subprocess.run(
        ["pdftoppm", "-r", "300", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    png = next(tmp_path.glob("page*.png"))
    ocr = subprocess.run(
        ["tesseract", str(png), "-", "-l", "kaz"], capture_output=True, text=True, check=True
    ).stdout.lower()
    missing = [ch for ch in KAZAKH_LETTERS if ch not in ocr]
    assert not missing, f"letters not recognized on the rendered page: {missing}\n{ocr[:500]}"
    words = ["қазақстан", "өтініш", "алаяқтық", "мән-жайы", "ұлттық", "қаһарман", "әлиев"]
    assert [w for w in words if w in ocr] == words, ocr[:800]
