"""The incident and complaint endpoints: documents from an incident, identifiers from messages."""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from web_samples import CSRF_RE

from saqbol.db.incidents import IncidentRow

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "incident.example.json"
FRAUD_PHONE = "7471234567"  # "+7 747 123 45 67" in the example, as digits


def incident() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def incident_count(client: TestClient) -> int:
    db = client.app.state.saqbol.db  # type: ignore[attr-defined]
    with db.session() as s:
        return int(s.execute(select(func.count()).select_from(IncidentRow)).scalar_one())


def test_police_complaint_as_docx_opens_and_names_the_fraudster(client: TestClient) -> None:
    import docx

    before = incident_count(client)
    r = client.post(
        "/api/v1/complaints",
        json={"incident": incident(), "kind": "police", "lang": "kk", "format": "docx"},
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    disposition = r.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert re.search(r'filename="police_2025-05-12_kk\.docx"', disposition)
    d = docx.Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in d.paragraphs)
    text += "\n".join(c.text for t in d.tables for row in t.rows for c in row.cells)
    assert FRAUD_PHONE in digits(text)
    assert "whatsapp_screenshot_1.png" in text
    assert incident_count(client) == before  # never stored


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_police_complaint_as_pdf_contains_the_fraudsters_number(
    client: TestClient, tmp_path: Path, lang: str
) -> None:
    r = client.post(
        "/api/v1/complaints",
        json={"incident": incident(), "kind": "police", "lang": lang, "format": "pdf"},
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    assert f'filename="police_2025-05-12_{lang}.pdf"' in r.headers["content-disposition"]
    assert r.content.startswith(b"%PDF")
    pdf = tmp_path / "complaint.pdf"
    pdf.write_bytes(r.content)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert FRAUD_PHONE in digits(text)
    assert "nationalbank-kz.com" in text


def test_other_kinds_and_text_format(client: TestClient) -> None:
    for kind in ("credit_dispute", "citizensec"):
        r = client.post(
            "/api/v1/complaints",
            json={"incident": incident(), "kind": kind, "lang": "ru", "format": "txt"},
        )
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("text/plain")
        assert f'filename="{kind}_2025-05-12_ru.txt"' in r.headers["content-disposition"]
        assert r.text.strip()


def test_language_defaults_to_the_incidents(client: TestClient) -> None:
    r = client.post("/api/v1/complaints", json={"incident": incident(), "format": "txt"})
    assert r.status_code == 200
    assert "_kk.txt" in r.headers["content-disposition"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d.pop("happened_at"), "incident.happened_at"),
        (lambda d: d.update(channel="pigeon"), "incident.channel"),
        (lambda d: d["losses"][0].update(amount="a lot"), "incident.losses[0].amount"),
        (lambda d: d["attachments"][1].update(size=50 * 2**20), "incident.attachments[1].size"),
        (lambda d: d["applicant"].update(iin="123"), "incident.applicant.iin"),
        (lambda d: d.update(colour="red"), "incident.colour"),
    ],
)
def test_an_invalid_incident_gets_422_naming_the_field(
    client: TestClient, change: Any, field: str
) -> None:
    data = copy.deepcopy(incident())
    change(data)
    r = client.post("/api/v1/complaints", json={"incident": data, "format": "pdf"})
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == "invalid_incident"
    assert err["message"].startswith(field + ":"), err["message"]


def test_a_credit_dispute_without_loans_names_the_field(client: TestClient) -> None:
    data = incident()
    data["loans"] = []
    r = client.post(
        "/api/v1/complaints", json={"incident": data, "kind": "credit_dispute", "format": "docx"}
    )
    assert r.status_code == 422
    assert r.json()["error"]["message"].startswith("incident.loans:")


def test_bad_kind_lang_format_and_content_type(client: TestClient) -> None:
    for extra in ({"kind": "tax"}, {"lang": "de"}, {"format": "odt"}):
        r = client.post("/api/v1/complaints", json={"incident": incident(), **extra})
        assert r.status_code == 422
        assert r.json()["error"]["code"] == "invalid_input"
    r = client.post(
        "/api/v1/complaints",
        content=b"incident=1",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 415


def test_extract_finds_a_phone_and_a_lookalike_link(client: TestClient) -> None:
    text = (
        "Kaspi қауіпсіздік қызметі: картаңыз бұғатталды. Бізге +7 701 555 12 34 нөміріне "
        "хабарласыңыз немесе http://kaspi-kz.top/verify сілтемесіне өтіңіз. "
        "AnyDesk қосымшасын орнатыңыз. Ақшаны KZ86125KZT5004100100 шотына аударыңыз."
    )
    r = client.post("/api/v1/incidents/extract", json={"text": text})
    assert r.status_code == 200, r.text
    ids = r.json()
    assert any(digits(p).endswith("7015551234") for p in ids["phones"])
    assert any("kaspi-kz.top" in link for link in ids["links"])
    assert "KZ86125KZT5004100100" in ids["ibans"]
    assert ids["apps"] == ["AnyDesk"]


def test_extract_refuses_empty_text(client: TestClient) -> None:
    r = client.post("/api/v1/incidents/extract", json={"text": ""})
    assert r.status_code == 422


def test_store_an_incident_masked(client: TestClient) -> None:
    r = client.post("/api/v1/incidents", json={"incident": incident()})
    assert r.status_code == 201, r.text
    new_id = r.json()["id"]
    db = client.app.state.saqbol.db  # type: ignore[attr-defined]
    with db.session() as s:
        row = s.get(IncidentRow, new_id)
        assert row is not None
        assert "900101400123" not in json.dumps(row.data)
        assert any(digits(p).endswith(FRAUD_PHONE) for p in row.identifiers["phones"])
    bad = incident()
    del bad["situation"]
    r = client.post("/api/v1/incidents", json={"incident": bad})
    assert r.status_code == 422
    assert r.json()["error"]["message"].startswith("incident.situation:")


def complaint_form(client: TestClient, **fields: str) -> dict[str, str]:
    page = client.get("/complaint?situation=told_code&lang=ru")
    assert page.status_code == 200
    form = {
        "csrf_token": CSRF_RE.search(page.text).group(1),  # type: ignore[union-attr]
        "situation": "told_code",
        "summary": "Позвонил «сотрудник банка» и попросил код из SMS.",
        "happened_at": "2025-05-12T14:30",
        "channel": "call",
        "amount": "150 000",
        "phones": "+7 747 123 45 67",
        "cards": "",
        "links": "kaspi-kz.top/verify",
        "messages": "Напишите в Telegram @bank_help_kz",
        "full_name": "",
        "iin": "",
        "doc_lang": "ru",
        "format": "docx",
    }
    form.update(fields)
    return form


def test_the_playbook_links_to_the_complaint_form(client: TestClient) -> None:
    page = client.get("/playbooks/told_code?lang=kk")
    assert 'href="/complaint?situation=told_code"' in page.text
    form = client.get("/complaint?situation=told_code")
    assert form.status_code == 200
    assert 'name="csrf_token"' in form.text
    assert "script-src 'none'" in form.headers["content-security-policy"]


def test_the_complaint_form_downloads_a_document_and_stores_nothing(client: TestClient) -> None:
    import docx

    before = incident_count(client)
    r = client.post("/complaint", data=complaint_form(client))
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-disposition"] == 'attachment; filename="police_2025-05-12_ru.docx"'
    d = docx.Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in d.paragraphs)
    text += "\n".join(c.text for t in d.tables for row in t.rows for c in row.cells)
    assert FRAUD_PHONE in digits(text)
    assert "@bank_help_kz" in text  # found in the pasted message
    assert incident_count(client) == before
    r = client.post("/complaint", data=complaint_form(client, format="pdf"))
    assert r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")


def test_the_complaint_form_names_the_field_to_fix(client: TestClient) -> None:
    r = client.post("/complaint", data=complaint_form(client, iin="12345"))
    assert r.status_code == 422
    assert "«ИИН (12 цифр)»" in r.text
    r = client.post("/complaint", data=complaint_form(client, csrf_token="forged"))
    assert r.status_code == 400
