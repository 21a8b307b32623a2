"""The cost of encryption at rest on the register's figures, encrypted vs unencrypted in one run.

    python benchmarks/bench_encryption.py [--members 100000] [--repeat 7] [--dir FOLDER]

Builds one demo register (deterministic), makes an encrypted copy of it (the same pages, via the
app's own rekey), then times on each what the members window does: the search per keystroke
(MemberService.ids with the text typed so far), listing the first page (ids + the first 60
summaries), and re-sorting by another column. Medians of --repeat runs, the two databases open side by side and timed alternately; ratios are to the fastest
(unencrypted) figure of the same operation. Target: encrypted <= 1.3x.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lien_desktop.db.engine import Database, make_file_engine  # noqa: E402
from lien_desktop.db.opening import inspect_file  # noqa: E402
from lien_desktop.domain.members import MemberFilter, SortOrder  # noqa: E402
from lien_desktop.services.chapters import ChapterService  # noqa: E402
from lien_desktop.services.database import init_database, open_existing  # noqa: E402
from lien_desktop.services.demo import fill_demo  # noqa: E402
from lien_desktop.services.encryption import change_encryption  # noqa: E402
from lien_desktop.services.members import MemberService  # noqa: E402

PASS = "correct horse battery staple"
TYPED = ["m", "ma", "mar", "mart", "marti", "martin"]
PAGE = 60


def operations(database) -> dict[str, callable]:
    """What the members window does, on one open database."""
    service = MemberService(database)
    chapter = max(ChapterService(database).list(), key=lambda c: c.member_count)

    def keystrokes():
        for text in TYPED:
            ids = service.ids(chapter.id, MemberFilter(search=text))
            service.summaries(ids[:PAGE])

    def first_page():
        ids = service.ids(chapter.id)
        service.summaries(ids[:PAGE])

    orders = [SortOrder("first_name"), SortOrder("email", descending=True), SortOrder("last_name")]
    state = {"n": 0}

    def resort():
        order = orders[state["n"] % len(orders)]
        state["n"] += 1
        ids = service.ids(chapter.id, MemberFilter(), order)
        service.summaries(ids[:PAGE])

    return {
        f"search per keystroke (mean of {len(TYPED)})": keystrokes,
        "list, first page": first_page,
        "re-sort (first page)": resort,
    }


def open_timed(path: Path, passphrase: str | None, same_build: bool = False):
    start = time.perf_counter()
    if same_build:
        # The unencrypted file through SQLCipher's own SQLite build: isolates the cost of encryption
        # from the difference between that build and the Python sqlite3 module's SQLite.
        inspect_file(path)
        database = Database(make_file_engine(path, cipher_library=True), path)
    else:
        database = open_existing(path, passphrase=passphrase)
    return database, time.perf_counter() - start


KINDS = (  # (column, which file, passphrase, through SQLCipher's SQLite build without a key)
    ("unencrypted", "plain", None, False),
    ("same build", "plain", None, True),
    ("encrypted", "encrypted", PASS, False),
)


def measure(files: dict[str, Path], repeat: int) -> dict[str, dict[str, float]]:
    """All databases open side by side; each sample times every kind in turn on the same
    operation, so that the load of a shared machine falls on all alike."""
    opens: dict[str, list[float]] = {kind: [] for kind, *_ in KINDS}
    for _ in range(3):
        for kind, which, key, same in KINDS:
            database, seconds = open_timed(files[which], key, same)
            database.close()
            opens[kind].append(seconds)
    databases = {kind: open_timed(files[which], key, same)[0] for kind, which, key, same in KINDS}
    samples: dict[str, dict[str, list[float]]] = {kind: {} for kind in databases}
    try:
        ops = {kind: operations(database) for kind, database in databases.items()}
        for name in ops["unencrypted"]:
            for kind in ops:
                ops[kind][name]()  # warm the page cache, as a window open for a moment has
                samples[kind][name] = []
            for _ in range(repeat):
                for kind in ops:
                    start = time.perf_counter()
                    ops[kind][name]()
                    samples[kind][name].append(time.perf_counter() - start)
    finally:
        for database in databases.values():
            database.close()
    result = {}
    for kind in samples:
        result[kind] = {"open (key derivation + start-up check)": statistics.median(opens[kind])}
        for name, values in samples[kind].items():
            per = len(TYPED) if name.startswith("search") else 1
            result[kind][name] = statistics.median(values) / per
    return result


def cipher_version() -> str:
    import sqlcipher3

    conn = sqlcipher3.connect(":memory:")
    try:
        return conn.execute("PRAGMA cipher_version").fetchone()[0]
    finally:
        conn.close()


def cipher_sqlite_version() -> str:
    import sqlcipher3

    return sqlcipher3.sqlite_version


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
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
        med = measure({"plain": plain, "encrypted": encrypted}, args.repeat)
        print(f"\nEncryption cost, {args.members:,} members, medians of {args.repeat} interleaved runs "
              f"({sys.platform}; Python sqlite3 = SQLite {sqlite3.sqlite_version}; "
              f"SQLCipher {cipher_version()} on SQLite {cipher_sqlite_version()})\n")
        header = (f"{'operation':40} {'unencrypted':>12} {'same build':>12} {'encrypted':>12} "
                  f"{'enc/unenc':>9} {'enc/same':>9}  target (<= 1.3x)")
        print(header)
        print("-" * len(header))
        for key in med["unencrypted"]:
            a, same, b = med["unencrypted"][key], med["same build"][key], med["encrypted"][key]
            worst = max(b / a, b / same)
            target = "" if key.startswith("open") else ("ok" if worst <= 1.3 else "OVER")
            print(f"{key:40} {a * 1000:10.1f}ms {same * 1000:10.1f}ms {b * 1000:10.1f}ms "
                  f"{b / a:8.2f}x {b / same:8.2f}x  {target}")
        print("\nunencrypted: the app's path for an unencrypted register (Python's sqlite3); same build: "
              "that file through SQLCipher's SQLite without a key; encrypted: the app's encrypted path.")
        return 0
    finally:
        if args.dir is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
