"""Subcommands for meetings: list, create and record business headlessly, lifecycle, archive files.

    lien-desktop meetings [--json]
    lien-desktop meeting create|show|attend|guest|item|decision|circulate|approve|sign|addendum|export|import
    lien-desktop motion add | action add|done|drop | actions [--overdue] | quorum
    lien-desktop minutes|agenda|signin-sheet|motions-register (cli/meeting_print.py), meetings-demo
"""

from __future__ import annotations

import argparse
import sys

from lien_desktop.cli import meeting_print
from lien_desktop.cli.common import add_chapter_argument, add_db_argument, open_db, pick_chapter
from lien_desktop.cli.output import print_json, print_table
from lien_desktop.domain import meeting_views as v
from lien_desktop.domain.errors import LienError
from lien_desktop.domain.meetings import TEMPLATES, AttendanceKind, MeetingType, MotionResult, QuorumKind
from lien_desktop.services.meeting_archive import ArchiveService, find_meeting
from lien_desktop.services.meeting_attendance import AttendanceService
from lien_desktop.services.meeting_business import BusinessService
from lien_desktop.services.meeting_minutes import MinutesService
from lien_desktop.services.meetings import MeetingService


def _leaf(subparsers: argparse._SubParsersAction, name: str, help_text: str, func, chapter: bool = False):  # type: ignore[no-untyped-def]
    p = subparsers.add_parser(name, help=help_text)
    add_db_argument(p)
    if chapter:
        add_chapter_argument(p)
    p.set_defaults(func=func)
    return p


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    p = _leaf(subparsers, "meetings", "list the chapter's meetings", cmd_meetings, chapter=True)
    p.add_argument("--json", action="store_true", help="print JSON: one object per meeting, with its id")

    meeting = subparsers.add_parser("meeting", help="plan a meeting, record it, archive it")
    sub = meeting.add_subparsers(dest="meeting_command", metavar="ACTION", required=True)
    p = _leaf(sub, "create", "plan a meeting, its agenda from a template", cmd_create, chapter=True)
    p.add_argument("--title", default="")
    p.add_argument("--date", required=True, help="day/month/year or YYYY-MM-DD")
    p.add_argument("--type", default="general", choices=[t.value for t in MeetingType])
    p.add_argument("--template", choices=sorted(TEMPLATES), help="agenda template (default: by type)")
    p.add_argument("--start", default="")
    p.add_argument("--end", default="")
    p.add_argument("--venue", default="")
    p.add_argument("--online-link", default="")
    p.add_argument("--chair", type=int, help="member id of the chair")
    p.add_argument("--minute-taker", type=int, help="member id of the minute-taker")
    p.add_argument("--next-meeting", default="")
    p.add_argument("--json", action="store_true")
    p = _leaf(sub, "show", "show one meeting", cmd_show)
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p = _leaf(sub, "attend", "record attendance of members (by member id)", cmd_attend)
    p.add_argument("id")
    p.add_argument("members", nargs="+", type=int, metavar="MEMBER_ID")
    p.add_argument("--kind", default="present", choices=[k.value for k in AttendanceKind])
    p.add_argument("--arrived", help="HH:MM, for a late arrival")
    p.add_argument("--left", help="HH:MM, for an early departure")
    p = _leaf(sub, "guest", "add a guest (a non-member, by name)", cmd_guest)
    p.add_argument("id")
    p.add_argument("name")
    p = _leaf(sub, "item", "add an agenda item", cmd_item)
    p.add_argument("id")
    p.add_argument("title")
    p.add_argument("--under", help="number of the item it goes under (e.g. 5)")
    p = _leaf(sub, "decision", "record a decision", cmd_decision)
    p.add_argument("id")
    p.add_argument("text")
    p.add_argument("--item", help="agenda item number (e.g. 5.1)")
    p = _leaf(sub, "circulate", "mark the draft minutes circulated", cmd_circulate)
    p.add_argument("id")
    p = _leaf(sub, "approve", "record the minutes approved at a later meeting", cmd_approve)
    p.add_argument("id")
    p.add_argument("--at", required=True, help="id of the meeting that approved them")
    p.add_argument("--corrections", default="", help="corrections made on approval (empty: a true record)")
    p = _leaf(sub, "sign", "sign approved minutes: lock them and print the fingerprint", cmd_sign)
    p.add_argument("id")
    p.add_argument("--by", required=True, help="who signs (the chair)")
    p = _leaf(sub, "addendum", "add a later correction to signed minutes", cmd_addendum)
    p.add_argument("id")
    p.add_argument("text")
    p = _leaf(sub, "export", "write a meeting to a JSON archive file", cmd_export)
    p.add_argument("id")
    p.add_argument("--out", required=True)
    p = _leaf(sub, "import", "read a meeting from a JSON archive file", cmd_import, chapter=True)
    p.add_argument("file")

    motion = subparsers.add_parser("motion", help="record motions")
    sub = motion.add_subparsers(dest="motion_command", metavar="ACTION", required=True)
    p = _leaf(sub, "add", "record a motion at a meeting", cmd_motion_add)
    p.add_argument("meeting")
    p.add_argument("--wording", required=True)
    p.add_argument("--title", default="")
    p.add_argument("--proposer", type=int, required=True, help="member id")
    p.add_argument("--seconder", type=int, required=True, help="member id")
    p.add_argument("--item", help="agenda item number (default: the Motions item)")
    p.add_argument("--result", default="pending", choices=[r.value for r in MotionResult])
    p.add_argument("--for", dest="votes_for", type=int)
    p.add_argument("--against", dest="votes_against", type=int)
    p.add_argument("--abstain", dest="abstentions", type=int)
    group = p.add_mutually_exclusive_group()
    group.add_argument("--unanimous", action="store_true")
    group.add_argument("--nem-con", action="store_true")

    action = subparsers.add_parser("action", help="record and follow action items")
    sub = action.add_subparsers(dest="action_command", metavar="ACTION", required=True)
    p = _leaf(sub, "add", "add an action item", cmd_action_add)
    p.add_argument("meeting")
    p.add_argument("--what", required=True)
    p.add_argument("--owner", type=int, required=True, help="member id")
    p.add_argument("--due", default="")
    for name, status in (("done", "done"), ("drop", "dropped"), ("reopen", "open")):
        p = _leaf(sub, name, f"mark an action {status}", cmd_action_status)
        p.add_argument("action_id", type=int)
        p.set_defaults(status=status)

    p = _leaf(subparsers, "actions", "list action items (open ones, or the overdue)", cmd_actions, chapter=True)
    p.add_argument("--overdue", action="store_true")
    p.add_argument("--all", action="store_true", help="include done and dropped")
    p.add_argument("--json", action="store_true")

    p = _leaf(subparsers, "quorum", "show or set the chapter's quorum rule", cmd_quorum, chapter=True)
    group = p.add_mutually_exclusive_group()
    group.add_argument("--fixed", type=int, help="a fixed number of members")
    group.add_argument("--percent", type=int, help="a percentage of active members")

    meeting_print.add_commands(subparsers)


def _meeting_id(database, args: argparse.Namespace, attr: str = "id") -> int:  # type: ignore[no-untyped-def]
    return find_meeting(database, getattr(args, attr))


def _item_id(detail, number: str | None) -> int | None:  # type: ignore[no-untyped-def]
    if not number:
        return None
    for item in detail.items:
        if item.number == number.strip():
            return item.id
    raise LienError(f"there is no agenda item {number} on “{detail.title}”")


def cmd_meetings(args: argparse.Namespace) -> None:
    database = open_db(args)
    try:
        chapter = pick_chapter(database, args)
        rows = MeetingService(database).list(chapter.id)
    finally:
        database.close()
    if args.json:
        print_json(rows)
        return
    print_table(("id", "date", "type", "title", "minutes", "present", "motions", "open actions"),
                ((m.id, f"{m.date:%d/%m/%Y}", m.meeting_type.value, m.title, m.minutes_status.value, m.present,
                  m.motions, m.open_actions) for m in rows))


def cmd_create(args: argparse.Namespace) -> None:
    database = open_db(args)
    try:
        chapter = pick_chapter(database, args)
        detail = MeetingService(database).plan(chapter.id, {
            "meeting_type": args.type, "title": args.title, "date": args.date, "start": args.start,
            "end": args.end, "venue": args.venue, "online_link": args.online_link, "chair_id": args.chair,
            "minute_taker_id": args.minute_taker, "next_meeting": args.next_meeting}, args.template)
    finally:
        database.close()
    if args.json:
        print_json({"id": detail.id, "uid": detail.uid, "title": detail.title, "date": detail.date})
    else:
        print(f"planned meeting {detail.id}: “{detail.title}” on {detail.date:%d/%m/%Y} "
              f"({len(detail.items)} agenda items)")


def cmd_show(args: argparse.Namespace) -> None:
    database = open_db(args)
    try:
        detail = MeetingService(database).get(_meeting_id(database, args))
        check = MinutesService(database).check(detail.id) if detail.minutes.locked else None
    finally:
        database.close()
    if args.json:
        print_json(detail)
        return
    print(detail.title)
    print(v.when_and_where(detail))
    if v.officers(detail):
        print(v.officers(detail))
    print(f"minutes {detail.minutes.status.value}")
    for item in detail.items:
        print(f"{'    ' * item.depth}{item.number}. {item.title}")
    print(f"present {detail.present_count}, quorum {detail.quorum_required}; motions {len(detail.motions)}, "
          f"actions {len(detail.actions)}")
    if detail.minutes.fingerprint:
        print(f"fingerprint (SHA-256): {detail.minutes.fingerprint}")
    if check is not None:
        print(f"signature: {check.message}")


def cmd_attend(args: argparse.Namespace) -> None:
    database = open_db(args)
    try:
        meeting_id = _meeting_id(database, args)
        service = AttendanceService(database)
        if args.arrived or args.left:
            for member_id in args.members:
                detail = service.record(meeting_id, member_id, args.kind, args.arrived, args.left)
        else:
            detail = service.record_many(meeting_id, {m: args.kind for m in args.members})
        state = service.quorum(meeting_id)
    finally:
        database.close()
    print(f"{len(args.members)} recorded {args.kind}; {state.describe()}")
    del detail


def _simple(args: argparse.Namespace, change) -> None:  # type: ignore[no-untyped-def]
    database = open_db(args)
    try:
        message = change(database, _meeting_id(database, args))
    finally:
        database.close()
    print(message)


def cmd_guest(args: argparse.Namespace) -> None:
    _simple(args, lambda db, mid: f"guests: {len(AttendanceService(db).add_guest(mid, args.name).guests)}")


def cmd_item(args: argparse.Namespace) -> None:
    def change(db, mid):  # type: ignore[no-untyped-def]
        service = MeetingService(db)
        detail = service.add_item(mid, args.title, _item_id(service.get(mid), args.under))
        added = max(detail.items, key=lambda i: i.id)
        return f"added item {added.number}: {added.title}"
    _simple(args, change)


def cmd_decision(args: argparse.Namespace) -> None:
    def change(db, mid):  # type: ignore[no-untyped-def]
        detail = BusinessService(db).add_decision(mid, args.text, _item_id(MeetingService(db).get(mid), args.item))
        return f"recorded decision D{detail.decisions[-1].number}"
    _simple(args, change)


def cmd_circulate(args: argparse.Namespace) -> None:
    _simple(args, lambda db, mid: f"minutes {MinutesService(db).circulate(mid).minutes.status.value}")


def cmd_approve(args: argparse.Namespace) -> None:
    def change(db, mid):  # type: ignore[no-untyped-def]
        state = MinutesService(db).approve(mid, find_meeting(db, args.at), args.corrections).minutes
        how = "with corrections" if state.corrections else "as a true record"
        return f"minutes approved {how} at {state.approved_at_label}"
    _simple(args, change)


def cmd_sign(args: argparse.Namespace) -> None:
    def change(db, mid):  # type: ignore[no-untyped-def]
        state = MinutesService(db).sign(mid, args.by).minutes
        return f"minutes signed by {state.signed_by} and locked\nfingerprint (SHA-256): {state.fingerprint}"
    _simple(args, change)


def cmd_addendum(args: argparse.Namespace) -> None:
    _simple(args, lambda db, mid: f"addenda: {len(MinutesService(db).add_addendum(mid, args.text).addenda)}")


def cmd_export(args: argparse.Namespace) -> None:
    _simple(args, lambda db, mid: f"wrote {ArchiveService(db).export(mid, args.out)}")


def cmd_import(args: argparse.Namespace) -> None:
    database = open_db(args)
    try:
        chapter = pick_chapter(database, args)
        detail = ArchiveService(database).import_file(args.file, chapter.id)
    finally:
        database.close()
    print(f"imported meeting {detail.id}: “{detail.title}” on {detail.date:%d/%m/%Y} "
          f"({len(detail.attendance)} attendance records, {len(detail.motions)} motions, "
          f"{len(detail.actions)} actions)")


def cmd_motion_add(args: argparse.Namespace) -> None:
    database = open_db(args)
    try:
        meeting_id = _meeting_id(database, args, "meeting")
        detail = MeetingService(database).get(meeting_id)
        item_id = _item_id(detail, args.item) if args.item else next(
            (i.id for i in detail.items if i.kind.value == "motions"), None)
        summary = "unanimous" if args.unanimous else "nem_con" if args.nem_con else "counted"
        recorded = BusinessService(database).add_motion(meeting_id, {
            "item_id": item_id, "title": args.title, "wording": args.wording, "proposer_id": args.proposer,
            "seconder_id": args.seconder, "result": args.result, "vote_summary": summary,
            "votes_for": args.votes_for, "votes_against": args.votes_against, "abstentions": args.abstentions})
    finally:
        database.close()
    for warning in recorded.warnings:
        print(f"lien-desktop: warning: {warning}", file=sys.stderr)
    motion = recorded.meeting.motions[-1]
    print(f"recorded motion {motion.label} (id {motion.id}): {motion.result.value}")


def cmd_action_add(args: argparse.Namespace) -> None:
    database = open_db(args)
    try:
        detail = BusinessService(database).add_action(_meeting_id(database, args, "meeting"), args.what,
                                                      args.owner, args.due)
    finally:
        database.close()
    action = detail.actions[-1]
    print(f"recorded action {action.label} (id {action.id}) for {action.owner.name}")


def cmd_action_status(args: argparse.Namespace) -> None:
    database = open_db(args)
    try:
        action = BusinessService(database).set_action_status(args.action_id, args.status)
    finally:
        database.close()
    print(f"action {action.label} of {action.meeting_date:%d/%m/%Y}: {action.status.value}")


def cmd_actions(args: argparse.Namespace) -> None:
    database = open_db(args)
    try:
        chapter = pick_chapter(database, args)
        service = BusinessService(database)
        rows = service.overdue(chapter.id) if args.overdue else service.actions(chapter.id, only_open=not args.all)
    finally:
        database.close()
    if args.json:
        print_json(rows)
        return
    print_table(("id", "meeting", "no.", "what", "owner", "due", "status"),
                ((a.id, f"{a.meeting_date:%d/%m/%Y}", a.label, a.what[:60], a.owner.name,
                  f"{a.due:%d/%m/%Y}" if a.due else "", a.status.value) for a in rows))


def cmd_quorum(args: argparse.Namespace) -> None:
    database = open_db(args)
    try:
        chapter = pick_chapter(database, args)
        service = MeetingService(database)
        if args.fixed is not None:
            rule = service.set_quorum_rule(chapter.id, QuorumKind.FIXED, args.fixed)
        elif args.percent is not None:
            rule = service.set_quorum_rule(chapter.id, QuorumKind.PERCENT, args.percent)
        else:
            rule = service.quorum_rule(chapter.id)
    finally:
        database.close()
    print(f"quorum of “{chapter.name}”: {rule.describe()}")
