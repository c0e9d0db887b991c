"""The case folder: schema, reading CSV/XLSX and YAML, validation into a list of problems."""

from .load import CaseData, load_case
from .protocols import Protocol, ProtocolSet
from .schema import Case

__all__ = ["Case", "CaseData", "Protocol", "ProtocolSet", "load_case"]
