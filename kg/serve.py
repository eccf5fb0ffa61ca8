"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over a store, and the graph page.

Routes: ``/sparql`` (GET with ``query=``, POST as a form or as ``application/sparql-query``; results as
SPARQL JSON, XML, CSV or TSV by the ``Accept`` header, graphs as Turtle, N-Triples or JSON-LD), ``/`` (the
built ``graph.html``) and ``/queries/<name>`` (a shipped query's text). Updates are refused (403).
Flask makes the application and waitress serves it. What it allows is set by ``ServeOptions``:

- Other services: a query with ``SERVICE`` is refused (400) unless every SERVICE IRI starts with one of
  ``allow_service``; ``SERVICE ?variable`` is always refused. The check reads the query with rdflib's
  SPARQL parser (prefixed names and ``BASE`` resolved; keyword case, comments, line breaks and ``SILENT``
  make no difference), and refuses a query that mentions service and cannot be parsed. Behind it, a worker
  with no service allowed moves into a network namespace of its own (Linux), where it can open no
  connection: pyoxigraph 0.5's ``Store.query`` fetches any SERVICE IRI and has no option to stop that
  (no service handler or federation switch in its Python API).
- Size: a request body over ``max_body`` bytes gets 413 (Flask's ``MAX_CONTENT_LENGTH``; waitress's
  ``max_request_body_size`` too), and so does a query over ``max_query`` characters.
- Load: queries run in a pool of ``workers`` processes, each with the store open read-only; at most
  ``queue`` more requests wait for a free one, and a request past that gets 503 with ``Retry-After``. The
  timeout counts from the request's arrival, so waiting counts; a worker that runs past it is killed and
  replaced, and the request gets 503. SELECT, CONSTRUCT and DESCRIBE get a ``LIMIT`` of at most ``limit``.
- Freshness: before each query a worker reads the store's generation (``persist.read_generation``, one
  SQLite row) and opens the store again when a build has committed since, so an answer is never older
  than the last commit of a build into the served store.
- Browsers: no CORS headers unless ``cors`` names origins. Every response has
  ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer``, ``X-Frame-Options: DENY`` and a
  Content-Security-Policy: ``default-src 'none'`` on answers, and on the graph page one that runs only
  the page's own inline scripts (by their SHA-256 hashes) and loads nothing from elsewhere.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import math
import multiprocessing as mp
import os
import queue
import re
import signal
import sqlite3
import sys
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
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")  # SPARQL's code point escapes (section 19.2)
_ANSWER_CSP = "default-src 'none'; frame-ancestors 'none'"
_CLONE_NEWNET, _CLONE_NEWUSER = 0x40000000, 0x10000000  # <sched.h>; os.unshare has them from Python 3.12


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
    ``queue``: requests that may wait for a worker (``None``: twice the workers). ``allow_service``: IRI
    prefixes (``http://`` or ``https://``) that SERVICE may call. ``cors``: origins whose pages may read
    the answers (``scheme://host[:port]``). ``max_body``: bytes of a request body. ``max_query``:
    characters of a query. ``hosts``: names, besides loopback names, that requests may give in their
    Host header (see ``host_allowed``). Raises ``ValueError`` for a prefix that is no HTTP(S) URL.
    """

    timeout: float = 10.0
    limit: int = 10000
    workers: int | None = None
    queue: int | None = None
    allow_service: tuple[str, ...] = ()
    cors: tuple[str, ...] = ()
    max_body: int = 1_000_000
    max_query: int = 100_000
    hosts: tuple[str, ...] = ()

    def __post_init__(self):
        for prefix in self.allow_service:
            if not re.match(r"https?://[^/?#]+", prefix):
                raise ValueError(f"--allow-service {prefix!r}: give the start of an http:// or https:// URL")

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


def host_allowed(header: str | None, hosts: tuple[str, ...]) -> bool:
    """May a request with this Host header be answered? Against DNS rebinding (a page of another site
    whose name is made to point at 127.0.0.1 reads the endpoint as its own origin), only a name the
    server is called by: ``localhost`` (and ``*.localhost``), an IP address (no rebinding goes through
    one), or one of ``hosts`` (the ``--host`` it listens on, ``--allow-host``); any port; case aside."""
    if not header:
        return False
    name = header.strip().lower()
    if name.startswith("["):  # [::1]:8000
        name = name[1:name.find("]")] if "]" in name else name
    elif name.count(":") == 1:
        name = name.rsplit(":", 1)[0]
    name = name.rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        pass
    return name in {h.lower().rstrip(".") for h in hosts}


def cap_limit(query: str, limit: int) -> str:
    """``query`` with a final ``LIMIT`` of at most ``limit`` (added when it has none)."""
    m = _LIMIT.search(query)
    if m:
        if int(m.group(1)) <= limit:
            return query
        return query[:m.start(1)] + str(limit) + query[m.end(1):]
    return f"{query.rstrip()}\nLIMIT {limit}"


# ---------------------------------------------------------------------- SERVICE

def _mentions_service(query: str) -> bool:
    """Does ``query``, with its ``\\u``/``\\U`` escapes expanded, contain the word service in any case? A
    query that does not can hold no SERVICE clause."""
    def expand(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= sys.maxunicode else m.group(0)
    return "service" in _ESCAPE.sub(expand, query).lower()


def service_iris(query: str) -> list[str | None]:
    """The IRI of each SERVICE clause of ``query``, in any part of it (``None`` for ``SERVICE ?var``), as
    rdflib's SPARQL parser reads it: prefixed names and relative IRIs resolved. Raises ``ValueError`` when
    rdflib cannot parse the query."""
    from rdflib import URIRef
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.algebra import traverse
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        algebra = prepareQuery(query).algebra
    except Exception as e:  # pyparsing's errors, RecursionError on deep queries, translation errors
        raise ValueError(f"{type(e).__name__}: {str(e)[:200]}") from e
    found: list[str | None] = []

    def visit(node):
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            term = node.get("term")
            found.append(str(term) if isinstance(term, URIRef) else None)
    traverse(algebra, visit)
    return found


def service_refusal(query: str, allowed: tuple[str, ...]) -> str | None:
    """Why ``query`` may not run here, or ``None`` when it may: every SERVICE IRI must start with one of
    the ``allowed`` prefixes; a variable SERVICE, and a query that mentions service but cannot be parsed,
    are refused."""
    if not _mentions_service(query):
        return None
    try:
        iris = service_iris(query)
    except ValueError as e:
        return f"the query mentions SERVICE and could not be checked ({e}); refused"
    for iri in iris:
        if iri is None:
            return "SERVICE with a variable for its IRI is refused: this endpoint calls no service it is not told of"
        if not allowed or not iri.startswith(allowed):
            told = (f"only services under {', '.join(allowed)}" if allowed
                    else "no other service (kg serve --allow-service URL_PREFIX allows one)")
            return f"SERVICE <{iri}> is refused: this endpoint calls {told}"
    return None


def _unshare():
    """``os.unshare`` (Python 3.12 on), else libc's ``unshare`` through ctypes (raising ``OSError`` as
    ``os.unshare`` does); ``None`` where the system has none."""
    if hasattr(os, "unshare"):
        return os.unshare
    import ctypes
    import ctypes.util

    try:
        native = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True).unshare
    except (OSError, AttributeError):
        return None

    def unshare(flags: int) -> None:
        if native(flags) != 0:
            errno = ctypes.get_errno()
            raise OSError(errno, os.strerror(errno))
    return unshare


def isolate_network() -> bool:
    """Move this process into a network namespace of its own (Linux), with no interface but a loopback that
    is down, so it can open no connection to any address. Done as root, else in a user namespace of its
    own, which needs a single-threaded process. False where the system allows neither."""
    unshare = _unshare()
    if unshare is None:
        return False
    for flags in (_CLONE_NEWNET, _CLONE_NEWUSER | _CLONE_NEWNET):
        try:
            unshare(flags)
        except OSError:
            continue
        return True
    return False


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


def _answer(snapshot: _Snapshot, query: str, accept: list[str], allowed: tuple[str, ...]) -> tuple[int, bytes, str]:
    """``(status, body, media type)`` of ``query`` on the snapshot's store: 400 for a refused SERVICE, a
    malformed query or an evaluation error, 503 when the store cannot be opened."""
    refusal = service_refusal(query, allowed)
    if refusal:
        return 400, refusal.encode(), "text/plain"
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


def _worker(store_dir: str, allowed: tuple[str, ...], conn) -> None:  # runs in the worker process
    """Answer ``(query, accept)`` messages from ``conn`` until ``None`` or the server's end closes. Ctrl-C
    is the server's to handle: it stops the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not allowed and not isolate_network():
        print("kg serve: this system gives a worker no network namespace of its own; SERVICE is kept out "
              "by the query check alone", file=sys.stderr)
    snapshot = _Snapshot(Path(store_dir))
    try:
        snapshot.store()  # opened before the first query comes, which then does not wait for it
    except OSError:
        pass  # answered with 503 when a query comes
    try:
        while (msg := conn.recv()) is not None:
            conn.send(_answer(snapshot, *msg, allowed))
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

    def __init__(self, ctx, store_dir: str, allowed: tuple[str, ...]):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(store_dir, allowed, child), daemon=True)
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
        self._args = (str(store_dir), tuple(options.allow_service))
        self._admitted = threading.BoundedSemaphore(options.pool_size + options.queue_size)
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        for _ in range(options.pool_size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        worker = _Worker(self._ctx, *self._args)
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

def page_policy(html: Path) -> str:
    """The Content-Security-Policy for the page ``html``: its own inline scripts run (each ``<script>``
    element's text by its SHA-256 hash), inline styles apply (vis-network and the panel set them; with
    nothing loadable from elsewhere they can fetch nothing), images only from the page itself or ``data:``
    and ``blob:`` URLs, no plugin, frame, form target or base URL, and no page may frame it."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    hashes = sorted({base64.b64encode(hashlib.sha256((s.string or "").encode("utf-8")).digest()).decode()
                     for s in soup.find_all("script") if not s.get("src")})
    scripts = " ".join(f"'sha256-{h}'" for h in hashes) or "'none'"
    return (f"default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; img-src 'self' data: blob:; "
            "font-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


class _PagePolicies:
    """``page_policy`` of a page, worked out again only when the file has changed (a build rewrote it)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._seen: tuple | None = None
        self._policy = ""

    def __call__(self, html: Path) -> str:
        st = html.stat()
        key = (str(html), st.st_mtime_ns, st.st_size)
        with self._lock:
            if key != self._seen:
                self._policy, self._seen = page_policy(html), key
            return self._policy


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
    if options.cors:
        from flask_cors import CORS

        CORS(app, resources={r"/sparql": {}, r"/queries/*": {}}, origins=list(options.cors),
             methods=["GET", "POST"], allow_headers=["Content-Type", "Accept"])
    policies = _PagePolicies()

    @app.before_request
    def known_host():
        if not host_allowed(request.headers.get("Host"), options.hosts):
            return _text(f"this server is not called {request.headers.get('Host')!r}: only by localhost, an IP "
                         "address, or a name given with --host or --allow-host (against DNS rebinding)", 403)
        return None

    @app.errorhandler(413)
    def too_large(_error):
        return _text(f"the request body is over {options.max_body} bytes", 413)

    @app.after_request
    def secure(response):
        response.headers.setdefault("Content-Security-Policy", _ANSWER_CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

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
        response = send_file(html, mimetype="text/html")
        response.headers["Content-Security-Policy"] = policies(html)
        return response

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
