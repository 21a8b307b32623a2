"""Alembic, configured in code: bring a database to the current schema, or say why we cannot.

Alembic (with Mako and friends) takes a few hundred milliseconds to import. Opening a database that is
already at the current schema only needs the revision ids, which `_revision_graph` reads from the
migration files directly, so Alembic is imported only when a database has to be migrated.
tests/test_migrations.py checks that this reading agrees with Alembic's.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from typing import TYPE_CHECKING

from lien_desktop.paths import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Connection

_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


@cache
def _revision_graph() -> dict[str, tuple[str, ...]]:
    """revision -> the revisions it follows, read from the `revision = ...` lines of each script."""
    graph: dict[str, tuple[str, ...]] = {}
    for script in sorted((migrations_dir() / "versions").glob("*.py")):
        values = dict(_ASSIGNMENT.findall(script.read_text(encoding="utf-8")))
        if "revision" not in values:
            continue
        down = ast.literal_eval(values.get("down_revision", "None"))
        parents = () if down is None else (down,) if isinstance(down, str) else tuple(down)
        graph[ast.literal_eval(values["revision"])] = parents
    return graph


def head_revisions() -> set[str]:
    graph = _revision_graph()
    followed = {parent for parents in graph.values() for parent in parents}
    return set(graph) - followed


def known_revisions() -> set[str]:
    return set(_revision_graph())


def current_revisions(connection: Connection) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    return set(MigrationContext.configure(connection).get_current_heads())


def upgrade_to_head(connection: Connection) -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), "heads")
