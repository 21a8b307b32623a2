"""The subject-access report as a PDF (reportlab), in DejaVu Sans with a CJK fallback.

Every piece of user text is escaped before it reaches a Paragraph (which parses markup), and runs of
characters DejaVu lacks are set in Droid Sans Fallback, so any name prints.
"""

from __future__ import annotations

import os
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from lien_desktop.domain.data_protection import SubjectAccessReport
from lien_desktop.io.pdf.fonts import BOLD, FALLBACK, REGULAR as FONT, has_glyph, register_fallback, register_fonts


def _register_fonts() -> None:
    # The same registration as the meeting PDFs (whichever document a process prints first).
    register_fonts()
    register_fallback()


def markup(text: str) -> str:
    """User text as safe Paragraph markup, switching to the fallback font where DejaVu has no glyph."""
    out: list[str] = []
    run: list[str] = []
    run_fallback = False

    def flush() -> None:
        if run:
            chunk = escape("".join(run))
            out.append(f'<font name="{FALLBACK}">{chunk}</font>' if run_fallback else chunk)
            run.clear()

    for ch in text:
        needs = ch not in "\n\t " and not has_glyph(FONT, ch)
        if needs != run_fallback:
            flush()
            run_fallback = needs
        run.append(ch)
    flush()
    return "".join(out).replace("\n", "<br/>")


def write_sar_pdf(path: Path, report: SubjectAccessReport) -> Path:
    _register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11.5)
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5)
    note = ParagraphStyle("note", parent=small, keepWithNext=1)
    head = ParagraphStyle("head", parent=body, fontName=BOLD, fontSize=7.5, leading=9.5)
    title = ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=15, leading=19, spaceAfter=6)
    h2 = ParagraphStyle("h2", parent=body, fontName=BOLD, fontSize=11.5, leading=14, spaceBefore=10, spaceAfter=4,
                        keepWithNext=1)  # a heading never ends a page alone
    warn = ParagraphStyle("warn", parent=body, fontName=BOLD, textColor=colors.HexColor("#8b0000"))

    story: list[object] = [
        Paragraph(f"Subject access: {markup(report.name or report.subject)}", title),
        Paragraph(markup(f"Everything LIEN Desktop holds about this person, produced "
                         f"{report.generated_at:%d/%m/%Y %H:%M} UTC by {report.generated_by or 'the secretary'}."),
                  body),
    ]
    if report.member_id is not None:
        story.append(Paragraph(markup(f"Member id: {report.member_id}"), body))
    if report.confidential:
        story.append(Spacer(1, 3))
        story.append(Paragraph("CONFIDENTIAL: this member is marked confidential. Send this document only to "
                               "the person themselves, by a secure route.", warn))
    if not report.holds_anything:
        story.append(Spacer(1, 8))
        story.append(Paragraph(markup(f"No personal data is held about “{report.subject}”."), body))
    width = A4[0] - 30 * mm
    for section in report.sections:
        story.append(Paragraph(markup(section.title), h2))
        if section.note:
            story.append(Paragraph(markup(section.note), note))
        if not section.rows:
            story.append(Paragraph("None held.", body))
            continue
        n = len(section.columns)
        data = [[Paragraph(markup(c), head) for c in section.columns]]
        data += [[Paragraph(markup(str(v)), small) for v in row] for row in section.rows]
        weights = section.weights if len(section.weights) == n else (1.0,) * n
        table = LongTable(data, colWidths=[width * w / sum(weights) for w in weights], repeatRows=1)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        story.append(table)

    def footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        text = f"Subject access report — page {doc.page}"
        if report.confidential:
            text = "CONFIDENTIAL — " + text
        canvas.drawString(15 * mm, 10 * mm, text)
        canvas.restoreState()

    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    try:
        doc = SimpleDocTemplate(str(partial), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                                topMargin=15 * mm, bottomMargin=18 * mm, title="Subject access report",
                                author="LIEN Desktop")
        doc.build(story, onFirstPage=footer, onLaterPages=footer)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path
