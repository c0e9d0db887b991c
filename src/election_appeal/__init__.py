"""Turn election results and observers' protocol copies into filing-ready legal appeals."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("election-appeal")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"
