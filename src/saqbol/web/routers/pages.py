"""The server-rendered site: check a message, the result, schemes, contacts, playbooks, stats."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from saqbol.db.reports import CHANNELS, UNKNOWN_SCHEME, add_report, build_report, weekly_stats
from saqbol.kb.loader import get_kb
from saqbol.pipeline import InputError
from saqbol.web import service
from saqbol.web.csrf import COOKIE as CSRF_COOKIE
from saqbol.web.csrf import Csrf
from saqbol.web.highlight import segments
from saqbol.web.i18n import COOKIE as LANG_COOKIE
from saqbol.web.i18n import LANGS, pick_lang, request_lang, translator
from saqbol.web.state import app_state

router = APIRouter(include_in_schema=False)
YEAR = 365 * 24 * 3600
# Pages load nothing from elsewhere and run no script; results are personal, so never cached.
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; "
    "script-src 'none'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def render(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    st = app_state(request)
    lang = request_lang(request)
    cookie_id = request.cookies.get(CSRF_COOKIE)
    new_id = cookie_id is None or len(cookie_id) > 64
    if new_id:
        cookie_id = Csrf.new_id()
    assert cookie_id is not None
    page_path = "/" if request.method != "GET" else request.url.path
    resp = st.templates.TemplateResponse(
        request,
        name,
        {
            "lang": lang,
            "langs": LANGS,
            "t": translator(lang),
            "kb": get_kb(),
            "csrf_token": st.csrf.token(cookie_id),
            "page_path": page_path,
            **ctx,
        },
        status_code=status,
    )
    secure = st.settings.cookie_secure
    if new_id:
        resp.set_cookie(CSRF_COOKIE, cookie_id, httponly=True, samesite="lax", secure=secure)
    asked = pick_lang(request.query_params.get("lang"))
    if asked and asked != request.cookies.get(LANG_COOKIE):
        resp.set_cookie(LANG_COOKIE, asked, max_age=YEAR, samesite="lax", secure=secure)
    resp.headers.update(SECURITY_HEADERS)
    return resp


def _csrf_ok(request: Request, token: str) -> bool:
    return app_state(request).csrf.valid(request.cookies.get(CSRF_COOKIE), token)


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    return render(request, "index.html")


@router.get("/check")
def check_get() -> RedirectResponse:
    return RedirectResponse("/", status_code=303)


@router.post("/check", response_class=HTMLResponse)
def check(request: Request, text: str = Form(""), csrf_token: str = Form("")) -> HTMLResponse:
    limit = app_state(request).settings.max_text_chars
    if not _csrf_ok(request, csrf_token):
        return render(request, "index.html", 400, error="web.error_session", text=text[:limit])
    if not text.strip():
        return render(request, "index.html", 422, error="web.error_empty")
    if len(text) > limit:
        return render(request, "index.html", 422, error="web.error_too_long", text=text[:limit])
    lang = request_lang(request)
    try:
        verdict = service.check_message(text, lang)
    except InputError:
        return render(request, "index.html", 422, error="web.error_not_text")
    app_state(request).metrics.verdicts.labels(verdict.verdict).inc()
    kb = get_kb()
    return render(
        request,
        "result.html",
        text=text,
        verdict=verdict,
        segments=segments(text, verdict),
        scheme=kb.schemes.get(verdict.scheme) if verdict.scheme else None,
        named_banks=service.named_banks(text),
        banks=kb.contacts.banks,
        police=kb.hotline("police"),
        channels=CHANNELS,
        playbook=verdict.playbook or "received_suspicious",
    )


@router.post("/check/image", response_class=HTMLResponse)
def check_image(
    request: Request, image: UploadFile = File(...), csrf_token: str = Form("")
) -> HTMLResponse:
    from saqbol.images import MAX_BYTES, ImageError, analyze_image

    if not _csrf_ok(request, csrf_token):
        return render(request, "index.html", 400, error="web.error_session")
    try:
        verdict = analyze_image(image.file.read(MAX_BYTES + 1), request_lang(request))
    except ImageError as exc:
        return render(request, "index.html", 422, error=f"images.error.{exc.code}")
    app_state(request).metrics.verdicts.labels(verdict.verdict).inc()
    tv, kb = verdict.text_verdict, get_kb()
    scheme = kb.schemes.get(verdict.scheme) if verdict.scheme else None
    return render(
        request,
        "image_result.html",
        verdict=verdict,
        segments=segments(verdict.text, tv) if tv else [],
        scheme=scheme,
        police=kb.hotline("police"),
        playbook=(scheme.playbook if scheme else None) or "received_suspicious",
    )


@router.post("/report", response_class=HTMLResponse)
def report(
    request: Request,
    text: str = Form(""),
    channel: str = Form("other"),
    include_text: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    st = app_state(request)
    if not _csrf_ok(request, csrf_token):
        return render(request, "index.html", 400, error="web.error_session")
    if not text.strip() or len(text) > st.settings.max_text_chars:
        return render(request, "index.html", 422, error="web.error_empty")
    try:
        verdict = service.check_message(text)
    except InputError:
        return render(request, "index.html", 422, error="web.error_not_text")
    row = build_report(text, verdict, channel, include_text == "on")
    add_report(st.db, row)
    st.metrics.reports.inc()
    return RedirectResponse("/report/thanks", status_code=303)


@router.get("/report/thanks", response_class=HTMLResponse)
def report_thanks(request: Request) -> HTMLResponse:
    return render(request, "thanks.html")


@router.get("/schemes", response_class=HTMLResponse)
def schemes(request: Request) -> HTMLResponse:
    return render(request, "schemes.html", schemes=list(get_kb().schemes.values()))


@router.get("/schemes/{scheme_id}", response_class=HTMLResponse)
def scheme(request: Request, scheme_id: str) -> HTMLResponse:
    found = get_kb().schemes.get(scheme_id)
    if found is None:
        return render(request, "error.html", 404, message="web.error_not_found")
    return render(request, "scheme.html", scheme=found)


@router.get("/contacts", response_class=HTMLResponse)
def contacts(request: Request, bank: str | None = Query(None, max_length=100)) -> HTMLResponse:
    kb = get_kb()
    found = service.banks(bank)
    return render(
        request,
        "contacts.html",
        banks=found or [],
        all_banks=kb.contacts.banks,
        bank_query=bank or "",
        not_found=found is None,
        hotlines=kb.contacts.hotlines,
        portals=kb.contacts.portals,
    )


@router.get("/playbooks", response_class=HTMLResponse)
def playbooks(request: Request) -> HTMLResponse:
    return render(request, "playbooks.html", situations=service.SITUATIONS)


@router.get("/playbooks/{situation}", response_class=HTMLResponse)
def playbook(
    request: Request, situation: str, bank: str | None = Query(None, max_length=100)
) -> HTMLResponse:
    sid = service.situation_id(situation)
    if sid not in service.SITUATIONS:
        return render(request, "error.html", 404, message="web.error_not_found")
    kb = get_kb()
    try:
        found = service.playbook(sid, request_lang(request), bank)
    except service.PlaybooksUnavailable:
        found = None
    return render(
        request,
        "playbook.html",
        200 if found is not None else 404,
        situation=sid,
        playbook=found,
        hotlines=kb.contacts.hotlines,
        portals=kb.contacts.portals,
        banks=kb.contacts.banks,
        bank_query=bank or "",
    )


# ---------------------------------------------------------------- the police complaint (issue 6)
COMPLAINT_LANGS = ("kk", "ru")
COMPLAINT_FORMATS = ("pdf", "docx")
# The form field that holds each incident field (for naming the field to fix).
COMPLAINT_FIELDS = {
    "situation": "situation",
    "summary": "summary",
    "happened_at": "happened_at",
    "channel": "channel",
    "losses": "amount",
    "fraudster.phones": "phones",
    "fraudster.cards": "cards",
    "fraudster.links": "links",
    "messages": "messages",
    "applicant.full_name": "full_name",
    "applicant.iin": "iin",
}
KZ_TIME = dt.timezone(dt.timedelta(hours=5))


def _complaint_form(request: Request, **values: str) -> dict[str, str]:
    lang = request_lang(request)
    situation = service.situation_id(values.get("situation") or "")
    form = {
        "situation": situation if situation in service.SITUATIONS else "transferred_money",
        "summary": "",
        "happened_at": dt.datetime.now(KZ_TIME).strftime("%Y-%m-%dT%H:%M"),
        "channel": "call",
        "amount": "",
        "phones": "",
        "cards": "",
        "links": "",
        "messages": "",
        "full_name": "",
        "iin": "",
        "doc_lang": lang if lang in COMPLAINT_LANGS else COMPLAINT_LANGS[0],
        "format": COMPLAINT_FORMATS[0],
    }
    form.update({k: v for k, v in values.items() if k in form and k != "situation"})
    return form


def _render_complaint(
    request: Request, form: dict[str, str], status: int = 200, error: str | None = None
) -> HTMLResponse:
    from saqbol.response.incident import CHANNELS as INCIDENT_CHANNELS

    return render(
        request,
        "complaint.html",
        status,
        form=form,
        error=error,
        situations=[s for s in service.SITUATIONS if s != "received_suspicious"],
        channels=INCIDENT_CHANNELS,
        doc_langs=COMPLAINT_LANGS,
        formats=COMPLAINT_FORMATS,
    )


def _items(value: str) -> list[str]:
    return [v.strip() for v in re.split(r"[,;\n]+", value) if v.strip()]


def _incident_data(form: dict[str, str]) -> dict[str, Any]:
    """The incident JSON (docs/incident.example.json) from the form's fields."""
    amount = re.sub(r"[\s\u00a0]", "", form["amount"]).replace(",", ".")
    applicant = {"full_name": form["full_name"] or None, "iin": form["iin"] or None}
    return {
        "situation": form["situation"],
        "happened_at": form["happened_at"] or None,
        "channel": form["channel"],
        "summary": form["summary"],
        "language": form["doc_lang"],
        "losses": [{"amount": amount, "currency": "KZT"}] if amount else [],
        "fraudster": {
            "phones": _items(form["phones"]),
            "cards": _items(form["cards"]),
            "links": _items(form["links"]),
        },
        "messages": [{"text": form["messages"]}] if form["messages"].strip() else [],
        "applicant": {k: v for k, v in applicant.items() if v},
    }


@router.get("/complaint", response_class=HTMLResponse)
def complaint_form(request: Request, situation: str = Query("", max_length=64)) -> HTMLResponse:
    return _render_complaint(request, _complaint_form(request, situation=situation))


@router.post("/complaint", response_class=HTMLResponse)
def complaint(
    request: Request,
    situation: str = Form(""),
    summary: str = Form(""),
    happened_at: str = Form(""),
    channel: str = Form("other"),
    amount: str = Form(""),
    phones: str = Form(""),
    cards: str = Form(""),
    links: str = Form(""),
    messages: str = Form(""),
    full_name: str = Form(""),
    iin: str = Form(""),
    doc_lang: str = Form("kk"),
    format: str = Form("pdf"),
    csrf_token: str = Form(""),
) -> Response:
    """The complaint as a download, straight from the form; nothing is stored."""
    from saqbol.response.documents import DocumentError
    from saqbol.response.incident import IncidentError

    form = _complaint_form(
        request,
        situation=situation,
        summary=summary,
        happened_at=happened_at,
        channel=channel,
        amount=amount,
        phones=phones,
        cards=cards,
        links=links,
        messages=messages,
        full_name=full_name,
        iin=iin,
    )
    form["doc_lang"] = doc_lang if doc_lang in COMPLAINT_LANGS else form["doc_lang"]
    form["format"] = format if format in COMPLAINT_FORMATS else form["format"]
    t = translator(request_lang(request))
    if not _csrf_ok(request, csrf_token):
        return _render_complaint(request, form, 400, t("web.error_session"))
    try:
        incident = service.parse_incident(_incident_data(form))
        data, media_type, name = service.complaint_file(
            incident, "police", form["doc_lang"], form["format"]
        )
    except (IncidentError, DocumentError) as exc:
        field = next((f for k, f in COMPLAINT_FIELDS.items() if exc.field.startswith(k)), "summary")
        error = t("web.complaint_error_field", field=t(f"web.complaint_{field}"))
        return _render_complaint(request, form, 422, error)
    headers = {**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
    return Response(data, media_type=media_type, headers=headers)


@router.get("/stats", response_class=HTMLResponse)
def stats(request: Request) -> HTMLResponse:
    s = weekly_stats(app_state(request).db, 12)
    totals = s.week_totals()
    top = max(totals, default=0) or 1
    by_scheme = sorted(((sum(v), k) for k, v in s.counts.items()), reverse=True)
    scheme_top = max((n for n, _ in by_scheme), default=0) or 1
    return render(
        request,
        "stats.html",
        weeks=s.weeks,
        totals=totals,
        top=top,
        by_scheme=by_scheme,
        scheme_top=scheme_top,
        total=s.total,
        unknown=UNKNOWN_SCHEME,
    )
