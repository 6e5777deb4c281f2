"""The web app and HTTP API (FastAPI): `create_app(settings)`."""

from saqbol.web.app import create_app

__all__ = ["create_app"]
