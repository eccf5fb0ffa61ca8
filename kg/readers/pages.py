"""Saved web pages (``.html``/``.htm``) as articles: main text with trafilatura, time with htmldate.

A page's bytes are decoded by their byte-order mark, else as UTF-8 when they are valid UTF-8, else by
the page's declared charset (read as the WHATWG Encoding Standard reads it: ``gb2312`` as GB18030,
``big5`` as Big5-HKSCS), else by detection (BeautifulSoup's ``UnicodeDammit``, with charset-normalizer).
trafilatura takes the article text (boilerplate, navigation, comments and related-article lists left
out), the title, the canonical URL (``<link rel=canonical>``, ``og:url``) and the site name; htmldate
(through the same parse) the publication time from the page's metadata (``article:published_time``,
JSON-LD ``datePublished``, ``<time>``...), then from its text and its URL's date.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from ..article import Article, ArticleError, Provenance, article_from_text, outlet_of
from .published import in_zone

PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
# What a browser's "save page" writes at the top: <!-- saved from url=(0047)https://... -->
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)
# Labels the WHATWG Encoding Standard decodes with a superset codec (what browsers do).
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def is_page(path: Path) -> bool:
    """Whether ``path`` names a web page by its suffix (``PAGE_SUFFIXES``)."""
    return path.suffix.lower() in PAGE_SUFFIXES


def decode_page(raw: bytes) -> tuple[str, str]:
    """``(text, encoding)`` of a page's bytes (see the module's docstring for the order).

    Raises ``ValueError`` when no encoding decodes them.
    """
    from bs4.dammit import EncodingDetector, UnicodeDammit

    declared = EncodingDetector.find_declared_encoding(raw, is_html=True, search_entire_document=False)
    known = ["utf-8"]
    if declared:
        known.append(_SUPERSET.get(declared.lower(), declared.lower()))
    dammit = UnicodeDammit(raw, known_definite_encodings=known, is_html=True)
    if dammit.unicode_markup is None:
        raise ValueError("no encoding decodes the page")
    return dammit.unicode_markup, dammit.original_encoding or "utf-8"


def page_time(tree, url: str) -> datetime | None:
    """The page's publication time with htmldate: from its metadata first; when that gives no time of
    day (or nothing), from an extensive search of the page (its text, its URL's date), which is taken when
    it finds the same day with a time, or when the metadata found nothing. Naive when the page states no
    zone; ``None`` when the page holds no date."""
    from htmldate import find_date

    def find(**options):
        found = find_date(tree, outputformat=_TIME_FORMAT, original_date=True, **options)
        return datetime.fromisoformat(found) if found else None

    stated = find(extensive_search=False)
    if stated is not None and (stated.tzinfo is not None or stated.time() != datetime.min.time()):
        return stated
    searched = find(extensive_search=True, url=url or None)
    if stated is None or (searched is not None and searched.date() == stated.date()):
        return searched
    return stated


def read_page(path: Path | str, reading, raw: bytes | None = None, url: str = "") -> Article:
    """An ``Article`` from the saved page at ``path`` (or its bytes ``raw``, fetched from ``url``).

    ``reading`` (``readers.Reading``) gives the outlet zones and a fallback ``published``. The URL is the
    page's canonical one, else ``url``, else the browser's "saved from" note; the outlet is the URL's host,
    else the page's site name. Raises ``ArticleError`` naming the file when it cannot be read or decoded,
    holds no article text, or has no publication time and ``reading.published`` is ``None``.
    """
    import trafilatura
    from trafilatura.utils import load_html

    path = Path(path)
    try:
        raw = path.read_bytes() if raw is None else raw
    except OSError as e:
        raise ArticleError(path, f"cannot read: {e.strerror or e}") from e
    if not raw.strip():
        raise ArticleError(path, "empty file")
    try:
        markup, _ = decode_page(raw)
    except ValueError as e:
        raise ArticleError(path, str(e)) from e
    saved = _SAVED_FROM.search(raw[:2048])
    hint = url or (saved.group(1).decode("ascii", "replace") if saved else "")
    tree = load_html(markup)
    if tree is None:
        raise ArticleError(path, "not an HTML page")
    # deduplicate=False: trafilatura's deduplication remembers text across calls (a process-wide cache),
    # so the same page read twice would lose its text the second time.
    doc = trafilatura.bare_extraction(tree, url=hint or None, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True, deduplicate=False)
    text = (doc.text or "") if doc is not None else ""
    if not text.strip():
        raise ArticleError(path, "no article text found in the page")
    page_url = (doc.url or hint or "").strip()
    outlet = outlet_of(page_url) or (doc.sitename or "").strip()
    found = page_time(load_html(markup), page_url)
    given = found is None
    if given:
        if reading.published is None:
            raise ArticleError(path, "no publication time in the page (give one with --published)")
        found = reading.published
    when = in_zone(found, outlet_of(page_url), reading.zones)
    article = article_from_text(text, when.utc, page_url, (doc.title or "").strip(), path)
    return replace(article, outlet=outlet,
                   provenance=Provenance(reader="page", time_zone=when.zone, time_zone_basis=when.basis,
                                         time_given=given))
