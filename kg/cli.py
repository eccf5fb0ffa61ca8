"""The ``kg`` command line: a thin layer of click commands over the library."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import click

DEFAULT_INPUT = Path("seeds")
DEFAULT_OUT = Path("exports")


@click.group()
@click.version_option(package_name="kg")
def main() -> None:
    """kg: knowledge graphs of diplomatic contacts (who met whom, when, where) from Chinese-language news."""


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Folder for graph.ttl, graph.trig, graph.graphml, graph.html and events.jsonl.")
@click.option("--no-lac", is_flag=True, help="Gazetteer and titles only; no learned person recogniser.")
def build(inputs: tuple[Path, ...], out: Path, no_lac: bool) -> None:
    """Build the knowledge graph of INPUTS (files or folders; default: seeds/).

    Exit status 0 when every input was read, 2 when some were skipped (each is listed with its reason),
    1 when no article could be read at all.
    """
    from .pipeline import build as run_build

    result = run_build(list(inputs) or [DEFAULT_INPUT], out, use_lac=not no_lac)
    for path, reason in result.skipped:
        click.echo(f"skipped {path}: {reason}", err=True)
    persons = len(result.entities)
    click.echo(f"articles read: {len(result.articles)}; skipped: {len(result.skipped)}; "
               f"reports: {len(result.reports)}; events: {len(result.events)}; persons: {persons}")
    for p in result.outputs:
        click.echo(f"wrote {p}")
    if not result.articles:
        sys.exit(1)
    if result.skipped:
        sys.exit(2)


@main.command()
@click.argument("query")
@click.option("--graph", "graph", type=click.Path(path_type=Path), default=DEFAULT_OUT / "graph.trig",
              show_default=True, help="The built graph to query.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--bind", "binds", multiple=True, metavar="NAME=VALUE",
              help="Bind a query variable, e.g. --bind name=习近平 (repeatable).")
def query(query: str, graph: Path, fmt: str, binds: tuple[str, ...]) -> None:
    """Run QUERY (SPARQL text, a .rq file, or a shipped query name) on a built graph.

    Shipped queries: top-pairs (who met whom most often), person-contacts (bind name), event-sources.
    """
    from .query import load_graph, run_query

    bindings = {}
    for b in binds:
        name, sep, value = b.partition("=")
        if not sep:
            raise click.BadParameter(f"{b!r} is not NAME=VALUE", param_hint="--bind")
        bindings[name.lstrip("?")] = value
    try:
        ds = load_graph(graph)
        columns, rows = run_query(ds, query, bindings)
    except FileNotFoundError as e:
        raise click.ClickException(str(e)) from e
    except Exception as e:  # a SPARQL syntax error: say so, keep the parser's message
        raise click.ClickException(f"query failed: {e}") from e
    click.echo(_render(columns, rows, fmt))


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
