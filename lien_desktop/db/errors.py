"""Low-level database errors turned into messages for the secretary, in ONE place.

SQLite (and SQLCipher, which is SQLite) report failures as `sqlite3.OperationalError` /
`DatabaseError` with an extended result code (`sqlite_errorcode`); SQLAlchemy wraps them in its own
`OperationalError` / `DatabaseError` with the driver's exception in `.orig`. Everything that reaches
the user goes through `translate()` so that the same failure always reads the same way.
** SQLite-specific: the result codes below are SQLite's. PostgreSQL errors pass through untranslated. **
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import exc as sa_exc

from lien_desktop.domain.errors import DatabaseRefused, LienError

# Primary SQLite result codes (the low byte of the extended code). https://sqlite.org/rescode.html
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_NOMEM = 7
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26


class DatabaseReadOnly(LienError):
    """The database was opened for reading only (file or folder not writable); nothing can be saved."""


class DatabaseBusy(LienError):
    """Another program holds a write lock on the database; nothing was changed."""


class DiskFull(LienError):
    """The disk is full; the change in flight was rolled back."""


class WrongPassphrase(DatabaseRefused):
    """The passphrase does not open this encrypted database (or it is not a database at all)."""


def _driver_error(error: BaseException) -> BaseException:
    return error.orig if isinstance(error, sa_exc.DBAPIError) and error.orig is not None else error


def result_code(error: BaseException) -> int | None:
    """The primary SQLite result code of an error from sqlite3, sqlcipher3 or SQLAlchemy, if any."""
    code = getattr(_driver_error(error), "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def translate(error: BaseException, path: Path | str | None = None) -> LienError | None:
    """The LienError a user should see for a low-level database error, or None if it is a bug."""
    where = f"{path}: " if path else ""
    code = result_code(error)
    text = str(_driver_error(error)).lower()
    if code == SQLITE_FULL or "database or disk is full" in text:
        return DiskFull(f"{where}the disk is full; the last change was not saved and the database is "
                        "unchanged. Free some space and try again")
    if code in (SQLITE_BUSY, SQLITE_LOCKED) or "database is locked" in text:
        return DatabaseBusy(f"{where}the database is locked by another program (or another copy of "
                            "LIEN Desktop); nothing was changed. Close the other program and try again")
    if code == SQLITE_READONLY or "readonly database" in text:
        return DatabaseReadOnly(f"{where}the database is read-only (file or folder not writable); "
                                "changes cannot be saved")
    if code == SQLITE_NOTADB or "file is not a database" in text:
        return DatabaseRefused(f"{where}is not a database, is damaged, or needs another passphrase; "
                               "it was not changed")
    if code == SQLITE_CORRUPT or "malformed" in text:
        return DatabaseRefused(f"{where}the database is damaged ({_driver_error(error)}); it was not "
                               "changed. Restore a backup (lien-desktop restore)")
    if code == SQLITE_CANTOPEN:
        return DatabaseRefused(f"{where}cannot be opened (missing, or its folder is not accessible)")
    if code in (SQLITE_IOERR, SQLITE_PERM):
        return LienError(f"{where}the disk reported an error ({_driver_error(error)}); the last change "
                         "was not saved")
    return None


def is_database_error(error: BaseException) -> bool:
    import sqlite3

    import sqlcipher3

    return isinstance(error, (sa_exc.OperationalError, sa_exc.DatabaseError, sqlite3.DatabaseError,
                              sqlcipher3.DatabaseError)) and not isinstance(
        error, (sa_exc.IntegrityError, sqlite3.IntegrityError, sqlcipher3.IntegrityError))


@contextmanager
def friendly_errors(path: Path | str | None = None) -> Iterator[None]:
    """Re-raise known low-level database failures as LienError; anything else passes unchanged."""
    try:
        yield
    except LienError:
        raise
    except Exception as error:
        if is_database_error(error):
            translated = translate(error, path)
            if translated is not None:
                raise translated from error
        raise
