"""Reports: build a masked record from a message and its Verdict; weekly statistics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from sqlalchemy import func, select

from saqbol.db.engine import Database
from saqbol.db.models import Report
from saqbol.privacy import mask_text, masked_identifiers
from saqbol.verdict import Verdict

Channel = Literal["sms", "whatsapp", "telegram", "instagram", "call", "email", "website", "other"]
CHANNELS: tuple[str, ...] = Channel.__args__  # type: ignore[attr-defined]
UNKNOWN_SCHEME = "unknown"


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _domain(url: str) -> str | None:
    url = url.replace("hxxp", "http").replace("[.]", ".")
    if "://" not in url:
        url = "http://" + url
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.lower().rstrip(".") if host else None


def build_report(
    text: str,
    verdict: Verdict,
    channel: str = "other",
    include_text: bool = False,
    now: dt.datetime | None = None,
) -> Report:
    """The row to store: indicators, masked identifiers, and the text only masked and if asked."""
    now = now or dt.datetime.now(dt.UTC)
    links = list(dict.fromkeys(link.url for link in verdict.links))
    domains = list(dict.fromkeys(d for d in (_domain(u) for u in links) if d))
    ids = masked_identifiers(text)
    return Report(
        created_at=now,
        week=week_start(now.date()),
        scheme=verdict.scheme,
        verdict=verdict.verdict,
        risk=verdict.risk,
        language=verdict.language,
        channel=channel if channel in CHANNELS else "other",
        links=links,
        domains=domains,
        phones=list(dict.fromkeys(p.number for p in verdict.phones)),
        cards=ids["cards"],
        ibans=ids["ibans"],
        text_masked=mask_text(text) if include_text else None,
        engine=verdict.engine[:200],
    )


def add_report(db: Database, report: Report) -> int:
    with db.session() as s:
        s.add(report)
        s.flush()
        return int(report.id)


@dataclass(frozen=True)
class WeeklyStats:
    weeks: list[dt.date]  # oldest first
    counts: dict[str, list[int]]  # scheme id (or "unknown") → count per week
    total: int

    def week_totals(self) -> list[int]:
        return [sum(c[i] for c in self.counts.values()) for i in range(len(self.weeks))]


def weekly_stats(db: Database, weeks: int = 12, today: dt.date | None = None) -> WeeklyStats:
    """Reports per scheme per ISO week over the last `weeks` weeks (this one included)."""
    last = week_start(today or dt.datetime.now(dt.UTC).date())
    days = [last - dt.timedelta(weeks=i) for i in range(weeks - 1, -1, -1)]
    index = {d: i for i, d in enumerate(days)}
    counts: dict[str, list[int]] = {}
    with db.session() as s:
        rows = s.execute(
            select(Report.week, Report.scheme, func.count())
            .where(Report.week >= days[0])
            .group_by(Report.week, Report.scheme)
        ).all()
        total = int(s.execute(select(func.count()).select_from(Report)).scalar_one())
    for week, scheme, n in rows:
        i = index.get(week)
        if i is None:
            continue
        counts.setdefault(scheme or UNKNOWN_SCHEME, [0] * weeks)[i] += int(n)
    return WeeklyStats(weeks=days, counts=dict(sorted(counts.items())), total=total)
