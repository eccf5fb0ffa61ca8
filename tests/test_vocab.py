"""The vocabulary module and ontology/kg.ttl define the same terms."""

from rdflib import OWL, RDF, Graph

from kg.vocab import KG
from conftest import ROOT


def test_vocab_module_equals_ontology_terms():
    g = Graph().parse(ROOT / "ontology" / "kg.ttl")
    ns = str(KG._NS)
    defined = {str(s)[len(ns):] for s in g.subjects() if str(s).startswith(ns)}
    in_code = set(KG.__annotations__)
    assert defined == in_code


def test_every_term_is_typed_in_the_ontology():
    g = Graph().parse(ROOT / "ontology" / "kg.ttl")
    for term in KG.__annotations__:
        assert (KG[term], RDF.type, None) in g, term
    assert (None, RDF.type, OWL.Ontology) in g


def test_closed_namespace_rejects_typos():
    import pytest

    with pytest.raises(AttributeError):
        KG.partisipant  # noqa: B018
