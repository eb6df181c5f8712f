# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The performance import read as a stream of checked chunks (the bulk import's input)."""

import datetime
import tracemalloc

from hypothesis import given, settings
from hypothesis import strategies as st

from servicecheque_prestations.tools import csvio
from servicecheque_prestations.tools.csvio import PerformanceStream, RowError

D = datetime.date
TODAY = D(2025, 6, 15)
HEADER = "Gebruikersnummer;Werknemer;Datum;Activiteit;Uren"
NUMBERS = ["123456789012", "123456789013", "000000000001", "12345678901", ""]
WORKERS = ["W01", "W02", "W99", "", "=W01"]
DATES = ["14/06/2025", "2025-06-13", "01/06/2025", "16/06/2025", "2024-01-01", "31/02/2025", ""]
ACTIVITIES = ["1", "2", "4", "7", "", "x"]
HOURS = ["1", "4", "9", "0", "10", "2,5", "04", ""]

row_strategy = st.tuples(
    st.sampled_from(NUMBERS),
    st.sampled_from(WORKERS),
    st.sampled_from(DATES),
    st.sampled_from(ACTIVITIES),
    st.sampled_from(HOURS),
    st.sampled_from(["", "", "", ";extra"]),
)


def _file(rows):
    lines = [HEADER] + [";".join(row[:5]) + row[5] for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode()


def _stream(data, **kw):
    kw.setdefault("known_workers", {"W01", "W02"})
    kw.setdefault("known_user_numbers", {"123456789012"})
    return PerformanceStream(data, "f.csv", TODAY, **kw)


def _collect(stream, size, existing=frozenset()):
    accepted, rejected, calls = [], [], []

    def lookup(keys):
        calls.append(list(keys))
        return {key for key in keys if key in existing}

    for chunk_accepted, chunk_rejected in stream.chunks(size, existing=lookup):
        accepted.extend(chunk_accepted)
        rejected.extend(chunk_rejected)
    return accepted, rejected, calls


@settings(max_examples=150, deadline=None)
@given(st.lists(row_strategy, max_size=40), st.integers(min_value=1, max_value=12))
def test_chunk_size_changes_nothing(rows, size):
    """Any chunk size gives the rows and errors of the whole file read at once."""
    data = _file(rows)
    existing = {csvio.performance_key("123456789013", "W02", D(2025, 6, 14), 2)}
    whole = csvio.parse_performances(
        data,
        "f.csv",
        TODAY,
        existing_keys=existing,
        known_workers={"W01", "W02"},
        known_user_numbers={"123456789012"},
    )
    accepted, rejected, __ = _collect(_stream(data), size, existing)
    assert tuple(accepted) == whole.accepted
    assert tuple(rejected) == whole.rejected
    rows_in_file = [row for row in rows if any(row[:5]) or row[5]]
    assert len(accepted) + len(rejected) == len(rows_in_file)


@settings(max_examples=100, deadline=None)
@given(st.lists(row_strategy, max_size=40))
def test_remembered_values_give_the_checks_of_a_first_reading(rows):
    """The look-ups of values already found valid (the fast path) decide as the full
    check does: the same file read with (almost) no memory of values agrees."""
    data = _file(rows)
    normal = _collect(_stream(data), 7)[:2]
    forgetful = _stream(data)
    forgetful.CACHE_LIMIT = 1
    assert _collect(forgetful, 7)[:2] == normal


def test_existing_is_asked_once_per_chunk_for_new_keys_only():
    rows = [
        ("123456789012", "W01", "14/06/2025", "1", "4", ""),
        ("123456789012", "W01", "14/06/2025", "1", "2", ""),  # same key: not asked again
        ("123456789012", "W01", "13/06/2025", "1", "4", ""),
        ("123456789012", "W02", "13/06/2025", "1", "4", ""),
        ("123456789012", "W02", "13/06/2025", "1", "x", ""),  # invalid: never asked
    ]
    stored = csvio.performance_key("123456789012", "W01", D(2025, 6, 13), 1)
    accepted, rejected, calls = _collect(_stream(_file(rows)), 3, {stored})
    assert [len(keys) for keys in calls] == [2, 1]
    assert [row.row_number for row in accepted] == [2, 5]
    assert {row.row_number: row.errors[0].code for row in rejected} == {
        3: "duplicate_in_file",
        4: "duplicate_existing",
        6: "invalid",
    }


def test_a_stored_key_stays_a_stored_duplicate_later_in_the_file():
    rows = [("123456789012", "W01", "14/06/2025", "1", "4", "")] * 3
    stored = csvio.performance_key("123456789012", "W01", D(2025, 6, 14), 1)
    __, rejected, __ = _collect(_stream(_file(rows)), 1, {stored})
    assert [row.errors for row in rejected] == [(RowError("duplicate_existing", None, stored),)] * 3


def test_inactive_user_number_is_refused_naming_the_field():
    rows = [("123456789013", "W01", "14/06/2025", "1", "4", "")]
    accepted, rejected, __ = _collect(
        _stream(_file(rows), inactive_user_numbers={"123456789013"}), 10
    )
    assert accepted == []
    assert rejected[0].errors == (RowError("inactive", "user_number", "123456789013"),)


def test_file_errors_and_header_only():
    assert _stream(b"").file_errors == (csvio.FileError("empty_file"),)
    stream = _stream((HEADER + "\r\n").encode())
    assert stream.ok
    assert list(stream.chunks(10)) == []
    assert stream.file_errors == (csvio.FileError("no_data_rows"),)


def test_rows_are_read_as_chunks_are_asked_for():
    """The file is not read ahead: after one chunk, one chunk's rows were read."""
    rows = [
        ("123456789012", "W01", f"{1 + i % 14:02d}/06/2025", str(1 + i % 4), "4", "")
        for i in range(50)
    ]
    data = _file(rows)
    stream = _stream(data)
    chunks = stream.chunks(10)
    next(chunks)
    assert (stream.row_count, stream.last_row) == (10, 11)


def _peak(function):
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_follows_a_chunk_not_the_file():
    """100,000 rows, 7,000 distinct keys (the rest repeat them): the stream holds one
    chunk and one entry per key at a time, the whole-file result every row."""
    lines = [HEADER]
    for i in range(100_000):
        lines.append(f"{100000000000 + i % 500:012d};W01;{1 + (i // 500) % 14:02d}/06/2025;1;4")
    data = "\n".join(lines).encode()
    del lines
    counted = []

    def stream():
        rows = 0
        for accepted, rejected in _stream(data, known_user_numbers=None).chunks(
            2000, existing=lambda keys: set()
        ):
            rows += len(accepted) + len(rejected)
        counted.append(rows)

    def whole():
        result = csvio.parse_performances(data, "f.csv", TODAY, known_workers={"W01"})
        counted.append(len(result.accepted) + len(result.rejected))

    streamed, parsed = _peak(stream), _peak(whole)
    assert counted == [100_000, 100_000]
    assert streamed * 4 < parsed, (streamed, parsed)


def test_an_unreadable_line_late_in_the_file_stops_it_before_any_chunk():
    """A line the csv reader cannot read (here a quote never closed, which swallows the
    rest of the file into one value over the reader's limit) is found before the first
    chunk is handed out: no chunk of a file that fails is ever written."""
    good = [("123456789012", "W01", "02/06/2025", "1", "4", "")] * 30
    data = _file(good) + b'123456789012;W01;03/06/2025;1;"4' + b"x" * 200_000 + b"\r\n"
    stream = _stream(data)
    assert [e.code for e in stream.file_errors] == ["unreadable_csv"]
    assert stream.file_errors[0].detail > 30
    assert list(stream.chunks(10)) == []
    assert csvio.parse_performances(data, "f.csv", TODAY).file_errors == stream.file_errors
