"""A member's whole story on one readable page: details, standing timeline, tags, posts, consents.

The page is HTML in a QTextBrowser. Every piece of text that came from a person is escaped, so a name
typed as `<b>x</b>` shows exactly as typed and can never change the page.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from lien_desktop.domain.members import ConsentChannel, MemberRecord, StandingEvent
from lien_desktop.domain.validation import display_phone, format_uk_date
from lien_desktop.io.constituencies import by_code

_STYLE = """
<style>
  h1 { margin-bottom: 0; }
  h2 { margin-top: 14px; margin-bottom: 4px; color: #333; }
  td.k { color: #555; padding-right: 14px; vertical-align: top; white-space: nowrap; }
  td { vertical-align: top; padding: 1px 6px 1px 0; }
  .muted { color: #666; }
  .confidential { color: #ffffff; background-color: #b00020; font-weight: bold; }
  .removed { color: #b00020; font-weight: bold; }
</style>
"""


def _e(text: object) -> str:
    """Escape user text and keep its line breaks."""
    return escape(str(text)).replace("\n", "<br>")


def _date(value: dt.date | None) -> str:
    return format_uk_date(value) if value else ""


def _rows(pairs: list[tuple[str, str]]) -> str:
    """A two-column table of label -> already escaped value, skipping empty values."""
    cells = "".join(f'<tr><td class="k" width="40%">{escape(k)}</td><td>{v}</td></tr>' for k, v in pairs if v)
    return f"<table>{cells}</table>" if cells else '<p class="muted">Nothing recorded.</p>'


def _constituency(code: str) -> str:
    if not code:
        return ""
    found = by_code().get(code)
    return _e(found.name) if found else _e(code)


def _timeline(events: tuple[StandingEvent, ...]) -> str:
    if not events:
        return '<p class="muted">No Labour standing events recorded.</p>'
    # Newest first; on the same day the later recorded event is the newer one.
    ordered = sorted(enumerate(events), key=lambda ie: (ie[1].event_date, ie[1].id or 0, ie[0]), reverse=True)
    rows = "".join(
        f'<tr><td class="k">{_date(e.event_date)}</td><td><b>{escape(e.kind.label)}</b>'
        + (f"<br>{_e(e.note)}" if e.note else "") + "</td></tr>"
        for _, e in ordered
    )
    return f"<table>{rows}</table>"


def _posts(record: MemberRecord) -> str:
    if not record.officer_posts:
        return '<p class="muted">No officer posts.</p>'
    current = [p for p in record.officer_posts if p.is_current]
    past = [p for p in record.officer_posts if not p.is_current]
    parts = []
    for heading, posts in (("Current", current), ("Past", past)):
        if posts:
            items = "".join(
                f"<li>{_e(p.title)} <span class='muted'>{_span(p.start_date, p.end_date)}</span></li>"
                for p in posts
            )
            parts.append(f"<p><b>{heading}</b></p><ul>{items}</ul>")
    return "".join(parts)


def _span(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f"({_date(start)} – {_date(end)})"
    if start:
        return f"(since {_date(start)})"
    if end:
        return f"(until {_date(end)})"
    return ""


def _consents(record: MemberRecord) -> str:
    by_channel = {c.channel: c for c in record.consents}
    rows = []
    for channel in ConsentChannel:
        consent = by_channel.get(channel)
        if consent is None:
            text = '<span class="muted">not recorded</span>'
        elif consent.withdrawn_on:
            text = f"<b>withdrawn</b> on {_date(consent.withdrawn_on)}"
            if consent.granted and consent.recorded_on:
                text += f" <span class='muted'>(given {_date(consent.recorded_on)})</span>"
        elif consent.granted:
            text = "<b>given</b>" + (f" on {_date(consent.recorded_on)}" if consent.recorded_on else "")
        else:
            text = "<b>refused</b>" + (f" on {_date(consent.recorded_on)}" if consent.recorded_on else "")
        if consent is not None and consent.source:
            text += f" — source: {_e(consent.source)}"
        rows.append((channel.label, text))
    return _rows(rows)


def member_story_html(record: MemberRecord) -> str:
    data = record.data
    full_name = f"{data.first_name} {data.last_name}".strip() or "(no name)"
    title = f"<h1>{_e(full_name)}</h1>"
    if data.preferred_name and data.preferred_name != data.first_name:
        title += f"<p class='muted'>Known as <b>{_e(data.preferred_name)}</b></p>"
    flags = []
    if data.confidential:
        flags.append("<span class='confidential'>&nbsp;CONFIDENTIAL&nbsp;</span> "
                     "<span class='muted'>Handle with extra care; do not share.</span>")
    if record.removed_at:
        flags.append(f"<span class='removed'>Removed from the register on {_date(record.removed_at.date())}</span>")
    standing = escape(record.standing.label) if record.standing else "<span class='muted'>not recorded</span>"
    summary = _rows([
        ("LIEN status", escape(data.status.label)),
        ("Labour standing", standing),
    ])
    address_lines = [data.address_line1, data.address_line2, data.town, data.postcode]
    contact = _rows([
        ("Email", _e(data.email)),
        ("Mobile", _e(display_phone(data.mobile_phone))),
        ("Home phone", _e(display_phone(data.home_phone))),
        ("Address", "<br>".join(_e(line) for line in address_lines if line)),
    ])
    membership = _rows([
        ("Constituency", _constituency(data.constituency_code)),
        ("Branch/ward", _e(data.branch)),
        ("Trade union", _e(data.trade_union)),
        ("Joined", _date(data.joined_on)),
        ("Labour membership no.", _e(data.labour_membership_number)),
        ("Tags", ", ".join(_e(t) for t in data.tags)),
    ])
    notes = f"<p>{_e(data.notes)}</p>" if data.notes else '<p class="muted">No notes.</p>'
    footer = (f"<p class='muted'>Record {record.id}; created {_date(record.created_at.date())}, "
              f"last changed {_date(record.updated_at.date())}.</p>")
    return "".join([
        _STYLE, title, *(f"<p>{f}</p>" for f in flags), summary,
        "<h2>Contact</h2>", contact,
        "<h2>Membership</h2>", membership,
        "<h2>Officer posts</h2>", _posts(record),
        "<h2>Contact consent</h2>", _consents(record),
        "<h2>Labour standing timeline</h2>", _timeline(record.standing_events),
        "<h2>Notes</h2>", notes,
        footer,
    ])


class MemberStoryView(QWidget):
    """Shows one member's whole story; `show_member(None)` shows a hint instead."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName("Member story")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.record: MemberRecord | None = None
        self.show_member(None)

    def show_member(self, record: MemberRecord | None) -> None:
        self.record = record
        if record is None:
            self.browser.setHtml("<p style='color:#666'>Select a member to see their whole story.</p>")
        else:
            self.browser.setHtml(member_story_html(record))

    def plain_text(self) -> str:
        """What the page says, as a reader sees it (for tests and copying)."""
        return self.browser.toPlainText()
