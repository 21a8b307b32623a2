"""SQLite's quick integrity check of a database file, read-only, remembered while the file is unchanged.

Standard library only (no SQLAlchemy), so the window can start it on a thread before anything heavy is
imported: on 100,000 members the check reads the whole file (0.3-1 s here) and would otherwise come
before everything else at start-up. sqlite3 releases the GIL while it works, so the check runs beside
the imports. db.opening then finds the answer here instead of checking again.

A clean result is also remembered between runs (in the config folder), for the very version of the
file that was checked: its size, time and inode, and those of its WAL. The app checks the file when it
closes it (the window has gone by then), so the next start, finding the file unchanged, need not read
all of it again. Any write (ours or another program's) changes the stamp, and the next start checks in
full; damage to pages the check did not see again is still caught by SQLite as they are read.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import threading
from pathlib import Path

from lien_desktop.paths import config_dir

_REMEMBERED_FILE = "checked-files.json"
_REMEMBERED_MAX = 20  # files (a regional coordinator may keep several registers)

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
    if list(stamp) in _remembered().values():  # checked when last closed, and not changed since
        with _lock:
            _results[stamp] = "ok"
        return "ok"
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


def _remembered() -> dict[str, list[object]]:
    try:
        found = json.loads((config_dir() / _REMEMBERED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def check_and_remember(path: Path) -> str:
    """After closing the file: check it (unless this version was checked already) and remember a clean
    result for the next start. Returns what quick_check found."""
    path = Path(path)
    if not path.is_file():
        return "missing"
    result = quick_check(path)
    if result != "ok":
        return result
    stamp = list(_stamp(path))
    remembered = {k: v for k, v in _remembered().items() if k != str(path.resolve())}
    remembered[str(path.resolve())] = stamp
    while len(remembered) > _REMEMBERED_MAX:
        remembered.pop(next(iter(remembered)))
    try:
        folder = config_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(remembered, out)
        os.replace(temporary, folder / _REMEMBERED_FILE)
    except OSError:
        pass  # only costs the next start its check
    return result
