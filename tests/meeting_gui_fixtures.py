"""Fixtures of the meeting screens' tests: a chapter with named members, the Meetings panel shown."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate

from lien_desktop.ui.meetings import MeetingsPanel
from lien_desktop.ui.workers import JobRunner
from meeting_helpers import make_world


@pytest.fixture
def world(database, chapter_id):
    return make_world(database, chapter_id)


@pytest.fixture
def panel(qtbot, world):
    runner = JobRunner()
    widget = MeetingsPanel(world.database, world.chapter_id, runner)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    yield widget
    runner.wait(5000)


def create_meeting(panel, qtbot, title="March general meeting", day=None):
    """Plan a meeting through the New meeting form, as the secretary does; the panel opens it."""
    dialog = panel.new_meeting_dialog()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.title_edit, title)
    day = day or dt.date.today()
    dialog.date_edit.setDate(QDate(day.year, day.month, day.day))
    dialog.template_box.setCurrentIndex(dialog.template_box.findData("standard"))
    dialog.chair_box.setCurrentIndex(dialog.chair_box.findText("Siân Evans"))
    assert panel.create_meeting(dialog)
    return panel.context.detail
