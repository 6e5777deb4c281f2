"""`saqbol check --image` and `POST /api/v1/check/image` (multipart), plus the upload form."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from image_samples import qr_png, zip_as_png
from typer.testing import CliRunner

from saqbol.cli.main import app as cli_app
from saqbol.settings import Settings
from saqbol.web import create_app

pytestmark = pytest.mark.usefixtures("tesseract")
TG_LOGIN = "tg://login?token=AQAAAABlc3RUb2tlbjEyMzQ1Njc4OTA"


@pytest.fixture()
def web(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path, secret_key="test-secret", rate_limit_per_minute=0)
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


def test_cli_check_image_json(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "qr.png"
    path.write_bytes(qr_png(TG_LOGIN))
    r = runner.invoke(cli_app, ["check", "--image", str(path), "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["verdict"] == "scam" and out["scheme"] == "account_takeover"
    assert out["codes"][0]["kind"] == "account_takeover"


def test_cli_check_image_human(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "qr.png"
    path.write_bytes(qr_png(TG_LOGIN))
    r = runner.invoke(cli_app, ["check", "--image", str(path), "--lang", "en"])
    assert r.exit_code == 0, r.output
    assert "SCAM" in r.stdout and "Telegram" in r.stdout


def test_cli_bad_image_is_a_clear_error(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(zip_as_png())
    r = runner.invoke(cli_app, ["check", "--image", str(path)])
    assert r.exit_code == 2
    assert "ZIP archive" in r.output
    r = runner.invoke(cli_app, ["check", "--image", str(tmp_path / "missing.png")])
    assert r.exit_code == 2 and "no such file" in r.output


def test_api_check_image(web: TestClient) -> None:
    r = web.post(
        "/api/v1/check/image",
        files={"image": ("qr.png", qr_png(TG_LOGIN), "image/png")},
        data={"lang": "kk"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["verdict"] == "scam" and body["codes"][0]["app"] == "telegram"
    assert "Telegram" in body["codes"][0]["explanation"]


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (zip_as_png(), 415, "unsupported_format"),
        (b"\x89PNG\r\n\x1a\nbroken", 422, "broken_image"),
        (b"", 422, "empty"),
    ],
)
def test_api_bad_images(web: TestClient, data: bytes, status: int, code: str) -> None:
    r = web.post("/api/v1/check/image", files={"image": ("x.png", data, "image/png")})
    assert r.status_code == status
    assert r.json()["error"]["code"] == code


def test_api_image_needs_multipart_and_a_size_limit(web: TestClient) -> None:
    r = web.post("/api/v1/check/image", json={"image": "x"})
    assert r.status_code == 415
    big = b"\x89PNG\r\n\x1a\n" + bytes(17 * 1024 * 1024)
    r = web.post("/api/v1/check/image", files={"image": ("x.png", big, "image/png")})
    assert r.status_code == 413
    r = web.post("/api/v1/check/image", data={"lang": "kk"}, files={})
    assert r.status_code in (415, 422)


def test_upload_form_on_home_page_and_result(web: TestClient) -> None:
    page = web.get("/").text
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page
    token = re.findall(r'name="csrf_token" value="([^"]+)"', page)[-1]
    r = web.post(
        "/check/image",
        files={"image": ("qr.png", qr_png(TG_LOGIN), "image/png")},
        data={"csrf_token": token},
    )
    assert r.status_code == 200
    assert "tg://login" in r.text
    assert "script-src 'none'" in r.headers["content-security-policy"]
    bad = web.post(
        "/check/image",
        files={"image": ("x.png", zip_as_png(), "image/png")},
        data={"csrf_token": token},
    )
    assert bad.status_code == 422 and 'role="alert"' in bad.text
