"""The environment variables the tool reads, checked before anything reads them."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
# The seconds since 1970 a ZIP entry (so a DOCX or XLSX file) can record: 1980-01-01 to
# 2107-12-31.
FIRST_EPOCH, LAST_EPOCH = 315_532_800, 4_354_819_199


def source_date_epoch(environ: Mapping[str, str] | None = None) -> int | None:
    """SOURCE_DATE_EPOCH (the moment stamped into every file) if it is set, checked: a bad
    value is refused with a message, never ignored (the libraries would stop on it with a
    traceback, or the files would carry another date than the one asked for)."""
    from .errors import UsageError
    from .i18n import gettext as _

    env = os.environ if environ is None else environ
    if SOURCE_DATE_EPOCH not in env:
        return None
    value = env[SOURCE_DATE_EPOCH]
    if re.fullmatch(r"[0-9]{1,10}", value) and FIRST_EPOCH <= int(value) <= LAST_EPOCH:
        return int(value)
    raise UsageError(
        _(
            'the environment variable SOURCE_DATE_EPOCH is "{value}"; it must be a number of '
            "seconds since 1970-01-01 between {first} (1980-01-01) and {last} (2107-12-31), "
            "or not be set at all (unset SOURCE_DATE_EPOCH)"
        ).format(value=value, first=FIRST_EPOCH, last=LAST_EPOCH)
    )
