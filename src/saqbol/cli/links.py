"""`saqbol url` and `saqbol phone`: thin commands over saqbol.links and saqbol.phones."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from saqbol.cli.common import JsonOpt, LangOpt, check_lang, console, fail, print_json
from saqbol.kb.loader import get_kb
from saqbol.links import check_url
from saqbol.phones import check_phone
from saqbol.verdict import LinkResult, PhoneResult

_STYLE = {"phishing": "bold red", "suspicious": "yellow", "safe": "green", "unknown": "dim"}
_PHONE_STYLE = {"short_official": "green", "invalid": "red", "foreign": "yellow"}


def _iter_urls(urls: list[str], file: Path | None, lang: str) -> list[str]:
    items = [u for u in urls if u.strip()]
    if file is not None:
        try:
            with file.open(encoding="utf-8", errors="replace") as fh:
                items.extend(line.strip() for line in fh if line.strip())
        except OSError as exc:
            raise fail(get_kb().text("links.file_missing", lang, path=file)) from exc
    if not items:
        raise fail(get_kb().text("links.no_input", lang))
    return items


def _why(r: LinkResult, lang: str) -> str:
    kb = get_kb()
    lines = []
    if r.target and r.verdict in ("phishing", "suspicious"):
        lines.append(kb.text("links.imitates", lang, target=r.target))
    for reason in r.reasons:
        key = f"links.reason.{reason}"
        lines.append(kb.text(key, lang) if key in kb.texts else reason)
    return "\n".join(lines)


def url_command(
    urls: Annotated[list[str] | None, typer.Argument(help="Links to check.")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="A file with one link per line.")
    ] = None,
    json: JsonOpt = False,
    lang: LangOpt = "ru",
) -> None:
    """Check links: official site, lookalike (phishing), suspicious or unknown."""
    lang = check_lang(lang)
    items = _iter_urls(list(urls or []), file, lang)
    if json:
        for u in items:
            r = check_url(u)
            print_json({"url": u, "verdict": r.verdict, "risk": r.risk, "target": r.target,
                        "reasons": r.reasons})  # fmt: skip
        return
    kb = get_kb()
    table = Table(show_lines=True)
    for key in ("links.col_url", "links.col_verdict", "links.col_risk", "links.col_why"):
        table.add_column(kb.text(key, lang))
    for u in items:
        r = check_url(u)
        verdict = kb.text(f"links.verdict.{r.verdict}", lang)
        table.add_row(r.url, f"[{_STYLE[r.verdict]}]{verdict}[/]", f"{r.risk:.2f}", _why(r, lang))
    console.print(table)


def phone_command(
    numbers: Annotated[list[str], typer.Argument(help="Phone numbers to check.")],
    json: JsonOpt = False,
    lang: LangOpt = "ru",
) -> None:
    """Check phone numbers: official (bank, police, eGov), mobile, landline, foreign."""
    lang = check_lang(lang)
    results: list[tuple[str, PhoneResult]] = [(n, check_phone(n, lang)) for n in numbers]
    if json:
        for n, r in results:
            print_json({"input": n, "number": r.number, "kind": r.kind, "official": r.official,
                        "note": r.note})  # fmt: skip
        return
    kb = get_kb()
    table = Table(show_lines=True)
    for key in ("phones.col_number", "phones.col_kind", "phones.col_note"):
        table.add_column(kb.text(key, lang))
    for n, r in results:
        style = _PHONE_STYLE.get(r.kind, "")
        kind = kb.text(f"phones.kind.{r.kind}", lang)
        table.add_row(r.number or n, f"[{style}]{kind}[/]" if style else kind, r.note)
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("url")(url_command)
    app.command("phone")(phone_command)
