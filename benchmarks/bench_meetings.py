"""How fast the meetings services answer on a realistic chapter, beside the floor of plain sqlite3
reading the same rows in the same run.

    /work/venv/bin/python benchmarks/bench_meetings.py [--members 5000] [--runs 5]

Measured: building a MinutesDoc (the PDF's input) for one demo meeting; the door check-in search for
two letters; a whole meeting loaded as a MeetingDetail (what every GUI change re-reads); JSON export and
import of a signed meeting into a second database; the register of motions of a year. The floor reads
the meeting's attendance, motions and actions with sqlite3 and no ORM: what any approach must pay.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO)]


def timed(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from lien_desktop.services.database import init_database
    from lien_desktop.services.demo import fill_demo
    from lien_desktop.services.meeting_archive import ArchiveService
    from lien_desktop.services.meeting_attendance import AttendanceService
    from lien_desktop.services.meeting_business import BusinessService
    from lien_desktop.services.meeting_documents import MeetingDocuments
    from lien_desktop.services.meetings import MeetingService
    from lien_desktop.services.meetings_demo import fill_meetings_demo

    folder = Path(tempfile.mkdtemp(prefix="bench-meetings-"))
    database = init_database(folder / "a.sqlite3")
    result = fill_demo(database, members=args.members, seed=1)
    start = time.perf_counter()
    fill_meetings_demo(database, result.chapter_id, seed=1)
    demo_seconds = time.perf_counter() - start
    meetings = MeetingService(database).list(result.chapter_id)
    signed = next(m for m in meetings if m.minutes_status.value == "signed" and m.present)
    docs = MeetingDocuments(database)

    def floor() -> None:
        with sqlite3.connect(folder / "a.sqlite3") as conn:
            conn.execute("SELECT a.kind, m.first_name, m.last_name FROM meeting_attendance a JOIN members m "
                         "ON m.id = a.member_id WHERE a.meeting_id = ?", (signed.id,)).fetchall()
            conn.execute("SELECT * FROM motions WHERE meeting_id = ?", (signed.id,)).fetchall()
            conn.execute("SELECT * FROM action_items WHERE meeting_id = ?", (signed.id,)).fetchall()
            conn.execute("SELECT * FROM agenda_items WHERE meeting_id = ?", (signed.id,)).fetchall()

    other = init_database(folder / "b.sqlite3")
    fill_demo(other, members=args.members, seed=1)  # the same people: the import can match them
    archive = folder / "meeting.json"
    ArchiveService(database).export(signed.id, archive)

    rows = [
        ("floor: sqlite3 reads the meeting's rows", timed(floor, args.runs)),
        ("meeting loaded (MeetingDetail)", timed(lambda: MeetingService(database).get(signed.id), args.runs)),
        ("minutes document built (MinutesDoc)", timed(lambda: docs.minutes_doc(signed.id), args.runs)),
        ("circulation copy built", timed(lambda: docs.minutes_doc(signed.id, circulation=True), args.runs)),
        ("door check-in search “ma”", timed(lambda: AttendanceService(database).candidates(signed.id, "ma"),
                                            args.runs)),
        ("register of motions (a year)", timed(lambda: BusinessService(database).motion_register(
            result.chapter_id), args.runs)),
        ("JSON export", timed(lambda: ArchiveService(database).export(signed.id, archive), args.runs)),
        ("JSON import (into a second database)", timed(lambda: ArchiveService(other).import_file(archive, 1), 1)),
    ]
    fastest = rows[0][1]
    print(f"{args.members} members, {len(meetings)} meetings (demo history made in {demo_seconds:.1f} s); "
          f"median of {args.runs} runs")
    print(f"{'what':45} {'ms':>9} {'× floor':>9}")
    for what, ms in rows:
        print(f"{what:45} {ms:9.1f} {ms / fastest:9.1f}")
    database.close()
    other.close()


if __name__ == "__main__":
    main()
