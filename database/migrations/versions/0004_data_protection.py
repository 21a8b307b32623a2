"""Data protection: the append-only audit log, each member's lawful basis, preferences.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 23:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("secretary", sa.String(length=200), nullable=False),
        sa.Column("os_user", sa.String(length=100), nullable=False),
        sa.Column("chapter_id", sa.Integer(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("table_name", sa.String(length=50), nullable=False),
        sa.Column("record_id", sa.String(length=50), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("before_values", sa.Text(), nullable=False),
        sa.Column("after_values", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("redacted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_chapter_id"), ["chapter_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_action"), ["action"], unique=False)
        batch_op.create_index("ix_audit_log_member", ["member_id"], unique=False)
        batch_op.create_index("ix_audit_log_record", ["table_name", "record_id"], unique=False)

    op.create_table(
        "member_data_protection",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("lawful_basis", sa.Enum("contract", "legitimate_interests", "consent", name="lawful_basis",
                                          native_enum=False, create_constraint=True, length=30), nullable=False),
        sa.Column("article9_condition", sa.Enum("not_for_profit_body", "explicit_consent", name="article9_condition",
                                                native_enum=False, create_constraint=True, length=30), nullable=False),
        sa.Column("explicit_consent_on", sa.Date(), nullable=True),
        sa.Column("recorded_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_member_data_protection_member_id_members"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_member_data_protection")),
    )
    op.create_table(
        "preferences",
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_preferences")),
    )
    if op.get_bind().dialect.name == "sqlite":
        # SQLite only: the database itself refuses to rewrite history. DELETE is never allowed; the one
        # UPDATE allowed is erasure's redaction of an entry about an erased person (once, marked).
        for statement in _SQLITE_APPEND_ONLY:
            op.execute(statement)


_SQLITE_APPEND_ONLY = [
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
        SELECT RAISE(ABORT, 'the audit trail is append-only');
    END""",
    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    WHEN NOT (OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL AND NEW.id = OLD.id
              AND NEW.at = OLD.at AND NEW.action = OLD.action AND NEW.table_name = OLD.table_name
              AND NEW.record_id = OLD.record_id AND NEW.os_user = OLD.os_user
              AND NEW.member_id IS NULL AND NEW.label = '[erased]')
    BEGIN
        SELECT RAISE(ABORT, 'the audit trail is append-only');
    END""",
]


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    op.drop_table("preferences")
    op.drop_table("member_data_protection")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_record")
        batch_op.drop_index("ix_audit_log_member")
        batch_op.drop_index(batch_op.f("ix_audit_log_action"))
        batch_op.drop_index(batch_op.f("ix_audit_log_chapter_id"))
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))
    op.drop_table("audit_log")
