"""Covering indexes for the members table: one per sort order the window offers.

The window lists a chapter's current members (chapter_id, removed_at IS NULL) in the order of one
column. Without these the database visits every member's (wide) row to sort 100,000 members:
0.2-1 s per query here; with them it reads only the index (tens of ms). See benchmarks/bench_register.py.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# name -> columns after (chapter_id, removed_at); kept in step with db/models/members.py
LIST_INDEXES = {
    "ix_members_list": ["name_key"],
    "ix_members_list_email": ["email"],
    "ix_members_list_mobile": ["mobile_phone"],
    "ix_members_list_postcode": ["postcode"],
    "ix_members_list_joined": ["joined_on"],
    "ix_members_list_status": ["status", "name_key"],
    "ix_members_list_standing": ["standing", "name_key"],
}


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        for name, columns in LIST_INDEXES.items():
            batch_op.create_index(name, ["chapter_id", "removed_at", *columns], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        for name in reversed(LIST_INDEXES):
            batch_op.drop_index(name)
