"""The cost of encryption at rest on the register's figures, encrypted vs unencrypted in one run.

    python benchmarks/bench_encryption.py [--members 100000] [--repeat 7] [--dir FOLDER]

Builds one demo register (deterministic), makes an encrypted copy of it (the same pages, via the
app's own rekey), then times on each what the members window does: the search per keystroke
(MemberService.ids with the text typed so far), listing the first page (ids + the first 60
summaries), and re-sorting by another column. Medians of --repeat runs; ratios are to the fastest
(unencrypted) figure of the same operation. Target: encrypted <= 1.3x.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lien_desktop.domain.members import MemberFilter, SortOrder  # noqa: E402
from lien_desktop.services.chapters import ChapterService  # noqa: E402
from lien_desktop.services.database import init_database, open_existing  # noqa: E402
from lien_desktop.services.demo import fill_demo  # noqa: E402
from lien_desktop.services.encryption import change_encryption  # noqa: E402
from lien_desktop.services.members import MemberService  # noqa: E402

PASS = "correct horse battery staple"
TYPED = ["m", "ma", "mar", "mart", "marti", "martin"]
PAGE = 60


def timed(fn, repeat: int) -> float:
    fn()  # warm the page cache, as a window that has been open for a moment has
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def measure(path: Path, passphrase: str | None, repeat: int) -> dict[str, float]:
    start = time.perf_counter()
    database = open_existing(path, passphrase=passphrase)
    opened = time.perf_counter() - start
    try:
        service = MemberService(database)
        chapter = max(ChapterService(database).list(), key=lambda c: c.member_count)
        figures = {"open (key derivation + start-up check)": opened}

        def keystrokes():
            for text in TYPED:
                ids = service.ids(chapter.id, MemberFilter(search=text))
                service.summaries(ids[:PAGE])

        figures[f"search per keystroke (mean of {len(TYPED)})"] = timed(keystrokes, repeat) / len(TYPED)

        def first_page():
            ids = service.ids(chapter.id)
            service.summaries(ids[:PAGE])

        figures["list, first page"] = timed(first_page, repeat)
        orders = [SortOrder("first_name"), SortOrder("email", descending=True), SortOrder("last_name")]
        state = {"n": 0}

        def resort():
            order = orders[state["n"] % len(orders)]
            state["n"] += 1
            ids = service.ids(chapter.id, MemberFilter(), order)
            service.summaries(ids[:PAGE])

        figures["re-sort (first page)"] = timed(resort, repeat)
        return figures
    finally:
        database.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--dir", type=Path, default=None, help="where to build the databases (kept if given)")
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="lien-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    plain, encrypted = folder / f"plain-{args.members}.sqlite3", folder / f"encrypted-{args.members}.sqlite3"
    try:
        if not plain.exists():
            t = time.perf_counter()
            database = init_database(plain, "Benchmark")
            fill_demo(database, members=args.members, seed=1)
            database.close()
            print(f"built {plain.name} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        if not encrypted.exists():
            t = time.perf_counter()
            shutil.copyfile(plain, encrypted)  # a closed, checkpointed file: a copy is exact here
            change_encryption(encrypted, old_passphrase=None, new_passphrase=PASS)
            print(f"encrypted a copy in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        # Interleave the two so that machine noise hits both alike.
        results: dict[str, list[dict[str, float]]] = {"unencrypted": [], "encrypted": []}
        for _ in range(3):
            results["unencrypted"].append(measure(plain, None, args.repeat))
            results["encrypted"].append(measure(encrypted, PASS, args.repeat))
        med = {kind: {k: statistics.median(r[k] for r in runs) for k in runs[0]} for kind, runs in results.items()}
        print(f"\nEncryption cost, {args.members:,} members, median of 3 rounds x {args.repeat} runs "
              f"({sys.platform}, SQLCipher via sqlcipher3)\n")
        header = f"{'operation':44} {'unencrypted':>12} {'encrypted':>12} {'ratio':>7}  target"
        print(header)
        print("-" * len(header))
        for key in med["unencrypted"]:
            a, b = med["unencrypted"][key], med["encrypted"][key]
            ratio = b / a if a else float("nan")
            target = "" if key.startswith("open") else ("ok" if ratio <= 1.3 else "OVER 1.3x")
            print(f"{key:44} {a * 1000:10.1f}ms {b * 1000:10.1f}ms {ratio:6.2f}x  {target}")
        return 0
    finally:
        if args.dir is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
