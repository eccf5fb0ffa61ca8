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
    assert len(ids) == len(set(ids)) and {e.iri for e in result.events} <= set(ids)  # and the inferred visits
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


# ---------------------------------------------------------------------- encounters

@pytest.fixture(scope="module")
def seeds_events(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds")
    result = build([SEEDS], out, store=out.parent / "kg-store")
    return result, _events(out), out


def _encounters_of(records: list[dict], name: str, month: str) -> dict[str, list[dict]]:
    """The encounters (events with no super-event, with the events below them) that ``name`` takes part in
    and that are dated in ``month``."""
    by_id = {r["id"]: r for r in records}

    def root(r):
        while r["super_event"]:
            r = by_id[r["super_event"]]
        return r["id"]

    out: dict[str, list[dict]] = {}
    for r in records:
        out.setdefault(root(r), []).append(r)
    return {k: v for k, v in out.items() if (by_id[k]["date"] or "").startswith(month)
            and any(name in [p["name"] for p in r["participants"]] for r in v)}


def test_putins_state_visit_is_one_encounter_with_its_talks_inside(seeds_events):
    result, records, _ = seeds_events
    (members,) = _encounters_of(records, "普京", "2024-05").values()
    visit = next(r for r in members if r["super_event"] is None)
    assert visit["type"] == "Visit" and visit["date"] == "2024-05-16"
    talks = [r for r in members if r["type"] == "Talks"]
    assert len(talks) == 1 and talks[0]["super_event"] == visit["id"]
    assert {p["name"] for p in talks[0]["participants"]} == {"习近平", "普京"}


def test_lavrovs_april_trip_is_one_encounter_inferred_from_its_contacts(seeds_events):
    """No seed reports Lavrov's visit as such (来访的俄罗斯外长拉夫罗夫, 拉夫罗夫此行): his talks with 王毅 and his
    meeting with 习近平 in Beijing on 2024-04-09 make an inferred visit that holds both."""
    result, records, _ = seeds_events
    (members,) = _encounters_of(records, "拉夫罗夫", "2024-04").values()
    trip = next(r for r in members if r["super_event"] is None)
    assert trip["type"] == "Visit" and trip["date_basis"] == "inferred" and trip["date"] == "2024-04-09"
    assert [p["name"] for p in trip["participants"]] == ["拉夫罗夫"] and trip["place"]["name"] == "北京"
    inside = {frozenset(p["name"] for p in r["participants"]): r["type"] for r in members if r is not trip}
    assert inside == {frozenset({"拉夫罗夫", "王毅"}): "Talks", frozenset({"习近平", "拉夫罗夫"}): "Meeting"}


def test_stats_timelines_and_the_graph_count_encounters(seeds_events):
    from kg.analysis import monthly_contacts, network_stats
    from kg.export import contact_graph

    result, records, out = seeds_events
    assert dict(monthly_contacts(result.events, "普京", entities=result.entities))["2024-05"] == 1
    assert dict(monthly_contacts(result.events, "普京"))["2024-05"] == 1  # a visit holds its talks anyway
    assert dict(monthly_contacts(result.events, "拉夫罗夫", entities=result.entities))["2024-04"] == 1
    stats = network_stats(result.events, result.entities)
    assert stats["events"] == sum(1 for r in records if r["super_event"] is None) < stats["reported_events"]
    g = contact_graph(result.events, result.entities)
    xi = result.entities["习近平"].iri
    pu = result.entities["普京"].iri
    assert g.edges[xi, pu]["dates"].split(";").count("2024-05-16") == 1


def test_encounter_links_are_in_the_rdf(seeds_events):
    from rdflib.namespace import SDO

    from kg.vocab import SEM

    _, records, out = seeds_events
    g = Graph().parse(out / "graph.ttl")
    subs = [r for r in records if r["super_event"]]
    assert subs
    for r in subs:
        assert (URIRef(r["id"]), SDO.superEvent, URIRef(r["super_event"])) in g
        assert (URIRef(r["super_event"]), SEM.hasSubEvent, URIRef(r["id"])) in g


def test_a_plan_later_reported_as_happened_is_realised(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _article(src / "a.txt", datetime(2024, 4, 20, 4, tzinfo=timezone.utc), "https://example.org/a",
             "法国总统马克龙将会见国家主席习近平。")
    _article(src / "b.txt", datetime(2024, 5, 7, 4, tzinfo=timezone.utc), "https://example.org/b",
             "5月6日，国家主席习近平在巴黎会见了法国总统马克龙。")
    build([src], tmp_path / "out")
    records = _events(tmp_path / "out")
    planned = [r for r in records if r["status"] == "planned"]
    happened = [r for r in records if r["status"] == "happened"]
    assert len(planned) == len(happened) == 1
    assert happened[0]["realises"] == planned[0]["id"] and planned[0]["realises"] is None


# ---------------------------------------------------------------------- fields and event-data exports

def test_every_event_has_codes_and_every_linked_person_an_iso_code(corpus_build, resources):
    """ISO codes for every linked person of a country (a person of the EU, a region of the gazetteer with
    no ISO 3166 code, has none)."""
    _, out = corpus_build
    regions = {p.name for p in resources.places if p.kind == "region" and not p.iso3}
    records = _events(out)
    assert all(r["cameo"] and r["plover"]["category"] for r in records)
    assert all(r["date_precision"] == ({10: "day", 7: "month", 4: "year"}[len(r["date"])] if r["date"] else None)
               for r in records)
    assert {r["date_basis"] for r in records if r["date"]} <= {"explicit", "relative", "inferred"}
    for r in records:
        for p in r["participants"]:
            assert p["kind"] == "person" and isinstance(p["side"], int)
            assert p["protocol_role"] in ("host", "guest", None)
            if p["linked"] and p["country"] not in regions:
                assert p["country_code"] and len(p["country_code"]) == 3, p
    calls = [r for r in records if r["type"] == "PhoneCall" and r["status"] == "happened"]
    assert calls and all(r["cameo"] == "041" and r["plover"] == {"category": "CONSULT", "mode": "phone"} for r in calls)


def test_codes_roles_and_places_of_the_seeds(seeds_events):
    _, records, _ = seeds_events
    (talks,) = [r for r in records if r["type"] == "Talks" and r["date"] == "2024-05-16"]
    assert talks["cameo"] == "046" and talks["plover"] == {"category": "CONSULT", "mode": "visit"}
    roles = {p["name"]: (p["protocol_role"], p["country_code"], p["name_en"]) for p in talks["participants"]}
    assert roles == {"习近平": ("host", "CHN", "Xi Jinping"), "普京": ("guest", "RUS", "Vladimir Putin")}
    assert talks["place"]["name"] == "北京" and talks["place"]["kind"] == "city"
    assert talks["place"]["geonames"] == 1816670 and abs(talks["place"]["lat"] - 39.9) < 0.1
    assert talks["date_basis"] == "explicit"  # 5月16日
    (lavrov_talks,) = [r for r in records if r["type"] == "Talks" and r["date"] == "2024-04-09"]
    assert lavrov_talks["date_basis"] == "relative"  # 周二
    assert {p["name"]: p["protocol_role"] for p in lavrov_talks["participants"]} == {"拉夫罗夫": "guest", "王毅": "host"}
    planned = [r for r in records if r["status"] == "planned"]
    assert planned and all(r["cameo"] == "036" and r["plover"]["category"] == "AGREE" for r in planned)
    (li,) = [r for r in planned if {p["name"] for p in r["participants"]} == {"普京", "李强"}]
    assert {p["name"]: p["protocol_role"] for p in li["participants"]} == {"普京": "guest", "李强": "host"}  # 普京此行


def test_the_codes_file_and_the_ontology_agree():
    from kg.interop import Interop
    from kg.vocab import CODE

    g = Graph().parse(HERE.parent / "ontology" / "kg.ttl")
    skos = "http://www.w3.org/2004/02/skos/core#"
    for rule in Interop.load().rules:
        assert (CODE[f"cameo/{rule.cameo}"], URIRef(skos + "notation"), None) in g, rule.cameo
        assert (CODE[f"plover/{rule.plover}"], URIRef(skos + "notation"), None) in g, rule.plover


def test_plover_icews_and_panel_exports(seeds_events, tmp_path):
    pd = pytest.importorskip("pandas")
    from click.testing import CliRunner

    from kg.cli import main

    _, records, out = seeds_events
    store = out.parent / "kg-store"
    for fmt in ("plover", "icews"):
        r = CliRunner().invoke(main, ["export", "--format", fmt, "--store", str(store), "-o", str(tmp_path / fmt)])
        assert r.exit_code == 0, r.output
    plover = pd.read_json(tmp_path / "plover", dtype={"cameo": str})
    assert len(plover) == len(records)
    assert {"event_id", "event_date", "event_type", "mode", "actor", "actor_country", "recipient",
            "recipient_country"} <= set(plover.columns)
    visit = plover[(plover.event_date == "2024-05-16") & (plover.cameo == "042")].iloc[0]
    assert (visit.actor, visit.actor_country, visit.recipient, visit.recipient_country) == \
        ("Vladimir Putin", "RUS", "Xi Jinping", "CHN")
    icews = pd.read_csv(tmp_path / "icews", sep="\t", dtype=str)
    assert list(icews.columns[:3]) == ["Event ID", "Event Date", "Source Name"] and len(icews) == len(records)
    row = icews[icews["Event ID"] == visit.event_id].iloc[0]
    assert (row["CAMEO Code"], row["Source Country"], row["Target Country"]) == ("042", "Russia", "People's Republic of China")
    r = CliRunner().invoke(main, ["panel", "--store", str(store), "-o", str(tmp_path / "panel.csv")])
    assert r.exit_code == 0 and "CHN" in r.output and "RUS" in r.output
    panel = pd.read_csv(tmp_path / "panel.csv")
    may = panel[(panel.country_a == "CHN") & (panel.country_b == "RUS") & (panel.month == "2024-05")]
    assert list(may.contacts) == [1]  # the state visit and its talks: one encounter
    april = panel[(panel.country_a == "CHN") & (panel.country_b == "RUS") & (panel.month == "2024-04")]
    assert list(april.contacts) == [1]  # Lavrov's trip (the planned summit is no contact)


def test_an_inferred_visit_keeps_its_old_iri_when_a_contact_extends_it(tmp_path):
    """Lavrov's trip, inferred from the 2024-04-09 contacts, starts a day earlier once an article reports
    a meeting on 04-08: the visit's IRI changes, the old one is in former_ids and owl:sameAs the new."""
    src, store = tmp_path / "in", tmp_path / "store"
    src.mkdir()
    for name in ("000_26a5a58398092db1.txt", "001_67399eae5ff3ec9e.txt"):
        (src / name).write_bytes((SEEDS / name).read_bytes())
    build([src], tmp_path / "out1", store=store)

    def trip(out):
        (t,) = [r for r in _events(out) if r["type"] == "Visit" and r["date_basis"] == "inferred"
                and [p["name"] for p in r["participants"]] == ["拉夫罗夫"]]
        return t

    first = trip(tmp_path / "out1")
    _article(src / "c.txt", datetime(2024, 4, 8, 12, tzinfo=timezone.utc), "https://example.org/c",
             "4月8日，中国国家副主席韩正在北京会见了来访的俄罗斯外长拉夫罗夫。")
    build([src], tmp_path / "out2", store=store)
    second = trip(tmp_path / "out2")
    assert second["date"] == "2024-04-08" and second["id"] != first["id"]
    assert second["former_ids"] == [first["id"]]
    assert (URIRef(first["id"]), OWL.sameAs, URIRef(second["id"])) in Graph().parse(tmp_path / "out2" / "graph.ttl")


@pytest.mark.parametrize("announced", [True, False])
def test_a_host_less_visit_joins_the_hosted_one(resources, announced):
    """普京16日抵达北京 (no host) and 应习近平邀请…普京16日至17日对中国进行国事访问: one visit; when the hosted one
    was only announced (将), the arrival realises it."""
    from kg.article import article_from_text
    from kg.consolidate import consolidate
    from kg.encounters import link_encounters
    from kg.extract import Extractor

    ex = Extractor(resources, use_lac=False)
    will = "将于" if announced else ""
    a = article_from_text(f"应国家主席习近平邀请，俄罗斯总统普京{will}5月16日至17日对中国进行国事访问。",
                          datetime(2024, 5, 10 if announced else 17, 4, tzinfo=timezone.utc), url="https://example.org/a")
    b = article_from_text("俄罗斯总统普京16日抵达北京，开始对中国的国事访问。", datetime(2024, 5, 16, 12, tzinfo=timezone.utc),
                          url="https://example.org/b")
    events, entities = consolidate(ex.extract(a) + ex.extract(b))
    (hosted,) = [e for e in events if e.type == "Visit" and e.hosts]
    (arrival,) = [e for e in events if e.type == "Visit" and not e.hosts]
    links = link_encounters(events, entities)
    if announced:
        assert hosted.status == "planned" and links.realises == {arrival.iri: hosted.iri}
        assert arrival.iri not in links.super_event
    else:
        assert links.super_event == {arrival.iri: hosted.iri}
