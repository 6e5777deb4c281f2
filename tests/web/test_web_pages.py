"""The server-rendered pages: every page in every language, the check form, CSRF, reports."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from web_samples import KK_OTP, KK_SCAM, csrf_token

from saqbol.db.models import Report

PAGES = [
    "/",
    "/schemes",
    "/schemes/phishing_sms",
    "/contacts",
    "/contacts?bank=halyk",
    "/playbooks",
    "/stats",
    "/report/thanks",
]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_pages_render_in_every_language(sqlite_client: TestClient, path: str, lang: str) -> None:
    sep = "&" if "?" in path else "?"
    r = sqlite_client.get(f"{path}{sep}lang={lang}")
    assert r.status_code == 200
    assert f'<html lang="{lang}">' in r.text


def test_kazakh_is_the_default_and_the_choice_is_remembered(sqlite_client: TestClient) -> None:
    assert '<html lang="kk">' in sqlite_client.get("/").text
    r = sqlite_client.get("/schemes?lang=ru")
    assert r.cookies.get("lang") == "ru"
    assert '<html lang="ru">' in sqlite_client.get("/contacts").text


def test_check_form_shows_verdict_flags_and_bank(client: TestClient) -> None:
    token = csrf_token(client)
    r = client.post("/check", data={"text": KK_SCAM, "csrf_token": token})
    assert r.status_code == 200
    assert "v-scam" in r.text
    assert 'href="tel:9999"' in r.text
    assert "<mark" in r.text
    assert 'href="/playbooks/' in r.text


def test_otp_is_safe_on_the_page(sqlite_client: TestClient) -> None:
    r = sqlite_client.post("/check", data={"text": KK_OTP, "csrf_token": csrf_token(sqlite_client)})
    assert "v-safe" in r.text


def test_pasted_html_is_escaped(sqlite_client: TestClient) -> None:
    evil = KK_SCAM + ' <script>alert("x")</script><img src=x onerror=alert(1)>'
    r = sqlite_client.post("/check", data={"text": evil, "csrf_token": csrf_token(sqlite_client)})
    assert "<script>alert" not in r.text
    assert "<img src=x" not in r.text
    assert "&lt;script&gt;" in r.text


def test_forms_need_the_csrf_token(client: TestClient) -> None:
    client.get("/")
    r = client.post("/check", data={"text": KK_SCAM, "csrf_token": "forged"})
    assert r.status_code == 400
    r = client.post("/report", data={"text": KK_SCAM, "csrf_token": "forged"})
    assert r.status_code == 400
    db = client.app.state.saqbol.db  # type: ignore[attr-defined]
    with db.session() as s:
        assert s.execute(select(Report)).first() is None


def test_report_form_stores_masked(client: TestClient) -> None:
    token = csrf_token(client)
    text = KK_SCAM + " 4400 4301 2345 6789"
    r = client.post(
        "/report",
        data={"text": text, "channel": "whatsapp", "include_text": "on", "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert r.headers["location"] == "/report/thanks"
    db = client.app.state.saqbol.db  # type: ignore[attr-defined]
    with db.session() as s:
        row = s.execute(select(Report)).scalar_one()
        assert row.channel == "whatsapp"
        assert row.cards == ["**** **** **** 6789"]
        assert row.text_masked and "4400 4301" not in row.text_masked
    stats = client.get("/stats")
    assert "1" in stats.text and "<svg" in stats.text


def test_empty_and_unknown(sqlite_client: TestClient) -> None:
    r = sqlite_client.post("/check", data={"text": "  ", "csrf_token": csrf_token(sqlite_client)})
    assert r.status_code == 422
    assert sqlite_client.get("/schemes/nope").status_code == 404
    assert sqlite_client.get("/playbooks/nope").status_code == 404
    assert sqlite_client.get("/check", follow_redirects=False).status_code == 303
