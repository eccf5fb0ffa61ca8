"""Builds under bad input and faults: every input that is not read is named with its reason, the exit
status says so, and nothing already built is lost."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SEEDS
from kg.cli import main
from kg.pipeline import EXPORTS, Limits, build, expand_inputs

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


def test_a_failure_between_the_graphs_and_the_index_is_put_right_when_the_store_is_next_opened(tmp_path, monkeypatch, resources):
    """Disk full while the index records a batch whose graphs are written already (a new version of a
    stored article, and a new article): the build stops with the index as it was, and the next opening
    for writing makes the RDF hold what the index does (the batch's graphs dropped, the stored version's
    graph written again from the index), so no later build exports an article its index does not hold."""
    from rdflib.compare import isomorphic

    from kg.persist import Store

    inp = tmp_path / "in"
    inp.mkdir()
    store = tmp_path / "store"
    article(inp, "a.txt")
    build([inp], tmp_path / "first", use_lac=False, store=store)
    (first,) = _article_graphs(_dataset((tmp_path / "first" / "graph.trig").read_bytes())).items()
    article(inp, "a.txt", "<p>国务院总理李强10日在北京会见法国总统马克龙。</p>")  # the same URL: a new version
    article(inp, "b.txt")
    monkeypatch.setattr("kg.persist.report_to_dict", lambda r: _no_space(store / "index.sqlite"))
    with pytest.raises(OSError):
        build([inp], None, use_lac=False, store=store)
    monkeypatch.undo()
    ids, _, _, graphs = _stored(store, resources)
    assert ids == [first[0]] and len(graphs) == 2 and not isomorphic(graphs[first[0]], first[1])  # the RDF ran ahead
    Store(store, resources).close()
    ids, _, _, graphs = _stored(store, resources)
    assert ids == [first[0]] and list(graphs) == ids and isomorphic(graphs[first[0]], first[1])
    again = build([inp], tmp_path / "out", use_lac=False, store=store)
    assert again.stored == 2 and set(_stored(store, resources)[0]) == set(_stored(store, resources)[3])


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


# ---------------------------------------------------------------------- kill -9 at three points of a build

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
ROOT = Path(__file__).resolve().parent.parent


def kg_build(*args: str, **popen) -> subprocess.Popen:
    """``kg build CORPUS ARGS`` with two workers, as a user runs it, in a process group of its own."""
    return subprocess.Popen([sys.executable, "-m", "kg.cli", "build", *args, "-j", "2"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True, **popen)


def run_kg_build(*args: str) -> str:
    proc = kg_build(*args)
    output = proc.communicate(timeout=900)[0]
    assert proc.returncode == 0, output
    return output


class _Build:
    """A ``kg build`` of the corpus into ``store`` (exports to ``out``) and what can be seen of it from
    outside as it runs: whether its workers run (Linux ``/proc``), the articles its index has committed
    (``None`` while a commit holds the index locked), Oxigraph's write-ahead logs, the exports'
    temporary folder. ``kill_at(point)`` sends SIGKILL to the build and its workers once
    ``point(self, frozen=False)`` holds: it freezes them first (SIGSTOP) and asks again (``frozen=True``:
    a point may then look closer), so the kill falls where the point says."""

    def __init__(self, store: Path, out: Path):
        self.store, self.out = store, out
        self.proc = kg_build(str(CORPUS), "--store", str(store), "--out", str(out))
        self.extraction = "to come"  # then "running" while the workers run, then "done"
        self.logs_while_extracting: dict[str, int] = {}

    def watch_extraction(self) -> str:
        """Where extraction is: ``to come``, ``running`` (the build's worker processes are there) or ``done``
        (they were, and are gone: the pool ends when the last article is extracted)."""
        if self.extraction != "done":
            workers = self._workers()
            if workers:
                self.extraction = "running"
                self.logs_while_extracting = self.rdf_logs()
            elif self.extraction == "running":
                self.extraction = "done"
        return self.extraction

    def _workers(self) -> int:
        n = 0
        for entry in os.scandir("/proc"):
            try:
                state, parent = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()[:2]
            except (OSError, ValueError):
                continue
            n += parent == str(self.proc.pid) and state != "Z"
        return n

    def committed(self) -> int | None:
        try:
            with closing(sqlite3.connect(f"file:{self.store / 'index.sqlite'}?mode=ro", uri=True, timeout=0.05)) as db:
                return db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        except sqlite3.OperationalError as e:
            if "locked" in str(e):
                return None
            raise

    def rdf_logs(self) -> dict[str, int]:
        return {p.name: p.stat().st_size for p in (self.store / "oxigraph").glob("*.log")}

    def rdf_articles(self) -> int:
        """The article graphs in the RDF; only while the build is frozen (a read-only look at an Oxigraph
        store that another process writes is undefined)."""
        import pyoxigraph

        rdf = pyoxigraph.Store.read_only(str(self.store / "oxigraph"))
        return sum("/graph/article/" in g.value for g in rdf.named_graphs())

    def export_temporaries(self) -> list[Path]:
        return list(self.out.glob(".kg-export-*")) if self.out.is_dir() else []

    def _freeze(self) -> None:
        os.killpg(self.proc.pid, signal.SIGSTOP)
        until = time.monotonic() + 10  # delivered at once; wait until the build has really stopped
        while time.monotonic() < until and Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in "TtZ":
            time.sleep(0.001)

    def kill_at(self, point, seconds: float = 600) -> bool:
        """Kill the build (``kill -9`` of its process group) at ``point``; ``False`` when the build ended,
        or passed the point before it could be frozen there, or ``seconds`` went by."""
        deadline = time.monotonic() + seconds
        try:
            while self.proc.poll() is None and time.monotonic() < deadline:
                if point(self, frozen=False):
                    self._freeze()
                    if point(self, frozen=True):
                        return True
                    os.killpg(self.proc.pid, signal.SIGCONT)
                time.sleep(0.002)
            return False
        finally:
            if self.proc.poll() is None:
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.communicate()


def _extracting(build: _Build, frozen: bool) -> bool:
    """The workers run, and nothing of this build is stored: the index holds what it held before."""
    return build.watch_extraction() == "running" and build.committed() == KILL_BEFORE


def _storing(build: _Build, frozen: bool) -> bool:
    """The article batch is half committed: extraction is done, Oxigraph has written the batch's graphs
    (its write-ahead log changed since extraction; once frozen: all the graphs are there) and the index
    has not recorded them (or is committing them now, locked)."""
    return (build.watch_extraction() == "done" and build.rdf_logs() != build.logs_while_extracting
            and build.committed() in (KILL_BEFORE, None) and (not frozen or build.rdf_articles() == KILL_ALL))


def _exporting(build: _Build, frozen: bool) -> bool:
    """The exports are being written: their temporary folder is there."""
    return bool(build.export_temporaries())


KILL_POINTS = {"extracting": _extracting, "storing": _storing, "exporting": _exporting}
KILL_BEFORE = 47  # the articles the store holds before the killed build: every other file of the corpus
KILL_ALL = 94  # the corpus


@pytest.fixture(scope="module")
def kill_reference(tmp_path_factory):
    """A store of every other corpus article (``before``), and what a build of the whole corpus into a
    copy of it, not killed, gives: its exports' bytes, its RDF, its reports per article."""
    from kg.persist import Store
    from kg.resources import load_resources

    top = tmp_path_factory.mktemp("kill")
    files = sorted(CORPUS.iterdir())
    run_kg_build(*map(str, files[::2]), "--store", str(top / "before"), "--no-export")
    shutil.copytree(top / "before", top / "store")
    run_kg_build(str(CORPUS), "--store", str(top / "store"), "--out", str(top / "out"))
    with Store(top / "store", load_resources(), read_only=True) as opened:
        reports = dict(opened.db.execute("SELECT article_id, COUNT(*) FROM reports GROUP BY article_id"))
        ids = {aid for (aid,) in opened.db.execute("SELECT id FROM articles")}
    with Store(top / "before", load_resources(), read_only=True) as opened:
        before = {aid for (aid,) in opened.db.execute("SELECT id FROM articles")}
    assert len(before) == KILL_BEFORE and len(ids) == len(files) == KILL_ALL
    return {"before_store": top / "before", "before": before, "all": ids, "reports": reports,
            "exports": {name: (top / "out" / name).read_bytes() for name in EXPORTS},
            "rdf": _dataset((top / "out" / "graph.trig").read_bytes())}


def _dataset(trig: bytes):
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(data=trig, format="trig")
    return ds


def _article_graphs(ds) -> dict[str, object]:
    """Article id -> its named graph in ``ds``."""
    prefix = "https://w3id.org/kg-diplo/id/graph/article/"
    return {str(g.identifier)[len(prefix):]: g for g in ds.graphs() if str(g.identifier).startswith(prefix)}


def _stored(store: Path, resources) -> tuple[list[str], list[str], dict[str, int], dict]:
    """What a store holds, opened read-only: its index's article ids and content hashes, the reports of
    each article, and the article graphs of its RDF (id -> graph)."""
    import io

    from kg.persist import Store

    with Store(store, resources, read_only=True) as opened:
        ids = [aid for (aid,) in opened.db.execute("SELECT id FROM articles")]
        hashes = [h for (h,) in opened.db.execute("SELECT content_hash FROM articles")]
        reports = dict(opened.db.execute("SELECT article_id, COUNT(*) FROM reports GROUP BY article_id"))
        buffer = io.BytesIO()
        opened.dump(buffer, "trig")
    return ids, hashes, reports, _article_graphs(_dataset(buffer.getvalue()))


def _check_killed_store(store: Path, ref: dict, resources) -> tuple[int, int]:
    """The store a killed build left opens, and holds the articles of before the build or all of them,
    each whole and once: in the index (with its reports) and in the RDF (its graph as a finished build
    writes it; the RDF may hold the graphs of a batch the index has not recorded, all of them, which
    the next opening for writing drops). Returns how many articles the index holds and the RDF."""
    from rdflib.compare import isomorphic

    ids, hashes, reports, graphs = _stored(store, resources)
    assert set(ids) in (ref["before"], ref["all"]) and len(set(ids)) == len(ids) == len(set(hashes))
    assert reports == {aid: n for aid, n in ref["reports"].items() if aid in ids}
    assert set(ids) <= set(graphs) and set(graphs) in (ref["before"], ref["all"])
    expected = _article_graphs(ref["rdf"])
    assert all(isomorphic(g, expected[aid]) for aid, g in graphs.items())
    return len(ids), len(graphs)


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="watches the build's workers in /proc (Linux)")
@pytest.mark.parametrize("point", KILL_POINTS)
def test_kill_9_at_a_point_of_a_build(kill_reference, tmp_path, resources, point):
    """``kill -9`` of a ``kg build`` (and its workers) of 94 corpus articles into a store of 47, at a point
    seen from outside: while the workers extract, while the article batch is half committed (graphs
    written, index not), while the exports are written. The store opens and holds the 47 or all 94,
    whole and once; a rerun completes, its exports are byte for byte those of a build never killed, and
    nothing temporary is left (the killed export's folder, SQLite's journal)."""
    ref = kill_reference
    store, out = tmp_path / "store", tmp_path / "out"
    for _ in range(4):  # the point may pass between two looks; each try is a fresh build
        shutil.rmtree(store, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(ref["before_store"], store)
        if _Build(store, out).kill_at(KILL_POINTS[point]):
            break
    else:
        pytest.skip(f"no build was caught {point} in four tries")
    held, graphs = _check_killed_store(store, ref, resources)
    assert held == (KILL_ALL if point == "exporting" else KILL_BEFORE)
    assert graphs == (KILL_BEFORE if point == "extracting" else KILL_ALL)
    if point == "storing":  # opened for writing, the store drops the graphs its index does not record
        from kg.persist import Store

        Store(store, resources).close()
        ids, _, _, graphs = _stored(store, resources)
        assert set(ids) == set(graphs) == ref["before"]
    if point == "exporting":
        assert [p.name[:11] for p in out.iterdir() if p.name.startswith(".")] == [".kg-export-"]
    output = run_kg_build(str(CORPUS), "--store", str(store), "--out", str(out))
    assert f"held {held} articles before" in output and f"in store: {KILL_ALL}" in output
    assert {name: (out / name).read_bytes() for name in EXPORTS} == ref["exports"]
    assert sorted(p.name for p in out.iterdir()) == sorted(EXPORTS)
    assert not [p for p in store.iterdir() if p.name.startswith("index.sqlite-")]


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

