"""Pieces several documents share: the meeting heading and plain ruled tables."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import Indenter

from lien_desktop.domain.meeting_documents import MeetingHeader
from lien_desktop.io.pdf.fonts import BOLD, REGULAR
from lien_desktop.io.pdf.styles import (HEADER_SHADE, INK, ITEM_NUMBER_WIDTH, RULE, long_date, short_date, styles,
                                        time_range)
from lien_desktop.io.pdf.text import para, plain, safe


def meeting_heading(header: MeetingHeader, document: str, width: float) -> list[Flowable]:
    """Network, chapter, what this document is, and the meeting's particulars."""
    s = styles()
    title = f"{document} of the {header.meeting_type}" if header.meeting_type else document
    story: list[Flowable] = [
        para(header.network.upper(), s.network),
        para(header.chapter, s.chapter),
        para(title, s.doc_title),
    ]
    if header.title and header.title.strip().lower() != (header.meeting_type or "").strip().lower():
        story.append(para(header.title, s.subtitle))
    else:
        story.append(Spacer(1, 6))
    place = header.venue
    if header.online_link:
        place = f"{place}\n{header.online_link}" if place else header.online_link
    details = [("Date", long_date(header.date)), ("Time", time_range(header.start, header.end)),
               ("Place", place), ("Chair", header.chair), ("Minute-taker", header.minute_taker)]
    story.append(details_table([(label, value) for label, value in details if value], width))
    return story


def section(title: str, room: float = 40 * mm) -> list[Flowable]:
    """A section heading that never sits alone at the foot of a page: it starts a new page when less
    than `room` is left. (reportlab's keepWithNext would move a whole long table to the next page.)
    A list of items passes the heading to the first item's `item_block` instead."""
    return [CondPageBreak(room), Paragraph(title, styles().section)]


def details_table(pairs: list[tuple[str, str]], width: float, label_width: float = 32 * mm) -> Table:
    """Label / value lines under a heading, with a rule above and below."""
    s = styles()
    rows = [[label, para(value, s.cell)] for label, value in pairs]  # labels: our own plain strings
    table = Table(rows or [["", ""]], colWidths=[label_width, width - label_width], hAlign="LEFT",
                  splitInRow=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTNAME", (0, 0), (0, -1), BOLD),
        ("FONTSIZE", (0, 0), (0, -1), s.label.fontSize),
        ("LEADING", (0, 0), (0, -1), s.label.leading),
        ("TEXTCOLOR", (0, 0), (0, -1), s.label.textColor),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LINEABOVE", (0, 0), (-1, 0), 0.6, RULE),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, RULE),
        ("TOPPADDING", (0, 0), (-1, 0), 6),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
    ]))
    return table


def ruled_table(head: list[str], rows: list[list[Flowable | list[Flowable] | str]], col_widths: list[float],
                *, align_centre: tuple[int, ...] = (), row_padding: float = 4) -> Table:
    """A table with a shaded heading row (repeated on each page) and light rules between rows.

    Cells given as str are user text and are escaped here; rows may split across pages, so a
    cell of any length (a 10,000-character word) still prints. Rows are never given fixed heights
    (`row_padding` makes room instead): reportlab's in-row splitting drops the text of a fixed-height
    row that falls across a page break.
    """
    s = styles()
    body = [[cell if isinstance(cell, (Flowable, list)) else para(cell, s.cell) for cell in row] for row in rows]
    data = [list(head), *body]  # the headings are our own plain strings, drawn as they are
    table = Table(data, colWidths=col_widths, repeatRows=1, hAlign="LEFT",
                  splitInRow=1)
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # never Helvetica, even for an empty cell
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("FONTSIZE", (0, 0), (-1, 0), s.cell_head.fontSize),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_SHADE),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LINEABOVE", (0, 0), (-1, 0), 0.6, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 1), (-1, -1), row_padding),
        ("BOTTOMPADDING", (0, 1), (-1, -1), row_padding),
    ]
    if row_padding > 6:  # rows with room to sign: the name sits in the middle of its line
        commands.append(("VALIGN", (0, 1), (-1, -1), "MIDDLE"))
    for column in align_centre:
        commands.append(("ALIGN", (column, 0), (column, -1), "CENTER"))
    table.setStyle(TableStyle(commands))
    return table


def capitalised(text: str) -> str:
    """'carried' -> 'Carried' (a result or status word as printed)."""
    text = (text or "").strip()
    return text[:1].upper() + text[1:]


def actions_table(actions, width: float, *, show_origin: bool = True) -> Table:
    """Number, action, who, by when, status; an action carried forward says where it came from."""
    s = styles()
    rows = []
    for action in actions:
        what: list[Flowable] = [para(action.what, s.cell)]
        if show_origin and action.from_meeting:
            what.append(para(action.from_meeting, s.small, prefix="From "))
        rows.append([action.number, what, action.owner, short_date(action.due) or "—",
                     capitalised(action.status)])
    widths = [14 * mm, width - 14 * mm - 40 * mm - 24 * mm - 20 * mm, 40 * mm, 24 * mm, 20 * mm]
    return ruled_table(["No.", "Action", "Who", "By when", "Status"], rows, widths)


def item_heading(item) -> Paragraph:
    """'2.1  Treasurer's report': the number hanging in the accent colour, the title in bold."""
    return Paragraph(safe(item.title, BOLD), styles().item, bulletText=plain(item.number) or " ")


def item_indent(item) -> float:
    """Where an item's body starts: sub-items' numbers line up under their parent's title."""
    return ITEM_NUMBER_WIDTH * (max(0, item.depth) + 1)


HEADING_ROOM = 28 * mm  # a heading starts a new page rather than sit above less than this


def item_block(item, body: list[Flowable], lead: list[Flowable] | None = None) -> list[Flowable]:
    """The item's heading and its body, indented under the title.

    A heading never ends a page: it moves to the next page when less than HEADING_ROOM is left
    (a conditional break measures nothing, where KeepTogether would lay everything out twice).
    `lead` (a section heading before the first item) goes with it.
    """
    outer = ITEM_NUMBER_WIDTH * max(0, item.depth)
    room = HEADING_ROOM + (15 * mm if lead else 0)
    return [CondPageBreak(room), *(lead or []), Indenter(left=outer), item_heading(item),
            Indenter(left=ITEM_NUMBER_WIDTH), *body, Indenter(left=-ITEM_NUMBER_WIDTH), Indenter(left=-outer)]
