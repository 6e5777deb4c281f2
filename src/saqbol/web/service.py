"""What the routes call: the same library functions as the CLI, nothing more."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from saqbol.kb.banks import find_bank
from saqbol.kb.loader import get_kb
from saqbol.kb.models import SITUATION_IDS, Bank
from saqbol.pipeline import analyze, analyze_many, extract
from saqbol.verdict import LinkResult, PhoneResult, Verdict

if TYPE_CHECKING:
    from saqbol.db.engine import Database
    from saqbol.response.incident import Identifiers, Incident

SITUATIONS = SITUATION_IDS  # the victim-response playbooks


class PlaybooksUnavailable(LookupError):
    """The playbooks module (saqbol.response.playbooks) is not installed in this build."""


def check_message(text: str, lang: str | None = None) -> Verdict:
    """Raises saqbol.pipeline.InputError for input that is not text."""
    return analyze(text, lang=lang)


def check_many(texts: Sequence[str], lang: str | None = None) -> list[Verdict]:
    """Many messages at once (the API batches concurrent requests through this)."""
    return analyze_many(texts, lang=lang)


def check_link(url: str) -> LinkResult:
    from saqbol.links import check_url

    return check_url(url)


def check_number(number: str) -> PhoneResult:
    from saqbol.phones import check_phone

    return check_phone(number)


def named_banks(text: str) -> list[Bank]:
    """Banks the message names (their card-blocking numbers are shown first)."""
    return list(extract(text).banks)


def banks(query: str | None = None) -> list[Bank] | None:
    """All banks, or the one matching `query` (None when nothing matches)."""
    if query is None or not query.strip():
        return list(get_kb().contacts.banks)
    found = find_bank(query)
    return [found] if found else None


def situation_id(situation: str) -> str:
    return situation.strip().lower().replace("-", "_")


def playbook(situation: str, lang: str, bank: str | None = None) -> Any | None:
    """The playbook for `situation` from saqbol.response.playbooks, or None when unknown.

    The single integration point with the playbooks of issue 6.
    """
    sid = situation_id(situation)
    try:
        from saqbol.response import playbooks
    except ModuleNotFoundError as exc:
        if exc.name not in ("saqbol.response", "saqbol.response.playbooks"):
            raise
        raise PlaybooksUnavailable(situation) from exc
    if sid not in SITUATIONS:
        return None
    return playbooks.get_playbook(sid, lang=lang, bank=bank)


# ------------------------------------------------------------ incidents and complaints (issue 6)
DOC_FORMATS = ("docx", "pdf", "txt")
DOC_MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "txt": "text/plain; charset=utf-8",
}


def extract_identifiers(text: str) -> Identifiers:
    """The fraudster's identifiers in pasted messages (as `saqbol incident extract`)."""
    from saqbol.response.extract import extract_identifiers as extract_ids

    return extract_ids(text)


def parse_incident(data: Any) -> Incident:
    """Validate incident JSON data; raises IncidentError naming the field."""
    from saqbol.response.incident import parse_incident as parse

    return parse(data)


def complaint_file(incident: Incident, kind: str, lang: str, fmt: str) -> tuple[bytes, str, str]:
    """The document `kind` of `incident` as (bytes, media type, file name), as `saqbol
    complaint` writes it; nothing is stored. Raises DocumentError naming a missing field."""
    import tempfile
    from pathlib import Path

    from saqbol.response.documents import build_document
    from saqbol.response.writers import render_text, write

    if fmt not in DOC_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use {', '.join(DOC_FORMATS)}")
    doc = build_document(incident, kind, lang)
    if fmt == "txt":
        data = render_text(doc).encode("utf-8")
    else:
        with tempfile.TemporaryDirectory(prefix="saqbol-doc-") as tmp:
            out = Path(tmp) / f"document.{fmt}"
            write(doc, out)
            data = out.read_bytes()
    name = f"{kind}_{incident.happened_at:%Y-%m-%d}_{lang}.{fmt}"
    return data, DOC_MEDIA_TYPES[fmt], name


def save_incident(db: Database, incident: Incident) -> int:
    """Store `incident` masked (as `saqbol incident save`); returns its id."""
    from saqbol.response.store import save_incident as save

    return save(db, incident)
