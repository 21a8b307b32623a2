"""Chapters."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lien_desktop.db.models import Chapter, Member
from lien_desktop.domain import members as d
from lien_desktop.domain.errors import LienError, NotFoundError


class ChapterRepository:
    def __init__(self, session: Session):
        self.session = session

    def all(self, *, counted: bool = True) -> list[d.Chapter]:
        """Every chapter by name; `counted=False` leaves out the member counts (member_count None), which
        read every member (about 20 ms at 100,000): the window's start needs only the ids and names."""
        if not counted:
            plain = select(Chapter.id, Chapter.name, Chapter.constituency_code).order_by(Chapter.name)
            return [d.Chapter(id=r[0], name=r[1], constituency_code=r[2], member_count=None)
                    for r in self.session.execute(plain)]
        counts = (
            select(Member.chapter_id, func.count(Member.id).label("n"))
            .where(Member.removed_at.is_(None))
            .group_by(Member.chapter_id)
            .subquery()
        )
        statement = (
            select(Chapter.id, Chapter.name, Chapter.constituency_code, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.chapter_id == Chapter.id)
            .order_by(Chapter.name)
        )
        return [d.Chapter(id=r[0], name=r[1], constituency_code=r[2], member_count=r[3])
                for r in self.session.execute(statement)]

    def get(self, chapter_id: int) -> Chapter:
        chapter = self.session.get(Chapter, chapter_id)
        if chapter is None:
            raise NotFoundError(f"there is no chapter with id {chapter_id}")
        return chapter

    def by_name(self, name: str) -> Chapter | None:
        return self.session.scalar(select(Chapter).where(func.lower(Chapter.name) == name.lower()))

    def add(self, name: str, constituency_code: str = "") -> Chapter:
        if self.by_name(name) is not None:
            raise LienError(f"a chapter called “{name}” already exists")
        chapter = Chapter(name=name, constituency_code=constituency_code)
        self.session.add(chapter)
        self.session.flush()
        return chapter
