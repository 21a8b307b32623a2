"""Subject access: everything held about one person, as a PDF and an .xlsx written into a folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lien_desktop.db.audit import current_os_user
from lien_desktop.db.base import utcnow
from lien_desktop.db.engine import Database
from lien_desktop.db.repositories.data_protection import DataProtectionRepository
from lien_desktop.domain.data_protection import SubjectAccessReport
from lien_desktop.domain.errors import LienError
from lien_desktop.io.sar_pdf import write_sar_pdf
from lien_desktop.io.table_files import Sheet, write_xlsx
from lien_desktop.services.personal_data import collect_all
from lien_desktop.services.preferences import PreferencesService


@dataclass(frozen=True, slots=True)
class MemberMatch:
    member_id: int
    name: str
    confidential: bool


def _name(first: str, preferred: str, last: str) -> str:
    return f"{preferred or first} {last}".strip()


def find_member(database: Database, subject: str) -> MemberMatch | None:
    """A member id, or an email or Labour membership number matching exactly one member (removed ones
    included). None when nothing matches; refused when several do."""
    wanted = subject.strip()
    if not wanted:
        raise LienError("say which member: a member id, an email address or a membership number")
    with database.reading() as session:
        rows = DataProtectionRepository(session).members_identified_by(wanted)
    if len(rows) > 1:
        ids = ", ".join(str(r[0]) for r in rows[:10])
        raise LienError(f"“{wanted}” matches {len(rows)} members (ids {ids}); give the member id instead")
    if not rows:
        return None
    r = rows[0]
    return MemberMatch(r[0], _name(r[1], r[2], r[3]), bool(r[4]))


def build_report(database: Database, subject: str) -> SubjectAccessReport:
    match = find_member(database, subject)
    prefs = PreferencesService(database).get()
    by = " / ".join(x for x in (prefs.secretary_name, current_os_user()) if x)
    report = SubjectAccessReport(subject=subject.strip(), member_id=match.member_id if match else None,
                                 name=match.name if match else "", confidential=bool(match and match.confidential),
                                 generated_at=utcnow(), generated_by=by)
    if match is not None:
        with database.reading() as session:
            report.sections = collect_all(session, match.member_id)
    return report


def report_sheets(report: SubjectAccessReport) -> list[Sheet]:
    about = [("Subject", report.subject), ("Name", report.name),
             ("Member id", "" if report.member_id is None else report.member_id),
             ("Produced (UTC)", report.generated_at.strftime("%Y-%m-%d %H:%M:%S")), ("Produced by", report.generated_by),
             ("Confidential", "CONFIDENTIAL: send only to the person themselves" if report.confidential else "no")]
    sheets = [Sheet("About this report", ("Item", "Value"), about)]
    sheets += [Sheet(s.title, s.columns, s.rows) for s in report.sections]
    return sheets


def write_report(report: SubjectAccessReport, out_dir: Path) -> list[Path]:
    """Write the PDF and the .xlsx (one sheet per section) into out_dir; the names hold no personal data."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise LienError(f"{out_dir}: is a file, not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        stem = f"subject-access-member-{report.member_id}-{report.generated_at:%Y%m%d-%H%M%S}"
        return [write_sar_pdf(out_dir / f"{stem}.pdf", report),
                write_xlsx(out_dir / f"{stem}.xlsx", report_sheets(report))]
    except OSError as exc:
        raise LienError(f"{out_dir}: cannot write the report there ({exc.strerror})") from None


def subject_access(database: Database, subject: str, out_dir: Path) -> tuple[SubjectAccessReport, list[Path]]:
    """The one action: find the person, gather everything, write both files (nothing when nothing is held)."""
    report = build_report(database, subject)
    if not report.holds_anything:
        return report, []
    return report, write_report(report, out_dir)
