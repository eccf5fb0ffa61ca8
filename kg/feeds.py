"""RSS and Atom feeds as article sources, read with feedparser.

Each entry becomes one ``Article``: its link is the URL, its title the headline, its full content (or,
failing that, its summary) the HTML body, and its published (or updated) time the publication time.
"""

from __future__ import annotations

import calendar
from datetime import datetime, timezone
from pathlib import Path

from .article import Article, ArticleError, article_from_html

_FEED_START = (b"<?xml", b"<rss", b"<feed", b"<rdf:RDF")


def is_feed(path: Path) -> bool:
    """Whether the file at ``path`` is an RSS/Atom document (it starts with an XML declaration or a feed
    element, after an optional byte-order mark and white space), rather than an article file."""
    try:
        with open(path, "rb") as f:
            head = f.read(512)
    except OSError:
        return False
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return head.startswith(_FEED_START)


def read_feed(source: Path | str) -> list[Article]:
    """The entries of the feed at ``source`` (a file, or an ``http(s)://`` URL feedparser fetches) as articles.

    Entries with no body text or no date are left out. Raises ``ArticleError`` naming the source when it
    is not a feed or holds no usable entry.
    """
    import feedparser

    label = str(source)
    parsed = feedparser.parse(str(source) if isinstance(source, str) else Path(source).read_bytes())
    if parsed.bozo and not parsed.entries:
        raise ArticleError(label, f"not a readable feed: {parsed.get('bozo_exception', 'unknown error')}")
    articles = []
    for i, entry in enumerate(parsed.entries, start=1):
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        body = entry.content[0].value if entry.get("content") else entry.get("summary", "")
        if stamp is None or not body:
            continue
        published = datetime.fromtimestamp(calendar.timegm(stamp), tz=timezone.utc)
        url = entry.get("link", "")
        try:
            articles.append(article_from_html(body, published, url, entry.get("title", ""), f"{label}#{i}"))
        except ArticleError:
            continue
    if not articles:
        raise ArticleError(label, "the feed holds no entry with a date and body text")
    return articles
