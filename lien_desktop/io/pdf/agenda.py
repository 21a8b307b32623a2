"""The agenda, sent out before the meeting: numbered items and the open actions under matters arising."""

from __future__ import annotations

import os

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer
from reportlab.platypus.doctemplate import Indenter

from lien_desktop.domain.meeting_documents import AgendaDoc
from lien_desktop.io.pdf.blocks import actions_table, item_heading, meeting_heading, section
from lien_desktop.io.pdf.layout import PageDecor, build_pdf, frame_width
from lien_desktop.io.pdf.styles import short_date, styles
from lien_desktop.io.pdf.text import para, paragraphs

INDENT_PER_LEVEL = 9 * mm


def write_agenda(doc: AgendaDoc, path: str | os.PathLike[str]) -> None:
    header = doc.header
    decor = PageDecor(
        running_title=f"{header.network} · {header.chapter} · Agenda · {header.title or header.meeting_type}"
                      f" · {short_date(header.date)}",
        footer_left=f"{header.chapter} · Agenda for {short_date(header.date)}",
    )
    build_pdf(path, agenda_story(doc), decor, title=f"Agenda — {header.chapter} — {short_date(header.date)}")


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
    story += section("Agenda")
    arising_placed = False
    for item in doc.items:
        indent = INDENT_PER_LEVEL * max(0, item.depth)
        body: list[Flowable] = []
        if item.presenter:
            body.append(para(item.presenter, s.small, prefix="Presented by "))
        if item.notes:
            body += paragraphs(item.notes, s.body)
        if doc.matters_arising and not arising_placed and _is_matters_arising(item.title):
            body.append(Paragraph("Open actions from earlier meetings:", s.small))
            body.append(actions_table(doc.matters_arising, width - indent))
            arising_placed = True
        first = [item_heading(item), body[0]] if body else [item_heading(item)]
        story += [Indenter(left=indent), KeepTogether(first), *body[1:], Indenter(left=-indent)]
    if doc.matters_arising and not arising_placed:
        story += section("Matters arising: open actions from earlier meetings")
        story.append(actions_table(doc.matters_arising, width))
    return story
