"""Chapters: create one (at first start), list them, pick one."""

from __future__ import annotations

from lien_desktop.db.engine import Database
from lien_desktop.db.repositories.chapters import ChapterRepository
from lien_desktop.domain.errors import LienError, ValidationError
from lien_desktop.domain.members import Chapter, Constituency
from lien_desktop.domain.text import clean
from lien_desktop.io import constituencies


class ChapterService:
    def __init__(self, database: Database):
        self.database = database

    def list(self, *, counted: bool = True) -> list[Chapter]:
        """The chapters by name, with their member counts unless `counted=False` (then member_count is None)."""
        with self.database.reading() as session:
            return ChapterRepository(session).all(counted=counted)

    def get(self, chapter_id: int) -> Chapter:
        """The chapter's id, name and constituency (member_count None: not counted)."""
        return next((c for c in self.list(counted=False) if c.id == chapter_id), None) or self._missing(chapter_id)

    @staticmethod
    def _missing(chapter_id: int) -> Chapter:
        raise LienError(f"there is no chapter with id {chapter_id}")

    def create(self, name: str = "", constituency: str = "") -> Chapter:
        """A chapter for a constituency (by code or name), or with a name of its own (a regional group)."""
        name = clean(name)
        found: Constituency | None = None
        if clean(constituency):
            found = constituencies.find(constituency)
            if found is None:
                raise ValidationError({"constituency_code": f"“{constituency}” is not a Westminster constituency"})
        if not name:
            if found is None:
                raise ValidationError({"name": "a chapter needs a name or a constituency"})
            name = found.name
        if len(name) > 200:
            raise ValidationError({"name": "is too long (at most 200 characters)"})
        with self.database.transaction() as session:
            row = ChapterRepository(session).add(name, found.code if found else "")
            return Chapter(id=row.id, name=row.name, constituency_code=row.constituency_code, member_count=0)

    def resolve(self, wanted: str | int | None) -> Chapter:
        """The chapter to work in: by id or name; the only one if there is one."""
        chapters = self.list()
        if wanted not in (None, ""):
            for chapter in chapters:
                if str(chapter.id) == str(wanted) or chapter.name.lower() == str(wanted).lower():
                    return chapter
            raise LienError(f"there is no chapter “{wanted}”")
        if not chapters:
            raise LienError("the database has no chapter yet: create one with `init --chapter` or in the app")
        if len(chapters) > 1:
            names = ", ".join(c.name for c in chapters)
            raise LienError(f"the database has several chapters ({names}): say which with --chapter")
        return chapters[0]


def constituency_choices() -> tuple[Constituency, ...]:
    """The 650 Westminster constituencies a chapter may belong to, in name order (for pickers)."""
    return tuple(sorted(constituencies.constituencies(), key=lambda c: c.name.lower()))
