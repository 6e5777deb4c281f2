"""`saqbol schemes` and `saqbol contacts`: the knowledge base for people and machines."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from saqbol.cli.common import JsonOpt, LangOpt, check_lang, console, fail, print_json
from saqbol.kb.banks import find_bank
from saqbol.kb.loader import get_kb


def schemes(lang: LangOpt = "kk", as_json: JsonOpt = False) -> None:
    """List the fraud schemes saqbol knows."""
    lang = check_lang(lang)
    kb = get_kb()
    if as_json:
        print_json(
            [
                {"id": s.id, "name": s.name.model_dump(), "description": s.description.get(lang)}
                for s in kb.schemes.values()
            ]
        )
        return
    table = Table(title=kb.text("cli.schemes_title", lang))
    table.add_column("id", style="cyan")
    table.add_column(kb.text("cli.col_name", lang))
    table.add_column(kb.text("cli.col_description", lang))
    for s in kb.schemes.values():
        table.add_row(s.id, s.name.get(lang), s.description.get(lang))
    console.print(table)


def contacts(
    bank: Annotated[
        str | None, typer.Argument(help="Bank name as you type it, e.g. каспи.")
    ] = None,
    lang: LangOpt = "kk",
    as_json: JsonOpt = False,
) -> None:
    """Card-blocking numbers of the banks and the hotlines (102, 116, 1477, 1400, 1459)."""
    lang = check_lang(lang)
    kb = get_kb()
    banks = kb.contacts.banks
    if bank is not None:
        found = find_bank(bank, kb)
        if found is None:
            raise fail(kb.text("cli.bank_not_found", lang, query=bank))
        banks = [found]
    if as_json:
        data: dict[str, object] = {"banks": [b.model_dump(mode="json") for b in banks]}
        if bank is None:
            data["hotlines"] = [h.model_dump(mode="json") for h in kb.contacts.hotlines]
            data["portals"] = [p.model_dump(mode="json") for p in kb.contacts.portals]
        print_json(data)
        return
    table = Table(title=kb.text("cli.card_block_title", lang))
    table.add_column(kb.text("cli.col_bank", lang), style="bold")
    table.add_column(kb.text("cli.col_number", lang), style="green")
    for b in banks:
        numbers = []
        for n in b.card_block:
            line = n.display
            if n.note:
                line += f" ({n.note.get(lang)})"
            numbers.append(line)
        table.add_row(b.name, "\n".join(numbers))
    console.print(table)
    if bank is None:
        hot = Table(title=kb.text("cli.hotlines_title", lang))
        hot.add_column(kb.text("cli.col_number", lang), style="green")
        hot.add_column(kb.text("cli.col_name", lang))
        for h in kb.contacts.hotlines:
            hot.add_row(h.number, f"{h.name.get(lang)} — {h.purpose.get(lang)}")
        for p in kb.contacts.portals:
            hot.add_row(p.url, f"{p.name.get(lang)} — {p.purpose.get(lang)}")
        console.print(hot)


def register(app: typer.Typer) -> None:
    app.command("schemes")(schemes)
    app.command("contacts")(contacts)
