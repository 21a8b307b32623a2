"""Fonts parsed once are read back from the cache folder exactly as reportlab parses them."""

from __future__ import annotations

import subprocess
import sys

from reportlab.pdfbase.ttfonts import TTFont

from lien_desktop.io.pdf import font_cache
from lien_desktop.paths import cache_dir, resource


def _same_face(cached, parsed) -> None:
    expected = {k: v for k, v in vars(parsed).items() if k != "_pdfScale"}
    got = {k: v for k, v in vars(cached).items() if k != "_pdfScale"}
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == value, key
        assert type(got[key]) is type(value), key
    assert cached._pdfScale(1234) == parsed._pdfScale(1234)


def test_a_font_read_from_the_cache_equals_the_parsed_font():
    for file in ("DejaVuSans.ttf", "DroidSansFallbackFull.ttf"):
        path = resource("fonts", file)
        first = font_cache.load_font("First", path)  # parsed, and saved
        assert list((cache_dir() / "fonts").glob(f"{path.stem}-*.marshal"))
        second = font_cache.load_font("Second", path)  # from the cache
        _same_face(second.face, TTFont("Reference", str(path)).face)
        _same_face(first.face, second.face)
        assert second.fontName == "Second"
        assert second.stringWidth("Siobhán Ní Bhriain 李雷", 10) == first.stringWidth("Siobhán Ní Bhriain 李雷", 10)


def test_a_damaged_or_foreign_cache_file_is_ignored_and_replaced():
    path = resource("fonts", "DejaVuSans.ttf")
    font_cache.load_font("DejaVu", path)
    cached = next((cache_dir() / "fonts").glob("DejaVuSans-*.marshal"))
    for junk in (b"", b"\x00garbage", cached.read_bytes()[:100]):
        cached.write_bytes(junk)
        font = font_cache.load_font("DejaVu", path)
        _same_face(font.face, TTFont("Reference", str(path)).face)
        assert cached.read_bytes() not in (b"", b"\x00garbage")  # parsed again and saved afresh


def test_minutes_printed_in_a_fresh_process_from_the_cache_read_right(tmp_path):
    script = """
import sys
sys.path[:0] = [sys.argv[2], sys.argv[2] + '/tests']
import pdf_samples
from lien_desktop.io.pdf import write_minutes
write_minutes(pdf_samples.minutes(), sys.argv[1])
"""
    from pathlib import Path

    repo = str(Path(__file__).resolve().parent.parent)
    outputs = []
    for run in range(2):  # the first run fills the cache, the second reads it
        out = tmp_path / f"minutes-{run}.pdf"
        subprocess.run([sys.executable, "-c", script, str(out), repo], check=True, timeout=120)
        outputs.append(subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                                      check=True).stdout)
    assert list((cache_dir() / "fonts").glob("DejaVuSans-Bold-*.marshal"))
    assert outputs[0] == outputs[1]
    assert "Łukasz" in outputs[1] and "李雷" in outputs[1]
