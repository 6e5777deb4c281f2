"""The site in a real browser (Debian's Chromium via Playwright) against a real uvicorn server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from web_samples import KK_OTP, KK_SCAM

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
WIDTHS = {"phone": 390, "desktop": 1280}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    data = tmp_path_factory.mktemp("web")
    env = {**os.environ, "SAQBOL_DATA_DIR": str(data), "SAQBOL_RATE_LIMIT_PER_MINUTE": "0"}
    env.pop("SAQBOL_DATABASE_URL", None)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "saqbol.web.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{CHROMIUM} is missing in CI")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


def shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})


def check(page: Any, server: str, text: str) -> None:
    page.goto(server + "/")
    page.fill("#text", text)
    page.click("form.check button[type=submit]")
    page.wait_for_selector(".verdict")


def test_kazakh_scam_shows_verdict_and_bank_number(page: Any, server: str) -> None:
    check(page, server, KK_SCAM)
    verdict = page.locator(".verdict")
    assert "v-scam" in (verdict.get_attribute("class") or "")
    assert page.locator('a[href="tel:9999"]').first.is_visible()
    assert page.locator(".message mark").count() >= 2
    shoot(page, "result-scam")


def test_legitimate_otp_shows_safe(page: Any, server: str) -> None:
    check(page, server, KK_OTP)
    assert "v-safe" in (page.locator(".verdict").get_attribute("class") or "")
    shoot(page, "result-safe")


def test_language_switch_is_remembered(page: Any, server: str) -> None:
    page.goto(server + "/")
    assert page.locator("html").get_attribute("lang") == "kk"
    page.click('a.lang[hreflang="ru"]')
    assert page.locator("html").get_attribute("lang") == "ru"
    page.goto(server + "/contacts")
    assert page.locator("html").get_attribute("lang") == "ru"
    page.click('a.lang[hreflang="en"]')
    page.goto(server + "/schemes")
    assert page.locator("html").get_attribute("lang") == "en"


def test_already_answered_leads_to_the_playbook(page: Any, server: str) -> None:
    check(page, server, KK_SCAM)
    page.click(".answered a.btn")
    page.wait_for_load_state()
    assert "/playbooks/" in page.url
    assert page.locator("h1").inner_text().strip()
    assert page.locator('a[href^="tel:"]').count() >= 1
    shoot(page, "playbook")


def test_playbook_leads_to_a_complaint_download(page: Any, server: str) -> None:
    page.goto(server + "/playbooks/transferred_money?lang=ru")
    page.click('a[href="/complaint?situation=transferred_money"]')
    page.wait_for_url("**/complaint?situation=transferred_money")
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    assert not [v["id"] for v in violations if v.get("impact") in ("serious", "critical")]
    page.fill("#summary", "Позвонил «сотрудник банка», я перевёл деньги на «безопасный счёт».")
    page.fill("#happened_at", "2025-05-12T14:30")
    page.select_option("#channel", "call")
    page.fill("#amount", "150 000")
    page.fill("#phones", "+7 747 123 45 67")
    page.fill("#links", "http://kaspi-kz.top/verify")
    page.fill("#messages", KK_SCAM)
    page.select_option("#doc_lang", "ru")
    page.select_option("#format", "pdf")
    shoot(page, "complaint")
    with page.expect_download() as info:
        page.click("form.complaint button[type=submit]")
    download = info.value
    assert download.suggested_filename == "police_2025-05-12_ru.pdf"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 1000


def test_report_then_statistics(page: Any, server: str) -> None:
    check(page, server, KK_SCAM)
    page.select_option("#channel", "sms")
    page.click(".report button[type=submit]")
    page.wait_for_url("**/report/thanks")
    page.goto(server + "/stats")
    assert page.locator(".chart svg rect.bar").count() == 12
    shoot(page, "stats")


@pytest.mark.parametrize(
    "path",
    ["/", "/contacts", "/schemes", "/schemes/employee_impersonation", "/playbooks", "/stats"],
)
def test_pages_pass_axe_and_are_screenshot(page: Any, server: str, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(server + path)
    results = Axe().run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    assert not bad, bad
    shoot(page, "page" + (path.replace("/", "-") if path != "/" else "-home"))


def test_result_page_passes_axe(page: Any, server: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    check(page, server, KK_SCAM)
    results = Axe().run(page)
    bad = [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    assert not bad, bad
