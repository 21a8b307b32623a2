"""Cold start loads only what the first window shows; what it leaves out loads later and still works.

Each check runs in a fresh interpreter: in the test process every module has long been imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import REPO

# Modules the register's first window must not need (each costs start-up time; see ui/main.py).
NOT_AT_START = (
    "lien_desktop.db.models.meetings",
    "lien_desktop.db.models.imports",
    "lien_desktop.db.models.data_protection",
    "lien_desktop.domain.data_protection",
    "lien_desktop.domain.meetings",
    "lien_desktop.domain.meeting_documents",
    "lien_desktop.domain.import_columns",
    "lien_desktop.ui.meetings.panel",
    "lien_desktop.ui.import_wizard",
    "lien_desktop.ui.export_dialog",
    "lien_desktop.ui.member_editor",
    "lien_desktop.ui.idle_lock",  # an unencrypted register has no lock
    "lien_desktop.services.protection_settings",
    "lien_desktop.services.backups",
    "lien_desktop.io.pdf",
    "lien_desktop.io.spreadsheet_reader",
    "alembic",
    "openpyxl",
    "reportlab",
)


def _python(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          env=full_env, timeout=180)


def _demo_database(path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "lien_desktop", "demo", "--db", str(path), "--members", "40"],
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
                            timeout=180)
    assert result.returncode == 0, result.stderr


def test_first_window_paints_members_without_the_deferred_modules(tmp_path: Path) -> None:
    db = tmp_path / "register.sqlite3"
    _demo_database(db)
    # The app as `python -m lien_desktop --db X`, noting sys.modules at the moment the first members
    # are painted; then the Meetings tab is opened as a user would, and must fill in.
    result = _python(f"""
        import json, sys

        class FirstImports:  # notes each module's first import, in order; finds nothing itself
            order = []

            @classmethod
            def find_spec(cls, name, path=None, target=None):
                cls.order.append(name)
                return None

        sys.meta_path.insert(0, FirstImports)
        import lien_desktop.ui.main as start

        report_first_paint = start._exit_after_first_paint

        def watch(app, window):
            def painted():
                loaded = sorted(sys.modules)
                window.tabs.setCurrentIndex(1)  # Meetings
                panel = window.meetings_panel
                order = FirstImports.order
                print(json.dumps({{"loaded": loaded, "rows": window.model.rowCount(),
                                  "sqlalchemy_orm_at": order.index("sqlalchemy.orm"),
                                  "phonenumbers_at": order.index("phonenumbers"),
                                  "pyside_at": order.index("PySide6"),
                                  "tabs": [window.tabs.tabText(i) for i in range(window.tabs.count())],
                                  "menus": [a.text() for a in window.menuBar().actions()],
                                  "meetings": panel.list_model.rowCount() if panel is not None else None}}),
                      flush=True)
            window.first_rows_painted.connect(painted)
            report_first_paint(app, window)

        start._exit_after_first_paint = watch
        from lien_desktop.app import main
        sys.exit(main(["--db", {str(db)!r}]))
        """, env={"LIEN_BENCH_EXIT_AFTER_FIRST_PAINT": "1"})
    assert result.returncode == 0, result.stderr
    seen = json.loads(next(line for line in result.stdout.splitlines() if line.startswith("{")))
    assert seen["rows"] == 40
    # The data layer came before PySide6, whose import hook reads the source of every later module.
    assert seen["sqlalchemy_orm_at"] < seen["pyside_at"] and seen["phonenumbers_at"] < seen["pyside_at"]
    loaded = set(seen["loaded"])
    assert "lien_desktop.ui.main_window" in loaded and "lien_desktop.db.models.members" in loaded
    early = [name for name in NOT_AT_START if name in loaded]
    assert early == [], f"loaded before the first paint: {early}"
    assert seen["tabs"] == ["Members", "Meetings"]
    assert seen["menus"] == ["&File", "&Edit", "&Members", "&Data protection"]
    assert seen["meetings"] == 13  # the demo's year of meetings, listed once the tab is opened


def test_models_loaded_after_the_first_flush_are_audited(tmp_path: Path) -> None:
    """The audit trail records changes to the meeting models even when they are mapped after the
    register's mappers were configured and its sessions had flushed."""
    from lien_desktop.services.database import init_database

    db = tmp_path / "register.sqlite3"
    init_database(db, "Test Chapter", "").close()  # creating it migrates, which maps every model
    result = _python(f"""
        import datetime as dt, json, sys
        from pathlib import Path
        from lien_desktop.services.database import open_existing
        from lien_desktop.services.chapters import ChapterService
        from lien_desktop.services.members import MemberService

        database = open_existing(Path({str(db)!r}))
        chapter_id = ChapterService(database).list()[0].id
        member = MemberService(database).add(chapter_id, {{"first_name": "Dai", "last_name": "Jones"}})
        before = "lien_desktop.db.models.meetings" in sys.modules

        from lien_desktop.services.audit import AuditService
        from lien_desktop.services.meetings import MeetingService

        meeting = MeetingService(database).plan(chapter_id, {{"title": "March general meeting",
                                                             "date": dt.date(2026, 3, 12)}})
        tables = sorted({{e.table for e in AuditService(database).entries()}})
        print(json.dumps({{"meetings_loaded_before": before, "tables": tables}}))
        database.close()
        """)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["meetings_loaded_before"] is False
    assert {"members", "meetings", "agenda_items"} <= set(seen["tables"])


def test_every_meeting_model_is_audited_and_named_in_meetings_tables() -> None:
    from lien_desktop.db import audit
    from lien_desktop.db.base import Base
    from lien_desktop.db.models import load_all

    load_all()
    meeting_classes = [m.class_ for m in Base.registry.mappers
                       if m.class_.__module__ == "lien_desktop.db.models.meetings"]
    assert len(meeting_classes) == 10
    assert all(audit.is_audited(cls) for cls in meeting_classes)
    assert sorted(audit.MEETINGS_TABLES) == sorted(cls.__tablename__ for cls in meeting_classes)


def test_lazy_model_names_and_load_all() -> None:
    result = _python("""
        import json, sys
        import lien_desktop.db.models as models
        from lien_desktop.db.base import Base
        lazy_before = [m for m in ("lien_desktop.db.models.meetings", "lien_desktop.db.models.imports")
                       if m in sys.modules]
        meeting = models.Meeting  # named: loaded
        after_name = "lien_desktop.db.models.meetings" in sys.modules
        models.load_all()
        print(json.dumps({"lazy_before": lazy_before, "after_name": after_name,
                          "meeting_table": meeting.__tablename__, "tables": sorted(Base.metadata.tables)}))
        """)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["lazy_before"] == []
    assert seen["after_name"] is True and seen["meeting_table"] == "meetings"
    assert {"meetings", "motions", "imports", "import_members", "members", "audit_log"} <= set(seen["tables"])


def test_start_up_lists_chapters_without_counting_members(database, chapter_id) -> None:
    """The window's start reads the chapters' ids and names only; counting is for the chapter dialogs."""
    from lien_desktop.services.chapters import ChapterService
    from lien_desktop.services.members import MemberService

    chapters = ChapterService(database)
    second = chapters.create("Another chapter")
    MemberService(database).add(chapter_id, {"first_name": "Dai", "last_name": "Jones"})
    counted, plain = chapters.list(), chapters.list(counted=False)
    assert [(c.id, c.name) for c in counted] == [(c.id, c.name) for c in plain]
    assert {c.id: c.member_count for c in counted} == {chapter_id: 1, second.id: 0}
    assert {c.member_count for c in plain} == {None}  # not counted, rather than a wrong 0
    assert chapters.get(chapter_id).name == "Test Chapter"


def _planner_statistics(path: Path) -> int:
    """Rows of SQLite's planner statistics (0 if ANALYZE never ran)."""
    import sqlite3

    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        if connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone() is None:
            return 0
        return connection.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0]
    finally:
        connection.close()


def _forget_planner_statistics(path: Path) -> None:
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        if _planner_statistics(path):
            with connection:
                connection.execute("DELETE FROM sqlite_stat1")
    finally:
        connection.close()


def test_the_window_refreshes_the_planner_statistics_after_its_first_paint(qtbot, tmp_path: Path) -> None:
    """Opening for the window leaves ANALYZE (30 ms at 100,000 members) until the members are on screen."""
    from lien_desktop.services.database import init_database, open_or_create
    from lien_desktop.services.demo import fill_demo
    from lien_desktop.ui.main import _refresh_statistics_after_first_paint
    from lien_desktop.ui.main_window import MainWindow

    path = tmp_path / "register.sqlite3"
    created = init_database(path)
    chapter_id = fill_demo(created, members=50, seed=3).chapter_id
    created.close()
    _forget_planner_statistics(path)

    database = open_or_create(path, refresh_statistics=False)
    assert _planner_statistics(path) == 0
    window = MainWindow(database, chapter_id, db_path=path)
    qtbot.addWidget(window)
    _refresh_statistics_after_first_paint(window)
    at_first_paint: list[int] = []
    window.first_rows_painted.connect(lambda: at_first_paint.append(_planner_statistics(path)))
    with qtbot.waitSignal(window.first_rows_painted, timeout=10_000):
        window.show()
    assert at_first_paint == [0]
    qtbot.waitUntil(lambda: _planner_statistics(path) > 0, timeout=10_000)
    window.close()
    database.close()

    _forget_planner_statistics(path)
    assert _planner_statistics(path) == 0
    open_or_create(path).close()  # the command line and every other caller: refreshed while opening
    assert _planner_statistics(path) > 0


def test_the_last_chapter_is_written_only_when_it_changes(qtbot) -> None:
    from lien_desktop.ui.settings import WindowSettings, settings_path

    settings = WindowSettings()
    settings.set_last_chapter("/data/register.sqlite3", 3)
    os.utime(settings_path(), ns=(10**18, 10**18))  # a time no rewrite would leave
    settings.set_last_chapter("/data/register.sqlite3", 3)  # every start does this
    assert settings_path().stat().st_mtime_ns == 10**18
    settings.set_last_chapter("/data/register.sqlite3", 4)
    assert WindowSettings().last_chapter("/data/register.sqlite3") == 4
