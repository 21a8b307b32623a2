"""The entry point: `lien-desktop` opens the window; `lien-desktop SUBCOMMAND` runs headless.

Qt is imported only when the window is wanted, so the command line starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from lien_desktop import cli


def main(argv: Sequence[str] | None = None) -> int:
    args = cli.parse(argv)
    if args.command is not None:
        return cli.run(args)
    from lien_desktop.ui.main import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
