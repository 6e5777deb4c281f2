"""The HTTP API under /api/v1. Thin: each route calls one library function."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, ConfigDict, Field

from saqbol.db.reports import CHANNELS, add_report, build_report, weekly_stats
from saqbol.images import MAX_BYTES, ImageError, ImageVerdict, analyze_image
from saqbol.kb.loader import get_kb
from saqbol.kb.models import Bank, Hotline, Portal, Scheme
from saqbol.pipeline import InputError
from saqbol.response.documents import KINDS, DocumentError
from saqbol.response.incident import Identifiers, Incident, IncidentError
from saqbol.verdict import LinkResult, PhoneResult, Verdict
from saqbol.web import service
from saqbol.web.errors import ApiError, ErrorResponse
from saqbol.web.state import app_state

router = APIRouter(prefix="/api/v1", tags=["api"])

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (400, 413, 415, 422, 429)
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorResponse}}
UiLang = Literal["kk", "ru", "en"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CheckRequest(_In):
    text: str = Field(min_length=1, description="The message, as received.")
    lang: UiLang | None = Field(None, description="Language of explanations and advice.")


class UrlRequest(_In):
    url: str = Field(min_length=1, max_length=4096)


class PhoneRequest(_In):
    number: str = Field(min_length=1, max_length=64)


class ReportRequest(_In):
    text: str = Field(min_length=1, description="The scam message.")
    channel: str = Field("other", description="Where it came: " + ", ".join(CHANNELS))
    include_text: bool = Field(
        False, description="Keep the text (masked) with the report; by default only indicators."
    )


class ExtractRequest(_In):
    text: str = Field(min_length=1, description="Pasted messages from the fraudster.")


class ComplaintRequest(_In):
    incident: dict[str, Any] = Field(
        description="The incident, in the format of docs/incident.example.json. "
        "Attachments are listed by name and size; files are not uploaded here."
    )
    kind: Literal["police", "credit_dispute", "citizensec"] = Field(
        "police",
        description="police (qamqor.gov.kz / police station), credit_dispute (1cb.kz / eGov), "
        "citizensec (e-mail text).",
    )
    lang: UiLang | None = Field(None, description="Default: the incident's language, else kk.")
    format: Literal["docx", "pdf", "txt"] = "pdf"


class IncidentRequest(_In):
    incident: dict[str, Any] = Field(description="The incident (docs/incident.example.json).")


class IncidentCreated(BaseModel):
    id: int


class ReportCreated(BaseModel):
    id: int
    verdict: str
    scheme: str | None
    links: list[str]
    domains: list[str]
    phones: list[str]
    cards: list[str]
    ibans: list[str]
    text_masked: str | None


class Contacts(BaseModel):
    banks: list[Bank]
    hotlines: list[Hotline]
    portals: list[Portal]


class Stats(BaseModel):
    weeks: list[dt.date] = Field(description="Monday of each ISO week, oldest first.")
    schemes: dict[str, list[int]] = Field(description="Scheme id → reports per week.")
    total: int = Field(description="All reports ever stored.")


def _text(request: Request, text: str) -> str:
    limit = app_state(request).settings.max_text_chars
    if len(text) > limit:
        raise ApiError(422, "text_too_long", f"the text is over {limit} characters")
    return text


@router.post("/check", response_model=Verdict, responses=ERRORS, summary="Is this message a scam?")
async def check(request: Request, body: CheckRequest) -> Response:
    try:
        verdict = await app_state(request).batcher.analyze(_text(request, body.text), body.lang)
    except InputError as exc:
        raise ApiError(422, "invalid_text", str(exc)) from exc
    app_state(request).metrics.verdicts.labels(verdict.verdict).inc()
    # Already a validated Verdict: serialize once, skip FastAPI's second validation pass.
    return Response(verdict.model_dump_json(), media_type="application/json")


IMAGE_STATUS = {
    "too_large": 413,
    "too_many_pixels": 413,
    "unsupported_format": 415,
    "not_an_image": 415,
    "ocr_unavailable": 503,
    "ocr_timeout": 503,
}


@router.post(
    "/check/image",
    response_model=ImageVerdict,
    responses={**ERRORS, 503: {"model": ErrorResponse}},
    summary="Is this screenshot or QR picture a scam? (multipart: image, lang)",
)
def check_image(
    request: Request,
    image: UploadFile = File(..., description="A PNG, JPEG or WebP picture, at most 15 MB."),
    lang: UiLang | None = Form(None, description="Language of explanations and advice."),
) -> Response:
    try:
        verdict = analyze_image(image.file.read(MAX_BYTES + 1), lang)
    except ImageError as exc:
        raise ApiError(IMAGE_STATUS.get(exc.code, 422), exc.code, exc.message) from exc
    app_state(request).metrics.verdicts.labels(verdict.verdict).inc()
    return Response(verdict.model_dump_json(), media_type="application/json")


@router.post("/check/url", response_model=LinkResult, responses=ERRORS, summary="Check one link")
def check_url(body: UrlRequest) -> LinkResult:
    try:
        return service.check_link(body.url)
    except ValueError as exc:
        raise ApiError(422, "invalid_url", str(exc)) from exc


@router.post(
    "/check/phone", response_model=PhoneResult, responses=ERRORS, summary="Check a phone number"
)
def check_phone(body: PhoneRequest) -> PhoneResult:
    try:
        return service.check_number(body.number)
    except ValueError as exc:
        raise ApiError(422, "invalid_phone", str(exc)) from exc


@router.get("/schemes", response_model=list[Scheme], summary="The fraud schemes, in kk/ru/en")
def schemes() -> list[Scheme]:
    return list(get_kb().schemes.values())


@router.get("/schemes/{scheme_id}", response_model=Scheme, responses=NOT_FOUND)
def scheme(scheme_id: str) -> Scheme:
    found = get_kb().schemes.get(scheme_id)
    if found is None:
        raise ApiError(404, "unknown_scheme", f"no scheme {scheme_id!r}")
    return found


@router.get(
    "/contacts",
    response_model=Contacts,
    responses=NOT_FOUND,
    summary="Card-blocking numbers of the banks, hotlines and portals",
)
def contacts(
    bank: str | None = Query(None, max_length=100, description="A bank as people type it: каспи"),
) -> Contacts:
    kb = get_kb()
    found = service.banks(bank)
    if found is None:
        raise ApiError(404, "unknown_bank", f"no bank matches {bank!r}")
    return Contacts(banks=found, hotlines=kb.contacts.hotlines, portals=kb.contacts.portals)


@router.get(
    "/playbooks/{situation}",
    responses={404: {"model": ErrorResponse}, 503: {"model": ErrorResponse}},
    summary="What to do when it already happened (a checklist)",
)
def playbook(
    situation: str,
    lang: UiLang = "kk",
    bank: str | None = Query(None, max_length=100),
) -> Any:
    try:
        found = service.playbook(situation, lang, bank)
    except service.PlaybooksUnavailable as exc:
        raise ApiError(
            404, "playbooks_unavailable", "playbooks are not available in this build yet"
        ) from exc
    if found is None:
        known = ", ".join(service.SITUATIONS)
        raise ApiError(404, "unknown_situation", f"no playbook {situation!r}; known: {known}")
    return jsonable_encoder(found)


@router.post(
    "/reports",
    response_model=ReportCreated,
    status_code=201,
    responses=ERRORS,
    summary="Report a scam (stored with personal data masked)",
)
def report(request: Request, body: ReportRequest) -> ReportCreated:
    state = app_state(request)
    if body.channel not in CHANNELS:
        raise ApiError(422, "invalid_channel", "channel must be one of " + ", ".join(CHANNELS))
    try:
        verdict = service.check_message(_text(request, body.text))
    except InputError as exc:
        raise ApiError(422, "invalid_text", str(exc)) from exc
    row = build_report(body.text, verdict, body.channel, body.include_text)
    report_id = add_report(state.db, row)
    state.metrics.reports.inc()
    return ReportCreated(
        id=report_id,
        verdict=row.verdict,
        scheme=row.scheme,
        links=row.links,
        domains=row.domains,
        phones=row.phones,
        cards=row.cards,
        ibans=row.ibans,
        text_masked=row.text_masked,
    )


@router.get("/stats", response_model=Stats, summary="Reports per scheme per week")
def stats(request: Request, weeks: int = Query(12, ge=1, le=104)) -> Stats:
    s = weekly_stats(app_state(request).db, weeks)
    return Stats(weeks=s.weeks, schemes=s.counts, total=s.total)


def _bad_incident(exc: IncidentError | DocumentError) -> ApiError:
    """422 naming the field as the body has it (`incident.attachments[0].size: …`)."""
    field = "incident" if exc.field.startswith("<") else f"incident.{exc.field}"
    message = str(exc).removeprefix(f"{exc.field}: ")
    return ApiError(422, "invalid_incident", f"{field}: {message}")


def _incident(data: dict[str, Any]) -> Incident:
    try:
        return service.parse_incident(data)
    except IncidentError as exc:
        raise _bad_incident(exc) from exc


@router.post(
    "/incidents/extract",
    response_model=Identifiers,
    responses=ERRORS,
    summary="The fraudster's phones, cards, IBANs, links, accounts and apps in pasted messages",
)
def incident_extract(request: Request, body: ExtractRequest) -> Identifiers:
    return service.extract_identifiers(_text(request, body.text))


@router.post(
    "/complaints",
    response_class=Response,
    responses={
        200: {
            "content": {t: {} for t in service.DOC_MEDIA_TYPES.values()},
            "description": "The document, as a download. Nothing is stored.",
        },
        **ERRORS,
    },
    summary="Write the police complaint, credit-report dispute or citizensec e-mail",
)
def complaint(body: ComplaintRequest) -> Response:
    assert body.kind in KINDS
    incident = _incident(body.incident)
    lang = body.lang or incident.language or "kk"
    try:
        data, media_type, name = service.complaint_file(incident, body.kind, lang, body.format)
    except DocumentError as exc:
        raise _bad_incident(exc) from exc
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
    return Response(data, media_type=media_type, headers=headers)


@router.post(
    "/incidents",
    response_model=IncidentCreated,
    status_code=201,
    responses=ERRORS,
    summary="Store an incident (your IIN, phone, e-mail and own cards masked)",
)
def incident_save(request: Request, body: IncidentRequest) -> IncidentCreated:
    return IncidentCreated(
        id=service.save_incident(app_state(request).db, _incident(body.incident))
    )
