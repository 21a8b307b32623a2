"""Meetings after an erasure (UK GDPR Art. 17): proposer, seconder, mover and action owner may be NULL
("a former member"), an addendum can hold the fingerprint of signed minutes after a redaction, and a
meeting counts the attendance of people since erased (former_present, former_apologies, former_absent).

SQLite: the audit trail's append-only trigger now lets an entry already redacted be redacted again
(only ever towards "[erased]", never un-redacted): the same minutes text can name two people erased one
after the other, and the second erasure must be able to scrub its entries too.

SQLite rebuilds a table to change a column's nullability (batch mode). The migration runs inside one
transaction with foreign keys ON, where `PRAGMA foreign_keys = OFF` is a no-op, so dropping the old
`motions` table would cascade to `motion_amendments`: the amendments are kept aside and put back.
Only meetings tables are touched (batch mode on `members` would drop its search triggers). The new
columns of `meetings` are added with a plain ADD COLUMN, never a rebuild: dropping the old `meetings`
table would cascade to every agenda item, attendance row and motion.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

NULLABLE = {
    "motions": ("proposer_id", "seconder_id"),
    "motion_amendments": ("mover_id", "seconder_id"),
    "action_items": ("owner_id",),
}


def _amendments() -> tuple[list[str], list[tuple]]:
    result = op.get_bind().execute(sa.text("SELECT * FROM motion_amendments"))
    return list(result.keys()), [tuple(r) for r in result]


def _restore_amendments(columns: list[str], rows: list[tuple]) -> None:
    bind = op.get_bind()
    bind.execute(sa.text("DELETE FROM motion_amendments"))
    if rows:
        names = ", ".join(columns)
        marks = ", ".join(f":{c}" for c in columns)
        bind.execute(sa.text(f"INSERT INTO motion_amendments ({names}) VALUES ({marks})"),
                     [dict(zip(columns, r)) for r in rows])


def _set_nullable(nullable: bool) -> None:
    columns, rows = _amendments()
    for table, names in NULLABLE.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in names:
                batch_op.alter_column(name, existing_type=sa.Integer(), nullable=nullable)
    _restore_amendments(columns, rows)


FORMER_COUNTS = ("former_present", "former_apologies", "former_absent")


_TRIGGER = """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    WHEN NOT ({old} AND NEW.redacted_at IS NOT NULL AND NEW.id = OLD.id
              AND NEW.at = OLD.at AND NEW.action = OLD.action AND NEW.table_name = OLD.table_name
              AND NEW.record_id = OLD.record_id AND NEW.os_user = OLD.os_user
              AND NEW.member_id IS NULL AND NEW.label = '[erased]')
    BEGIN
        SELECT RAISE(ABORT, 'the audit trail is append-only');
    END"""
_ONCE = "OLD.redacted_at IS NULL"
_AGAIN = "(OLD.redacted_at IS NULL OR (OLD.member_id IS NULL AND OLD.label = '[erased]'))"


def _replace_trigger(condition: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute(_TRIGGER.format(old=condition))


def upgrade() -> None:
    _replace_trigger(_AGAIN)
    _set_nullable(True)
    for name in FORMER_COUNTS:
        op.add_column("meetings", sa.Column(name, sa.Integer(), server_default="0", nullable=False))
    with op.batch_alter_table("minutes_addenda", schema=None) as batch_op:
        batch_op.add_column(sa.Column("redacted_fingerprint", sa.String(length=64), server_default="",
                                      nullable=False))


def downgrade() -> None:
    # Refused (NOT NULL constraint) while an erased person's motions or actions exist.
    with op.batch_alter_table("minutes_addenda", schema=None) as batch_op:
        batch_op.drop_column("redacted_fingerprint")
    for name in FORMER_COUNTS:
        op.drop_column("meetings", name)  # SQLite >= 3.35: a plain DROP COLUMN, no rebuild
    _set_nullable(False)
    _replace_trigger(_ONCE)
