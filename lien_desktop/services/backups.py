"""Backups: "Back up now", automatic rotating backups on close, and restore.

Every copy goes through the SQLite online backup API (db/sqlite_copy.py: SQLite-only; PostgreSQL
backups are out of scope for now). A backup of an encrypted database is encrypted with the same
passphrase. A restore verifies the backup (integrity, ours, schema not newer) and migrates an older
one *before* anything is replaced, and keeps the current database as a safety copy.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lien_desktop.db.engine import Database, connect_file
from lien_desktop.db.errors import friendly_errors
from lien_desktop.db.instance_lock import InstanceLock
from lien_desktop.db.opening import inspect_file, open_database
from lien_desktop.db.sqlite_copy import (
    PageProgress, backup_database, copy_file_database, fsync_folder, partial_path, remove_quietly,
)
from lien_desktop.domain.errors import DatabaseRefused, LienError
from lien_desktop.paths import data_dir

BACKUP_FOLDER_NAME = "backups"
STAMP_FORMAT = "%Y%m%d-%H%M%S"


def backup_now(database: Database, destination: Path | str, *, overwrite: bool = False,
               progress: PageProgress | None = None, check: Callable[[], None] | None = None) -> Path:
    """Write a verified, consistent copy of the open database to `destination` (the app may keep
    writing meanwhile). Refuses to overwrite an existing file unless `overwrite`."""
    destination = Path(destination).expanduser()
    if destination.exists() and not overwrite:
        raise LienError(f"{destination}: a file already exists there; choose another name")
    if database.path is not None and destination.resolve() == Path(database.path).resolve():
        raise LienError(f"{destination}: is the database itself; choose another file for the backup")
    if not destination.parent.is_dir():
        raise LienError(f"{destination.parent}: no such folder")
    with friendly_errors(destination):
        try:
            backup_database(database, destination, progress=progress, check=check)
        except PermissionError as exc:
            raise LienError(f"{destination}: cannot be written ({exc.strerror})") from None
    return destination


def backup_file(path: Path | str, destination: Path | str, *, passphrase: str | None = None,
                overwrite: bool = False, progress: PageProgress | None = None) -> Path:
    """The command line's backup: open the database (checked as at start-up), copy, close."""
    database = open_database(Path(path), passphrase=passphrase)
    try:
        return backup_now(database, destination, overwrite=overwrite, progress=progress)
    finally:
        database.close()


# --- automatic rotating backups -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class BackupPolicy:
    """How many automatic backups to keep: the newest `keep_last`, plus the newest of each of the
    last `keep_daily` days and of each of the last `keep_weekly` ISO weeks that have backups."""

    keep_last: int = 10
    keep_daily: int = 7
    keep_weekly: int = 8


def backup_folder() -> Path:
    return data_dir() / BACKUP_FOLDER_NAME


def _pattern(stem: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(stem)}-(\d{{8}}-\d{{6}})\.sqlite3$")


def automatic_backups(database_path: Path, folder: Path | None = None) -> list[tuple[dt.datetime, Path]]:
    """The automatic backups of one database, newest first."""
    folder = folder or backup_folder()
    pattern = _pattern(Path(database_path).stem)
    found = []
    if folder.is_dir():
        for entry in folder.iterdir():
            match = pattern.match(entry.name)
            if match:
                found.append((dt.datetime.strptime(match.group(1), STAMP_FORMAT), entry))
    return sorted(found, reverse=True)


def to_keep(stamps: list[dt.datetime], policy: BackupPolicy) -> set[dt.datetime]:
    newest_first = sorted(stamps, reverse=True)
    keep = set(newest_first[: max(policy.keep_last, 1)])
    for key, limit in ((lambda s: s.date(), policy.keep_daily), (lambda s: s.isocalendar()[:2], policy.keep_weekly)):
        seen: list[object] = []
        for stamp in newest_first:
            bucket = key(stamp)
            if bucket not in seen:
                if len(seen) >= limit:
                    break
                seen.append(bucket)
                keep.add(stamp)
    return keep


def automatic_backup(database: Database, *, folder: Path | None = None, policy: BackupPolicy | None = None,
                     now: dt.datetime | None = None, progress: PageProgress | None = None) -> Path:
    """The backup the app makes on close, then the rotation (older automatic backups beyond the
    policy are deleted; files we did not name are never touched)."""
    if database.path is None:
        raise LienError("this database has no file to back up")
    folder = folder or backup_folder()
    folder.mkdir(parents=True, exist_ok=True)
    policy = policy or BackupPolicy()
    stamp = (now or dt.datetime.now()).replace(microsecond=0)
    existing = {s for s, _ in automatic_backups(database.path, folder)}
    while stamp in existing:
        stamp += dt.timedelta(seconds=1)
    destination = folder / f"{Path(database.path).stem}-{stamp.strftime(STAMP_FORMAT)}.sqlite3"
    backup_now(database, destination, progress=progress)
    backups = automatic_backups(database.path, folder)
    keep = to_keep([s for s, _ in backups], policy)
    for stamp_, path in backups:
        if stamp_ not in keep:
            path.unlink(missing_ok=True)
    return destination


# --- restore --------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class RestoreResult:
    database: Path
    safety_copy: Path | None
    migrated: bool


def safety_copy_path(target: Path, now: dt.datetime | None = None) -> Path:
    stamp = (now or dt.datetime.now()).strftime(STAMP_FORMAT)
    candidate = target.with_name(f"{target.name}.before-restore-{stamp}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = target.with_name(f"{target.name}.before-restore-{stamp}-{n}")
    return candidate


def restore_backup(backup: Path | str, target: Path | str, *, passphrase: str | None = None,
                   progress: PageProgress | None = None) -> RestoreResult:
    """Put a backup in place of the database at `target` (which may not exist yet).

    Order: lock the target (refused if the app has it open); verify the backup (full integrity
    check, ours, schema not newer); copy it beside the target and migrate that copy if older, and
    verify it again; checkpoint the current database; keep it as `<target>.before-restore-<time>`;
    then move the new file into place. A failure at any step before the last leaves the target as it was.
    """
    backup, target = Path(backup).expanduser(), Path(target).expanduser()
    if not backup.is_file():
        raise LienError(f"{backup}: no such backup file")
    if target.exists() and backup.resolve() == target.resolve():
        raise LienError(f"{backup}: is the database itself")
    target.parent.mkdir(parents=True, exist_ok=True)
    with InstanceLock(target):
        inspection = inspect_file(backup, full_check=True, passphrase=passphrase)
        key = passphrase if inspection.encrypted else None
        staged = partial_path(target, "restoring")
        try:
            copy_file_database(backup, staged, key, progress)
            migrated = inspection.needs_upgrade
            if migrated:
                open_database(staged, passphrase=key).close()  # migrates, in one transaction
                _settle(staged, key)
            inspect_file(staged, full_check=True, passphrase=key)
            safety = _set_current_aside(target, passphrase) if target.exists() else None
            os.replace(staged, target)
            for suffix in ("-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            fsync_folder(target.parent)
        except BaseException:
            remove_quietly(staged)
            raise
    return RestoreResult(database=target, safety_copy=safety, migrated=migrated)


def _settle(path: Path, passphrase: str | None) -> None:
    """Fold the -wal into the main file and leave a self-contained file."""
    conn = connect_file(path, passphrase=passphrase)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()
    finally:
        conn.close()


def _set_current_aside(target: Path, passphrase: str | None) -> Path:
    """Keep the current database (with anything still in its -wal) as the safety copy.

    If it opens, its WAL is checkpointed into the main file first. Either way the main file is
    hard-linked (or copied) to the safety name, and a remaining -wal is moved beside it, because a
    stale -wal beside the restored file would be replayed into it.
    """
    safety = safety_copy_path(target)
    try:
        _settle(target, passphrase if not _plain(target) else None)
    except Exception:  # noqa: BLE001 - a damaged/foreign-key database is kept exactly as it is
        pass
    try:
        os.link(target, safety)
    except OSError:
        shutil.copy2(target, safety)
    wal = Path(f"{target}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        os.replace(wal, Path(f"{safety}-wal"))
    return safety


def _plain(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


__all__ = [
    "BackupPolicy", "DatabaseRefused", "RestoreResult", "automatic_backup", "automatic_backups",
    "backup_file", "backup_folder", "backup_now", "restore_backup", "to_keep",
]
