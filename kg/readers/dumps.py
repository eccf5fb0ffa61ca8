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
from dataclasses import replace
from pathlib import Path

from ..article import Article, ArticleError, Provenance, article_from_html, article_from_text, input_bytes, outlet_of
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


def read_dump(path: Path | str, reading) -> list[Article | ArticleError]:
    """The records of the dump at ``path`` as articles, in file order; a record that cannot be read is an
    ``ArticleError`` in the list with its line. ``reading`` (``readers.Reading``) gives the field names,
    the outlet zones and the fallback ``published``.

    Raises ``ArticleError`` naming the file when it cannot be read or decoded, or holds no record.
    """
    path = Path(path)
    raw = input_bytes(path)
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ArticleError(path, f"not UTF-8 (byte {e.start})", raw[: e.start].count(b"\n") + 1) from e
    records = _jsonl_records(content) if path.suffix.lower() in JSONL_SUFFIXES else _csv_records(content, path)
    out: list[Article | ArticleError] = []
    for line, record, source_text in records:
        if isinstance(record, str):  # the reason a line is no record
            out.append(ArticleError(path, record, line))
            continue
        try:
            out.append(record_article(record, path, line, source_text, reading))
        except ArticleError as e:
            out.append(ArticleError(path, e.reason, line))
    if not out:
        raise ArticleError(path, "the dump holds no record")
    return out


def _jsonl_records(content: str):
    """``(line, record or reason, text)`` for each non-blank line of a JSON-lines text."""
    for line, text in enumerate(content.splitlines(), start=1):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as e:
            yield line, f"not JSON: {e.msg} (column {e.colno})", text
            continue
        yield line, record if isinstance(record, dict) else "not a JSON object", text


def _csv_records(content: str, path: Path):
    """``(line, record or reason, text)`` for each row of a CSV (or, for ``.tsv``, tab-separated) text
    with a header row; ``line`` is where the row starts."""
    reader = csv.reader(io.StringIO(content, newline=""), delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            yield start, f"not CSV: {e}", ""
            start = reader.line_num + 1
            continue
        if any(cell.strip() for cell in row):
            if len(row) != len(header):
                yield start, f"{len(row)} columns, the header has {len(header)}", ""
            else:
                yield start, dict(zip(header, row, strict=True)), "\x1f".join(row)
        start = reader.line_num + 1


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


def record_article(record: dict, path: Path, line: int, source_text: str, reading) -> Article:
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
