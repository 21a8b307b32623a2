"""Write database/snapshots/schema-<head>.sqlite3: a small demo database at the current schema.

Run once per released schema revision (python database/make_snapshot.py) and commit the file;
tests/test_migrations.py upgrades a copy of every snapshot to the current head.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lien_desktop.db.migrations import head_revisions  # noqa: E402
from lien_desktop.services.database import init_database  # noqa: E402
from lien_desktop.services.demo import fill_demo  # noqa: E402


def main() -> None:
    heads = sorted(head_revisions())
    target = Path(__file__).resolve().parent / "snapshots" / f"schema-{'+'.join(heads)}.sqlite3"
    target.unlink(missing_ok=True)
    database = init_database(target, "Snapshot chapter", "E14001063")
    fill_demo(database, members=40, seed=11, chapter_name="Snapshot chapter")
    database.close()
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    conn.execute("VACUUM")
    conn.close()
    print(target)


if __name__ == "__main__":
    main()
