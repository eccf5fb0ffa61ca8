"""Article dumps: JSON lines (``.jsonl``, ``.ndjson``) and CSV (``.csv``, ``.tsv``) files, one article a record.

A record has a ``title``, a ``url``, a ``published`` time and a ``text`` (plain, paragraphs on lines) or
``html`` body; ``Reading.fields`` renames them (``{"title": "headline", "url": "link"}``), and in JSON a
dotted name reads inside objects (``source.url``). Each record is read on its own: a bad one is an
``ArticleError`` naming the file and its line, and the others are read.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ..article import (Article, ArticleError, Provenance, article_from_html, article_from_text, likely_encoding,
                       outlet_of, wide_encoding)
from .published import in_zone, published_time

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")
CSV_SUFFIXES = (".csv", ".tsv")
FIELDS = ("title", "url", "published", "text", "html")


def is_dump(path: Path) -> bool:
    """Whether ``path`` names an article dump by its suffix."""
    return path.suffix.lower() in JSONL_SUFFIXES + CSV_SUFFIXES


def parse_fields(spec: str) -> dict[str, str]:
    """``"title=headline,url=link"`` -> ``{"title": "headline", "url": "link"}``.

    Raises ``ValueError`` for a pair without ``=`` or a name not in ``FIELDS``.
    """
    mapping = {}
    for pair in filter(None, (p.strip() for p in spec.split(","))):
        ours, sep, theirs = pair.partition("=")
        if not sep or not theirs.strip():
            raise ValueError(f"{pair!r} is not FIELD=NAME")
        if ours.strip() not in FIELDS:
            raise ValueError(f"{ours.strip()!r} is not one of {', '.join(FIELDS)}")
        mapping[ours.strip()] = theirs.strip()
    return mapping


@dataclass(frozen=True)
class Record:
    """One record of a dump as the file holds it: ``line`` where it starts (1-based), ``fields`` (the JSON
    object, or the CSV row by its header's names) or ``None`` when the record cannot be read, ``reason``
    why not (``None`` for a readable record), ``size`` its bytes in the file."""

    line: int
    fields: dict | None
    reason: str | None = None
    size: int = 0


# How much of a dump is read to decide whether it is UTF-8 text at all (a GBK or UTF-16 file is refused
# whole, not line by line).
_SNIFF_BYTES = 65536
_SURROGATE = re.compile("[\udc80-\udcff]")  # a byte that is not UTF-8, read with surrogateescape


def iter_records(path: Path | str, max_bytes: int | None = None) -> Iterator[Record]:
    """The records of the dump at ``path``, in file order, read one at a time: a dump of any size is never
    held in memory, only the record being read (of a line longer than ``max_bytes``, no more than that). A
    record that cannot be read (not JSON, not an object, a CSV row of the wrong width, bytes that are not
    UTF-8) or is larger than ``max_bytes`` bytes (``None``: any size) comes with its ``reason``.

    Raises ``ArticleError`` naming the file (and the line) when it cannot be read, is empty, is not UTF-8
    text (UTF-16, GBK: found in its first 64 KiB), or holds no record.
    """
    path = Path(path)
    try:
        with open(path, "rb") as f:
            _check_utf8(path, f.read(_SNIFF_BYTES))
            f.seek(0)
            lines = _Lines(io.TextIOWrapper(f, encoding="utf-8-sig", errors="surrogateescape", newline=""), max_bytes)
            if path.suffix.lower() in JSONL_SUFFIXES:
                records = _jsonl_records(lines)
            else:
                records = _csv_records(lines, "\t" if path.suffix.lower() == ".tsv" else ",")
            found = False
            for record in records:
                found = True
                yield record
    except OSError as e:
        raise ArticleError(path, f"cannot read: {e.strerror or e}") from e
    if not found:
        raise ArticleError(path, "the dump holds no record" if lines.content else "empty file")


def _check_utf8(path: Path, head: bytes) -> None:
    """Raise ``ArticleError`` when the first bytes of a dump show it is in another encoding than UTF-8: a
    UTF-16 or UTF-32 file, or one whose lines with other bytes than ASCII mostly do not decode (two at
    least), with the likely encoding named. A stray line that does not decode is its record's fault, not
    the file's (``iter_records`` says so by its line)."""
    wide = wide_encoding(head)
    if wide:
        raise ArticleError(path, f"encoded in {wide}, not UTF-8: convert it (iconv -f {wide.split()[0]} -t UTF-8)")
    whole = head if len(head) < _SNIFF_BYTES else head[: head.rfind(b"\n") + 1]
    failed, other, first = 0, 0, None
    offset = 0
    for number, line in enumerate(whole.splitlines(keepends=True), start=1):
        if not line.isascii():
            other += 1
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as e:
                failed += 1
                first = first or (number, offset + e.start)
        offset += len(line)
    if first and failed >= 2 and failed * 2 >= other:
        raise ArticleError(path, f"not UTF-8 (byte {first[1]}){likely_encoding(head)}", first[0])


class _Lines:
    """The lines of a dump's text (``\\n``, ``\\r\\n`` or ``\\r`` ends them, kept), counted: ``number`` is
    the last line read, ``size`` the bytes read so far, ``content`` whether any was not blank. A byte that
    is not UTF-8 is kept as a lone surrogate (``surrogateescape``). With ``max_bytes``, a line longer
    than that is not kept whole: it comes back cut (``faults`` says so)."""

    def __init__(self, text, max_bytes: int | None):
        self.text, self.max_bytes = text, max_bytes
        self.number = self.size = 0
        self.content = False
        self.overlong: tuple[int, int] | None = None  # (line, bytes) of a line longer than max_bytes
        self.not_utf8: int | None = None  # the file byte of the first one that is not UTF-8

    def __iter__(self):
        return self

    def __next__(self) -> str:
        limit = -1 if self.max_bytes is None else self.max_bytes + 1
        line = self.text.readline(limit)
        if not line:
            raise StopIteration
        self.number += 1
        size = _byte_len(line)
        bad = _SURROGATE.search(line)
        if bad and self.not_utf8 is None:
            self.not_utf8 = self.size + _byte_len(line[: bad.start()])
        if self.max_bytes is not None and size > self.max_bytes and not line.endswith(("\n", "\r")):
            size += self._skip_rest()
            self.overlong = (self.number, size)
        self.size += size
        self.content = self.content or bool(line.strip())
        return line

    def faults(self, line: int, size: int) -> str | None:
        """Why the record of ``size`` bytes that starts at ``line`` and ends at the last line read is not
        read (larger than ``max_bytes``, a byte that is not UTF-8), or ``None``; forgets the faults seen."""
        overlong, bad = self.overlong, self.not_utf8
        self.overlong = self.not_utf8 = None
        if overlong is not None and overlong[0] >= line:
            size = max(size, overlong[1])
        if self.max_bytes is not None and size > self.max_bytes:
            return f"not read: {size:,} bytes, more than the limit of {self.max_bytes:,} (--max-bytes)"
        return None if bad is None else f"not UTF-8 (byte {bad})"

    def _skip_rest(self) -> int:
        """Read past the rest of an overlong line, keeping nothing; its bytes."""
        skipped = 0
        while True:
            chunk = self.text.readline(1 << 20)
            skipped += _byte_len(chunk)
            if not chunk or chunk.endswith(("\n", "\r")):
                return skipped


def _byte_len(text: str) -> int:
    """The bytes of ``text`` (read with ``surrogateescape``) in the file."""
    return len(text.encode("utf-8", "surrogateescape"))


def _jsonl_records(lines: _Lines) -> Iterator[Record]:
    """A ``Record`` for each non-blank line of a JSON-lines text."""
    for text in lines:
        line, size = lines.number, _byte_len(text)
        reason = lines.faults(line, size)
        if reason:
            yield Record(line, None, reason, size)
            continue
        if not text.strip():
            continue
        try:
            value = json.loads(text.rstrip("\r\n"))
        except json.JSONDecodeError as e:
            yield Record(line, None, f"not JSON: {e.msg} (column {e.colno})", size)
            continue
        if isinstance(value, dict):
            yield Record(line, value, None, size)
        else:
            yield Record(line, None, "not a JSON object", size)


def _csv_records(lines: _Lines, delimiter: str) -> Iterator[Record]:
    """A ``Record`` for each row of a CSV (or tab-separated) text with a header row; ``line`` is where the
    row starts."""
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return
    lines.faults(1, 0)
    line, start = lines.number + 1, lines.size
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            lines.faults(line, 0)
            yield Record(line, None, f"not CSV: {e}", lines.size - start)
            line, start = lines.number + 1, lines.size
            continue
        size = lines.size - start
        reason = lines.faults(line, size)
        if reason:
            yield Record(line, None, reason, size)
        elif any(cell.strip() for cell in row):
            if len(row) != len(header):
                yield Record(line, None, f"{len(row)} columns, the header has {len(header)}", size)
            else:
                yield Record(line, dict(zip(header, row, strict=True)), None, size)
        line, start = lines.number + 1, lines.size


def read_record(record: Record, path: Path, reading) -> Article:
    """The article of one dump record (see ``record_article``). Raises ``ArticleError`` naming the file
    and the record's line when the record cannot be read or makes no article."""
    if record.fields is None:
        raise ArticleError(path, record.reason or "not a record", record.line)
    try:
        return record_article(record.fields, path, record.line, reading)
    except ArticleError as e:
        raise ArticleError(path, e.reason, record.line) from e


def read_dump(path: Path | str, reading, max_bytes: int | None = None) -> list[Article | ArticleError]:
    """The records of the dump at ``path`` as articles, in file order; a record that cannot be read is an
    ``ArticleError`` in the list with its line. ``reading`` (``readers.Reading``) gives the field names,
    the outlet zones and the fallback ``published``. The build reads a dump record by record instead
    (``iter_records``, ``read_record``), in as many processes as it has.

    Raises ``ArticleError`` naming the file when it cannot be read or decoded, or holds no record.
    """
    path = Path(path)
    out: list[Article | ArticleError] = []
    for record in iter_records(path, max_bytes):
        try:
            out.append(read_record(record, path, reading))
        except ArticleError as e:
            out.append(e)
    return out


def _field(record: dict, name: str):
    """The value at ``name`` in ``record`` (a dotted name reads inside nested objects); ``None`` if absent."""
    if name in record:
        return record[name]
    value = record
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def record_article(record: dict, path: Path, line: int, reading) -> Article:
    """One dump record as an ``Article`` (``reader`` ``dump``, ``line`` its line).

    Raises ``ArticleError`` (without the line: the caller adds it) when the record has no body or no
    readable publication time (and ``reading.published`` is ``None``).
    """
    names = {f: reading.fields.get(f, f) for f in FIELDS}
    get = {f: _field(record, n) for f, n in names.items()}
    url = str(get["url"] or "").strip()
    title = " ".join(str(get["title"] or "").split())
    host = outlet_of(url)
    given = False
    if get["published"] in (None, ""):
        if reading.published is None:
            raise ArticleError(path, f"no {names['published']!r} field (the publication time; or give --published)")
        when, given = in_zone(reading.published, host, reading.zones), True
    else:
        try:
            when = published_time(get["published"], host, reading.zones)
        except (ValueError, TypeError, OverflowError) as e:
            raise ArticleError(path, f"{names['published']!r}: {e}") from e
    if isinstance(get["html"], str) and get["html"].strip():
        article = article_from_html(get["html"], when.utc, url, title, path)
    elif isinstance(get["text"], str) and get["text"].strip():
        article = article_from_text(get["text"], when.utc, url, title, path)
    else:
        raise ArticleError(path, f"no {names['text']!r} or {names['html']!r} field with the body")
    return replace(article, provenance=Provenance(reader="dump", line=line, time_zone=when.zone,
                                                  time_zone_basis=when.basis, time_given=given))
