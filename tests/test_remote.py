"""A store whose graph is kept on a SPARQL 1.1 server: Virtuoso Open Source from Debian's packages,
started for these tests on 127.0.0.1 in a temporary folder and stopped afterwards.

Skipped when ``virtuoso-t`` is not installed, unless ``KG_REQUIRE_VIRTUOSO=1`` (as in CI), where a
missing server fails instead.
"""

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SEEDS
from kg.cli import main
from kg.persist import Store, StoreError
from kg.pipeline import build
from kg.query import select
from kg.remote import RemoteError, SparqlEndpoint
from kg.store import STORE_GRAPH

KG_GRAPHS = "https://w3id.org/kg-diplo/id/"

_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A fresh Virtuoso listening on 127.0.0.1 only: ``(query_url, update_url)``; updates go to
    ``/sparql-auth`` as the ``dba`` user with digest authentication."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        if os.environ.get("KG_REQUIRE_VIRTUOSO") == "1":
            pytest.fail("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
        pytest.skip("virtuoso-t is not installed")
    d = tmp_path_factory.mktemp("virtuoso")
    http = _free_port()
    (d / "virtuoso.ini").write_text(_INI.format(d=d, sql=_free_port(), http=http))
    proc = subprocess.Popen([binary, "+foreground", "+configfile", str(d / "virtuoso.ini")], cwd=d,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"virtuoso-t exited ({proc.returncode}); see {d}/virtuoso.log")
                time.sleep(0.25)
        else:
            pytest.fail(f"virtuoso did not answer within 60 s; see {d}/virtuoso.log")
        yield f"{base}/sparql", f"{base}/sparql-auth"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def server(virtuoso, monkeypatch):
    """The server with no kg graph on it; credentials in the environment, as a user would give them."""
    monkeypatch.setenv("KG_SPARQL_USER", "dba")
    monkeypatch.setenv("KG_SPARQL_PASSWORD", "dba")
    monkeypatch.setenv("KG_SPARQL_AUTH", "digest")
    ep = SparqlEndpoint(*virtuoso)
    graphs = ep.query(f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{KG_GRAPHS}")) }}')
    ep.drop_graphs([row[0] for row in graphs])
    return virtuoso


def _server_quads(ep: SparqlEndpoint) -> set:
    rows = ep.query(f'SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
                    f'FILTER(STRSTARTS(STR(?g), "{KG_GRAPHS}") && ?g != <{STORE_GRAPH}>) }}')
    return {(str(g), s.n3(), p.n3(), o.n3()) for g, s, p, o in rows}


def _store_quads(path: Path, resources) -> set:
    import io

    from rdflib import Dataset
    buf = io.BytesIO()
    with Store(path, resources, read_only=True) as st:
        st.dump(buf, "nq")
    ds = Dataset()
    ds.parse(data=buf.getvalue().decode("utf-8"), format="nquads")
    return {(str(g), s.n3(), p.n3(), o.n3()) for s, p, o, g in ds.quads()}


def _trig_quads(path: Path) -> set:
    from rdflib import Dataset
    ds = Dataset()
    ds.parse(path, format="trig")
    return {(str(g), s.n3(), p.n3(), o.n3()) for s, p, o, g in ds.quads()}


def _inputs(tmp_path: Path) -> tuple[list[Path], list[Path]]:
    """Two batches of input: three seeds; then the other two and a new version of the first one (same
    URL, a paragraph fewer), which replaces it."""
    seeds = sorted(SEEDS.glob("*.txt"))
    second = tmp_path / "second"
    second.mkdir()
    for p in seeds[3:]:
        shutil.copy(p, second / p.name)
    lines = seeds[0].read_text(encoding="utf-8").splitlines(keepends=True)
    cut = max(i for i, line in enumerate(lines) if "习近平" in line or "拉夫罗夫" in line)
    (second / ("v2-" + seeds[0].name)).write_text("".join(lines[:cut] + lines[cut + 1:]), encoding="utf-8")
    return seeds[:3], [second]


def test_remote_store_holds_what_a_local_store_holds(server, tmp_path, resources):
    """Two incremental builds, one replacing an article, written in many small requests: the server's
    graphs equal those of a local store built the same way, triple for triple."""
    first, second = _inputs(tmp_path)
    ep = SparqlEndpoint(*server, batch=150)
    for inputs in (first, second):
        build(inputs, None, resources, store=tmp_path / "index", endpoint=ep)
        build(inputs, None, resources, store=tmp_path / "local")
    local = _store_quads(tmp_path / "local", resources)
    assert len(local) > 600
    assert _server_quads(ep) == local
    with Store(tmp_path / "index", resources, read_only=True) as st:
        assert st.remote and st.article_count() == 5
        rows = select(st, "person-contacts", {"name": "习近平"}).rows
    with Store(tmp_path / "local", resources, read_only=True) as st:
        assert rows == select(st, "person-contacts", {"name": "习近平"}).rows
    assert any(r[2] == "拉夫罗夫" for r in rows)


def test_cli_build_and_query_on_the_server(server, tmp_path):
    """`kg build --store URL` writes the exports and the index; `kg query --store URL` asks the server,
    `kg query --store FOLDER` finds the server through the index; the exports equal a local build's."""
    query_url, update_url = server
    runner = CliRunner()
    r = runner.invoke(main, ["build", str(SEEDS), "--out", str(tmp_path / "out"), "--store", query_url,
                             "--update-url", update_url, "--index", str(tmp_path / "index"), "--no-progress"])
    assert r.exit_code == 0, r.output
    assert "in store: 5" in r.output
    local = runner.invoke(main, ["build", str(SEEDS), "--out", str(tmp_path / "lout"), "--store",
                                 str(tmp_path / "local"), "--no-progress"])
    assert local.exit_code == 0, local.output
    for name in ("events.jsonl", "graph.graphml"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "lout" / name).read_bytes(), name
    assert _trig_quads(tmp_path / "out" / "graph.trig") == _trig_quads(tmp_path / "lout" / "graph.trig")
    by_url = runner.invoke(main, ["query", "top-pairs", "--store", query_url, "--format", "csv"])
    by_index = runner.invoke(main, ["query", "top-pairs", "--store", str(tmp_path / "index"), "--format", "csv"])
    by_local = runner.invoke(main, ["query", "top-pairs", "--store", str(tmp_path / "local"), "--format", "csv"])
    assert by_url.exit_code == 0, by_url.output
    assert by_url.output == by_index.output == by_local.output
    assert "习近平,普京" in by_url.output


def test_one_server_one_index(server, tmp_path, resources):
    """A second index may not write into the graph another index keeps on the server, and an index
    refuses a server that lost its graph: either would leave stale events behind."""
    ep = SparqlEndpoint(*server)
    seeds = sorted(SEEDS.glob("*.txt"))
    build(seeds[:1], None, resources, store=tmp_path / "a", endpoint=ep)
    with pytest.raises(StoreError, match="another index"):
        build(seeds[1:2], None, resources, store=tmp_path / "b", endpoint=ep)
    ep.drop_graphs([STORE_GRAPH])
    with pytest.raises(StoreError, match="no longer holds"):
        build(seeds[1:2], None, resources, store=tmp_path / "a", endpoint=ep)
    build(seeds[1:2], None, resources, store=tmp_path / "local-first")
    with pytest.raises(StoreError, match="holds a store of its own"):
        build(seeds[1:2], None, resources, store=tmp_path / "local-first", endpoint=ep)


def test_refused_and_unreachable_servers_are_named(server, tmp_path, resources, monkeypatch):
    ep = SparqlEndpoint(*server, password="wrong")
    with pytest.raises(RemoteError, match="sparql-auth"):
        build(sorted(SEEDS.glob("*.txt"))[:1], None, resources, store=tmp_path / "i", endpoint=ep)
    r = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(tmp_path / "o"), "--store",
                                  f"http://127.0.0.1:{_free_port()}/sparql", "--no-progress"])
    assert r.exit_code == 1
    assert "127.0.0.1" in r.output and "Traceback" not in r.output
