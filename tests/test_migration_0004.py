"""Migration 0004 (data protection) goes down and up again cleanly, triggers included."""

import sqlite3

from alembic import command

from lien_desktop.db.migrations import alembic_config
from lien_desktop.services.database import init_database


def _objects(db_path):
    with sqlite3.connect(db_path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")}


def test_downgrade_and_upgrade_again(db_path):
    database = init_database(db_path, "Test Chapter")
    names = {"audit_log", "member_data_protection", "preferences", "audit_log_no_update", "audit_log_no_delete"}
    assert names <= _objects(db_path)
    with database.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0004-1")
    assert not names & _objects(db_path)
    assert "members" in _objects(db_path)
    with database.engine.begin() as connection:
        command.upgrade(alembic_config(connection), "heads")
    assert names <= _objects(db_path)
    database.close()
