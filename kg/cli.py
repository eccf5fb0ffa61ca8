"""The ``kg`` command line: a thin layer of click commands over the library."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path

import click

DEFAULT_INPUT = Path("seeds")
DEFAULT_OUT = Path("exports")


@click.group()
@click.version_option(package_name="kg")
def main() -> None:
    """kg: knowledge graphs of diplomatic contacts (who met whom, when, where) from Chinese-language news."""


def default_store(out: Path) -> Path:
    """The store of the exports folder ``out``: the project's own ``kg-store`` (beside ``exports/``) for
    the default ``out``, else ``kg-store`` inside ``out``, so that builds into two exports folders never
    share a store by accident."""
    return DEFAULT_OUT.parent / "kg-store" if Path(out) == DEFAULT_OUT else Path(out) / "kg-store"


@main.command()
@click.argument("inputs", nargs=-1)
@click.option("--out", "out", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Folder for graph.ttl, graph.trig, graph.graphml, graph.html and events.jsonl.")
@click.option("--store", "store", default=None, metavar="PATH|URL|memory",
              help="The store folder to add to (default: kg-store, or DIR/kg-store with --out DIR); the URL of a SPARQL 1.1 "
                   "server's query endpoint to keep the graph there; 'memory' builds in memory only.")
@click.option("--update-url", default=None, metavar="URL",
              help="With --store URL: the server's update endpoint (default: the query URL). Credentials come "
                   "from KG_SPARQL_USER, KG_SPARQL_PASSWORD and KG_SPARQL_AUTH (basic or digest).")
@click.option("--index", "index", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="With --store URL: the folder of the store's index (default: as for --store).")
@click.option("--no-export", is_flag=True, help="Update the store only; write no export files.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes for extraction (0: one per CPU). The output is the same for any number.")
@click.option("--no-lac", is_flag=True, help="Gazetteer and titles only; no learned person recogniser.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: when stderr is a terminal).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=10_000_000, show_default=True,
              help="Skip an input file larger than this, unread (for a dump: each record larger than this).")
@click.option("--time-limit", type=click.FloatRange(min=0.01), default=30.0, show_default=True,
              help="Seconds to read and extract one article; past it the article is skipped.")
@click.option("--published", "published", default=None, metavar="TIME",
              help="The publication time of a page, dump record or feed entry that states none (ISO 8601, e.g. "
                   "2024-04-09T15:17+08:00; without a zone: the outlet's zone, else UTC). Without it they are skipped.")
@click.option("--fields", "fields", default="", metavar="FIELD=NAME,...",
              help="Dump field names: title, url, published, text, html by the names the file uses, "
                   "e.g. title=headline,url=link,published=date,text=content (JSON: a.b reads inside objects).")
def build(inputs: tuple[str, ...], out: Path, store: str | None, update_url: str | None, index: Path | None,
          no_export: bool, jobs: int, no_lac: bool, progress: bool | None, max_bytes: int, time_limit: float,
          published: str | None, fields: str) -> None:
    """Build the knowledge graph of INPUTS: article files, folders, glob patterns, saved web pages (.html,
    .htm), article dumps (.jsonl, .csv), RSS/Atom feed files, feed or page URLs (default: seeds/).

    Articles are added to the store: one already there with the same URL and content is not read again,
    a new version of a stored URL replaces the old one. With --store URL the graph goes to that SPARQL
    server in batches and the index (what incremental builds need) stays in a local folder; later
    commands given that folder as --store find the server through it. Exit status 0 when every input
    was read, 2 when some were skipped (each is listed with its reason), 1 when the build has no article
    or an input/output error (disk full, permission) stopped it, said in one line naming the path.
    """
    from .persist import StoreError
    from .pipeline import Limits
    from .pipeline import build as run_build
    from .remote import RemoteError, SparqlEndpoint, is_endpoint

    reading = _reading(published, fields)
    endpoint = None
    if store and is_endpoint(store):
        endpoint = SparqlEndpoint(store, update_url)
        store_path = index or default_store(out)
    elif update_url or index:
        raise click.UsageError("--update-url and --index go with --store URL")
    else:
        store_path = None if store == "memory" else Path(store) if store else default_store(out)
    show = sys.stderr.isatty() if progress is None else progress
    try:
        result = run_build(list(inputs) or [DEFAULT_INPUT], None if no_export else out, use_lac=not no_lac,
                           store=store_path, jobs=jobs, progress=show, endpoint=endpoint,
                           limits=Limits(max_bytes=max_bytes, seconds=time_limit), reading=reading)
    except (StoreError, RemoteError) as e:
        raise click.ClickException(str(e)) from e
    except OSError as e:  # disk full, permission: one line; the store keeps every batch committed before
        raise click.ClickException(f"build stopped: {_os_error(e)}") from e
    except sqlite3.Error as e:
        raise click.ClickException(f"build stopped: {store_path / 'index.sqlite' if store_path else 'store'}: {e}") from e
    for path, note in result.warnings:
        click.echo(f"warning {path}: {note}", err=True)
    for path, reason in result.skipped:
        click.echo(f"skipped {path}: {reason}", err=True)
    if store_path is not None:
        click.echo(f"store: {store_path} (held {result.stored_before} articles before this build)")
    line = f"articles read: {len(result.articles)}; skipped: {len(result.skipped)}"
    summary_only = sum(a.provenance.summary_only for a in result.articles)
    if summary_only:
        line += f"; feed entries with a summary only (contacts past it cannot be found): {summary_only}"
    if store_path is not None:
        line += f"; already stored: {len(result.unchanged)}; in store: {result.stored}"
    if result.outputs or store_path is None:
        line += f"; reports: {len(result.reports)}; events: {len(result.events)}; persons: {len(result.entities)}"
    click.echo(line)
    for p in result.outputs:
        click.echo(f"wrote {p}")
    if not result.articles and not result.stored:
        sys.exit(1)
    if result.skipped:
        sys.exit(2)


def _os_error(e: OSError) -> str:
    """``PATH: reason`` for an ``OSError`` (``PATH -> OTHER: reason`` for a rename)."""
    where = " -> ".join(str(f) for f in (e.filename, e.filename2) if f)
    reason = e.strerror or str(e)
    return f"{where}: {reason}" if where else reason


def _reading(published: str | None, fields: str):
    """The ``readers.Reading`` of ``--published`` and ``--fields``; a bad value is a usage error."""
    from .readers import Reading
    from .readers.dumps import parse_fields
    from .readers.published import parse_time

    try:
        when = parse_time(published) if published else None
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--published") from e
    try:
        mapping = parse_fields(fields)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--fields") from e
    return Reading(published=when, fields=mapping)


@main.command()
@click.argument("query")
@click.option("--store", "store", default=None, metavar="PATH|URL",
              help="The store folder to query (default: kg-store, when there is one and --graph is not given), "
                   "or the URL of a SPARQL 1.1 server's query endpoint.")
@click.option("--graph", "graph", type=click.Path(path_type=Path), default=None,
              help="Query a graph file instead (TriG, N-Quads, Turtle, JSON-LD), e.g. exports/graph.trig.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--bind", "binds", multiple=True, metavar="NAME=VALUE",
              help="Bind a query variable, e.g. --bind name=习近平 (repeatable). A name is any name the gazetteer "
                   "knows (alias, English name, Wikidata id: name=普丁, name=Putin, name=Q7747).")
def query(query: str, store: str | None, graph: Path | None, fmt: str, binds: tuple[str, ...]) -> None:
    """Run QUERY (SPARQL text, a .rq file, or a shipped query name) on the store or a graph file.

    Shipped queries (see `kg queries`): top-pairs, person-contacts (bind name), event-sources, …
    """
    from .persist import StoreError
    from .query import run_query
    from .remote import RemoteError

    bindings = {}
    for b in binds:
        name, sep, value = b.partition("=")
        if not sep:
            raise click.BadParameter(f"{b!r} is not NAME=VALUE", param_hint="--bind")
        bindings[name.lstrip("?")] = value
    if "name" in bindings:  # a person: any name the gazetteer knows (alias, English name, QID) finds them
        bindings["name"] = _canonical(bindings["name"])
    try:
        with _source(store, graph) as source:
            columns, rows = run_query(source, query, bindings)
    except click.ClickException:
        raise
    except (FileNotFoundError, StoreError, RemoteError) as e:
        raise click.ClickException(str(e)) from e
    except Exception as e:  # a SPARQL syntax error: say so, keep the parser's message
        raise click.ClickException(f"query failed: {e}") from e
    click.echo(_render(columns, rows, fmt))


@contextmanager
def _source(store: str | None, graph: Path | None):
    """The store (read-only), SPARQL server or graph file a command reads: --graph if given, else --store,
    else the default store when it exists, else exports/graph.trig."""
    from .remote import SparqlEndpoint, is_endpoint

    if graph is None and store is not None and is_endpoint(store):
        yield SparqlEndpoint(store)
        return
    if graph is None and store is None:
        store = default_store(DEFAULT_OUT)
        if not (store / "index.sqlite").is_file():
            store, graph = None, DEFAULT_OUT / "graph.trig"
    if graph is not None:
        from .query import load_graph
        yield load_graph(graph)
        return
    with _open_store(Path(store) if store else None) as st:
        yield st


def _render(columns, rows, fmt: str) -> str:
    from .query import format_table

    if fmt == "json":
        return json.dumps([dict(zip(columns, r, strict=True)) for r in rows], ensure_ascii=False, indent=1, default=str)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(columns)
        w.writerows([["" if v is None else v for v in r] for r in rows])
        return buf.getvalue().rstrip("\n")
    return format_table(columns, rows)


@main.command()
@click.option("--store", "store", type=click.Path(path_type=Path), default=None,
              help="The store to serve (default: kg-store, or DIR/kg-store with --out DIR).")
@click.option("--out", "out", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="The exports folder whose graph.html is served at /.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: a free one, printed).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds from a query's arrival to its answer, waiting for a worker included (503 past it).")
@click.option("--limit", type=click.IntRange(min=1), default=10000, show_default=True, help="Most rows a query returns.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes that run queries (default: one per core).")
@click.option("--queue", "queue", type=click.IntRange(min=0), default=None,
              help="Requests that may wait for a worker; past that 503 with Retry-After (default: twice the workers).")
@click.option("--allow-service", multiple=True, metavar="URL_PREFIX",
              help="Let SERVICE call IRIs that start with URL_PREFIX (repeatable). Without it SERVICE is refused.")
@click.option("--cors", multiple=True, metavar="ORIGIN",
              help="Let pages from ORIGIN (e.g. https://example.org) read the answers (repeatable). Default: none.")
@click.option("--max-body", type=click.IntRange(min=1), default=1_000_000, show_default=True,
              help="Most bytes of a request body (413 past it).")
@click.option("--max-query", type=click.IntRange(min=1), default=100_000, show_default=True,
              help="Most characters of a query (413 past it).")
@click.option("--allow-host", multiple=True, metavar="NAME",
              help="A name clients call the server by (the Host header), besides localhost, IP addresses and "
                   "--host (repeatable). Any other gets 403, against DNS rebinding.")
def serve(store: Path | None, out: Path, host: str, port: int, timeout: float, limit: int, workers: int | None,
          queue: int | None, allow_service: tuple[str, ...], cors: tuple[str, ...], max_body: int, max_query: int,
          allow_host: tuple[str, ...]) -> None:
    """Serve the store read-only: a SPARQL 1.1 endpoint at /sparql and the graph page at /.

    Queries run in worker processes that open the store again after each commit of a build into it.
    SERVICE (a query that makes the server fetch another URL) is refused unless --allow-service allows
    its IRI. Ctrl-C or SIGTERM stops the server and its workers.
    """
    from .persist import StoreError
    from .serve import ServeOptions
    from .serve import serve as run_server

    try:
        options = ServeOptions(timeout=timeout, limit=limit, workers=workers, queue=queue, allow_service=allow_service,
                               cors=cors, max_body=max_body, max_query=max_query, hosts=(host, *allow_host))
    except ValueError as e:
        raise click.BadParameter(str(e)) from e

    def ready(url: str) -> None:
        click.echo(f"SPARQL endpoint: {url}/sparql  graph page: {url}/", err=True)

    try:
        run_server(store or default_store(out), out, host, port, options, ready)
    except StoreError as e:
        raise click.ClickException(str(e)) from e


def _open_store(store: Path | None):
    from .persist import Store, StoreError
    from .remote import RemoteError
    from .resources import load_resources

    try:
        return Store(store or default_store(DEFAULT_OUT), load_resources(), read_only=True)
    except (StoreError, RemoteError) as e:
        raise click.ClickException(str(e)) from e


def _union_graph_of(st):
    from rdflib import Graph
    buf = io.BytesIO()
    st.dump(buf, "nt")
    return Graph().parse(data=buf.getvalue().decode("utf-8"), format="nt")


EXPORT_FORMATS = {"ttl": "graph.ttl", "trig": "graph.trig", "nq": "graph.nq", "jsonld": "graph.jsonld",
                  "graphml": "graph.graphml", "gexf": "graph.gexf", "csv": "events.csv", "plover": "events.plover.json",
                  "icews": "events.icews.tsv"}


@main.command(name="export")
@click.option("--format", "fmt", type=click.Choice(list(EXPORT_FORMATS)), required=True,
              help="ttl, trig, nq, jsonld (RDF; ttl and jsonld hold the union of the named graphs), "
                   "graphml, gexf (the contact network for Gephi), csv (the event table), plover (PLOVER event "
                   "records, JSON), icews (ICEWS's columns, tab-separated).")
@click.option("--store", "store", type=click.Path(path_type=Path), default=None, help="The store (default: kg-store).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="The file to write (default: the format's usual name in exports/).")
def export_(fmt: str, store: Path | None, output: Path | None) -> None:
    """Export the store in one format; the file is written whole or not at all."""
    from . import export as ex
    from .encounters import link_encounters

    output = output or DEFAULT_OUT / EXPORT_FORMATS[fmt]
    with _open_store(store) as st:
        if fmt in ("ttl", "trig", "nq"):
            with ex.atomic_file(output) as f:
                st.dump(f, fmt)
        elif fmt == "jsonld":
            ex.write_jsonld(_union_graph_of(st), output)
        else:
            _, events, entities = st.consolidated()
            encounters = link_encounters(events, entities)
            if fmt in ("csv", "plover", "icews"):
                records = ex.event_records(events, entities, st.former_ids(), encounters, st.interop)
            if fmt == "csv":
                ex.write_event_csv(records, output)
            elif fmt == "plover":
                ex.write_plover(records, output)
            elif fmt == "icews":
                ex.write_icews(records, events + encounters.inferred, output, st.interop)
            elif fmt == "gexf":
                ex.write_gexf(ex.contact_graph(events, entities, encounters), output)
            else:
                ex.write_graphml(ex.contact_graph(events, entities, encounters), output)
    click.echo(f"wrote {output}")


@main.command()
@click.option("--store", "store", type=click.Path(path_type=Path), default=None, help="The store (default: kg-store).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_OUT / "panel.csv",
              show_default=True, help="The CSV file to write.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Dyads to print.")
def panel(store: Path | None, output: Path, top: int) -> None:
    """Contacts per country dyad and month (ISO 3166-1 alpha-3 codes; encounters, not reports) as CSV;
    prints the dyads with the most contacts."""
    from collections import Counter

    from . import export as ex
    from .encounters import link_encounters
    from .query import format_table

    with _open_store(store) as st:
        _, events, entities = st.consolidated()
        records = ex.event_records(events, entities, st.former_ids(), link_encounters(events, entities), st.interop)
    rows = ex.dyad_panel(records)
    ex.write_panel(rows, output)
    totals: Counter = Counter()
    months: dict = {}
    for a, b, month, n in rows:
        totals[(a, b)] += n
        months.setdefault((a, b), set()).add(month)
    best = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    click.echo(format_table(["country_a", "country_b", "contacts", "months"],
                            [[a, b, n, len(months[(a, b)])] for (a, b), n in best]))
    click.echo(f"wrote {output} ({len(rows)} dyad-months, {len(totals)} dyads)")


@main.command()
@click.option("--store", "store", type=click.Path(path_type=Path), default=None, help="The store (default: kg-store).")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help="Rows per table.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats(store: Path | None, top: int, fmt: str) -> None:
    """Network statistics: most connected persons, betweenness, communities, top pairs, contacts per month."""
    from .analysis import format_stats, network_stats

    with _open_store(store) as st:
        _, events, entities = st.consolidated()
    result = network_stats(events, entities, top=top)
    click.echo(json.dumps(result, ensure_ascii=False, indent=1) if fmt == "json" else format_stats(result))


def _canonical(name: str) -> str:
    """The gazetteer's canonical name of the person ``name`` names (an alias, the English name, the
    Wikidata id, either script); ``name`` itself when the gazetteer does not know it."""
    from .resources import DataFileError, load_resources

    try:
        return load_resources().resolve_person(name)
    except (DataFileError, FileNotFoundError) as e:
        raise click.ClickException(str(e)) from e


@main.command()
@click.argument("person")
@click.option("--with", "other", default=None, help="Only the contacts of PERSON with this person.")
@click.option("--store", "store", type=click.Path(path_type=Path), default=None, help="The store (default: kg-store).")
@click.option("--png", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Also draw it as a PNG (needs matplotlib).")
def timeline(person: str, other: str | None, store: Path | None, png: Path | None) -> None:
    """Contacts per month of PERSON (any name of the gazetteer: canonical, alias, English, Wikidata id,
    e.g. 习近平, Putin, Q7747), or of a pair with --with."""
    from .analysis import monthly_contacts, write_timeline_png

    person = _canonical(person)
    other = _canonical(other) if other else None
    with _open_store(store) as st:
        _, events, entities = st.consolidated()
    series = monthly_contacts(events, person, other, entities)
    if not series:
        raise click.ClickException(f"no dated contacts of {person}" + (f" with {other}" if other else ""))
    for month, n in series:
        click.echo(f"{month}  {n:3}  {'#' * n}")
    if png is not None:
        write_timeline_png(series, f"{person}" + (f" – {other}" if other else "") + ": contacts per month", png)
        click.echo(f"wrote {png}")


@main.command()
@click.option("--store", "store", type=click.Path(path_type=Path), default=None, help="The store (default: kg-store).")
@click.option("--graph", "graph", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Validate a graph file (Turtle, TriG, N-Quads, JSON-LD) instead of the store.")
@click.option("--shapes", "shapes_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Other SHACL shapes (default: the shipped ontology/shapes.ttl).")
def validate(store: Path | None, graph: Path | None, shapes_file: Path | None) -> None:
    """Check a built graph against the SHACL shapes. Exit status 0 when it conforms, 1 when not."""
    from rdflib import Graph

    from .export import union_graph
    from .query import load_graph
    from .validate import validate_graph

    if graph is not None:
        data = union_graph(load_graph(graph))
    else:
        with _open_store(store) as st:
            data = _union_graph_of(st)
    conforms, text = validate_graph(data, Graph().parse(shapes_file) if shapes_file else None)
    click.echo(text.rstrip())
    if not conforms:
        sys.exit(1)


@main.command(name="check-data")
@click.argument("data_dir", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
def check_data(data_dir: Path | None) -> None:
    """Load and check the knowledge files in DATA_DIR (default: the shipped kg/data); a bad row fails
    with its file and line number."""
    from .resources import DataFileError, load_resources

    try:
        res = load_resources(data_dir)
    except (DataFileError, FileNotFoundError) as e:
        raise click.ClickException(str(e)) from e
    positions = sum(len(p.positions) for p in res.persons)
    click.echo(f"persons: {len(res.persons)} ({sum(1 for p in res.persons if p.qid)} with a Wikidata id, "
               f"{sum(1 for p in res.persons if p.has_chinese_name)} with a Chinese name, "
               f"{positions} dated offices); places: {len(res.places)} "
               f"({sum(1 for p in res.places if p.qid)} with a Wikidata id, {sum(1 for p in res.places if p.iso3)} "
               f"with an ISO code); titles: {len(res.titles)}; triggers: {len(res.triggers)}; "
               f"cue words: {sum(len(v) for v in res.cues.values())}")
    for w in res.warnings:
        click.echo(f"warning: {w}")


@main.command(name="queries")
def list_queries() -> None:
    """List the shipped named queries."""
    from .query import named_queries

    for name, path in named_queries().items():
        first = path.read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
        click.echo(f"{name:18} {first}")


@main.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--events", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=DEFAULT_OUT / "events.jsonl", show_default=True)
@click.option("--lenient", is_flag=True, help="Count borderline and implicit gold contacts too.")
@click.option("-v", "--verbose", is_flag=True, help="List each miss (FN, FP, wrong date).")
def eval_(gold: Path, events: Path, lenient: bool, verbose: bool) -> None:
    """Score an event table against GOLD contacts: precision, recall, F1, date accuracy."""
    from .evaluate import evaluate

    try:
        score = evaluate(gold, events, lenient=lenient)
    except ValueError as e:
        raise click.ClickException(str(e)) from e
    if verbose:
        for line in score.misses:
            click.echo(f"  {line}")
    click.echo(score.summary())


if __name__ == "__main__":  # pragma: no cover
    main()
