"""Where things live: the user's data, logs, settings and temporary files, and our shipped files.

Every user path can be moved from outside (environment variable or command-line argument), so tests
and developers never touch a real profile.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import platformdirs

APP_DIR_NAME = "lien-desktop"
DB_FILE_NAME = "lien.sqlite3"

ENV_DATA_DIR = "LIEN_DATA_DIR"
ENV_DB = "LIEN_DB"
ENV_LOG_DIR = "LIEN_LOG_DIR"
ENV_CONFIG_DIR = "LIEN_CONFIG_DIR"
ENV_TMP_DIR = "LIEN_TMP_DIR"
ENV_CACHE_DIR = "LIEN_CACHE_DIR"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    return _env_path(ENV_DATA_DIR) or Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def default_db_path() -> Path:
    return _env_path(ENV_DB) or data_dir() / DB_FILE_NAME


def log_dir() -> Path:
    return _env_path(ENV_LOG_DIR) or Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False))


def config_dir() -> Path:
    return _env_path(ENV_CONFIG_DIR) or Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False))


def cache_dir() -> Path:
    """Things worth keeping between runs that can always be made again (parsed fonts); no personal data."""
    return _env_path(ENV_CACHE_DIR) or Path(platformdirs.user_cache_dir(APP_DIR_NAME, appauthor=False))


def tmp_dir() -> Path:
    return _env_path(ENV_TMP_DIR) or Path(tempfile.gettempdir())


def _shipped(packaged: str, checkout: str) -> Path:
    """A folder shipped with the app: inside the installed wheel, or at the top of the checkout."""
    inside_wheel = _PACKAGE_DIR / packaged
    if inside_wheel.is_dir():
        return inside_wheel
    return _PACKAGE_DIR.parent / checkout


def resources_dir() -> Path:
    return _shipped("_resources", "resources")


def migrations_dir() -> Path:
    return _shipped("_database/migrations", "database/migrations")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
