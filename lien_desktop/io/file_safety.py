"""Is this file what its name says, and is it safe to open? Checked before any parser sees it.

Spreadsheets arrive from anywhere, so every file is treated as hostile until checked: its real kind
is read from its first bytes (never trusted from the name), archives are walked entry by entry with
sizes checked *before* expanding (and the real expanded size counted, so a lying header cannot
smuggle a zip bomb past us), entry names that climb out of the archive (`../`) are refused, and XML
that declares a DTD or entities (external entities, "billion laughs") is refused: spreadsheets never
need them. Each refusal is a `UnsafeFile` (a LienError) with one sentence the secretary can act on.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lien_desktop.domain.errors import LienError
from lien_desktop.io import decryption

MAX_FILE_BYTES = 200 * 1024 * 1024  # a member list is never this big
MAX_EXPANDED_BYTES = 1024 * 1024 * 1024  # everything inside an archive, expanded
MAX_ENTRY_RATIO = 200  # compression ratio of one large entry; XML of real sheets stays well under
MAX_ENTRIES = 10_000
_RATIO_FLOOR = 1024 * 1024  # small entries may compress very well (empty styles etc.)

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PICTURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG picture"),
    (b"\xff\xd8\xff", "a JPEG picture"),
    (b"GIF87a", "a GIF picture"),
    (b"GIF89a", "a GIF picture"),
    (b"%PDF", "a PDF document"),
    (b"BM", None),  # checked separately (too short a signature to trust alone)
)
_HTML = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!doctype\s+html|<html|<head|<body|<table|<meta)", re.IGNORECASE)
_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


class UnsafeFile(LienError):
    """The file cannot be read safely, or is not what it claims; nothing was changed."""


class PasswordRequired(UnsafeFile):
    """The workbook is protected with a password: none was given (`wrong` False) or it does not open it."""

    def __init__(self, name: str, wrong: bool = False):
        self.file_name, self.wrong = name, wrong
        if wrong:
            text = (f"the password for “{name}” is not right, so it was not opened (passwords are case-sensitive); "
                    "nothing was read")
        else:
            text = (f"“{name}” is protected with a password: give the password to import it, or open it in Excel, "
                    "remove the password (File › Info › Protect Workbook › Encrypt with Password, clear it), save, "
                    "and import again")
        super().__init__(text)


@dataclass(frozen=True, slots=True)
class FileFacts:
    """What the file really is. kind: 'xlsx', 'ods', 'xls', 'text'."""

    path: Path
    kind: str
    size: int
    # Archive entries that contain formula, error or hidden-row markers (worth a closer look).
    marked_entries: frozenset[str] = field(default_factory=frozenset)
    # A password-protected workbook, decrypted in memory (never written to disk); None for other files.
    content: bytes | None = field(default=None, repr=False)

    def source(self) -> Path | io.BytesIO:
        """What the readers open: the file, or its decrypted bytes."""
        return io.BytesIO(self.content) if self.content is not None else self.path


def inspect(path: Path, password: str | None = None) -> FileFacts:
    """Check a file before reading it; raise UnsafeFile with a sentence for the user.

    A password-protected workbook raises PasswordRequired unless `password` opens it; it is then decrypted
    in memory and its decrypted bytes are checked exactly as a file's would be."""
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(4096)
    except FileNotFoundError:
        raise UnsafeFile(f"“{name}” does not exist (was it moved or renamed?)") from None
    except IsADirectoryError:
        raise UnsafeFile(f"“{name}” is a folder, not a file") from None
    except OSError as exc:
        raise UnsafeFile(f"“{name}” cannot be read: {exc.strerror or exc}") from None
    if size == 0:
        raise UnsafeFile(f"“{name}” is empty (0 bytes): it holds no members; was it saved completely?")
    if size > MAX_FILE_BYTES:
        raise UnsafeFile(f"“{name}” is {size // (1024 * 1024)} MB, too big for a member list "
                         f"(at most {MAX_FILE_BYTES // (1024 * 1024)} MB)")
    for magic, what in _PICTURES:
        if what and head.startswith(magic):
            raise UnsafeFile(f"“{name}” is {what} with a spreadsheet's name, not a spreadsheet")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _inspect_zip(path, size)
    if head.startswith(OLE2_MAGIC):
        return _inspect_ole2(path, size, password)
    if _HTML.match(head):
        raise UnsafeFile(f"“{name}” is a web page (HTML) saved with a spreadsheet's name: open it in Excel "
                         "and save it as an Excel workbook (.xlsx), then import that")
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}:
        if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise UnsafeFile(f"“{name}” is not a spreadsheet (its contents are not a workbook; "
                             "is it damaged, or another kind of file renamed?)")
        # A text file with a workbook's name (a CSV renamed .xls happens): read it as text.
    elif b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsafeFile(f"“{name}” is not a text file or a spreadsheet")
    return FileFacts(path=path, kind="text", size=size)


def _inspect_ole2(path: Path, size: int, password: str | None) -> FileFacts:
    """Excel 97-2003 (.xls) — or an encrypted Office 2007+ file, which Office wraps in OLE2."""
    data = path.read_bytes()
    if "EncryptedPackage".encode("utf-16-le") in data or decryption.is_encrypted_xls(path):
        if password is None:
            raise PasswordRequired(path.name)
        try:
            content = decryption.decrypt(path, password, MAX_FILE_BYTES)
        except decryption.WrongPassword:
            raise PasswordRequired(path.name, wrong=True) from None
        except decryption.CannotDecrypt as exc:
            raise UnsafeFile(f"“{path.name}” is protected with a password but cannot be opened ({exc})") from None
        return _inspect_decrypted(path, size, content)
    if "Workbook".encode("utf-16-le") not in data and "Book".encode("utf-16-le") not in data:
        raise UnsafeFile(f"“{path.name}” is an Office file but not a workbook (a Word document?)")
    return FileFacts(path=path, kind="xls", size=size)


def _inspect_decrypted(path: Path, size: int, content: bytes) -> FileFacts:
    """The same checks as for a file on disk, on the decrypted bytes."""
    if content.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _inspect_zip(path, size, content)
    if content.startswith(OLE2_MAGIC) and "Workbook".encode("utf-16-le") in content:
        return FileFacts(path=path, kind="xls", size=size, content=content)
    raise UnsafeFile(f"“{path.name}” opens with the password, but what it holds is not a workbook")


def _bad_entry_name(name: str) -> bool:
    normalised = name.replace("\\", "/")
    return (normalised.startswith("/") or re.match(r"^[A-Za-z]:", normalised) is not None
            or ".." in normalised.split("/"))


def _inspect_zip(path: Path, size: int, content: bytes | None = None) -> FileFacts:
    name = path.name
    try:
        archive = zipfile.ZipFile(path if content is None else io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnsafeFile(f"“{name}” is damaged: the workbook archive is truncated or corrupt "
                         "(was the download or copy complete?)") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise UnsafeFile(f"“{name}” holds {len(entries):,} parts, far more than any workbook; it was not read")
        names = {e.filename for e in entries}
        for entry in entries:
            if _bad_entry_name(entry.filename):
                raise UnsafeFile(f"“{name}” contains a part named “{entry.filename[:80]}” that points outside the "
                                 "workbook; the file may be hostile and was not read")
            if entry.flag_bits & 0x1:
                raise UnsafeFile(f"“{name}” is protected with a password: remove the password in Excel, save, "
                                 "and import again")
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            kind = "xlsx"
        elif "content.xml" in names and "mimetype" in names:
            kind = "ods"
        else:
            raise UnsafeFile(f"“{name}” is a zip archive, not a spreadsheet (a zip file renamed?)")
        declared = sum(e.file_size for e in entries)
        if declared > MAX_EXPANDED_BYTES:
            raise UnsafeFile(f"“{name}” would expand to {declared // (1024 * 1024):,} MB; it is a compression bomb "
                             "or far larger than any member list, and was not read")
        for entry in entries:
            if entry.file_size > _RATIO_FLOOR and entry.file_size > MAX_ENTRY_RATIO * max(entry.compress_size, 1):
                raise UnsafeFile(f"“{name}” contains a part that expands {entry.file_size // max(entry.compress_size, 1):,}"
                                 " times; it looks like a compression bomb and was not read")
        marked = _walk_entries(archive, entries, name)
    return FileFacts(path=path, kind=kind, size=size, marked_entries=frozenset(marked), content=content)


# Cells with a value beyond column Z or row 99,999 (self-closing <c .../> cells are empty formatting and
# do not count). calamine allocates the whole rectangle up to the farthest value cell, and aborts the
# process if it cannot: a single value at XFD1048576 asks for 17 billion cells.
_FAR_CELL = re.compile(rb'<c\s[^>]*?\br="([A-Z]{2,3}\d+|[A-Z]\d{6,7})"[^>/]*>')
MAX_CELLS = 5_000_000
NEAR_ROWS, NEAR_COLUMNS = 99_999, 26


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + (ch - 64)
    return number


# Two letters or six digits after the literal prefix (one fast scan): a reference _FAR_CELL may count.
_FAR_HINT = re.compile(rb' r="[A-Z](?:[A-Z]|\d{6})')


def _far_extent(data: bytes, extent: tuple[int, int]) -> tuple[int, int]:
    rows, columns = extent
    if not _FAR_HINT.search(data):
        return extent
    for ref in _FAR_CELL.findall(data):
        letters = ref.rstrip(b"0123456789")
        rows = max(rows, int(ref[len(letters):]))
        columns = max(columns, _column_number(letters))
    return rows, columns


# Substrings (bytes.find is several times faster than one regex alternation over 40 MB of XML).
_MARKERS = (b"<f", b't="e"', b'hidden="', b"table:formula=", b"table:visibility=")


def _walk_entries(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], name: str) -> set[str]:
    """Expand every part in bounded chunks, counting real bytes (a lying size fails the CRC check),
    refusing DTDs, and noting which parts hold formulas, error values or hidden rows."""
    total = 0
    marked: set[str] = set()
    for entry in entries:
        is_xml = entry.filename.endswith((".xml", ".rels", ".vml"))
        tail = b""
        is_sheet = entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml")
        extent = (NEAR_ROWS, NEAR_COLUMNS)
        try:
            with archive.open(entry) as stream:
                first = True
                while chunk := stream.read(1 << 20):
                    total += len(chunk)
                    if total > MAX_EXPANDED_BYTES:
                        raise UnsafeFile(f"“{name}” expands to more than {MAX_EXPANDED_BYTES // (1024 * 1024)} MB; "
                                         "it was not read")
                    if is_xml:
                        if first and _DTD.search(chunk[:8192]):
                            raise UnsafeFile(f"“{name}” contains XML entity declarations (a known attack; "
                                             "spreadsheets never need them) and was not read")
                        window = tail + chunk[:256] if tail else b""
                        if entry.filename not in marked and any(m in chunk or m in window for m in _MARKERS):
                            marked.add(entry.filename)
                        if is_sheet:
                            extent = _far_extent(window, _far_extent(chunk, extent))
                        tail = chunk[-256:]
                    first = False
            if extent[0] * extent[1] > MAX_CELLS:
                raise UnsafeFile(f"“{name}” has a sheet that reaches row {extent[0]:,} and column {extent[1]:,} "
                                 f"({extent[0] * extent[1]:,} cells), far more than a member list; it was not read. "
                                 "Copy the members into a new workbook and import that")
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
            raise UnsafeFile(f"“{name}” is damaged: part “{entry.filename[:80]}” cannot be read ({exc})") from None
    return marked
