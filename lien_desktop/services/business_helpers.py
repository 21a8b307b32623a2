"""Small wordings shared by the meeting documents, the command line and the screens."""

from __future__ import annotations

from lien_desktop.domain import meeting_views as v
from lien_desktop.domain.meetings import VoteSummary


def votes_text(motion: v.MotionView) -> str:
    """'12-3-1', 'unanimous', 'nem. con.' or '' (not counted)."""
    if motion.vote_summary is VoteSummary.UNANIMOUS:
        return "unanimous"
    if motion.vote_summary is VoteSummary.NEM_CON:
        return "nem. con." + (f" ({motion.votes.short()})" if motion.votes.counted else "")
    return motion.votes.short()
