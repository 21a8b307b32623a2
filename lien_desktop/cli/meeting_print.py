"""Printed meeting documents from the command line (minutes, agenda, sign-in sheet, register of
motions) and `meetings-demo`. The PDF writers live in lien_desktop.io.pdf, imported when needed."""

from __future__ import annotations

import argparse
from pathlib import Path

from lien_desktop.cli.common import add_chapter_argument, add_db_argument, open_db, pick_chapter
from lien_desktop.services.meeting_archive import find_meeting
from lien_desktop.services.meeting_documents import MeetingDocuments
from lien_desktop.services.meetings_demo import fill_meetings_demo


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    for name, help_text, func in (
        ("minutes", "print a meeting's minutes to PDF", cmd_minutes),
        ("agenda", "print a meeting's agenda to PDF", cmd_agenda),
        ("signin-sheet", "print a sign-in sheet for a meeting to PDF", cmd_signin_sheet),
    ):
        p = subparsers.add_parser(name, help=help_text)
        add_db_argument(p)
        p.add_argument("id", help="meeting id (or uid)")
        p.add_argument("--out", required=True, help="the PDF file to write")
        if name == "minutes":
            p.add_argument("--circulation", action="store_true",
                           help="circulation copy: initials instead of names, “a member” for confidential members")
        p.set_defaults(func=func)

    p = subparsers.add_parser("motions-register", help="print the register of motions to PDF")
    add_db_argument(p)
    add_chapter_argument(p)
    p.add_argument("--search", default="", help="only motions matching these words")
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_motions_register)

    p = subparsers.add_parser("meetings-demo", help="add a year of demo meetings to a chapter")
    add_db_argument(p)
    add_chapter_argument(p)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--months", type=int, default=12)
    p.set_defaults(func=cmd_meetings_demo)


def _document(args: argparse.Namespace, build):  # type: ignore[no-untyped-def]
    database = open_db(args)
    try:
        return build(MeetingDocuments(database), database)
    finally:
        database.close()


def _done(path: str) -> None:
    print(f"wrote {Path(path)}")


def cmd_minutes(args: argparse.Namespace) -> None:
    from lien_desktop.io.pdf import write_minutes

    doc = _document(args, lambda docs, db: docs.minutes_doc(find_meeting(db, args.id), circulation=args.circulation))
    write_minutes(doc, Path(args.out))
    _done(args.out)


def cmd_agenda(args: argparse.Namespace) -> None:
    from lien_desktop.io.pdf import write_agenda

    write_agenda(_document(args, lambda docs, db: docs.agenda_doc(find_meeting(db, args.id))), Path(args.out))
    _done(args.out)


def cmd_signin_sheet(args: argparse.Namespace) -> None:
    from lien_desktop.io.pdf import write_signin_sheet

    write_signin_sheet(_document(args, lambda docs, db: docs.signin_sheet_doc(find_meeting(db, args.id))),
                       Path(args.out))
    _done(args.out)


def cmd_motions_register(args: argparse.Namespace) -> None:
    from lien_desktop.io.pdf import write_motions_register

    doc = _document(args, lambda docs, db: docs.motions_register_doc(pick_chapter(db, args).id, args.search))
    write_motions_register(doc, Path(args.out))
    _done(args.out)


def cmd_meetings_demo(args: argparse.Namespace) -> None:
    database = open_db(args)
    try:
        chapter = pick_chapter(database, args)
        made = fill_meetings_demo(database, chapter.id, seed=args.seed, months=args.months)
    finally:
        database.close()
    print(f"added {made} demo meetings to “{chapter.name}”")
