"""Export of 100,000 members to .xlsx beside the fastest writers in the stack, measured in the same run.

    python benchmarks/bench_export.py [--db /tmp/lien-bench-export.sqlite3] [--members 100000] [--repeat 5]

Floors (writing the very same cell values, already in memory, to a file):
  - xlsxwriter in constant-memory mode, `write_row` per row (its documented fast path);
  - xlsxwriter in constant-memory mode, one typed write per non-empty cell (the tightest loop we know);
  - openpyxl write-only, `append` per row (for reference).
Ours: `ExportService.export` from the database, all of it: the read transaction, the cell values,
the formula-injection rule, the styled sheet, the temporary file, fsync and rename.
The goal (issue 3): ours ≤ 1.2 × the fastest floor. The demo database is built once, if missing.
CPU time of this process is the verdict (the machines are shared, so wall time swings with the load);
both are printed. The verdict steps run in rounds (`--repeat`, 5), each round writing with both
xlsxwriter floors and exporting; the verdict is the median over the rounds of ours ÷ that round's
fastest writer (the best-against-best ratio is printed too: it sets two luckiest runs side by side).

Measured 2026-11-30 11:10-11:18 UTC, 100,000 members × 30 columns, five rounds, 2 cores:
  xlsxwriter typed cells 16.3 s CPU at best, write_row 1.24 ×, openpyxl write-only 2.53 ×, LIEN export
  19.5 s; round by round 1.01, 1.15, 1.17, 1.24, 1.34 × that round's fastest writer: median 1.17 ×.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import openpyxl  # noqa: E402
import xlsxwriter  # noqa: E402

from lien_desktop.db.repositories.exporting import ExportRepository  # noqa: E402
from lien_desktop.domain.export_profiles import profile, row_maker  # noqa: E402
from lien_desktop.io.constituencies import by_code  # noqa: E402
from lien_desktop.services.chapters import ChapterService  # noqa: E402
from lien_desktop.services.database import open_existing  # noqa: E402
from lien_desktop.services.exporting import ExportService  # noqa: E402

GOAL = 1.2


def ensure_database(path: Path, members: int) -> None:
    if path.exists():
        return
    print(f"building a demo register of {members:,} members in {path} (once)…", flush=True)
    subprocess.run([sys.executable, "-m", "lien_desktop", "demo", "--db", str(path), "--members", str(members)],
                   check=True, env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})


def same_rows(database, chapter_id: int, profile_name: str) -> tuple[list[str], list[list[object]]]:
    """The cell values our export writes, collected in memory for the floors (not timed)."""
    prof = profile(profile_name)
    names = {code: c.name for code, c in by_code().items()}
    service = ExportService(database)
    ids = service.scope_ids(chapter_id)
    with database.reading() as session:
        members = ExportRepository(session).members(chapter_id, ids, names, dt.date.today())
        rows = list(map(row_maker(prof), members))
    return prof.headers, rows


def floor_xlsxwriter(path: Path, headers, rows) -> None:
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "default_date_format": "dd/mm/yyyy",
                                               "strings_to_numbers": False, "strings_to_formulas": False,
                                               "strings_to_urls": False})
    sheet = workbook.add_worksheet("Members")
    sheet.write_row(0, 0, headers)
    for r, row in enumerate(rows, start=1):
        sheet.write_row(r, 0, row)
    workbook.close()


def floor_xlsxwriter_typed(path: Path, headers, rows) -> None:
    """The tightest xlsxwriter loop: one typed write per non-empty cell, no dispatch on type."""
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                               "strings_to_formulas": False, "strings_to_urls": False})
    sheet = workbook.add_worksheet("Members")
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, headers)
    write_string, write_number, write_datetime = sheet._write_string, sheet._write_number, sheet._write_datetime
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if value.__class__ is str:
                write_string(r, c, value)
            elif value.__class__ is int:
                write_number(r, c, value)
            else:
                write_datetime(r, c, value, date_format)
    workbook.close()


def floor_openpyxl(path: Path, headers, rows) -> None:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Members")
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def floor_csv(path: Path, headers, rows) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        writer.writerows([("" if v is None else v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v)
                          for v in row] for row in rows)


def timed(step) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(wall seconds, CPU seconds of this process) for one run of `step`."""
    wall, cpu = time.perf_counter(), time.process_time()
    step()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(Path(tempfile.gettempdir()) / "lien-bench-export.sqlite3"))
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--profile", default="full")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    db_path = Path(args.db)
    ensure_database(db_path, args.members)
    database = open_existing(db_path)
    chapter = max(ChapterService(database).list(), key=lambda c: c.member_count)
    out = Path(tempfile.mkdtemp(prefix="lien-bench-export-"))
    headers, rows = same_rows(database, chapter.id, args.profile)
    print(f"{len(rows):,} members × {len(headers)} columns ({args.profile} profile), best of {args.repeat} "
          "(openpyxl, reading and CSV: one run)")

    service = ExportService(database)
    # The verdict's steps run `--repeat` times, interleaved, so that a burst of load hits each alike;
    # the references once (openpyxl alone takes a minute).
    verdict_steps = {
        "xlsxwriter constant_memory, write_row": lambda: floor_xlsxwriter(out / "a.xlsx", headers, rows),
        "xlsxwriter constant_memory, typed cells": lambda: floor_xlsxwriter_typed(out / "t.xlsx", headers, rows),
        "LIEN export .xlsx (from the database)": lambda: service.export(
            chapter.id, out / "ours.xlsx", args.profile, include_confidential=True),
    }
    reference_steps = {
        "openpyxl write-only": lambda: floor_openpyxl(out / "b.xlsx", headers, rows),
        "  reading the register into cells": lambda: same_rows(database, chapter.id, args.profile),
        "raw csv.writer (floor)": lambda: floor_csv(out / "c.csv", headers, rows),
        "LIEN export .csv (from the database)": lambda: service.export(
            chapter.id, out / "ours.csv", args.profile, include_confidential=True),
    }
    best: dict[str, tuple[float, float]] = {}
    rounds: list[dict[str, float]] = []  # CPU seconds of each verdict step, round by round
    for steps in [*([verdict_steps] * args.repeat), reference_steps]:
        if steps is verdict_steps:
            rounds.append({})
        for name, step in steps.items():
            wall, cpu = timed(step)
            old = best.get(name)
            best[name] = (min(wall, old[0]), min(cpu, old[1])) if old else (wall, cpu)
            if steps is verdict_steps:
                rounds[-1][name] = cpu
    database.close()

    xlsx = ["xlsxwriter constant_memory, write_row", "xlsxwriter constant_memory, typed cells", "openpyxl write-only",
            "LIEN export .xlsx (from the database)"]
    fastest_wall = min(best[n][0] for n in xlsx)
    fastest_cpu = min(best[n][1] for n in xlsx)
    print(f"\n{'step':42} {'wall s':>8} {'× fastest':>10} {'CPU s':>8} {'× fastest':>10}")
    for name in [*xlsx, "  reading the register into cells"]:
        wall, cpu = best[name]
        print(f"{name:42} {wall:8.2f} {wall / fastest_wall:10.2f} {cpu:8.2f} {cpu / fastest_cpu:10.2f}")
    csv_floor, ours_csv = best["raw csv.writer (floor)"], best["LIEN export .csv (from the database)"]
    print(f"{'raw csv.writer (floor)':42} {csv_floor[0]:8.2f} {1:10.2f} {csv_floor[1]:8.2f} {1:10.2f}")
    print(f"{'LIEN export .csv (from the database)':42} {ours_csv[0]:8.2f} {ours_csv[0] / csv_floor[0]:10.2f} "
          f"{ours_csv[1]:8.2f} {ours_csv[1] / csv_floor[1]:10.2f}")
    ours_wall, ours_cpu = best["LIEN export .xlsx (from the database)"]
    ratio_wall, ratio_cpu = ours_wall / fastest_wall, ours_cpu / fastest_cpu
    # Each round's ratio to that round's fastest writer: a best-of-N ratio sets the luckiest run of one
    # against the luckiest of another, and this machine's speed drifts by a third within minutes.
    paired = sorted(r["LIEN export .xlsx (from the database)"] / min(v for k, v in r.items() if k.startswith("xlsxwriter"))
                    for r in rounds)
    ratio_paired = statistics.median(paired)
    # The machine may be shared: CPU time of this process is the steadier measure; both are shown.
    verdict = "met" if ratio_paired <= GOAL else "NOT met"
    print(f"\nround by round (CPU, ours ÷ that round's fastest writer): {' '.join(f'{r:.2f}' for r in paired)}")
    print(f"goal: LIEN .xlsx export ≤ {GOAL} × the fastest writer: median of the rounds {ratio_paired:.2f} × CPU"
          f" — {verdict} (best against best: {ratio_cpu:.2f} × CPU, {ratio_wall:.2f} × wall)")
    for f in out.iterdir():
        f.unlink()
    out.rmdir()
    return 0 if ratio_paired <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
