"""The contract another area (meetings) relies on: its provider is asked for sections and erases first,
while the member row still exists, inside the erasure's transaction with auditing off."""

import pytest
from sqlalchemy import select

from lien_desktop.db.models import AuditEntry, Member
from lien_desktop.domain.data_protection import Section
from lien_desktop.services import personal_data
from lien_desktop.services.erasure import erase_member
from lien_desktop.services.members import MemberService
from lien_desktop.services.subject_access import build_report


class MinutesLikeProvider:
    """Stands for the meetings provider: reads the person's name before the register deletes it."""

    name = "minutes"
    erase_order = 10

    def __init__(self):
        self.seen_names: list[str] = []

    def collect(self, session, member_id):
        return [Section("Meetings attended", ("Meeting",), [("AGM 2025",)], position=40)]

    def erase(self, session, member_id):
        member = session.get(Member, member_id)
        self.seen_names.append(f"{member.first_name} {member.last_name}")
        return 3


@pytest.fixture
def provider(monkeypatch):
    found = MinutesLikeProvider()
    monkeypatch.setattr(personal_data, "_extra", [found])
    return found


def test_a_registered_provider_contributes_sections_in_position(database, chapter_id, provider):
    member = MemberService(database).add(chapter_id, {"first_name": "Aled", "last_name": "Rhŷs"})
    titles = [s.title for s in build_report(database, str(member.id)).sections]
    assert titles.index("Officer posts") < titles.index("Meetings attended") < titles.index("Audit trail")


def test_providers_erase_in_order_before_the_member_row_goes(database, chapter_id, provider):
    member = MemberService(database).add(chapter_id, {"first_name": "Aled", "last_name": "Rhŷs"})
    result = erase_member(database, member.id)
    assert provider.seen_names == ["Aled Rhŷs"]
    assert result.records_removed == 1 + 3  # the member row, and what the provider reported
    with database.reading() as session:
        assert session.scalars(select(AuditEntry.label).where(AuditEntry.action == "delete")).all() == []
    assert [p.name for p in personal_data.providers()] == ["meetings", "minutes", "register", "audit trail"]


def test_redact_text_scrubs_a_name_from_other_records_entries(database, chapter_id, db_path):
    """What the meetings provider will call for minutes that mention the person."""
    import sqlite3

    from lien_desktop.db.audit import record_bulk
    from lien_desktop.db.repositories.audit import AuditRepository

    with database.transaction() as session:
        record_bulk(session, "bulk", "minutes", 1, "draft mentions Siân Llŷr twice: Siân Llŷr")
        session.execute(AuditEntry.__table__.insert().values(
            table_name="minutes", record_id="7", label="minutes of the AGM", action="update", fields='["text"]',
            before_values='{"text": "Proposed by Siân Llŷr."}', after_values='{"text": "Proposed by SIÂN LLŶR; agreed"}'))
    with database.transaction() as session:
        changed = AuditRepository(session).redact_text(["minutes"], ["Siân Llŷr"], "a former member")
    assert changed == 2
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT label, before_values, after_values, detail, redacted_at IS NOT NULL "
                            "FROM audit_log WHERE table_name = 'minutes' ORDER BY id").fetchall()
    assert rows[0][3] == "draft mentions a former member twice: a former member" and rows[0][4]
    assert rows[1][:3] == ("[erased]", '{"text": "Proposed by a former member."}',
                           '{"text": "Proposed by a former member; agreed"}')
    assert "Llŷr" not in repr(rows) and "LLŶR" not in repr(rows)
