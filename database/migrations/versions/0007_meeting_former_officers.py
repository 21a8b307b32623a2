"""Meetings remember that their chair or minute-taker was erased (UK GDPR Art. 17).

Erasure sets chair_id / minute_taker_id to NULL, but a meeting may also simply have no chair recorded:
`chair_erased` and `minute_taker_erased` tell the two apart, so the heading, the minutes and the archive
say "a former member" rather than nothing. Plain ADD COLUMN on `meetings` (never a rebuild: dropping
the old table would cascade to every agenda item, attendance row and motion; see 0006).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = ("chair_erased", "minute_taker_erased")


def upgrade() -> None:
    for name in COLUMNS:
        op.add_column("meetings", sa.Column(name, sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    for name in COLUMNS:
        op.drop_column("meetings", name)  # SQLite >= 3.35: a plain DROP COLUMN, no rebuild
