"""`lien-desktop export`: members to .xlsx or .csv, with a profile; the format follows the extension."""

from __future__ import annotations

import argparse
import sys

from lien_desktop.cli.common import add_chapter_argument, add_db_argument, open_db, pick_chapter
from lien_desktop.domain.export_profiles import DEFAULT_PROFILE, PROFILES
from lien_desktop.domain.members import MemberFilter, MemberStatus
from lien_desktop.services.exporting import ExportService, export_format


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("export", help="export members to .xlsx or .csv (the format follows the extension)")
    add_db_argument(p)
    add_chapter_argument(p)
    p.add_argument("--out", required=True, help="the file to write (.xlsx or .csv); replaced only when complete")
    p.add_argument("--profile", default=DEFAULT_PROFILE, choices=list(PROFILES),
                   help="which fields: full (everything), contacts (contact list), national-return (minimised)")
    p.add_argument("--include-confidential", action="store_true",
                   help="also export members marked confidential (left out by default)")
    p.add_argument("--search", default="", help="only members matching this search (as the window searches)")
    p.add_argument("--status", action="append", choices=[s.value for s in MemberStatus], help="only this status")
    p.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> None:
    export_format(args.out)  # refuse a wrong extension before opening anything
    database = open_db(args)
    try:
        chapter = pick_chapter(database, args)
        flt = MemberFilter(search=args.search, statuses=frozenset(MemberStatus(s) for s in args.status or ()))
        result = ExportService(database).export(
            chapter.id, args.out, args.profile, member_filter=flt, include_confidential=args.include_confidential)
    finally:
        database.close()
    plural = "s" if result.rows_written != 1 else ""
    print(f"exported {result.rows_written} member{plural} of “{chapter.name}” to {result.path} "
          f"({result.profile} profile)")
    if result.left_out_confidential:
        n = result.left_out_confidential
        print(f"left out {n} confidential member{'s' if n != 1 else ''} (use --include-confidential to include "
              f"{'them' if n != 1 else 'it'})", file=sys.stderr)
