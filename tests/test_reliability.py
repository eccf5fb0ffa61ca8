"""Builds under bad input and faults: every input that is not read is named with its reason, the exit
status says so, and nothing already built is lost."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SEEDS
from kg.cli import main
from kg.pipeline import Limits, build, expand_inputs

SEED = SEEDS / "000_26a5a58398092db1.txt"
HEADER = "<!--1712675824000-->\n[习近平会见拉夫罗夫](https://example.org/{name})\n------\n"


def article(folder: Path, name: str, body: str = "<p>中国国家主席习近平9日在北京会见俄罗斯外长拉夫罗夫。</p>") -> Path:
    """An article file ``folder/name`` whose URL and last paragraph hold ``name`` (no two are the same)."""
    path = folder / name
    path.write_text(HEADER.format(name=name) + body + f"<p>（{name}）</p>", encoding="utf-8")
    return path


class _Denier:
    """Makes paths unreadable (mode 000); where that does not stop this process (it runs as root),
    listing or reading them also fails as the system would refuse it (``os.scandir`` and
    ``Path.read_bytes``, through ``monkeypatch``)."""

    def __init__(self, monkeypatch):
        self.denied: set[str] = set()
        real_scandir, real_read_bytes = os.scandir, Path.read_bytes
        denied = self.denied

        def refuse(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

        def scandir(path="."):
            if not isinstance(path, int) and os.path.abspath(os.fspath(path)) in denied:
                refuse(path)
            return real_scandir(path)

        def read_bytes(self):
            if os.path.abspath(self) in denied:
                refuse(self)
            return real_read_bytes(self)

        monkeypatch.setattr(os, "scandir", scandir)
        monkeypatch.setattr(Path, "read_bytes", read_bytes)

    def __call__(self, path: Path) -> Path:
        self.denied.add(os.path.abspath(path))
        path.chmod(0)
        return path

    def restore(self) -> None:
        for p in self.denied:
            os.chmod(p, 0o700)


@pytest.fixture
def deny(monkeypatch):
    """``deny(path)``: make ``path`` unreadable (see ``_Denier``)."""
    denier = _Denier(monkeypatch)
    yield denier
    denier.restore()


def skipped_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("skipped ")]


# ---------------------------------------------------------------------- inputs that cannot be read

def test_unreadable_folders_files_and_links_are_each_named(tmp_path, deny):
    inp = tmp_path / "in"
    (inp / "sub").mkdir(parents=True)
    article(inp, "good.txt")
    article(inp / "sub", "hidden-by-permissions.txt")
    deny(inp / "sub")
    deny(article(inp, "locked.txt"))
    (inp / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (inp / "loop-a").symlink_to(inp / "loop-b")
    (inp / "loop-b").symlink_to(inp / "loop-a")
    (inp / "back-up").symlink_to(inp)  # a link to a folder that holds it
    sources, problems = expand_inputs([inp])
    reasons = {p.name: r for p, r in problems}
    assert reasons["sub"] == "cannot read folder: Permission denied"
    assert reasons["dangling.txt"].startswith("link to nothing")
    assert reasons["loop-a"].startswith("link that loops") and reasons["loop-b"].startswith("link that loops")
    assert reasons["back-up"].startswith("link that loops")
    assert [s.name for s in sources] == ["good.txt", "locked.txt"]
    r = CliRunner().invoke(main, ["build", str(inp), "--out", str(tmp_path / "out"), "--store", "memory", "--no-lac"])
    assert r.exit_code == 2, r.output
    lines = skipped_lines(r.output)
    assert len(lines) == 6, lines
    assert any("locked.txt: cannot read: Permission denied" in line for line in lines)
    assert "articles read: 1" in r.output


def test_an_unreadable_folder_given_directly_says_so(tmp_path, deny):
    locked = tmp_path / "locked"
    locked.mkdir()
    article(locked, "a.txt")
    deny(locked)
    r = CliRunner().invoke(main, ["build", str(locked), "--out", str(tmp_path / "out"), "--store", "memory", "--no-lac"])
    assert r.exit_code == 1
    assert skipped_lines(r.output) == [f"skipped {locked}: cannot read folder: Permission denied"]


def test_a_glob_into_an_unreadable_folder_never_raises(tmp_path, deny):
    (tmp_path / "open").mkdir()
    (tmp_path / "locked").mkdir()
    article(tmp_path / "open", "a.txt")
    article(tmp_path / "locked", "b.txt")
    deny(tmp_path / "locked")
    sources, problems = expand_inputs([str(tmp_path / "*" / "*.txt")])
    assert [s.name for s in sources] == ["a.txt"]
    assert problems == [(tmp_path / "locked", "cannot read folder: Permission denied")]
    sources, problems = expand_inputs([str(tmp_path / "locked" / "*.txt"), str(tmp_path / "**" / "*.txt")])
    assert [s.name for s in sources] == ["a.txt"]
    assert (tmp_path / "locked", "cannot read folder: Permission denied") in problems


# ---------------------------------------------------------------------- limits per input

def test_a_file_over_the_size_limit_is_skipped_unread(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    article(inp, "small.txt")
    article(inp, "big.txt", "<p>中国国家主席习近平9日在北京会见俄罗斯外长拉夫罗夫。</p>" * 100)
    r = CliRunner().invoke(main, ["build", str(inp), "--out", str(tmp_path / "out"), "--store", "memory", "--no-lac",
                                  "--max-bytes", "2000"])
    assert r.exit_code == 2
    size = (inp / "big.txt").stat().st_size
    assert skipped_lines(r.output) == [f"skipped {inp / 'big.txt'}: not read: {size:,} bytes, more than the limit "
                                       "of 2,000 (--max-bytes)"]
    assert "articles read: 1" in r.output


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_article_over_the_time_limit_is_skipped_and_the_rest_built(tmp_path, jobs):
    """Several thousand contact sentences take seconds to extract; with a limit of 1 s the article
    is skipped with its reason (in a worker process too), and the others are built (a short article
    takes far less than 1 s, even on a loaded machine)."""
    inp = tmp_path / "in"
    inp.mkdir()
    article(inp, "a.txt")
    article(inp, "slow.txt", "<p>中国国家主席习近平9日在北京会见俄罗斯总统普京。</p>" * 3000)
    article(inp, "z.txt")
    result = build([inp], None, use_lac=False, jobs=jobs, limits=Limits(seconds=1.0))
    # which step runs out (reading the HTML or extracting) depends on this machine's load
    [(path, reason)] = result.skipped
    assert path.name == "slow.txt"
    assert reason in ("not read: extraction took longer than the limit of 1 s",
                      "not read: reading took longer than the limit of 1 s")
    assert sorted(a.file for a in result.articles) == ["a.txt", "z.txt"]


# ---------------------------------------------------------------------- the same article twice

def _same_story_twice(folder: Path) -> tuple[Path, Path]:
    """The seed article, and the same title and body under another URL and publication time."""
    folder.mkdir()
    first = folder / "first.txt"
    shutil.copy(SEED, first)
    lines = SEED.read_text(encoding="utf-8").split("\n")
    lines[0] = "<!--1712680000000-->"
    lines[1] = lines[1].split("](", 1)[0] + "](https://mirror.example.org/story)"
    second = folder / "second.txt"
    second.write_text("\n".join(lines), encoding="utf-8")
    return first, second


@pytest.mark.parametrize("order", [1, -1])
def test_the_same_article_under_a_second_url_is_skipped_and_named(tmp_path, order):
    first, second = _same_story_twice(tmp_path / "in")
    inputs = [first, second][::order]
    result = build(inputs, None, use_lac=False)
    assert [(p.name, r) for p, r in result.skipped] == [(inputs[1].name, f"same article as {inputs[0].name}")]
    stored = build(inputs[:1], None, use_lac=False, store=tmp_path / "store")
    later = build(inputs[1:], None, use_lac=False, store=tmp_path / "store")
    assert stored.stored == later.stored == 1
    assert [(p.name, r) for p, r in later.skipped] == [
        (inputs[1].name, f"same content as the stored {stored.articles[0].url}")]


def test_a_store_of_byte_hashes_is_given_text_hashes(tmp_path, resources):
    import sqlite3

    from kg.article import text_hash
    from kg.persist import Store

    first, second = _same_story_twice(tmp_path / "in")
    build([first], None, use_lac=False, store=tmp_path / "store")
    with sqlite3.connect(tmp_path / "store" / "index.sqlite") as db:  # as an earlier kg wrote it
        db.execute("UPDATE articles SET content_hash = 'sha1-of-the-bytes'")
        db.execute("DELETE FROM meta WHERE key = 'content_hash'")
    with Store(tmp_path / "store", resources) as st:
        (title, text, h), = st.db.execute("SELECT title, text, content_hash FROM articles").fetchall()
        assert h == text_hash(title, text)
    later = build([second], None, use_lac=False, store=tmp_path / "store")
    assert later.stored == 1 and later.skipped[0][1].startswith("same content as the stored")


# ---------------------------------------------------------------------- headers

TODAY = __import__("datetime").date(2026, 12, 1)
BODY = "[习近平会见拉夫罗夫](https://example.org/a)\n------\n<p>中国国家主席习近平9日在北京会见俄罗斯外长拉夫罗夫。</p>"


@pytest.mark.parametrize("epoch, message", [
    ("1712675824", "line 1: the publication time 1712675824 reads as seconds (2024-04-09); the header gives "
                   "milliseconds: <!--1712675824000-->"),
    ("99999999999999", "line 1: the publication time 99999999999999 (epoch milliseconds) is not between 1990 and 2036"),
    ("599999999999", "line 1: the publication time 599999999999 (epoch milliseconds) is not between 1990 and 2036"),
    ("2524608000000", "line 1: the publication time 2524608000000 (epoch milliseconds) is not between 1990 and 2036"),
])
def test_implausible_publication_times_are_refused(tmp_path, epoch, message):
    from kg.article import ArticleError, read_article

    f = tmp_path / "a.txt"
    f.write_text(f"<!--{epoch}-->\n{BODY}", encoding="utf-8")
    with pytest.raises(ArticleError) as e:
        read_article(f, today=TODAY)
    assert str(e.value) == f"{f}:1: {message.removeprefix('line 1: ')}"


def test_the_latest_publication_time_is_ten_years_after_today(tmp_path):
    from datetime import date, datetime, timezone

    from kg.article import ArticleError, read_article

    f = tmp_path / "a.txt"
    ms = int(datetime(2036, 12, 31, tzinfo=timezone.utc).timestamp() * 1000)
    f.write_text(f"<!--{ms}-->\n{BODY}", encoding="utf-8")
    assert read_article(f, today=TODAY).published.year == 2036
    with pytest.raises(ArticleError, match="not between 1990 and 2035"):
        read_article(f, today=date(2025, 6, 1))


@pytest.mark.parametrize("encoding, raw_prefix, name", [
    ("utf-16", b"", "UTF-16 (little-endian)"),          # Python writes a byte-order mark
    ("utf-16-le", b"", "UTF-16 (little-endian)"),       # none
    ("utf-16-be", b"", "UTF-16 (big-endian)"),
    ("utf-32", b"", "UTF-32 (little-endian)"),
])
def test_utf16_and_utf32_files_are_named_so(tmp_path, encoding, raw_prefix, name):
    from kg.article import ArticleError, read_article

    f = tmp_path / "a.txt"
    f.write_bytes(raw_prefix + f"<!--1712675824000-->\n{BODY}".encode(encoding))
    with pytest.raises(ArticleError, match=rf"encoded in {name.replace('(', '[(]').replace(')', '[)]')}, not UTF-8"):
        read_article(f, today=TODAY)


def test_another_encoding_is_named(tmp_path):
    from kg.article import ArticleError, read_article

    f = tmp_path / "a.txt"
    f.write_bytes(f"<!--1712675824000-->\n{BODY}\n<p>俄罗斯外长拉夫罗夫表示，俄方愿同中方加强战略协作。</p>".encode("gb18030"))
    with pytest.raises(ArticleError) as e:
        read_article(f, today=TODAY)
    assert str(e.value) == f"{f}:2: not UTF-8 (byte 24); it reads as GB18030: convert it to UTF-8"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://example.org/a", "/zh/a-1"])
def test_only_http_urls_are_kept(tmp_path, url):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_text(f"<!--1712675824000-->\n[习近平会见拉夫罗夫]({url})\n------\n"
                               "<p>中国国家主席习近平9日在北京会见俄罗斯外长拉夫罗夫。</p>", encoding="utf-8")
    r = CliRunner().invoke(main, ["build", str(inp), "--out", str(tmp_path / "out"), "--store",
                                                  "memory", "--no-lac"])
    assert r.exit_code == 0, r.output
    assert r.stderr.splitlines() == [f"warning {inp / 'a.txt'}: URL dropped, not http(s): {url}"]
    events = (tmp_path / "out" / "events.jsonl").read_text(encoding="utf-8")
    assert url not in events and '"url": ""' in events


# ---------------------------------------------------------------------- stores and exports

def test_out_alone_keeps_its_store_inside_and_the_summary_names_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        article(tmp_path / name, f"{name}.txt")
    runner = CliRunner()
    r = runner.invoke(main, ["build", "a", "--out", "x", "--no-lac"])
    assert r.exit_code == 0, r.output
    assert f"store: {Path('x') / 'kg-store'} (held 0 articles before this build)" in r.output
    r = runner.invoke(main, ["build", "b", "--out", "y", "--no-lac"])
    assert f"store: {Path('y') / 'kg-store'} (held 0 articles before this build)" in r.output
    assert "b.txt" in (tmp_path / "y" / "events.jsonl").read_text(encoding="utf-8")
    assert "a.txt" not in (tmp_path / "y" / "events.jsonl").read_text(encoding="utf-8")
    assert not (tmp_path / "kg-store").exists()
    r = runner.invoke(main, ["build", "b", "--out", "x", "--no-lac"])
    assert "(held 1 articles before this build)" in r.output and "in store: 2" in r.output


def test_a_store_goes_only_into_an_empty_folder_or_its_own(tmp_path):
    mine = tmp_path / "papers"
    mine.mkdir()
    (mine / "notes.txt").write_text("my notes", encoding="utf-8")
    article(tmp_path, "a.txt")
    r = CliRunner().invoke(main, ["build", str(tmp_path / "a.txt"), "--store", str(mine), "--no-lac", "--no-export"])
    assert r.exit_code == 1
    assert r.output.strip().splitlines()[-1] == (f"Error: {mine} holds files but no kg store; a store goes into a "
                                                 "new or empty folder (give another with --store)")
    assert sorted(p.name for p in mine.iterdir()) == ["notes.txt"]


def test_exports_honour_the_umask(tmp_path):
    article(tmp_path, "a.txt")
    old = os.umask(0o002)
    try:
        build([tmp_path / "a.txt"], tmp_path / "out", use_lac=False)
    finally:
        os.umask(old)
    modes = {p.name: p.stat().st_mode & 0o777 for p in (tmp_path / "out").iterdir()}
    assert modes == dict.fromkeys(("graph.trig", "graph.ttl", "graph.graphml", "graph.html", "events.jsonl"), 0o664)


# ---------------------------------------------------------------------- faults

class _FakeSparql:
    """A SPARQL server on loopback that answers every update with 204, restartable on its port."""

    def __init__(self):
        import http.server
        import threading

        self.requests = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.requests += 1
                status = outer.answers.pop(0) if outer.answers else 204
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.answers: list[int] = []
        self._handler, self._threading, self._http = Handler, threading, http.server
        self.port = None
        self.start()

    def start(self):
        self.server = self._http.ThreadingHTTPServer(("127.0.0.1", self.port or 0), self._handler)
        self.port = self.server.server_address[1]
        self._threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/sparql"


def test_writes_to_a_sparql_server_outlast_a_restart(tmp_path):
    import threading
    import time

    from kg.remote import RemoteError, SparqlEndpoint

    fake = _FakeSparql()
    try:
        ep = SparqlEndpoint(fake.url, backoff=0.2)
        ep.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
        fake.stop()  # the server restarts: refused connections for a second
        threading.Timer(1.0, fake.start).start()
        began = time.monotonic()
        ep.update("INSERT DATA { <urn:a> <urn:b> <urn:d> }")
        assert 1.0 <= time.monotonic() - began < 10 and fake.requests == 2
        fake.answers = [503, 502]  # overloaded, then a proxy before it: sent again
        ep.update("INSERT DATA { <urn:a> <urn:b> <urn:e> }")
        assert fake.requests == 5
        fake.answers = [503] * 10  # bounded: 1 + retries attempts, then the error
        ep.retries, ep.backoff = 2, 0.01
        with pytest.raises(RemoteError, match=r"update failed: .*503.* \(after 3 attempts\)"):
            ep.update("INSERT DATA { <urn:a> <urn:b> <urn:f> }")
        assert fake.requests == 8
    finally:
        fake.stop()
    began = time.monotonic()  # a server never reached (a wrong URL) fails at once
    with pytest.raises(RemoteError, match="Connection refused"):
        SparqlEndpoint(fake.url).update("INSERT DATA { <urn:a> <urn:b> <urn:g> }")
    assert time.monotonic() - began < 1


def _no_space(path, *args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))


def test_disk_full_while_exporting_ends_in_one_line_and_keeps_the_earlier_set(tmp_path, monkeypatch, resources):
    from kg.persist import Store

    inp = tmp_path / "in"
    inp.mkdir()
    article(inp, "a.txt")
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(inp), "--out", str(out), "--no-lac"]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    article(inp, "b.txt", "<p>国务院总理李强10日在北京会见法国总统马克龙。</p>")
    monkeypatch.setattr("kg.pipeline.write_graphml", lambda graph, path: _no_space(path))
    r = runner.invoke(main, ["build", str(inp), "--out", str(out), "--no-lac"])
    assert r.exit_code == 1
    last = r.output.strip().splitlines()[-1]
    assert last.startswith(f"Error: build stopped: {out}") and last.endswith(": No space left on device")
    assert "Traceback" not in r.output
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before  # not one file new
    assert sorted(p.name for p in out.iterdir()) == sorted([*before, "kg-store"])  # no temporary left
    with Store(out / "kg-store", resources, read_only=True) as st:
        assert st.article_count() == 2  # the store committed before the exports were written


def test_disk_full_while_storing_keeps_the_batches_committed(tmp_path, monkeypatch, resources):
    from kg.persist import Store

    inp = tmp_path / "in"
    inp.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        article(inp, name)
    real_add, calls = Store.add, []

    def add(self, batch, replace=()):
        calls.append(len(batch))
        if len(calls) == 2:
            _no_space(self.path / "oxigraph")
        return real_add(self, batch, replace)

    monkeypatch.setattr(Store, "add", add)
    with pytest.raises(OSError):
        build([inp], None, use_lac=False, store=tmp_path / "store", batch_size=1)
    monkeypatch.setattr(Store, "add", real_add)
    with Store(tmp_path / "store", resources, read_only=True) as st:
        assert [a.file for a in st.articles()] == ["a.txt"]
    again = build([inp], tmp_path / "out", use_lac=False, store=tmp_path / "store")
    assert again.stored == 3 and len(again.unchanged) == 1


def test_an_earlier_run_s_temporary_files_are_removed(tmp_path):
    out = tmp_path / "out"
    (out / ".kg-export-x1y2").mkdir(parents=True)
    (out / ".kg-export-x1y2" / "graph.ttl").write_text("half", encoding="utf-8")
    (out / ".graph.trig.abc123").write_text("half", encoding="utf-8")
    (out / ".events.jsonl.q9").write_text("half", encoding="utf-8")
    (out / ".my-notes").write_text("mine", encoding="utf-8")
    article(tmp_path, "a.txt")
    build([tmp_path / "a.txt"], out, use_lac=False)
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".my-notes"]


# ---------------------------------------------------------------------- the bad-input suite

BAD = Path(__file__).parent / "fixtures" / "bad"
NOT_MS = "line 1 must be <!--epoch milliseconds--> (the publication time)"
NO_BODY = "no body text"

# What a build says of each file of tests/fixtures/bad/ (a reason after "skipped PATH: ", or a warning
# after "warning PATH: " for a file that is read).
BAD_FILES = {
    "empty.txt": "empty file",
    "blank.txt": "empty file",
    "image.png": "binary file, not an article",
    "archive.zip": "binary file, not an article",
    "utf16-bom.txt": "encoded in UTF-16 (little-endian), not UTF-8: convert it (iconv -f UTF-16 -t UTF-8)",
    "utf16be-bom.txt": "encoded in UTF-16 (big-endian), not UTF-8: convert it (iconv -f UTF-16 -t UTF-8)",
    "utf16le-no-bom.txt": "encoded in UTF-16 (little-endian), not UTF-8: convert it (iconv -f UTF-16 -t UTF-8)",
    "utf32.txt": "encoded in UTF-32 (little-endian), not UTF-8: convert it (iconv -f UTF-32 -t UTF-8)",
    "gb18030.txt": "line 2: not UTF-8 (byte 24); it reads as GB18030: convert it to UTF-8",
    "big5.txt": "line 2: not UTF-8 (byte 22); it reads as BIG5: convert it to UTF-8",
    "truncated-utf8.txt": "line 4: not UTF-8 (byte 170): the file ends inside a character; is it cut short?",
    "no-header.txt": NOT_MS,
    "html-page.html": "no publication time in the page (give one with --published)",
    "data.json": NOT_MS,
    "table.csv": "line 2: no 'published' field (the publication time; or give --published)",
    "epoch-seconds.txt": "line 1: the publication time 1712675824 reads as seconds (2024-04-09); the header gives "
                         "milliseconds: <!--1712675824000-->",
    "epoch-year-5138.txt": "line 1: the publication time 99999999999999 (epoch milliseconds) is not between 1990 and {last}",
    "epoch-1973.txt": "line 1: the publication time 100000000000 (epoch milliseconds) is not between 1990 and {last}",
    "epoch-too-short.txt": NOT_MS,
    "epoch-words.txt": NOT_MS,
    "epoch-negative.txt": NOT_MS,
    "epoch-trailing-text.txt": NOT_MS,
    "only-line-1.txt": "line 2 must be [title](url)",
    "line-2-not-a-link.txt": "line 2 must be [title](url)",
    "line-2-no-url.txt": "line 2 must be [title](url)",
    "line-3-missing.txt": "line 3 must be ------",
    "line-3-too-short.txt": "line 3 must be ------",
    "header-only.txt": NO_BODY,
    "body-blank.txt": NO_BODY,
    "body-script-only.txt": NO_BODY,
    "body-comment-only.txt": NO_BODY,
    "body-footer-only.txt": NO_BODY,
    "body-image-only.txt": NO_BODY,
    "body-copyright-only.txt": NO_BODY,
    "body-link-only.txt": NO_BODY,
    "body-caption-only.txt": NO_BODY,
    "feed-broken.xml": "entry 1 (untitled): neither content nor summary",
    "feed-no-entries.xml": "the feed holds no entry",
    "feed-undated.xml": "entry 1 (x): no publication time (give one with --published)",
    "duplicate-b.txt": "same article as duplicate-a.txt",
}
READ_WITH_A_WARNING = {
    "url-javascript.txt": "URL dropped, not http(s): javascript:alert(1)",
    "url-data.txt": "URL dropped, not http(s): data:text/html,x",
}
READ = {"duplicate-a.txt", *READ_WITH_A_WARNING}

# Made by the test (links, permissions, special files, size and time): name -> reason.
MADE = {
    "link-to-nothing.txt": "link to nothing ({gone})",
    "loop-a.txt": "link that loops (it leads back to itself)",
    "loop-b.txt": "link that loops (it leads back to itself)",
    "back-to-the-top": "link that loops (to a folder already read)",
    "locked-folder": "cannot read folder: Permission denied",
    "locked-file.txt": "cannot read: Permission denied",
    "a-socket": "not a file (a socket, pipe or device)",
    "a-pipe": "not a file (a socket, pipe or device)",
    "too-big.txt": "not read: {size:,} bytes, more than the limit of 1,000,000 (--max-bytes)",
    "too-slow.txt": "not read: extraction took longer than the limit of 2 s",
    "copy-of-a-stored-article.txt": "same content as the stored https://example.org/earlier/7",
}


def _earlier(i: int) -> str:
    return (f"<!--{1712675824000 + i * 86_400_000}-->\n[第{i}次会见](https://example.org/earlier/{i})\n------\n"
            f"<p>中国国家主席习近平{i % 28 + 1}日在北京会见俄罗斯外长拉夫罗夫。</p><p>（编号{i}）</p>")


@pytest.fixture(scope="module")
def earlier_store(tmp_path_factory):
    """A store of 50 articles built before the bad inputs come."""
    root = tmp_path_factory.mktemp("earlier")
    (root / "in").mkdir()
    for i in range(50):
        (root / "in" / f"earlier-{i:02}.txt").write_text(_earlier(i), encoding="utf-8")
    result = build([root / "in"], None, use_lac=False, store=root / "store")
    assert result.stored == 50 and not result.skipped
    return root / "store"


@pytest.fixture(scope="module")
def bad_build(earlier_store, tmp_path_factory):
    """One `kg build` of every bad input (the fixtures and the ones made here) into a copy of the store
    of 50 earlier articles: ``(CLI result, store, made folder, reasons of the made inputs)``."""
    import socket

    root = tmp_path_factory.mktemp("bad")
    store = root / "store"
    shutil.copytree(earlier_store, store)
    made = root / "made"
    made.mkdir()
    (made / "link-to-nothing.txt").symlink_to(root / "gone.txt")
    (made / "loop-a.txt").symlink_to(made / "loop-b.txt")
    (made / "loop-b.txt").symlink_to(made / "loop-a.txt")
    (made / "back-to-the-top").symlink_to(made)
    (made / "locked-folder").mkdir()
    article(made / "locked-folder", "inside.txt")
    article(made, "locked-file.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(made / "a-socket"))
    os.mkfifo(made / "a-pipe")
    article(made, "too-big.txt", "<p>中国国家主席习近平9日在北京会见俄罗斯外长拉夫罗夫。</p>" * 20_000)
    article(made, "too-slow.txt", "<p>中国国家主席习近平9日在北京会见俄罗斯总统普京。</p>" * 6000)
    (made / "copy-of-a-stored-article.txt").write_text(
        _earlier(7).replace("https://example.org/earlier/7", "https://mirror.example.org/7"), encoding="utf-8")
    reasons = {name: r.format(gone=root / "gone.txt", size=(made / "too-big.txt").stat().st_size)
               for name, r in MADE.items()}
    with pytest.MonkeyPatch.context() as mp:
        denier = _Denier(mp)
        denier(made / "locked-folder")
        denier(made / "locked-file.txt")
        try:
            r = CliRunner().invoke(main, ["build", str(BAD), str(made), "--store", str(store), "--out", str(root / "out"),
                                          "--no-lac", "--max-bytes", "1000000", "--time-limit", "2"])
        finally:
            denier.restore()
            sock.close()
    return r, store, made, reasons


def test_the_bad_input_suite_has_forty_files_and_more(bad_build):
    _, _, made, _ = bad_build
    assert sorted(p.name for p in BAD.iterdir()) == sorted([*BAD_FILES, *READ])
    assert len(BAD_FILES) + len(READ) + len(MADE) >= 50


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_each_bad_file_is_skipped_with_its_one_line_reason(bad_build, name):
    r, _, _, _ = bad_build
    last = TODAY.__class__.today().year + 10
    lines = [line for line in r.output.splitlines() if str(BAD / name) in line]
    assert lines == [f"skipped {BAD / name}: {BAD_FILES[name].format(last=last)}"]


@pytest.mark.parametrize("name", sorted(MADE))
def test_each_made_bad_input_is_skipped_with_its_one_line_reason(bad_build, name):
    r, _, made, reasons = bad_build
    lines = [line for line in r.output.splitlines() if line.startswith(f"skipped {made / name}")]
    assert lines == [f"skipped {made / name}: {reasons[name]}"]


def test_the_bad_build_reads_the_good_keeps_the_earlier_and_says_so(bad_build, resources):
    from kg.persist import Store

    r, store, made, _ = bad_build
    assert r.exit_code == 2
    assert "Traceback" not in r.output
    skipped = [line for line in r.output.splitlines() if line.startswith("skipped ")]
    assert len(skipped) == len(BAD_FILES) + len(MADE)
    for name, note in READ_WITH_A_WARNING.items():
        assert f"warning {BAD / name}: {note}" in r.output.splitlines()
    assert f"store: {store} (held 50 articles before this build)" in r.output
    assert "articles read: 3;" in r.output and "in store: 53" in r.output
    with Store(store, resources, read_only=True) as st:
        articles = st.articles()
    assert {f"https://example.org/earlier/{i}" for i in range(50)} <= {a.url for a in articles}
    assert len(articles) == 53 and sum(not a.url for a in articles) == 2  # the two URLs dropped


def test_a_build_of_bad_files_only_keeps_the_store_of_50(earlier_store, tmp_path, resources):
    """A build that reads nothing of use leaves the store of 50 as it was (exit status 2, nothing lost)."""
    from kg.persist import Store

    shutil.copytree(earlier_store, tmp_path / "store")
    r = CliRunner().invoke(main, ["build", str(BAD / "empty.txt"), str(BAD / "utf32.txt"), "--store",
                                  str(tmp_path / "store"), "--no-export", "--no-lac"])
    assert r.exit_code == 2 and "in store: 50" in r.output
    with Store(tmp_path / "store", resources, read_only=True) as st:
        assert st.article_count() == 50


# ---------------------------------------------------------------------- fuzzing the reader and the extractor

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

_HEAD = st.sampled_from(["<!--1712675824000-->", "<!--1712675824-->", "<!--99999999999999-->", "<!---->", "", "<!--"])
_LINK = st.sampled_from(["[习近平会见普京](https://example.org/a)", "[t](javascript:x)", "[t]()", "[](", "t", ""])
_RULE = st.sampled_from(["------", "---", "", "===="])
_BODY = st.text(alphabet=st.sampled_from(list("<>/p div i hr small br 习近平普京会见同与在北京9日，。&;#x\n\t\u3000")), max_size=300)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(head=_HEAD, link=_LINK, rule=_RULE, body=_BODY, noise=st.binary(max_size=40), cut=st.integers(0, 400))
def test_fuzzed_files_are_read_or_refused_with_a_reason(tmp_path, rule_extractor, head, link, rule, body, noise, cut):
    """Any file is an article (which the extractor takes) or an ArticleError naming it; nothing else."""
    from kg.article import ArticleError, read_article

    raw = "\n".join([head, link, rule, body]).encode("utf-8")
    raw = raw[:cut] + noise + raw[cut:]
    f = tmp_path / "fuzz.txt"
    f.write_bytes(raw)
    try:
        a = read_article(f, today=TODAY)
    except ArticleError as e:
        assert str(e).startswith(str(f)) and "\n" not in str(e)
        return
    assert a.text and a.published.year >= 1990 and (not a.url or a.url.startswith(("http://", "https://")))
    assert isinstance(rule_extractor.extract(a), list)
