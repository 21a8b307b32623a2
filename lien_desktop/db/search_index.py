"""Member search. ** The one place with SQLite-only SQL (FTS5). **

SQLite: an FTS5 index over `members.search_text` (kept in sync by triggers created in the first
migration), queried with word-prefix terms. Other databases: word-prefix LIKE on the same column,
which PostgreSQL can serve with a trigram index.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Engine, and_, select, text
from sqlalchemy.orm import Session

from lien_desktop.db.models import Member
from lien_desktop.domain.search import query_terms

FTS_TABLE = "member_search"

# The index and its triggers are created by migration 0001 (SQLite only).


def fts_query(terms: list[str]) -> str:
    """Every term must match the start of a word. Terms are [a-z0-9]+ only, so quoting is safe."""
    return " AND ".join(f'"{t}"*' for t in terms)


def search_condition(query: str, dialect_name: str, in_display_order: bool = False) -> ColumnElement[bool] | None:
    """A WHERE condition on Member selecting the members matching what the user typed, or None.

    `in_display_order`: the query will walk the members in display order (an index) and keep those
    matching, instead of looking up every match and sorting them. For the first page of a search
    that most members match, that is several times quicker (SQLite: `id + 0` stops the planner from
    starting at the search index).
    """
    terms = query_terms(query)
    if not terms:
        return None
    if dialect_name == "sqlite":
        matching = select(text("rowid")).select_from(text(FTS_TABLE)).where(
            text(f"{FTS_TABLE} MATCH :fts_query").bindparams(fts_query=fts_query(terms))
        )
        return (Member.id + 0).in_(matching) if in_display_order else Member.id.in_(matching)
    # Word-prefix match on the text itself (domain.search.text_matches says why it equals the index's).
    return and_(*(Member.search_text.like(f"% {t}%") for t in terms))


def estimated_matches(session: Session, query: str) -> int | None:
    """How many members (of every chapter) the index finds for a query, or None where it cannot tell
    cheaply. Counting is quick even for 90,000 matches (5 ms): the index is read, not the members."""
    terms = query_terms(query)
    if not terms or session.get_bind().dialect.name != "sqlite":
        return None
    statement = text(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts_query")
    return int(session.execute(statement, {"fts_query": fts_query(terms)}).scalar_one())


def rebuild_statements(dialect_name: str) -> list[str]:
    """Rebuild the index from members.search_text (after bulk loads that bypass nothing, or repairs)."""
    if dialect_name == "sqlite":
        return [f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"]
    return []


def integrity_statements(dialect_name: str) -> list[str]:
    if dialect_name == "sqlite":
        return [f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)"]
    return []


def purge_statements(dialect_name: str) -> list[str]:
    """After an erasure: merge the index so deleted entries' words are dropped, not just masked
    (FTS5 records a deletion as a marker until its segments are merged)."""
    if dialect_name == "sqlite":
        return [f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')"]
    return []


def purge_deleted(session: Session) -> None:
    """Within the erasing transaction, after the member rows are gone: run purge_statements."""
    for statement in purge_statements(session.get_bind().dialect.name):
        session.execute(text(statement))


def integrity_failures(engine: Engine) -> list[Exception]:
    """Run integrity_statements on a connection of their own (never committed); what each failing one
    raised. None: the index matches the members."""
    failures: list[Exception] = []
    with engine.connect() as connection:
        for statement in integrity_statements(engine.dialect.name):
            try:
                connection.execute(text(statement))
            except Exception as exc:  # noqa: BLE001 - returned to be reported, not raised
                failures.append(exc)
    return failures


def planner_statistics_statements(dialect_name: str) -> list[str]:
    """Refresh the query planner's statistics, cheaply (run at every open).

    Without statistics SQLite assumes `chapter_id = ?` is selective and answers a search by walking
    the whole chapter in name order (40 ms for 600 hits among 100,000); with them it starts from the
    search index (2 ms). analysis_limit makes ANALYZE sample each index instead of reading it all.
    """
    if dialect_name == "sqlite":
        return ["PRAGMA analysis_limit = 1000", "ANALYZE"]
    return []


# --- bulk loads (imports): index the new rows in one statement instead of a trigger call per row ---
# Measured here: 100,000 inserts with the per-row trigger took 2.3x as long as inserts followed by one
# INSERT ... SELECT into the index. The trigger is dropped and re-created inside the importing
# transaction (SQLite DDL is transactional: a rollback or a crash restores it). Its text must stay the
# same as in migration 0001 (tests/test_import_bulk_index.py compares them).
INSERT_TRIGGER = """CREATE TRIGGER members_search_ai AFTER INSERT ON members BEGIN
        INSERT INTO member_search(rowid, search_text) VALUES (new.id, new.search_text);
    END"""


def bulk_insert_begin(dialect_name: str) -> list[str]:
    if dialect_name == "sqlite":
        return ["DROP TRIGGER members_search_ai"]
    return []


def index_range_statement(dialect_name: str) -> str | None:
    """The statement (qmark parameters: first id, last id) indexing members inserted without the trigger."""
    if dialect_name == "sqlite":
        return f"INSERT INTO {FTS_TABLE}(rowid, search_text) SELECT id, search_text FROM members WHERE id BETWEEN ? AND ?"
    return None


def bulk_insert_end(dialect_name: str) -> list[str]:
    """Statements restoring the trigger, once the rows inserted are indexed (index_range_statement)."""
    if dialect_name == "sqlite":
        return [INSERT_TRIGGER]
    return []
