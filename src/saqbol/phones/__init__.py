"""Phone numbers: find them in text and tell mobile, landline, official short numbers."""

from saqbol.phones.check import check_phone
from saqbol.phones.extract import find_phones

__all__ = ["check_phone", "find_phones"]
