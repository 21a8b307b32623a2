"""Subcommands protecting the data: backup, restore, rekey (encrypt, change passphrase, decrypt)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lien_desktop.cli.common import add_db_argument
from lien_desktop.cli.passphrases import add_passphrase_arguments, new_passphrase_from, passphrase_from
from lien_desktop.domain.errors import LienError
from lien_desktop.services.backups import backup_file, restore_backup
from lien_desktop.services.database import resolve_db_path
from lien_desktop.services.encryption import UNENCRYPTED_WARNING, change_encryption, passphrase_strength


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("backup", help="write a verified backup of the database (safe while the app runs)")
    add_db_argument(p)
    p.add_argument("--out", required=True, help="the backup file to write")
    p.add_argument("--overwrite", action="store_true", help="replace FILE if it exists")
    p.set_defaults(func=cmd_backup)

    p = subparsers.add_parser("restore", help="replace the database by a verified backup (the current one is kept)")
    add_db_argument(p)
    p.add_argument("backup", metavar="FILE", help="the backup file to restore")
    p.set_defaults(func=cmd_restore)

    p = subparsers.add_parser("rekey", help="change the passphrase, or encrypt/decrypt the database")
    add_db_argument(p)
    add_passphrase_arguments(p, new=True)
    p.add_argument("--decrypt", action="store_true", help="store the database unencrypted (needs the next flag)")
    p.add_argument("--yes-store-unencrypted", action="store_true",
                   help="confirm that the members' data may be stored unencrypted")
    p.set_defaults(func=cmd_rekey)


def checked_new_passphrase(passphrase: str) -> str:
    strength = passphrase_strength(passphrase)
    if not strength.acceptable:
        raise LienError(f"the new passphrase is {strength.label}: {strength.hint}")
    return passphrase


def cmd_backup(args: argparse.Namespace) -> None:
    path = resolve_db_path(getattr(args, "db", None))
    out = backup_file(path, Path(args.out), passphrase=passphrase_from(args), overwrite=args.overwrite)
    print(f"backed up {path} to {out}")


def cmd_restore(args: argparse.Namespace) -> None:
    path = resolve_db_path(getattr(args, "db", None))
    result = restore_backup(Path(args.backup), path, passphrase=passphrase_from(args))
    kept = f"; the previous database was kept as {result.safety_copy}" if result.safety_copy else ""
    upgraded = " (upgraded to this version's schema)" if result.migrated else ""
    print(f"restored {args.backup} to {path}{upgraded}{kept}")


def cmd_rekey(args: argparse.Namespace) -> None:
    path = resolve_db_path(getattr(args, "db", None))
    old = passphrase_from(args)
    if args.decrypt:
        if not args.yes_store_unencrypted:
            raise LienError("--decrypt stores the members' data unencrypted; add --yes-store-unencrypted to confirm")
        change_encryption(path, old_passphrase=old, new_passphrase=None, allow_unencrypted=True)
        print(f"{path} is now stored unencrypted")
        print(f"lien-desktop: {UNENCRYPTED_WARNING}", file=sys.stderr)
        return
    new = new_passphrase_from(args)
    if new is None:
        raise LienError("no new passphrase: set $LIEN_NEW_PASSPHRASE or use --new-passphrase-file FILE")
    change_encryption(path, old_passphrase=old, new_passphrase=checked_new_passphrase(new))
    print(f"{path} is now encrypted with the new passphrase")
