"""Export members of a chapter (all, the current filter, or a selection) to .xlsx or .csv with a profile.

Confidential members are left out unless the caller includes them explicitly, and the result says
how many were left out. The file is written all or nothing (see io.atomic_output); the members are
read in one read transaction, so the file is a consistent snapshot even if the register changes.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lien_desktop.db.engine import Database
from lien_desktop.db.repositories.exporting import ExportRepository
from lien_desktop.db.repositories.members import MemberRepository
from lien_desktop.domain.errors import LienError
from lien_desktop.domain.export_profiles import DEFAULT_PROFILE, ExportProfile, profile, row_maker
from lien_desktop.domain.members import MemberFilter, SortOrder
from lien_desktop.io.constituencies import by_code
from lien_desktop.io.export_csv import write_csv
from lien_desktop.io.export_xlsx import CellRefused, write_xlsx
from lien_desktop.paths import tmp_dir
from lien_desktop.services.collector import collector_paused

FORMATS = {".xlsx": "xlsx", ".csv": "csv"}


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    format: str  # "xlsx" or "csv"
    profile: str
    rows_written: int
    left_out_confidential: int  # confidential members in the scope that were not exported


def export_format(path: str | os.PathLike[str]) -> str:
    """The format named by the file's extension; anything else is refused in one sentence."""
    suffix = Path(path).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        shown = suffix or "no extension"
        raise LienError(f"cannot export to “{Path(path).name}”: the file must end in .xlsx or .csv "
                        f"(not {shown})") from None


def resolve_profile(name: str) -> ExportProfile:
    try:
        return profile(name)
    except ValueError as exc:
        raise LienError(str(exc)) from None


class ExportService:
    def __init__(self, database: Database):
        self.database = database

    def scope_ids(self, chapter_id: int, member_filter: MemberFilter | None = None,
                  selected_ids: Iterable[int] | None = None, order: SortOrder | None = None) -> list[int]:
        """Ids of the members to export, in the register's order: a selection, a filter, or everyone."""
        with self.database.reading() as session:
            return self._scope(session, chapter_id, member_filter, selected_ids, order)

    def count(self, chapter_id: int, member_filter: MemberFilter | None = None,
              selected_ids: Iterable[int] | None = None) -> int:
        """How many members a scope holds (a count query: cheap enough for a dialog to show)."""
        with self.database.reading() as session:
            if selected_ids is not None:
                return len(ExportRepository(session).in_chapter(chapter_id, selected_ids))
            return MemberRepository(session).count(chapter_id, member_filter or MemberFilter())

    def _scope(self, session, chapter_id, member_filter, selected_ids, order) -> list[int]:  # type: ignore[no-untyped-def]
        members = MemberRepository(session)
        order = order or SortOrder()
        if selected_ids is not None:
            chosen = ExportRepository(session).in_chapter(chapter_id, selected_ids)
            everyone = members.ids(chapter_id, MemberFilter(include_removed=True), order)
            return [i for i in everyone if i in chosen]
        return members.ids(chapter_id, member_filter or MemberFilter(), order)

    @collector_paused()  # bulk work: see services/collector.py
    def export(
        self,
        chapter_id: int,
        path: str | os.PathLike[str],
        profile_name: str = DEFAULT_PROFILE,
        *,
        member_filter: MemberFilter | None = None,
        selected_ids: Sequence[int] | None = None,
        include_confidential: bool = False,
        order: SortOrder | None = None,
        progress: Callable[[int, int], None] | None = None,
        check: Callable[[], None] | None = None,
    ) -> ExportResult:
        """Write the file; `check` is called between rows and may raise to cancel (nothing is left)."""
        target = Path(path)
        fmt = export_format(target)
        prof = resolve_profile(profile_name)
        folder = target.parent if str(target.parent) else Path(".")
        if not folder.is_dir():
            raise LienError(f"cannot export to {target}: the folder {folder} does not exist")
        if target.is_dir():
            raise LienError(f"cannot export to {target}: that is a folder")
        names = {code: c.name for code, c in by_code().items()}
        with self.database.reading() as session:
            ids = self._scope(session, chapter_id, member_filter, selected_ids, order)
            left_out = 0
            if not include_confidential:
                confidential = ExportRepository(session).confidential_ids(chapter_id)
                kept = [i for i in ids if i not in confidential]
                left_out = len(ids) - len(kept)
                ids = kept
            members = ExportRepository(session).members(chapter_id, ids, names, dt.date.today(), check=check)
            rows = map(row_maker(prof), members)
            try:
                if fmt == "xlsx":
                    written = write_xlsx(target, prof.headers, prof.kinds, rows,
                                         widths=[c.width for c in prof.columns], total=len(ids),
                                         progress=progress, check=check, work_dir=_work_dir())
                else:
                    written = write_csv(target, prof.headers, rows, total=len(ids), progress=progress, check=check)
            except OSError as exc:
                raise LienError(_write_failure(target, exc)) from exc
            except CellRefused as exc:
                raise LienError(f"cannot export to {target}: {exc}; no file was written") from exc
        return ExportResult(path=target, format=fmt, profile=prof.name, rows_written=written,
                            left_out_confidential=left_out)


def _work_dir() -> Path | None:
    folder = tmp_dir()
    return folder if folder.is_dir() else None


def _write_failure(target: Path, exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        reason = "the disk is full (or the file is too large for it)"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = "you are not allowed to write there (the folder is read-only, or the file is open elsewhere)"
    else:
        reason = exc.strerror or str(exc)
    return f"could not write {target}: {reason}; no file was written"
