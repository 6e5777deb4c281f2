"""The protocol and the report: the seed's structure and columns, totals, and both open in
LibreOffice with Kazakh letters intact."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from saqbol.db import Database
from saqbol.orgs import build, register
from saqbol.orgs.documents import protocol_text, write_protocol, write_report

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "003_76ab8ed8da60bb35.txt"
KAZAKH = "ҒғҚқҢңӨөҰұҮүҺһІі"
needs_soffice = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice missing")


def seed_columns() -> list[str]:
    """The seed's report header: `№<TAB>Білім бөлімінің,білім беру ұйымының атауы<TAB>…`."""
    line = next(ln for ln in SEED.read_text(encoding="utf-8").splitlines() if ln.startswith("№\t"))
    cols = [re.sub(r"\s*\(.*?\)", "", c) for c in line.split("\t")]
    return [re.sub(r",\s*", ", ", c).strip() for c in cols]


def _report(db: Database, world: dict[str, int], lang: str = "kk"):  # type: ignore[no-untyped-def]
    with db.session() as s:
        dep = register.find_department(s, str(world["dep_a"]))
        return build.report_for(s, dep, dt.date(2024, 1, 1), dt.date(2024, 2, 20), lang)


def test_report_has_exactly_the_seed_columns_and_one_row_per_meeting(
    db: Database, world: dict[str, int], tmp_path: Path
) -> None:
    if not SEED.exists():
        pytest.skip("seed 003 not beside the repo")
    rep = _report(db, world)
    assert rep.header() == seed_columns()
    out = tmp_path / "report.xlsx"
    write_report(rep, out)
    ws = load_workbook(out).active
    rows = [[c for c in r] for r in ws.iter_rows(values_only=True) if any(r)]
    header_at = next(i for i, r in enumerate(rows) if r[0] == "№")
    assert rows[header_at] == seed_columns()
    body = rows[header_at + 1 :]
    meetings = body[:2]  # department A's two meetings (department B's is not in it)
    assert [r[0] for r in meetings] == [1, 2]
    assert [r[1] for r in meetings] == ["«TUMAR» МДҰ", "№ 5 мектеп-гимназия"]
    assert [r[2] for r in meetings] == [10, 24]
    assert [r[3] for r in meetings] == ["жиналыс", "сынып сағаты"]
    assert [r[4] for r in meetings] == ["https://tumarbalabaksha.kz/", "https://school5.kz/news/1"]
    total = body[2]
    assert total[1] == "Барлығы: 2 іс-шара" and total[2] == 34


def test_report_period_filters(db: Database, world: dict[str, int]) -> None:
    with db.session() as s:
        dep = register.find_department(s, str(world["dep_a"]))
        rep = build.report_for(s, dep, dt.date(2024, 2, 11), dt.date(2024, 2, 28), "ru")
        assert [r.attended for r in rep.rows] == [24] and rep.total_attended == 24
        assert rep.header()[1] == "Наименование отдела образования, организации образования"
        with pytest.raises(register.RegisterError):
            build.report_for(s, dep, dt.date(2024, 3, 1), dt.date(2024, 2, 1), "kk")


def test_protocol_has_the_seed_structure(db: Database, world: dict[str, int]) -> None:
    with db.session() as s:
        p = build.protocol_for(s, register.get_meeting(s, world["m_a1"]))
    text = protocol_text(p)
    for needle in (
        "Хаттамасы",
        "Барлығы: 13",
        "Қатысқан: 10",
        "Қатыспаған: 3",
        "Мақсаты: Алаяқтыққа қарсы",
        "Күн тәртібінде",
        "1. Интернет алаяқтық: ауыздықтау мен алдың алудың қиындықтары",
        "Жауапты: меңгеруші Прмаханова А.Ж.",
        "Бірінші мәселе бойынша меңгеруші Прмаханова А.Ж.:",
        "Екінші мәселе бойынша",
        "Шешім:",
        "1. Ақпарат назарға алынсын.",
        "«TUMAR» МДҰ басшысы",
    ):
        assert needle in text, needle


def _soffice_pdf(src: Path, tmp: Path) -> str:
    outdir = tmp / f"pdf_{src.suffix[1:]}"
    env = {**os.environ, "HOME": str(tmp / "home")}
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    pdf = outdir / (src.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice did not convert {src.name}"
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


@needs_soffice
def test_protocol_docx_and_report_open_in_libreoffice_with_kazakh_letters(
    db: Database, world: dict[str, int], tmp_path: Path
) -> None:
    with db.session() as s:
        p = build.protocol_for(s, register.get_meeting(s, world["m_a1"]))
    write_protocol(p, tmp_path / "protocol.docx")
    text = _soffice_pdf(tmp_path / "protocol.docx", tmp_path)
    for needle in (
        "Хаттамасы",
        "Қатыспаған: 3",
        "Күн тәртібінде",
        "Шешім",
        "Ғғ Ққ Ңң Өө Ұұ Үү Һһ Іі",
    ):
        assert needle in text, needle
    rep = _report(db, world)
    write_report(rep, tmp_path / "report.xlsx")
    write_report(rep, tmp_path / "report_doc.docx")
    for name in ("report.xlsx", "report_doc.docx"):
        text = " ".join(_soffice_pdf(tmp_path / name, tmp_path).split())
        for needle in ("«TUMAR» МДҰ", "№ 5 мектеп-гимназия", "сынып сағаты", "Барлығы: 2 іс-шара"):
            assert needle in text, (name, needle)
        assert "Қатысқан адам" in text and "саны" in text


def test_protocol_pdf_renders_kazakh_letters(
    db: Database, world: dict[str, int], tmp_path: Path
) -> None:
    with db.session() as s:
        p = build.protocol_for(s, register.get_meeting(s, world["m_a1"]))
    write_protocol(p, tmp_path / "protocol.pdf")
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "protocol.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "Қатыспаған: 3" in text and "Күн тәртібінде" in text
    assert all(ch in text for ch in KAZAKH)
