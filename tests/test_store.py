"""The persistent store: incremental builds, replacement, crash safety, parallel extraction, feeds."""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from conftest import SEEDS, waitress_thread
from kg.persist import Store
from kg.pipeline import build
from kg.query import select

HERE = Path(__file__).parent
CORPUS = HERE / "fixtures" / "corpus"


def _quads(path: Path) -> Dataset:
    ds = Dataset()
    ds.parse(path, format="trig")
    return ds


def _without_former_iris(ds: Dataset) -> Dataset:
    """``ds`` less the links of former event IRIs (owl:sameAs and dcterms:isReplacedBy in the events
    graph), which only a store that re-consolidated an event has; each must point to a current event."""
    from rdflib import OWL, RDF
    from rdflib.namespace import DCTERMS

    events = ds.graph(URIRef("https://w3id.org/kg-diplo/id/graph/events"))
    for s, p, o in list(events.triples((None, None, None))):
        if p in (OWL.sameAs, DCTERMS.isReplacedBy):
            assert (o, RDF.type, None) in events and (s, RDF.type, None) not in events
            events.remove((s, p, o))
    return ds


def _same_dataset(a: Path, b: Path) -> bool:
    """Same named graphs, each isomorphic (the links of former event IRIs set aside)."""
    da, db = _without_former_iris(_quads(a)), _without_former_iris(_quads(b))
    names_a = {g.identifier for g in da.graphs()}
    names_b = {g.identifier for g in db.graphs()}
    if names_a != names_b:
        return False
    return all(isomorphic(da.graph(n), db.graph(n)) for n in names_a)


@pytest.fixture(scope="module")
def memory_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("memory")
    build([CORPUS], out)
    return out


def test_each_commit_adds_to_the_generation(tmp_path, resources):
    """A build that writes RDF adds to the store's generation (what kg serve's workers watch to open the
    store again); a build with nothing new leaves it as it was."""
    seeds = sorted(SEEDS.iterdir())
    store = tmp_path / "store"

    def generation():
        with Store(store, resources, read_only=True) as st:
            return st.generation()

    build(seeds[:-1], None, resources, use_lac=False, store=store)
    first = generation()
    build(seeds[:-1], None, resources, use_lac=False, store=store)
    assert first > 0 and generation() == first
    build(seeds, None, resources, use_lac=False, store=store)
    assert generation() > first


def test_store_build_equals_memory_build(memory_build, tmp_path):
    build([CORPUS], tmp_path / "out", store=tmp_path / "store")
    assert _same_dataset(memory_build / "graph.trig", tmp_path / "out" / "graph.trig")
    assert (memory_build / "events.jsonl").read_text(encoding="utf-8") == (tmp_path / "out" / "events.jsonl").read_text(encoding="utf-8")


def test_incremental_build_equals_one_build(memory_build, tmp_path):
    files = sorted(CORPUS.iterdir())
    store = tmp_path / "store"
    first = build(files[::2], None, store=store)
    second = build(files[1::2], tmp_path / "out", store=store)
    assert len(first.articles) + len(second.articles) == len(files) == second.stored
    assert _same_dataset(memory_build / "graph.trig", tmp_path / "out" / "graph.trig")
    # Again, with everything: nothing is read twice, nothing changes.
    again = build([CORPUS], tmp_path / "out2", store=store)
    assert len(again.unchanged) == len(files) and not again.articles and again.stored == len(files)
    assert _same_dataset(memory_build / "graph.trig", tmp_path / "out2" / "graph.trig")


def test_a_store_from_other_knowledge_files_is_extracted_again(memory_build, tmp_path):
    """A store built without the learned recogniser (another fingerprint) is re-extracted from its stored
    texts by the next build, which then equals a fresh one; it reads none of its inputs again."""
    store = tmp_path / "store"
    build([CORPUS], tmp_path / "before", store=store, use_lac=False)
    before = (tmp_path / "before" / "events.jsonl").read_text(encoding="utf-8")
    assert before != (memory_build / "events.jsonl").read_text(encoding="utf-8")  # the test has teeth
    again = build([CORPUS], tmp_path / "out", store=store)
    assert not again.articles and len(again.unchanged) == again.stored
    assert _same_dataset(memory_build / "graph.trig", tmp_path / "out" / "graph.trig")
    assert (tmp_path / "out" / "events.jsonl").read_text(encoding="utf-8") == \
        (memory_build / "events.jsonl").read_text(encoding="utf-8")


def test_new_version_of_an_article_replaces_the_old(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    seed = SEEDS / "000_26a5a58398092db1.txt"
    (src / "a.txt").write_bytes(seed.read_bytes())
    store = tmp_path / "store"
    build([src], tmp_path / "out1", store=store)
    assert "拉夫罗夫" in (tmp_path / "out1" / "events.jsonl").read_text(encoding="utf-8")
    head, body = seed.read_text(encoding="utf-8").split("------\n", 1)
    (src / "a.txt").write_text(head + "------\n<p>中国国家主席习近平9日在北京会见马克龙。</p>", encoding="utf-8")
    result = build([src], tmp_path / "out2", store=store)
    assert result.stored == 1
    events = (tmp_path / "out2" / "events.jsonl").read_text(encoding="utf-8")
    assert "马克龙" in events and "拉夫罗夫" not in events
    with Store(store, result_resources(), read_only=True) as st:
        names = {r[0] for r in select(st, "SELECT ?n WHERE { ?p a <https://w3id.org/kg-diplo/ontology#Person> ; <https://schema.org/name> ?n }").rows}
    assert "马克龙" in names and "拉夫罗夫" not in names  # the old article's persons are gone from the store


def result_resources():
    from kg.resources import load_resources
    return load_resources()


def test_same_content_under_another_name_is_not_stored_twice(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("one.txt", "two.txt"):
        shutil.copy(SEEDS / "000_26a5a58398092db1.txt", src / name)
    result = build([src], None, store=tmp_path / "store")
    assert result.stored == 1
    assert [reason for _, reason in result.skipped] == ["same article as one.txt"]


def test_parallel_extraction_gives_the_serial_output(memory_build, tmp_path):
    build([CORPUS], tmp_path, jobs=2)
    assert (memory_build / "events.jsonl").read_text(encoding="utf-8") == (tmp_path / "events.jsonl").read_text(encoding="utf-8")
    assert isomorphic(Graph().parse(memory_build / "graph.ttl"), Graph().parse(tmp_path / "graph.ttl"))


def test_kill_during_a_build_leaves_a_usable_store(memory_build, tmp_path):
    """SIGKILL once some batches are committed; the store opens and answers; a rerun completes it."""
    store = tmp_path / "store"
    code = ("import sys; from kg.pipeline import build; "
            f"build([{str(CORPUS)!r}], None, store={str(store)!r}, batch_size=4)")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    committed = 0
    while time.time() < deadline and proc.poll() is None:
        try:
            with sqlite3.connect(f"file:{store / 'index.sqlite'}?mode=ro", uri=True) as db:
                committed = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            committed = 0
        if committed >= 8:
            break
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.skip("the build ended before it could be killed")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Store(store, result_resources(), read_only=True) as st:
        n = st.article_count()
        assert 8 <= n < len(list(CORPUS.iterdir()))
        rows = select(st, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://w3id.org/kg-diplo/ontology#Article> }").rows
        assert rows[0][0] >= n
    result = build([CORPUS], tmp_path / "out", store=store)
    assert result.stored == len(list(CORPUS.iterdir()))
    assert _same_dataset(memory_build / "graph.trig", tmp_path / "out" / "graph.trig")


def test_glob_patterns_and_feed_files(tmp_path):
    seed = SEEDS / "000_26a5a58398092db1.txt"
    head, body = seed.read_text(encoding="utf-8").split("------\n", 1)
    feed = tmp_path / "feed.xml"
    entry = ("<item><title>习近平会见马克龙</title><link>https://example.org/a1</link>"
             "<pubDate>Tue, 09 Apr 2024 15:17:04 GMT</pubDate>"
             "<description><![CDATA[<p>国家主席习近平9日在北京人民大会堂会见法国总统马克龙。</p>]]></description></item>")
    feed.write_text(f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>{entry}'
                    "<item><title>no date</title><link>https://example.org/a2</link><description>x</description></item>"
                    "</channel></rss>", encoding="utf-8")
    (tmp_path / "in").mkdir()
    shutil.copy(seed, tmp_path / "in" / "x.txt")
    result = build([str(tmp_path / "in" / "*.txt"), feed], tmp_path / "out")
    assert len(result.articles) == 2  # the entry with no date is skipped by name, not dropped silently
    assert [(p.name, r) for p, r in result.skipped] == [("feed.xml", "entry 2 (no date): no publication time (give one with --published)")]
    feed_article = next(a for a in result.articles if a.url == "https://example.org/a1")
    assert feed_article.published.isoformat() == "2024-04-09T15:17:04+00:00"
    pairs = {frozenset(e.participants) for e in result.events}
    assert frozenset({"习近平", "马克龙"}) in pairs and frozenset({"习近平", "拉夫罗夫"}) in pairs
    missing = build([str(tmp_path / "nothing-*.txt")], None)
    assert missing.skipped and "no file matches" in missing.skipped[0][1]


def test_a_broken_feed_is_skipped_with_its_name(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text('<?xml version="1.0"?><rss><channel><item><title>x', encoding="utf-8")
    result = build([bad], None)
    assert result.skipped and result.skipped[0][0].name == "bad.xml"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    """kg serve over a store of the seeds, on a free port of 127.0.0.1."""
    from kg.serve import ServeOptions, create_app

    root = tmp_path_factory.mktemp("served")
    build([SEEDS], root / "exports", store=root / "kg-store")
    options = ServeOptions(timeout=3.0, limit=5, workers=1)
    app = create_app(root / "kg-store", root / "exports", options)
    try:
        with waitress_thread(app, options.threads) as url:
            yield url
    finally:
        app.config["pool"].close()


def test_sparql_endpoint_answers_sparqlwrapper(endpoint):
    from SPARQLWrapper import CSV, JSON, POST, TURTLE, SPARQLWrapper

    from kg.query import query_text

    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery(query_text("top-pairs"))
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert {(r["a"]["value"], r["b"]["value"]) for r in rows} >= {("习近平", "普京"), ("习近平", "拉夫罗夫")}
    assert len(rows) <= 5  # the server's result limit
    client.setMethod(POST)
    client.setReturnFormat(CSV)
    text = client.query().convert().decode("utf-8")
    assert text.splitlines()[0].split(",")[:3] == ["a", "b", "contacts"]
    client.setQuery("PREFIX kg: <https://w3id.org/kg-diplo/ontology#> CONSTRUCT { ?e kg:participant ?p } WHERE { ?e kg:participant ?p }")
    client.setReturnFormat(TURTLE)
    g = Graph().parse(data=client.query().convert(), format="turtle")
    assert 0 < len(g) <= 5


def test_sparql_endpoint_refuses_updates_bad_queries_and_stops_long_ones(endpoint):
    import urllib.error
    import urllib.parse
    import urllib.request

    def get(query):
        url = f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": query})
        try:
            with urllib.request.urlopen(url, timeout=30) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    assert get("DROP ALL")[0] == 403
    assert get("SELECT ?s WHERE { ?s ")[0] == 400
    started = time.time()
    status, body = get("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    assert status == 503 and time.time() - started < 20
    assert get("ASK { ?s ?p ?o }") == (200, b'{"head":{},"boolean":true}')  # a fresh worker after the kill
    with urllib.request.urlopen(f"{endpoint}/", timeout=30) as r:
        assert b"vis-network" in r.read()


def test_query_rows_as_a_dataframe(tmp_path):
    """The Python API: rows of a named query with bindings, and the same as a pandas DataFrame."""
    pd = pytest.importorskip("pandas")
    build([CORPUS], None, store=tmp_path / "store")
    with Store(tmp_path / "store", result_resources(), read_only=True) as st:
        result = select(st, "person-contacts", {"name": "习近平"})
    frame = result.to_dataframe()
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == result.columns
    assert len(frame) == len(result.rows) > 0
    assert frame["other"].tolist() == [r[result.columns.index("other")] for r in result.rows]


def test_named_queries_give_the_same_rows_on_the_store_and_on_rdflib(memory_build, tmp_path):
    """The store's own term conversion gives the Python values, and the order, that rdflib gives.
    (GROUP_CONCAT's order is the engine's, so person-contacts' place list is compared as a set.)"""
    from kg.query import load_graph, named_queries, run_query

    def rows(source, name):
        columns, found = run_query(source, name, {"name": "习近平"} if name == "person-contacts" else None)
        if "place" in columns:
            i = columns.index("place")
            found = [r[:i] + [sorted(r[i].split(", "))] + r[i + 1:] for r in found]
        return columns, found

    build([CORPUS], None, store=tmp_path / "store")
    graph = load_graph(memory_build / "graph.trig")
    with Store(tmp_path / "store", result_resources(), read_only=True) as st:
        for name in named_queries():
            on_store = rows(st, name)
            assert on_store == rows(graph, name), name
            assert len(on_store[1]) > 10, name


def test_top_pairs_first_and_last_dates_ignore_undated_events(memory_build, tmp_path):
    """first/last of each pair are the earliest and latest dates of its dated events; an undated event
    of the pair (the corpus has them) leaves them alone."""
    import json
    from itertools import combinations

    from kg.query import load_graph, run_query
    dates: dict = {}
    for line in (memory_build / "events.jsonl").read_text(encoding="utf-8").splitlines():
        e = json.loads(line)
        for p, q in combinations(sorted(x["name"] for x in e["participants"]), 2):
            dates.setdefault((p, q), []).append(e["date"])
    assert any(None in ds and any(ds) for ds in dates.values())  # the test has teeth
    build([CORPUS], None, store=tmp_path / "store")
    with Store(tmp_path / "store", result_resources(), read_only=True) as st:  # Oxigraph, and rdflib below
        for source in (st, load_graph(memory_build / "graph.trig")):
            cols, rows = run_query(source, "top-pairs")
            for a, b, _, first, last in rows:
                dated = sorted(str(d) for d in dates[tuple(sorted((a, b)))] if d)
                assert (first, last) == ((dated[0], dated[-1]) if dated else (None, None)), (a, b)
