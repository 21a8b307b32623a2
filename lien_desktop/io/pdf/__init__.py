"""Printed meeting documents (reportlab): minutes, agenda, sign-in sheet and register of motions.

Each writer takes a plain document from `lien_desktop.domain.meeting_documents` and a path; it builds
the PDF in a temporary file beside the path and renames it into place. Fonts are embedded (DejaVu Sans,
Droid Sans Fallback for CJK) and every piece of user text prints literally.

reportlab is imported on the first call, not when this package is imported: the app and the command
line start without paying for it (about 0.2 s) unless a document is printed.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lien_desktop.domain.meeting_documents import AgendaDoc, MinutesDoc, MotionRegisterDoc, SignInSheetDoc

__all__ = ["prepare_fonts", "write_agenda", "write_minutes", "write_motions_register", "write_signin_sheet"]

PathLike = str | os.PathLike[str]


def write_minutes(doc: MinutesDoc, path: PathLike) -> None:
    from lien_desktop.io.pdf.minutes import write_minutes as write

    write(doc, path)


def write_agenda(doc: AgendaDoc, path: PathLike) -> None:
    from lien_desktop.io.pdf.agenda import write_agenda as write

    write(doc, path)


def write_signin_sheet(doc: SignInSheetDoc, path: PathLike) -> None:
    from lien_desktop.io.pdf.signin_sheet import write_signin_sheet as write

    write(doc, path)


def write_motions_register(doc: MotionRegisterDoc, path: PathLike) -> None:
    from lien_desktop.io.pdf.motions_register import write_motions_register as write

    write(doc, path)


def prepare_fonts() -> None:
    """Import reportlab and load every font now (about 0.3 s at idle, mostly the 4 MB CJK fallback),
    so that the first document prints at full speed: worth calling on a worker thread at start-up."""
    from lien_desktop.io.pdf.fonts import register_fallback, register_fonts
    from lien_desktop.io.pdf.styles import styles

    register_fonts()
    register_fallback()
    styles()
