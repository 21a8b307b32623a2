"""Excel 97-2003 (.xls) files for the import tests: written with xlwt, then given what xlwt cannot write.

xlwt writes formulas without a saved result (an empty text result, as a file that was never
calculated). `save_results` gives chosen formula cells a saved result, as Excel does when it saves: a
number, true/false or an error code in the FORMULA record itself, or a text in a STRING record right
after it. The records are rewritten in the workbook stream (xlwt pads a small stream to 4 KiB, so a
STRING record fits in the padding and the stream keeps its size) and put back with olefile.
"""

from __future__ import annotations

import struct
from pathlib import Path

import olefile

FORMULA, STRING, EOF = 0x0006, 0x0207, 0x000A
ERROR_CODES = {"#NULL!": 0x00, "#DIV/0!": 0x07, "#VALUE!": 0x0F, "#REF!": 0x17, "#NAME?": 0x1D, "#NUM!": 0x24,
               "#N/A": 0x2A}


class XlsError(str):
    """A saved error result ("#DIV/0!"), as opposed to a text result."""


def _records(data: bytes):
    pos = 0
    while pos + 4 <= len(data):
        kind, length = struct.unpack_from("<HH", data, pos)
        if kind == 0 and length == 0:
            return  # the padding after the last EOF
        yield kind, data[pos + 4 : pos + 4 + length]
        pos += 4 + length


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _string_record(text: str) -> bytes:
    return _record(STRING, struct.pack("<HB", len(text), 1) + text.encode("utf-16-le"))


def save_results(path: Path, results: dict[tuple[int, int], object]) -> Path:
    """Give the formula cells at (row, column) (0-based) these saved results: float, bool, str or XlsError."""
    with olefile.OleFileIO(str(path)) as ole:
        data = ole.openstream("Workbook").read()
    out = bytearray()
    left = dict(results)
    for kind, body in _records(data):
        extra = b""
        if kind == FORMULA:
            row, column = struct.unpack_from("<HH", body)
            if (row, column) in left:
                value = left.pop((row, column))
                if isinstance(value, XlsError):
                    result = struct.pack("<BBBBHH", 2, 0, ERROR_CODES[value], 0, 0, 0xFFFF)
                elif isinstance(value, bool):
                    result = struct.pack("<BBBBHH", 1, 0, int(value), 0, 0, 0xFFFF)
                elif isinstance(value, str):
                    result = struct.pack("<BBBBHH", 0, 0, 0, 0, 0, 0xFFFF)
                    extra = _string_record(value)
                else:
                    result = struct.pack("<d", float(value))
                body = body[:6] + result + body[14:]
        out += _record(kind, body) + extra
    assert not left, f"no formula at {sorted(left)}"
    assert len(out) <= len(data), "the workbook stream has no room left for the STRING records"
    out += bytes(len(data) - len(out))
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        ole.write_stream("Workbook", bytes(out))
    return path
