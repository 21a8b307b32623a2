"""Meetings: agenda, attendance, guests, motions and amendments, decisions, actions, minutes, addenda;
and per-chapter settings (the quorum rule).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('chapter_settings',
    sa.Column('chapter_id', sa.Integer(), nullable=False),
    sa.Column('quorum_kind', sa.Enum('fixed', 'percent', name='quorum_kind', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('quorum_value', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['chapter_id'], ['chapters.id'], name=op.f('fk_chapter_settings_chapter_id_chapters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('chapter_id', name=op.f('pk_chapter_settings'))
    )
    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=36), nullable=False),
    sa.Column('chapter_id', sa.Integer(), nullable=False),
    sa.Column('meeting_type', sa.Enum('general', 'committee', 'agm', 'special', 'public', name='meeting_type', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('meeting_date', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=True),
    sa.Column('end_time', sa.Time(), nullable=True),
    sa.Column('venue', sa.String(length=300), nullable=False),
    sa.Column('online_link', sa.String(length=500), nullable=False),
    sa.Column('chair_id', sa.Integer(), nullable=True),
    sa.Column('minute_taker_id', sa.Integer(), nullable=True),
    sa.Column('next_meeting', sa.String(length=300), nullable=False),
    sa.Column('quorum_required', sa.Integer(), nullable=False),
    sa.Column('minutes_status', sa.Enum('draft', 'circulated', 'approved', 'signed', name='minutes_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('circulated_on', sa.Date(), nullable=True),
    sa.Column('approved_at_meeting_id', sa.Integer(), nullable=True),
    sa.Column('approved_at_label', sa.String(length=300), nullable=False),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('approval_corrections', sa.Text(), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('signed_by', sa.String(length=200), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['approved_at_meeting_id'], ['meetings.id'], name=op.f('fk_meetings_approved_at_meeting_id_meetings'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['chair_id'], ['members.id'], name=op.f('fk_meetings_chair_id_members'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['chapter_id'], ['chapters.id'], name=op.f('fk_meetings_chapter_id_chapters'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['minute_taker_id'], ['members.id'], name=op.f('fk_meetings_minute_taker_id_members'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
    sa.UniqueConstraint('uid', name=op.f('uq_meetings_uid'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index('ix_meetings_chapter_date', ['chapter_id', 'meeting_date'], unique=False)

    op.create_table('agenda_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('ordinary', 'apologies', 'previous_minutes', 'matters_arising', 'motions', 'next_meeting', name='agenda_item_kind', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('presenter', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_agenda_items_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['agenda_items.id'], name=op.f('fk_agenda_items_parent_id_agenda_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_items'))
    )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_items_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('meeting_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('present', 'apologies', 'absent', name='attendance_kind', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('arrived_at', sa.Time(), nullable=True),
    sa.Column('left_at', sa.Time(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_attendance_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_meeting_attendance_member_id_members'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_attendance')),
    sa.UniqueConstraint('meeting_id', 'member_id', name=op.f('uq_meeting_attendance_meeting_id'))
    )
    with op.batch_alter_table('meeting_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_attendance_member_id'), ['member_id'], unique=False)

    op.create_table('meeting_guests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_guests_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_guests'))
    )
    with op.batch_alter_table('meeting_guests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_guests_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('minutes_addenda',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('added_on', sa.Date(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_minutes_addenda_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_addenda'))
    )
    with op.batch_alter_table('minutes_addenda', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minutes_addenda_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('action_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('open', 'done', 'dropped', name='action_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_items.id'], name=op.f('fk_action_items_item_id_agenda_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_action_items_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['members.id'], name=op.f('fk_action_items_owner_id_members'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_items')),
    sa.UniqueConstraint('meeting_id', 'number', name=op.f('uq_action_items_meeting_id'))
    )
    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_items_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index('ix_action_items_status', ['status'], unique=False)

    op.create_table('meeting_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_items.id'], name=op.f('fk_meeting_decisions_item_id_agenda_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_decisions_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_decisions')),
    sa.UniqueConstraint('meeting_id', 'number', name=op.f('uq_meeting_decisions_meeting_id'))
    )
    op.create_table('motions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('wording', sa.Text(), nullable=False),
    sa.Column('proposer_id', sa.Integer(), nullable=False),
    sa.Column('seconder_id', sa.Integer(), nullable=False),
    sa.Column('result', sa.Enum('pending', 'carried', 'fallen', 'withdrawn', 'remitted', 'referred', name='motion_result', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('vote_summary', sa.Enum('counted', 'unanimous', 'nem_con', name='vote_summary', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('votes_for', sa.Integer(), nullable=True),
    sa.Column('votes_against', sa.Integer(), nullable=True),
    sa.Column('abstentions', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_items.id'], name=op.f('fk_motions_item_id_agenda_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_motions_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposer_id'], ['members.id'], name=op.f('fk_motions_proposer_id_members'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['seconder_id'], ['members.id'], name=op.f('fk_motions_seconder_id_members'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_motions')),
    sa.UniqueConstraint('meeting_id', 'number', name=op.f('uq_motions_meeting_id'))
    )
    with op.batch_alter_table('motions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_motions_proposer_id'), ['proposer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_motions_seconder_id'), ['seconder_id'], unique=False)

    op.create_table('motion_amendments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('motion_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('wording', sa.Text(), nullable=False),
    sa.Column('mover_id', sa.Integer(), nullable=False),
    sa.Column('seconder_id', sa.Integer(), nullable=False),
    sa.Column('result', sa.Enum('pending', 'carried', 'fallen', 'withdrawn', 'remitted', 'referred', name='amendment_result', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('votes_for', sa.Integer(), nullable=True),
    sa.Column('votes_against', sa.Integer(), nullable=True),
    sa.Column('abstentions', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['motion_id'], ['motions.id'], name=op.f('fk_motion_amendments_motion_id_motions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mover_id'], ['members.id'], name=op.f('fk_motion_amendments_mover_id_members'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['seconder_id'], ['members.id'], name=op.f('fk_motion_amendments_seconder_id_members'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_motion_amendments'))
    )
    with op.batch_alter_table('motion_amendments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_motion_amendments_motion_id'), ['motion_id'], unique=False)



def downgrade() -> None:
    op.drop_table('motion_amendments')
    op.drop_table('motions')
    op.drop_table('meeting_decisions')
    op.drop_table('action_items')
    op.drop_table('minutes_addenda')
    op.drop_table('meeting_guests')
    op.drop_table('meeting_attendance')
    op.drop_table('agenda_items')
    op.drop_table('meetings')
    op.drop_table('chapter_settings')
