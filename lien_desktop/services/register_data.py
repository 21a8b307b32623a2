"""The register's and the audit trail's part in subject access and erasure (see personal_data.py)."""

from __future__ import annotations

import datetime as dt

from lien_desktop.db.engine import Session
from lien_desktop.db.models import Member, MemberDataProtection
from lien_desktop.db.repositories.audit import AuditRepository
from lien_desktop.db.repositories.members import MemberRepository, to_record
from lien_desktop.domain.data_protection import Section, describe_change
from lien_desktop.domain.errors import NotFoundError, field_label
from lien_desktop.domain.members import MEMBER_FIELDS, MemberStatus, StandingKind
from lien_desktop.domain.validation import display_phone, format_uk_date


def text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M") + " UTC"
    if isinstance(value, dt.date):
        return format_uk_date(value)
    if isinstance(value, (MemberStatus, StandingKind)):
        return value.label
    return str(getattr(value, "value", value))


def _member(session: Session, member_id: int) -> Member | None:
    try:
        return MemberRepository(session).get(member_id)
    except NotFoundError:
        return None


class RegisterProvider:
    """The member's own record and everything hanging from it."""

    name = "register"
    erase_order = 50

    def collect(self, session: Session, member_id: int) -> list[Section]:
        member = _member(session, member_id)
        if member is None:
            return []
        record = to_record(member)
        details = Section("Details", ("Field", "Value"), position=10)
        for name in MEMBER_FIELDS:
            value = getattr(record.data, name)
            if name in ("mobile_phone", "home_phone") and value:
                value = display_phone(value)
            details.rows.append((field_label(name), text(value)))
        details.rows += [
            ("Member id", str(record.id)),
            ("Current Labour standing", text(record.standing)),
            ("Record created", text(record.created_at)),
            ("Last changed", text(record.updated_at)),
            ("Removed from the list", text(record.removed_at) if record.removed_at else "no"),
        ]
        basis = session.get(MemberDataProtection, member_id)
        lawful = Section("Lawful basis", ("Item", "Value"), position=15,
                         note="Why the chapter holds these data (UK GDPR Articles 6 and 9).")
        if basis is None:
            lawful.rows.append(("Lawful basis", "not recorded"))
        else:
            lawful.rows += [
                ("Lawful basis (Art. 6)", basis.lawful_basis.label),
                ("Special-category condition (Art. 9)", basis.article9_condition.label),
                ("Explicit consent given on", text(basis.explicit_consent_on)),
                ("Recorded on", text(basis.recorded_on)),
                ("Note", basis.note),
            ]
        standing = Section("Labour standing timeline", ("Date", "Event", "Note", "Recorded"), position=20)
        standing.rows = [(text(e.event_date), e.kind.label, e.note, text(e.recorded_at))
                         for e in record.standing_events]
        consents = Section("Contact consents", ("Channel", "Granted", "Recorded on", "Source", "Withdrawn on"),
                           position=25)
        consents.rows = [(c.channel.label, text(c.granted), text(c.recorded_on), c.source, text(c.withdrawn_on))
                         for c in record.consents]
        tags = Section("Tags", ("Tag",), position=30)
        tags.rows = [(t,) for t in record.data.tags]
        posts = Section("Officer posts", ("Post", "From", "To"), position=35)
        posts.rows = [(p.title, text(p.start_date), text(p.end_date)) for p in record.officer_posts]
        return [details, lawful, standing, consents, tags, posts]

    def erase(self, session: Session, member_id: int) -> int:
        member = _member(session, member_id)
        if member is None:
            return 0
        count = 1 + len(member.standing_events) + len(member.officer_posts) + len(member.consents) + len(member.tags)
        basis = session.get(MemberDataProtection, member_id)
        if basis is not None:
            session.delete(basis)
            count += 1
        member.tags = []
        session.delete(member)  # cascades to the timeline, posts and consents
        session.flush()
        return count


class AuditTrailProvider:
    """Audit entries about the person; erasure redacts their values (the entries themselves stay)."""

    name = "audit trail"
    erase_order = 90

    def collect(self, session: Session, member_id: int) -> list[Section]:
        repo = AuditRepository(session)
        ids = repo.entry_ids_about(member_id)
        if not ids:
            return []
        records = repo.records(ids)
        section = Section("Audit trail", ("When (UTC)", "By", "Record", "Action", "Changes"), position=90,
                          note="Every recorded change to the data above.", weights=(1.1, 1, 1.3, 0.8, 4))
        for i in ids:
            r = records[i]
            section.rows.append((
                r.at.strftime("%d/%m/%Y %H:%M:%S"), " / ".join(x for x in (r.secretary, r.os_user) if x),
                f"{r.table} {r.record_id}".strip(), r.action, describe_change(r.action, r.fields, r.before, r.after),
            ))
        return [section]

    def erase(self, session: Session, member_id: int) -> int:
        return AuditRepository(session).redact_member(member_id)


PROVIDERS = [RegisterProvider(), AuditTrailProvider()]
