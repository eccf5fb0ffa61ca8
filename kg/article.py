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

import gc
import hashlib
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, CData, NavigableString, Tag
from bs4.builder import HTMLParserTreeBuilder, ParserRejectedMarkup
from bs4.builder._htmlparser import BeautifulSoupHTMLParser

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
    (or the article's text when there is no URL). ``content_hash`` is ``text_hash(title, text)``: the
    same article under another URL or in another file has the same one. ``warnings``: one line for each
    thing of the input left out of the article (a URL that is not http(s)). ``provenance`` says which
    reader made it, from which line, and how its time zone was chosen.
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
    warnings: list[str] = field(default_factory=list)
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


class _VoidsToClose:
    """The void elements (``<br>``, ``<hr>``, ``<img>``) bs4's html.parser builder has closed itself and
    whose redundant end tag may still come: the list it keeps and searches at every end tag (so that
    many ``<br>`` and many ``</p>`` cost their product), as counts with the same answers in constant time."""

    def __init__(self):
        self.count: Counter[str] = Counter()

    def __contains__(self, name: str) -> bool:
        return self.count[name] > 0

    def append(self, name: str) -> None:
        self.count[name] += 1

    def remove(self, name: str) -> None:
        if self.count[name] <= 0:
            raise ValueError(name)
        self.count[name] -= 1


class _Parser(BeautifulSoupHTMLParser):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.already_closed_empty_element = _VoidsToClose()


class _TreeBuilder(HTMLParserTreeBuilder):
    """bs4's ``html.parser`` builder, the same tree, in time linear in the markup (see ``_VoidsToClose``)."""

    def feed(self, markup) -> None:
        args, kwargs = self.parser_args  # what bs4's own feed does, with _Parser for its parser
        parser = _Parser(self.soup, *args, **kwargs)
        try:
            parser.feed(markup)
            parser.close()
        except AssertionError as e:  # html.parser's way of rejecting markup
            raise ParserRejectedMarkup(e) from e


def parse_html(html: str) -> BeautifulSoup:
    """``BeautifulSoup(html, "html.parser")``: the same tree, in time linear in the length of ``html``."""
    return BeautifulSoup(html, builder=_TreeBuilder())


def html_to_text(html: str) -> tuple[list[str], list[str]]:
    """Split an article body into ``(paragraphs, captions)`` of plain text, with BeautifulSoup.

    Whitespace runs collapse to one space; empty lines, the feed footer and copyright lines are dropped.
    Time and memory grow linearly with the size of ``html``: the parsed tree is read, never edited (bs4's
    removals and insertions search a tag's siblings one by one, which made many siblings cost their
    square), and each step below leaves out the tags the steps before it dropped. Python's cyclic
    collector is paused meanwhile (see ``_collector_paused``).
    """
    with _collector_paused():
        return _html_to_text(html)


@contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector for the block, then restore its former state.

    A parsed tree is millions of objects linked both ways; while it grows, each of the collector's full
    passes walks all of them, so a body ten times larger cost 13 times the time. Its objects are freed
    after the block as before (the tree's cycles by the next collection).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _html_to_text(html: str) -> tuple[list[str], list[str]]:
    soup = parse_html(html)
    try:
        return _text_of(soup)
    finally:
        soup.decompose()  # its links both ways undone, the tree is freed now, not by a later full collection


def _text_of(soup: BeautifulSoup) -> tuple[list[str], list[str]]:
    every = [(t.name, t) for t in soup.find_all(True)]  # every tag in document order, listed once
    body = _Body(soup)
    for name, hr in every:  # the feed's promo footer follows the last <hr>
        if name == "hr" and body.live(hr):
            sib = hr.next_sibling
            while sib is not None:
                if isinstance(sib, Tag):
                    body.drop(sib)
                sib = sib.next_sibling
            body.drop(hr)
    for name, tag in every:
        if name in _FURNITURE and body.live(tag):
            body.drop(tag)
    _drop_feed_stamps(body, [t for name, t in every if name == "i"])
    captions = []
    for name, tag in every:
        if name in ("figcaption", "small") and body.live(tag):
            text = _clean(" ".join(body.strings(tag)))
            if text:
                captions.append(text)
            body.drop(tag)
    pieces = []
    for kind, node in body.walk(soup):
        if kind == "text":
            pieces.append(node)
        elif node.name in _BLOCKS:  # a block starts and ends a line (kind "start" or "end")
            pieces.append("\n")
    paragraphs = []
    for line in "".join(pieces).split("\n"):
        line = _clean(line)
        if line and not _DROP_LINE.match(line):
            paragraphs.append(line)
    return paragraphs, captions


def _drop_feed_stamps(body: _Body, italics: list[Tag]) -> None:
    """Drop the feed's own time stamp: a ``<div>`` whose text is that of one ``<i>`` in it. Its text is
    the ``<i>``'s, white space aside, exactly when both hold as many characters that are not white space."""
    solid: dict[int, int] = {}  # id(tag) -> characters other than white space in its text
    stack = [0]
    for kind, node in body.walk(body.root):
        if kind == "text":
            stack[-1] += len(_SPACE.sub("", node))
        elif kind == "start":
            stack.append(0)
        else:
            n = stack.pop()
            solid[id(node)] = n
            stack[-1] += n
    for tag in italics:
        parent = tag.parent
        if body.live(tag) and parent is not None and parent.name == "div" and solid[id(parent)] == solid[id(tag)]:
            body.drop(parent)
            up = parent.parent
            while up is not None and id(up) in solid:
                solid[id(up)] -= solid[id(parent)]
                up = up.parent


class _Body:
    """A parsed body with the tags dropped from it so far; the tree itself is never changed."""

    _TEXT_TYPES = (NavigableString, CData)  # the strings get_text reads: no comments, scripts, templates

    def __init__(self, root):
        self.root = root
        self.gone: set[int] = set()  # id() of every dropped tag and of its descendants

    def live(self, tag: Tag) -> bool:
        return id(tag) not in self.gone

    def drop(self, tag: Tag) -> None:
        """Drop ``tag`` with its descendants; a subtree dropped before is not walked again."""
        stack = [tag]
        while stack:
            t = stack.pop()
            if id(t) not in self.gone:
                self.gone.add(id(t))
                stack.extend(c for c in t.contents if isinstance(c, Tag))

    def walk(self, top):
        """``("start", tag)``, ``("text", string)`` and ``("end", tag)`` for what ``top`` holds that is not
        dropped, in document order (without recursion: nesting has no limit)."""
        stack = [iter(top.contents)]
        parents = [top]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                closed = parents.pop()
                if stack:
                    yield "end", closed
                continue
            if isinstance(child, Tag):
                if id(child) not in self.gone:
                    yield "start", child
                    stack.append(iter(child.contents))
                    parents.append(child)
            elif type(child) in self._TEXT_TYPES:
                yield "text", child

    def strings(self, top) -> list[str]:
        return [node for kind, node in self.walk(top) if kind == "text"]


def input_bytes(path: Path) -> bytes:
    """The bytes of the input file ``path``. Raises ``ArticleError`` naming it when it cannot be read or
    holds nothing but white space."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ArticleError(path, f"cannot read: {e.strerror or e}") from e
    if not raw.strip():
        raise ArticleError(path, "empty file")
    return raw


def read_article(path: Path | str, today: date | None = None) -> Article:
    """Read an article file in the seed format.

    Raises ``ArticleError`` naming the file (and the line for a bad header) when the file is empty,
    binary, in another encoding than UTF-8 (UTF-16 and the likely one are named), lacks one of the three
    header lines, gives a publication time outside 1990 to ten years after ``today`` (default: the
    build machine's date; an epoch in seconds is named as such), or has no body text. A URL that is not
    ``http(s)`` is dropped (see ``article_from_html``).
    """
    path = Path(path)
    raw = input_bytes(path)
    utf16 = wide_encoding(raw)
    if utf16:
        raise ArticleError(path, f"encoded in {utf16}, not UTF-8: convert it (iconv -f {utf16.split()[0]} -t UTF-8)")
    if b"\x00" in raw[:4096]:
        raise ArticleError(path, "binary file, not an article")
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        if e.reason == "unexpected end of data":  # a UTF-8 file cut off inside its last character
            raise ArticleError(path, f"not UTF-8 (byte {e.start}): the file ends inside a character; is it cut short?", line) from e
        raise ArticleError(path, f"not UTF-8 (byte {e.start}){likely_encoding(raw)}", line) from e
    lines = content.split("\n", 3)
    while len(lines) < 4:
        lines.append("")
    m = _HEADER_TIME.fullmatch(lines[0].strip())
    if not m:
        raise ArticleError(path, "line 1 must be <!--epoch milliseconds--> (the publication time)", 1)
    published = publication_time(int(m.group(1)), today or date.today(), path)
    link = _HEADER_LINK.fullmatch(lines[1].strip())
    if not link:
        raise ArticleError(path, "line 2 must be [title](url)", 2)
    if not _RULE.fullmatch(lines[2].strip()):
        raise ArticleError(path, "line 3 must be ------", 3)
    title = link.group("title")
    if "<" in title or "&" in title:  # markup or character references to resolve
        title = BeautifulSoup(title, "html.parser").get_text()
    title = _clean(title)
    return article_from_html(lines[3], published, link.group("url").strip(), title, path)


FIRST_YEAR = 1990  # no earlier publication time is taken for a real one


def publication_time(epoch_ms: int, today: date, path: Path | str = "<header>") -> datetime:
    """The UTC time of a header's epoch in milliseconds. Raises ``ArticleError`` (line 1) when it falls
    before ``FIRST_YEAR`` or more than ten years after ``today``, saying so when it reads as a plausible
    time in seconds (``1712675824`` for ``1712675824000``)."""
    first = datetime(FIRST_YEAR, 1, 1, tzinfo=timezone.utc)
    last = datetime(today.year + 10, 12, 31, 23, 59, 59, tzinfo=timezone.utc)

    def at(ms: int) -> datetime | None:
        try:
            t = datetime.fromtimestamp(ms / 1000, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
        return t if first <= t <= last else None

    published = at(epoch_ms)
    if published is not None:
        return published
    as_seconds = at(epoch_ms * 1000)
    if as_seconds is not None:
        raise ArticleError(path, f"the publication time {epoch_ms} reads as seconds ({as_seconds:%Y-%m-%d}); "
                                 f"the header gives milliseconds: <!--{epoch_ms}000-->", 1)
    raise ArticleError(path, f"the publication time {epoch_ms} (epoch milliseconds) is not between {FIRST_YEAR} "
                             f"and {last.year}", 1)


def wide_encoding(raw: bytes) -> str | None:
    """``"UTF-16 (little-endian)"`` etc. when ``raw`` starts as UTF-16 or UTF-32 text does (a byte-order
    mark, or ASCII with a zero byte beside each character), else ``None``."""
    for bom, name in ((b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"), (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
                      (b"\xff\xfe", "UTF-16 (little-endian)"), (b"\xfe\xff", "UTF-16 (big-endian)")):
        if raw.startswith(bom):
            return name
    head = raw[:8]
    if len(head) == 8 and head[1::2] == b"\x00" * 4 and b"\x00" not in head[0::2]:
        return "UTF-16 (little-endian)"
    if len(head) == 8 and head[0::2] == b"\x00" * 4 and b"\x00" not in head[1::2]:
        return "UTF-16 (big-endian)"
    return None


def likely_encoding(raw: bytes) -> str:
    """``"; it reads as GB18030"``: the encoding charset-normalizer finds likeliest, or ``""``."""
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:65536]).best()
    return f"; it reads as {best.encoding.upper().replace('_', '-')}: convert it to UTF-8" if best else ""


def paragraph_spans(paragraphs: list[str]) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph in ``"\\n".join(paragraphs)``, code-point offsets, end-exclusive."""
    spans, pos = [], 0
    for p in paragraphs:
        spans.append((pos, pos + len(p)))
        pos += len(p) + 1
    return spans


def text_hash(title: str, text: str) -> str:
    """The SHA-1 (hex) of an article's title and plain text: what tells the same article under two URLs."""
    return hashlib.sha1(f"{title}\n{text}".encode("utf-8")).hexdigest()


def article_from_html(html: str, published: datetime, url: str, title: str, path: Path | str) -> Article:
    """An ``Article`` from an HTML body (a file's or a feed entry's); its ``content_hash`` is
    ``text_hash(title, text)``, its id comes from ``url``, else from that hash. A ``url`` that is not
    ``http(s)`` (``javascript:``, ``data:``, a bare path) is dropped, with a note in ``warnings``.

    Raises ``ArticleError`` naming ``path`` when the body holds no text.
    """
    paragraphs, captions = html_to_text(html)
    if not paragraphs:
        raise ArticleError(path, "no body text")
    text = "\n".join(paragraphs)
    spans = paragraph_spans(paragraphs)
    content_hash = text_hash(title, text)
    warnings = []
    if url and urlsplit(url).scheme.lower() not in ("http", "https"):
        warnings.append(f"URL dropped, not http(s): {url[:60]}")
        url = ""
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
        warnings=warnings,
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
    content_hash = text_hash(title, body)
    key = url or content_hash
    return Article(id=hashlib.sha1(key.encode("utf-8")).hexdigest()[:16], path=Path(path), url=url, title=title,
                   outlet=outlet_of(url), published=published, text=body, paragraphs=spans,
                   content_hash=content_hash)
