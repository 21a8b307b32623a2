"""Copying a database file safely. ** SQLite-specific (SQLite's online backup API and SQLCipher's
sqlcipher_export); PostgreSQL backups are out of scope for now. **

Never a plain file copy: with WAL, committed data may still sit in the -wal file, and a copy taken
while the app writes can be malformed. The online backup API copies the pages of one consistent
snapshot: we hold a read transaction on the source for the whole copy, so (in WAL mode) writers carry
on and the copy never restarts. Every copy is written to a temporary file beside its destination,
verified, flushed to disk (fsync) and only then moved into place with os.replace: whatever happens,
the destination is either the old file or the complete new one.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lien_desktop.db.engine import Database, connect_file, key_pragma
from lien_desktop.db.models.chapters import APP_MARKER_KEY, APP_MARKER_VALUE
from lien_desktop.domain.errors import DatabaseRefused

# (pages copied, pages in all) after each step of a backup.
PageProgress = Callable[[int, int], None]
PAGES_PER_STEP = 256


def partial_path(destination: Path, what: str = "partial") -> Path:
    """A temporary name beside the destination (same folder, so os.replace is atomic)."""
    return destination.with_name(f".{destination.name}.{what}-{os.getpid()}")


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - not possible on Windows; harmless to skip
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def remove_quietly(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        except OSError:
            pass


@contextmanager
def raw_connection(database: Database) -> Iterator[Any]:
    """The driver's own connection behind a pooled SQLAlchemy connection (sqlite3 or sqlcipher3)."""
    pooled = database.engine.raw_connection()
    try:
        yield pooled.driver_connection
    finally:
        pooled.close()


def online_backup(source: Any, target: Any, progress: PageProgress | None = None,
                  pages_per_step: int = PAGES_PER_STEP) -> None:
    """Copy `source` into `target` (both open connections of the same driver) from one snapshot."""
    source.execute("BEGIN")
    try:
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()  # starts the read snapshot

        def step(_status: int, remaining: int, total: int) -> None:
            if progress is not None:
                progress(total - remaining, total)

        source.backup(target, pages=pages_per_step, progress=step)
    finally:
        source.execute("ROLLBACK")


def table_counts(conn: Any) -> dict[str, int]:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def verify_copy(conn: Any, where: Path, expected_counts: dict[str, int] | None = None) -> None:
    """Full integrity check, our marker, and (if given) the same number of rows in every table."""
    problems = "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()[:5])
    if problems != "ok":
        raise DatabaseRefused(f"{where}: the copy failed its integrity check ({problems[:200]}); "
                              "nothing was replaced")
    marker = conn.execute("SELECT value FROM lien_meta WHERE key = ?", (APP_MARKER_KEY,)).fetchone()
    if not marker or marker[0] != APP_MARKER_VALUE:
        raise DatabaseRefused(f"{where}: the copy is not a LIEN Desktop database; nothing was replaced")
    if expected_counts is not None:
        counts = table_counts(conn)
        if counts != expected_counts:
            differ = sorted(k for k in set(counts) | set(expected_counts) if counts.get(k) != expected_counts.get(k))
            raise DatabaseRefused(f"{where}: the copy does not hold the same rows ({', '.join(differ[:5])}); "
                                  "nothing was replaced")


def backup_database(database: Database, destination: Path, *, progress: PageProgress | None = None,
                    check: Callable[[], None] | None = None) -> None:
    """Write a verified copy of an open database to `destination` (encrypted with the same
    passphrase if the database is encrypted). `check()` is called between steps (it may raise to
    cancel); a cancelled or failed copy leaves nothing behind."""
    destination = Path(destination)
    temp = partial_path(destination)
    for stale in destination.parent.glob(f".{glob.escape(destination.name)}.partial-*"):
        remove_quietly(stale)  # left by a backup that was killed half-way

    def report(done: int, total: int) -> None:
        if check is not None:
            check()
        if progress is not None:
            progress(done, total)

    try:
        target = connect_file(temp, passphrase=database.passphrase)
        try:
            with raw_connection(database) as source:
                online_backup(source, target, report)
            # The copy is one self-contained file: no -wal, so it can be read from a read-only medium.
            target.execute("PRAGMA journal_mode = DELETE").fetchone()
            verify_copy(target, destination)
        finally:
            target.close()
        os.chmod(temp, 0o600)  # a backup holds special-category data: readable by its owner only
        fsync_file(temp)
        os.replace(temp, destination)
        fsync_folder(destination.parent)
    except BaseException:
        remove_quietly(temp)
        raise


def copy_file_database(source_path: Path, destination: Path, passphrase: str | None,
                       progress: PageProgress | None = None) -> None:
    """Backup-API copy of a closed database file (e.g. a backup being restored) to `destination`."""
    temp = partial_path(destination, "copying")
    remove_quietly(temp)
    try:
        source = connect_file(source_path, passphrase=passphrase, read_only=True)
        try:
            target = connect_file(temp, passphrase=passphrase)
            try:
                online_backup(source, target, progress)
                target.execute("PRAGMA journal_mode = DELETE").fetchone()
                verify_copy(target, destination, table_counts(source))
            finally:
                target.close()
        finally:
            source.close()
        os.chmod(temp, 0o600)
        fsync_file(temp)
        os.replace(temp, destination)
        fsync_folder(destination.parent)
    except BaseException:
        remove_quietly(temp)
        raise


def export_with_new_key(path: Path, old_passphrase: str | None, new_passphrase: str | None) -> Path:
    """A new file beside `path` with the same content under another key (None = unencrypted), by
    SQLCipher's sqlcipher_export (the backup API cannot change encryption). Verified, fsynced;
    returns the temporary file, which the caller moves into place. The original is not changed
    except for a WAL checkpoint (so that everything committed is in the main file)."""
    from lien_desktop.db.engine import cipher_module

    temp = partial_path(path, "rekey")
    remove_quietly(temp)
    module = cipher_module()
    try:
        if old_passphrase is None:
            source = module.connect(str(path), check_same_thread=False, isolation_level=None)
        else:
            source = connect_file(path, passphrase=old_passphrase)
            source.isolation_level = None
        try:
            source.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            counts = table_counts(source)
            attach_key = "''" if new_passphrase is None else key_pragma(new_passphrase).split(" = ", 1)[1]
            source.execute(f"ATTACH DATABASE ? AS rekeyed KEY {attach_key}", (str(temp),))
            source.execute("SELECT sqlcipher_export('rekeyed')").fetchone()
            source.execute("DETACH DATABASE rekeyed")
        finally:
            source.close()
        check = connect_file(temp, passphrase=new_passphrase) if new_passphrase is not None else \
            module.connect(str(temp), isolation_level=None)
        try:
            check.execute("PRAGMA journal_mode = WAL").fetchone()
            verify_copy(check, path, counts)
        finally:
            check.close()
        os.chmod(temp, stat.S_IMODE(os.stat(path).st_mode))  # the same permissions as the file it replaces
        fsync_file(temp)
        return temp
    except BaseException:
        remove_quietly(temp)
        raise
