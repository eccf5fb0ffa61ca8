"""What an analyst runs after a build: kg export in every format, kg stats, kg validate (SHACL)."""

import csv
import json

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic

from conftest import SEEDS
from kg.cli import main
from kg.vocab import KG


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("analyst")
    r = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(root / "exports"), "--store", str(root / "kg-store")])
    assert r.exit_code == 0, r.output
    return root


def _export(store, fmt, name):
    out = store / name
    r = CliRunner().invoke(main, ["export", "--format", fmt, "--store", str(store / "kg-store"), "-o", str(out)])
    assert r.exit_code == 0, r.output
    return out


def test_rdf_exports_parse_back_to_the_same_graph(store):
    ttl = Graph().parse(_export(store, "ttl", "g.ttl"))
    assert isomorphic(ttl, Graph().parse(store / "exports" / "graph.ttl"))
    jsonld = _export(store, "jsonld", "g.jsonld")
    doc = json.loads(jsonld.read_text(encoding="utf-8"))
    assert doc["@context"]["name"] == "schema:name"  # compacted with the schema.org-based context
    assert isomorphic(ttl, Graph().parse(jsonld, format="json-ld"))
    for fmt, parser in (("trig", "trig"), ("nq", "nquads")):
        ds = Dataset()
        ds.parse(_export(store, fmt, f"g.{fmt}"), format=parser)
        union = Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            union.add((s, p, o))
        assert isomorphic(union, ttl), fmt
        assert len({g.identifier for g in ds.graphs()}) >= 5 + 2  # a graph per article, events, entities


def test_network_exports_keep_every_attribute_with_plain_types(store):
    graphml = nx.read_graphml(_export(store, "graphml", "g.graphml"))
    gexf = nx.read_gexf(_export(store, "gexf", "g.gexf"))
    for g in (graphml, gexf):
        labels = {d["label"] for _, d in g.nodes(data=True)}
        assert {"习近平", "普京", "拉夫罗夫", "王毅"} <= labels
        for _, d in g.nodes(data=True):
            assert {"label", "country", "role", "linked", "qid", "contacts"} <= set(d)
            assert all(isinstance(v, (str, int, float, bool)) for v in d.values())
        for _, _, d in g.edges(data=True):
            assert {"count", "dates", "types", "events"} <= set(d) and isinstance(d["count"], int)
    assert graphml.number_of_edges() == gexf.number_of_edges() > 0


def test_csv_is_the_event_table(store):
    rows = list(csv.DictReader(_export(store, "csv", "events.csv").read_text(encoding="utf-8-sig").splitlines()))
    events = [json.loads(x) for x in (store / "exports" / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [e["id"] for e in events]
    lavrov = [r for r in rows if r["participants"] == "习近平;拉夫罗夫"]
    assert lavrov and lavrov[0]["date"] == "2024-04-09" and int(lavrov[0]["sources"]) == 2


def test_stats_on_the_seeds(store):
    r = CliRunner().invoke(main, ["stats", "--store", str(store / "kg-store"), "--format", "json"])
    assert r.exit_code == 0, r.output
    stats = json.loads(r.output)
    assert stats["most_connected"][0]["name"] == "习近平"
    assert {stats["top_pairs"][0]["a"], stats["top_pairs"][0]["b"]} == {"习近平", "普京"}
    assert sum(m["contacts"] for m in stats["per_month"]) <= stats["events"]
    assert any("习近平" in c["members"] for c in stats["communities"])


def test_the_built_graph_conforms_to_the_shapes(store):
    r = CliRunner().invoke(main, ["validate", "--store", str(store / "kg-store")])
    assert r.exit_code == 0 and "Conforms: True" in r.output, r.output


def test_validation_finds_broken_graphs(store, tmp_path):
    g = Graph().parse(store / "exports" / "graph.ttl")
    report = next(g.subjects(KG.evidence, None))
    g.remove((report, KG.evidence, None))                       # a report with no evidence sentence
    event = next(g.subjects(KG.datePrecision, KG.Day))
    g.set((event, KG.datePrecision, KG.Year))                   # a day date said to be a year
    g.add((event, KG.confidence, Literal("1.5")))               # a second confidence, not a decimal
    broken = tmp_path / "broken.ttl"
    g.serialize(broken, format="turtle")
    r = CliRunner().invoke(main, ["validate", "--graph", str(broken)])
    assert r.exit_code == 1
    assert "Conforms: False" in r.output
    assert str(report) in r.output and "evidence" in r.output
    assert "datePrecision does not match" in r.output and "confidence" in r.output


def test_timeline_of_a_pair_and_its_png(store, tmp_path):
    png = tmp_path / "xi-putin.png"
    r = CliRunner().invoke(main, ["timeline", "习近平", "--with", "普京", "--store", str(store / "kg-store"), "--png", str(png)])
    assert r.exit_code == 0, r.output
    months = dict(line.split()[:2] for line in r.output.splitlines() if line[:4].isdigit())
    # 2024-05: the state visit (planned in 001, happening in 002) with the talks during it, one encounter
    assert months["2024-05"] == "1" and months["2023-03"] == "1" and months["2023-04"] == "0"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    r = CliRunner().invoke(main, ["timeline", "无此人", "--store", str(store / "kg-store")])
    assert r.exit_code == 1 and "no dated contacts" in r.output
