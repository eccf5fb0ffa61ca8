"""The exports: round trips, self-contained HTML, the committed exports/ folder is current, queries answer."""

import json
import re

import networkx as nx
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.export import union_graph
from kg.query import load_graph, run_query
from conftest import ROOT


def test_turtle_parses_back_isomorphic_to_the_union_graph(seeds_build):
    result, out = seeds_build
    assert isomorphic(Graph().parse(out / "graph.ttl"), union_graph(result.dataset))


def test_trig_keeps_one_named_graph_per_article(seeds_build):
    result, out = seeds_build
    ds = Dataset()
    ds.parse(out / "graph.trig", format="trig")
    names = {str(g.identifier) for g in ds.graphs()}
    for a in result.articles:
        assert f"https://w3id.org/kg-diplo/id/graph/article/{a.id}" in names
    assert "https://w3id.org/kg-diplo/id/graph/events" in names


def test_graphml_reads_back_with_plain_attributes(seeds_build):
    result, out = seeds_build
    g = nx.read_graphml(out / "graph.graphml")
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert {"习近平", "普京", "拉夫罗夫", "王毅"} <= labels
    assert len(labels) == g.number_of_nodes()  # one node per person
    xi = next(n for n, d in g.nodes(data=True) if d["label"] == "习近平")
    lav = next(n for n, d in g.nodes(data=True) if d["label"] == "拉夫罗夫")
    edge = g.edges[xi, lav]
    assert edge["count"] >= 1 and "2024-04-09" in edge["dates"] and "Meeting" in edge["types"]


def test_html_is_self_contained(seeds_build):
    _, out = seeds_build
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", page)
    assert "vis.DataSet" in page or "new vis.Network" in page
    assert json.dumps("习近平") in page


def test_article_text_in_the_page_cannot_run(tmp_path):
    from kg.article import article_from_text
    from kg.export import contact_graph, write_html
    from kg.consolidate import consolidate
    from kg.extract import Extractor
    from kg.resources import load_resources
    from datetime import datetime, timezone

    a = article_from_text("9日，习近平在北京会见普京。", datetime(2024, 4, 10, tzinfo=timezone.utc),
                          title="</script><script>window.pwned=1</script><img src=x onerror=alert(1)>")
    events, entities = consolidate(Extractor(load_resources()).extract(a))
    write_html(contact_graph(events, entities), events, tmp_path / "g.html")
    page = (tmp_path / "g.html").read_text(encoding="utf-8")
    assert "<script>window.pwned" not in page and "<img src=x" not in page
    assert "\\u003cscript\\u003ewindow.pwned=1" in page


def test_committed_exports_are_current(seeds_build):
    """exports/ must be what `kg build` makes of seeds/; rebuild and commit when this fails."""
    result, out = seeds_build
    committed = ROOT / "exports"
    assert isomorphic(Graph().parse(committed / "graph.ttl"), union_graph(result.dataset)), "exports/ is stale: run kg build"
    fresh = [json.loads(x) for x in (out / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    old = [json.loads(x) for x in (committed / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    assert fresh == old, "exports/events.jsonl is stale: run kg build"


def test_named_queries_answer(seeds_build):
    _, out = seeds_build
    ds = load_graph(out / "graph.trig")
    cols, rows = run_query(ds, "top-pairs")
    assert cols[:3] == ["a", "b", "contacts"]
    top = {frozenset((r[0], r[1])): r[2] for r in rows}
    assert top[frozenset(("习近平", "普京"))] >= 2
    cols, rows = run_query(ds, "person-contacts", {"name": "拉夫罗夫"})
    others = {r[cols.index("other")] for r in rows}
    assert {"习近平", "王毅"} <= others
    dates = [r[0] for r in rows if r[0]]
    assert dates == sorted(dates)
    cols, rows = run_query(ds, "event-sources")
    assert rows and all(r[cols.index("evidence")] for r in rows)
    published = [r[cols.index("published")] for r in rows]
    assert published == sorted(published)


def test_build_is_order_independent(tmp_path):
    from kg.pipeline import build

    files = sorted((ROOT / "seeds").glob("*.txt"))
    a = build(files)
    b = build(list(reversed(files)))
    assert isomorphic(union_graph(a.dataset), union_graph(b.dataset))
    assert [e.iri for e in a.events] == [e.iri for e in b.events]
