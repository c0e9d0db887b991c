"""What the sample statistics cannot show: the caveats printed wherever the figures appear.

The analysis names them by key only; their words, in every language the tool speaks, are in
the message catalogues (the English source in caveat_text.py), so that the document, the JSON
and the terminal say the same thing.
"""

from __future__ import annotations

SAMPLE_CAVEATS: tuple[str, ...] = (
    "not_random",
    "not_who",
    "legitimate_differences",
    "station_level_first",
)
