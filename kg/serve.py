"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over a store, and the graph page.

Routes: ``/sparql`` (GET with ``query=``, POST as a form or as ``application/sparql-query``; results as
SPARQL JSON, XML, CSV or TSV by the ``Accept`` header, graphs as Turtle, N-Triples or JSON-LD), ``/`` (the
built ``graph.html``) and ``/queries/<name>`` (a shipped query's text). Updates are refused.

Each query runs in a worker process that opens the store read-only; one that runs past the timeout is
stopped (the worker is killed and a new one started) and answered with 503. SELECT and CONSTRUCT queries
get a ``LIMIT`` of at most ``limit`` rows. Flask makes the application and waitress serves it.
"""

from __future__ import annotations

import multiprocessing as mp
import re
import threading
from pathlib import Path

_SELECT_FORMATS = {  # media type -> pyoxigraph QueryResultsFormat name
    "application/sparql-results+json": "JSON", "application/json": "JSON",
    "application/sparql-results+xml": "XML", "application/xml": "XML",
    "text/csv": "CSV", "text/tab-separated-values": "TSV",
}
_GRAPH_FORMATS = {"text/turtle": "TURTLE", "application/n-triples": "N_TRIPLES", "application/ld+json": "JSON_LD",
                  "application/rdf+xml": "RDF_XML"}
_LIMIT = re.compile(r"\bLIMIT\s+(\d+)(\s+OFFSET\s+\d+)?\s*$", re.I)
_UPDATE = re.compile(r"^\s*(?:(?:PREFIX|BASE)\b[^\n]*\n\s*)*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I)


def cap_limit(query: str, limit: int) -> str:
    """``query`` with a final ``LIMIT`` of at most ``limit`` (added when it has none)."""
    m = _LIMIT.search(query)
    if m:
        if int(m.group(1)) <= limit:
            return query
        return query[:m.start(1)] + str(limit) + query[m.end(1):]
    return f"{query.rstrip()}\nLIMIT {limit}"


def _worker(store_path: str, conn) -> None:  # runs in the worker process
    import pyoxigraph as ox

    store = ox.Store.read_only(store_path)
    while True:
        msg = conn.recv()
        if msg is None:
            return
        query, accept = msg
        try:
            result = store.query(query, use_default_graph_as_union=True)
            if isinstance(result, ox.QueryTriples):
                media = next((m for m in accept if m in _GRAPH_FORMATS), "text/turtle")
                body = ox.serialize(result, format=getattr(ox.RdfFormat, _GRAPH_FORMATS[media]))
            else:
                media = next((m for m in accept if m in _SELECT_FORMATS), "application/sparql-results+json")
                body = result.serialize(format=getattr(ox.QueryResultsFormat, _SELECT_FORMATS[media]))
            conn.send((200, body, media))
        except SyntaxError as e:
            conn.send((400, f"malformed query: {e}".encode(), "text/plain"))
        except Exception as e:  # an evaluation error is the client's answer, not the server's end
            conn.send((400, f"query failed: {e}".encode(), "text/plain"))


class QueryRunner:
    """Runs queries on a store in a worker process, one at a time, with a timeout in seconds."""

    def __init__(self, store_path: Path, timeout: float):
        self.store_path = str(Path(store_path) / "oxigraph")
        self.timeout = timeout
        self._lock = threading.Lock()
        self._ctx = mp.get_context("spawn")
        self._proc = None
        self._conn = None

    def _start(self) -> None:
        parent, child = self._ctx.Pipe()
        self._proc = self._ctx.Process(target=_worker, args=(self.store_path, child), daemon=True)
        self._proc.start()
        self._conn = parent

    def run(self, query: str, accept: list[str]) -> tuple[int, bytes, str]:
        """``(status, body, media type)``; 503 when the query ran past the timeout."""
        with self._lock:
            if self._proc is None or not self._proc.is_alive():
                self._start()
            self._conn.send((query, accept))
            if self._conn.poll(self.timeout):
                return self._conn.recv()
            self._proc.kill()
            self._proc.join()
            self._proc = None
            return 503, f"query stopped after {self.timeout:g} s".encode(), "text/plain"

    def close(self) -> None:
        with self._lock:
            if self._proc is not None and self._proc.is_alive():
                self._conn.send(None)
                self._proc.join(timeout=2)
                if self._proc.is_alive():
                    self._proc.kill()
            self._proc = None


def create_app(store_path: Path, exports: Path | None = None, timeout: float = 10.0, limit: int = 10000):
    """The Flask application over ``store_path`` (a store folder; ``persist.StoreError`` when there is none).
    ``exports`` is the folder whose ``graph.html`` is served at ``/``."""
    from flask import Flask, Response, abort, request, send_file

    from .persist import StoreError
    from .query import named_queries

    if not (Path(store_path) / "oxigraph").is_dir():
        if (Path(store_path) / "index.sqlite").is_file():
            raise StoreError(f"{store_path}: the graph of this store is on a SPARQL server; query the server itself")
        raise StoreError(f"{store_path}: no kg store here; run `kg build --store {store_path}` first")
    runner = QueryRunner(store_path, timeout)
    app = Flask("kg")
    app.config["runner"] = runner

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql():
        if request.method == "POST" and request.mimetype == "application/sparql-query":
            query = request.get_data(as_text=True)
        else:
            query = request.values.get("query")
        if request.values.get("update") or (query and _UPDATE.match(query)):
            return Response("this endpoint is read-only", status=403, mimetype="text/plain")
        if not query:
            return Response("give a SPARQL query as query=…", status=400, mimetype="text/plain")
        accept = [m for m, _ in request.accept_mimetypes] or ["application/sparql-results+json"]
        fmt = request.values.get("format")  # SPARQLWrapper and browsers may name the format
        if fmt in ("json", "xml", "csv", "tsv"):
            accept = [{"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                       "csv": "text/csv", "tsv": "text/tab-separated-values"}[fmt]] + accept
        if re.search(r"\b(SELECT|CONSTRUCT|DESCRIBE)\b", query, re.I):
            query = cap_limit(query, limit)
        status, body, media = runner.run(query, accept)
        return Response(body, status=status, mimetype=media)

    @app.route("/")
    def page():
        if exports is None or not (Path(exports) / "graph.html").is_file():
            abort(404)
        return send_file(Path(exports).resolve() / "graph.html", mimetype="text/html")

    @app.route("/queries/<name>")
    def shipped(name: str):
        queries = named_queries()
        if name not in queries:
            abort(404)
        return Response(queries[name].read_text(encoding="utf-8"), mimetype="application/sparql-query")

    return app


def serve(store_path: Path, exports: Path | None, host: str = "127.0.0.1", port: int = 8000,
          timeout: float = 10.0, limit: int = 10000) -> None:
    """Serve until interrupted (waitress)."""
    from waitress import serve as waitress_serve

    app = create_app(store_path, exports, timeout, limit)
    try:
        waitress_serve(app, host=host, port=port, threads=4)
    finally:
        app.config["runner"].close()
