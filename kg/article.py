"""Reading one article file into an ``Article``.

The input format (RSS dumps, one article per file)::

    <!--1712675824000-->          line 1: publication time, epoch milliseconds (UTC)
    [title](url)                  line 2
    ------                        line 3
    <p>…HTML body…</p>            the rest

The body becomes plain text with one paragraph per line. Image captions (``<figcaption>``, the
``<small>`` under a feed image) are kept apart in ``Article.captions``; the feed's promo footer
(获取更多RSS…), ``<footer>`` blocks and the feed's own time stamp are dropped.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, NavigableString

_HEADER_TIME = re.compile(r"<!--\s*(\d{9,14})\s*-->")
_HEADER_LINK = re.compile(r"\[(?P<title>.*)\]\((?P<url>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)\s*")
_RULE = re.compile(r"-{3,}\s*")
_SPACE = re.compile(r"[\s\u3000\xa0]+")
_BLOCKS = {"p", "div", "section", "article", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
           "blockquote", "table", "tr", "br", "hr", "figure"}
_FURNITURE = {"footer", "script", "style", "address", "time", "cite", "img"}
# Lines that are feed furniture, not article text.
_DROP_LINE = re.compile(r"^(获取更多RSS|©|https?://\S+$)")


class ArticleError(ValueError):
    """An input file is not a readable article. ``path`` names the file, ``line`` (1-based) the line, or ``None``."""

    def __init__(self, path: Path | str, message: str, line: int | None = None):
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {message}")
        self.path = Path(path)
        self.line = line
        self.reason = message


@dataclass
class Provenance:
    """Where an article came from and how its publication time was read.

    ``reader``: the reader that made it (``seed`` the one-article file format, ``feed``, ``page``, ``dump``);
    ``line``: the 1-based line of its record in a dump, or its entry number in a feed (``None`` for a
    file that is one article). ``time_zone``: the zone its publication time was read in (an IANA name
    such as ``Asia/Shanghai``, ``UTC``, or the offset the source stated, ``+08:00``); ``time_zone_basis``:
    why (``stated`` by the source, ``outlet`` the outlet's zone, ``default`` UTC for want of one).
    ``time_given``: the time came from the analyst (``--published``), not from the source.
    ``summary_only``: the body is a feed entry's summary, not its full text.
    """

    reader: str = "seed"
    line: int | None = None
    time_zone: str = "UTC"
    time_zone_basis: str = "stated"
    time_given: bool = False
    summary_only: bool = False


@dataclass
class Article:
    """One news article.

    ``text`` is the body as plain text, paragraphs separated by ``\\n``; every offset in the project is a
    code-point index into ``text``, end-exclusive. ``paragraphs`` holds ``(start, end)`` spans of
    ``text``. ``published`` is timezone-aware (UTC). ``id`` is a stable hex key derived from the URL
    (or the file's content when there is no URL). ``content_hash`` is the SHA-1 of the file's bytes.
    ``provenance`` says which reader made it, from which line, and how its time zone was chosen.
    """

    id: str
    path: Path
    url: str
    title: str
    outlet: str
    published: datetime
    text: str
    paragraphs: list[tuple[int, int]]
    captions: list[str] = field(default_factory=list)
    content_hash: str = ""
    provenance: Provenance = field(default_factory=Provenance)

    @property
    def file(self) -> str:
        """The input file's name, as the event table reports it."""
        return self.path.name


def outlet_of(url: str) -> str:
    """The publisher's host name without ``www.``: ``https://www.dw.com/zh/…`` -> ``dw.com``; ``""`` if none."""
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host


def _clean(line: str) -> str:
    return _SPACE.sub(" ", line).strip()


def html_to_text(html: str) -> tuple[list[str], list[str]]:
    """Split an article body into ``(paragraphs, captions)`` of plain text, with BeautifulSoup.

    Whitespace runs collapse to one space; empty lines, the feed footer and copyright lines are dropped.
    """
    soup = BeautifulSoup(html, "html.parser")
    # Every tag in document order, listed once (a find_all per step costs more than the parse); each
    # step below takes the tags of its names that no earlier step removed.
    every = [(t.name, t) for t in soup.find_all(True)]
    removed: set[int] = set()  # id() of every tag removed so far, with its descendants

    def live(names):
        return [t for name, t in every if name in names and id(t) not in removed]

    def remove(tag):
        removed.add(id(tag))
        removed.update(id(t) for t in tag.find_all(True))
        tag.decompose()

    for hr in live({"hr"}):  # the feed's promo footer follows the last <hr>
        if id(hr) in removed:  # after an earlier <hr>: gone with that one's footer
            continue
        for sib in list(hr.find_next_siblings()):
            remove(sib)
        remove(hr)
    for tag in live(_FURNITURE):
        remove(tag)
    for tag in live({"i"}):  # the feed's own time stamp, a lone <i> in a <div>
        if tag.parent is not None and tag.parent.name == "div" and _clean(tag.parent.get_text()) == _clean(tag.get_text()):
            remove(tag.parent)
    captions = []
    for tag in live({"figcaption", "small"}):
        text = _clean(tag.get_text(" "))
        if text:
            captions.append(text)
        remove(tag)
    for tag in live(_BLOCKS):
        tag.insert_before(NavigableString("\n"))
        tag.insert_after(NavigableString("\n"))
    paragraphs = []
    for line in soup.get_text().split("\n"):
        line = _clean(line)
        if line and not _DROP_LINE.match(line):
            paragraphs.append(line)
    return paragraphs, captions


def read_article(path: Path | str) -> Article:
    """Read an article file in the seed format.

    Raises ``ArticleError`` naming the file (and the line for a bad header) when the file is empty,
    binary, not UTF-8, lacks one of the three header lines, or has no body text.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ArticleError(path, f"cannot read: {e.strerror or e}") from e
    if not raw.strip():
        raise ArticleError(path, "empty file")
    if b"\x00" in raw[:4096]:
        raise ArticleError(path, "binary file, not an article")
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise ArticleError(path, f"not UTF-8 (byte {e.start})", line) from e
    lines = content.split("\n", 3)
    while len(lines) < 4:
        lines.append("")
    m = _HEADER_TIME.fullmatch(lines[0].strip())
    if not m:
        raise ArticleError(path, "line 1 must be <!--epoch milliseconds--> (the publication time)", 1)
    published = datetime.fromtimestamp(int(m.group(1)) / 1000, tz=timezone.utc)
    link = _HEADER_LINK.fullmatch(lines[1].strip())
    if not link:
        raise ArticleError(path, "line 2 must be [title](url)", 2)
    if not _RULE.fullmatch(lines[2].strip()):
        raise ArticleError(path, "line 3 must be ------", 3)
    title = link.group("title")
    if "<" in title or "&" in title:  # markup or character references to resolve
        title = BeautifulSoup(title, "html.parser").get_text()
    title = _clean(title)
    return article_from_html(lines[3], published, link.group("url").strip(), title, path,
                             hashlib.sha1(raw).hexdigest())


def paragraph_spans(paragraphs: list[str]) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph in ``"\\n".join(paragraphs)``, code-point offsets, end-exclusive."""
    spans, pos = [], 0
    for p in paragraphs:
        spans.append((pos, pos + len(p)))
        pos += len(p) + 1
    return spans


def article_from_html(html: str, published: datetime, url: str, title: str, path: Path | str,
                      content_hash: str) -> Article:
    """An ``Article`` from an HTML body (a file's or a feed entry's). ``content_hash`` identifies the
    source bytes; the id comes from ``url``, else from ``content_hash``.

    Raises ``ArticleError`` naming ``path`` when the body holds no text.
    """
    paragraphs, captions = html_to_text(html)
    if not paragraphs:
        raise ArticleError(path, "no body text")
    text = "\n".join(paragraphs)
    spans = paragraph_spans(paragraphs)
    key = url or content_hash
    return Article(
        id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
        path=Path(path),
        url=url,
        title=title,
        outlet=outlet_of(url),
        published=published,
        text=text,
        paragraphs=spans,
        captions=captions,
        content_hash=content_hash,
    )


def article_from_text(text: str, published: datetime, url: str = "", title: str = "",
                      path: Path | str = "<text>") -> Article:
    """An ``Article`` from plain text (paragraphs separated by newlines), for the Python API and tests.

    ``published`` must be timezone-aware (``ValueError`` otherwise); it is the reference for relative dates.
    """
    if published.tzinfo is None:
        raise ValueError("published must be timezone-aware")
    paragraphs = [_clean(p) for p in text.split("\n") if _clean(p)]
    body = "\n".join(paragraphs)
    spans = paragraph_spans(paragraphs)
    key = url or hashlib.sha1(body.encode("utf-8")).hexdigest()
    return Article(id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16], path=Path(path), url=url, title=title,
                   outlet=outlet_of(url), published=published, text=body, paragraphs=spans,
                   content_hash=hashlib.sha1(body.encode("utf-8")).hexdigest())
