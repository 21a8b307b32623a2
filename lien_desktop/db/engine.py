"""Engines and sessions. Every change runs in one transaction (`Database.transaction`).

A database file is opened either plainly (the standard `sqlite3` module) or encrypted with SQLCipher
(the `sqlcipher3` module, which is SQLite with page encryption) under a passphrase. Both go through
`connect_file`, so the passphrase is applied before anything else touches the file.
"""

from __future__ import annotations

import hmac
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# The SQLite dialect loads with this module, not at the first create_engine: the window imports the data
# layer before PySide6, whose import hook reads the source of every module imported after it (ui/main.py).
import sqlalchemy.dialects.sqlite  # noqa: F401
from sqlalchemy import Engine, create_engine, event, pool
# Session is re-exported: services name the type of the session they are handed without importing
# SQLAlchemy (pyproject's contract "Services write no SQL").
from sqlalchemy.orm import Session as Session
from sqlalchemy.orm import sessionmaker

from lien_desktop.db import audit
from lien_desktop.db.errors import DatabaseReadOnly, friendly_errors

# How long a write waits for another program's lock before "the database is locked" (milliseconds).
BUSY_TIMEOUT_MS = 5000
# Page cache per connection (KiB). An encrypted page is decrypted each time it is read from the OS
# into SQLite's cache; a cache that holds the register's working set (100,000 members is ~100 MB
# of pages, the members list and its indexes a fraction of that) keeps decrypted pages in memory.
CACHE_SIZE_KIB = 131072



WRITE_OPTION = "lien_write_transaction"  # execution option: begin with BEGIN IMMEDIATE (SQLite)

def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def check_passphrase(passphrase: str) -> str:
    if not isinstance(passphrase, str) or not passphrase:
        raise ValueError("the passphrase must not be empty")
    if "\x00" in passphrase:
        raise ValueError("the passphrase must not contain a NUL character")
    return passphrase


def key_pragma(passphrase: str, pragma: str = "key") -> str:
    """`PRAGMA key = '...'` with the passphrase as a properly quoted SQL string literal.

    SQLCipher has no bound parameters for PRAGMA key; a single-quoted literal with quotes doubled is
    exact for every character except NUL (refused above), so any passphrase is passed as typed.
    """
    return f"PRAGMA {pragma} = '{check_passphrase(passphrase).replace(chr(39), chr(39) * 2)}'"


def cipher_module() -> Any:
    import sqlcipher3

    return sqlcipher3


def connect_file(path: Path, *, passphrase: str | None = None, read_only: bool = False,
                 immutable: bool = False, timeout_ms: int | None = None, cipher_library: bool = False) -> Any:
    """A raw DB-API connection to a database file: plain sqlite3, or SQLCipher with the key applied.

    With a passphrase the key is checked at once (reading sqlite_master), so a wrong passphrase fails
    here with "file is not a database" and nothing is written. `immutable` is only for files that
    cannot change (a read-only file system); SQLite then needs no -shm/-wal files. `cipher_library`
    opens an unencrypted file through SQLCipher's SQLite build (to compare like with like).
    """
    module = cipher_module() if passphrase is not None or cipher_library else sqlite3
    params = (["mode=ro"] if read_only else []) + (["immutable=1"] if immutable else [])
    uri = Path(path).resolve().as_uri() + ("?" + "&".join(params) if params else "")
    timeout = (BUSY_TIMEOUT_MS if timeout_ms is None else timeout_ms) / 1000
    conn = module.connect(uri, uri=True, check_same_thread=False, timeout=timeout)
    try:
        if passphrase is not None:
            conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our message, not stderr noise
            conn.execute(key_pragma(passphrase))
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def _configure_sqlite(engine: Engine, read_only: bool | None = None) -> None:
    """SQLite specifics, in one place: WAL, foreign keys, real transactions.

    pysqlite's own transaction handling begins late and commits DDL implicitly; we switch it off and
    emit BEGIN ourselves (the recipe in SQLAlchemy's SQLite dialect documentation), so that a
    transaction is exactly what `Database.transaction` says it is.
    """
    if read_only is None:
        read_only = engine.url.query.get("mode") == "ro"

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
        cursor.execute(f"PRAGMA cache_size = -{int(CACHE_SIZE_KIB)}")
        if not read_only:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        # A unit of work (Database.transaction) takes the write lock at once: a deferred transaction
        # that has read (even just FTS5 reading its own structure inside an INSERT's trigger) and then
        # must wait for another writer gets SQLITE_BUSY immediately, without the busy timeout.
        immediate = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str) -> Engine:
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def make_file_engine(path: Path, *, passphrase: str | None = None, read_only: bool = False,
                     immutable: bool = False, cipher_library: bool = False) -> Engine:
    """An engine on a database file, plain or encrypted, read-write or read-only.

    A `creator` opens the connections (so the key is the first statement on every connection); the
    dialect is told which DB-API module made them so that its errors are recognised.
    """
    module = cipher_module() if passphrase is not None or cipher_library else sqlite3
    engine = create_engine(
        "sqlite+pysqlite://", module=module, poolclass=pool.QueuePool, future=True,
        creator=lambda: connect_file(path, passphrase=passphrase, read_only=read_only, immutable=immutable,
                                     cipher_library=cipher_library),
    )
    _configure_sqlite(engine, read_only=read_only)
    return engine


class Database:
    """An open database: the engine and the sessions made from it.

    `read_only`: the file (or its folder) cannot be written; `transaction()` refuses at once with a
    clear message instead of failing half-way. `encrypted`: opened with a passphrase (SQLCipher).
    `lock`: the single-instance lock held while the app has this database open (released on close).
    """

    def __init__(self, engine: Engine, path: Path | None = None, *, read_only: bool = False,
                 passphrase: str | None = None, lock: Any = None):
        self.engine = engine
        self.path = path
        self.read_only = read_only
        self._passphrase = passphrase
        self.lock = lock
        self._sessions = sessionmaker(engine, expire_on_commit=False, autoflush=True)
        audit.install(self._sessions)  # every ORM change writes its audit rows in the same transaction

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def encrypted(self) -> bool:
        return self._passphrase is not None

    @property
    def passphrase(self) -> str | None:
        """Needed to write encrypted backups with the same key; never logged or shown."""
        return self._passphrase

    def verify_passphrase(self, candidate: str) -> bool:
        """For the idle lock: does `candidate` open this database? (An unencrypted one has none.)"""
        return self._passphrase is not None and hmac.compare_digest(candidate.encode(), self._passphrase.encode())

    def refuse_if_read_only(self) -> None:
        if self.read_only:
            raise DatabaseReadOnly(f"{self.path}: the database is open read-only (its file or folder "
                                   "cannot be written); changes cannot be saved")

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed if the block ends normally, rolled back on any exception."""
        self.refuse_if_read_only()
        with friendly_errors(self.path), self._sessions.begin() as session:
            if self.is_sqlite:
                session.connection(execution_options={WRITE_OPTION: True})  # BEGIN IMMEDIATE (see above)
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads; anything it might have changed is rolled back."""
        with friendly_errors(self.path):
            session = self._sessions()
            try:
                yield session
            finally:
                session.rollback()
                session.close()

    def close(self) -> None:
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None
