"""RSS and Atom feeds as article sources, read with feedparser.

Each entry becomes one ``Article``: its link is the URL, its title the headline, its full content
(``content:encoded``, Atom ``content``) or, failing that, its summary the HTML body (the article then
says ``summary_only``), and its published (or updated) time the publication time, read as the feed
states it (``readers.published``: a time without a zone in the outlet's zone, else UTC).
"""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from .article import Article, ArticleError, Provenance, article_from_html, outlet_of

_FEED_START = (b"<?xml", b"<rss", b"<feed", b"<rdf:RDF")


def is_feed(path: Path) -> bool:
    """Whether the file at ``path`` is an RSS/Atom document (it starts with an XML declaration or a feed
    element, after an optional byte-order mark and white space), rather than an article file."""
    try:
        with open(path, "rb") as f:
            head = f.read(512)
    except OSError:
        return False
    return looks_like_feed(head)


def looks_like_feed(head: bytes) -> bool:
    """Whether bytes start like an RSS/Atom document (see ``is_feed``)."""
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(_FEED_START)


def read_feed(source: Path | str, reading, data: bytes | None = None) -> list[Article | ArticleError]:
    """The entries of the feed at ``source`` (a file, or the URL ``data`` was fetched from) as articles.

    ``reading`` (``readers.Reading``) gives the outlet zones and the fallback ``published``. An entry
    with neither content nor summary, or with no date when ``reading.published`` is ``None``, is an
    ``ArticleError`` in the list, naming the feed and the entry (its number, title or link). Raises
    ``ArticleError`` naming the source when it is not a readable feed or holds no entry.
    """
    import feedparser

    label = str(source)
    try:
        parsed = feedparser.parse(data if data is not None else Path(source).read_bytes())
    except OSError as e:
        raise ArticleError(label, f"cannot read: {e.strerror or e}") from e
    if parsed.bozo and not parsed.entries:
        raise ArticleError(label, f"not a readable feed: {parsed.get('bozo_exception', 'unknown error')}")
    if not parsed.entries:
        raise ArticleError(label, "the feed holds no entry")
    return [_entry_article(entry, i, label, reading) for i, entry in enumerate(parsed.entries, start=1)]


def _entry_article(entry, number: int, label: str, reading) -> Article | ArticleError:
    from .readers.published import in_zone, published_time

    title, url = " ".join(entry.get("title", "").split()), entry.get("link", "")
    name = f"entry {number} ({title or url or 'untitled'})"
    full = entry.content[0].value if entry.get("content") else ""
    body = full or entry.get("summary", "")
    if not body.strip():
        return ArticleError(label, f"{name}: neither content nor summary")
    host = outlet_of(url)
    given = False
    raw_time = entry.get("published") or entry.get("updated")
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        when = published_time(raw_time, host, reading.zones)
    except (ValueError, TypeError, OverflowError):
        if stamp is not None:  # a form feedparser reads and we do not: its reading, in UTC
            when = in_zone(datetime.fromtimestamp(calendar.timegm(stamp), tz=timezone.utc), host, reading.zones)
        elif reading.published is not None:
            when, given = in_zone(reading.published, host, reading.zones), True
        else:
            return ArticleError(label, f"{name}: no publication time (give one with --published)")
    try:
        article = article_from_html(body, when.utc, url, title, f"{label}#{number}")
    except ArticleError as e:
        return ArticleError(label, f"{name}: {e.reason}")
    return replace(article, provenance=Provenance(reader="feed", line=number, time_zone=when.zone,
                                                  time_zone_basis=when.basis, time_given=given,
                                                  summary_only=not full))
