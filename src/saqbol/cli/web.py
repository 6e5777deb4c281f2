"""`saqbol serve`: the web app and HTTP API (uvicorn)."""

from __future__ import annotations

from typing import Annotated

import typer


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Run the web app and the HTTP API (configuration: SAQBOL_* environment variables)."""
    import uvicorn

    from saqbol.db import Database
    from saqbol.settings import get_settings

    settings = get_settings()
    # Migrate once here, before the workers start, so that they never race to create tables.
    if settings.migrate_on_start:
        Database(settings.resolved_database_url()).migrate()
    settings.resolved_secret_key()
    uvicorn.run(
        "saqbol.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        proxy_headers=settings.trust_proxy_headers,
        timeout_keep_alive=5,
        limit_concurrency=2000,
        backlog=2048,
    )


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
