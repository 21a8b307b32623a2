"""The register's use cases: list and search, add, edit, remove and restore, the standing timeline."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping

from lien_desktop.db.engine import Database
from lien_desktop.db.repositories.members import MemberRepository, to_record
from lien_desktop.domain import members as d
from lien_desktop.domain.errors import LienError, ValidationError
from lien_desktop.domain.member_changes import MemberChange, check_standing_event
from lien_desktop.domain.search import query_terms, text_matches
from lien_desktop.domain.validation import check_name_present, validate_changes, validate_member
from lien_desktop.io.constituencies import by_code
from lien_desktop.services import member_changes


def _known_codes() -> set[str]:
    return set(by_code())


class MemberService:
    HEAD_ROWS = 500  # members read to find a first page for a search most of them match
    ENOUGH_TO_SHOW = 50  # matches that make a first page: two screenfuls

    def __init__(self, database: Database):
        self.database = database
        # (chapter, filter without its search, order) and the search whose head had too few matches.
        self._head_missed: tuple[tuple[int, d.MemberFilter, d.SortOrder], str] | None = None

    # --- reading --------------------------------------------------------------------------------

    def ids(self, chapter_id: int, flt: d.MemberFilter | None = None, order: d.SortOrder | None = None,
            limit: int | None = None) -> list[int]:
        """The matching members' ids in display order; only the first `limit` of them if given."""
        with self.database.reading() as session:
            return MemberRepository(session).ids(chapter_id, flt or d.MemberFilter(), order or d.SortOrder(), limit)

    def first_page(self, chapter_id: int, flt: d.MemberFilter, order: d.SortOrder, size: int) -> d.FirstPage:
        """The first `size` matching ids in display order, quickly, and whether they are all there are.

        A search is first tried on the head of the list (the first HEAD_ROWS members without it):
        every match found there comes before any match after it, so if the head holds a few
        screenfuls of matches, those are the first page. When nearly everyone matches ("0", "s"), that
        is 10-20x quicker than the search index, which must list tens of thousands of members before
        the first page can be put in order. When few match, the index answers (and is quick).

        Typing on narrows a search ("smit" after "smi": every term kept or lengthened, more added), so
        once the head has too few matches for a search it has too few for what is typed after it, and
        is not read again (counting the matches first to decide cost more than reading the head).
        """
        head_key = (chapter_id, dataclasses.replace(flt, search=""), order)
        with self.database.reading() as session:
            repo = MemberRepository(session)
            terms = query_terms(flt.search)
            missed = self._head_missed
            if terms and not (missed and missed[0] == head_key and flt.search.startswith(missed[1])):
                head = repo.head_search_texts(chapter_id, flt, order, self.HEAD_ROWS)
                found = [member_id for member_id, text in head if text_matches(text, terms)]
                if len(head) < self.HEAD_ROWS:  # the head is the whole list
                    return d.FirstPage(found[:size], complete=len(found) <= size)
                if len(found) >= min(size, self.ENOUGH_TO_SHOW):
                    return d.FirstPage(found[:size], complete=False)
                self._head_missed = (head_key, flt.search)
            ids = repo.ids(chapter_id, flt, order, limit=size + 1)
            return d.FirstPage(ids[:size], complete=len(ids) <= size)

    def picker_choices(self, chapter_id: int) -> list[tuple[int, str]]:
        """Every member of the chapter as (id, label) for a picker, namesakes told apart (name order)."""
        with self.database.reading() as session:
            return d.picker_labels(MemberRepository(session).picker_rows(chapter_id))

    def summaries(self, ids: Iterable[int]) -> dict[int, d.MemberSummary]:
        with self.database.reading() as session:
            return MemberRepository(session).summaries(ids)

    def search(self, chapter_id: int, flt: d.MemberFilter | None = None,
               order: d.SortOrder | None = None) -> list[d.MemberSummary]:
        with self.database.reading() as session:
            repo = MemberRepository(session)
            ids = repo.ids(chapter_id, flt or d.MemberFilter(), order or d.SortOrder())
            rows = repo.summaries(ids)
            return [rows[i] for i in ids]

    def plain_rows(self, chapter_id: int, flt: d.MemberFilter | None = None,
                   order: d.SortOrder | None = None) -> list[dict[str, object]]:
        """Members as plain dicts of all their own fields (for JSON and exports)."""
        with self.database.reading() as session:
            repo = MemberRepository(session)
            return repo.plain_rows(repo.ids(chapter_id, flt or d.MemberFilter(), order or d.SortOrder()))

    def count(self, chapter_id: int) -> int:
        with self.database.reading() as session:
            return MemberRepository(session).count(chapter_id)

    def get(self, member_id: int) -> d.MemberRecord:
        with self.database.reading() as session:
            return to_record(MemberRepository(session).get(member_id))

    def tag_names(self, chapter_id: int) -> list[str]:
        with self.database.reading() as session:
            return MemberRepository(session).tag_names(chapter_id)

    def branches(self, chapter_id: int) -> list[str]:
        with self.database.reading() as session:
            return MemberRepository(session).branches(chapter_id)

    # --- changing -------------------------------------------------------------------------------

    def add(self, chapter_id: int, values: Mapping[str, object]) -> d.MemberRecord:
        """Validate everything first; nothing is saved unless every field is right."""
        data = validate_member(values, known_constituencies=_known_codes())
        with self.database.transaction() as session:
            repo = MemberRepository(session)
            member = repo.add(chapter_id, data)
            return to_record(repo.get(member.id))

    def update(self, member_id: int, values: Mapping[str, object]) -> dict[str, object]:
        """Change some fields; returns the values they replaced (for undo). All or nothing."""
        changes = validate_changes(values, known_constituencies=_known_codes())
        with self.database.transaction() as session:
            repo = MemberRepository(session)
            member = repo.get(member_id)
            merged = {"first_name": member.first_name, "last_name": member.last_name, **changes}
            check_name_present(merged)
            return repo.update(member, changes)

    def apply_change(self, member_id: int, change: MemberChange) -> MemberChange:
        """Fields, consents, posts and standing events in one transaction; returns the inverse (undo)."""
        with self.database.transaction() as session:
            return member_changes.apply_change(MemberRepository(session), member_id, change)

    def add_with_change(self, chapter_id: int, values: Mapping[str, object], change: MemberChange) -> d.MemberRecord:
        """A new member with consents, posts and standing events, all or nothing."""
        with self.database.transaction() as session:
            return member_changes.add_with_change(MemberRepository(session), chapter_id, values, change)

    def remove(self, member_id: int) -> None:
        self._set_removed(member_id, True)

    def restore(self, member_id: int) -> None:
        self._set_removed(member_id, False)

    def _set_removed(self, member_id: int, removed: bool) -> None:
        with self.database.transaction() as session:
            repo = MemberRepository(session)
            repo.set_removed(repo.get(member_id), removed)

    # --- standing timeline, consents, posts --------------------------------------------------------

    def record_standing(self, member_id: int, kind: d.StandingKind | str, event_date: dt.date | str,
                        note: str = "") -> d.StandingEvent:
        """Append an event to the Labour standing timeline (append-only)."""
        event = check_standing_event(kind, event_date, note)
        with self.database.transaction() as session:
            repo = MemberRepository(session)
            row = repo.add_standing_event(repo.get(member_id), event)
            return d.StandingEvent(kind=row.kind, event_date=row.event_date, note=row.note, id=row.id,
                                   recorded_at=row.recorded_at)

    def retract_standing(self, member_id: int, event_id: int) -> None:
        """Undo of a just-recorded standing event."""
        with self.database.transaction() as session:
            repo = MemberRepository(session)
            member = repo.get(member_id)
            if not any(e.id == event_id for e in member.standing_events):
                raise LienError("that standing event is not on this member's timeline")
            repo.retract_standing_event(member, event_id)

    def set_consent(self, member_id: int, consent: d.Consent) -> None:
        with self.database.transaction() as session:
            repo = MemberRepository(session)
            repo.set_consent(repo.get(member_id), consent)

    def add_officer_post(self, member_id: int, post: d.OfficerPost) -> d.OfficerPost:
        if not post.title.strip():
            raise ValidationError({"title": "an officer post needs a title"})
        if post.start_date and post.end_date and post.end_date < post.start_date:
            raise ValidationError({"end_date": "the post ends before it starts"})
        with self.database.transaction() as session:
            repo = MemberRepository(session)
            row = repo.add_officer_post(repo.get(member_id), post)
            return d.OfficerPost(title=row.title, start_date=row.start_date, end_date=row.end_date, id=row.id)

    def remove_officer_post(self, member_id: int, post_id: int) -> None:
        with self.database.transaction() as session:
            repo = MemberRepository(session)
            repo.remove_officer_post(repo.get(member_id), post_id)
