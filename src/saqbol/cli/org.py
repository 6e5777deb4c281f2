"""`saqbol org …`: the register of awareness meetings, protocols, the report, the kit."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import ValidationError

from saqbol.cli.common import JsonOpt, fail, print_json
from saqbol.orgs.register import RegisterError

if TYPE_CHECKING:
    from saqbol.db.engine import Database

org_app = typer.Typer(
    name="org",
    help="Organizations: awareness meetings, their protocols, the report to the prosecutor.",
    no_args_is_help=True,
)
event_app = typer.Typer(help="Register meetings (events).", no_args_is_help=True)
department_app = typer.Typer(help="Education departments.", no_args_is_help=True)
user_app = typer.Typer(help="Staff logins for the web pages.", no_args_is_help=True)
org_app.add_typer(event_app, name="event")
org_app.add_typer(department_app, name="department")
org_app.add_typer(user_app, name="user")

DocLang = Annotated[str, typer.Option("--lang", "-l", help="Language of the document: kk or ru.")]


def _db() -> Database:
    from saqbol.db.engine import Database
    from saqbol.settings import get_settings

    db = Database(get_settings().resolved_database_url())
    db.migrate()
    return db


def _date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise fail(f"{option}: use a date like 2024-02-15, not {value!r}") from None


def _doc_lang(lang: str | None) -> str | None:
    if lang is not None and lang not in ("kk", "ru"):
        raise fail("--lang: use kk or ru")
    return lang


@department_app.command("add")
def department_add(
    name: Annotated[str, typer.Argument(help="Name, e.g. «Ақтөбе қаласының білім бөлімі».")],
    district: Annotated[str, typer.Option(help="District or city.")] = "",
) -> None:
    """Add an education department."""
    from saqbol.orgs import register

    with _db().session() as s:
        try:
            dep = register.add_department(s, name, district)
        except RegisterError as exc:
            raise fail(exc.message) from None
        typer.echo(f"department {dep.id}: {dep.name}")


@org_app.command("add")
def org_add(
    name: Annotated[str, typer.Argument(help="Organization, e.g. «TUMAR» МДҰ.")],
    department: Annotated[str, typer.Option(help="Department name or id.")],
    head: Annotated[str, typer.Option(help="Head of the organization (signs documents).")] = "",
    website: Annotated[str, typer.Option(help="Website (the report's link by default).")] = "",
) -> None:
    """Add an organization (school, kindergarten, college) to a department."""
    from saqbol.orgs import register

    with _db().session() as s:
        try:
            org = register.add_organization(
                s, register.find_department(s, department), name, head, website
            )
        except RegisterError as exc:
            raise fail(exc.message) from None
        typer.echo(f"organization {org.id}: {org.name}")


@user_app.command("add")
def user_add(
    login: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Option(help="org (one organization) or department.")] = "org",
    org: Annotated[str | None, typer.Option(help="Organization name or id (role org).")] = None,
    department: Annotated[
        str | None, typer.Option(help="Department name or id (role department).")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin.")
    ] = False,
) -> None:
    """Add a staff login; the password is asked for (never given on the command line)."""
    from saqbol.orgs import auth, register

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with _db().session() as s:
        try:
            organization = register.find_organization(s, org) if org else None
            dep = register.find_department(s, department) if department else None
            user = auth.add_user(s, login, password, role, organization, dep)
        except RegisterError as exc:
            raise fail(exc.message) from None
        typer.echo(f"user {user.id}: {user.login} ({user.role})")


def _agenda(items: list[str]) -> list[dict[str, str]]:
    out = []
    for item in items:
        parts = [p.strip() for p in item.split("|")]
        out.append(
            {
                "title": parts[0],
                "responsible": parts[1] if len(parts) > 1 else "",
                "discussion": parts[2] if len(parts) > 2 else "",
            }
        )
    return out


@event_app.command("add")
def event_add(
    org: Annotated[str, typer.Option(help="Organization name or id.")],
    date: Annotated[str | None, typer.Option(help="Date held, YYYY-MM-DD.")] = None,
    title: Annotated[str | None, typer.Option(help="Title (default: the kit's).")] = None,
    format: Annotated[str, typer.Option(help="meeting, class_hour or online.")] = "meeting",
    total: Annotated[int | None, typer.Option(help="People expected (Барлығы).")] = None,
    attended: Annotated[int | None, typer.Option(help="Came (Қатысқан).")] = None,
    absent: Annotated[int | None, typer.Option(help="Did not come (Қатыспаған).")] = None,
    purpose: Annotated[str | None, typer.Option(help="Purpose (default: the kit's).")] = None,
    agenda: Annotated[
        list[str] | None,
        typer.Option(help="Agenda item 'title|responsible|discussion' (repeat; default kit's)."),
    ] = None,
    decision: Annotated[list[str] | None, typer.Option(help="A decision (repeat).")] = None,
    link: Annotated[str, typer.Option(help="Link to the publication.")] = "",
    audience: Annotated[str, typer.Option(help="Who took part.")] = "",
    signed_by: Annotated[str, typer.Option(help="Who took the minutes.")] = "",
    lang: DocLang = "kk",
    from_json: Annotated[
        Path | None, typer.Option("--from-json", help="Read the meeting from a JSON file.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Register a meeting held (attended + absent must equal total)."""
    from saqbol.orgs import kit, register

    _doc_lang(lang)
    if from_json is not None:
        try:
            data = json.loads(from_json.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise fail(f"{from_json}: {exc}") from None
    else:
        missing = [n for n, v in (("--date", date), ("--total", total)) if v is None]
        if missing:
            raise fail(f"missing {', '.join(missing)}")
        att = attended if attended is not None else (total or 0) - (absent or 0)
        data = {
            "held_on": _date(date or "", "--date").isoformat(),
            "title": title or kit.get_kb().text("orgs.kit_default_title", lang),
            "format": format,
            "lang": lang,
            "link": link,
            "total": total,
            "attended": att,
            "absent": absent if absent is not None else (total or 0) - att,
            "audience": audience,
            "purpose": purpose or kit.get_kb().text("orgs.kit_default_purpose", lang),
            "agenda": _agenda(agenda)
            if agenda
            else [{"title": a} for a in kit.default_agenda(lang)],
            "decisions": decision if decision else kit.default_decisions(lang),
            "signed_by": signed_by,
        }
    try:
        meeting_in = register.MeetingIn.model_validate(data)
    except ValidationError as exc:
        msgs = "; ".join(
            f"{'.'.join(str(x) for x in e['loc']) or 'meeting'}: {e['msg']}" for e in exc.errors()
        )
        raise fail(msgs) from None
    with _db().session() as s:
        try:
            meeting = register.add_meeting(s, register.find_organization(s, org), meeting_in)
        except RegisterError as exc:
            raise fail(exc.message) from None
        if as_json:
            print_json({"id": meeting.id, "quiz_code": meeting.quiz_code})
        else:
            typer.echo(
                f"event {meeting.id} ({meeting.organization.name}, {meeting.held_on}); "
                f"quiz code {meeting.quiz_code}"
            )


@event_app.command("list")
def event_list(
    department: Annotated[str | None, typer.Option(help="Only this department.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List registered meetings."""
    from saqbol.orgs import register

    with _db().session() as s:
        dep_id = register.find_department(s, department).id if department else None
        rows = [
            {
                "id": m.id,
                "date": m.held_on.isoformat(),
                "organization": m.organization.name,
                "title": m.title,
                "format": m.format,
                "total": m.total,
                "attended": m.attended,
                "absent": m.absent,
            }
            for m in register.meetings(s, register.EVERYTHING, department_id=dep_id)
        ]
    if as_json:
        print_json(rows)
        return
    for r in rows:
        typer.echo(
            f"{r['id']:>5}  {r['date']}  {r['attended']}/{r['total']}  {r['format']:<10}  "
            f"{r['organization']} — {r['title']}"
        )


@org_app.command("protocol")
def protocol(
    event_id: Annotated[int, typer.Argument(help="The event's id (from `event add`).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="F.docx or F.pdf")],
    lang: Annotated[
        str | None, typer.Option("--lang", "-l", help="kk or ru (default: the event's).")
    ] = None,
) -> None:
    """Write the meeting's protocol (хаттама) as DOCX or PDF."""
    from saqbol.orgs import build, register
    from saqbol.orgs.documents import write_protocol

    if out.suffix.lower() not in (".docx", ".pdf"):
        raise fail("--out: use a .docx or .pdf file name")
    with _db().session() as s:
        try:
            p = build.protocol_for(s, register.get_meeting(s, event_id), _doc_lang(lang))
        except RegisterError as exc:
            raise fail(exc.message) from None
    write_protocol(p, out)
    typer.echo(str(out))


@org_app.command("report")
def report(
    department: Annotated[str, typer.Option(help="Department name or id.")],
    start: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD.")],
    end: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="report.xlsx or report.docx")],
    lang: DocLang = "kk",
) -> None:
    """Write the report to the prosecutor: one row per meeting, with totals."""
    from saqbol.orgs import build, register
    from saqbol.orgs.documents import write_report

    if out.suffix.lower() not in (".xlsx", ".docx"):
        raise fail("--out: use a .xlsx or .docx file name")
    _doc_lang(lang)
    first, last = _date(start, "--from"), _date(end, "--to")
    with _db().session() as s:
        try:
            rep = build.report_for(s, register.find_department(s, department), first, last, lang)
        except RegisterError as exc:
            raise fail(exc.message) from None
    write_report(rep, out)
    typer.echo(f"{out}: {len(rep.rows)} events, {rep.total_attended} participants")


@org_app.command("kit")
def kit_cmd(
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the files.")],
    lang: DocLang = "kk",
    url: Annotated[str, typer.Option(help="Address printed on the poster.")] = "saqbol.kz",
) -> None:
    """Write the meeting kit: agenda (DOCX), handout and poster (A4 PDF)."""
    from saqbol.orgs.kit import write_kit

    _doc_lang(lang)
    for path in write_kit(lang, out, url):
        typer.echo(str(path))


def register(app: typer.Typer) -> None:
    app.add_typer(org_app, name="org")
