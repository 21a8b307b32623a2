"""Printed meeting documents: written to real PDFs, read back as a reader (or a PDF parser) sees them."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

import pdf_samples as samples
from conftest import REPO
from lien_desktop.domain.errors import LienError
from lien_desktop.domain.meeting_documents import (ActionDoc, AgendaItemDoc, AttendeeDoc, MinutesStatus,
                                                   MotionDoc, SignInRow)
from lien_desktop.io.pdf import write_agenda, write_minutes, write_motions_register, write_signin_sheet
from lien_desktop.io.pdf.fonts import BOLD, FALLBACK, REGULAR, font_runs, has_glyph
from lien_desktop.io.pdf.layout import write_atomically


def pages_text(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def flat(text: str) -> str:
    """Whitespace collapsed, so a phrase can be found whatever line it wrapped onto."""
    return " ".join(text.split())


def whole(path) -> str:
    return flat("\n".join(pages_text(path)))


_DECORATION = re.compile(r"^(DRAFT|Page \d+ of \d+|Labour in Exile Network · .*|Lisbon Chapter · Minutes of .*)$")


def body_text(path) -> str:
    """The story's text alone: the running header, footer and watermark of each page left out."""
    lines = "\n".join(pages_text(path)).splitlines()
    return "\n".join(line for line in lines if not _DECORATION.match(line))


def embedded_fonts(path) -> set[str]:
    names = set()
    for page in PdfReader(path).pages:
        fonts = page["/Resources"].get("/Font", {})
        for key in fonts:
            font = fonts[key].get_object()
            name = str(font["/BaseFont"]).split("+")[-1]
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
            names.add(name if embedded else f"{name} (not embedded)")
    return names


# --- the minutes ------------------------------------------------------------------------------------

def test_minutes_show_the_meeting_as_recorded(tmp_path):
    path = tmp_path / "minutes.pdf"
    write_minutes(samples.minutes(), path)
    text = whole(path)
    for expected in ("LABOUR IN EXILE NETWORK", "Lisbon Chapter", "Minutes of the General meeting",
                     "March general meeting", "Thursday 12 March 2026", "19:00–21:15", "Casa do Alentejo",
                     "Chair Siobhán Ní Bhriain", "Minute-taker Łukasz Wiśniewski"):
        assert expected in text
    assert "Present (7)" in text and "Llŷr Evans (arrived 19:40)" in text and "李雷 (left 20:30)" in text
    assert "Apologies (2) Margaret O'Neill, Dafydd ap Gwilym" in text
    assert "Absent (1) Kevin Marsh" in text
    assert "Guests (1) Ana Sousa (Lisbon Trades Council)" in text
    assert "the quorum is 10, so the meeting was quorate" in text
    # Items in order, sub-items numbered under their parent.
    positions = [text.index(f"{number} {title}") for number, title in (
        ("1", "Welcome and apologies"), ("2", "Minutes of the previous meeting"), ("3", "Reports"),
        ("3.1", "Treasurer's report"), ("3.2", "Secretary's report"), ("4", "Motions"),
        ("5", "Any other business"))]
    assert positions == sorted(positions)
    assert "Decision 1. The minutes of 12 February 2026 were approved." in text
    assert "Decision 2. The secretary will send the message of solidarity by 19 March." in text
    # Motions: wording, movers, votes and result.
    assert "Motion M1: Solidarity with striking transport workers" in text
    assert "to donate £150 from chapter funds to their hardship fund." in text
    assert "Proposed by Zoë Clarke · Seconded by Llŷr Evans" in text
    assert "For Against Abstentions Result 14 3 2 Carried" in text
    assert ("Amendment 1, moved by Priya Raman, seconded by Tom Okafor: Fallen "
            "(For 5, Against 11, Abstentions 3)") in text
    assert "Replace “£150” with “£250”." in text
    assert "Vote Result carried unanimously Carried" in text
    assert "Seconded by 李雷" in text
    # Actions.
    assert "No. Action Who By when Status" in text
    assert "A2 Pay the affiliation fee Tom Okafor 31/03/2026 Open" in text
    assert "Łukasz Wiśniewski 19/03/2026 Open" in text
    assert "From 12/02/2026" in text and "Done" in text
    assert "Date of next meeting Thursday 9 April 2026, 19:00, Casa do Alentejo" in text
    assert "Signed as a true record: ______________ (Chair) Date: __________" in text


def test_every_page_is_numbered_page_x_of_y(tmp_path):
    path = tmp_path / "long.pdf"
    write_minutes(samples.minutes(repeat=6), path)
    texts = pages_text(path)
    assert len(texts) > 3
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
    # Pages after the first carry a running header naming the meeting.
    assert all("Lisbon Chapter · Minutes · March general meeting · 12/03/2026" in t for t in texts[1:])


def test_newlines_in_notes_are_line_breaks(tmp_path):
    path = tmp_path / "minutes.pdf"
    write_minutes(samples.minutes(), path)
    lines = "\n".join(pages_text(path)).splitlines()
    index = lines.index("Balance at 28 February: £1,240.55.")
    assert lines[index + 1] == "Subscriptions received: 31."


@pytest.mark.parametrize("status, watermarked", [
    (MinutesStatus.DRAFT, True), (MinutesStatus.CIRCULATED, True),
    (MinutesStatus.APPROVED, False), (MinutesStatus.SIGNED, False),
])
def test_draft_watermark_on_every_page_until_approved(tmp_path, status, watermarked):
    path = tmp_path / "minutes.pdf"
    write_minutes(samples.minutes(status, repeat=2), path)
    texts = pages_text(path)
    assert len(texts) >= 2
    assert [("DRAFT" in text) for text in texts] == [watermarked] * len(texts)


def test_signed_minutes_print_their_fingerprint_and_drafts_do_not(tmp_path):
    signed, draft = tmp_path / "signed.pdf", tmp_path / "draft.pdf"
    write_minutes(samples.minutes(MinutesStatus.SIGNED), signed)
    write_minutes(samples.minutes(MinutesStatus.DRAFT), draft)
    text = whole(signed)
    assert samples.FINGERPRINT in text
    assert "Fingerprint of the signed minutes (SHA-256):" in text
    assert "Approved as a true record at the meeting of 09/04/2026." in text
    assert "SHA-256" not in whole(draft)


def test_addenda_follow_the_signature(tmp_path):
    path = tmp_path / "signed.pdf"
    write_minutes(samples.minutes(MinutesStatus.SIGNED, addenda=("Item 3.1: the balance was £1,204.55.",)),
                  path)
    text = whole(path)
    assert text.index("Signed as a true record") < text.index("Addendum 1 Item 3.1: the balance was £1,204.55.")


def test_circulation_copy_says_so_on_every_page(tmp_path):
    copy, full = tmp_path / "copy.pdf", tmp_path / "full.pdf"
    write_minutes(samples.minutes(repeat=2, circulation_copy=True), copy)
    write_minutes(samples.minutes(repeat=2), full)
    assert all("Circulation copy" in text for text in pages_text(copy))
    assert not any("Circulation copy" in text for text in pages_text(full))


def test_vote_counts_left_blank_print_as_dashes(tmp_path):
    motion = MotionDoc("M9", "Partial count", "That we count.", "A", "B", "fallen", votes_for=3)
    path = tmp_path / "minutes.pdf"
    write_minutes(samples.minutes(items=(AgendaItemDoc("1", "Motions", motions=(motion,)),)), path)
    assert "For Against Abstentions Result 3 – – Fallen" in whole(path)


# --- fonts and unicode -----------------------------------------------------------------------------

def test_unicode_names_print_and_every_font_is_embedded(tmp_path):
    path = tmp_path / "minutes.pdf"
    write_minutes(samples.minutes(), path)
    text = whole(path)
    for name in samples.UNICODE_NAMES:
        assert name in text
    fonts = embedded_fonts(path)
    assert {"DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback"} <= fonts
    assert all("not embedded" not in font and "Helvetica" not in font for font in fonts), fonts


def test_every_character_of_the_names_goes_to_a_font_that_has_it():
    for name in samples.UNICODE_NAMES:
        for font in (REGULAR, BOLD):
            for run_font, run in font_runs(name, font):
                assert all(has_glyph(run_font, char) for char in run), (name, run_font, run)


def test_importing_the_writers_does_not_load_reportlab():
    code = "import sys, lien_desktop.io.pdf; print(any(m.startswith('reportlab') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                            check=True)
    assert result.stdout.strip() == "False"


def test_fonts_can_be_loaded_ahead_of_the_first_document():
    from reportlab.pdfbase import pdfmetrics

    from lien_desktop.io.pdf import prepare_fonts

    prepare_fonts()
    prepare_fonts()  # a second call costs nothing and changes nothing
    assert {REGULAR, BOLD, FALLBACK} <= set(pdfmetrics.getRegisteredFontNames())


def test_the_fallback_font_is_only_used_for_what_dejavu_lacks(tmp_path):
    assert list(font_runs("Łukasz Wiśniewski, Llŷr, Zoë")) == [(REGULAR, "Łukasz Wiśniewski, Llŷr, Zoë")]
    assert list(font_runs("Li 李雷 Lei", BOLD)) == [(BOLD, "Li "), (FALLBACK, "李雷"), (BOLD, " Lei")]
    # A document with no CJK does not carry the 4 MB fallback font.
    path = tmp_path / "latin.pdf"
    names = [AttendeeDoc(name) for name in samples.UNICODE_NAMES if name != "李雷"]
    write_minutes(samples.minutes(present=tuple(names), items=(), actions=()), path)
    assert "DroidSansFallback" not in embedded_fonts(path)


def test_arabic_names_are_shaped_into_joined_letters(tmp_path):
    path = tmp_path / "minutes.pdf"
    write_minutes(samples.minutes(present=(AttendeeDoc("محمد عبد الله"), AttendeeDoc("李雷"))), path)
    present = next(line for line in "\n".join(pages_text(path)).splitlines() if "李雷" in line)
    # Shaped text is drawn with the joined (contextual) letter forms of the Arabic Presentation Forms-B
    # block; unshaped text would show the isolated base letters (U+0600 block) side by side.
    assert re.search("[\ufe70-\ufeff]{3}", present), present


# --- hostile text ----------------------------------------------------------------------------------

PAYLOADS = ('<b>bold</b>', '<font size=500>huge', '<a href="https://example.org/x">click</a>',
            '<img src="/etc/passwd"/>', '&amp; &lt;', '<unclosed', '</para><para>', 'A & B < C > D')


def _content_font_sizes(path) -> list[float]:
    sizes = []
    for page in PdfReader(path).pages:
        data = page.get_contents().get_data().decode("latin-1")
        sizes += [float(size) for size in re.findall(r"/F[\w+]+ ([\d.]+) Tf", data)]
    return sizes


def test_markup_in_user_text_prints_literally_and_changes_nothing(tmp_path):
    payload = " ".join(PAYLOADS)
    hostile = samples.minutes(
        MinutesStatus.APPROVED,
        header=dataclasses.replace(samples.HEADER, chapter=f"Chapter {payload}", venue=payload, chair=payload),
        present=(AttendeeDoc(payload, note=payload),), apologies=(AttendeeDoc(payload),),
        items=(AgendaItemDoc("1", payload, notes=payload, decisions=(payload,),
                             motions=(MotionDoc("M1", payload, payload, payload, payload, payload),)),),
        actions=(ActionDoc("A1", payload, payload, None, payload),), next_meeting=payload,
        approved_note=payload, addenda=(payload,),
    )
    plain = "x" * len(payload)
    baseline = dataclasses.replace(hostile, header=dataclasses.replace(hostile.header, chapter=plain,
                                                                       venue=plain, chair=plain))
    path, baseline_path = tmp_path / "hostile.pdf", tmp_path / "baseline.pdf"
    write_minutes(hostile, path)
    write_minutes(baseline, baseline_path)
    text = whole(path)
    assert text.count(flat(payload)) >= 12
    for each in PAYLOADS:
        assert each in text
    reader = PdfReader(path)
    for page in reader.pages:
        assert "/Annots" not in page  # no link was made
        xobjects = page["/Resources"].get("/XObject", {})
        assert not any(xobjects[key].get_object().get("/Subtype") == "/Image" for key in xobjects)
    assert max(_content_font_sizes(path)) <= 18  # nothing printed at size 500
    assert len(reader.pages) <= len(PdfReader(baseline_path).pages) + 1


def test_a_ten_thousand_character_word_wraps_and_prints_whole(tmp_path):
    word = "".join(chr(ord("a") + i % 26) for i in range(10_000))
    doc = samples.minutes(
        present=(AttendeeDoc(word),),
        items=(AgendaItemDoc("1", "Long", notes=word,
                             motions=(MotionDoc("M1", "Long", word, "A", "B", "carried"),)),),
        actions=(ActionDoc("A1", word, "Zoë Clarke", None, "open"),),
    )
    path = tmp_path / "long-word.pdf"
    write_minutes(doc, path)
    squashed = re.sub(r"\s+", "", body_text(path))
    # The action's row splits across pages: its other cells print with the first part, and the
    # table's heading row is repeated on each page it continues on.
    squashed = squashed.replace("ZoëClarke—Open", "").replace("No.ActionWhoBywhenStatus", "")
    assert squashed.count(word) == 4


def test_a_ten_thousand_character_chapter_name_is_cut_short_in_the_page_header_only(tmp_path):
    word = "".join(chr(ord("A") + i % 26) for i in range(10_000))
    header = dataclasses.replace(samples.HEADER, chapter=word, title=word, venue=word)
    path = tmp_path / "long-header.pdf"
    write_minutes(samples.minutes(header=header, items=samples.ITEMS * 3), path)
    texts = pages_text(path)
    lines = [line for line in "\n".join(texts).splitlines()
             if not (line.endswith("…") or re.fullmatch(r"Page \d+ of \d+|DRAFT", line))]
    assert word in re.sub(r"\s+", "", "".join(lines))  # printed whole in the heading
    footer = texts[-1].splitlines()[-1]
    assert footer.endswith("…") and len(footer) < 200  # and shortened in the footer
    assert f"Page {len(texts)} of {len(texts)}" in texts[-1]


# --- the other documents ---------------------------------------------------------------------------

def test_agenda_lists_items_and_open_actions_under_matters_arising(tmp_path):
    path = tmp_path / "agenda.pdf"
    write_agenda(samples.agenda(), path)
    text = whole(path)
    assert "Agenda of the General meeting" in text
    assert "Please send apologies to the secretary before the meeting." in text
    arising = text.index("3 Matters arising")
    assert arising < text.index("Send the solidarity message") < text.index("4 Reports")
    assert "A2 Pay the affiliation fee Tom Okafor 31/03/2026 Open" in text
    assert "4.1 Treasurer's report" in text and "Presented by Tom Okafor" in text
    assert "DRAFT" not in text and "Page 1 of 1" in text


def test_agenda_without_a_matters_arising_item_still_lists_open_actions(tmp_path):
    path = tmp_path / "agenda.pdf"
    write_agenda(samples.agenda(items=(AgendaItemDoc("1", "Welcome"),)), path)
    text = whole(path)
    assert text.index("1 Welcome") < text.index("Matters arising: open actions from earlier meetings")
    assert "Pay the affiliation fee" in text


def test_signin_sheet_lists_members_alphabetically_with_guest_rows(tmp_path):
    path = tmp_path / "signin.pdf"
    members = tuple(SignInRow(f"Member {n:03d}") for n in range(90, 0, -1))
    write_signin_sheet(samples.signin_sheet(members=members + (SignInRow("Zoë Clarke"),
                                                               SignInRow("Łukasz Wiśniewski"))), path)
    texts = pages_text(path)
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):  # the heading is repeated on every page
        assert "Sign-in sheet · Lisbon Chapter · March general meeting · 12/03/2026" in text
        assert f"Page {number} of {len(texts)}" in text
    assert all("Signature" in text for text in texts[:-1])
    text = whole(path)
    text = text[text.index("Members (92)"):]
    # Sorted by the name as a reader spells it: Ł with the Ls, before M.
    order = [text.index(name) for name in ("Łukasz Wiśniewski", "Member 001", "Member 002", "Member 090",
                                           "Zoë Clarke")]
    assert order == sorted(order)
    guests = text[text.index("Guests (not members) No. Name Organisation Signature"):]
    assert re.sub(r"Sign-in sheet · .*? No\. Name Organisation Signature ", "", guests).startswith(
        "Guests (not members) No. Name Organisation Signature 1 2 3 4 5 6")


@pytest.mark.parametrize("members", [88, 92, 93, 94, 95])
def test_no_row_is_lost_where_a_sign_in_table_breaks_across_pages(tmp_path, members):
    path = tmp_path / "signin.pdf"
    write_signin_sheet(samples.signin_sheet(members=tuple(SignInRow(f"M{n:03d}") for n in range(members))),
                       path)
    text = whole(path)
    assert all(f"{n + 1} M{n:03d}" in text for n in range(members))
    guests = re.sub(r"Sign-in sheet · .*? No\. Name Organisation Signature ", "",
                    text[text.index("Guests (not members)"):])
    assert "Signature 1 2 3 4 5 6 " in guests


def test_motions_register_is_one_table_across_meetings(tmp_path):
    path = tmp_path / "register.pdf"
    write_motions_register(samples.motions_register(), path)
    text = whole(path)
    assert "Register of motions" in text and "3 motions, 15/01/2026 to 12/03/2026" in text
    assert "Date Meeting No. Motion Proposer Seconder Votes Result" in text
    assert text.index("Room booking") < text.index("Solidarity with striking transport workers")
    assert "Tom Okafor Ana Abreu 7-7-1 Remitted" in text
    assert "Priya Raman 李雷 unanimous Carried" in text
    width, height = PdfReader(path).pages[0].mediabox.upper_right
    assert width > height  # landscape


def test_empty_register_still_prints(tmp_path):
    path = tmp_path / "register.pdf"
    write_motions_register(samples.motions_register(rows=()), path)
    assert "No motions recorded yet." in whole(path)


# --- the file ----------------------------------------------------------------------------------------

def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "minutes.pdf"
    write_minutes(samples.minutes(), path)
    before = path.read_bytes()

    def half_then_fail(temporary: str) -> None:
        with open(temporary, "wb") as half:
            half.write(b"%PDF-1.4 half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically(path, half_then_fail)
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["minutes.pdf"]


def test_a_place_that_cannot_be_written_is_refused_with_its_name(tmp_path):
    with pytest.raises(LienError, match="no-such-folder"):
        write_minutes(samples.minutes(), tmp_path / "no-such-folder" / "minutes.pdf")
    folder = tmp_path / "minutes.pdf"
    folder.mkdir()  # a folder where the file should go
    with pytest.raises(LienError, match="minutes.pdf"):
        write_minutes(samples.minutes(), folder)
    assert folder.is_dir() and list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minutes.pdf", "profile"]
