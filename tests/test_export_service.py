"""Exporting members from a real register: scope, profiles, confidential members, failures, round trip."""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from lien_desktop.db.repositories import exporting as exporting_repository
from lien_desktop.domain.errors import LienError
from lien_desktop.domain.export_profiles import FULL, PROFILES, restore_neutralised
from lien_desktop.domain.members import (
    MEMBER_FIELDS,
    STANDING_LABELS,
    Consent,
    ConsentChannel,
    MemberFilter,
    MemberStatus,
    OfficerPost,
)
from lien_desktop.domain.validation import normalise_phone, parse_uk_date
from lien_desktop.services.chapters import ChapterService
from lien_desktop.services.demo import fill_demo
from lien_desktop.services.exporting import ExportService
from lien_desktop.services.members import MemberService

REPO = Path(__file__).resolve().parent.parent


def read_xlsx(path: Path) -> list[dict[str, object]]:
    sheet = openpyxl.load_workbook(path, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def read_any(path: Path) -> list[dict[str, object]]:
    return read_xlsx(path) if path.suffix == ".xlsx" else read_csv(path)


@pytest.fixture
def three(database, chapter_id):
    service = MemberService(database)
    a = service.add(chapter_id, {"first_name": "Siobhán", "last_name": "Ní Bhriain", "email": "siobhan@example.org",
                                 "mobile_phone": "07700 900123", "postcode": "ls6 1aa", "status": "active",
                                 "notes": "Prefers Welsh", "trade_union": "Unite", "joined_on": "03/04/2021"})
    b = service.add(chapter_id, {"first_name": "Łukasz", "last_name": "Żółkiewski", "status": "lapsed",
                                 "home_phone": "+33 1 23 45 67 89", "branch": "North ward"})
    c = service.add(chapter_id, {"first_name": "Hidden", "last_name": "Person", "confidential": True,
                                 "email": "hidden@example.org"})
    service.record_standing(a.id, "member", dt.date(2015, 1, 1))
    service.record_standing(a.id, "suspended", dt.date(2023, 6, 2))
    service.set_consent(a.id, Consent(ConsentChannel.EMAIL, True, dt.date(2021, 4, 3), "form"))
    service.set_consent(a.id, Consent(ConsentChannel.POST, True, dt.date(2021, 4, 3), "form", dt.date(2024, 1, 9)))
    return a.id, b.id, c.id


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_confidential_members_are_left_out_unless_included(database, chapter_id, three, tmp_path, suffix):
    service = ExportService(database)
    path = tmp_path / f"list.{suffix}"
    result = service.export(chapter_id, path)
    assert (result.rows_written, result.left_out_confidential, result.format) == (2, 1, suffix)
    rows = read_any(path)
    assert [r["First name"] for r in rows] == ["Siobhán", "Łukasz"]
    assert "hidden@example.org" not in path.read_bytes().decode("utf-8", "replace")
    result = service.export(chapter_id, path, include_confidential=True)
    assert (result.rows_written, result.left_out_confidential) == (3, 0)
    assert {r["First name"] for r in read_any(path)} == {"Siobhán", "Łukasz", "Hidden"}


def test_full_profile_values(database, chapter_id, three, tmp_path):
    path = tmp_path / "full.xlsx"
    ExportService(database).export(chapter_id, path, "full")
    rows = {r["First name"]: r for r in read_xlsx(path)}
    s = rows["Siobhán"]
    assert s["Member ID"] == three[0]
    assert s["Mobile"] == "07700 900123" and s["Postcode"] == "LS6 1AA" and s["Status"] == "Active"
    assert s["Date joined"] == dt.datetime(2021, 4, 3)
    assert s["Labour standing"] == "Suspended" and s["Standing since"] == dt.datetime(2023, 6, 2)
    assert (s["Email consent"], s["Phone consent"], s["Post consent"]) == ("Yes", None, "Withdrawn")
    assert s["Post consent date"] == dt.datetime(2024, 1, 9)
    assert s["Notes"] == "Prefers Welsh" and s["Trade union"] == "Unite" and s["Confidential"] == "No"
    assert rows["Łukasz"]["Home phone"] == "+33 1 23 45 67 89"
    assert rows["Łukasz"]["Status"] == "Lapsed"


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_contacts_profile_has_no_sensitive_fields(database, chapter_id, three, tmp_path, suffix):
    path = tmp_path / f"contacts.{suffix}"
    ExportService(database).export(chapter_id, path, "contacts")
    rows = read_any(path)
    assert list(rows[0]) == PROFILES["contacts"].headers
    text = path.read_bytes().decode("utf-8", "replace") if suffix == "csv" else repr(rows)
    for secret in ("Suspended", "Prefers Welsh", "Unite", "Active", "Lapsed", "Labour standing", "Notes"):
        assert secret not in text
    s = next(r for r in rows if r["First name"] == "Siobhán")
    assert s["Email"] == "siobhan@example.org" and s["Mobile"] == "07700 900123"
    assert s["Email consent"] == "Yes" and s["Post consent"] == "Withdrawn"


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_national_return_is_minimised(database, chapter_id, three, tmp_path, suffix):
    MemberService(database).update(three[0], {"constituency_code": "E14001333"})
    path = tmp_path / f"return.{suffix}"
    ExportService(database).export(chapter_id, path, "national-return")
    rows = read_any(path)
    assert list(rows[0]) == ["Member reference", "Constituency code", "Constituency name", "Branch", "Status",
                             "Year joined"]
    s = next(r for r in rows if str(r["Member reference"]) == str(three[0]))
    assert s["Constituency code"] == "E14001333" and s["Constituency name"]
    assert str(s["Year joined"]) == "2021" and s["Status"] == "Active"
    blob = repr(rows)
    for personal in ("Siobhán", "Bhriain", "siobhan@example.org", "07700", "LS6", "Suspended", "Unite"):
        assert personal not in blob


def test_scope_selection_and_filter(database, chapter_id, three, tmp_path):
    service = ExportService(database)
    other = ChapterService(database).create("Other Chapter", "")
    stranger = MemberService(database).add(other.id, {"first_name": "Not", "last_name": "Ours"})
    path = tmp_path / "sel.csv"
    result = service.export(chapter_id, path, selected_ids=[three[1], stranger.id, three[2]])
    assert result.rows_written == 1 and result.left_out_confidential == 1
    assert [r["First name"] for r in read_csv(path)] == ["Łukasz"]
    result = service.export(chapter_id, path, member_filter=MemberFilter(statuses=frozenset({MemberStatus.LAPSED})))
    assert [r["First name"] for r in read_csv(path)] == ["Łukasz"]
    result = service.export(chapter_id, path, member_filter=MemberFilter(search="siobhan"))
    assert [r["First name"] for r in read_csv(path)] == ["Siobhán"]


def test_refusals(database, chapter_id, tmp_path):
    service = ExportService(database)
    with pytest.raises(LienError, match=r"must end in \.xlsx or \.csv"):
        service.export(chapter_id, tmp_path / "list.txt")
    with pytest.raises(LienError, match="not an export profile"):
        service.export(chapter_id, tmp_path / "list.csv", "everything")
    with pytest.raises(LienError, match="does not exist"):
        service.export(chapter_id, tmp_path / "nowhere" / "list.csv")
    assert not {"list.txt", "list.csv", "nowhere"} & set(os.listdir(tmp_path))


def test_injection_through_the_register(database, chapter_id, tmp_path):
    service = MemberService(database)
    payloads = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "＝1"]
    for p in payloads:
        service.add(chapter_id, {"first_name": p, "last_name": "Payload", "town": p, "notes": p})
    xlsx, csv_path = tmp_path / "p.xlsx", tmp_path / "p.csv"
    ExportService(database).export(chapter_id, xlsx)
    ExportService(database).export(chapter_id, csv_path)
    sheet = openpyxl.load_workbook(xlsx).active
    col = {c.value: c.column for c in sheet[1]}
    for row in sheet.iter_rows(min_row=2):
        for header in ("First name", "Town", "Notes"):
            cell = row[col[header] - 1]
            assert cell.data_type == "s" and cell.quotePrefix and cell.value in payloads
    for row in read_csv(csv_path):
        for header in ("First name", "Town", "Notes"):
            assert row[header].startswith("'") and row[header][1:] in payloads


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_full_disk_leaves_no_file(database, chapter_id, tmp_path, suffix):
    """A real write failure: the process may write at most 100 kB per file (RLIMIT_FSIZE)."""
    fill_demo(database, members=1500, seed=2, chapter_name="Big")
    big = next(c for c in ChapterService(database).list() if c.name == "Big")
    out = tmp_path / "out"
    out.mkdir()
    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "from lien_desktop.services.database import open_existing\n"
        "from lien_desktop.services.exporting import ExportService\n"
        "from lien_desktop.domain.errors import LienError\n"
        "db = open_existing(sys.argv[1])\n"
        "service = ExportService(db)\n"
        "service.scope_ids(int(sys.argv[3]))\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, resource.RLIM_INFINITY))\n"
        "try:\n"
        "    service.export(int(sys.argv[3]), sys.argv[2], include_confidential=True)\n"
        "except LienError as exc:\n"
        "    print(exc)\n"
        "    sys.exit(3)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", script, str(database.path), str(out / f"big.{suffix}"),
                             str(big.id)], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 3, result.stderr
    assert "disk is full" in result.stdout and "no file was written" in result.stdout
    assert os.listdir(out) == []
    assert os.listdir(os.environ["LIEN_TMP_DIR"]) == []


# --- round trip ----------------------------------------------------------------------------------------

_STANDING_BY_LABEL = {label: kind for kind, label in STANDING_LABELS.items()}


def _as_date(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_uk_date(str(value))


def _text(value: object) -> str:
    return "" if value is None else restore_neutralised(str(value))


def _member_from_row(row: dict[str, object]) -> dict[str, object]:
    """What an importer would store from one exported row (a careful minimal reading)."""
    by_key = {c.key: row[c.header] for c in FULL.columns}
    values: dict[str, object] = {name: _text(by_key[name]) for name in MEMBER_FIELDS}
    values["mobile_phone"] = normalise_phone(_text(by_key["mobile_phone"]))
    values["home_phone"] = normalise_phone(_text(by_key["home_phone"]))
    values["joined_on"] = _as_date(by_key["joined_on"])
    values["status"] = MemberStatus(_text(by_key["status"]).lower())
    values["confidential"] = _text(by_key["confidential"]) == "Yes"
    values["tags"] = tuple(t for t in _text(by_key["tags"]).split(", ") if t)
    values["standing"] = _STANDING_BY_LABEL.get(_text(by_key["standing"]))
    values["standing_since"] = _as_date(by_key["standing_since"])
    values["officer_posts"] = tuple(t for t in _text(by_key["officer_posts"]).split("; ") if t)
    consents = {}
    for channel in ConsentChannel:
        state = _text(by_key[f"consent_{channel.value}"])
        if state:
            consents[channel] = (state, _as_date(by_key[f"consent_{channel.value}_date"]))
    values["consents"] = consents
    return values


def _member_from_db(record) -> dict[str, object]:
    values: dict[str, object] = {name: getattr(record.data, name) for name in MEMBER_FIELDS}
    values["tags"] = tuple(sorted(record.data.tags, key=str.lower))
    values["standing"] = record.standing
    values["standing_since"] = max((e.event_date for e in record.standing_events), default=None)
    values["officer_posts"] = tuple(p.title for p in record.officer_posts if p.is_current)
    values["consents"] = {
        c.channel: ("Withdrawn" if c.withdrawn_on else "Yes" if c.granted else "No", c.withdrawn_on or c.recorded_on)
        for c in record.consents
    }
    return values


@pytest.mark.parametrize(("suffix", "bulk_from"), [("xlsx", 5000), ("csv", 5000), ("xlsx", 1), ("csv", 1)])
def test_round_trip_of_a_demo_register(database, tmp_path, suffix, bulk_from, monkeypatch):
    """bulk_from=1 makes the reader take its whole-chapter path (used for large registers)."""
    monkeypatch.setattr(exporting_repository, "BULK_FROM", bulk_from)
    demo = fill_demo(database, members=400, seed=5)
    members = MemberService(database)
    extra = members.add(demo.chapter_id, {
        "first_name": "=Ada", "last_name": "Lovelace, \"Countess\"", "email": "ada@example.org",
        "home_phone": "+353 86 123 4567", "notes": "-note on two lines\n@second line", "town": "Llanfair­pwll",
        "address_line1": "1 “Curly” Street", "tags": ["driver", "welsh speaker"], "confidential": True})
    members.add_officer_post(extra.id, OfficerPost("Chair", dt.date(2020, 1, 1)))
    members.add_officer_post(extra.id, OfficerPost("Treasurer", dt.date(2018, 1, 1), dt.date(2019, 1, 1)))
    members.set_consent(extra.id, Consent(ConsentChannel.PHONE, False, dt.date(2022, 2, 2), "call"))
    members.remove(members.ids(demo.chapter_id)[5])  # removed members are not in the register's list
    fill_demo(database, members=50, seed=9)  # another chapter: never in this one's file
    path = tmp_path / f"register.{suffix}"
    result = ExportService(database).export(demo.chapter_id, path, "full", include_confidential=True)
    assert result.rows_written == 400
    rows = read_any(path)
    assert len(rows) == 400
    assert sorted(int(r["Member ID"]) for r in rows) == sorted(members.ids(demo.chapter_id))
    for row in rows:
        record = members.get(int(row["Member ID"]))
        assert _member_from_row(row) == _member_from_db(record), record.id
    if suffix == "xlsx":  # the importer reads with python-calamine: the same values, dates as dates
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        header = sheet[0]
        joined = header.index("Date joined")
        assert all(isinstance(r[joined], dt.date) for r in sheet[1:] if r[joined] != "")


def test_whole_chapter_read_of_a_chapter_that_is_most_or_little_of_the_table(database, tmp_path, monkeypatch):
    """The whole-chapter path reads a big chapter by scanning the table, a small one by its index."""
    monkeypatch.setattr(exporting_repository, "BULK_FROM", 1)
    big = fill_demo(database, members=120, seed=3)
    small = fill_demo(database, members=20, seed=4)
    members = MemberService(database)
    for demo in (big, small):
        path = tmp_path / f"chapter{demo.chapter_id}.csv"
        ExportService(database).export(demo.chapter_id, path, include_confidential=True)
        exported = [int(r["Member ID"]) for r in read_csv(path)]
        assert exported == members.ids(demo.chapter_id)  # that chapter's members only, in the register's order


def test_selection_may_include_removed_members_on_both_paths(database, chapter_id, three, tmp_path, monkeypatch):
    MemberService(database).remove(three[1])
    for bulk_from in (5000, 1):
        monkeypatch.setattr(exporting_repository, "BULK_FROM", bulk_from)
        path = tmp_path / f"sel{bulk_from}.csv"
        ExportService(database).export(chapter_id, path, selected_ids=[three[1], three[0]])
        assert [r["First name"] for r in read_csv(path)] == ["Siobhán", "Łukasz"]  # the register's order
        ExportService(database).export(chapter_id, path)
        assert [r["First name"] for r in read_csv(path)] == ["Siobhán"]


def test_cancel_while_reading_a_large_register(database, tmp_path, monkeypatch):
    demo = fill_demo(database, members=300, seed=6)
    monkeypatch.setattr(exporting_repository, "BULK_FROM", 1)
    calls = []

    class Stop(Exception):
        pass

    def check():
        calls.append(1)
        if len(calls) == 2:  # after the members query, before the standing events
            raise Stop()

    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(Stop):
        ExportService(database).export(demo.chapter_id, folder / "x.xlsx", check=check)
    assert os.listdir(folder) == [] and os.listdir(os.environ["LIEN_TMP_DIR"]) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_exported_file_is_private_to_its_owner(database, chapter_id, three, tmp_path):
    path = tmp_path / "list.csv"
    ExportService(database).export(chapter_id, path)
    assert path.stat().st_mode & 0o077 == 0


def test_scope_counts_match_the_exported_scope(database, chapter_id, three):
    service = ExportService(database)
    lapsed = MemberFilter(statuses=frozenset({MemberStatus.LAPSED}))
    assert service.count(chapter_id) == len(service.scope_ids(chapter_id)) == 3
    assert service.count(chapter_id, lapsed) == len(service.scope_ids(chapter_id, lapsed)) == 1
    assert service.count(chapter_id, selected_ids=[three[0], 99999]) == 1
