"""Member lists as .csv: UTF-8 with a BOM (so Excel opens accents right), formula-safe, all or nothing."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable, Sequence

from lien_desktop.domain.export_profiles import csv_text, neutralise_csv
from lien_desktop.io.atomic_output import replacing

PROGRESS_EVERY = 1000


def write_csv(
    path: str | os.PathLike[str],
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    total: int = 0,
    progress: Callable[[int, int], None] | None = None,
    check: Callable[[], None] | None = None,
) -> int:
    """Write `rows` (cell values: str, date, number or None) under `headers`; return the rows written.

    `check` is called between rows and may raise (a cancel) to abandon the file: nothing is left.
    """
    written = 0
    with replacing(path) as temp:
        # utf-8-sig writes the BOM; newline="" lets the csv module write Excel's CRLF itself.
        with open(temp, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\r\n")
            writer.writerow([neutralise_csv(h) for h in headers])
            for row in rows:
                if check is not None:
                    check()
                writer.writerow([csv_text(value) for value in row])
                written += 1
                if progress is not None and written % PROGRESS_EVERY == 0:
                    progress(written, total)
            fh.flush()
    if progress is not None:
        progress(written, total)
    return written
