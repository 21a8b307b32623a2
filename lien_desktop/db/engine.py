"""Engines and sessions. Every change runs in one transaction (`Database.transaction`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from lien_desktop.db import audit


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def _configure_sqlite(engine: Engine) -> None:
    """SQLite specifics, in one place: WAL, foreign keys, real transactions.

    pysqlite's own transaction handling begins late and commits DDL implicitly; we switch it off and
    emit BEGIN ourselves (the recipe in SQLAlchemy's SQLite dialect documentation), so that a
    transaction is exactly what `Database.transaction` says it is.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 5000")
        if not engine.url.query.get("mode") == "ro":
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        connection.exec_driver_sql("BEGIN")


def make_engine(url: str) -> Engine:
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


class Database:
    """An open database: the engine and the sessions made from it."""

    def __init__(self, engine: Engine, path: Path | None = None):
        self.engine = engine
        self.path = path
        self._sessions = sessionmaker(engine, expire_on_commit=False, autoflush=True)
        audit.install(self._sessions)  # every ORM change writes its audit rows in the same transaction

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed if the block ends normally, rolled back on any exception."""
        with self._sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads; anything it might have changed is rolled back."""
        session = self._sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def close(self) -> None:
        self.engine.dispose()
