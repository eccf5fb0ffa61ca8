"""`kg serve` as a client sees it: a real server (`python -m kg.cli serve` on 127.0.0.1, a free port) over
a store of the seeds. SERVICE refused unless allowed, a local fake service that would hand out a secret
never called; slow queries that do not hold up others; a full queue answered 503 with Retry-After; the
timeout counted from arrival; size limits; answers that follow a build into the served store; CORS and
the security headers.

Every server and every request here has a bounded time; slow queries are cross joins over the store's
triples, stopped by the server's timeout.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import SEEDS
from kg.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
SECRET = "the-secret-of-the-fake-service"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


# ---------------------------------------------------------------------- helpers

class _FakeService(BaseHTTPRequestHandler):
    """A SPARQL service on 127.0.0.1 that answers any request with one row holding ``SECRET``, and
    records the path of each request it gets."""

    def _answer(self):
        self.server.seen.append(self.path)
        if self.command == "POST":
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.dumps({"head": {"vars": ["secret"]}, "results": {"bindings": [
            {"secret": {"type": "literal", "value": SECRET}}]}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def fake_service():
    """``(base URL, list of request paths seen)``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeService)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", server.seen
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory):
    """A store and exports of the seeds (gazetteer only, which is quicker: the queries here need triples,
    not the best extraction)."""
    root = tmp_path_factory.mktemp("served")
    build([SEEDS], root / "exports", store=root / "kg-store", use_lac=False)
    return root / "kg-store", root / "exports"


@contextmanager
def kg_serve(store: Path, exports: Path, *options: str):
    """Run ``kg serve`` on a free port of 127.0.0.1 with ``options``; yields its base URL. The server is
    stopped with SIGTERM (which also stops its workers) and, past 10 s, killed."""
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--out", str(exports),
                             "--port", "0", *options], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stderr], daemon=True).start()
    try:
        deadline = time.monotonic() + 30
        url = None
        while url is None and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line.startswith("SPARQL endpoint: "):
                url = line.split()[2].removesuffix("/sparql")
        assert url, f"kg serve did not start: {proc.poll()=}"
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def ask(url: str, query: str, method: str = "GET", origin: str | None = None, timeout: float = 30):
    """``(status, headers, body)`` of one SPARQL request."""
    if method == "GET":
        req = urllib.request.Request(f"{url}/sparql?" + urllib.parse.urlencode({"query": query}))
    else:
        req = urllib.request.Request(f"{url}/sparql", data=query.encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/sparql-query"})
    req.add_header("Accept", "application/sparql-results+json")
    if origin:
        req.add_header("Origin", origin)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def in_background(url: str, queries: list[str]) -> tuple[list[threading.Thread], list]:
    """Send each query from a thread of its own; the answers go into the list as they come."""
    answers: list = []
    threads = [threading.Thread(target=lambda q=q: answers.append(ask(url, q)), daemon=True) for q in queries]
    for t in threads:
        t.start()
    return threads, answers


def warm(url: str, workers: int, rounds: int = 10) -> None:
    """One ASK in flight on each worker at once, until every worker has answered once before a test begins.
    On a busy machine a worker may still be starting when its first query's timeout runs out (503, and the
    worker replaced): the round is repeated, at most ``rounds`` times."""
    for _ in range(rounds):
        threads, answers = in_background(url, ["ASK { ?s ?p ?o }"] * workers)
        for t in threads:
            t.join(timeout=30)
        if [a[0] for a in answers] == [200] * workers:
            return
        time.sleep(2)
    assert [a[0] for a in answers] == [200] * workers


# ---------------------------------------------------------------------- a server with six workers

@pytest.fixture(scope="module")
def six_workers(seeds_store):
    with kg_serve(*seeds_store, "--workers", "6", "--queue", "2", "--timeout", "3") as url:
        warm(url, 6)
        yield url


SERVICE_VARIANTS = {
    "plain": "SELECT ?secret WHERE {{ SERVICE <{base}/sparql> {{ ?s ?p ?secret }} }}",
    "lower case": "select ?secret where {{ service <{base}/sparql> {{ ?s ?p ?secret }} }}",
    "comment and line breaks": "SELECT ?secret WHERE {{ SeRvIcE # to the fake\n\n  <{base}/sparql>\n {{ ?s ?p ?secret }} }}",
    "silent": "SELECT ?secret WHERE {{ SERVICE SILENT <{base}/sparql> {{ ?s ?p ?secret }} }}",
    "variable": "SELECT ?secret WHERE {{ VALUES ?x {{ <{base}/sparql> }} SERVICE ?x {{ ?s ?p ?secret }} }}",
    "prefixed name": "PREFIX f: <{base}/> SELECT ?secret WHERE {{ SERVICE f:sparql {{ ?s ?p ?secret }} }}",
    "relative IRI": "BASE <{base}/> SELECT ?secret WHERE {{ SERVICE <sparql> {{ ?s ?p ?secret }} }}",
    "escaped keyword": "SELECT ?secret WHERE {{ SERV\\u0049CE <{base}/sparql> {{ ?s ?p ?secret }} }}",
    "in a subquery": "SELECT * WHERE {{ {{ SELECT ?secret WHERE {{ SERVICE <{base}/sparql> {{ ?s ?p ?secret }} }} }} }}",
    "in FILTER EXISTS": "ASK {{ ?a ?b ?c FILTER EXISTS {{ SERVICE <{base}/sparql> {{ ?s ?p ?o }} }} }}",
    "unparsable": "SELECT ?secret WHERE {{ SERVICE <{base}/sparql> {{ ?s ?p ?secret }} ",
}


@pytest.mark.parametrize("variant", sorted(SERVICE_VARIANTS))
def test_service_is_refused_and_the_fake_service_gets_no_request(six_workers, fake_service, variant):
    base, seen = fake_service
    query = SERVICE_VARIANTS[variant].format(base=base)
    for method in ("GET", "POST"):
        status, _, body = ask(six_workers, query, method)
        assert status == 400 and b"SERVICE" in body and SECRET.encode() not in body, (method, body)
    assert seen == []


def test_a_worker_without_allowed_services_cannot_reach_the_network(fake_service):
    """The second line behind the query check: pyoxigraph itself fetches a SERVICE IRI, but not from a
    process that ``isolate_network`` has cut off."""
    base, seen = fake_service
    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        isolated, error = pool.apply(_service_from_an_isolated_process, (f"{base}/isolated",))
    if not isolated:
        pytest.skip("this system gives a process no network namespace of its own")
    assert error and not [p for p in seen if p.startswith("/isolated")]


def _service_from_an_isolated_process(url: str) -> tuple[bool, str | None]:
    import pyoxigraph as ox

    from kg.serve import isolate_network

    isolated = isolate_network()
    try:
        list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"))
        return isolated, None
    except OSError as e:
        return isolated, str(e)


def test_an_ask_answers_at_once_while_five_slow_queries_run(six_workers):
    threads, answers = in_background(six_workers, [SLOW] * 5)
    time.sleep(0.5)  # the five are running
    started = time.monotonic()
    status, _, body = ask(six_workers, "ASK { ?s ?p ?o }")
    took = time.monotonic() - started
    for t in threads:
        t.join(timeout=30)
    assert (status, body) == (200, b'{"head":{},"boolean":true}')
    assert took < 1.0, f"the ASK took {took:.2f} s"
    assert sorted(a[0] for a in answers) == [503] * 5  # stopped by the timeout


def post_status(url: str, body: bytes, content_type: str) -> int:
    """The status of a POST to ``url``, read while the body is still being sent: a server may answer
    and close before it has read a body it refuses, and a client that writes it all first (urllib) then
    sees only a broken pipe."""
    parts = urllib.parse.urlsplit(url)
    host, port, target = parts.hostname, parts.port, parts.path + (f"?{parts.query}" if parts.query else "")
    head = (f"POST {target} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
    with socket.create_connection((host, port), timeout=30) as sock:
        def send():
            try:
                sock.sendall(head + body)
            except OSError:
                pass
        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        answer = b""
        while b"\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
        sender.join(timeout=30)
    return int(answer.split()[1])


def test_a_body_or_a_query_over_the_limits_gets_413(six_workers):
    query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    assert post_status(f"{six_workers}/sparql?{query}", b"x" * 1_100_000, "text/plain") == 413
    assert post_status(f"{six_workers}/sparql?{query}", b"x" * 900_000, "text/plain") == 200
    long = "ASK { ?s ?p ?o } #" + "x" * 100_000
    for method in ("GET", "POST"):
        status, _, body = ask(six_workers, long, method)
        assert status == 413 and b"100000" in body, (method, body)
    assert ask(six_workers, "ASK { ?s ?p ?o } #" + "x" * 90_000, "POST")[0] == 200


def test_the_graph_page_has_a_content_security_policy(six_workers):
    with urllib.request.urlopen(f"{six_workers}/", timeout=30) as r:
        headers, html = r.headers, r.read()
    assert b"vis-network" in html
    policy = dict(d.strip().split(" ", 1) for d in headers["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert policy["script-src"].count("'sha256-") >= 3 and "unsafe" not in policy["script-src"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY"
    status, headers, _ = ask(six_workers, "ASK { ?s ?p ?o }", origin="https://elsewhere.example")
    assert status == 200 and "Access-Control-Allow-Origin" not in headers  # no CORS unless asked
    assert headers["X-Content-Type-Options"] == "nosniff" and "default-src 'none'" in headers["Content-Security-Policy"]


# ---------------------------------------------------------------------- a server with one worker

@pytest.fixture(scope="module")
def one_worker(seeds_store):
    with kg_serve(*seeds_store, "--workers", "1", "--queue", "1", "--timeout", "2") as url:
        warm(url, 1)
        yield url


def test_a_full_queue_gets_503_with_retry_after(one_worker):
    threads, answers = in_background(one_worker, [SLOW] * 2)  # one runs, one waits
    time.sleep(0.5)
    started = time.monotonic()
    status, headers, body = ask(one_worker, "ASK { ?s ?p ?o }")
    assert status == 503 and int(headers["Retry-After"]) >= 1 and b"queue" in body
    assert time.monotonic() - started < 1.0
    for t in threads:
        t.join(timeout=30)
    assert sorted(a[0] for a in answers) == [503, 503]
    assert ask(one_worker, "ASK { ?s ?p ?o }")[0] == 200  # the killed worker was replaced


def test_the_timeout_counts_the_wait_for_a_worker(one_worker):
    """A second slow query waits 1.5 s for the worker, then may run only what is left of its 2 s."""
    threads, answers = in_background(one_worker, [SLOW])
    time.sleep(0.5)
    started = time.monotonic()
    status, _, body = ask(one_worker, SLOW)
    took = time.monotonic() - started
    for t in threads:
        t.join(timeout=30)
    assert status == 503 and answers[0][0] == 503
    assert took < 2.0 + 0.5, f"answered after {took:.2f} s, past the 2 s timeout"


# ---------------------------------------------------------------------- allowed services, CORS

def test_an_allowed_service_prefix_lets_only_its_iris_be_called(seeds_store, fake_service):
    base, seen = fake_service
    before = len(seen)
    with kg_serve(*seeds_store, "--workers", "1", "--allow-service", f"{base}/allowed/") as url:
        status, _, body = ask(url, f"SELECT ?secret WHERE {{ SERVICE <{base}/allowed/sparql> {{ ?s ?p ?secret }} }}")
        assert status == 200 and SECRET.encode() in body
        for iri in (f"{base}/other/sparql", f"{base}/allowed"):
            status, _, body = ask(url, f"SELECT * WHERE {{ SERVICE <{iri}> {{ ?s ?p ?o }} }}")
            assert status == 400 and b"only services under" in body
        status, _, body = ask(url, f"SELECT * WHERE {{ BIND(<{base}/allowed/sparql> AS ?x) SERVICE ?x {{ ?s ?p ?o }} }}")
        assert status == 400 and b"variable" in body
    called = seen[before:]
    assert called and all(p.startswith("/allowed/sparql") for p in called)


def test_cors_headers_only_for_the_origins_named(seeds_store):
    with kg_serve(*seeds_store, "--workers", "1", "--cors", "https://allowed.example") as url:
        status, headers, _ = ask(url, "ASK { ?s ?p ?o }", origin="https://allowed.example")
        assert status == 200 and headers["Access-Control-Allow-Origin"] == "https://allowed.example"
        status, headers, _ = ask(url, "ASK { ?s ?p ?o }", origin="https://elsewhere.example")
        assert status == 200 and "Access-Control-Allow-Origin" not in headers


def _status_with_host(url: str, path: str, host: str) -> int:
    import http.client

    where = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": host})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def test_only_the_server_s_own_names_in_the_host_header(seeds_store):
    """DNS rebinding: a page of attacker.example whose name now points at 127.0.0.1 sends Host:
    attacker.example. Only loopback names, IP addresses and the names given are answered."""
    from kg.serve import host_allowed

    ask_path = "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    with kg_serve(*seeds_store, "--workers", "1", "--allow-host", "kg.lab.example") as url:
        port = urllib.parse.urlsplit(url).port
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", "kg.lab.example", "KG.Lab.Example:80"):
            assert _status_with_host(url, ask_path, host) == 200, host
        for host in (f"attacker.example:{port}", "127.0.0.1.attacker.example", "localhost.attacker.example"):
            assert _status_with_host(url, ask_path, host) == 403, host
            assert _status_with_host(url, "/", host) == 403, host
    assert not host_allowed(None, ()) and not host_allowed("", ())
    assert host_allowed("app.localhost:8000", ()) and host_allowed("10.0.0.5:8000", ())
    assert host_allowed("myhost", ("myhost",)) and not host_allowed("myhost", ("127.0.0.1",))


# ---------------------------------------------------------------------- a build into the served store

def test_answers_follow_a_build_into_the_served_store(tmp_path, resources):
    seeds = sorted(SEEDS.iterdir())
    store, out = tmp_path / "kg-store", tmp_path / "exports"
    build(seeds[:-1], out, resources, use_lac=False, store=store)
    count = "SELECT (COUNT(?a) AS ?n) WHERE { ?a a <https://w3id.org/kg-diplo/ontology#Article> }"

    def counts():
        return [json.loads(ask(url, count)[2])["results"]["bindings"][0]["n"]["value"] for _ in range(4)]

    with kg_serve(store, out, "--workers", "2") as url:
        assert counts() == [str(len(seeds) - 1)] * 4
        build(seeds, None, resources, use_lac=False, store=store)  # while it is served
        assert counts() == [str(len(seeds))] * 4  # on both workers
