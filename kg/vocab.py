"""The kg vocabulary as a closed namespace, mirroring ``ontology/kg.ttl``.

A typo such as ``KG.partisipant`` raises ``AttributeError`` instead of minting a new IRI.
``tests/test_vocab.py`` keeps this list equal to the terms the ontology file defines.
Instance IRIs (articles, persons, events) live under ``ID``.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = URIRef("https://w3id.org/kg-diplo/ontology")
ID = Namespace("https://w3id.org/kg-diplo/id/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
CODE = Namespace("https://w3id.org/kg-diplo/code/")  # CAMEO and PLOVER concepts of the ontology


class KG(DefinedNamespace):
    """Terms of ``ontology/kg.ttl``."""

    _NS = Namespace("https://w3id.org/kg-diplo/ontology#")
    _fail = True

    # classes
    Article: URIRef
    Person: URIRef
    Place: URIRef
    Organization: URIRef
    Country: URIRef
    ContactEvent: URIRef
    Meeting: URIRef
    Talks: URIRef
    Visit: URIRef
    PhoneCall: URIRef
    Summit: URIRef
    Report: URIRef
    ParticipantMention: URIRef
    Side: URIRef
    Position: URIRef
    DatePrecision: URIRef
    EventStatus: URIRef
    DateBasis: URIRef
    # individuals
    Day: URIRef
    Month: URIRef
    Year: URIRef
    Happened: URIRef
    Planned: URIRef
    Explicit: URIRef
    Relative: URIRef
    Inferred: URIRef
    # properties
    participant: URIRef
    host: URIRef
    visitor: URIRef
    date: URIRef
    dateEnd: URIRef
    datePrecision: URIRef
    place: URIRef
    status: URIRef
    confidence: URIRef
    realises: URIRef
    cameo: URIRef
    plover: URIRef
    ploverMode: URIRef
    countryCode: URIRef
    dateBasis: URIRef
    reports: URIRef
    report: URIRef
    contactType: URIRef
    article: URIRef
    evidence: URIRef
    start: URIRef
    end: URIRef
    trigger: URIRef
    mention: URIRef
    participantMention: URIRef
    side: URIRef
    hasSide: URIRef
    member: URIRef
    position: URIRef
    entity: URIRef
    sourceFile: URIRef
    sourceLine: URIRef
    reader: URIRef
    timeZone: URIRef
    timeZoneBasis: URIRef
    timeGiven: URIRef
    summaryOnly: URIRef
    outlet: URIRef
    role: URIRef
    country: URIRef
    linked: URIRef
