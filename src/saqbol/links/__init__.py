"""Links: find them in text and judge them against the knowledge base's official domains."""

from saqbol.links.check import check_url
from saqbol.links.extract import find_links

__all__ = ["check_url", "find_links"]
