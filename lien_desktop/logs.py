"""The rotating log file in the user's log folder: where unexpected errors are written in full."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from lien_desktop.paths import log_dir

LOG_FILE_NAME = "lien-desktop.log"
_configured: Path | None = None


def setup_logging(directory: Path | None = None, level: int = logging.INFO) -> Path | None:
    """Log to <log dir>/lien-desktop.log (1 MB x 5). Returns the file, or None if it cannot be written."""
    global _configured
    folder = directory or log_dir()
    target = folder / LOG_FILE_NAME
    if _configured == target:
        return target
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(target, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_lien", False)]:
        root.removeHandler(old)
        old.close()
    handler._lien = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    _configured = target
    return target
