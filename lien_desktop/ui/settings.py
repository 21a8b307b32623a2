"""The window's remembered state: geometry, column widths, sort order and the last chapter.

QSettings in IniFormat at <config dir>/settings.ini (LIEN_CONFIG_DIR moves it, so tests never touch a
real profile). One file, no organisation folder: paths.config_dir() already names the app.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from lien_desktop.paths import config_dir

SETTINGS_FILE_NAME = "settings.ini"


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE_NAME


def open_settings() -> QSettings:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)


class WindowSettings:
    """Typed access to what the main window remembers."""

    def __init__(self, settings: QSettings | None = None):
        self.qsettings = settings or open_settings()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    # --- window and table ---------------------------------------------------------------------

    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def splitter_state(self) -> QByteArray | None:
        return self._bytes("window/splitter")

    def header_state(self) -> QByteArray | None:
        """Column widths, order and the sort indicator of the members table."""
        return self._bytes("members/header")

    def save_window(self, geometry: QByteArray, state: QByteArray, splitter: QByteArray, header: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", geometry)
        self.qsettings.setValue("window/state", state)
        self.qsettings.setValue("window/splitter", splitter)
        self.qsettings.setValue("members/header", header)
        self.qsettings.sync()

    # --- last chapter, per database file ---------------------------------------------------------

    @staticmethod
    def _chapter_key(db_path: Path | str | None) -> str:
        # QSettings keys treat '/' and '\\' as group separators: keep the path as one key.
        text = str(Path(db_path).resolve()) if db_path else "default"
        return "last_chapter/" + text.replace("/", "|").replace("\\", "|")

    def last_chapter(self, db_path: Path | str | None) -> int | None:
        value = self.qsettings.value(self._chapter_key(db_path))
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def set_last_chapter(self, db_path: Path | str | None, chapter_id: int) -> None:
        if self.last_chapter(db_path) == int(chapter_id):
            return  # already remembered: no file written (every start sets it)
        self.qsettings.setValue(self._chapter_key(db_path), int(chapter_id))
        self.qsettings.sync()
