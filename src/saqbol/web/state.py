"""What the app holds for its routes (one per process)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from fastapi.templating import Jinja2Templates

from saqbol.db import Database
from saqbol.settings import Settings
from saqbol.web.batcher import Batcher
from saqbol.web.csrf import Csrf
from saqbol.web.guard import Metrics


@dataclass
class AppState:
    settings: Settings
    db: Database
    csrf: Csrf
    metrics: Metrics
    templates: Jinja2Templates
    batcher: Batcher


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.saqbol
    return state
