"""Helpers of the organizations tests (a module of its own: test modules import it by name)."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from saqbol.orgs import register

PASSWORD = "correct-horse-42"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
SEED_AGENDA = [
    ("Интернет алаяқтық: ауыздықтау мен алдың алудың қиындықтары", "меңгеруші Прмаханова А.Ж."),
    ("Интернет алаяқтарынан қалай қорғануға болады?", "меңгеруші Прмаханова А.Ж."),
    ("Бір бірлерімен пікір алмасу, өз ойларын айту.", ""),
]


def meeting_in(**kw: Any) -> register.MeetingIn:
    data: dict[str, Any] = {
        "held_on": "2024-02-10",
        "title": "«Сақтансан сақ боларсың!»",
        "format": "meeting",
        "total": 13,
        "attended": 10,
        "absent": 3,
        "link": "https://tumarbalabaksha.kz/",
        "purpose": "Алаяқтыққа қарсы түсіндірме жұмыстарын жүргізу, интернет желісінде "
        "алданып қалмау.",
        "agenda": [
            {"title": t, "responsible": r, "discussion": f"Талқыланды: {t} Ғғ Ққ Ңң Өө Ұұ Үү Һһ Іі"}
            for t, r in SEED_AGENDA
        ],
        "decisions": ["Ақпарат назарға алынсын.", "Жадынама барлық қызметкерлерге таратылсын."],
        "signed_by": "Сейтқалиева Г.Н.",
    }
    data.update(kw)
    return register.MeetingIn.model_validate(data)


def csrf(client: TestClient, path: str = "/org/login") -> str:
    match = CSRF_RE.search(client.get(path).text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client: TestClient, user: str) -> None:
    r = client.post(
        "/org/login",
        data={"login": user, "password": PASSWORD, "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
