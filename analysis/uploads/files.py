"""Opening an uploaded file safely: what it really is, whether it is too big, and its rows.

Checks run before any parsing: empty files, a format that does not match the extension,
corrupt archives, password protection, and zip bombs (by the archive's declared sizes).
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

from analysis.errors import InputProblem, UnreadableFile
from analysis.readers.workbook import ColumnRows, Sheet, read_workbook

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ACCEPTED = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


@dataclass(frozen=True)
class Limits:
    """What an upload may hold. Sizes in bytes."""

    max_bytes: int = 50 * 1024 * 1024
    max_unpacked_bytes: int = 300 * 1024 * 1024
    max_ratio: float = 200.0  # unpacked / packed, per archive member
    max_rows: int = 250_000
    max_columns: int = 400


DEFAULT_LIMITS = Limits()


def _suffix(filename: str) -> str:
    name = filename.lower()
    return name[name.rfind(".") :] if "." in name else ""


def _check_archive(data: bytes, filename: str, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if archive.testzip() is not None:
                raise UnreadableFile(f"{filename} is damaged: part of it cannot be read. Save it again and re-upload.")
    except zipfile.BadZipFile as exc:
        raise UnreadableFile(
            f"{filename} is damaged or is not really a spreadsheet (its archive cannot be opened)."
        ) from exc
    except (zlib.error, EOFError, OSError, ValueError) as exc:  # corrupt compressed data inside the archive
        raise UnreadableFile(
            f"{filename} is damaged: part of it cannot be decompressed. Save it again and re-upload."
        ) from exc
    except (RuntimeError, NotImplementedError) as exc:  # encrypted members, unknown compression
        raise UnreadableFile(f"{filename} uses encryption or compression this app cannot read.") from exc
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.max_unpacked_bytes:
        raise InputProblem(
            f"{filename} would unpack to {unpacked / 1e6:.0f} MB, more than the "
            f"{limits.max_unpacked_bytes / 1e6:.0f} MB this app reads. "
            "Split it into smaller files or remove unused sheets."
        )
    for m in members:
        if m.compress_size and m.file_size / m.compress_size > limits.max_ratio and m.file_size > 10_000_000:
            raise InputProblem(f"{filename} is packed suspiciously tightly (a possible zip bomb) and was not opened.")


def sniff_format(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """'xlsx', 'xls', 'ods' or 'csv' after checking the bytes agree with the extension."""
    suffix = _suffix(filename)
    if not data:
        raise InputProblem(f"{filename} is empty.")
    if len(data) > limits.max_bytes:
        raise InputProblem(f"{filename} is {len(data) / 1e6:.0f} MB; the limit is {limits.max_bytes / 1e6:.0f} MB.")
    if suffix not in ACCEPTED:
        raise InputProblem(f"{filename}: only .xlsx, .xls, .ods and .csv files are accepted.")
    if data.startswith(OLE_MAGIC):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            raise InputProblem(f"{filename} is password-protected. Remove the password in Excel and upload it again.")
        if suffix != ".xls":
            raise InputProblem(
                f"{filename} is an old-style Excel (.xls) file saved with a {suffix} name. "
                "Rename it to .xls or save it again as .xlsx."
            )
        return "xls"
    if data.startswith(ZIP_MAGIC):
        if suffix not in (".xlsx", ".xlsm", ".ods"):
            raise InputProblem(f"{filename} is a zipped workbook, not a {suffix} file. Check it is the right file.")
        _check_archive(data, filename, limits)
        return "ods" if suffix == ".ods" else "xlsx"
    if suffix != ".csv":
        raise InputProblem(f"{filename} is not a real {suffix} workbook (its contents do not match its name).")
    if b"\x00" in data[:4096] and _utf16(data) is None:
        raise InputProblem(f"{filename} is not a text CSV file (it contains binary data).")
    return "csv"


def _utf16(data: bytes) -> str | None:
    """'utf-16' for text with a UTF-16 byte-order mark (Excel's "Unicode text"), 'utf-16-le' or '-be'
    for text whose every other byte is zero, else None."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    head = data[:4096]
    if len(head) >= 4 and len(head) % 2 == 0:
        even, odd = head[0::2], head[1::2]
        if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "utf-16-be"
    return None


def decode_text(data: bytes) -> str:
    """UTF-16 (with a BOM or plainly so), UTF-8 (with or without BOM), else Windows-1252 (Excel on
    Windows; a superset of latin-1 for every printable character, '£' is 0xA3 in both)."""
    encoding = _utf16(data)
    if encoding:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


DELIMITERS = ",;\t|"


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines most consistently into more than one column: the most
    rows with the same number of cells, then the most cells. Comma when nothing splits."""
    sample = "\n".join(line for line in text[:50_000].splitlines()[:200] if line.strip())
    best, best_score = ",", (0, 0)
    for d in DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=d) if len(r) > 1]
        except csv.Error:
            continue
        if counts:
            width, rows = Counter(counts).most_common(1)[0]
            if (rows, width) > best_score:
                best, best_score = d, (rows, width)
    return best


def read_csv_rows(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> Sheet:
    """A CSV as one sheet of text cells, delimiter sniffed (comma, semicolon, tab, bar).

    Read column-wise by Arrow's CSV parser where it reads the file as Python's `csv` module would
    (short rows end in empty cells); any doubt (a parse error, an unplaced row) and the file is read
    by the `csv` module row by row, as before."""
    if _utf16(data) is None:  # UTF-8 as it stands (Arrow refuses anything else): no decoding to do
        body = data[3:] if data.startswith(codecs.BOM_UTF8) else data
        columns = _csv_columns(body, sniff_delimiter(body[:200_000].decode("utf-8", "ignore")[:50_000]), limits)
        if columns is not None:
            return Sheet(name=filename, rows=ColumnRows(columns))
    text = decode_text(data)
    delimiter = sniff_delimiter(text)
    columns = _csv_columns(text.encode("utf-8", "surrogatepass"), delimiter, limits)
    if columns is not None:
        return Sheet(name=filename, rows=ColumnRows(columns))
    rows: list[list] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(row)
            if len(rows) > limits.max_rows + 50:
                break
    except csv.Error as exc:
        raise UnreadableFile(f"{filename} is not a readable CSV file: {exc}.") from exc
    return Sheet(name=filename, rows=rows)


SENTINEL = "\x01end"


def _is_utf8(data: bytes) -> bool:
    """Whether the bytes are valid UTF-8 (checked by Arrow, without making a Python string)."""
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64).tobytes())
    try:
        pa.LargeBinaryArray.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)]).cast(
            pa.large_string()
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return False
    return True


class _Joined(io.RawIOBase):
    """Two byte strings read as one file, without copying the first (a large upload) to join them."""

    def __init__(self, *parts: bytes):
        self._parts = [memoryview(p) for p in parts]

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        while self._parts and not len(self._parts[0]):
            self._parts.pop(0)
        if not self._parts:
            return 0
        into = memoryview(buffer).cast("B")
        n = min(len(into), len(self._parts[0]))
        into[:n] = self._parts[0][:n]
        self._parts[0] = self._parts[0][n:]
        return n


def _csv_columns(body: bytes, delimiter: str, limits: Limits) -> list[pa.Array] | None:
    """The CSV's cells as text columns, each as long as the file has rows, or None to read it row by
    row. Rows shorter than the widest are set aside by the parser with their row number and text, read
    with the `csv` module and put back in place, padded with empty cells."""
    if not body or b"\x00" in body or body.startswith(codecs.BOM_UTF8) or not _is_utf8(body):
        return None  # Arrow would drop a second byte-order mark the `csv` module keeps
    # A last row of one sentinel cell: a quote left open at the end of the file swallows it (the
    # `csv` module keeps such a cell's line endings, Arrow does not), and the file is read row by row.
    tail = (b"" if body.endswith((b"\n", b"\r")) else b"\n") + SENTINEL.encode()
    width = None
    for _ in range(2):  # a second pass when a later row is wider than the first
        short: list[tuple[int | None, str]] = []
        widest = [0]

        def aside(row: pa_csv.InvalidRow, short: list = short, widest: list = widest) -> str:
            widest[0] = max(widest[0], row.actual_columns)
            if row.actual_columns < row.expected_columns:
                short.append((row.number, row.text))
            return "skip"

        names = [f"c{j}" for j in range(width)] if width else None
        try:
            table = pa_csv.read_csv(
                io.BufferedReader(_Joined(body, tail), buffer_size=1 << 20),
                read_options=pa_csv.ReadOptions(
                    column_names=names,
                    autogenerate_column_names=names is None,
                    use_threads=False,  # row numbers of set-aside rows are known only when read in order
                ),
                parse_options=pa_csv.ParseOptions(
                    delimiter=delimiter,
                    quote_char='"',
                    double_quote=True,
                    escape_char=False,
                    newlines_in_values=True,
                    ignore_empty_lines=False,
                    invalid_row_handler=aside,
                ),
                convert_options=pa_csv.ConvertOptions(
                    column_types=dict.fromkeys(names or [f"f{j}" for j in range(limits.max_columns + 1)], pa.string()),
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OSError, ValueError):
            return None
        if widest[0] <= table.num_columns:
            break
        if width is not None or widest[0] > limits.max_columns:
            return None
        width = widest[0]
    else:
        return None
    if not 1 < table.num_columns <= limits.max_columns or any(t != pa.string() for t in table.schema.types):
        return None  # one column: an empty line is [] to the `csv` module, [''] here
    if not short or short[-1][1] != SENTINEL or short[-1][0] != table.num_rows + len(short):
        return None
    short.pop()
    columns = [c.combine_chunks() for c in table.columns]
    if short:
        put_back = _put_back(columns, short, delimiter, table.num_rows)
        if put_back is None:
            return None
        columns = put_back
    keep = limits.max_rows + 51  # as the row-by-row read: enough to say the file has too many rows
    return [c.slice(0, keep) for c in columns]


def _put_back(
    columns: list[pa.Array], short: list[tuple[int | None, str]], delimiter: str, parsed: int
) -> list[pa.Array] | None:
    """The columns with the short rows (1-based row numbers) put back in place, padded."""
    width, total = len(columns), parsed + len(short)
    where, cells = [], []
    for number, line in short:
        if number is None or not 1 <= number <= total:
            return None
        rows = list(csv.reader(io.StringIO(line, newline=""), delimiter=delimiter))
        if len(rows) != 1 or len(rows[0]) >= width:
            return None
        where.append(number - 1)
        cells.append(rows[0] + [""] * (width - len(rows[0])))
    if len(set(where)) != len(where) or len(where) + parsed != total:
        return None
    is_short = np.zeros(total, dtype=bool)
    is_short[where] = True
    order = np.empty(total, dtype=np.int64)  # row k of the file is row order[k] of (parsed rows, short rows)
    order[~is_short] = np.arange(parsed)
    order[where] = parsed + np.arange(len(where))
    indices = pa.array(order, type=pa.int64())
    out = []
    for j, column in enumerate(columns):
        extra = pa.array([c[j] for c in cells], type=pa.string())
        out.append(pa.concat_arrays([column, extra]).take(indices))
    return out


def read_upload(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> list[Sheet]:
    """The sheets of an uploaded file (hidden ones flagged), after every safety check."""
    kind = sniff_format(data, filename, limits)
    sheets = (
        [read_csv_rows(data, filename, limits)]
        if kind == "csv"
        else read_workbook(data, filename, limits.max_rows, limits.max_columns)
    )
    visible = [s for s in sheets if not s.hidden]
    if not visible or all(not any(str(c).strip() for row in s.rows for c in row) for s in visible):
        raise InputProblem(f"{filename} has no data in any visible sheet.")
    for s in visible:
        if len(s.rows) > limits.max_rows:
            raise InputProblem(
                f"{filename}, sheet '{s.name}': more than {limits.max_rows:,} rows. "
                "Split the file or remove empty rows."
            )
        width = len(s.rows.columns) if isinstance(s.rows, ColumnRows) else max(map(len, s.rows), default=0)
        if width > limits.max_columns:
            raise InputProblem(f"{filename}, sheet '{s.name}': more than {limits.max_columns} columns.")
    return sheets
