"""The agenda, sent out before the meeting: numbered items and the open actions under matters arising."""

from __future__ import annotations

import os

from reportlab.platypus import Flowable, Paragraph, Spacer

from lien_desktop.domain.meeting_documents import AgendaDoc
from lien_desktop.io.pdf.blocks import actions_table, item_block, item_indent, meeting_heading, section
from lien_desktop.io.pdf.layout import PageDecor, build_pdf, frame_width
from lien_desktop.io.pdf.styles import short_date, styles
from lien_desktop.io.pdf.text import para, paragraphs


def write_agenda(doc: AgendaDoc, path: str | os.PathLike[str]) -> None:
    header = doc.header
    decor = PageDecor(
        running_title=f"{header.network} · {header.chapter} · Agenda · {header.title or header.meeting_type}"
                      f" · {short_date(header.date)}",
        footer_left=f"{header.chapter} · Agenda for {short_date(header.date)}",
    )
    build_pdf(path, lambda: agenda_story(doc), decor,
              title=f"Agenda — {header.chapter} — {short_date(header.date)}")


def _is_matters_arising(title: str) -> bool:
    from lien_desktop.domain.text import fold  # anyascii's tables: loaded only when needed

    return "matters arising" in fold(title)


def agenda_story(doc: AgendaDoc) -> list[Flowable]:
    s = styles()
    width = frame_width()
    story = meeting_heading(doc.header, "Agenda", width)
    if doc.notes:
        story.append(Spacer(1, 8))
        story += paragraphs(doc.notes, s.body)
    break_before, heading = section("Agenda")
    story.append(break_before)
    if not doc.items:
        story.append(heading)
    arising_placed = False
    for index, item in enumerate(doc.items):
        indent = item_indent(item)
        body: list[Flowable] = []
        if item.presenter:
            body.append(para(item.presenter, s.small, prefix="Presented by "))
        if item.notes:
            body += paragraphs(item.notes, s.body)
        if doc.matters_arising and not arising_placed and _is_matters_arising(item.title):
            body.append(Paragraph("Open actions from earlier meetings:", s.small))
            body.append(actions_table(doc.matters_arising, width - indent))
            arising_placed = True
        story += item_block(item, body, [heading] if index == 0 else None)
    if doc.matters_arising and not arising_placed:
        story += section("Matters arising: open actions from earlier meetings")
        story.append(actions_table(doc.matters_arising, width))
    return story
