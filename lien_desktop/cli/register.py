"""Subcommands of the register: init, demo, members, chapters, check."""

from __future__ import annotations

import argparse
import sys

from lien_desktop.cli.common import add_chapter_argument, add_db_argument, open_db, pick_chapter
from lien_desktop.cli.output import print_json, print_table
from lien_desktop.cli.passphrases import passphrase_from
from lien_desktop.cli.protection import checked_new_passphrase
from lien_desktop.domain.errors import LienError
from lien_desktop.domain.members import MemberFilter, MemberStatus, SortOrder
from lien_desktop.domain.validation import display_phone
from lien_desktop.services.chapters import ChapterService
from lien_desktop.services.database import check_database, init_database, open_or_create, resolve_db_path
from lien_desktop.services.demo import fill_demo
from lien_desktop.services.members import MemberService


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("init", help="create an empty database at the current schema")
    add_db_argument(p)
    p.add_argument("--chapter", default="", help="name of the chapter to create")
    p.add_argument("--constituency", default="", help="its Westminster constituency (code or name)")
    p.add_argument("--encrypt", action="store_true",
                   help="encrypt the database (passphrase from $LIEN_PASSPHRASE or --passphrase-file)")
    p.set_defaults(func=cmd_init)

    p = subparsers.add_parser("demo", help="fill a database with a realistic demo chapter")
    add_db_argument(p)
    p.add_argument("--members", type=int, default=500, help="how many members (up to 1,000,000)")
    p.add_argument("--seed", type=int, default=1, help="the same seed gives the same chapter")
    p.add_argument("--chapter", default="", help="name of the demo chapter")
    p.add_argument("--no-meetings", action="store_true",
                   help="members only, without the year of meetings (attendance, motions, actions)")
    p.set_defaults(func=cmd_demo)

    p = subparsers.add_parser("members", help="list members, searching as the window does")
    add_db_argument(p)
    add_chapter_argument(p)
    p.add_argument("--search", default="", help="text to search for (names, email, phone, postcode)")
    p.add_argument("--status", action="append", choices=[s.value for s in MemberStatus], help="only this status")
    p.add_argument("--json", action="store_true", help="print JSON: a list with one object per member")
    p.set_defaults(func=cmd_members)

    p = subparsers.add_parser("chapters", help="list the chapters in the database")
    add_db_argument(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_chapters)

    p = subparsers.add_parser("check", help="check the database as the app does at start-up (full integrity check)")
    add_db_argument(p)
    p.set_defaults(func=cmd_check)


def cmd_init(args: argparse.Namespace) -> None:
    path = resolve_db_path(getattr(args, "db", None))
    passphrase = passphrase_from(args)
    if args.encrypt:
        if passphrase is None:
            raise LienError("--encrypt needs a passphrase: set $LIEN_PASSPHRASE or use --passphrase-file FILE")
        checked_new_passphrase(passphrase)
    else:
        passphrase = None
    database = init_database(path, args.chapter, args.constituency, passphrase=passphrase)
    try:
        chapters = ChapterService(database).list()
    finally:
        database.close()
    made = f" with chapter “{chapters[0].name}”" if chapters else ""
    print(f"created {path}{made}{' (encrypted)' if passphrase else ''}")
    if not passphrase:
        print("lien-desktop: note: the database is not encrypted (use --encrypt to protect the members' data)",
              file=sys.stderr)


def cmd_demo(args: argparse.Namespace) -> None:
    database = open_or_create(getattr(args, "db", None), passphrase=passphrase_from(args))
    try:
        result = fill_demo(database, members=args.members, seed=args.seed, chapter_name=args.chapter)
        meetings = 0 if args.no_meetings else _demo_meetings(database, result.chapter_id, args.seed)
    except ValueError as exc:
        from lien_desktop.domain.errors import LienError

        raise LienError(str(exc)) from None
    finally:
        database.close()
    print(f"added {result.members} demo members to chapter “{result.chapter_name}” (id {result.chapter_id})")
    if meetings:
        print(f"added {meetings} demo meetings (a year, with attendance, motions and actions)")


def _demo_meetings(database, chapter_id: int, seed: int) -> int:  # type: ignore[no-untyped-def]
    """A year of meetings for the demo chapter; a chapter too small for them is said, not refused."""
    from lien_desktop.domain.errors import LienError
    from lien_desktop.services.meetings_demo import fill_meetings_demo

    try:
        return fill_meetings_demo(database, chapter_id, seed=seed)
    except LienError as exc:
        print(f"lien-desktop: note: no demo meetings: {exc}", file=sys.stderr)
        return 0


def cmd_members(args: argparse.Namespace) -> None:
    database = open_db(args)
    try:
        chapter = pick_chapter(database, args)
        flt = MemberFilter(search=args.search, statuses=frozenset(MemberStatus(s) for s in args.status or ()))
        service = MemberService(database)
        if args.json:
            print_json(service.plain_rows(chapter.id, flt, SortOrder()))
            return
        rows = service.search(chapter.id, flt, SortOrder())
    finally:
        database.close()
    print_table(
        ("id", "name", "email", "mobile", "postcode", "status", "standing"),
        ((m.id, m.display_name if not m.confidential else f"{m.display_name} (confidential)", m.email,
          display_phone(m.mobile_phone), m.postcode, m.status.value, m.standing.label if m.standing else "")
         for m in rows),
    )
    print(f"{len(rows)} member{'s' if len(rows) != 1 else ''} in “{chapter.name}”", file=sys.stderr)


def cmd_chapters(args: argparse.Namespace) -> None:
    database = open_db(args)
    try:
        chapters = ChapterService(database).list()
    finally:
        database.close()
    if args.json:
        print_json(chapters)
    else:
        print_table(("id", "name", "constituency", "members"),
                    ((c.id, c.name, c.constituency_code, c.member_count) for c in chapters))


def cmd_check(args: argparse.Namespace) -> int:
    report = check_database(getattr(args, "db", None), passphrase=passphrase_from(args))
    print("\n".join(report.lines()))
    if not report.ok:
        print(f"lien-desktop: {report.path}: {'; '.join(report.problems)}", file=sys.stderr)
        return 2
    return 0
