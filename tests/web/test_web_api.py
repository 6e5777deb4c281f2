"""The HTTP API on SQLite and PostgreSQL: answers, schema, reports, statistics, privacy."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from web_samples import KK_OTP, KK_SCAM

from saqbol.db.models import Report
from saqbol.verdict import LinkResult, PhoneResult, Verdict


def report_count(client: TestClient) -> int:
    db = client.app.state.saqbol.db  # type: ignore[attr-defined]
    with db.session() as s:
        return int(s.execute(select(func.count()).select_from(Report)).scalar_one())


def test_check_a_kazakh_scam(client: TestClient) -> None:
    r = client.post("/api/v1/check", json={"text": KK_SCAM})
    assert r.status_code == 200
    v = Verdict.model_validate(r.json())
    assert v.verdict == "scam"
    assert v.scheme is not None
    assert any(s.id == "asks_for_code" for s in v.signals)
    assert any("9999" in a for a in v.advice)


def test_check_a_legitimate_otp_is_safe(client: TestClient) -> None:
    r = client.post("/api/v1/check", json={"text": KK_OTP})
    assert r.status_code == 200
    assert r.json()["verdict"] == "safe"


def test_check_answers_in_the_asked_language(client: TestClient) -> None:
    r = client.post("/api/v1/check", json={"text": KK_SCAM, "lang": "en"})
    advice = " ".join(r.json()["advice"])
    assert "scam" in advice.lower()


def test_a_check_stores_nothing(client: TestClient) -> None:
    before = report_count(client)
    for _ in range(3):
        assert client.post("/api/v1/check", json={"text": KK_SCAM}).status_code == 200
    assert report_count(client) == before


def test_check_url_and_phone(client: TestClient) -> None:
    r = client.post("/api/v1/check/url", json={"url": "http://kaspi-kz.top/verify"})
    assert r.status_code == 200
    assert LinkResult.model_validate(r.json()).verdict in ("phishing", "suspicious")
    r = client.post("/api/v1/check/phone", json={"number": "+7 701 234 56 78"})
    assert r.status_code == 200
    assert PhoneResult.model_validate(r.json()).kind == "mobile"


def test_schemes(client: TestClient) -> None:
    r = client.get("/api/v1/schemes")
    assert r.status_code == 200
    ids = {s["id"] for s in r.json()}
    assert "employee_impersonation" in ids and len(ids) == 12
    one = client.get("/api/v1/schemes/phishing_sms").json()
    assert set(one["name"]) == {"kk", "ru", "en"}
    r = client.get("/api/v1/schemes/nope")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "unknown_scheme"


@pytest.mark.parametrize(
    ("query", "bank_id", "number"), [("каспи", "kaspi", "9999"), ("Halyk", "halyk", "9595")]
)
def test_contacts_for_a_bank(client: TestClient, query: str, bank_id: str, number: str) -> None:
    r = client.get("/api/v1/contacts", params={"bank": query})
    assert r.status_code == 200
    body = r.json()
    assert [b["id"] for b in body["banks"]] == [bank_id]
    assert body["banks"][0]["card_block"][0]["dial"] == number
    assert any(h["number"] == "102" for h in body["hotlines"])


def test_contacts_all_and_unknown_bank(client: TestClient) -> None:
    assert len(client.get("/api/v1/contacts").json()["banks"]) >= 17
    r = client.get("/api/v1/contacts", params={"bank": "zzzzqqq"})
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "unknown_bank"


def test_playbooks(client: TestClient) -> None:
    r = client.get("/api/v1/playbooks/told_code", params={"lang": "kk", "bank": "kaspi"})
    try:
        import saqbol.response.playbooks  # noqa: F401
    except ModuleNotFoundError:
        assert r.status_code == 404
        assert r.json()["error"]["code"] == "playbooks_unavailable"
    else:
        assert r.status_code == 200
        assert "9999" in r.text
    r = client.get("/api/v1/playbooks/no_such_thing")
    assert r.status_code == 404
    assert r.json()["error"]["code"] in ("playbooks_unavailable", "unknown_situation")


def test_report_is_stored_masked_and_counted(client: TestClient) -> None:
    text = KK_SCAM + " Карта 4400 4301 2345 6789, ЖСН 900101300123, aigerim@mail.kz"
    r = client.post("/api/v1/reports", json={"text": text, "channel": "sms", "include_text": True})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["cards"] == ["**** **** **** 6789"]
    assert "kaspi-kz.top" in body["domains"]
    db = client.app.state.saqbol.db  # type: ignore[attr-defined]
    with db.session() as s:
        row = s.get(Report, body["id"])
        assert row is not None
        stored = " ".join([row.text_masked or "", *row.cards, *row.ibans, *row.links, *row.phones])
    for secret in ("4400 4301 2345", "900101300", "aigerim@"):
        assert secret not in stored
    stats = client.get("/api/v1/stats").json()
    assert stats["total"] == 1
    assert sum(sum(v) for v in stats["schemes"].values()) == 1


def test_report_without_consent_keeps_no_text(client: TestClient) -> None:
    r = client.post("/api/v1/reports", json={"text": KK_SCAM})
    assert r.status_code == 201
    assert r.json()["text_masked"] is None


def test_report_rejects_unknown_channel(client: TestClient) -> None:
    r = client.post("/api/v1/reports", json={"text": KK_SCAM, "channel": "pigeon"})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_channel"


def test_health_metrics_docs(client: TestClient) -> None:
    h = client.get("/healthz")
    assert h.status_code == 200 and h.json()["status"] == "ok"
    client.post("/api/v1/check", json={"text": KK_SCAM})
    m = client.get("/metrics")
    assert m.status_code == 200
    assert 'saqbol_http_requests_total{method="POST",route="/api/v1/check",status="200"}' in m.text
    assert 'saqbol_verdicts_total{verdict="scam"}' in m.text
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for p in (
        "/api/v1/check",
        "/api/v1/check/url",
        "/api/v1/check/phone",
        "/api/v1/schemes",
        "/api/v1/contacts",
        "/api/v1/playbooks/{situation}",
        "/api/v1/reports",
        "/api/v1/stats",
    ):
        assert p in paths
