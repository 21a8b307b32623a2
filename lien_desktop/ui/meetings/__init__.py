"""The meeting screens. Entry point: `MeetingsPanel(database, chapter_id, job_runner, parent=None)`."""

from lien_desktop.ui.meetings.panel import MeetingsPanel

__all__ = ["MeetingsPanel"]
