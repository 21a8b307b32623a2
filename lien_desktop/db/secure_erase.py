"""Making deleted data really gone from the file. ** SQLite-specific (PRAGMAs, VACUUM). **

SQLite leaves deleted rows' bytes in free space and in the write-ahead log until they are reused.
For an erasure that is not enough: `secure_delete` zeroes what the erasing transaction frees, then
VACUUM rewrites the file from live data only (older fragments of edited values go too) and a
TRUNCATE checkpoint empties the WAL. Other databases: nothing to do here (their own vacuuming).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from lien_desktop.db.engine import Database


def zero_freed_space(session: Session) -> None:
    """Within the erasing transaction: freed pages and cells are overwritten with zeros."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA secure_delete = ON")


def compact(database: Database) -> bool:
    """After the erasure committed: rebuild the file and empty the WAL. False when another connection's
    open read kept the WAL from being emptied (the old pages then stay on disk until a later checkpoint)."""
    if not database.is_sqlite:
        return True
    raw = database.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.execute("VACUUM")
        busy, _frames, _done = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        cursor.close()
        return busy == 0
    finally:
        raw.close()
