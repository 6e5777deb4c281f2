"""From the register to the documents: a stored meeting → Protocol, a department's period →
Report. Shared by the CLI and the web routes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from saqbol.db.orgs import Department, Meeting
from saqbol.orgs import register
from saqbol.orgs.documents import AgendaLine, Protocol, Report, ReportRow
from saqbol.orgs.quiz import make_quiz, summarize


def protocol_for(s: Session, meeting: Meeting, lang: str | None = None) -> Protocol:
    results = register.quiz_results(s, meeting)
    quiz = None
    if results:
        summary = summarize(
            [(r.score, r.total, r.answers) for r in results], make_quiz(meeting.quiz_code, "kk")
        )
        quiz = (summary.participants, summary.average_percent)
    org = meeting.organization
    return Protocol(
        lang=lang or meeting.lang,
        organization=org.name,
        title=meeting.title,
        held_on=meeting.held_on,
        format=meeting.format,
        total=meeting.total,
        attended=meeting.attended,
        absent=meeting.absent,
        purpose=meeting.purpose,
        agenda=[AgendaLine(a.title, a.responsible, a.discussion) for a in meeting.agenda],
        decisions=list(meeting.decisions),
        audience=meeting.audience,
        link=meeting.link,
        head=org.head,
        signed_by=meeting.signed_by,
        photos=len(register.photos(s, meeting)),
        quiz=quiz,
    )


def report_for(
    s: Session,
    department: Department,
    start: dt.date,
    end: dt.date,
    lang: str,
    scope: register.Scope = register.EVERYTHING,
) -> Report:
    if end < start:
        raise register.RegisterError("bad_period", "to", "the period ends before it starts")
    rows = [
        ReportRow(m.organization.name, m.attended, m.format, m.link or m.organization.website)
        for m in register.meetings(s, scope, start, end, department_id=department.id)
    ]
    return Report(lang, department.name, start, end, rows)
