"""The sign-in sheet for the door: every member (alphabetical) with room to sign, then blank guest rows."""

from __future__ import annotations

import os

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from lien_desktop.domain.meeting_documents import SignInSheetDoc
from lien_desktop.io.pdf.blocks import meeting_heading, ruled_table, section
from lien_desktop.io.pdf.layout import PageDecor, build_pdf, frame_width
from lien_desktop.io.pdf.styles import short_date, styles

ROW_PADDING = 3.3 * mm  # above and below each name: room for a signature


def write_signin_sheet(doc: SignInSheetDoc, path: str | os.PathLike[str]) -> None:
    header = doc.header
    decor = PageDecor(
        running_title=f"Sign-in sheet · {header.chapter} · {header.title or header.meeting_type}"
                      f" · {short_date(header.date)}",
        footer_left=f"{header.network} · {header.chapter}",
        header_on_first_page=True,
    )
    build_pdf(path, lambda: signin_story(doc), decor,
              title=f"Sign-in sheet — {header.chapter} — {short_date(header.date)}")


def signin_story(doc: SignInSheetDoc) -> list[Flowable]:
    from lien_desktop.domain.text import fold  # anyascii's tables: loaded only when needed

    s = styles()
    width = frame_width()
    story = meeting_heading(doc.header, "Sign-in sheet", width)
    story += section(f"Members ({len(doc.members)})")
    members = sorted(doc.members, key=lambda row: (fold(row.name), row.name))
    number_width = 11 * mm
    if any(row.branch for row in members):
        widths = [number_width, 62 * mm, 40 * mm, width - number_width - 102 * mm]
        head = ["No.", "Name", "Branch", "Signature"]
        rows = [[str(n), row.name, row.branch, ""] for n, row in enumerate(members, start=1)]
    else:
        widths = [number_width, 75 * mm, width - number_width - 75 * mm]
        head = ["No.", "Name", "Signature"]
        rows = [[str(n), row.name, ""] for n, row in enumerate(members, start=1)]
    if rows:
        story.append(ruled_table(head, rows, widths, row_padding=ROW_PADDING))
    story.append(Spacer(1, 6))
    if doc.blank_guest_rows > 0:
        story += section("Guests (not members)")
        guest_widths = [number_width, 75 * mm, 45 * mm, width - number_width - 120 * mm]
        blanks = [[str(n), "", "", ""] for n in range(1, doc.blank_guest_rows + 1)]
        story.append(ruled_table(["No.", "Name", "Organisation", "Signature"], blanks, guest_widths,
                                 row_padding=ROW_PADDING))
    return story
