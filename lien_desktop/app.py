"""The entry point: `lien-desktop` opens the window; `lien-desktop SUBCOMMAND` runs headless.

Qt is imported only when the window is wanted, so the command line starts fast; and the command
line's parser (which imports every subcommand's services) is built only when a subcommand is given,
so the window starts fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence


def _gui_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The window's options when argv holds no subcommand (and no --help/--version); else None."""
    parser = argparse.ArgumentParser(prog="lien-desktop", add_help=False)
    parser.add_argument("--db")
    parser.add_argument("--log-dir")
    parser.add_argument("--tmp-dir")
    try:
        args, rest = parser.parse_known_args(argv)
    except SystemExit:  # a malformed option: let the full parser say what is wrong
        return None
    if rest:
        return None
    from lien_desktop.paths import ENV_LOG_DIR, ENV_TMP_DIR

    if args.log_dir:
        os.environ[ENV_LOG_DIR] = args.log_dir
    if args.tmp_dir:
        os.environ[ENV_TMP_DIR] = args.tmp_dir
    args.command = None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = _gui_arguments(arguments)
    if args is None:
        from lien_desktop import cli

        args = cli.parse(arguments)
        if args.command is not None:
            return cli.run(args)
    from lien_desktop.ui.main import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
