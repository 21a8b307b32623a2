"""The register of motions: every motion across meetings, in one table (A4 landscape)."""

from __future__ import annotations

import os

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from lien_desktop.domain.meeting_documents import MotionRegisterDoc
from lien_desktop.io.pdf.blocks import capitalised, ruled_table
from lien_desktop.io.pdf.fonts import BOLD
from lien_desktop.io.pdf.layout import PageDecor, build_pdf, frame_width
from lien_desktop.io.pdf.styles import short_date, styles
from lien_desktop.io.pdf.text import para, safe

PAGE = landscape(A4)


def write_motions_register(doc: MotionRegisterDoc, path: str | os.PathLike[str]) -> None:
    decor = PageDecor(running_title=f"{doc.network} · {doc.chapter} · Register of motions",
                      footer_left=f"{doc.chapter} · Register of motions")
    build_pdf(path, lambda: register_story(doc), decor, title=f"Register of motions — {doc.chapter}",
              pagesize=PAGE)


def register_story(doc: MotionRegisterDoc) -> list[Flowable]:
    s = styles()
    width = frame_width(PAGE)
    story: list[Flowable] = [para(doc.network.upper(), s.network), para(doc.chapter, s.chapter),
                             Paragraph("Register of motions", s.doc_title)]
    rows = sorted(doc.rows, key=lambda row: row.meeting_date)
    if rows:
        span = f"{len(rows)} motion{'s' if len(rows) != 1 else ''}, " \
               f"{short_date(rows[0].meeting_date)} to {short_date(rows[-1].meeting_date)}"
    else:
        span = "No motions recorded yet."
    story += [para(span, s.subtitle), Spacer(1, 4)]
    if not rows:
        return story
    fixed = {"Date": 21 * mm, "Meeting": 30 * mm, "No.": 11 * mm, "Proposer": 30 * mm,
             "Seconder": 30 * mm, "Votes": 24 * mm, "Result": 21 * mm}
    motion_width = width - sum(fixed.values())
    head = ["Date", "Meeting", "No.", "Motion", "Proposer", "Seconder", "Votes", "Result"]
    widths = [fixed["Date"], fixed["Meeting"], fixed["No."], motion_width, fixed["Proposer"],
              fixed["Seconder"], fixed["Votes"], fixed["Result"]]
    body = []
    for row in rows:
        motion = [Paragraph(safe(row.title, BOLD), s.cell_bold)] if row.title else []
        motion.append(para(row.wording, s.cell))
        body.append([short_date(row.meeting_date), row.meeting_title, row.number, motion, row.proposer,
                     row.seconder, row.votes, capitalised(row.result)])
    story.append(ruled_table(head, body, widths))
    return story
