"""SQLite's quick integrity check of a database file, read-only, remembered while the file is unchanged.

Standard library only (no SQLAlchemy), so the window can start it on a thread before anything heavy is
imported: on 100,000 members the check reads the whole file (0.3-1 s here) and would otherwise come
before everything else at start-up. sqlite3 releases the GIL while it works, so the check runs beside
the imports. db.opening then finds the answer here instead of checking again.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

_lock = threading.Lock()
_results: dict[tuple[object, ...], str] = {}
_running: dict[str, threading.Thread] = {}


def _stamp(path: Path) -> tuple[object, ...]:
    """What identifies this version of the file: a write changes the size or time of the file or its WAL."""
    stamp: list[object] = [str(path.resolve())]
    for suffix in ("", "-wal"):
        try:
            st = Path(f"{path}{suffix}").stat()
        except OSError:
            st = None
        if st is None or (suffix and st.st_size == 0):
            stamp.append(None)  # no WAL and an empty one (opening the file may create it) are the same
        else:
            stamp += [st.st_size, st.st_mtime_ns, st.st_ino]
    return tuple(stamp)


def quick_check(path: Path) -> str:
    """'ok', or what SQLite found; raises sqlite3.DatabaseError for a file it cannot read at all."""
    path = Path(path)
    thread = _running.get(str(path.resolve()))
    if thread is not None and thread is not threading.current_thread():
        thread.join()
    stamp = _stamp(path)
    with _lock:
        if stamp in _results:
            return _results[stamp]
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    try:
        rows = connection.execute("PRAGMA quick_check").fetchall()
    finally:
        connection.close()
    result = "; ".join(r[0] for r in rows[:5])
    if result == "ok" and _stamp(path) == stamp:  # only a clean result for an unchanged file is kept
        with _lock:
            _results[stamp] = result
    return result


def check_in_background(path: Path) -> None:
    """Start quick_check on a thread; quick_check(path) later waits for it. Errors are left for later."""
    path = Path(path)
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return
    except OSError:
        return

    def run() -> None:
        try:
            quick_check(path)
        except Exception:  # noqa: BLE001 - the real open checks again and reports properly
            pass
        finally:
            _running.pop(str(path.resolve()), None)

    thread = threading.Thread(target=run, name="lien-quick-check", daemon=True)
    _running[str(path.resolve())] = thread
    thread.start()
