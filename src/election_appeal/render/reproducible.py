"""Office files are zip archives; the same content must give the same bytes."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

CORE_PROPERTIES = "docProps/core.xml"
_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def reproducible_zip(data: bytes, moment: datetime.datetime) -> bytes:
    """The same zip with every entry dated `moment`, in a fixed order."""
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
            target.writestr(entry, content)
    return out.getvalue()


def _w3c(moment: datetime.datetime) -> bytes:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
