"""SPARQL over a built graph, and the named queries shipped in ``kg/queries/*.rq``.

``run_query(source, query, bindings)`` returns ``(columns, rows)`` of plain Python values; ``source``
is an rdflib ``Dataset`` (a graph file loaded with ``load_graph``), a ``persist.Store``, or a
``remote.SparqlEndpoint``. A query is either SPARQL text, a path to a ``.rq`` file, or the name of a
shipped query (``top-pairs``).
``select(...)`` gives the same as a ``QueryResult`` with ``to_dataframe()``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Literal, URIRef

QUERY_DIR = Path(__file__).parent / "queries"


def named_queries() -> dict[str, Path]:
    """The shipped queries by name: ``{"top-pairs": Path(...)}``."""
    return {p.stem: p for p in sorted(QUERY_DIR.glob("*.rq"))}


def query_text(query: str) -> str:
    """SPARQL text for a shipped query name, a file path, or SPARQL itself."""
    shipped = named_queries()
    if query in shipped:
        return shipped[query].read_text(encoding="utf-8")
    p = Path(query)
    if len(query) < 4096 and p.suffix in (".rq", ".sparql") and p.is_file():
        return p.read_text(encoding="utf-8")
    return query


def load_graph(path: Path | str) -> Dataset:
    """Load a built graph (``graph.trig`` keeps the named graphs; ``.ttl`` and others load into the default graph).

    Raises ``FileNotFoundError`` when the file is missing.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no built graph here; run `kg build` first")
    ds = Dataset(default_union=True)
    fmt = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle", ".jsonld": "json-ld"}.get(path.suffix, "turtle")
    if fmt in ("trig", "nquads"):
        ds.parse(path, format=fmt)
    else:
        ds.default_graph.parse(path, format=fmt)
    return ds


def _bind_value(value: str):
    return URIRef(value) if value.startswith(("http://", "https://", "urn:")) else Literal(value)


@dataclass
class QueryResult:
    """The rows of a SELECT (or ASK) query: ``columns`` names, ``rows`` lists of Python values (``None``
    for unbound; literals as ``toPython()`` gives them, IRIs as strings)."""

    columns: list[str]
    rows: list[list]

    def to_dataframe(self):
        """The rows as a pandas DataFrame. Raises ``ImportError`` when pandas is not installed."""
        try:
            import pandas as pd
        except ImportError as e:
            raise ImportError("to_dataframe() needs pandas: pip install pandas") from e
        return pd.DataFrame(self.rows, columns=self.columns)


def select(source, query: str, bindings: dict[str, str] | None = None) -> QueryResult:
    """Run ``query`` (SPARQL, a .rq path or a shipped name) on ``source`` (a ``Dataset``, a ``persist.Store``
    or a ``remote.SparqlEndpoint``)."""
    return QueryResult(*run_query(source, query, bindings))


def run_query(source, query: str, bindings: dict[str, str] | None = None) -> tuple[list[str], list[list]]:
    """Run a SELECT (or ASK) query; returns column names and rows of Python values (``None`` for unbound).

    Raises ``ValueError`` for other query forms and ``SyntaxError`` (pyoxigraph) or the rdflib parser's
    exception for malformed SPARQL.
    """
    if not isinstance(source, Dataset):
        return _run_on_store(source, query, bindings)
    init = {k: _bind_value(v) for k, v in (bindings or {}).items()}
    return _rows(source.query(query_text(query), initBindings=init))


def _rows(result) -> tuple[list[str], list[list]]:
    """Columns and rows of an rdflib query ``Result``."""
    if result.type == "ASK":
        return ["ask"], [[bool(result.askAnswer)]]
    if result.type != "SELECT":
        raise ValueError("only SELECT and ASK queries print as tables")
    columns = [str(v) for v in result.vars]
    rows = [[None if v is None else (v.toPython() if isinstance(v, Literal) else str(v)) for v in row] for row in result]
    return columns, rows


def _run_on_store(store, query: str, bindings: dict[str, str] | None) -> tuple[list[str], list[list]]:
    result = store.query(query_text(query), bindings)
    if not isinstance(result, (ox.QueryBoolean, ox.QuerySolutions, ox.QueryTriples)):
        return _rows(result)  # a store on a SPARQL server answers with an rdflib Result
    if isinstance(result, ox.QueryBoolean):
        return ["ask"], [[bool(result)]]
    if not isinstance(result, ox.QuerySolutions):
        raise ValueError("only SELECT and ASK queries print as tables")
    columns = [v.value for v in result.variables]
    values: dict = {None: None}  # term -> Python value: a result repeats its events, articles and headlines
    rows = []
    for row in result:
        out = []
        for term in row:
            value = values.get(term, values)
            if value is values:
                value = values[term] = _python(term)
            out.append(value)
        rows.append(out)
    return columns, rows


_PLAIN = {"http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}


def _python(term):
    """A pyoxigraph term as the Python value rdflib would give."""
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if term.language or datatype in _PLAIN:
            return term.value
        return Literal(term.value, datatype=URIRef(datatype)).toPython()
    return term.value


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def format_table(columns: list[str], rows: list[list]) -> str:
    """Rows as an aligned text table; wide (CJK) characters count as two columns."""
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    def line(values):
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)).rstrip()
    out = [line(columns), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    return "\n".join(out)
