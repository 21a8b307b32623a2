"""Each member's lawful basis and Article 9 condition: validated, audited, shown in subject access."""

import datetime as dt

import pytest

from lien_desktop.domain.data_protection import Article9Condition, AuditFilter, LawfulBasis, LawfulBasisRecord
from lien_desktop.domain.errors import NotFoundError, ValidationError
from lien_desktop.services.audit import AuditService
from lien_desktop.services.lawful_basis import LawfulBasisService
from lien_desktop.services.members import MemberService


def test_explicit_consent_needs_its_date_and_changes_are_audited(database, chapter_id):
    member = MemberService(database).add(chapter_id, {"first_name": "Eluned", "last_name": "Morgan"})
    service = LawfulBasisService(database)
    assert service.get(member.id) is None
    with pytest.raises(ValidationError, match="needs the date"):
        service.set(member.id, LawfulBasisRecord(LawfulBasis.CONSENT, Article9Condition.EXPLICIT_CONSENT))
    assert service.get(member.id) is None
    service.set(member.id, LawfulBasisRecord(LawfulBasis.CONTRACT, Article9Condition.NOT_FOR_PROFIT_BODY))
    service.set(member.id, LawfulBasisRecord(LawfulBasis.CONSENT, Article9Condition.EXPLICIT_CONSENT,
                                             dt.date(2025, 2, 3), note="signed form"))
    got = service.get(member.id)
    assert got.condition is Article9Condition.EXPLICIT_CONSENT and got.explicit_consent_on == dt.date(2025, 2, 3)
    changes = [e for e in AuditService(database).entries(AuditFilter(member_id=member.id))
               if e.table == "member_data_protection"]
    assert [e.action for e in changes] == ["update", "insert"]
    assert changes[0].before["article9_condition"] == "not_for_profit_body"
    assert changes[0].after["article9_condition"] == "explicit_consent"
    with pytest.raises(NotFoundError):
        service.set(999, LawfulBasisRecord(LawfulBasis.CONTRACT, Article9Condition.NOT_FOR_PROFIT_BODY))


def test_cli_lawful_basis(run_cli, tmp_path):
    db = tmp_path / "lb.sqlite3"
    assert run_cli("demo", "--db", db, "--members", "5").returncode == 0
    result = run_cli("lawful-basis", "--db", db, "1", "--basis", "consent", "--condition", "explicit_consent",
                     "--consent-date", "03/02/2025")
    assert result.returncode == 0 and "Explicit consent" in result.stdout and "03/02/2025" in result.stdout
    result = run_cli("lawful-basis", "--db", db, "1", "--basis", "consent", "--condition", "explicit_consent",
                     "--consent-date", "31/02/2025")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
