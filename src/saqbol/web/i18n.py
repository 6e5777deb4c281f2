"""The page language: `?lang=` or the `lang` cookie, Kazakh by default."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request

from saqbol.kb.loader import get_kb

LANGS = ("kk", "ru", "en")
DEFAULT_LANG = "kk"
COOKIE = "lang"


def pick_lang(value: str | None) -> str | None:
    value = (value or "").strip().lower()[:2]
    return value if value in LANGS else None


def request_lang(request: Request) -> str:
    return (
        pick_lang(request.query_params.get("lang"))
        or pick_lang(request.cookies.get(COOKIE))
        or DEFAULT_LANG
    )


def translator(lang: str) -> Callable[..., str]:
    """`t("web.title")` → the knowledge-base sentence in `lang`."""
    kb = get_kb()

    def t(key: str, **fmt: object) -> str:
        return kb.text(key, lang, **fmt)

    return t
