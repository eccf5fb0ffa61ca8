"""The RDF store: an rdflib ``Dataset`` with one named graph per article.

Graphs (IRIs under ``vocab.ID``):
  ``graph/article/<id>``  what that article asserts: the article, its reports (evidence sentence, offsets,
                          trigger, its reading of date, place and status, how it names each participant),
                          ``article kg:reports event`` and the event's type and participants as it says.
  ``graph/events``        the consolidated events: best-supported date, place, status, confidence.
  ``graph/entities``      persons and places: names, aliases as written, country, role, Wikidata sameAs.
"""

from __future__ import annotations

import hashlib

from rdflib import OWL, RDF, RDFS, XSD, Dataset, Literal, Namespace, URIRef
from rdflib.namespace import PROV, SDO

from .article import Article
from .consolidate import Entity, Event, iri_segment, person_iri
from .extract import EventReport
from .timex import DateValue
from .vocab import ID, KG

WD = Namespace("http://www.wikidata.org/entity/")
EVENTS_GRAPH = ID["graph/events"]
ENTITIES_GRAPH = ID["graph/entities"]
_STATUS = {"happened": KG.Happened, "planned": KG.Planned}
_PRECISION = {"day": KG.Day, "month": KG.Month, "year": KG.Year}


def article_iri(article: Article) -> URIRef:
    return ID[f"article/{article.id}"]


def article_graph_iri(article: Article) -> URIRef:
    return ID[f"graph/article/{article.id}"]


def report_iri(report: EventReport) -> URIRef:
    """One per report: article, trigger offset, type, and the participants (分别会见 A、B gives two reports
    at one trigger)."""
    who = hashlib.sha1("|".join(sorted(p.key for p in report.participants)).encode("utf-8")).hexdigest()[:8]
    return ID[f"report/{report.article.id}-{report.trigger_span[0]}-{report.type}-{who}"]


def place_iri(name: str) -> URIRef:
    return ID[f"place/{iri_segment(name)}"]


def date_literal(value: DateValue) -> Literal:
    """``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` by precision."""
    datatype = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}[value.precision]
    return Literal(value.iso(), datatype=datatype)


def _add_date(g, node: URIRef, value: DateValue) -> None:
    """``kg:date``, ``kg:datePrecision`` and, for a range, ``kg:dateEnd`` of ``node``."""
    g.add((node, KG.date, date_literal(value)))
    g.add((node, KG.datePrecision, _PRECISION[value.precision]))
    if value.end:
        g.add((node, KG.dateEnd, date_literal(value.end)))


def new_dataset() -> Dataset:
    ds = Dataset(default_union=True)
    for prefix, ns in (("kg", KG._NS), ("id", ID), ("schema", SDO), ("prov", PROV), ("owl", OWL), ("wd", WD)):
        ds.bind(prefix, ns)
    return ds


def build_dataset(articles: list[Article], events: list[Event], entities: dict[str, Entity]) -> Dataset:
    """The dataset of a build: every article's named graph, the events graph and the entities graph."""
    ds = new_dataset()
    by_report: dict[int, Event] = {id(r): e for e in events for r in e.reports}
    reports_of: dict[str, list[EventReport]] = {}
    for e in events:
        for r in e.reports:
            reports_of.setdefault(r.article.id, []).append(r)
    for article in sorted(articles, key=lambda a: a.id):
        g = ds.graph(article_graph_iri(article))
        a = article_iri(article)
        g.add((a, RDF.type, KG.Article))
        g.add((a, SDO.headline, Literal(article.title)))
        if article.url:
            g.add((a, SDO.url, Literal(article.url, datatype=XSD.anyURI)))
        g.add((a, SDO.datePublished, Literal(article.published.isoformat(), datatype=XSD.dateTime)))
        g.add((a, KG.outlet, Literal(article.outlet)))
        g.add((a, KG.sourceFile, Literal(article.file)))
        for r in sorted(reports_of.get(article.id, []), key=lambda r: r.trigger_span):
            _add_report(g, a, r, by_report[id(r)])
    g = ds.graph(EVENTS_GRAPH)
    for e in events:
        ev = URIRef(e.iri)
        g.add((ev, RDF.type, KG[e.type]))
        g.add((ev, RDFS.label, Literal(f"{e.type}: {'–'.join(e.participants)}" + (f" {e.date.iso()}" if e.date else ""))))
        g.add((ev, KG.status, _STATUS[e.status]))
        g.add((ev, KG.confidence, Literal(str(e.confidence), datatype=XSD.decimal)))
        if e.date:
            _add_date(g, ev, e.date)
        if e.place:
            g.add((ev, KG.place, place_iri(e.place)))
        if e.venue:
            g.add((ev, KG.place, place_iri(e.venue)))
        for key in e.participants:
            g.add((ev, KG.participant, URIRef(entities[key].iri)))
        for key in e.hosts:
            if key in entities:
                g.add((ev, KG.host, URIRef(entities[key].iri)))
        for key in e.visitors:
            if key in entities:
                g.add((ev, KG.visitor, URIRef(entities[key].iri)))
    g = ds.graph(ENTITIES_GRAPH)
    for key in sorted(entities):
        ent = entities[key]
        p = URIRef(ent.iri)
        g.add((p, RDF.type, KG.Person))
        g.add((p, SDO.name, Literal(ent.key, lang="zh")))
        g.add((p, RDFS.label, Literal(ent.key, lang="zh")))
        if ent.en:
            g.add((p, SDO.name, Literal(ent.en, lang="en")))
        for form in sorted(ent.forms):
            if form != ent.key:
                g.add((p, SDO.alternateName, Literal(form, lang="zh")))
        g.add((p, KG.linked, Literal(ent.linked)))
        if ent.qid:
            g.add((p, OWL.sameAs, WD[ent.qid]))
        if ent.country:
            g.add((p, KG.country, Literal(ent.country)))
        if ent.role:
            g.add((p, KG.role, Literal(ent.role)))
    for e in events:
        for name in (e.place, e.venue):
            if name:
                pl = place_iri(name)
                g.add((pl, RDF.type, KG.Place))
                g.add((pl, SDO.name, Literal(name, lang="zh")))
                g.add((pl, RDFS.label, Literal(name, lang="zh")))
    return ds


def _add_report(g, a: URIRef, r: EventReport, event: Event) -> None:
    ev = URIRef(event.iri)
    rep = report_iri(r)
    g.add((a, KG.reports, ev))
    g.add((ev, RDF.type, KG[r.type]))
    g.add((ev, KG.report, rep))
    g.add((rep, RDF.type, KG.Report))
    g.add((rep, KG.article, a))
    g.add((rep, KG.evidence, Literal(r.evidence)))
    g.add((rep, KG.start, Literal(r.sentence[0])))
    g.add((rep, KG.end, Literal(r.sentence[1])))
    g.add((rep, KG.trigger, Literal(r.trigger)))
    g.add((rep, KG.status, _STATUS[r.status]))
    if r.date:
        _add_date(g, rep, r.date)
    if r.place:
        g.add((rep, KG.place, place_iri(r.place.name)))
    for i, m in enumerate(r.participants):
        person = URIRef(person_iri(m.key))
        g.add((ev, KG.participant, person))
        pm = URIRef(f"{rep}/p{i}")
        g.add((rep, KG.participantMention, pm))
        g.add((pm, RDF.type, KG.ParticipantMention))
        g.add((pm, KG.entity, person))
        g.add((pm, KG.mention, Literal(m.text)))
        if m.role:
            g.add((pm, KG.role, Literal(m.role)))
        if m.country:
            g.add((pm, KG.country, Literal(m.country)))
