"""`saqbol playbook`, `saqbol help`, `saqbol complaint`, `saqbol incident …`: victim response."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.prompt import Prompt
from rich.text import Text

from saqbol.cli.common import JsonOpt, LangOpt, check_lang, err_console, fail, print_json
from saqbol.kb.banks import find_bank
from saqbol.kb.loader import get_kb
from saqbol.response.models import SITUATIONS, RenderedPlaybook
from saqbol.response.playbooks import get_playbooks, render, situation_id

if TYPE_CHECKING:
    from saqbol.db.engine import Database
    from saqbol.response.incident import Incident

URGENCY_STYLE = {
    "now": "bold white on red",
    "today": "bold black on yellow",
    "this_week": "bold white on blue",
}
LANG_CHOICES = ("kk", "ru", "en")


def _console() -> Console:
    # Made per call so that the terminal width (COLUMNS) of this run is used.
    return Console(highlight=False)


def _line(console: Console, markup: str, indent: int = 3) -> None:
    """One line of the checklist; wrapped lines keep the indent (a hanging indent)."""
    console.print(Padding(Text.from_markup(markup), (0, 0, 0, indent), expand=False))


def print_checklist(pb: RenderedPlaybook, console: Console) -> None:
    kb = get_kb()
    lang = pb.lang
    console.print(f"\n[bold]{escape(pb.title)}[/]")
    console.print(escape(pb.intro))
    if pb.bank:
        console.print(kb.text("response.bank_line", lang, bank=escape(pb.bank.name)))
    for step in pb.steps:
        tag = f"[{URGENCY_STYLE[step.urgency]}] {step.urgency_label} [/]"
        console.print()
        _line(console, f"☐ [bold]{step.n}.[/] {tag} [bold]{escape(step.title)}[/]", 0)
        _line(console, f"[dim]{kb.text('response.why', lang)}:[/] {escape(step.why)}")
        for detail in step.details:
            _line(console, f"• {escape(detail)}")
        for phone in step.phones:
            extra = f" ({escape(phone.note)})" if phone.note else ""
            _line(
                console, f"☎ [bold green]{escape(phone.display)}[/] — {escape(phone.label)}{extra}"
            )
        for link in step.links:
            _line(console, f"➜ [cyan]{escape(link.url)}[/] — {escape(link.label)}")
        for path in step.menu_paths:
            _line(console, f"[bold]{escape(path.title)}[/]")
            for i, text in enumerate(path.steps, 1):
                _line(console, f"{i}) {escape(text)}", 6)
    console.print(f"\n[dim]{escape(kb.text('response.checklist_hint', lang))}[/]")


def _bank_id(bank: str | None, lang: str) -> str | None:
    if not bank or not bank.strip():
        return None
    found = find_bank(bank)
    if found is None:
        err_console.print(get_kb().text("response.bank_unknown", lang, query=escape(bank)))
        return None
    return found.id


def _render_or_fail(situation: str, bank_id: str | None, lang: str) -> RenderedPlaybook:
    if situation_id(situation) not in SITUATIONS:
        known = ", ".join(s.replace("_", "-") for s in SITUATIONS)
        raise fail(
            get_kb().text("response.unknown_situation", lang, situation=situation, known=known)
        )
    return render(situation, bank_id, lang)


def _ask_number(question: str, count: int, lang: str, console: Console) -> int:
    while True:
        answer = Prompt.ask(question, console=console, default="1").strip()
        if answer.isdigit() and 1 <= int(answer) <= count:
            return int(answer)
        if not sys.stdin.isatty() and answer == "":
            raise typer.Exit(2)
        console.print(get_kb().text("response.bad_choice", lang, n=count))


def guided() -> None:
    """Ask what happened, which bank, which language; print the checklist."""
    console = _console()
    kb = get_kb()
    try:
        console.print(f"[bold]{escape(kb.text('response.help_intro', 'kk'))}[/]")
        console.print(escape(kb.text("response.help_intro", "ru")))
        console.print(kb.text("response.lang_names", "kk"))
        lang = LANG_CHOICES[_ask_number(kb.text("response.ask_lang", "kk"), 3, "kk", console) - 1]
        titles = {s.id: s.title.get(lang) for s in get_playbooks().situations}
        for i, sid in enumerate(SITUATIONS, 1):
            console.print(f"  {i}) {escape(titles[sid])}")
        situation = SITUATIONS[
            _ask_number(kb.text("response.ask_situation", lang), len(SITUATIONS), lang, console) - 1
        ]
        bank = Prompt.ask(
            kb.text("response.ask_bank", lang), console=console, default="", show_default=False
        )
    except (EOFError, KeyboardInterrupt):
        raise typer.Exit(1) from None
    print_checklist(render(situation, _bank_id(bank, lang), lang), console)


def playbook(
    situation: Annotated[
        str | None,
        typer.Argument(
            help="What happened: "
            + ", ".join(s.replace("_", "-") for s in SITUATIONS)
            + ". Omit it to be asked."
        ),
    ] = None,
    bank: Annotated[
        str | None,
        typer.Option("--bank", "-b", help="Your bank as you type it, e.g. kaspi, халық."),
    ] = None,
    lang: LangOpt = "kk",
    as_json: JsonOpt = False,
) -> None:
    """What to do now, step by step: the checklist for your situation and your bank."""
    if situation is None:
        guided()
        return
    lang = check_lang(lang)
    pb = _render_or_fail(situation, _bank_id(bank, lang), lang)
    if as_json:
        print_json(pb)
        return
    print_checklist(pb, _console())


def help_command() -> None:
    """Something happened? Answer three questions, get the checklist (= `saqbol playbook`)."""
    guided()


def complaint(
    incident_file: Annotated[
        Path, typer.Argument(help="The incident JSON (see docs/incident.example.json).")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file: .docx, .pdf or .txt.")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            "-k",
            help="police (qamqor.gov.kz / police station), credit_dispute (1cb.kz / eGov), "
            "citizensec (e-mail).",
        ),
    ] = "police",
    lang: LangOpt = "kk",
) -> None:
    """Write the police complaint, credit-report dispute or citizensec e-mail of an incident."""
    from saqbol.response.documents import KINDS, DocumentError, build_document
    from saqbol.response.incident import IncidentError, load_incident
    from saqbol.response.writers import FORMATS, write

    lang = check_lang(lang)
    kb = get_kb()
    kind = kind.strip().lower().replace("-", "_")
    if kind not in KINDS:
        raise typer.BadParameter("use " + ", ".join(KINDS), param_hint="--kind")
    if out.suffix.lower() not in FORMATS:
        raise fail(kb.text("response.bad_out", lang))
    try:
        incident = load_incident(incident_file)
        doc = build_document(incident, kind, lang)
    except (IncidentError, DocumentError) as exc:
        raise fail(kb.text("response.bad_incident", lang, error=escape(str(exc)))) from exc
    write(doc, out)
    err_console.print(kb.text("response.document_written", lang, path=escape(str(out))))


# --------------------------------------------------------------------------------- incidents
incident_app = typer.Typer(
    help="Keep a record of what happened: check, save, list, export.", no_args_is_help=True
)


def _load(path: Path, lang: str) -> Incident:
    from saqbol.response.incident import IncidentError, load_incident

    try:
        return load_incident(path)
    except IncidentError as exc:
        raise fail(get_kb().text("response.bad_incident", lang, error=escape(str(exc)))) from exc


def _db() -> Database:
    from saqbol.db.engine import Database
    from saqbol.settings import get_settings

    db = Database(get_settings().resolved_database_url())
    db.migrate()
    return db


@incident_app.command("check")
def incident_check(
    incident_file: Annotated[Path, typer.Argument(help="The incident JSON.")],
    lang: LangOpt = "kk",
    as_json: JsonOpt = False,
) -> None:
    """Validate an incident file and show the fraudster's identifiers found in it."""
    lang = check_lang(lang)
    inc = _load(incident_file, lang)
    ids = inc.identifiers()
    if as_json:
        print_json({"incident": inc, "identifiers": ids})
        return
    console = _console()
    console.print(get_kb().text("response.incident_ok", lang, count=ids.count()))
    for kind, values in ids.model_dump().items():
        for v in values:
            console.print(f"  {get_kb().text('doc.id_' + kind, lang)}: [bold]{escape(v)}[/]")


@incident_app.command("extract")
def incident_extract() -> None:
    """Read pasted messages on stdin; print the identifiers found (phones, cards…) as JSON."""
    from saqbol.response.extract import extract_identifiers

    print_json(extract_identifiers(sys.stdin.read()))


@incident_app.command("save")
def incident_save(
    incident_file: Annotated[Path, typer.Argument(help="The incident JSON.")],
    lang: LangOpt = "kk",
) -> None:
    """Store an incident in the local database (your IIN, phone and cards masked)."""
    from saqbol.response.store import save_incident

    lang = check_lang(lang)
    inc = _load(incident_file, lang)
    db = _db()
    new_id = save_incident(db, inc)
    typer.echo(get_kb().text("response.incident_saved", lang, id=new_id, path=db.url))


@incident_app.command("list")
def incident_list(lang: LangOpt = "kk", as_json: JsonOpt = False) -> None:
    """The stored incidents, newest first."""
    from saqbol.response.store import list_incidents

    lang = check_lang(lang)
    db = _db()
    rows = list_incidents(db)
    if as_json:
        print_json(rows)
        return
    if not rows:
        typer.echo(get_kb().text("response.no_incidents", lang))
    for r in rows:
        typer.echo(
            f"{r['id']:>4}  {r['happened_at'][:16]}  {r['situation']:<22} {r['loss_kzt']:>12} KZT"
        )


@incident_app.command("export")
def incident_export(
    incident_id: Annotated[int, typer.Argument(help="Incident number.")], lang: LangOpt = "kk"
) -> None:
    """Print a stored incident as JSON (to edit it or write its documents)."""
    from saqbol.response.store import get_incident

    lang = check_lang(lang)
    db = _db()
    inc = get_incident(db, incident_id)
    if inc is None:
        raise fail(get_kb().text("response.incident_not_found", lang, id=incident_id))
    sys.stdout.write(
        json.dumps(inc.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=2)
        + "\n"
    )


def register(app: typer.Typer) -> None:
    app.command("playbook")(playbook)
    app.command("help")(help_command)
    app.command("complaint")(complaint)
    app.add_typer(incident_app, name="incident")
