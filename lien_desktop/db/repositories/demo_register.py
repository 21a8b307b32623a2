"""Writing a demo chapter's members in bulk (services/demo.py makes them up)."""

from __future__ import annotations

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from lien_desktop.db.models import Member, MemberConsent, MemberTag, OfficerPost, StandingEvent, Tag


class DemoRegisterRepository:
    def __init__(self, session: Session):
        self.session = session

    def next_member_id(self) -> int:
        """One more than the highest member id of every chapter (1 for an empty register)."""
        return int(self.session.scalar(select(func.coalesce(func.max(Member.id), 0))) or 0) + 1

    def tag_id(self, chapter_id: int, name: str) -> int:
        """The id of the chapter's tag of that name, added when the chapter has none."""
        tag = self.session.scalar(select(Tag).where(Tag.chapter_id == chapter_id, Tag.name == name))
        if tag is None:
            tag = Tag(chapter_id=chapter_id, name=name)
            self.session.add(tag)
            self.session.flush()
        return tag.id

    def insert_rows(self, members: list[dict[str, object]], events: list[dict[str, object]],
                    tags: list[dict[str, object]], consents: list[dict[str, object]],
                    posts: list[dict[str, object]]) -> None:
        """Core bulk inserts (no audit entry per row), members first; each list is emptied once written."""
        for model, batch in ((Member, members), (StandingEvent, events), (MemberTag, tags),
                             (MemberConsent, consents), (OfficerPost, posts)):
            if batch:
                self.session.execute(insert(model.__table__), batch)  # type: ignore[attr-defined]
                batch.clear()
