"""Encryption at rest: change the passphrase, encrypt an unencrypted database, or (after a clear
warning) store it unencrypted again — always by writing a new file beside the old one, verifying it
(integrity, our marker, the same number of rows in every table), flushing it to disk, and only then
moving it over the old file. The single-instance lock is held throughout, so the app cannot have the
database open meanwhile.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from lien_desktop.db.engine import check_passphrase
from lien_desktop.db.errors import friendly_errors
from lien_desktop.db.instance_lock import InstanceLock
from lien_desktop.db.opening import inspect_file
from lien_desktop.db.sqlite_copy import export_with_new_key, fsync_folder, remove_quietly
from lien_desktop.domain.errors import LienError

UNENCRYPTED_WARNING = (
    "WARNING: the database will be stored UNENCRYPTED. Anyone who gets hold of this computer, its disk "
    "or a copy of the file can read every member's details, including their political opinions "
    "(special-category data under UK GDPR)."
)
MIN_LENGTH = 10


@dataclass(frozen=True, slots=True)
class Strength:
    score: int  # 0 (unusable) .. 4 (strong)
    label: str
    hint: str

    @property
    def acceptable(self) -> bool:
        return self.score >= 2


def passphrase_strength(passphrase: str) -> Strength:
    """A hint from length and variety, no dictionary: long passphrases of several words are best."""
    if not passphrase:
        return Strength(0, "empty", f"type at least {MIN_LENGTH} characters; a few unrelated words work well")
    classes = sum(bool(re.search(p, passphrase)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9\s]"))
    words = len(passphrase.split())
    distinct = len(set(passphrase))
    length = len(passphrase)
    if length < 8 or distinct < 4:
        return Strength(0, "too weak", f"too short or repetitive: use at least {MIN_LENGTH} characters")
    if length < MIN_LENGTH:
        return Strength(1, "weak", f"use at least {MIN_LENGTH} characters, or a few unrelated words")
    points = (length >= 14) + (length >= 20) + (classes >= 3) + (words >= 4)
    if points >= 3:
        return Strength(4, "strong", "a good passphrase; write it down somewhere safe, it cannot be recovered")
    if points >= 1:
        return Strength(3, "good", "longer is stronger: four or more unrelated words are best")
    return Strength(2, "fair", "acceptable; a longer passphrase (four or more words) is better")


def change_encryption(path: Path | str, *, old_passphrase: str | None, new_passphrase: str | None,
                      allow_unencrypted: bool = False) -> Path:
    """Re-encrypt `path` under `new_passphrase` (None = store unencrypted, only with
    `allow_unencrypted`). `old_passphrase` opens the current file (None if it is not encrypted)."""
    path = Path(path).expanduser()
    if new_passphrase is None and not allow_unencrypted:
        raise LienError("storing the database unencrypted needs an explicit confirmation")
    if new_passphrase is not None:
        try:
            check_passphrase(new_passphrase)
        except ValueError as exc:
            raise LienError(f"new passphrase: {exc}") from None
    with InstanceLock(path):
        inspection = inspect_file(path, full_check=True, passphrase=old_passphrase)
        if not inspection.writable:
            raise LienError(f"{path}: the file or its folder is read-only; nothing was changed")
        current = old_passphrase if inspection.encrypted else None
        if current is None and new_passphrase is None:
            raise LienError(f"{path}: is already unencrypted; nothing was changed")
        with friendly_errors(path):
            temp = export_with_new_key(path, current, new_passphrase)
        try:
            os.replace(temp, path)
            for suffix in ("-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            fsync_folder(path.parent)
        except BaseException:
            remove_quietly(temp)
            raise
    return path
