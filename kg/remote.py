"""The RDF of a store kept on a SPARQL 1.1 server (Virtuoso, Jena Fuseki, GraphDB, …), spoken to with
SPARQLWrapper over the SPARQL 1.1 Protocol: queries to the query endpoint, ``INSERT DATA``, ``DROP`` and
``DELETE`` to the update endpoint.

The server needs a default graph that is the union of the named graphs, as Virtuoso's is (Fuseki:
``tdb2:unionDefaultGraph true``; GraphDB: the default). Writes go in requests of at most ``batch``
triples: one huge request stalls a server on lock waits. Credentials come from the environment, never
from a command line: ``KG_SPARQL_USER``, ``KG_SPARQL_PASSWORD`` and ``KG_SPARQL_AUTH`` (``basic``, the
default, or ``digest``, which Virtuoso's ``/sparql-auth`` asks for).
"""

from __future__ import annotations

import http.client
import io
import os
import time

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.query import Result


class RemoteError(RuntimeError):
    """A SPARQL server that could not be reached or refused a request; the message names its URL."""


def is_endpoint(location: str) -> bool:
    """Is ``location`` the URL of a SPARQL server (``http://`` or ``https://``) rather than a folder?"""
    return str(location).startswith(("http://", "https://"))


class SparqlEndpoint:
    """A SPARQL 1.1 server: ``query_url`` answers queries, ``update_url`` (default: the same) takes updates.

    ``user``/``password``/``auth`` default to ``KG_SPARQL_USER``, ``KG_SPARQL_PASSWORD`` and
    ``KG_SPARQL_AUTH``. ``batch``: most triples per write request. ``timeout``: seconds per request.
    A request that fails for a passing reason (no connection: the server restarting; a time-out; HTTP
    502/503/504) is sent again up to ``retries`` times, after ``backoff`` seconds, doubled each time
    (1+2+4+8+16 = 31 s by default), once the server has answered a first request. Every method raises
    ``RemoteError`` when the server cannot be reached or answers with an error.
    """

    def __init__(self, query_url: str, update_url: str | None = None, user: str | None = None,
                 password: str | None = None, auth: str | None = None, batch: int = 2000, timeout: float = 300,
                 retries: int = 5, backoff: float = 1.0):
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.user = user if user is not None else os.environ.get("KG_SPARQL_USER")
        self.password = password if password is not None else os.environ.get("KG_SPARQL_PASSWORD", "")
        self.auth = (auth or os.environ.get("KG_SPARQL_AUTH") or "basic").lower()
        if self.auth not in ("basic", "digest"):
            raise RemoteError(f"KG_SPARQL_AUTH must be basic or digest, not {self.auth!r}")
        self.batch = batch
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.answered = False  # has the server answered a request? (before that, no retries)

    def __repr__(self) -> str:
        return f"SparqlEndpoint({self.query_url!r}, update_url={self.update_url!r})"

    # ------------------------------------------------------------------ protocol

    def _wrapper(self, url: str):
        from SPARQLWrapper import BASIC, DIGEST, POST, SPARQLWrapper

        w = SPARQLWrapper(url)
        w.setMethod(POST)
        w.setTimeout(int(self.timeout))
        if self.user:
            w.setHTTPAuth(DIGEST if self.auth == "digest" else BASIC)
            w.setCredentials(self.user, self.password)
        return w

    def update(self, text: str) -> None:
        """Send one SPARQL Update request (again, after a pause, when the server cannot be reached for a
        while: see ``_with_retries``; kg's updates, applied twice, give the same graph)."""
        def send():
            w = self._wrapper(self.update_url)
            w.setQuery(text)
            w.query().response.read()
        self._with_retries(send, f"{self.update_url}: update failed")

    def _with_retries(self, request, what: str):
        """``request()``, tried up to ``1 + retries`` times while the failure is transient (``_transient``),
        waiting ``backoff`` seconds, then twice that, and so on (at most 30 s a wait); only once the
        server has answered a request, so that a server never reached (a wrong URL, a server not
        started) fails at once. Raises ``RemoteError`` (``what: reason``) on an error that is not
        transient, or on the last one."""
        for attempt in range(self.retries + 1):
            try:
                answer = request()
                self.answered = True
                return answer
            except Exception as e:  # URLError, SPARQLWrapper's HTTP errors, timeouts
                if attempt == self.retries or not self.answered or not _transient(e):
                    raise RemoteError(f"{what}: {_reason(e)}" + (f" (after {attempt + 1} attempts)" if attempt else "")) from e
                time.sleep(min(30.0, self.backoff * 2 ** attempt))

    def query(self, sparql: str, bindings: dict | None = None) -> Result:
        """Run a SELECT or ASK query; the result as an rdflib ``Result`` (JSON results format).
        ``bindings`` as for ``persist.Store.query``."""
        from SPARQLWrapper import JSON

        if bindings:
            from .persist import bind_values
            sparql = bind_values(sparql, bindings)

        def ask():
            w = self._wrapper(self.query_url)
            w.setQuery(sparql)
            w.setReturnFormat(JSON)
            return w.query().response.read()
        raw = self._with_retries(ask, f"{self.query_url}: query failed")
        return Result.parse(io.BytesIO(raw), format="json")

    # ------------------------------------------------------------------ what a store does with it

    def insert(self, quads) -> None:
        """Insert rdflib quads ``(s, p, o, graph)`` with ``INSERT DATA``, ``batch`` triples a request."""
        chunk: list = []
        for q in quads:
            chunk.append(q)
            if len(chunk) >= self.batch:
                self.update(_insert_data(chunk))
                chunk = []
        if chunk:
            self.update(_insert_data(chunk))

    def drop_graphs(self, graphs) -> None:
        """Drop named graphs (IRIs); a graph the server does not hold is no error."""
        graphs = sorted({str(g) for g in graphs})
        for i in range(0, len(graphs), 200):
            self.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs[i:i + 200]))

    def replace_graph(self, graph, quads) -> None:
        """Make the named graph ``graph`` hold exactly ``quads`` (rdflib quads in that graph): drop, insert."""
        self.drop_graphs([graph])
        self.insert(quads)

    def delete_nodes(self, graph, nodes, follow=None) -> None:
        """In ``graph``, delete every triple whose subject or object is one of ``nodes`` (IRIs), and the
        triples of the nodes they link to by the predicate ``follow`` (a person's positions, an event's sides)."""
        nodes = sorted({str(n) for n in nodes})
        for i in range(0, len(nodes), 200):
            values = " ".join(f"<{n}>" for n in nodes[i:i + 200])
            if follow is not None:
                self.update(f"DELETE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{graph}> {{ "
                            f"VALUES ?n {{ {values} }} ?n <{follow}> ?s . ?s ?p ?o }} }}")
            self.update(f"DELETE {{ GRAPH <{graph}> {{ ?n ?p ?o }} }} WHERE {{ GRAPH <{graph}> {{ "
                        f"VALUES ?n {{ {values} }} ?n ?p ?o }} }}")
            self.update(f"DELETE {{ GRAPH <{graph}> {{ ?s ?p ?n }} }} WHERE {{ GRAPH <{graph}> {{ "
                        f"VALUES ?n {{ {values} }} ?s ?p ?n }} }}")

    def get_marker(self, graph: str) -> str | None:
        """The store id a kg index wrote into ``graph`` on this server, or ``None``."""
        result = self.query(f"SELECT ?id WHERE {{ GRAPH <{graph}> {{ <{graph}> <{DCTERMS.identifier}> ?id }} }}")
        ids = sorted(str(row[0]) for row in result)
        return ids[0] if ids else None

    def set_marker(self, graph: str, value: str) -> None:
        """Write the store id of a kg index into ``graph`` (replacing any other)."""
        self.update(f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{ "
                    f"<{graph}> <{DCTERMS.identifier}> {Literal(value).n3()} }} }}")


def _insert_data(quads) -> str:
    """``INSERT DATA`` for rdflib quads, grouped by graph; terms written by rdflib's ``n3()``."""
    by_graph: dict = {}
    for s, p, o, g in quads:
        by_graph.setdefault(g, []).append(f"{s.n3()} {p.n3()} {o.n3()} .")
    parts = [f"GRAPH {URIRef(g).n3()} {{\n" + "\n".join(triples) + "\n}" for g, triples in by_graph.items()]
    return "INSERT DATA {\n" + "\n".join(parts) + "\n}"


def _transient(e: Exception) -> bool:
    """Is the failure ``e`` of a request one that may pass: no connection (a server restarting), a
    time-out, HTTP 502, 503 or 504? (A 500 is the server's answer to the request itself: Virtuoso's to
    an error in it.)"""
    from urllib.error import HTTPError, URLError

    if isinstance(e, HTTPError):
        return e.code in (502, 503, 504)
    return isinstance(e, (URLError, TimeoutError, ConnectionError, http.client.HTTPException))


def _reason(e: Exception) -> str:
    text = str(e) or type(e).__name__
    return text if len(text) < 500 else text[:500] + "…"
