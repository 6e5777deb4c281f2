"""Storage: SQLAlchemy models, the engine, Alembic migrations shipped in the package.

Every module that defines tables on `Base` is imported here, so that `Base.metadata` (used by
the migrations' environment and the schema test) always holds the whole schema.
"""

from saqbol.db import incidents as incidents  # the victim-response incidents table (issue 6)
from saqbol.db import orgs as orgs  # organizations, meetings, quiz results (issue 9)
from saqbol.db.engine import Database
from saqbol.db.models import Base, Report

__all__ = ["Base", "Database", "Report"]
