"""The headless command line: `lien-desktop SUBCOMMAND`. Same services as the GUI.

Exit 0 on success; 2 with one line on stderr when refused; 1 (and the details in the log file) for
an unexpected error. Never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence

from lien_desktop import __version__
from lien_desktop.cli import meetings as meeting_commands
from lien_desktop.cli import data_protection as data_protection_commands
from lien_desktop.cli import exporting as exporting_commands
from lien_desktop.cli import protection as protection_commands
from lien_desktop.cli import importing as importing_commands
from lien_desktop.cli import register as register_commands
from lien_desktop.cli.passphrases import add_passphrase_arguments
from lien_desktop.domain.errors import LienError
from lien_desktop.logs import setup_logging
from lien_desktop.paths import ENV_LOG_DIR, ENV_TMP_DIR

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_REFUSED = 2

# Each module adds its subcommands with add_commands(subparsers); handlers are set as `func`.
COMMAND_MODULES: list[Callable[[argparse._SubParsersAction], None]] = [
    register_commands.add_commands,
    meeting_commands.add_commands,
    data_protection_commands.add_commands,
    exporting_commands.add_commands,
    protection_commands.add_commands,
    importing_commands.add_commands,
]

log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line on stderr, not a usage block."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_REFUSED, f"{self.prog}: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="lien-desktop", description="LIEN Desktop: a chapter secretary's record book.")
    parser.add_argument("--version", action="version", version=f"lien-desktop {__version__}")
    parser.add_argument("--db", help="database file (default: lien.sqlite3 in the user's data folder; or $LIEN_DB)")
    parser.add_argument("--log-dir", help="folder for the log file (or $LIEN_LOG_DIR)")
    parser.add_argument("--tmp-dir", help="folder for temporary files (or $LIEN_TMP_DIR)")
    add_passphrase_arguments(parser, top_level=True)
    subparsers = parser.add_subparsers(dest="command", metavar="SUBCOMMAND", parser_class=_Parser)
    for add_commands in COMMAND_MODULES:
        add_commands(subparsers)
    return parser


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.log_dir:
        os.environ[ENV_LOG_DIR] = args.log_dir
    if args.tmp_dir:
        os.environ[ENV_TMP_DIR] = args.tmp_dir
    return args


def run(args: argparse.Namespace) -> int:
    """Run a parsed subcommand, turning every failure into an exit code and one line."""
    log_file = setup_logging()
    try:
        result = args.func(args)
        return EXIT_OK if result is None else int(result)
    except LienError as exc:
        print(f"lien-desktop: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("lien-desktop: interrupted; nothing was changed by the unfinished step", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the one place every unexpected error is caught
        log.exception("unexpected error in %s", args.command)
        where = f"; details in {log_file}" if log_file else ""
        print(f"lien-desktop: unexpected error: {exc.__class__.__name__}: {exc}{where}", file=sys.stderr)
        return EXIT_UNEXPECTED


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    if args.command is None:
        print("lien-desktop: no subcommand given (run `lien-desktop --help`)", file=sys.stderr)
        return EXIT_REFUSED
    return run(args)
