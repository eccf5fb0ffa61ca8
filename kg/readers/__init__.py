"""Readers: every kind of input a build takes, each made into ``Article``\\ s.

| input | reader | module |
|---|---|---|
| one article a file (``<!--ms-->`` / ``[title](url)`` / ``------`` / HTML) | ``seed`` | ``kg.article`` |
| RSS/Atom feed file or URL | ``feed`` | ``kg.feeds`` |
| saved web page (``.html``, ``.htm``) or page URL | ``page`` | ``kg.readers.pages`` |
| JSON lines or CSV dump, one article a record | ``dump`` | ``kg.readers.dumps`` |

``read_source`` picks the reader by the file's name and first bytes and returns the articles with, in
the same list, an ``ArticleError`` for each record or entry that could not be read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..article import Article, ArticleError, read_article
from ..feeds import is_feed, looks_like_feed, read_feed
from .dumps import is_dump, read_dump
from .pages import is_page, read_page
from .published import OutletZones

_PAGE_START = (b"<!doctype html", b"<html")
_SEED_START = re.compile(rb"<!--\s*\d{9,14}\s*-->")
FETCH_TIMEOUT = 30  # seconds, for a URL named as an input


@dataclass
class Reading:
    """How inputs are read. ``published``: the publication time for a page, record or entry that states
    none (``None``: such an input is skipped with its reason; naive: read in the outlet's zone, else UTC).
    ``fields``: dump field names by our name (``parse_fields``). ``zones``: outlet host -> time zone."""

    published: datetime | None = None
    fields: dict[str, str] = field(default_factory=dict)
    zones: OutletZones = field(default_factory=OutletZones)


def _looks_like_page(path: Path) -> bool:
    """Whether a file not named as a page is one: it does not start with the seed format's time stamp and
    opens an ``<html`` or ``<!DOCTYPE html`` element in its first kilobyte (after any leading comment)."""
    try:
        with open(path, "rb") as f:
            head = f.read(1024)
    except OSError:
        return False
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    return not _SEED_START.match(head) and any(mark in head for mark in _PAGE_START)


def read_source(source: Path | str, reading: Reading) -> list[Article | ArticleError]:
    """The articles of one input: a URL (``http(s)://``: a feed or a page, by what it sends), a feed file,
    a page (by suffix or an ``<html``/``<!DOCTYPE html`` start), a dump (by suffix), or else an article file
    in the seed format. Raises ``ArticleError`` naming the source when it cannot be read at all."""
    if isinstance(source, str):
        return read_url(source, reading)
    if is_feed(source):
        return read_feed(source, reading)
    if is_dump(source):
        return read_dump(source, reading)
    if is_page(source) or _looks_like_page(source):
        return [read_page(source, reading)]
    return [read_article(source)]


def read_url(url: str, reading: Reading) -> list[Article | ArticleError]:
    """Fetch ``url`` once and read it as a feed or, otherwise, as a web page.

    Raises ``ArticleError`` naming the URL when it cannot be fetched (no network, an HTTP error).
    """
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "kg (a news reader)"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            data = response.read()
    except (urllib.error.URLError, OSError, ValueError) as e:
        raise ArticleError(url, f"cannot fetch: {getattr(e, 'reason', None) or e}") from e
    if looks_like_feed(data[:512]):
        return read_feed(url, reading, data)
    name = Path(url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or "page.html")
    try:
        return [read_page(name, reading, raw=data, url=url)]
    except ArticleError as e:
        raise ArticleError(url, e.reason) from e
