"""Reading the cell values of an uploaded workbook, fast: calamine (Rust, ``python-calamine``) where it gives what
openpyxl's read-only mode gives, openpyxl where it does not.

The rows are openpyxl's, value for value: ``None`` for an empty cell, text as stored (leading zeros kept), a whole
number as ``int`` and any other as ``float``, a date cell as ``datetime`` (midnight when it has no time), a time as
``time``, a duration as ``timedelta``, a boolean as ``bool``; every row starts at column A and the first one is row 1. Merged cells
hold their value in the top-left cell only, in both. Trailing empty rows (which openpyxl yields up to the sheet's
declared dimension) and the rows' lengths may differ: an empty cell is ``None`` in both.

What calamine reads differently, the file then goes to openpyxl whole (``data_only=False``, as the importers ask):
a formula cell — calamine gives the value a spreadsheet cached for it (nothing, for a file written by a program),
openpyxl the formula's own text, which an import keeps as text — and an error cell (``#N/A``…), which calamine reads
as empty. Both are found by a scan of the sheets' XML for ``<f>`` elements and ``t="e"`` cells before reading.
A file calamine cannot open goes to openpyxl too, which says whether it is a workbook at all.
"""

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

# a formula element (with or without a namespace prefix) or an error-typed cell, in a worksheet's XML; a text
# cell never holds these bytes (``<`` is escaped), at worst an attribute does and the file goes to openpyxl
_OPENPYXL_ONLY = (b"<f>", b"<f ", b"<f/", b":f>", b":f ", b":f/", b't="e"', b"t='e'")
_SCAN_CHUNK = 1 << 20
_INT_LIMIT = 1e15  # a whole number openpyxl reads as int: written without exponent (Excel keeps 15 digits)


class UnreadableWorkbook(Exception):
    """Neither reader could open the file as a workbook."""


_OVERRIDE = re.compile(rb"<Override\b[^>]*>")
_PART = re.compile(rb'PartName\s*=\s*["\']/?([^"\']+)["\']')


def _worksheets(archive: zipfile.ZipFile) -> list[str]:
    """The worksheet parts, by the package's content types (a producer may put them anywhere), else by the usual
    folder."""
    names = set(archive.namelist())
    try:
        types = archive.read("[Content_Types].xml")
    except KeyError:
        types = b""
    found = [m.group(1).decode() for tag in _OVERRIDE.findall(types) if b"worksheet+xml" in tag
             and (m := _PART.search(tag))]
    return [n for n in found if n in names] or [n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")]


def needs_openpyxl(data: bytes) -> bool:
    """The file has a formula or an error cell in some worksheet (or is not a zip calamine could read)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in _worksheets(archive):
                with archive.open(name) as stream:
                    tail = b""
                    while chunk := stream.read(_SCAN_CHUNK):
                        window = tail + chunk
                        if any(marker in window for marker in _OPENPYXL_ONLY):
                            return True
                        tail = chunk[-64:]
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
        return True
    return False


def _cell(value):
    """A calamine value as openpyxl gives it (text, the commonest, does not come here)."""
    kind = type(value)
    if kind is float:
        return int(value) if value.is_integer() and -_INT_LIMIT < value < _INT_LIMIT else value
    if kind is dt.date:
        return dt.datetime(value.year, value.month, value.day)  # noqa: DTZ001 - a spreadsheet's naive date
    return value


class CalamineBook:
    reader = "calamine"

    def __init__(self, data: bytes):
        self._book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        # chart sheets have no cells; openpyxl lists them too but the importers only read worksheets
        self.sheetnames = list(self._book.sheet_names)

    def rows(self, name: str) -> Iterator[tuple]:
        # skip_empty_area=False: from A1, as openpyxl (by default calamine starts at the first cell with a value)
        cell = _cell
        for values in self._book.get_sheet_by_name(name).to_python(skip_empty_area=False):
            yield tuple(None if v == "" else v if type(v) is str else cell(v) for v in values)

    def close(self) -> None:
        self._book.close()


class OpenpyxlBook:
    reader = "openpyxl"

    def __init__(self, data: bytes):
        # data_only=False: a formula cell is read as its own text ("=…"), never the result a spreadsheet cached
        self._book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        self.sheetnames = list(self._book.sheetnames)

    def rows(self, name: str) -> Iterator[tuple]:
        return self._book[name].iter_rows(values_only=True)

    def close(self) -> None:
        self._book.close()


def open_book(data: bytes, *, reader: str = "auto") -> CalamineBook | OpenpyxlBook:
    """The workbook's sheets and rows, by calamine unless the file needs openpyxl (``reader`` forces one).
    Raises ``UnreadableWorkbook`` when it is not a workbook."""
    if reader == "calamine" or (reader == "auto" and not needs_openpyxl(data)):
        try:
            return CalamineBook(data)
        except Exception:  # noqa: BLE001, S110 - calamine's many error kinds: openpyxl gets the file and its verdict
            if reader == "calamine":
                raise
    try:
        return OpenpyxlBook(data)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file; all mean the same
        raise UnreadableWorkbook from exc
