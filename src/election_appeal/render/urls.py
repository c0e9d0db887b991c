"""What a document may load while it is laid out: files of the template folders and of the case
folder (after symlinks are resolved), and `data:` addresses. Nothing else, and never the network.

Templates and case files come from other people. Without this policy a template could put any
file of the computer into a PDF (`<img src="file:///…">`, `url(file:///…)`) or send the
applicant's personal data to a server (`<img src="http://…?name=…">`). Every address that is
refused becomes a warning naming the document and the address.
"""

from __future__ import annotations

import html as markup
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..i18n import gettext as _
from ..resources import templates_dir

# The largest file a document may load (an image, a font, a stylesheet).
MAX_RESOURCE_BYTES = 20 * 1024 * 1024
# Where an HTML document names something a layout would load: an element's address (not a
# link's: <a href> is followed by the reader, never loaded), a stylesheet's url() or @import.
_LOADED = re.compile(
    r"<(?:img|image|link|object|embed|source|input|iframe|video|audio|track|script)\b"
    r"[^>]*?\s(?:src|href|xlink:href|data|poster)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')",
    re.IGNORECASE,
)
_CSS_ADDRESS = re.compile(
    r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""",
    re.IGNORECASE,
)


@dataclass
class UrlPolicy:
    """The folders a document may read from, and the addresses refused so far."""

    roots: tuple[Path, ...]
    refused: dict[str, str] = field(default_factory=dict)

    @classmethod
    def for_case(cls, case_folder: Path | None, user_templates: Path | None) -> UrlPolicy:
        """The tool's templates, the user's templates and the case folder."""
        folders = [templates_dir(), user_templates, case_folder]
        return cls(tuple(f.resolve() for f in folders if f is not None))

    def local_file(self, url: str) -> Path | None:
        """The regular file a `file:` address names, if it lies inside one of the roots."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(unquote(parts.path)).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return None
        inside = any(path.is_relative_to(root) for root in self.roots)
        if not inside or not path.is_file() or path.stat().st_size > MAX_RESOURCE_BYTES:
            return None
        return path

    def allows(self, url: str) -> bool:
        """Whether a document may load this address."""
        scheme = urlsplit(url).scheme.lower()
        return scheme == "data" or self.local_file(url) is not None

    def refuse(self, url: str, where: str) -> None:
        """Remember a refused address and where it was met (the first place only)."""
        self.refused.setdefault(url, where)

    def refuse_unresolved(self, html: str, where: str) -> None:
        """Remember the addresses of `html` that a layout neither loads nor asks the policy
        about: those without a scheme (`../x.png`, `/tmp/x.png`, `//host/x.png`, `link.png`),
        which a document without a base address cannot resolve. Refused all the same, they
        are named in a warning like the others."""
        for url in resource_addresses(html):
            if url and not url.startswith("#") and not urlsplit(url).scheme:
                self.refuse(url, where)

    def refusals(self) -> list[str]:
        """A warning for each refused address."""
        message = _(
            '{document}: the address "{url}" was not loaded; documents may use only files of '
            "the template folders and of the case folder"
        )
        return [
            message.format(document=where, url=_shortened(url))
            for url, where in self.refused.items()
        ]

    def fetcher(self, where: str) -> Any:
        """A WeasyPrint URL fetcher that applies this policy and records what it refused."""
        from .preload import import_weasyprint

        import_weasyprint()  # before any part of WeasyPrint: see render/preload.py
        from weasyprint.urls import URLFetcher, URLFetcherResponse

        policy = self

        class PolicyFetcher(URLFetcher):  # type: ignore[misc]
            def fetch(self, url: str, headers: Any = None) -> Any:
                if urlsplit(url).scheme.lower() == "data":
                    return super().fetch(url, headers)
                path = policy.local_file(url)
                if path is None:
                    policy.refuse(url, where)
                    raise ValueError(f"address refused: {url}")
                return URLFetcherResponse(path.as_uri(), path.read_bytes())

        # Only the data: handler of the parent is ever used; no network handler is reached.
        return PolicyFetcher(allowed_protocols=("data", "file"), allow_redirects=False)


def resource_addresses(html: str) -> list[str]:
    """The addresses an HTML document would load, as written (entities decoded), in order."""
    found = [m.group(1) if m.group(1) is not None else m.group(2) for m in _LOADED.finditer(html)]
    found += [next(g for g in m.groups() if g is not None) for m in _CSS_ADDRESS.finditer(html)]
    return [markup.unescape(url).strip() for url in found]


def _shortened(url: str, limit: int = 120) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"
