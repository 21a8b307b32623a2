"""Passphrases on the command line: from the environment or a file, NEVER from an argument
(other users of the machine can read every process's arguments, e.g. with `ps`)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from lien_desktop.domain.errors import LienError

ENV_PASSPHRASE = "LIEN_PASSPHRASE"
ENV_NEW_PASSPHRASE = "LIEN_NEW_PASSPHRASE"
REFUSAL = ("a passphrase is never taken from the command line (other users can see it); "
           "use ${env} or {option} FILE")


class RefuseOnCommandLine(argparse.Action):
    """`--passphrase SECRET` is refused without repeating what was typed."""

    def __init__(self, option_strings, dest, env: str = ENV_PASSPHRASE, file_option: str = "--passphrase-file",
                 **kwargs):  # type: ignore[no-untyped-def]
        self.env, self.file_option = env, file_option
        super().__init__(option_strings, dest, nargs="?", default=argparse.SUPPRESS, help=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[no-untyped-def]
        parser.error(REFUSAL.replace("{env}", self.env).replace("{option}", self.file_option))


def add_passphrase_arguments(parser: argparse.ArgumentParser, *, new: bool = False, top_level: bool = False) -> None:
    default = None if top_level else argparse.SUPPRESS
    if "--passphrase-file" not in parser._option_string_actions:
        parser.add_argument("--passphrase-file", metavar="FILE", default=default,
                            help=f"file holding the database passphrase (or ${ENV_PASSPHRASE})")
        parser.add_argument("--passphrase", action=RefuseOnCommandLine)
    if new and "--new-passphrase-file" not in parser._option_string_actions:
        parser.add_argument("--new-passphrase-file", metavar="FILE", default=None,
                            help=f"file holding the new passphrase (or ${ENV_NEW_PASSPHRASE})")
        parser.add_argument("--new-passphrase", action=RefuseOnCommandLine, env=ENV_NEW_PASSPHRASE,
                            file_option="--new-passphrase-file")


def read_secret_file(name: str, what: str = "passphrase") -> str:
    """A secret kept in a file (a passphrase, a workbook's password), without its one trailing newline."""
    path = Path(name).expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LienError(f"{path}: no such {what} file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LienError(f"{path}: cannot read the {what} file ({exc.__class__.__name__})") from None
    text = text[:-1] if text.endswith("\n") else text  # one trailing newline, as `echo` writes
    text = text[:-1] if text.endswith("\r") else text
    if not text:
        raise LienError(f"{path}: the {what} file is empty")
    return text


def passphrase_from(args: argparse.Namespace) -> str | None:
    """--passphrase-file (of the subcommand or the top level), else $LIEN_PASSPHRASE, else None."""
    name = getattr(args, "passphrase_file", None)
    if name:
        return read_secret_file(name)
    return os.environ.get(ENV_PASSPHRASE) or None


def new_passphrase_from(args: argparse.Namespace) -> str | None:
    name = getattr(args, "new_passphrase_file", None)
    if name:
        return read_secret_file(name)
    return os.environ.get(ENV_NEW_PASSPHRASE) or None
