"""Shared fixtures. Every test gets its own data, log, config and temp folders: no real profile is touched."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    profile = tmp_path / "profile"
    for name, sub in (("LIEN_DATA_DIR", "data"), ("LIEN_LOG_DIR", "log"), ("LIEN_CONFIG_DIR", "config"),
                      ("LIEN_TMP_DIR", "tmp"), ("LIEN_CACHE_DIR", "cache")):
        folder = profile / sub
        folder.mkdir(parents=True)
        monkeypatch.setenv(name, str(folder))
    monkeypatch.delenv("LIEN_DB", raising=False)
    monkeypatch.delenv("LIEN_PASSPHRASE", raising=False)
    return profile


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "register.sqlite3"


@pytest.fixture
def database(db_path: Path):
    from lien_desktop.services.database import init_database

    db = init_database(db_path, "Test Chapter", "")
    yield db
    db.close()


@pytest.fixture
def chapter_id(database) -> int:
    from lien_desktop.services.chapters import ChapterService

    return ChapterService(database).list()[0].id


@pytest.fixture
def run_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `lien-desktop ARGS` in a fresh process, as a script would."""

    def run(*args: str, env: dict[str, str] | None = None, input: str | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
        full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
        return subprocess.run(
            [sys.executable, "-m", "lien_desktop", *map(str, args)],
            capture_output=True, text=True, env=full_env, input=input, timeout=timeout,
        )

    return run
