"""Office files are zip archives; the same content must give the same bytes."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping

CORE_PROPERTIES = "docProps/core.xml"
_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def reproducible_zip(
    data: bytes,
    moment: datetime.datetime,
    streams: Mapping[str, Callable[[bytes], Iterator[bytes]]] | None = None,
) -> bytes:
    """The same zip with every entry dated `moment`, in a fixed order; `streams` rewrites the
    named entries piece by piece (a long table written as it is made)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = moment.timetuple()[:6]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in sorted(
            source.infolist(), key=lambda i: (i.filename != "[Content_Types].xml", i.filename)
        ):
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            content = source.read(info.filename)
            if info.filename == CORE_PROPERTIES:
                # openpyxl stamps the time of saving here, whatever the workbook says.
                content = _DATES.sub(rb"\g<1>" + _w3c(moment) + rb"\g<2>", content)
            if streams and info.filename in streams:
                with target.open(entry, "w") as stream:
                    for piece in streams[info.filename](content):
                        stream.write(piece)
            else:
                target.writestr(entry, content)
    return out.getvalue()


def _w3c(moment: datetime.datetime) -> bytes:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
