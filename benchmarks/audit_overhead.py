"""What the automatic audit trail costs: member updates and erasure, with and without auditing.

    python benchmarks/audit_overhead.py [--members N] [--updates N]

Prints a table with each figure's ratio to the fastest path measured in the same run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event  # noqa: E402

from lien_desktop.db import audit  # noqa: E402
from lien_desktop.services.database import init_database  # noqa: E402
from lien_desktop.services.demo import fill_demo  # noqa: E402
from lien_desktop.services.erasure import erase_member  # noqa: E402
from lien_desktop.services.members import MemberService  # noqa: E402


def _updates(database, count: int, tag: str) -> float:
    service = MemberService(database)
    best = float("inf")
    for rep in range(3):
        start = time.perf_counter()
        for i in range(1, count + 1):
            service.update(i, {"town": f"Town {i} {tag} {rep}"})
        best = min(best, time.perf_counter() - start)
    return best / count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--updates", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = init_database(Path(folder) / "bench.sqlite3", "", "")
        fill_demo(database, members=args.members, seed=1)
        audited = _updates(database, args.updates, "a")
        for name, fn in (("before_flush", audit._before_flush), ("after_flush", audit._after_flush),
                         ("after_transaction_end", audit._after_end)):
            event.remove(database._sessions, name, fn)
        plain = _updates(database, args.updates, "p")
        start = time.perf_counter()
        erase_member(database, 1)
        erasure = time.perf_counter() - start
        database.close()
    rows = [("member update, no audit trail", plain), ("member update, audited", audited),
            (f"erasure incl. VACUUM ({args.members} members)", erasure)]
    fastest = min(t for _, t in rows)
    print(f"{'what':45} {'ms':>9} {'ratio':>7}")
    for name, seconds in rows:
        print(f"{name:45} {seconds * 1000:9.2f} {seconds / fastest:7.2f}")


if __name__ == "__main__":
    main()
