"""Opening, creating and checking the database file: what the GUI does at start-up and `check` does."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lien_desktop.db.engine import Database
from lien_desktop.db.migrations import head_revisions
from lien_desktop.db.opening import (create_database, inspect_file, looks_encrypted, open_database,
                                     refresh_planner_statistics, schema_revisions)
from lien_desktop.db.repositories.chapters import ChapterRepository
from lien_desktop.db.search_index import integrity_failures
from lien_desktop.domain.errors import DatabaseRefused
from lien_desktop.domain.members import Chapter
from lien_desktop.services.startup import resolve_db_path


def open_existing(path: str | Path | None, *, passphrase: str | None = None, lock: bool = False) -> Database:
    """Open a database that must exist; migrate it to the current schema if it is older.

    `passphrase`: for an encrypted database (ignored for an unencrypted one). `lock=True`: the GUI's
    single-instance lock (a second copy of the app is refused with "already open").
    """
    return open_database(resolve_db_path(path), passphrase=passphrase, lock=lock)


def open_or_create(path: str | Path | None, *, passphrase: str | None = None, lock: bool = False,
                   refresh_statistics: bool = True) -> Database:
    """Open, or create (encrypted when a passphrase is given) if there is no file yet.

    `refresh_statistics=False`: the caller calls refresh_statistics(database) later (the window, after
    its first paint)."""
    return open_database(resolve_db_path(path), create=True, passphrase=passphrase, lock=lock,
                         refresh_statistics=refresh_statistics)


def refresh_statistics(database: Database) -> None:
    """Fresh query-planner statistics (searches choose their index by them); a failure only costs speed."""
    refresh_planner_statistics(database)


def needs_passphrase(path: str | Path | None) -> bool:
    """Is the database file encrypted (so the unlock screen must ask for the passphrase)?"""
    return looks_encrypted(resolve_db_path(path))


def init_database(path: str | Path | None, chapter_name: str = "", constituency: str = "", *,
                  passphrase: str | None = None) -> Database:
    """Create an empty database at the current schema, optionally with its first chapter.
    With a passphrase the database is encrypted (SQLCipher)."""
    target = resolve_db_path(path)
    database = create_database(target, passphrase=passphrase)
    if chapter_name or constituency:
        from lien_desktop.services.chapters import ChapterService

        ChapterService(database).create(chapter_name, constituency)
    return database


@dataclass(slots=True)
class CheckReport:
    path: Path
    schema: list[str] = field(default_factory=list)
    expected_schema: list[str] = field(default_factory=list)
    integrity: str = ""
    encryption: str = ""
    access: str = ""
    search_index: str = ""
    chapters: list[Chapter] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [
            f"database: {self.path}",
            f"schema: {', '.join(self.schema) or 'none'} (this version of the app: {', '.join(self.expected_schema)})",
            f"integrity: {self.integrity}",
            f"encryption: {self.encryption}",
            f"access: {self.access}",
            f"search index: {self.search_index}",
        ]
        if self.chapters:
            for chapter in self.chapters:
                out.append(f"chapter: {chapter.name} ({chapter.member_count} members)")
        else:
            out.append("chapters: none yet")
        out.extend(f"problem: {p}" for p in self.problems)
        out.append("result: ok" if self.ok else "result: PROBLEMS FOUND")
        return out


def check_database(path: str | Path | None, *, passphrase: str | None = None) -> CheckReport:
    """Schema version and full integrity check, as at start-up. Raises DatabaseRefused for an
    unusable file (damaged, not ours, newer, encrypted without the right passphrase)."""
    target = resolve_db_path(path)
    inspection = inspect_file(target, full_check=True, passphrase=passphrase)
    report = CheckReport(path=target, integrity=inspection.integrity, expected_schema=sorted(head_revisions()),
                         encryption="SQLCipher (passphrase)" if inspection.encrypted else "none (not encrypted)",
                         access="read-write" if inspection.writable else "read-only")
    database = open_database(target, passphrase=passphrase)  # migrates an older schema, as the app would
    try:
        report.schema = sorted(schema_revisions(database))
        if set(report.schema) != set(report.expected_schema):
            report.problems.append("schema is not at this version's head")
        report.search_index = "ok"
        # FTS5's integrity check is an INSERT command, which a read-only database refuses.
        failures = [] if database.read_only else integrity_failures(database.engine)
        if database.read_only:
            report.search_index = "not checked (read-only database)"
        for exc in failures:
            report.search_index = f"damaged ({exc.__class__.__name__}); rebuild it"
            report.problems.append("search index does not match the members")
        with database.reading() as session:
            report.chapters = ChapterRepository(session).all()
    finally:
        database.close()
    return report


def known_constituency_codes() -> set[str]:
    from lien_desktop.io import constituencies  # the CSV reader and its column rules: not at start-up

    return set(constituencies.by_code())


__all__ = [
    "CheckReport",
    "DatabaseRefused",
    "check_database",
    "init_database",
    "needs_passphrase",
    "open_existing",
    "open_or_create",
    "refresh_statistics",
    "resolve_db_path",
]
