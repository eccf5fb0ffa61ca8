"""The event model: IRIs unique over a corpus, stable under reordering, durable across incremental builds;
encounters (a visit and the contacts held during it); the interoperability fields and exports."""

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from rdflib import OWL, Graph, URIRef
from rdflib.namespace import DCTERMS

from conftest import SEEDS
from kg.pipeline import build

HERE = Path(__file__).parent
CORPUS = HERE / "fixtures" / "corpus"


def _events(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "events.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    result = build([CORPUS], out, store=out.parent / f"{out.name}-store")
    return result, out


def test_no_iri_names_two_events_and_the_corpus_conforms(corpus_build):
    from kg.validate import validate_graph

    result, out = corpus_build
    ids = [e["id"] for e in _events(out)]
    assert len(ids) == len(set(ids)) == len(result.events)
    conforms, text = validate_graph(Graph().parse(out / "graph.ttl"))
    assert conforms, text


def test_events_whose_content_gives_one_iri_get_two(resources):
    """Two visits of one person that consolidation keeps apart (different articles, dates it cannot
    compare) but whose content gives the same IRI (韩正 in Portugal and in the Netherlands, both dated
    May 2023 in the corpus) each take their first report into the IRI."""
    from kg.article import article_from_text
    from kg.consolidate import Event, _make_iris_unique
    from kg.extract import Extractor

    ex = Extractor(resources, use_lac=False)
    reports = []
    for day, text in ((8, "国家副主席韩正7日对葡萄牙进行正式访问。"), (11, "国家副主席韩正10日对荷兰进行正式访问。")):
        reports += [r for r in ex.extract(article_from_text(text, datetime(2023, 5, day, 4, tzinfo=timezone.utc)))
                    if r.type == "Visit"]
    assert len(reports) == 2
    events = [Event("Visit", ["韩正"], [r], iri="https://w3id.org/kg-diplo/id/event/same") for r in reports]
    _make_iris_unique(events)
    assert events[0].iri != events[1].iri and "same" not in events[0].iri + events[1].iri


def test_iris_do_not_depend_on_the_order_of_the_inputs(tmp_path):
    files = sorted(SEEDS.iterdir())
    build(files, tmp_path / "a")
    build(list(reversed(files)), tmp_path / "b")
    assert [e["id"] for e in _events(tmp_path / "a")] == [e["id"] for e in _events(tmp_path / "b")]


def _article(path: Path, published: datetime, url: str, body: str) -> None:
    path.write_text(f"<!--{int(published.timestamp() * 1000)}-->\n[t]({url})\n------\n<p>{body}</p>\n", encoding="utf-8")


def test_a_refined_event_keeps_its_old_iri(tmp_path):
    """A first article dates a meeting to a month; a later one gives the day. The event's IRI changes with
    its date; the old IRI stays, owl:sameAs and dcterms:isReplacedBy the new, and in former_ids."""
    src, store = tmp_path / "in", tmp_path / "store"
    src.mkdir()
    _article(src / "a.txt", datetime(2024, 5, 20, 4, tzinfo=timezone.utc), "https://example.org/a",
             "国家主席习近平本月在北京会见了法国总统马克龙。")
    build([src], tmp_path / "out1", store=store)
    (first,) = [e for e in _events(tmp_path / "out1") if e["type"] == "Meeting"]
    assert first["date"] == "2024-05" and first["former_ids"] == []
    _article(src / "b.txt", datetime(2024, 5, 21, 4, tzinfo=timezone.utc), "https://example.org/b",
             "5月6日，国家主席习近平在北京会见了法国总统马克龙。")
    build([src], tmp_path / "out2", store=store)
    (second,) = [e for e in _events(tmp_path / "out2") if e["type"] == "Meeting"]
    assert second["date"] == "2024-05-06" and second["id"] != first["id"]
    assert second["former_ids"] == [first["id"]]
    g = Graph().parse(tmp_path / "out2" / "graph.ttl")
    assert (URIRef(first["id"]), OWL.sameAs, URIRef(second["id"])) in g
    assert (URIRef(first["id"]), DCTERMS.isReplacedBy, URIRef(second["id"])) in g
    # a third build with nothing new keeps the link
    build([src], tmp_path / "out3", store=store)
    assert _events(tmp_path / "out3") == _events(tmp_path / "out2")
