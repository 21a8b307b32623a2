"""Arguments and steps shared by subcommands."""

from __future__ import annotations

import argparse

from lien_desktop.cli.passphrases import add_passphrase_arguments, passphrase_from
from lien_desktop.db.engine import Database
from lien_desktop.domain.members import Chapter
from lien_desktop.services.chapters import ChapterService
from lien_desktop.services.database import open_existing


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: `lien-desktop --db X members` and `lien-desktop members --db X` both work.
    parser.add_argument("--db", default=argparse.SUPPRESS,
                        help="database file (default: the one in the user's data folder, or $LIEN_DB)")
    add_passphrase_arguments(parser)


def add_chapter_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--chapter", default=None, help="chapter name or id (needed when the database has several)")


def open_db(args: argparse.Namespace) -> Database:
    """Open the database named by --db, with the passphrase from --passphrase-file or $LIEN_PASSPHRASE."""
    return open_existing(getattr(args, "db", None), passphrase=passphrase_from(args))


def pick_chapter(database: Database, args: argparse.Namespace) -> Chapter:
    return ChapterService(database).resolve(getattr(args, "chapter", None))
