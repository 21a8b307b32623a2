"""Opening a database file: make sure it is ours, intact and not from a newer version, then migrate.

A file that is refused is never modified: it is inspected through a read-only connection before the
app opens it for writing (switching on WAL alone would write to it).
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from lien_desktop.db.engine import Database, make_engine, sqlite_url
from lien_desktop.db.integrity import quick_check
from lien_desktop.db.migrations import current_revisions, head_revisions, known_revisions, upgrade_to_head
from lien_desktop.db.models import AppMeta
from lien_desktop.db.models.chapters import APP_MARKER_KEY, APP_MARKER_VALUE
from lien_desktop.db.search_index import planner_statistics_statements
from lien_desktop.domain.errors import DatabaseRefused

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(slots=True)
class Inspection:
    """What a read-only look at a database file found."""

    path: Path
    revisions: set[str] = field(default_factory=set)
    integrity: str = "ok"
    problems: list[str] = field(default_factory=list)

    @property
    def needs_upgrade(self) -> bool:
        return self.revisions != head_revisions()


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def inspect_file(path: Path, *, full_check: bool = False) -> Inspection:
    """Raise DatabaseRefused if the file is not a usable LIEN database; never writes to it."""
    if not path.exists():
        raise DatabaseRefused(f"{path}: no such database")
    if path.is_dir():
        raise DatabaseRefused(f"{path}: is a folder, not a database file")
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise DatabaseRefused(f"{path}: cannot be read ({exc.strerror})") from None
    if header != SQLITE_HEADER:
        what = "is empty" if not header else "is not a LIEN Desktop database (not an SQLite file, or encrypted)"
        raise DatabaseRefused(f"{path}: {what}; it was not changed")
    inspection = Inspection(path)
    try:
        conn = _read_only(path)
        try:
            if full_check:
                rows = conn.execute("PRAGMA integrity_check").fetchall()
                inspection.integrity = "; ".join(r[0] for r in rows[:5])
            else:  # maybe already done on a thread while the app started (db/integrity.py)
                inspection.integrity = quick_check(path)
            if inspection.integrity != "ok":
                raise DatabaseRefused(
                    f"{path}: the database is damaged ({inspection.integrity[:200]}); it was not changed"
                )
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            marker = None
            if "lien_meta" in tables:
                row = conn.execute("SELECT value FROM lien_meta WHERE key = ?", (APP_MARKER_KEY,)).fetchone()
                marker = row[0] if row else None
            if marker != APP_MARKER_VALUE:
                raise DatabaseRefused(f"{path}: is not a LIEN Desktop database; it was not changed")
            if "alembic_version" in tables:
                inspection.revisions = {r[0] for r in conn.execute("SELECT version_num FROM alembic_version")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseRefused(f"{path}: cannot be read as a database ({exc}); it was not changed") from None
    unknown = inspection.revisions - known_revisions()
    if unknown:
        raise DatabaseRefused(
            f"{path}: was written by a newer version of LIEN Desktop (schema {', '.join(sorted(unknown))}); "
            "please update the app. The file was not changed"
        )
    return inspection


def _mark_as_ours(database: Database) -> None:
    with database.transaction() as session:
        if session.get(AppMeta, APP_MARKER_KEY) is None:
            session.add(AppMeta(key=APP_MARKER_KEY, value=APP_MARKER_VALUE))


def create_database(path: Path) -> Database:
    """Create an empty database at the current schema. Refuses to overwrite an existing file."""
    if path.exists() and path.stat().st_size > 0:
        raise DatabaseRefused(f"{path}: a file already exists there")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseRefused(f"{path.parent}: cannot create the folder ({exc.strerror})") from None
    database = Database(make_engine(sqlite_url(path)), path)
    try:
        with database.engine.begin() as connection:
            upgrade_to_head(connection)
        _mark_as_ours(database)
    except Exception:
        database.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    return database


def open_database(path: Path, *, create: bool = False) -> Database:
    """Open (or, with create=True, create) a database and bring it to the current schema."""
    path = Path(path)
    if create and (not path.exists() or path.stat().st_size == 0):
        return create_database(path)
    inspection = inspect_file(path)
    database = Database(make_engine(sqlite_url(path)), path)
    if inspection.needs_upgrade:
        try:
            with database.engine.begin() as connection:
                upgrade_to_head(connection)
        except Exception:
            database.close()
            raise
    refresh_planner_statistics(database)
    return database


def refresh_planner_statistics(database: Database) -> None:
    """Fresh statistics for the query planner (see search_index); a failure only costs speed."""
    try:
        with database.engine.begin() as connection:
            for statement in planner_statistics_statements(database.engine.dialect.name):
                connection.exec_driver_sql(statement)
    except Exception:  # noqa: BLE001 - e.g. a read-only file: searching still works, more slowly
        logging.getLogger(__name__).warning("could not refresh the planner statistics", exc_info=True)


def schema_revisions(database: Database) -> set[str]:
    with database.engine.connect() as connection:
        return current_revisions(connection)


def has_marker(database: Database) -> bool:
    with database.reading() as session:
        return session.scalar(select(AppMeta.value).where(AppMeta.key == APP_MARKER_KEY)) == APP_MARKER_VALUE
