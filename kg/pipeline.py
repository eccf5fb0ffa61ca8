"""A build: input paths -> articles -> reports -> consolidated events -> dataset -> exports.

``build(inputs, out_dir)`` is what ``kg build`` runs; it never stops on one bad article: each file that
cannot be read is recorded in ``BuildResult.skipped`` with its reason, and the rest of the build goes on.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from .article import Article, ArticleError, read_article
from .consolidate import Entity, Event, consolidate
from .export import contact_graph, event_records, union_graph, write_events, write_graphml, write_html, atomic_write
from .extract import EventReport, Extractor
from .resources import Resources, load_resources
from .store import build_dataset

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    """What a build read and made. ``skipped`` lists ``(path, reason)`` for every input not read."""

    articles: list[Article] = field(default_factory=list)
    reports: list[EventReport] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    dataset: Dataset | None = None
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)


def expand_inputs(inputs: list[Path | str]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files named, and the files inside folders named (recursively, hidden files left out), sorted.

    Returns ``(files, problems)``: a path that does not exist, or a folder with no files, is a problem.
    """
    files: list[Path] = []
    problems: list[tuple[Path, str]] = []
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts))
            if not found:
                problems.append((p, "folder holds no articles"))
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            problems.append((p, "no such file or folder"))
    unique: dict[Path, Path] = {}
    for f in files:  # a file named twice (or through a link) is read once, at its first place
        unique.setdefault(f.resolve(), f)
    return list(unique.values()), problems


def extract_all(paths: list[Path], extractor: Extractor, result: BuildResult) -> None:
    """Read and extract every path into ``result``; a failing file is skipped with its reason."""
    seen_urls: dict[str, Path] = {}
    for path in paths:
        try:
            article = read_article(path)
        except ArticleError as e:
            result.skipped.append((path, e.reason if e.line is None else f"line {e.line}: {e.reason}"))
            continue
        if article.url and article.url in seen_urls:
            result.skipped.append((path, f"same URL as {seen_urls[article.url].name}"))
            continue
        seen_urls[article.url] = path
        try:
            reports = extractor.extract(article)
        except Exception as e:  # one broken article never stops a build of a thousand
            log.exception("extraction failed on %s", path)
            result.skipped.append((path, f"extraction failed: {type(e).__name__}: {e}"))
            continue
        result.articles.append(article)
        result.reports.extend(reports)


def build(inputs: list[Path | str], out_dir: Path | str | None = None, resources: Resources | None = None,
          use_lac: bool = True) -> BuildResult:
    """Build the knowledge graph of ``inputs`` and, when ``out_dir`` is given, write the exports there:
    graph.ttl, graph.trig, graph.graphml, graph.html, events.jsonl."""
    result = BuildResult()
    paths, problems = expand_inputs(inputs)
    result.skipped.extend(problems)
    extractor = Extractor(resources or load_resources(), use_lac=use_lac)
    extract_all(paths, extractor, result)
    result.events, result.entities = consolidate(result.reports)
    result.dataset = build_dataset(result.articles, result.events, result.entities)
    if out_dir is not None:
        result.outputs = write_exports(result, Path(out_dir))
    return result


def write_exports(result: BuildResult, out: Path) -> list[Path]:
    """Write every export of ``result`` into ``out``; each file appears whole or not at all."""
    out.mkdir(parents=True, exist_ok=True)
    ds = result.dataset
    written = []
    atomic_write(out / "graph.trig", ds.serialize(format="trig"))
    atomic_write(out / "graph.ttl", union_graph(ds).serialize(format="turtle"))
    written += [out / "graph.trig", out / "graph.ttl"]
    graph = contact_graph(result.events, result.entities)
    write_graphml(graph, out / "graph.graphml")
    write_html(graph, result.events, out / "graph.html")
    write_events(event_records(result.events, result.entities), out / "events.jsonl")
    written += [out / "graph.graphml", out / "graph.html", out / "events.jsonl"]
    return written
