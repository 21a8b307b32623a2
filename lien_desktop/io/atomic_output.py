"""Write a file so that it appears complete or not at all.

The data goes to a temporary file in the target's own folder (so the final rename stays on one file
system and is atomic); only when it is complete and flushed to disk is it renamed over the target
with `os.replace`. A full disk, an error, Ctrl-C or a cancel (any exception, raised by the caller's
cancel check) removes the temporary file and leaves the target untouched: no half file, no litter.
The file is created readable by its owner only (mkstemp's 0600): member lists are personal data.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def temp_name_for(target: Path) -> str:
    # Hidden and clearly ours, in case a crash (power cut, kill -9) ever leaves one behind.
    return f".{target.name}."


@contextlib.contextmanager
def replacing(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it into place if the block ends normally."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    fd, name = tempfile.mkstemp(dir=folder, prefix=temp_name_for(target), suffix=".part")
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        _fsync(temp)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_folder(folder)


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); not possible, nor needed, on Windows."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
