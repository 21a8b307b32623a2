"""Opening a database file: make sure it is ours, intact and not from a newer version, then migrate.

A file that is refused is never modified: it is inspected through a read-only connection before the
app opens it for writing (switching on WAL alone would write to it). An encrypted (SQLCipher) file has
no "SQLite format 3" header; without a passphrase it is reported as encrypted, with one it is
inspected the same way through a read-only SQLCipher connection.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from lien_desktop.db.engine import Database, connect_file, make_file_engine
from lien_desktop.db.errors import DatabaseBusy, DiskFull, WrongPassphrase, friendly_errors, translate
from lien_desktop.db.instance_lock import InstanceLock
from lien_desktop.db.integrity import quick_check
from lien_desktop.db.search_index import planner_statistics_statements
from lien_desktop.db.migrations import current_revisions, head_revisions, known_revisions, upgrade_to_head
from lien_desktop.db.models import AppMeta
from lien_desktop.db.models.chapters import APP_MARKER_KEY, APP_MARKER_VALUE
from lien_desktop.domain.errors import DatabaseRefused

SQLITE_HEADER = b"SQLite format 3\x00"


class PassphraseNeeded(DatabaseRefused):
    """The file is encrypted and no passphrase was given."""


@dataclass(slots=True)
class Inspection:
    """What a read-only look at a database file found."""

    path: Path
    revisions: set[str] = field(default_factory=set)
    integrity: str = "ok"
    problems: list[str] = field(default_factory=list)
    encrypted: bool = False
    writable: bool = True

    @property
    def needs_upgrade(self) -> bool:
        return self.revisions != head_revisions()


def looks_encrypted(path: Path) -> bool:
    """A SQLCipher file: no SQLite header, whole pages (at least one) of what looks like noise."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError:
        return False
    return header != SQLITE_HEADER and size >= 1024 and size % 512 == 0 and header.strip(b"\0") != b""


def is_writable(path: Path) -> bool:
    """Can we change this database? The file and its folder (for the -wal/-shm files) must be writable.

    os.access honours read-only mounts and immutable files even for root (EROFS/EPERM), which is
    what a root user meets; plain permission bits are what everyone else meets.
    """
    folder = path.resolve().parent
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK | os.X_OK)


def read_only_connection(path: Path, passphrase: str | None = None) -> Any:
    """A connection that cannot write. A WAL database on a read-only file system has no -shm file
    and cannot create one; there (and only there) SQLite's `immutable` flag lets us read it."""
    if not is_writable(path) and _needs_immutable(path, passphrase):
        return connect_file(path, passphrase=passphrase, read_only=True, immutable=True)
    return connect_file(path, passphrase=passphrase, read_only=True)


def inspect_file(path: Path, *, full_check: bool = False, passphrase: str | None = None) -> Inspection:
    """Raise DatabaseRefused if the file is not a usable LIEN database; never writes to it."""
    path = Path(path)
    if not path.exists():
        raise DatabaseRefused(f"{path}: no such database")
    if path.is_dir():
        raise DatabaseRefused(f"{path}: is a folder, not a database file")
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise DatabaseRefused(f"{path}: cannot be read ({exc.strerror})") from None
    inspection = Inspection(path, writable=is_writable(path))
    if header != SQLITE_HEADER:
        if not looks_encrypted(path):
            what = "is empty" if not header else "is not a LIEN Desktop database (not an SQLite file)"
            raise DatabaseRefused(f"{path}: {what}; it was not changed")
        if passphrase is None:
            raise PassphraseNeeded(f"{path}: is encrypted: a passphrase is needed; it was not changed")
        inspection.encrypted = True
    try:
        conn = read_only_connection(path, passphrase if inspection.encrypted else None)
    except Exception as exc:
        if inspection.encrypted and "not a database" in str(exc):
            raise WrongPassphrase(f"{path}: the passphrase does not open this database (or the file "
                                  "is damaged); it was not changed") from None
        with friendly_errors(path):
            raise
        raise  # pragma: no cover
    try:
        _look_inside(conn, inspection, full_check)
    except DatabaseRefused:
        raise
    except Exception as exc:
        if not hasattr(exc, "sqlite_errorcode"):
            raise
        translated = translate(exc, path)
        if isinstance(translated, (DatabaseBusy, DiskFull)):
            raise translated from None
        raise DatabaseRefused(f"{path}: cannot be read as a database ({exc}); it was not changed") from None
    finally:
        conn.close()
    unknown = inspection.revisions - known_revisions()
    if unknown:
        raise DatabaseRefused(
            f"{path}: was written by a newer version of LIEN Desktop (schema {', '.join(sorted(unknown))}); "
            "please update the app. The file was not changed"
        )
    return inspection


def _look_inside(conn: Any, inspection: Inspection, full_check: bool) -> None:
    path = inspection.path
    if not full_check and not inspection.encrypted and inspection.writable:
        # Maybe already done on a thread while the app started (db/integrity.py).
        inspection.integrity = quick_check(path)
    else:
        pragma = "integrity_check" if full_check else "quick_check"
        rows = conn.execute(f"PRAGMA {pragma}").fetchall()
        inspection.integrity = "; ".join(r[0] for r in rows[:5])
    if inspection.integrity != "ok":
        raise DatabaseRefused(f"{path}: the database is damaged ({inspection.integrity[:200]}); it was not changed")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    marker = None
    if "lien_meta" in tables:
        row = conn.execute("SELECT value FROM lien_meta WHERE key = ?", (APP_MARKER_KEY,)).fetchone()
        marker = row[0] if row else None
    if marker != APP_MARKER_VALUE:
        raise DatabaseRefused(f"{path}: is not a LIEN Desktop database; it was not changed")
    if "alembic_version" in tables:
        inspection.revisions = {r[0] for r in conn.execute("SELECT version_num FROM alembic_version")}


def _mark_as_ours(database: Database) -> None:
    with database.transaction() as session:
        if session.get(AppMeta, APP_MARKER_KEY) is None:
            session.add(AppMeta(key=APP_MARKER_KEY, value=APP_MARKER_VALUE))


def remove_database_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def create_database(path: Path, *, passphrase: str | None = None) -> Database:
    """Create an empty database at the current schema (encrypted if a passphrase is given).
    Refuses to overwrite an existing file."""
    path = Path(path)
    if path.exists() and path.stat().st_size > 0:
        raise DatabaseRefused(f"{path}: a file already exists there")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseRefused(f"{path.parent}: cannot create the folder ({exc.strerror})") from None
    database = Database(make_file_engine(path, passphrase=passphrase), path, passphrase=passphrase)
    try:
        with friendly_errors(path), database.engine.begin() as connection:
            upgrade_to_head(connection)
        _mark_as_ours(database)
    except Exception:
        database.close()
        remove_database_files(path)
        raise
    return database


def open_database(path: Path, *, create: bool = False, passphrase: str | None = None,
                  lock: bool = False, refresh_statistics: bool = True) -> Database:
    """Open (or, with create=True, create) a database and bring it to the current schema.

    `lock=True` (the GUI; restore and rekey) takes the single-instance lock first: a second copy of
    the app is told the database is already open. A database whose file or folder cannot be written
    opens read-only (Database.read_only) if it needs no migration. `refresh_statistics=False` leaves
    the planner statistics to the caller (the window refreshes them after its first paint: ANALYZE
    takes about 30 ms at 100,000 members).
    """
    path = Path(path)
    instance_lock = InstanceLock(path).acquire() if lock else None
    try:
        if create and (not path.exists() or path.stat().st_size == 0):
            database = create_database(path, passphrase=passphrase)
            database.lock = instance_lock
            return database
        inspection = inspect_file(path, passphrase=passphrase)
        key = passphrase if inspection.encrypted else None
        read_only = not inspection.writable
        if read_only and inspection.needs_upgrade:
            raise DatabaseRefused(f"{path}: is read-only and from an older version of the app; it must be "
                                  "upgraded before use: copy it to a folder you can write to")
        immutable = read_only and _needs_immutable(path, key)
        engine = make_file_engine(path, passphrase=key, read_only=read_only, immutable=immutable)
        database = Database(engine, path, read_only=read_only, passphrase=key, lock=instance_lock)
        if inspection.needs_upgrade:
            try:
                with friendly_errors(path), database.engine.begin() as connection:
                    upgrade_to_head(connection)
            except Exception:
                database.lock = None
                database.close()
                raise
        if refresh_statistics:
            refresh_planner_statistics(database)  # not on a read-only file: it checks
        return database
    except BaseException:
        if instance_lock is not None:
            instance_lock.release()
        raise


def _needs_immutable(path: Path, passphrase: str | None) -> bool:
    """A read-only WAL database whose -shm cannot be created opens only with SQLite's immutable flag."""
    try:
        conn = connect_file(path, passphrase=passphrase, read_only=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
        return False
    except Exception:  # noqa: BLE001 - any failure here means only immutable can read it
        return True


def refresh_planner_statistics(database: Database) -> None:
    """Fresh statistics for the query planner (see search_index); a failure only costs speed."""
    if database.read_only:
        return
    try:
        with database.engine.begin() as connection:
            for statement in planner_statistics_statements(database.engine.dialect.name):
                connection.exec_driver_sql(statement)
    except Exception:  # noqa: BLE001
        logging.getLogger(__name__).warning("could not refresh the planner statistics", exc_info=True)


def schema_revisions(database: Database) -> set[str]:
    with database.engine.connect() as connection:
        return current_revisions(connection)


def has_marker(database: Database) -> bool:
    with database.reading() as session:
        return session.scalar(select(AppMeta.value).where(AppMeta.key == APP_MARKER_KEY)) == APP_MARKER_VALUE
