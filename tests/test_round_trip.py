"""Round trip (issue 3): a register exported with the "full" profile and imported into an empty database
gives the same members — own fields, tags, current Labour standing and its date, consents and current
officer posts — from .xlsx and from .csv. Importing the export back into the same register changes nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from sqlalchemy import select

from lien_desktop.db.models import Member
from lien_desktop.db.repositories.exporting import ExportRepository
from lien_desktop.domain.export_profiles import ExportMember
from lien_desktop.domain.members import Consent, ConsentChannel, OfficerPost, StandingKind
from lien_desktop.io.constituencies import by_code
from lien_desktop.services.chapters import ChapterService
from lien_desktop.services.database import init_database, open_existing
from lien_desktop.services.demo import fill_demo
from lien_desktop.services.exporting import ExportService
from lien_desktop.services.importing import ImportService
from lien_desktop.services.members import MemberService

TEN_LINES = "\n".join(f"line {i}: met at the café, said “yes”" for i in range(1, 11))

AWKWARD = [
    # (own fields and tags, standing timeline, consents, posts)
    ({"first_name": "Siân", "last_name": "Ó Briain-Łukasiewicz", "preferred_name": "Zoë", "email": "sian@example.org",
      "town": "Ystradgynlais", "postcode": "SA9 1AA", "notes": TEN_LINES, "tags": ("Café crew", "=SUM(A1)")},
     [(StandingKind.MEMBER, dt.date(2015, 3, 1)), (StandingKind.SUSPENDED, dt.date(2023, 5, 2)),
      (StandingKind.APPEAL_LODGED, dt.date(2023, 6, 9))],
     [Consent(ConsentChannel.EMAIL, True, dt.date(2022, 1, 3)), Consent(ConsentChannel.POST, False, dt.date(2021, 2, 4))],
     ["Chair", "Women's officer"]),
    ({"first_name": "=Ada", "last_name": "+Lovelace", "email": "ada@example.org", "mobile_phone": "+44 7700 900123",
      "address_line1": "@home", "address_line2": "-1 Basement flat", "status": "lapsed"},
     [(StandingKind.EXPELLED, dt.date(2022, 11, 30))],
     [Consent(ConsentChannel.PHONE, True, dt.date(2020, 7, 1), withdrawn_on=dt.date(2024, 2, 29))], []),
    ({"first_name": "'Tis", "last_name": "O'Neill", "preferred_name": "'=not a formula", "email": "tis@example.org",
      "home_phone": "+33 1 23 45 67 89", "trade_union": "Unite", "status": "left", "joined_on": dt.date(2001, 1, 2)},
     [], [], ["Treasurer"]),
    ({"first_name": "Conf", "last_name": "Idential", "email": "conf@example.org", "confidential": True,
      "labour_membership_number": "L1234567", "tags": ("Sensitive",)},
     [(StandingKind.NOTICE_OF_INVESTIGATION, dt.date(2024, 1, 15))],
     [Consent(ConsentChannel.EMAIL, False, dt.date(2024, 1, 16))], ["Secretary"]),
    # Separators inside one value: each tag and post must come back whole (see domain/list_cells.py).
    ({"first_name": "Sep", "last_name": "Arator", "email": "sep@example.org",
      "tags": ("Housing, renters", "Unite; GMB", '"Quoted" tag', 'say "hi"', "plain")},
     [], [], ["Secretary; minutes", 'Chair, "acting"', '"Co"-ordinator']),
]


def _add_awkward(database, chapter_id: int) -> None:
    service = MemberService(database)
    for own, timeline, consents, posts in AWKWARD:
        member = service.add(chapter_id, {"status": "active", **own})
        for kind, day in timeline:
            service.record_standing(member.id, kind, day)
        for consent in consents:
            service.set_consent(member.id, consent)
        for title in posts:
            service.add_officer_post(member.id, OfficerPost(title=title, start_date=dt.date(2024, 4, 1)))


def snapshot(database, chapter_id: int) -> list[tuple]:
    """Every member as the register holds it, without the register's own ids, in a stable order."""
    with database.reading() as session:
        ids = list(session.scalars(select(Member.id).where(Member.chapter_id == chapter_id,
                                                           Member.removed_at.is_(None)).order_by(Member.id)))
        names = {code: c.name for code, c in by_code().items()}
        members = list(ExportRepository(session).members(chapter_id, ids, names, dt.date.today()))
    rows = []
    for m in members:
        m = dataclasses.replace(m, id=0, tags=tuple(sorted(m.tags, key=str.lower)),
                                officer_posts=tuple(sorted(m.officer_posts)))
        rows.append(dataclasses.astuple(m))
    return sorted(rows, key=repr)


def _chapter(database) -> int:
    return ChapterService(database).list()[0].id


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory):
    """A demo register of a few hundred members plus the awkward ones (built once for the module)."""
    path = tmp_path_factory.mktemp("original") / "original.sqlite3"
    database = init_database(path)
    result = fill_demo(database, members=300, seed=7)
    _add_awkward(database, result.chapter_id)
    expected = snapshot(database, result.chapter_id)
    database.close()
    return path, result.chapter_id, expected


def _empty_database(tmp_path: Path):
    return init_database(tmp_path / "empty.sqlite3", "Imported Chapter", "")


def _import(database, file: Path) -> dict[str, int]:
    service = ImportService(database)
    preview = service.preview(service.open(file), _chapter(database))
    errors = [p.describe() for p in preview.problems if p.severity.value == "error"]
    assert errors == []
    assert preview.reviews == []
    return service.run(preview).counts


def _compare(expected: list[tuple], actual: list[tuple]) -> None:
    assert len(actual) == len(expected)
    missing = [e for e in expected if e not in actual]
    extra = [a for a in actual if a not in expected]
    assert (missing[:3], extra[:3]) == ([], [])
    assert actual == expected


def test_the_register_has_what_a_round_trip_must_carry(register):
    _path, _chapter_id, expected = register
    fields = [f.name for f in dataclasses.fields(ExportMember)]
    members = [dict(zip(fields, row, strict=True)) for row in expected]
    assert len(members) == 300 + len(AWKWARD)
    assert any(m["standing"] is not None for m in members) and any(m["tags"] for m in members)
    assert any(m["officer_posts"] for m in members) and any(m["consent_email"] for m in members)
    assert any(m["confidential"] for m in members)
    assert {"=Ada", "'Tis"} <= {m["first_name"] for m in members}


def test_xlsx_round_trip_through_the_command_line(register, tmp_path: Path, run_cli):
    path, _chapter_id, expected = register
    out = tmp_path / "register.xlsx"
    done = run_cli("export", "--db", path, "--out", out, "--profile", "full", "--include-confidential")
    assert done.returncode == 0, done.stderr
    target = tmp_path / "empty.sqlite3"
    init_database(target, "Imported Chapter", "").close()
    done = run_cli("import", out, "--db", target, "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    counts = json.loads(done.stdout)["counts"]
    assert (counts["imported"], counts["errors"], counts["updated"]) == (len(expected), 0, 0)
    database = open_existing(target)
    try:
        _compare(expected, snapshot(database, _chapter(database)))
    finally:
        database.close()


def test_csv_round_trip_through_the_services(register, tmp_path: Path):
    path, chapter_id, expected = register
    original = open_existing(path)
    out = tmp_path / "register.csv"
    try:
        ExportService(original).export(chapter_id, out, "full", include_confidential=True)
    finally:
        original.close()
    text = out.read_text(encoding="utf-8-sig")
    assert "'=Ada" in text and "''=not a formula" in text and ",'Tis," in text  # neutralised, exactly once
    database = _empty_database(tmp_path)
    try:
        counts = _import(database, out)
        assert (counts["imported"], counts["updated"]) == (len(expected), 0)
        _compare(expected, snapshot(database, _chapter(database)))
    finally:
        database.close()


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_importing_the_export_into_the_same_register_changes_nothing(register, tmp_path: Path, suffix: str):
    path, chapter_id, expected = register
    copy = tmp_path / "copy.sqlite3"
    copy.write_bytes(path.read_bytes())
    database = open_existing(copy)
    try:
        out = tmp_path / f"register{suffix}"
        ExportService(database).export(chapter_id, out, "full", include_confidential=True)
        counts = _import(database, out)
        assert counts["imported"] == 0
        assert counts["updated"] == 0
        assert snapshot(database, chapter_id) == expected
    finally:
        database.close()


# --- the columns of the full profile, one by one --------------------------------------------------------------


def _csv(tmp_path: Path, text: str, name: str = "members.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _preview(database, chapter_id: int, path: Path):
    service = ImportService(database)
    return service, service.preview(service.open(path), chapter_id)


def test_the_export_apostrophe_is_undone_exactly_once_and_only_in_csv(database, chapter_id, tmp_path: Path):
    path = _csv(tmp_path, "First name,Last name,Preferred name,Status\n"
                          "'=Ada,'Tis,''=x,active\n"
                          "'+Bob,O'Neill,'hello,active\n")
    service, preview = _preview(database, chapter_id, path)
    values = [(r.values["first_name"], r.values["last_name"], r.values["preferred_name"]) for r in preview.rows]
    # "'=Ada" was written by the exporter for "=Ada"; "'Tis" and "'hello" are what the user typed.
    assert values == [("=Ada", "'Tis", "'=x"), ("+Bob", "O'Neill", "'hello")]


def test_member_id_is_recognised_and_not_imported_constituency_name_is_read(database, chapter_id, tmp_path: Path):
    path = _csv(tmp_path, "Member ID,First name,Status,Constituency code,Constituency name\n"
                          "17,Ann,active,E14000639,Cities of London and Westminster\n")
    service, preview = _preview(database, chapter_id, path)
    mapped = {c.header: preview.source.mapping[c.index] for c in preview.source.columns}
    assert mapped == {"Member ID": None, "First name": "first_name", "Status": "status",
                      "Constituency code": "constituency_code", "Constituency name": "constituency_name"}
    assert preview.rows[0].values == {"first_name": "Ann", "status": "active", "constituency_code": "E14000639"}


def test_a_standing_needs_its_date_and_is_never_a_status(database, chapter_id, tmp_path: Path):
    path = _csv(tmp_path, "First name,Status,Labour standing,Standing since\n"
                          "Ann,active,Suspended,\n"
                          "Bob,suspended,,\n"
                          "Cy,active,Lord of the manor,01/02/2020\n"
                          "Di,active,Expelled / auto-excluded,01/02/2020\n")
    service, preview = _preview(database, chapter_id, path)
    reasons = {r.row: [p.reason for p in r.problems] for r in preview.rows}
    assert "no date for it (Standing since)" in reasons[2][0]
    assert "describes a Labour Party standing" in reasons[3][0]
    assert "is not a Labour standing" in reasons[4][0]
    assert reasons[5] == []
    assert preview.rows[3].values["standing"] is StandingKind.EXPELLED


def _member_with_timeline(database, chapter_id: int) -> int:
    service = MemberService(database)
    member = service.add(chapter_id, {"first_name": "Ann", "last_name": "Smith", "email": "ann@example.org",
                                      "status": "active"})
    service.record_standing(member.id, StandingKind.MEMBER, dt.date(2010, 1, 1))
    service.set_consent(member.id, Consent(ConsentChannel.EMAIL, True, dt.date(2020, 1, 1)))
    return member.id


def test_a_conflicting_standing_goes_to_review_and_an_update_appends_to_the_timeline(
        database, chapter_id, tmp_path: Path):
    from lien_desktop.domain.import_duplicates import Decision
    from lien_desktop.services.import_history import ImportHistoryService

    member_id = _member_with_timeline(database, chapter_id)
    path = _csv(tmp_path, "First name,Last name,Email,Status,Labour standing,Standing since,Officer posts,"
                          "Email consent,Email consent date\n"
                          "Ann,Smith,ann@example.org,active,Suspended,03/04/2024,Chair,Withdrawn,05/04/2024\n")
    service, preview = _preview(database, chapter_id, path)
    assert [m.reason for m in preview.reviews] == [
        "the same email address, but the Labour standings conflict (member / suspended)"]
    report = service.run(preview, decisions={2: Decision.UPDATE})
    assert report.counts["updated"] == 1
    record = MemberService(database).get(member_id)
    assert [(e.kind, e.event_date) for e in record.standing_events] == [
        (StandingKind.MEMBER, dt.date(2010, 1, 1)), (StandingKind.SUSPENDED, dt.date(2024, 4, 3))]
    assert record.standing is StandingKind.SUSPENDED
    assert [(c.channel, c.withdrawn_on) for c in record.consents] == [(ConsentChannel.EMAIL, dt.date(2024, 4, 5))]
    assert record.officer_posts == ()  # posts are taken for new members only
    # Undoing the import retracts the appended event and gives the consent back as it was.
    ImportHistoryService(database).undo(report.import_id)
    record = MemberService(database).get(member_id)
    assert [e.kind for e in record.standing_events] == [StandingKind.MEMBER]
    assert record.standing is StandingKind.MEMBER
    assert [(c.granted, c.recorded_on, c.withdrawn_on) for c in record.consents] == [(True, dt.date(2020, 1, 1), None)]


def test_a_standing_for_a_member_without_one_is_appended_without_review(database, chapter_id, tmp_path: Path):
    service = MemberService(database)
    member = service.add(chapter_id, {"first_name": "Bo", "last_name": "Lee", "email": "bo@example.org",
                                      "status": "active"})
    path = _csv(tmp_path, "First name,Last name,Email,Status,Labour standing,Standing since\n"
                          "Bo,Lee,bo@example.org,active,Labour member,01/01/2019\n")
    imports, preview = _preview(database, chapter_id, path)
    assert preview.reviews == []
    imports.run(preview)
    assert [(e.kind, e.event_date) for e in service.get(member.id).standing_events] == [
        (StandingKind.MEMBER, dt.date(2019, 1, 1))]
    # The same file again: nothing to change.
    imports, preview = _preview(database, chapter_id, path)
    assert imports.run(preview).counts["updated"] == 0
