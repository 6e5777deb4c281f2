"""The FastAPI application: API, pages, static files, health and metrics."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from saqbol import __version__
from saqbol.db import Database
from saqbol.kb.loader import get_kb
from saqbol.settings import Settings, get_settings
from saqbol.web import errors, service
from saqbol.web.batcher import Batcher
from saqbol.web.csrf import Csrf
from saqbol.web.guard import Guard, Metrics
from saqbol.web.ratelimit import RateLimiter
from saqbol.web.routers import api, orgs, pages
from saqbol.web.state import AppState


def _web_dir(name: str) -> Path:
    return Path(str(resources.files("saqbol.web") / name))


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    db = Database(settings.resolved_database_url())
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if settings.migrate_on_start:
            db.migrate()
        get_kb()  # load (and validate) the knowledge base before the first request
        yield
        db.dispose()

    app = FastAPI(
        title="saqbol API",
        version=__version__,
        description="Сақ бол — is this message, link or number a scam, and what to do now. "
        'Every error is JSON {"error": {"code", "message"}}.',
        lifespan=lifespan,
    )
    app.state.saqbol = AppState(
        settings=settings,
        db=db,
        csrf=Csrf(settings.resolved_secret_key()),
        metrics=metrics,
        templates=Jinja2Templates(directory=str(_web_dir("templates"))),
        batcher=Batcher(service.check_many),
    )
    errors.install(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(orgs.router)
    app.mount("/static", StaticFiles(directory=str(_web_dir("static"))), name="static")

    @app.get("/healthz", tags=["ops"], summary="Liveness and database check")
    def healthz() -> JSONResponse:
        try:
            with db.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception:  # the database is down: say so, with a 503
            return errors.error_json(503, "database_unavailable", "the database is not reachable")
        return JSONResponse({"status": "ok", "version": __version__, "kb": get_kb().version})

    @app.get("/metrics", tags=["ops"], summary="Prometheus metrics of this worker")
    def prometheus(_: Request) -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    app.add_middleware(
        Guard,
        limiter=RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst),
        max_body=settings.max_body_bytes,
        metrics=metrics,
        trust_proxy=settings.trust_proxy_headers,
    )
    _mount_telegram_webhook(app)
    return app


def _mount_telegram_webhook(app: FastAPI) -> None:
    """The Telegram bot's webhook (issue 8), only when SAQBOL_TELEGRAM_WEBHOOK_URL is set."""
    if os.environ.get("SAQBOL_TELEGRAM_WEBHOOK_URL"):
        from saqbol.bot.webhook import mount_webhook

        mount_webhook(app)
