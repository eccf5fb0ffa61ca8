"""The RDF store: an rdflib ``Dataset`` with one named graph per article.

Graphs (IRIs under ``vocab.ID``):
  ``graph/article/<id>``  what that article asserts: the article (with its provenance: reader, file,
                          line, time zone) and its reports (contact type, evidence
                          sentence, offsets, trigger, its reading of date, place and status, how it names
                          each participant). Nothing in it depends on other articles.
  ``graph/events``        the consolidated events (and ``owl:sameAs`` from their former IRIs): best-supported date, place, status, confidence, and the
                          provenance links ``article kg:reports event`` and ``event kg:report report``.
  ``graph/entities``      persons and places: names, aliases as written, country, role, Wikidata sameAs.
  ``graph/encounters``    what needs the whole build: super-events across buckets (a visit and the talks
                          held during it), realisations of plans, the visits inferred for trips, and each
                          event's CAMEO/PLOVER codes and date basis.
"""

from __future__ import annotations

import hashlib

from rdflib import OWL, RDF, RDFS, XSD, Dataset, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SDO

from .article import Article
from .consolidate import Entity, Event, entity_iri, iri_segment
from .encounters import link_encounters
from .interop import Interop, country_code, date_basis, entity_qid, name_en, participant_fields
from .extract import EventReport
from .timex import DateValue
from .vocab import CODE, ID, KG, SEM

WD = Namespace("http://www.wikidata.org/entity/")
EVENTS_GRAPH = ID["graph/events"]
ENTITIES_GRAPH = ID["graph/entities"]
ENCOUNTERS_GRAPH = ID["graph/encounters"]  # links across buckets (super-events, realisations), inferred visits
STORE_GRAPH = ID["graph/store"]  # on a SPARQL server: the id of the kg index that writes there
_STATUS = {"happened": KG.Happened, "planned": KG.Planned}
_PRECISION = {"day": KG.Day, "month": KG.Month, "year": KG.Year}
_BASIS = {"explicit": KG.Explicit, "relative": KG.Relative, "inferred": KG.Inferred}
_ENTITY_CLASS = {"person": KG.Person, "country": KG.Country, "organization": KG.Organization}


def article_iri(article: Article) -> URIRef:
    return ID[f"article/{article.id}"]


def article_graph_iri(article: Article | str) -> URIRef:
    """The named graph of an article (or of an article id)."""
    return ID[f"graph/article/{article if isinstance(article, str) else article.id}"]


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


def _date_triples(node: URIRef, value: DateValue):
    """``kg:date``, ``kg:datePrecision`` and, for a range, ``kg:dateEnd`` of ``node``."""
    yield node, KG.date, date_literal(value)
    yield node, KG.datePrecision, _PRECISION[value.precision]
    if value.end:
        yield node, KG.dateEnd, date_literal(value.end)


def new_dataset() -> Dataset:
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    return ds


PREFIXES = {"kg": str(KG._NS), "id": str(ID), "schema": str(SDO), "prov": str(PROV), "owl": str(OWL),
            "wd": str(WD), "rdfs": str(RDFS), "xsd": str(XSD), "dcterms": str(DCTERMS), "sem": str(SEM), "code": str(CODE)}

Quad = tuple  # (subject, predicate, object, graph), rdflib terms


def build_dataset(articles: list[Article], events: list[Event], entities: dict[str, Entity]) -> Dataset:
    """The dataset of a build in memory: every article's named graph, the events graph and the entities graph."""
    ds = new_dataset()
    ds.addN(dataset_quads(articles, events, entities))
    return ds


def dataset_quads(articles: list[Article], events: list[Event], entities: dict[str, Entity]):
    """The quads of ``build_dataset``, one at a time."""
    reports_of = reports_by_article(events)
    for article in sorted(articles, key=lambda a: a.id):
        yield from article_quads(article, reports_of.get(article.id, []))
    yield from event_quads(events, entities)
    interop = Interop.load()
    yield from entity_quads(entities.values(), events, interop)
    yield from encounter_quads(link_encounters(events, entities), events, entities, interop)


def reports_by_article(events: list[Event]) -> dict[str, list[EventReport]]:
    out: dict[str, list[EventReport]] = {}
    for e in events:
        for r in e.reports:
            out.setdefault(r.article.id, []).append(r)
    return out


def article_quads(article: Article, reports: list[EventReport]) -> list[Quad]:
    """The named graph of one article: what it is and what it says (its reports), and nothing that depends
    on other articles, so adding an article to a store never rewrites another article's graph."""
    g = article_graph_iri(article)
    a = article_iri(article)
    out = [(a, RDF.type, KG.Article, g), (a, SDO.headline, Literal(article.title), g),
           (a, SDO.datePublished, Literal(article.published.isoformat(), datatype=XSD.dateTime), g),
           (a, KG.outlet, Literal(article.outlet), g), (a, KG.sourceFile, Literal(article.file), g)]
    if article.url:
        out.append((a, SDO.url, Literal(article.url, datatype=XSD.anyURI), g))
    out.extend((s, p, o, g) for s, p, o in provenance_triples(a, article))
    for r in sorted(reports, key=lambda r: (r.trigger_span, report_iri(r))):
        out.extend((s, p, o, g) for s, p, o in _report_triples(a, r))
    return out


def provenance_triples(a: URIRef, article: Article):
    """Which reader made the article, from which line of its file, and how its publication time's zone
    was chosen (``Article.provenance``)."""
    pv = article.provenance
    yield a, KG.reader, Literal(pv.reader)
    if pv.line is not None:
        yield a, KG.sourceLine, Literal(pv.line)
    yield a, KG.timeZone, Literal(pv.time_zone)
    yield a, KG.timeZoneBasis, Literal(pv.time_zone_basis)
    if pv.time_given:
        yield a, KG.timeGiven, Literal(True)
    if pv.summary_only:
        yield a, KG.summaryOnly, Literal(True)


def _report_triples(a: URIRef, r: EventReport):
    rep = report_iri(r)
    yield rep, RDF.type, KG.Report
    yield rep, KG.contactType, KG[r.type]
    yield rep, KG.article, a
    yield rep, KG.evidence, Literal(r.evidence)
    yield rep, KG.start, Literal(r.sentence[0])
    yield rep, KG.end, Literal(r.sentence[1])
    yield rep, KG.trigger, Literal(r.trigger)
    yield rep, KG.status, _STATUS[r.status]
    if r.date:
        yield from _date_triples(rep, r.date)
    if r.place:
        yield rep, KG.place, place_iri(r.place.name)
    for i, m in enumerate(r.participants):
        pm = URIRef(f"{rep}/p{i}")
        yield rep, KG.participantMention, pm
        yield pm, RDF.type, KG.ParticipantMention
        yield pm, KG.entity, URIRef(entity_iri(m.key, m.kind))
        yield pm, KG.mention, Literal(m.text)
        yield pm, KG.side, Literal(r.side_of(i))
        if m.role:
            yield pm, KG.role, Literal(m.role)
        if m.country:
            yield pm, KG.country, Literal(m.country)


def event_quads(events: list[Event], entities: dict[str, Entity] | None = None, graph: URIRef = EVENTS_GRAPH) -> list[Quad]:
    """The events graph's quads for ``events``: type, label, status, confidence, date, place, participants
    (hosts and visitors), and the provenance links ``article kg:reports event`` and ``event kg:report report``.
    ``graph``: the named graph to put them in."""
    g = graph
    out: list[Quad] = []
    for e in events:
        ev = URIRef(e.iri)
        out += [(ev, RDF.type, KG[e.type], g),
                (ev, RDFS.label, Literal(f"{e.type}: {'–'.join(e.participants)}" + (f" {e.date.iso()}" if e.date else "")), g),
                (ev, KG.status, _STATUS[e.status], g),
                (ev, KG.confidence, Literal(str(e.confidence), datatype=XSD.decimal), g)]
        if e.date:
            out.extend((s, p, o, g) for s, p, o in _date_triples(ev, e.date))
        for name in (e.place, e.venue):
            if name:
                out.append((ev, KG.place, place_iri(name), g))
        for prop, keys in ((KG.participant, e.participants), (KG.host, e.hosts), (KG.visitor, e.visitors)):
            for key in keys:
                out.append((ev, prop, URIRef(entity_iri(key, e.kinds.get(key, "person"))), g))
        sides = sorted(set(e.sides.values()))
        for side in sides if len(sides) < len(e.participants) else ():  # none when each is a side of its own
            s = URIRef(f"{e.iri}/side/{side}")
            out += [(ev, KG.hasSide, s, g), (s, RDF.type, KG.Side, g)]
            out += [(s, KG.member, URIRef(entity_iri(k, e.kinds.get(k, "person"))), g)
                    for k in e.participants if e.sides.get(k) == side]
        for r in e.reports:
            out.append((article_iri(r.article), KG.reports, ev, g))
            out.append((ev, KG.report, report_iri(r), g))
    return out


def encounter_quads(encounters, events: list[Event], entities: dict[str, Entity], interop) -> list[Quad]:
    """The encounters graph, what needs the whole build: the inferred visits (as ``event_quads`` describes
    events), each event ``schema:superEvent`` its visit and the visit ``sem:hasSubEvent`` it,
    ``kg:realises`` from a happened event to the plan it realises, and each event's ``kg:dateBasis``,
    ``kg:cameo``, ``kg:plover`` and ``kg:ploverMode`` (concepts of the ontology; the setting they depend on
    reads other buckets' events). ``encounters``: ``encounters.Encounters`` of ``events``; ``interop``:
    ``interop.Interop``."""
    g = ENCOUNTERS_GRAPH
    out = event_quads(encounters.inferred, graph=g)
    for sub, sup in sorted(encounters.super_event.items()):
        out += [(URIRef(sub), SDO.superEvent, URIRef(sup), g), (URIRef(sup), SEM.hasSubEvent, URIRef(sub), g)]
    out += [(URIRef(h), KG.realises, URIRef(p), g) for h, p in sorted(encounters.realises.items())]
    everything = list(events) + encounters.inferred
    by_iri = {e.iri: e for e in everything}
    for e in everything:
        ev = URIRef(e.iri)
        _, cameo, plover = participant_fields(e, entities, interop, encounters, by_iri)
        out += [(ev, KG.cameo, CODE[f"cameo/{cameo}"], g), (ev, KG.plover, CODE[f"plover/{plover['category']}"], g)]
        if plover["mode"]:
            out.append((ev, KG.ploverMode, CODE[f"plover-mode/{plover['mode']}"], g))
        basis = date_basis(e)
        if basis:
            out.append((ev, KG.dateBasis, _BASIS[basis], g))
    return out


def replaced_quads(former: dict[str, list[str]], graph: URIRef = EVENTS_GRAPH) -> list[Quad]:
    """Each former event IRI ``owl:sameAs`` and ``dcterms:isReplacedBy`` its successor, in ``graph`` (the
    events graph; the encounters graph for inferred visits). ``former`` maps a current IRI to the IRIs it
    replaced (``persist.Store.former_ids``)."""
    g = graph
    out: list[Quad] = []
    for new, olds in sorted(former.items()):
        for old in olds:
            out += [(URIRef(old), OWL.sameAs, URIRef(new), g), (URIRef(old), DCTERMS.isReplacedBy, URIRef(new), g)]
    return out


def entity_quads(entities, events: list[Event] = (), interop=None) -> list[Quad]:
    """The entities graph's quads: each person or state actor (names, aliases as written, country and its ISO
    code, role, sameAs Wikidata, dated positions from the gazetteer) and each place an event or one of its reports
    names, with its coordinates and ids (``interop``: ``interop.Interop``; none without it)."""
    g = ENTITIES_GRAPH
    out: list[Quad] = []
    for ent in sorted(entities, key=lambda e: e.key):
        p = URIRef(ent.iri)
        out += [(p, RDF.type, _ENTITY_CLASS.get(ent.kind, KG.Person), g), (p, SDO.name, Literal(ent.key, lang="zh"), g),
                (p, RDFS.label, Literal(ent.key, lang="zh"), g), (p, KG.linked, Literal(ent.linked), g)]
        en = name_en(ent, interop) if interop is not None else ent.en
        if en:
            out.append((p, SDO.name, Literal(en, lang="en"), g))
        for form in sorted(ent.forms):
            if form != ent.key:
                out.append((p, SDO.alternateName, Literal(form, lang="zh"), g))
        qid = entity_qid(ent, interop) if interop is not None else ent.qid
        if qid:
            out.append((p, OWL.sameAs, WD[qid], g))
        if ent.country:
            out.append((p, KG.country, Literal(ent.country), g))
        code = country_code(ent, None, interop) if interop is not None else ent.country_iso
        if code:
            out.append((p, KG.countryCode, Literal(code), g))
        if ent.role:
            out.append((p, KG.role, Literal(ent.role), g))
        for pos in ent.positions:
            # the end too: the Wikidata extract has terms of one office from one day with several ends
            node = URIRef(f"{p}/position/{iri_segment(pos.role)}-{pos.start.isoformat()}"
                          + (f"--{pos.end.isoformat()}" if pos.end else ""))
            out += [(p, KG.position, node, g), (node, RDF.type, KG.Position, g), (node, KG.role, Literal(pos.role), g),
                    (node, SDO.startDate, Literal(pos.start.isoformat(), datatype=XSD.date), g)]
            if pos.country or ent.country:
                out.append((node, KG.country, Literal(pos.country or ent.country), g))
            if pos.end:
                out.append((node, SDO.endDate, Literal(pos.end.isoformat(), datatype=XSD.date), g))
    out.extend(place_quads(place_names(events), interop))
    return out


def place_names(events: list[Event]) -> set[str]:
    """The places the events name, and those their reports name (a report may name another place than
    the event it was consolidated into)."""
    return ({n for e in events for n in (e.place, e.venue) if n}
            | {r.place.name for e in events for r in e.reports if r.place})


def place_quads(names, interop=None) -> list[Quad]:
    """Each place of ``names``: name, label, and with ``interop`` (``interop.Interop``) its Wikidata id
    (``owl:sameAs``), GeoNames id (``schema:sameAs``) and ``schema:latitude``/``schema:longitude``."""
    g = ENTITIES_GRAPH
    out: list[Quad] = []
    for name in sorted(names):
        pl = place_iri(name)
        out += [(pl, RDF.type, KG.Place, g), (pl, SDO.name, Literal(name, lang="zh"), g),
                (pl, RDFS.label, Literal(name, lang="zh"), g)]
        rec = interop.place_record(name, None, str(pl)) if interop is not None else {}
        if rec.get("qid"):
            out.append((pl, OWL.sameAs, WD[rec["qid"]], g))
        if rec.get("geonames"):
            out.append((pl, SDO.sameAs, URIRef(f"https://sws.geonames.org/{rec['geonames']}/"), g))
        if rec.get("lat") is not None:
            out += [(pl, SDO.latitude, Literal(str(rec["lat"]), datatype=XSD.decimal), g),
                    (pl, SDO.longitude, Literal(str(rec["lon"]), datatype=XSD.decimal), g)]
    return out
