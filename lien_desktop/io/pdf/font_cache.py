"""TrueType fonts parsed once and kept in the cache folder, so each new process loads them quickly.

reportlab reads a font's tables in Python every time a process registers it: 27 ms for each of the
three DejaVu faces and 150 ms for the 4 MB CJK fallback, measured here — most of what printing the
first PDF in a fresh process costs beyond reportlab itself. The parsed metrics (character-to-glyph
maps, widths, glyph offsets) are plain numbers, saved with `marshal` (which can hold nothing but
plain values: no code is ever loaded from the cache) and read back in a few milliseconds.

The saved file is named after the font file's size and time, reportlab's version and Python's (the
marshal format is Python's own); anything unreadable or from another version is ignored and the font
is parsed again. The font's bytes themselves are always read from the shipped file, never the cache.
"""

from __future__ import annotations

import logging
import marshal
import os
import sys
import tempfile
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import reportlab
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from lien_desktop.paths import cache_dir

log = logging.getLogger(__name__)

FORMAT = 1  # bump when what is saved changes
_NOT_SAVED = {"_ttf_data", "_pdfScale"}  # the font's bytes (read from the file) and a function


def _cache_file(font_path: Path) -> Path:
    st = font_path.stat()
    tag = f"{font_path.stem}-{st.st_size}-{st.st_mtime_ns}-rl{reportlab.Version}-py{sys.version_info[0]}{sys.version_info[1]}"
    return cache_dir() / "fonts" / f"{tag}-v{FORMAT}.marshal"


def _saved_form(face: TTFontFace) -> dict[str, Any]:
    saved: dict[str, Any] = {}
    for key, value in vars(face).items():
        if key in _NOT_SAVED:
            continue
        if isinstance(value, TTFNameBytes):  # a bytes subclass marshal cannot hold: keep its text
            value = ("TTFNameBytes", value.ustr)
        saved[key] = value
    return saved


def _face_from(saved: dict[str, Any], font_path: Path) -> TTFontFace:
    face = TTFontFace.__new__(TTFontFace)
    for key, value in saved.items():
        if isinstance(value, tuple) and len(value) == 2 and value[0] == "TTFNameBytes":
            value = TTFNameBytes(value[1].encode("utf8"), "utf8")
        setattr(face, key, value)
    face._ttf_data = font_path.read_bytes()  # embedded (as a subset) in every PDF that uses the font
    units = face.unitsPerEm
    face._pdfScale = (lambda x: x) if units == 1000 else (lambda x, m=1000 / units: x * m)
    return face


def _font_with(name: str, face: TTFontFace) -> TTFont:
    """A TTFont around an already parsed face: what TTFont.__init__ sets, without parsing the file."""
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    from weakref import WeakKeyDictionary

    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in (rl_config.unShapedFontGlob or ()))
    return font


def load_font(name: str, font_path: Path) -> TTFont:
    """The font, from the cache when it holds this very file parsed by this reportlab; else parsed
    (and saved for the next process)."""
    try:
        cached = _cache_file(font_path)
        saved = marshal.loads(cached.read_bytes())
        if isinstance(saved, dict) and saved.get("filename") == str(font_path):
            return _font_with(name, _face_from(saved, font_path))
    except (OSError, ValueError, EOFError, TypeError, KeyError, AttributeError):
        pass  # no cache yet, or one from another version: parse the file
    font = TTFont(name, str(font_path))
    _save(font.face, font_path)
    return font


def _save(face: TTFontFace, font_path: Path) -> None:
    """Written to a temporary file and renamed: a half-written cache is never read."""
    try:
        target = _cache_file(font_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = marshal.dumps(_saved_form(face))
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except (OSError, ValueError) as exc:  # a read-only or full cache folder only costs speed
        log.info("font cache not written for %s: %s", font_path.name, exc)
