"""``kg validate``: SHACL validation (pyshacl) of a built graph against ``ontology/shapes.ttl``."""

from __future__ import annotations

from importlib.resources import files

from rdflib import Graph


def shapes() -> Graph:
    """The SHACL shapes shipped in ``ontology/shapes.ttl``."""
    return Graph().parse(data=(files("kg.ontology") / "shapes.ttl").read_text(encoding="utf-8"), format="turtle")


def validate_graph(graph: Graph, shapes_graph: Graph | None = None) -> tuple[bool, str]:
    """Validate ``graph`` (a build's union graph). Returns ``(conforms, report text)``.

    Needs pyshacl (``pip install pyshacl``; ``ImportError`` says so when it is missing).
    """
    try:
        from pyshacl import validate
    except ImportError as e:
        raise ImportError("kg validate needs pyshacl: pip install pyshacl") from e
    conforms, _, text = validate(graph, shacl_graph=shapes_graph or shapes(), advanced=True, allow_warnings=True)
    return bool(conforms), text
