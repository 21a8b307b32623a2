"""The secretary's protection settings: idle lock and automatic backups, in `<config dir>/protection.json`.

A missing or unreadable file gives the defaults (and never stops the app); values out of range are
brought back into range. Saved atomically (temporary file + os.replace).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from lien_desktop.paths import config_dir
from lien_desktop.services.backups import BackupPolicy

FILE_NAME = "protection.json"
LIMITS = {"idle_lock_minutes": (0, 24 * 60), "keep_last": (1, 1000), "keep_daily": (0, 366),
          "keep_weekly": (0, 520)}


@dataclass(frozen=True, slots=True)
class ProtectionSettings:
    idle_lock_minutes: int = 10  # 0 = never lock when idle
    automatic_backups: bool = True  # a backup when the app closes
    keep_last: int = 10
    keep_daily: int = 7
    keep_weekly: int = 8

    @property
    def idle_lock_seconds(self) -> float:
        return self.idle_lock_minutes * 60.0

    @property
    def backup_policy(self) -> BackupPolicy:
        return BackupPolicy(keep_last=self.keep_last, keep_daily=self.keep_daily, keep_weekly=self.keep_weekly)

    def clamped(self) -> ProtectionSettings:
        values = {}
        for name, (low, high) in LIMITS.items():
            values[name] = min(max(int(getattr(self, name)), low), high)
        return replace(self, **values, automatic_backups=bool(self.automatic_backups))


def settings_path() -> Path:
    return config_dir() / FILE_NAME


def load_settings(path: Path | None = None) -> ProtectionSettings:
    path = path or settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ProtectionSettings()
    if not isinstance(raw, dict):
        return ProtectionSettings()
    known = {f.name: f.type for f in fields(ProtectionSettings)}
    values = {}
    for name, value in raw.items():
        if name in known and isinstance(value, (int, bool)):
            values[name] = value
    return ProtectionSettings(**values).clamped()


def save_settings(settings: ProtectionSettings, path: Path | None = None) -> Path:
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}")
    temp.write_text(json.dumps(asdict(settings.clamped()), indent=2), encoding="utf-8")
    os.replace(temp, path)
    return path
