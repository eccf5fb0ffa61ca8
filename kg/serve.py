"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over a store, and the graph page.

Routes: ``/sparql`` (GET with ``query=``, POST as a form or as ``application/sparql-query``; results as
SPARQL JSON, XML, CSV or TSV by the ``Accept`` header, graphs as Turtle, N-Triples or JSON-LD), ``/`` (the
built ``graph.html``) and ``/queries/<name>`` (a shipped query's text). Updates are refused (403).
Flask makes the application and waitress serves it. What it allows is set by ``ServeOptions``:

- Size: a request body over ``max_body`` bytes gets 413 (Flask's ``MAX_CONTENT_LENGTH``; waitress's
  ``max_request_body_size`` too), and so does a query over ``max_query`` characters.
- Load: queries run in a pool of ``workers`` processes, each with the store open read-only; at most
  ``queue`` more requests wait for a free one, and a request past that gets 503 with ``Retry-After``. The
  timeout counts from the request's arrival, so waiting counts; a worker that runs past it is killed and
  replaced, and the request gets 503. SELECT, CONSTRUCT and DESCRIBE get a ``LIMIT`` of at most ``limit``.
- Freshness: before each query a worker reads the store's generation (``persist.read_generation``, one
  SQLite row) and opens the store again when a build has committed since, so an answer is never older
  than the last commit of a build into the served store.
"""

from __future__ import annotations

import math
import multiprocessing as mp
import os
import queue
import re
import signal
import sqlite3
import threading
import time
from dataclasses import dataclass
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


def _cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class ServeOptions:
    """What ``kg serve`` allows.

    ``timeout``: seconds from a request's arrival to its answer, waiting for a worker included.
    ``limit``: most rows (or triples) of an answer. ``workers``: worker processes (``None``: one per core).
    ``queue``: requests that may wait for a worker (``None``: twice the workers). ``max_body``: bytes of
    a request body. ``max_query``: characters of a query.
    """

    timeout: float = 10.0
    limit: int = 10000
    workers: int | None = None
    queue: int | None = None
    max_body: int = 1_000_000
    max_query: int = 100_000

    @property
    def pool_size(self) -> int:
        """Worker processes."""
        return self.workers or _cores()

    @property
    def queue_size(self) -> int:
        """Requests that may wait for a worker."""
        return 2 * self.pool_size if self.queue is None else self.queue

    @property
    def threads(self) -> int:
        """waitress threads: one for each request running or waiting, and four for pages and refusals, so
        that waiting for a worker never stops the server from taking requests."""
        return self.pool_size + self.queue_size + 4


def cap_limit(query: str, limit: int) -> str:
    """``query`` with a final ``LIMIT`` of at most ``limit`` (added when it has none)."""
    m = _LIMIT.search(query)
    if m:
        if int(m.group(1)) <= limit:
            return query
        return query[:m.start(1)] + str(limit) + query[m.end(1):]
    return f"{query.rstrip()}\nLIMIT {limit}"


# ---------------------------------------------------------------------- the worker process

class _Snapshot:
    """A worker's view of a store folder: ``oxigraph/`` open read-only, opened again when the generation in
    ``index.sqlite`` differs from the one read before it was last opened (a build has committed since)."""

    def __init__(self, store_dir: Path):
        self._rdf_path = str(store_dir / "oxigraph")
        self._index_uri = f"{(store_dir / 'index.sqlite').resolve().as_uri()}?mode=ro"
        self._db = None
        self._store = None
        self._generation = None

    def _read_generation(self):
        from .persist import read_generation

        try:
            if self._db is None:
                self._db = sqlite3.connect(self._index_uri, uri=True, timeout=1.0)
            return read_generation(self._db)
        except sqlite3.Error:  # a commit holds the index, or there is none: keep the view
            return self._generation

    def store(self):
        """The pyoxigraph ``Store``; raises ``OSError`` when it cannot be opened."""
        import pyoxigraph as ox

        generation = self._read_generation()
        if self._store is None or generation != self._generation:
            self._store = None  # the old view goes before the new one is opened
            self._store = ox.Store.read_only(self._rdf_path)
            self._generation = generation
        return self._store


def _run(store, query: str, accept: list[str]) -> tuple[int, bytes, str]:
    import pyoxigraph as ox

    result = store.query(query, use_default_graph_as_union=True)
    if isinstance(result, ox.QueryTriples):
        media = next((m for m in accept if m in _GRAPH_FORMATS), "text/turtle")
        return 200, ox.serialize(result, format=getattr(ox.RdfFormat, _GRAPH_FORMATS[media])), media
    media = next((m for m in accept if m in _SELECT_FORMATS), "application/sparql-results+json")
    return 200, result.serialize(format=getattr(ox.QueryResultsFormat, _SELECT_FORMATS[media])), media


def _answer(snapshot: _Snapshot, query: str, accept: list[str]) -> tuple[int, bytes, str]:
    """``(status, body, media type)`` of ``query`` on the snapshot's store: 400 for a malformed query or
    an evaluation error, 503 when the store cannot be opened."""
    try:
        store = snapshot.store()
    except OSError as e:
        return 503, f"the store cannot be opened now: {e}".encode(), "text/plain"
    try:
        return _run(store, query, accept)
    except SyntaxError as e:
        return 400, f"malformed query: {e}".encode(), "text/plain"
    except Exception as e:  # an evaluation error is the client's answer, not the worker's end
        return 400, f"query failed: {e}".encode(), "text/plain"


def _worker(store_dir: str, conn) -> None:  # runs in the worker process
    """Answer ``(query, accept)`` messages from ``conn`` until ``None`` or the server's end closes. Ctrl-C
    is the server's to handle: it stops the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    snapshot = _Snapshot(Path(store_dir))
    try:
        while (msg := conn.recv()) is not None:
            conn.send(_answer(snapshot, *msg))
    except (EOFError, OSError):  # the server has gone
        return


# ---------------------------------------------------------------------- the pool

class Busy(RuntimeError):
    """Every worker is busy and the queue is full; try again after ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class _Worker:
    """One worker process and the server's end of its pipe."""

    def __init__(self, ctx, store_dir: str):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(store_dir, child), daemon=True)
        self.proc.start()
        child.close()  # the child's copy only: a dead child then reads as EOF here

    def ask(self, message, seconds: float):
        """Send ``message`` and wait at most ``seconds`` for the answer: ``None`` when none came in time.
        Raises ``EOFError`` or ``OSError`` when the process has died."""
        self.conn.send(message)
        return self.conn.recv() if self.conn.poll(seconds) else None

    def stop(self) -> None:
        self.proc.kill()
        self.proc.join()
        self.conn.close()


class WorkerPool:
    """``options.pool_size`` worker processes over the store folder ``store_dir``, each with the store open
    read-only; ``options.queue_size`` more requests may wait for one."""

    def __init__(self, store_dir: Path, options: ServeOptions):
        self.timeout = options.timeout
        self._ctx = mp.get_context("spawn")
        self._store_dir = str(store_dir)
        self._admitted = threading.BoundedSemaphore(options.pool_size + options.queue_size)
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        for _ in range(options.pool_size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        worker = _Worker(self._ctx, self._store_dir)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> _Worker:
        with self._lock:
            self._workers.discard(worker)
        worker.stop()
        return self._start()

    def run(self, query: str, accept: list[str], arrived: float) -> tuple[int, bytes, str]:
        """``(status, body, media type)`` of ``query``; ``arrived`` is the request's ``time.monotonic()``,
        from which the timeout counts. 503 when no worker was free in time or the query ran past the
        timeout (its worker is killed and replaced), 500 when a worker died. Raises ``Busy`` when every
        worker is taken and the queue is full."""
        if not self._admitted.acquire(blocking=False):
            raise Busy("every worker is busy and the queue is full; try again later", math.ceil(self.timeout))
        try:
            return self._run(query, accept, arrived + self.timeout)
        finally:
            self._admitted.release()

    def _run(self, query: str, accept: list[str], deadline: float) -> tuple[int, bytes, str]:
        try:
            worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return 503, f"no worker was free within {self.timeout:g} s".encode(), "text/plain"
        replace = False
        try:
            left = deadline - time.monotonic()
            if left <= 0:
                return 503, f"no worker was free within {self.timeout:g} s".encode(), "text/plain"
            replace = True
            result = worker.ask((query, accept), left)
            replace = result is None
            return result or (503, f"query stopped after {self.timeout:g} s".encode(), "text/plain")
        except (EOFError, OSError):
            return 500, b"the query's worker process died", "text/plain"
        finally:
            self._idle.put(self._replace(worker) if replace else worker)

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            workers, self._workers = list(self._workers), set()
        for worker in workers:
            worker.stop()


# ---------------------------------------------------------------------- the application

def _check_store(store_path: Path) -> None:
    from .persist import StoreError

    if not (Path(store_path) / "oxigraph").is_dir():
        if (Path(store_path) / "index.sqlite").is_file():
            raise StoreError(f"{store_path}: the graph of this store is on a SPARQL server; query the server itself")
        raise StoreError(f"{store_path}: no kg store here; run `kg build --store {store_path}` first")


def _query_of(request) -> str | None:
    if request.method == "POST" and request.mimetype == "application/sparql-query":
        return request.get_data(as_text=True)
    return request.values.get("query")


def _accepted(request) -> list[str]:
    """The media types the client asks for, best first; ``format=`` (SPARQLWrapper, browsers) first of all."""
    accept = [m for m, _ in request.accept_mimetypes] or ["application/sparql-results+json"]
    fmt = request.values.get("format")
    if fmt in ("json", "xml", "csv", "tsv"):
        accept = [{"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                   "csv": "text/csv", "tsv": "text/tab-separated-values"}[fmt]] + accept
    return accept


def _text(body: str, status: int, **headers):
    """A plain-text Flask response."""
    from flask import Response

    return Response(body, status=status, mimetype="text/plain", headers=headers)


def create_app(store_path: Path, exports: Path | None = None, options: ServeOptions | None = None):
    """The Flask application over ``store_path`` (a store folder; ``persist.StoreError`` when there is none),
    with its worker pool in ``app.config["pool"]`` (``close()`` it when done). ``exports`` is the folder
    whose ``graph.html`` is served at ``/``."""
    from flask import Flask, Response, abort, request, send_file

    from .query import named_queries

    options = options or ServeOptions()
    _check_store(store_path)
    pool = WorkerPool(Path(store_path), options)
    app = Flask("kg")
    app.config.update(pool=pool, MAX_CONTENT_LENGTH=options.max_body, MAX_FORM_MEMORY_SIZE=options.max_body)

    @app.errorhandler(413)
    def too_large(_error):
        return _text(f"the request body is over {options.max_body} bytes", 413)

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql():
        arrived = time.monotonic()
        query = _query_of(request)
        if query and len(query) > options.max_query:
            return _text(f"the query has {len(query)} characters; at most {options.max_query} are taken", 413)
        if request.values.get("update") or (query and _UPDATE.match(query)):
            return _text("this endpoint is read-only", 403)
        if not query:
            return _text("give a SPARQL query as query=…", 400)
        if re.search(r"\b(SELECT|CONSTRUCT|DESCRIBE)\b", query, re.I):
            query = cap_limit(query, options.limit)
        try:
            status, body, media = pool.run(query, _accepted(request), arrived)
        except Busy as e:
            return _text(str(e), 503, **{"Retry-After": str(e.retry_after)})
        return Response(body, status=status, mimetype=media)

    @app.route("/")
    def page():
        html = Path(exports).resolve() / "graph.html" if exports is not None else None
        if html is None or not html.is_file():
            abort(404)
        return send_file(html, mimetype="text/html")

    @app.route("/queries/<name>")
    def shipped(name: str):
        queries = named_queries()
        if name not in queries:
            abort(404)
        return Response(queries[name].read_text(encoding="utf-8"), mimetype="application/sparql-query")

    return app


def _interrupt(_signum, _frame):
    raise KeyboardInterrupt


def serve(store_path: Path, exports: Path | None, host: str = "127.0.0.1", port: int = 8000,
          options: ServeOptions | None = None, ready=None) -> None:
    """Serve until interrupted (Ctrl-C, or SIGTERM), then stop the workers. waitress gets
    ``options.threads`` threads and refuses a body over ``options.max_body`` itself. ``ready(url)`` is
    called once the port is bound (``port`` 0: a free one, named in the URL)."""
    from waitress import create_server

    options = options or ServeOptions()
    app = create_app(store_path, exports, options)
    try:
        server = create_server(app, host=host, port=port, threads=options.threads,
                               max_request_body_size=options.max_body)
        if ready is not None:
            ready(f"http://{f'[{host}]' if ':' in host else host}:{server.effective_port}")
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _interrupt)
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        app.config["pool"].close()
