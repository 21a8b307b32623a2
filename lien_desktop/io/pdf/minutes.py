"""The minutes of a meeting as a PDF a chair can sign."""

from __future__ import annotations

import os

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import Indenter

from lien_desktop.domain.meeting_documents import (AgendaItemDoc, AmendmentDoc, AttendeeDoc,
                                                   MinutesDoc, MinutesStatus, MotionDoc)
from lien_desktop.io.pdf.blocks import (HEADING_ROOM, actions_table, capitalised, details_table, item_block, item_indent,
                                        meeting_heading, section)
from lien_desktop.io.pdf.fonts import BOLD, REGULAR
from lien_desktop.io.pdf.layout import PageDecor, build_pdf, frame_width
from lien_desktop.io.pdf.styles import HEADER_SHADE, INK, RULE, short_date, styles
from lien_desktop.io.pdf.text import para, paragraphs, safe

SIGNATURE_LINE = ("Signed as a true record: ______________ (Chair)&nbsp;&nbsp;&nbsp;"
                  "Date: __________")

_STATUS_LINES = {
    MinutesStatus.DRAFT: "Draft minutes — not yet approved",
    MinutesStatus.CIRCULATED: "Circulated draft — for approval at the next meeting",
    MinutesStatus.APPROVED: "Approved minutes",
    MinutesStatus.SIGNED: "Approved and signed minutes",
}


def write_minutes(doc: MinutesDoc, path: str | os.PathLike[str]) -> None:
    header = doc.header
    footer = f"{header.chapter} · Minutes of {short_date(header.date)}"
    if doc.fingerprint:
        footer += f" · SHA-256 {doc.fingerprint[:16]}…"
    decor = PageDecor(
        running_title=f"{header.network} · {header.chapter} · Minutes · {header.title or header.meeting_type}"
                      f" · {short_date(header.date)}",
        header_right="Circulation copy" if doc.circulation_copy else "",
        footer_left=footer,
        watermark="DRAFT" if doc.is_draft else "",
    )
    title = f"Minutes — {header.chapter} — {short_date(header.date)}"
    build_pdf(path, lambda: minutes_story(doc), decor, title=title)


def minutes_story(doc: MinutesDoc) -> list[Flowable]:
    s = styles()
    width = frame_width()
    story = meeting_heading(doc.header, "Minutes", width)
    story.append(Spacer(1, 6))
    story.append(para(_STATUS_LINES.get(doc.status, str(doc.status)), s.status))
    story += _attendance(doc, width)
    if doc.quorum_statement:
        story.append(para(doc.quorum_statement, s.note))
    if doc.items:
        break_before, heading = section("Business")
        story.append(break_before)
        decisions = _Counter()
        for index, item in enumerate(doc.items):
            story += _item(item, width, decisions, lead=[heading] if index == 0 else None)
    if doc.actions:
        story += section("Actions")
        story.append(actions_table(doc.actions, width))
    if doc.next_meeting:
        story += section("Date of next meeting")
        story.append(para(doc.next_meeting, s.body))
    story += _closing(doc)
    if doc.addenda:
        story += section("Addenda")
        for number, text in enumerate(doc.addenda, start=1):
            story += [CondPageBreak(25 * mm), Paragraph(f"Addendum {number}", s.motion_title)]
            story += paragraphs(text, s.body)
    return story


class _Counter:
    def __init__(self) -> None:
        self.value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


def _names(people: tuple[AttendeeDoc, ...]) -> str:
    return ", ".join(f"{p.name} ({p.note})" if p.note else p.name for p in people)


def _attendance(doc: MinutesDoc, width: float) -> list[Flowable]:
    s = styles()
    rows = [(f"Present ({len(doc.present)})", _names(doc.present) or "None recorded")]
    if doc.apologies:
        rows.append((f"Apologies ({len(doc.apologies)})", _names(doc.apologies)))
    else:
        rows.append(("Apologies", "None"))
    if doc.absent:
        rows.append((f"Absent ({len(doc.absent)})", _names(doc.absent)))
    if doc.guests:
        rows.append((f"Guests ({len(doc.guests)})", _names(doc.guests)))
    return [*section("Attendance"), details_table(rows, width)]


def _item(item: AgendaItemDoc, width: float, decisions: _Counter,
          lead: list[Flowable] | None = None) -> list[Flowable]:
    s = styles()
    inner = width - item_indent(item)
    body: list[Flowable] = []
    if item.presenter:
        body.append(para(item.presenter, s.small, prefix="Presented by "))
    if item.notes:
        body += paragraphs(item.notes, s.body)
    for motion in item.motions:
        body += _motion(motion, inner)
    for decision in item.decisions:
        body.append(para(decision, s.body, prefix=f"<b>Decision {decisions.next()}.</b> "))
    return item_block(item, body, lead)


def _votes_row(votes_for: int | None, against: int | None, abstentions: int | None) -> list[str]:
    return ["–" if value is None else str(value) for value in (votes_for, against, abstentions)]


def _has_counts(thing: MotionDoc | AmendmentDoc) -> bool:
    return any(v is not None for v in (thing.votes_for, thing.votes_against, thing.abstentions))


def _motion(motion: MotionDoc, width: float) -> list[Flowable]:
    s = styles()
    title = f"Motion {motion.number}: {motion.title}" if motion.title else f"Motion {motion.number}"
    story: list[Flowable] = [para(title, s.motion_title)]
    story.append(para(motion.wording, s.wording))
    story.append(Paragraph(f"<b>Proposed by</b> {safe(motion.proposer, REGULAR)}&nbsp;&nbsp;·&nbsp;&nbsp;"
                           f"<b>Seconded by</b> {safe(motion.seconder, REGULAR)}", s.body))
    for number, amendment in enumerate(motion.amendments, start=1):
        story += _amendment(number, amendment, width)
    story.append(_vote_table(motion, width))
    # The title, wording and movers start on one page (without laying them out twice).
    return [CondPageBreak(HEADING_ROOM + 10 * mm), *story, Spacer(1, 4)]


def _amendment(number: int, amendment: AmendmentDoc, width: float) -> list[Flowable]:
    s = styles()
    line = (f"<b>Amendment {number}</b>, moved by {safe(amendment.mover, REGULAR)}, seconded by "
            f"{safe(amendment.seconder, REGULAR)}: ")
    result = f"<b>{safe(capitalised(amendment.result), BOLD)}</b>"
    if _has_counts(amendment):
        votes = _votes_row(amendment.votes_for, amendment.votes_against, amendment.abstentions)
        result += f" (For {votes[0]}, Against {votes[1]}, Abstentions {votes[2]})"
    return [Indenter(left=6 * mm), Paragraph(line + result, s.body),
            para(amendment.wording, s.wording), Indenter(left=-6 * mm)]


def _vote_table(motion: MotionDoc, width: float) -> Table:
    s = styles()
    result = capitalised(motion.result)
    if _has_counts(motion) or not motion.vote_summary:
        head = ["For", "Against", "Abstentions", "Result"]
        values = _votes_row(motion.votes_for, motion.votes_against, motion.abstentions)
        if motion.vote_summary:
            result = f"{result} ({motion.vote_summary})"
        widths = [22 * mm, 22 * mm, 26 * mm, min(60 * mm, width - 70 * mm)]
        row = values + [para(result, s.cell_bold)]  # counts are plain digits: no Paragraph needed
    else:
        head = ["Vote", "Result"]
        widths = [70 * mm, min(60 * mm, width - 70 * mm)]
        row = [para(motion.vote_summary, s.cell), para(result, s.cell_bold)]
    # Headings and counts are our own plain strings, drawn as they are (cheaper than Paragraphs).
    table = Table([head, row], colWidths=widths, hAlign="LEFT", splitInRow=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("FONTSIZE", (0, 0), (-1, 0), 8.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_SHADE),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("INNERGRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-2, -1), "CENTER" if len(head) == 4 else "LEFT"),  # counts are centred
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def _closing(doc: MinutesDoc) -> list[Flowable]:
    s = styles()
    block: list[Flowable] = [Spacer(1, 14)]
    if doc.approved_note:
        block.append(para(doc.approved_note, s.body))
    block.append(Spacer(1, 18))
    block.append(Paragraph(SIGNATURE_LINE, s.signature))
    story: list[Flowable] = [KeepTogether(block)]
    if doc.fingerprint:
        story.append(Spacer(1, 10))
        story.append(Paragraph("Fingerprint of the signed minutes (SHA-256):", s.small))
        story.append(para(doc.fingerprint, s.mono))
    return story
