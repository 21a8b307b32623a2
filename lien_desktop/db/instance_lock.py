"""One copy of the app per database: an OS lock on `<database>.lock`, held while the database is open.

`fcntl.flock` locks belong to the open file; the kernel releases them when the process ends, however
it ends (kill -9, power cut), so a crash never leaves a stale lock behind. The `.lock` file itself is
left in place on purpose: deleting it would let two processes lock two different files of one name.
On Windows (no fcntl) `msvcrt.locking` on the first byte plays the same part.
"""

from __future__ import annotations

import os
from pathlib import Path

from lien_desktop.domain.errors import DatabaseRefused


def lock_path(database_path: Path) -> Path:
    return Path(f"{database_path}.lock")


class AlreadyOpen(DatabaseRefused):
    """Another copy of LIEN Desktop (or a restore/rekey) has this database open."""


class InstanceLock:
    def __init__(self, database_path: Path):
        self.path = lock_path(Path(database_path))
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> InstanceLock:
        """Take the lock or raise AlreadyOpen. In a folder we cannot write to, there is nothing to
        protect (nobody can change the database there), so no lock is taken."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)  # a database about to be created
        except OSError:
            pass
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            try:
                fd = os.open(self.path, os.O_RDONLY)
            except OSError:
                return self
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            raise AlreadyOpen(
                f"{self.path.with_suffix('')}: is already open in another copy of LIEN Desktop "
                "(or being restored); close it there first"
            ) from None
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            try:
                _unlock(self._fd)
            finally:
                os.close(self._fd)
                self._fd = None

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


try:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # pragma: no cover - Windows
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
