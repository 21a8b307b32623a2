"""Every committed schema snapshot upgrades to the current head, and the models match the migrations."""

import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from conftest import REPO
from lien_desktop.db.base import Base
from lien_desktop.db.migrations import head_revisions
from lien_desktop.services.database import check_database, init_database, open_existing
from lien_desktop.services.members import MemberService
from lien_desktop.domain.members import MemberFilter

SNAPSHOTS = sorted((REPO / "database" / "snapshots").glob("schema-*.sqlite3"))


def test_there_is_a_snapshot_of_the_first_schema():
    assert any(p.name == "schema-0001.sqlite3" for p in SNAPSHOTS)


@pytest.mark.parametrize("snapshot", SNAPSHOTS, ids=lambda p: p.stem)
def test_snapshot_upgrades_to_head_keeping_members(snapshot: Path, tmp_path):
    copy = tmp_path / snapshot.name
    shutil.copy(snapshot, copy)  # never touch the committed fixture
    database = open_existing(copy)
    try:
        with database.engine.connect() as conn:
            assert set(MigrationContext.configure(conn).get_current_heads()) == head_revisions()
        chapter_id = 1
        assert len(MemberService(database).ids(chapter_id, MemberFilter())) == 40
    finally:
        database.close()
    assert check_database(copy).ok


def test_models_match_migrations(db_path):
    database = init_database(db_path)
    try:
        with database.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diffs = [d for d in compare_metadata(context, Base.metadata)
                     if not (isinstance(d, tuple) and "member_search" in str(d))]
        assert diffs == []
    finally:
        database.close()


def test_revision_ids_read_without_alembic_agree_with_alembic():
    from lien_desktop.db.migrations import known_revisions, script_directory

    scripts = script_directory()
    assert head_revisions() == set(scripts.get_heads())
    assert known_revisions() == {rev.revision for rev in scripts.walk_revisions()}
