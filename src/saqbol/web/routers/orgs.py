"""Organizations' pages (/org …), the participants' quiz (/q/CODE) and the JSON API
(/api/v1/org …). Thin: every route calls saqbol.orgs, like `saqbol org`.

Access: a server-side session (cookie `org_session`, random token, SHA-256 in the database);
every form carries the CSRF token; a record outside the user's scope answers 404, so one school
cannot even learn which ids another school's meetings have.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import segno
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from saqbol.db.orgs import Meeting
from saqbol.orgs import auth, build, kit, register
from saqbol.orgs.auth import Principal
from saqbol.orgs.documents import format_label, write_protocol, write_report
from saqbol.orgs.quiz import make_quiz, score, summarize
from saqbol.orgs.register import FORMATS, MAX_PHOTO_BYTES, MAX_PHOTOS, RegisterError
from saqbol.web.csrf import COOKIE as CSRF_COOKIE
from saqbol.web.errors import ApiError
from saqbol.web.i18n import request_lang
from saqbol.web.routers.pages import SECURITY_HEADERS, render
from saqbol.web.state import app_state

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1/org", tags=["organizations"])
SESSION_COOKIE = "org_session"
AGENDA_SLOTS = 5
MIME = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class NotAllowed(Exception):
    """No session (401) or not in scope (404): pages redirect or show 404, the API gives JSON."""


# ------------------------------------------------------------------------------ helpers
@contextmanager
def _db(request: Request) -> Iterator[Session]:
    with app_state(request).db.session() as s:
        yield s


def _principal(request: Request, s: Session) -> Principal | None:
    return auth.principal_for(s, request.cookies.get(SESSION_COOKIE))


def _csrf_ok(request: Request, token: object) -> bool:
    return app_state(request).csrf.valid(
        request.cookies.get(CSRF_COOKIE), token if isinstance(token, str) else None
    )


def _own_meeting(
    request: Request, s: Session, meeting_id: int
) -> tuple[Principal, Meeting] | Response:
    """The signed-in user and a meeting in their scope, or the response to send instead: the
    login page, or "not found" (another school's meeting is as invisible as a missing one)."""
    who = _principal(request, s)
    if who is None:
        return _login_redirect()
    try:
        return who, register.get_meeting(s, meeting_id, who.scope)
    except RegisterError:
        return _not_found(request)


def _set_session_cookie(
    resp: Response, request: Request, token: str, samesite: Literal["lax", "strict"]
) -> None:
    """The staff session cookie: lax for the pages' login form, strict for the JSON API."""
    resp.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=auth.SESSION_HOURS * 3600,
        httponly=True,
        samesite=samesite,
        secure=app_state(request).settings.cookie_secure,
        path="/",
    )


def _login_redirect() -> RedirectResponse:
    return RedirectResponse("/org/login", status_code=303)


def _not_found(request: Request) -> HTMLResponse:
    return render(request, "error.html", 404, message="orgs.web_error_forbidden")


def _file(path: Path, name: str) -> Response:
    data = path.read_bytes()
    headers = {**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
    return Response(data, media_type=MIME[path.suffix], headers=headers)


def _tmp_doc(suffix: str, writer: Any, obj: Any) -> bytes:
    with tempfile.TemporaryDirectory(prefix="saqbol-org-") as tmp:
        out = Path(tmp) / f"doc{suffix}"
        writer(obj, out)
        return out.read_bytes()


def _meeting_form(form: dict[str, str]) -> dict[str, Any]:
    agenda = []
    for i in range(1, AGENDA_SLOTS + 1):
        title = form.get(f"agenda_title_{i}", "").strip()
        if title:
            agenda.append(
                {
                    "title": title,
                    "responsible": form.get(f"agenda_responsible_{i}", ""),
                    "discussion": form.get(f"agenda_discussion_{i}", ""),
                }
            )

    def num(key: str) -> Any:
        value = form.get(key, "").strip()
        return int(value) if value.isdigit() else value or None

    return {
        "held_on": form.get("held_on", "").strip() or None,
        "title": form.get("title", ""),
        "format": form.get("format", "meeting"),
        "lang": form.get("lang", "kk"),
        "link": form.get("link", ""),
        "total": num("total"),
        "attended": num("attended"),
        "absent": num("absent"),
        "audience": form.get("audience", ""),
        "purpose": form.get("purpose", ""),
        "agenda": agenda,
        "decisions": form.get("decisions", "").splitlines(),
        "signed_by": form.get("signed_by", ""),
    }


def _errors(exc: ValidationError, data: dict[str, Any], lang: str) -> list[str]:
    """Form errors in the user's language where we have a sentence, else pydantic's."""
    from saqbol.kb.loader import get_kb

    kb = get_kb()
    out = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err["loc"])
        if not loc and "must equal" in err["msg"]:
            out.append(
                kb.text(
                    "orgs.web_error_counts",
                    lang,
                    attended=data["attended"],
                    absent=data["absent"],
                    total=data["total"],
                )
            )
        else:
            out.append(f"{loc}: {err['msg']}")
    return out


def _defaults(lang: str) -> dict[str, Any]:
    from saqbol.kb.loader import get_kb

    kb = get_kb()
    doc_lang = lang if lang in ("kk", "ru") else "kk"
    data: dict[str, Any] = {
        "held_on": dt.date.today().isoformat(),
        "title": kb.text("orgs.kit_default_title", doc_lang),
        "format": "meeting",
        "lang": doc_lang,
        "purpose": kb.text("orgs.kit_default_purpose", doc_lang),
        "decisions": "\n".join(kit.default_decisions(doc_lang)),
    }
    for i, item in enumerate(kit.default_agenda(doc_lang), 1):
        data[f"agenda_title_{i}"] = item
    return data


def _as_form(m: Meeting) -> dict[str, Any]:
    data: dict[str, Any] = {
        k: getattr(m, k)
        for k in ("title", "format", "lang", "link", "total", "attended", "absent", "audience")
    }
    data.update(
        held_on=m.held_on.isoformat(),
        purpose=m.purpose,
        decisions="\n".join(m.decisions),
        signed_by=m.signed_by,
        organization_id=str(m.organization_id),
    )
    for i, a in enumerate(m.agenda, 1):
        data[f"agenda_title_{i}"] = a.title
        data[f"agenda_responsible_{i}"] = a.responsible
        data[f"agenda_discussion_{i}"] = a.discussion
    return data


def _form_page(
    request: Request, s: Session, who: Principal, form: dict[str, Any], **ctx: Any
) -> HTMLResponse:
    return render(
        request,
        "orgs/meeting_form.html",
        ctx.pop("status", 200),
        who=who,
        form=form,
        orgs=register.organizations(s, who.scope),
        formats=FORMATS,
        slots=range(1, AGENDA_SLOTS + 1),
        **ctx,
    )


# ------------------------------------------------------------------------------- login
@router.get("/org/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    return render(request, "orgs/login.html")


@router.post("/org/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    form = await request.form()
    login_name, password = str(form.get("login", ""))[:100], str(form.get("password", ""))[:1024]
    if not _csrf_ok(request, form.get("csrf_token")):
        return render(request, "orgs/login.html", 400, error="web.error_session")

    def check() -> str | None:
        with _db(request) as s:
            user = auth.authenticate(s, login_name, password)
            return auth.start_session(s, user) if user else None

    token = await run_in_threadpool(check)
    if token is None:
        return render(
            request, "orgs/login.html", 401, error="orgs.web_login_failed", login=login_name
        )
    resp = RedirectResponse("/org", status_code=303)
    _set_session_cookie(resp, request, token, samesite="lax")
    return resp


@router.post("/org/logout")
async def logout(request: Request) -> Response:
    form = await request.form()
    if _csrf_ok(request, form.get("csrf_token")):
        with _db(request) as s:
            auth.end_session(s, request.cookies.get(SESSION_COOKIE))
    resp = _login_redirect()
    resp.delete_cookie(SESSION_COOKIE, path="/")
    return resp


# ---------------------------------------------------------------------------- dashboard
@router.get("/org", response_class=HTMLResponse)
def dashboard(request: Request) -> Response:
    with _db(request) as s:
        who = _principal(request, s)
        if who is None:
            return _login_redirect()
        rows = register.meetings(s, who.scope)
        today = dt.date.today()
        return render(
            request,
            "orgs/dashboard.html",
            who=who,
            meetings=list(reversed(rows)),
            orgs=register.organizations(s, who.scope),
            start=dt.date(today.year, 1, 1).isoformat(),
            end=today.isoformat(),
            format_label=format_label,
        )


@router.get("/org/kit", response_class=HTMLResponse)
def kit_page(request: Request) -> HTMLResponse:
    return render(request, "orgs/kit.html", kit_langs=kit.KIT_LANGS)


@router.get("/org/kit/{name}")
def kit_file(request: Request, name: str) -> Response:
    stem, _, suffix = name.rpartition(".")
    kind, _, lang = stem.partition("_")
    writers = {
        "handout": (kit.write_handout, "pdf"),
        "poster": (kit.write_poster, "pdf"),
        "agenda": (kit.write_agenda, "docx"),
    }
    if kind not in writers or lang not in kit.KIT_LANGS or writers[kind][1] != suffix:
        return _not_found(request)
    writer = writers[kind][0]
    with tempfile.TemporaryDirectory(prefix="saqbol-kit-") as tmp:
        out = Path(tmp) / name
        writer(lang, out)
        return _file(out, name)


# ----------------------------------------------------------------------------- meetings
@router.get("/org/meetings/new", response_class=HTMLResponse)
def new_meeting(request: Request) -> Response:
    with _db(request) as s:
        who = _principal(request, s)
        if who is None:
            return _login_redirect()
        return _form_page(request, s, who, _defaults(request_lang(request)), action="/org/meetings")


def _save_form(request: Request, form: dict[str, str], meeting_id: int | None) -> Response:
    with _db(request) as s:
        who = _principal(request, s)
        if who is None:
            return _login_redirect()
        action = f"/org/meetings/{meeting_id}" if meeting_id else "/org/meetings"
        if not _csrf_ok(request, form.get("csrf_token")):
            return _form_page(
                request,
                s,
                who,
                form,
                action=action,
                status=400,
                errors=[],
                error="web.error_session",
            )
        data = _meeting_form(form)
        try:
            meeting_in = register.MeetingIn.model_validate(data)
        except ValidationError as exc:
            errors = _errors(exc, data, request_lang(request))
            return _form_page(request, s, who, form, action=action, status=422, errors=errors)
        try:
            if meeting_id is None:
                org_id = form.get("organization_id") or str(who.organization_id or "")
                org = register.find_organization(s, org_id or "0", who.scope)
                meeting = register.add_meeting(s, org, meeting_in)
            else:
                meeting = register.get_meeting(s, meeting_id, who.scope)
                register.update_meeting(s, meeting, meeting_in)
        except RegisterError:
            return _not_found(request)
        return RedirectResponse(f"/org/meetings/{meeting.id}", status_code=303)


@router.post("/org/meetings", response_class=HTMLResponse)
async def create_meeting(request: Request) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    return await run_in_threadpool(_save_form, request, form, None)


@router.get("/org/meetings/{meeting_id}", response_class=HTMLResponse)
def meeting_page(request: Request, meeting_id: int) -> Response:
    with _db(request) as s:
        got = _own_meeting(request, s, meeting_id)
        if isinstance(got, Response):
            return got
        who, m = got
        results = register.quiz_results(s, m)
        questions = make_quiz(m.quiz_code, m.lang)
        summary = summarize([(r.score, r.total, r.answers) for r in results], questions)
        quiz_url = str(request.base_url).rstrip("/") + f"/q/{m.quiz_code}"
        qr = segno.make(quiz_url, error="m").svg_inline(scale=6, title="QR")
        return render(
            request,
            "orgs/meeting.html",
            who=who,
            m=m,
            photos=register.photos(s, m),
            summary=summary,
            questions={q.id: q for q in questions},
            quiz_url=quiz_url,
            qr=qr,
            format_label=format_label,
            max_mb=MAX_PHOTO_BYTES // 1048576,
            max_photos=MAX_PHOTOS,
            error=request.query_params.get("error"),
        )


@router.get("/org/meetings/{meeting_id}/edit", response_class=HTMLResponse)
def edit_meeting(request: Request, meeting_id: int) -> Response:
    with _db(request) as s:
        got = _own_meeting(request, s, meeting_id)
        if isinstance(got, Response):
            return got
        who, m = got
        return _form_page(request, s, who, _as_form(m), action=f"/org/meetings/{m.id}", m=m)


@router.post("/org/meetings/{meeting_id}", response_class=HTMLResponse)
async def update_meeting(request: Request, meeting_id: int) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    return await run_in_threadpool(_save_form, request, form, meeting_id)


def _meeting_action(request: Request, meeting_id: int, form: dict[str, Any], what: str) -> Response:
    with _db(request) as s:
        got = _own_meeting(request, s, meeting_id)
        if isinstance(got, Response):
            return got
        _who, m = got
        if not _csrf_ok(request, form.get("csrf_token")):
            return render(request, "error.html", 400, message="web.error_session")
        if what == "delete":
            if form.get("confirm") != "yes":
                return RedirectResponse(f"/org/meetings/{m.id}", status_code=303)
            register.delete_meeting(s, m)
            return RedirectResponse("/org", status_code=303)
        if what == "quiz":
            m.quiz_open = not m.quiz_open
            return RedirectResponse(f"/org/meetings/{m.id}", status_code=303)
        upload = form.get("photo")
        data = upload[1] if isinstance(upload, tuple) else b""
        name = upload[0] if isinstance(upload, tuple) else ""
        try:
            register.add_photo(s, m, name, data)
        except RegisterError as exc:
            return RedirectResponse(f"/org/meetings/{m.id}?error={exc.code}", status_code=303)
        return RedirectResponse(f"/org/meetings/{m.id}", status_code=303)


@router.post("/org/meetings/{meeting_id}/delete")
async def delete_meeting(request: Request, meeting_id: int) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    return await run_in_threadpool(_meeting_action, request, meeting_id, form, "delete")


@router.post("/org/meetings/{meeting_id}/quiz")
async def toggle_quiz(request: Request, meeting_id: int) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    return await run_in_threadpool(_meeting_action, request, meeting_id, form, "quiz")


@router.post("/org/meetings/{meeting_id}/photos")
async def upload_photo(request: Request, meeting_id: int) -> Response:
    raw = await request.form(max_part_size=MAX_PHOTO_BYTES + 1024 * 1024)
    form: dict[str, Any] = {"csrf_token": str(raw.get("csrf_token", ""))}
    photo = raw.get("photo")
    if isinstance(photo, UploadFile):
        form["photo"] = (photo.filename or "photo", await photo.read(MAX_PHOTO_BYTES + 1))
    return await run_in_threadpool(_meeting_action, request, meeting_id, form, "photo")


@router.get("/org/meetings/{meeting_id}/photos/{photo_id}")
def photo_file(request: Request, meeting_id: int, photo_id: int) -> Response:
    with _db(request) as s:
        who = _principal(request, s)
        if who is None:
            return _login_redirect()
        try:
            photo = register.get_photo(s, register.get_meeting(s, meeting_id, who.scope), photo_id)
        except RegisterError:
            return _not_found(request)
        headers = {**SECURITY_HEADERS, "Cache-Control": "private, max-age=3600"}
        return Response(photo.data, media_type=photo.content_type, headers=headers)


@router.get("/org/meetings/{meeting_id}/protocol.{ext}")
def protocol_file(request: Request, meeting_id: int, ext: str) -> Response:
    if ext not in ("docx", "pdf"):
        return _not_found(request)
    with _db(request) as s:
        got = _own_meeting(request, s, meeting_id)
        if isinstance(got, Response):
            return got
        _who, m = got
        p = build.protocol_for(s, m)
    data = _tmp_doc(f".{ext}", write_protocol, p)
    headers = {
        **SECURITY_HEADERS,
        "Content-Disposition": f'attachment; filename="protocol_{meeting_id}.{ext}"',
    }
    return Response(data, media_type=MIME[f".{ext}"], headers=headers)


@router.get("/org/report.{ext}")
def report_file(request: Request, ext: str) -> Response:
    if ext not in ("xlsx", "docx"):
        return _not_found(request)
    q = request.query_params
    with _db(request) as s:
        who = _principal(request, s)
        if who is None:
            return _login_redirect()
        try:
            start = dt.date.fromisoformat(q.get("from", ""))
            end = dt.date.fromisoformat(q.get("to", ""))
        except ValueError:
            return render(request, "error.html", 422, message="orgs.web_error_form")
        lang = q.get("lang") if q.get("lang") in ("kk", "ru") else "kk"
        dep = register.find_department(s, str(who.department_id))
        try:
            rep = build.report_for(s, dep, start, end, lang or "kk", who.scope)
        except RegisterError:
            return render(request, "error.html", 422, message="orgs.web_error_form")
    data = _tmp_doc(f".{ext}", write_report, rep)
    headers = {
        **SECURITY_HEADERS,
        "Content-Disposition": f'attachment; filename="report_{start}_{end}.{ext}"',
    }
    return Response(data, media_type=MIME[f".{ext}"], headers=headers)


# -------------------------------------------------------------------------- the quiz
@router.get("/q/{code}", response_class=HTMLResponse)
def quiz_page(request: Request, code: str) -> HTMLResponse:
    with _db(request) as s:
        m = register.meeting_by_quiz_code(s, code)
        if m is None or not m.quiz_open:
            return render(request, "error.html", 404, message="orgs.quiz_closed")
        lang = request_lang(request)
        questions = make_quiz(m.quiz_code, lang)
        return render(request, "orgs/quiz.html", m=m, questions=questions, page_path=f"/q/{code}")


@router.post("/q/{code}", response_class=HTMLResponse)
async def quiz_submit(request: Request, code: str) -> HTMLResponse:
    form = {k: str(v) for k, v in (await request.form()).items()}

    def run() -> HTMLResponse:
        with _db(request) as s:
            m = register.meeting_by_quiz_code(s, code)
            if m is None or not m.quiz_open:
                return render(request, "error.html", 404, message="orgs.quiz_closed")
            lang = form.get("lang") if form.get("lang") in ("kk", "ru", "en") else "kk"
            questions = make_quiz(m.quiz_code, lang or "kk")
            if not _csrf_ok(request, form.get("csrf_token")):
                return render(
                    request,
                    "orgs/quiz.html",
                    400,
                    m=m,
                    questions=questions,
                    error="web.error_session",
                )
            result = score(questions, form)
            s.add(
                register.QuizResult(
                    meeting_id=m.id,
                    lang=lang,
                    score=result.score,
                    total=result.total,
                    answers=result.answers,
                    created_at=register.now(),
                )
            )
            return render(request, "orgs/quiz_result.html", m=m, questions=questions, result=result)

    return await run_in_threadpool(run)


# ----------------------------------------------------------------------------- JSON API
class LoginIn(BaseModel):
    login: str = Field(max_length=100)
    password: str = Field(max_length=1024)


class MeetingApiIn(register.MeetingIn):
    organization_id: int | None = None


def _api_who(request: Request, s: Session) -> Principal:
    who = _principal(request, s)
    if who is None:
        raise ApiError(401, "not_signed_in", "sign in first: POST /api/v1/org/login")
    return who


def _meeting_json(m: Meeting) -> dict[str, Any]:
    return {
        "id": m.id,
        "organization": {"id": m.organization_id, "name": m.organization.name},
        "held_on": m.held_on.isoformat(),
        "title": m.title,
        "format": m.format,
        "lang": m.lang,
        "link": m.link,
        "total": m.total,
        "attended": m.attended,
        "absent": m.absent,
        "audience": m.audience,
        "purpose": m.purpose,
        "agenda": [
            {"title": a.title, "responsible": a.responsible, "discussion": a.discussion}
            for a in m.agenda
        ],
        "decisions": list(m.decisions),
        "signed_by": m.signed_by,
        "quiz_code": m.quiz_code,
    }


def _api_error(exc: RegisterError) -> ApiError:
    return ApiError(exc.status, exc.code, exc.message)


@api.post("/login", summary="Sign in; sets the session cookie")
def api_login(request: Request, body: LoginIn) -> Response:
    with _db(request) as s:
        user = auth.authenticate(s, body.login, body.password)
        if user is None:
            raise ApiError(401, "login_failed", "wrong login or password")
        token = auth.start_session(s, user)
        payload = {"login": user.login, "role": user.role}
    resp = JSONResponse(payload)
    _set_session_cookie(resp, request, token, samesite="strict")
    return resp


@api.get("/meetings", summary="Meetings the signed-in user may see")
def api_meetings(request: Request) -> list[dict[str, Any]]:
    with _db(request) as s:
        return [_meeting_json(m) for m in register.meetings(s, _api_who(request, s).scope)]


@api.get("/meetings/{meeting_id}", summary="One meeting (404 outside your organizations)")
def api_meeting(request: Request, meeting_id: int) -> dict[str, Any]:
    with _db(request) as s:
        try:
            return _meeting_json(register.get_meeting(s, meeting_id, _api_who(request, s).scope))
        except RegisterError as exc:
            raise _api_error(exc) from None


@api.post("/meetings", status_code=201, summary="Register a meeting")
def api_create(request: Request, body: MeetingApiIn) -> dict[str, Any]:
    with _db(request) as s:
        who = _api_who(request, s)
        org_id = body.organization_id or who.organization_id
        data = register.MeetingIn.model_validate(body.model_dump(exclude={"organization_id"}))
        try:
            org = register.find_organization(s, str(org_id or 0), who.scope)
            return _meeting_json(register.add_meeting(s, org, data))
        except RegisterError as exc:
            raise _api_error(exc) from None


@api.put("/meetings/{meeting_id}", summary="Change a meeting")
def api_update(request: Request, meeting_id: int, body: register.MeetingIn) -> dict[str, Any]:
    with _db(request) as s:
        try:
            m = register.get_meeting(s, meeting_id, _api_who(request, s).scope)
        except RegisterError as exc:
            raise _api_error(exc) from None
        return _meeting_json(register.update_meeting(s, m, body))


@api.delete("/meetings/{meeting_id}", status_code=204, summary="Delete a meeting")
def api_delete(request: Request, meeting_id: int) -> Response:
    with _db(request) as s:
        try:
            m = register.get_meeting(s, meeting_id, _api_who(request, s).scope)
        except RegisterError as exc:
            raise _api_error(exc) from None
        register.delete_meeting(s, m)
    return Response(status_code=204)


router.include_router(api)
