"""Subcommands: import FILE, imports (the history), import-undo ID."""

from __future__ import annotations

import argparse
import os
import sys

from lien_desktop.cli.common import add_chapter_argument, add_db_argument, open_db, pick_chapter
from lien_desktop.cli.output import print_json, print_table
from lien_desktop.cli.passphrases import RefuseOnCommandLine, read_secret_file
from lien_desktop.domain.errors import LienError
from lien_desktop.domain.import_duplicates import Decision
from lien_desktop.domain.import_table import Severity
from lien_desktop.io.csv_reader import EncodingUndecided
from lien_desktop.io.file_safety import PasswordRequired
from lien_desktop.services.import_history import ImportHistoryService
from lien_desktop.services.importing import ImportRefused, ImportReport, ImportService

EXIT_REFUSED = 2
ENV_IMPORT_PASSWORD = "LIEN_IMPORT_PASSWORD"


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("import", help="import members from a spreadsheet (.xlsx .xlsm .xls .ods .csv .tsv)")
    p.add_argument("file", help="the spreadsheet or CSV file")
    add_db_argument(p)
    add_chapter_argument(p)
    p.add_argument("--sheet", default=None, help="the sheet to read (default: the one that holds a member list)")
    p.add_argument("--encoding", default=None, help="text encoding of a CSV file when it cannot be decided")
    p.add_argument("--dry-run", action="store_true", help="check and report, change nothing")
    p.add_argument("--on-duplicate", choices=[d.value for d in Decision], default=None,
                   help="what to do with possible duplicates that need a decision")
    p.add_argument("--valid-only", action="store_true", help="import the valid rows even if other rows have errors")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--password-file", metavar="FILE", default=None,
                   help=f"file holding the password of a password-protected workbook (or ${ENV_IMPORT_PASSWORD})")
    p.add_argument("--password", action=RefuseOnCommandLine, env=ENV_IMPORT_PASSWORD, file_option="--password-file")
    p.set_defaults(func=cmd_import)

    p = subparsers.add_parser("imports", help="the import history")
    add_db_argument(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_imports)

    p = subparsers.add_parser("import-undo", help="undo a whole import")
    add_db_argument(p)
    p.add_argument("id", type=int, help="the import's id (see `imports`)")
    p.add_argument("--force", action="store_true", help="undo even if some of its members were edited since")
    p.set_defaults(func=cmd_import_undo)


def report_json(report: ImportReport) -> dict[str, object]:
    return {
        "file": report.file,
        "sheet": report.sheet,
        "import_id": report.import_id,
        "dry_run": report.dry_run,
        "refused": report.refused,
        "counts": report.counts,
        "problems": [{"sheet": p.sheet, "row": p.row, "column": p.column, "value": p.value, "reason": p.reason,
                      "severity": p.severity.value, "field": p.field} for p in report.problems],
        "reviews": [{"row": m.row, "member_id": m.member_id, "other_row": m.other_row, "reason": m.reason}
                    for m in report.reviews],
    }


def _print_text(report: ImportReport) -> None:
    for problem in report.problems:
        stream = sys.stderr if problem.severity is Severity.ERROR else sys.stdout
        print(f"{problem.severity.value}: {problem.describe()}", file=stream)
    counts = ", ".join(f"{k} {v}" for k, v in report.counts.items())
    what = "would import" if report.dry_run else "imported"
    print(f"{report.file}: {what} — {counts}" + (f" (import {report.import_id})" if report.import_id else ""))


def cmd_import(args: argparse.Namespace) -> int:
    database = open_db(args)
    try:
        chapter = pick_chapter(database, args)
        service = ImportService(database)
        try:
            source = service.open(args.file, sheet=args.sheet, encoding=args.encoding, password=_password(args))
        except PasswordRequired as exc:
            if exc.wrong:
                raise
            raise LienError(f"“{exc.file_name}” is protected with a password: give the password with --password-file "
                            f"FILE or in ${ENV_IMPORT_PASSWORD} (never on the command line)") from None
        except EncodingUndecided as exc:
            if args.json:
                print_json({"refused": str(exc), "encoding_previews": exc.previews, "counts": {}, "problems": []})
                return EXIT_REFUSED
            raise
        preview = service.preview(source, chapter.id)
        on_duplicate = Decision(args.on_duplicate) if args.on_duplicate else None
        try:
            report = service.run(preview, on_duplicate=on_duplicate, valid_only=args.valid_only, dry_run=args.dry_run)
        except ImportRefused as exc:
            if exc.report is None:
                raise
            if args.json:
                print_json(report_json(exc.report))
            else:
                _print_text(exc.report)
            print(f"lien-desktop: {exc}", file=sys.stderr)
            return EXIT_REFUSED
    except LienError as exc:
        if getattr(args, "json", False):
            print_json({"refused": str(exc), "counts": {}, "problems": []})
        raise
    finally:
        database.close()
    if args.json:
        print_json(report_json(report))
    else:
        _print_text(report)
    return 0


def _password(args: argparse.Namespace) -> str | None:
    """A workbook's password: from --password-file, else $LIEN_IMPORT_PASSWORD; never from an argument."""
    if args.password_file:
        return read_secret_file(args.password_file, "password")
    return os.environ.get(ENV_IMPORT_PASSWORD) or None


def cmd_imports(args: argparse.Namespace) -> None:
    database = open_db(args)
    try:
        history = ImportHistoryService(database).history()
    finally:
        database.close()
    if args.json:
        print_json(history)
        return
    print_table(("id", "when (UTC)", "file", "read", "imported", "updated", "skipped", "undone"),
                ((h.id, h.imported_at.strftime("%d/%m/%Y %H:%M"), h.file_name, h.read, h.imported, h.updated,
                  h.skipped, "yes" if h.undone_at else "") for h in history))


def cmd_import_undo(args: argparse.Namespace) -> None:
    database = open_db(args)
    try:
        result = ImportHistoryService(database).undo(args.id, include_edited=args.force)
    finally:
        database.close()
    print(f"import {result.import_id} undone: {result.removed} member(s) removed, {result.restored} restored")
