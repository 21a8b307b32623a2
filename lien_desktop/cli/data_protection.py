"""Subcommands of data protection: sar, erase, retention, audit, preferences."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lien_desktop.cli.common import add_chapter_argument, add_db_argument, open_db, pick_chapter
from lien_desktop.cli.output import print_json, print_table
from lien_desktop.domain.data_protection import (
    Article9Condition,
    AuditFilter,
    LawfulBasis,
    LawfulBasisRecord,
    describe_change,
)
from lien_desktop.domain.errors import LienError
from lien_desktop.services.audit import ACTIONS, AuditService
from lien_desktop.domain.validation import FieldProblem, parse_uk_date
from lien_desktop.services.erasure import erase_member
from lien_desktop.services.lawful_basis import LawfulBasisService
from lien_desktop.services.preferences import PreferencesService
from lien_desktop.services.retention import retention_candidates
from lien_desktop.services.subject_access import find_member, subject_access

MEMBER_HELP = "member id, or an email address or Labour membership number matching exactly one member"


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("sar", help="subject access: everything held about one person, as PDF and .xlsx")
    add_db_argument(p)
    p.add_argument("member", metavar="MEMBER", help=MEMBER_HELP)
    p.add_argument("--out", required=True, help="folder to write the PDF and the .xlsx into")
    p.set_defaults(func=cmd_sar)

    p = subparsers.add_parser("erase", help="erase a person's personal data everywhere (cannot be undone)")
    add_db_argument(p)
    p.add_argument("member", metavar="MEMBER", help=MEMBER_HELP)
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation (needed when not interactive)")
    p.set_defaults(func=cmd_erase)

    p = subparsers.add_parser("retention", help="members lapsed or left for more than N years")
    add_db_argument(p)
    add_chapter_argument(p)
    p.add_argument("--years", type=int, default=None, help="retention period (default: the one in preferences)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_retention)

    p = subparsers.add_parser("audit", help="show or export the audit trail")
    add_db_argument(p)
    p.add_argument("--member", type=int, default=None, help="only entries about this member id")
    p.add_argument("--action", choices=ACTIONS, default="")
    p.add_argument("--out", default=None, help="export to this .xlsx or .csv file instead of printing")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_audit)

    p = subparsers.add_parser("lawful-basis", help="show or record a member's lawful basis and Article 9 condition")
    add_db_argument(p)
    p.add_argument("member", metavar="MEMBER", help=MEMBER_HELP)
    p.add_argument("--basis", choices=[b.value for b in LawfulBasis], default=None)
    p.add_argument("--condition", choices=[c.value for c in Article9Condition], default=None)
    p.add_argument("--consent-date", default=None, help="date explicit consent was given (DD/MM/YYYY)")
    p.add_argument("--note", default="")
    p.set_defaults(func=cmd_lawful_basis)

    p = subparsers.add_parser("preferences", help="show or set the secretary's name and the retention period")
    add_db_argument(p)
    p.add_argument("--secretary", default=None, help="the secretary's name, written into the audit trail")
    p.add_argument("--retention-years", default=None)
    p.set_defaults(func=cmd_preferences)


def cmd_sar(args: argparse.Namespace) -> None:
    database = open_db(args)
    try:
        report, paths = subject_access(database, args.member, Path(args.out))
    finally:
        database.close()
    if not paths:
        print(f"no personal data is held about “{report.subject}”; nothing written")
        return
    note = " (CONFIDENTIAL member)" if report.confidential else ""
    print(f"wrote subject access report for member {report.member_id}{note}: " + ", ".join(str(p) for p in paths))


def cmd_erase(args: argparse.Namespace) -> None:
    database = open_db(args)
    try:
        match = find_member(database, args.member)
        if match is None:
            raise LienError(f"no member matches “{args.member}”; nothing erased")
        if not args.yes:
            if not sys.stdin.isatty():
                raise LienError("refusing to erase without confirmation: add --yes (this cannot be undone)")
            answer = input(f"Erase all personal data about member {match.member_id} ({match.name})? "
                           "This cannot be undone. Type yes to confirm: ")
            if answer.strip().lower() != "yes":
                raise LienError("not confirmed; nothing erased")
        result = erase_member(database, match.member_id)
    finally:
        database.close()
    print(f"erased member {result.member_id}: {result.records_removed} records removed, "
          f"{result.audit_entries_redacted} audit entries redacted (backups made earlier still hold them)")
    if not result.compacted:
        print("lien-desktop: the file could not be compacted now (in use by another program?): deleted "
              "bytes may stay in its free space until it is next compacted", file=sys.stderr)


def cmd_retention(args: argparse.Namespace) -> None:
    database = open_db(args)
    try:
        chapter_id = pick_chapter(database, args).id if args.chapter else None
        years = args.years if args.years is not None else PreferencesService(database).get().retention_years
        found = retention_candidates(database, chapter_id, years)
    finally:
        database.close()
    if args.json:
        print_json(found)
        return
    print_table(("id", "name", "status", "since", "years", "date from", "flags"),
                ((c.member_id, c.name, c.status, c.since.isoformat(), c.years, c.since_source,
                  " ".join(f for f, on in (("CONFIDENTIAL", c.confidential), ("removed", c.removed)) if on))
                 for c in found))
    print(f"{len(found)} member{'s' if len(found) != 1 else ''} lapsed or left more than {years} years ago",
          file=sys.stderr)


def cmd_audit(args: argparse.Namespace) -> None:
    database = open_db(args)
    try:
        service = AuditService(database)
        flt = AuditFilter(member_id=args.member, action=args.action)
        if args.out:
            count = service.export(Path(args.out), flt)
            print(f"exported {count} audit entries to {args.out}")
            return
        entries = service.entries(flt)
    finally:
        database.close()
    if args.json:
        print_json(entries)
        return
    print_table(("when (UTC)", "by", "record", "about", "action", "changes"),
                ((e.at.strftime("%Y-%m-%d %H:%M:%S"), " / ".join(x for x in (e.secretary, e.os_user) if x),
                  f"{e.table} {e.record_id}", e.label + (" (CONFIDENTIAL)" if e.confidential else ""), e.action,
                  describe_change(e.action, e.fields, e.before, e.after).replace("\n", "; ")) for e in entries))


def cmd_preferences(args: argparse.Namespace) -> None:
    database = open_db(args)
    try:
        service = PreferencesService(database)
        prefs = service.get()
        if args.secretary is not None or args.retention_years is not None:
            prefs = service.save(prefs.secretary_name if args.secretary is None else args.secretary,
                                 prefs.retention_years if args.retention_years is None else args.retention_years)
    finally:
        database.close()
    print(f"secretary: {prefs.secretary_name or '(not set)'}")
    print(f"retention: {prefs.retention_years} years")


def cmd_lawful_basis(args: argparse.Namespace) -> None:
    database = open_db(args)
    try:
        match = find_member(database, args.member)
        if match is None:
            raise LienError(f"no member matches “{args.member}”")
        service = LawfulBasisService(database)
        if args.basis or args.condition:
            if not (args.basis and args.condition):
                raise LienError("give both --basis and --condition")
            try:
                consent_on = parse_uk_date(args.consent_date) if args.consent_date else None
            except FieldProblem as exc:
                raise LienError(f"--consent-date: {exc}") from None
            service.set(match.member_id, LawfulBasisRecord(LawfulBasis(args.basis), Article9Condition(args.condition),
                                                           consent_on, note=args.note))
        record = service.get(match.member_id)
    finally:
        database.close()
    if record is None:
        print(f"member {match.member_id}: lawful basis not recorded")
        return
    consent = f", explicit consent given {record.explicit_consent_on:%d/%m/%Y}" if record.explicit_consent_on else ""
    print(f"member {match.member_id}: {record.basis.label}; {record.condition.label}{consent}")
