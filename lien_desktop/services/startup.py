"""The first steps of opening the app, kept free of heavy imports (no SQLAlchemy, no Qt)."""

from __future__ import annotations

from pathlib import Path

from lien_desktop.db.integrity import check_and_remember, check_in_background
from lien_desktop.paths import default_db_path


def resolve_db_path(path: str | Path | None) -> Path:
    return Path(path).expanduser() if path else default_db_path()


def begin_opening(path: str | Path | None) -> Path:
    """Start checking the database file's integrity on a thread while the rest of the app loads."""
    target = resolve_db_path(path)
    check_in_background(target)
    return target


def after_closing(path: str | Path) -> None:
    """The window has gone and the file is closed: check it now, so the next start need not."""
    check_and_remember(Path(path))
