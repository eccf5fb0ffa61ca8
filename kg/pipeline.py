"""A build: input paths -> articles -> reports -> consolidated events -> store -> exports.

``build(inputs, out_dir, store=PATH)`` is what ``kg build`` runs. With ``store=None`` the graph is built
in memory (rdflib) and only the exports remain; with a store folder the build is incremental (see
``persist``). A build never stops on one bad article: each input that cannot be read is recorded in
``BuildResult.skipped`` with its reason, and the rest goes on.

Extraction runs in ``jobs`` worker processes when ``jobs > 1``; results are taken in input order, so the
output is identical to a serial run. The work goes to the workers in units (``_units``): runs of files,
and the records of a dump, which the parent reads one at a time as the units are taken, a bounded number
of units ahead of the results (``_in_order``).
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import tempfile
import threading
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from .article import Article, ArticleError
from .consolidate import Entity, Event, consolidate
from .encounters import link_encounters
from .export import (
    atomic_file,
    contact_graph,
    event_records,
    union_graph,
    write_events,
    write_graphml,
    write_html,
)
from .extract import EventReport, Extractor
from .inputs import files_in_folder, files_matching, is_pattern, why_unusable
from .readers import Reading, read_source
from .readers.dumps import Record, is_dump, iter_records, read_record
from .resources import Resources, load_resources
from .store import build_dataset

log = logging.getLogger(__name__)

EXPORTS = ("graph.trig", "graph.ttl", "graph.graphml", "graph.html", "events.jsonl")


@dataclass
class BuildResult:
    """What a build read and made.

    ``articles``/``reports``: what this run read and extracted. ``events``/``entities``: the whole graph
    after the build (with a store: every article in it). ``unchanged``: inputs already in the store with
    the same content. ``skipped``: ``(path, reason)`` for every input not read. ``stored``: the number of
    articles in the store after the build, ``stored_before`` before it (``None`` without a store).
    ``warnings``: ``(path, note)`` for what was left out of an article that was read (``Article.warnings``).
    """

    articles: list[Article] = field(default_factory=list)
    reports: list[EventReport] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    dataset: Dataset | None = None
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    stored: int | None = None
    stored_before: int | None = None
    warnings: list[tuple[Path, str]] = field(default_factory=list)


def expand_inputs(inputs: list[Path | str]) -> tuple[list[Path | str], list[tuple[Path, str]]]:
    """Files named, files inside folders named (recursively, hidden files left out), glob patterns
    (``corpus/**/*.txt``) and feed URLs (``http(s)://…``), in order, each once.

    Returns ``(sources, problems)``: a path that does not exist, a glob that matches nothing, a folder
    with no files, and everything that cannot be read (a folder that cannot be listed, a link to
    nothing, a link that loops, see ``inputs``) is a problem, with its reason. Never raises ``OSError``.
    """
    files: list[Path | str] = []
    problems: list[tuple[Path, str]] = []
    for raw in inputs:
        if isinstance(raw, str) and raw.startswith(("http://", "https://")):
            files.append(raw)
            continue
        p = Path(raw)
        unusable = why_unusable(p)
        if is_pattern(str(raw)) and not os.path.lexists(p):
            found, trouble = files_matching(str(raw))
            problems.extend(trouble)
            if not found:
                problems.append((p, "no file matches this pattern"))
            files.extend(found)
        elif unusable:
            problems.append((p, unusable))
        elif p.is_dir():
            found, trouble = files_in_folder(p)
            problems.extend(trouble)
            if not found and not trouble:
                problems.append((p, "folder holds no articles"))
            files.extend(found)
        elif p.is_file():
            files.append(p)
        elif p.exists():
            problems.append((p, "not a file (a socket, pipe or device)"))
        else:
            problems.append((p, "no such file or folder"))
    unique: dict = {}
    for f in files:  # a file named twice (or through a link) is read once, at its first place
        unique.setdefault(f if isinstance(f, str) else f.resolve(), f)
    return list(unique.values()), problems


# ---------------------------------------------------------------------- extraction, serial or in workers

@dataclass
class _Known:
    """A snapshot of what a store holds, for deciding without the store whether an article is new."""

    by_url: dict[str, str] = field(default_factory=dict)       # url -> content hash
    by_hash: dict[str, str] = field(default_factory=dict)      # content hash -> article id

    def unchanged(self, article: Article) -> bool:
        if article.url and article.url in self.by_url:
            return self.by_url[article.url] == article.content_hash
        return self.by_hash.get(article.content_hash) == article.id


@dataclass(frozen=True)
class Limits:
    """What one input may take: ``max_bytes`` of file (``None``: any size) and ``seconds`` to read and
    extract one article (``None``: no limit; the limit needs the worker's main thread, see ``time_limit``)."""

    max_bytes: int | None = 10_000_000
    seconds: float | None = 30.0


class TimeLimitExceeded(BaseException):
    """An article took longer than its time limit. A ``BaseException``, as ``KeyboardInterrupt`` is, so
    that no ``except Exception`` on the way swallows it."""


@contextmanager
def time_limit(seconds: float | None):
    """Raise ``TimeLimitExceeded`` in the block once ``seconds`` (wall clock) have passed, by SIGALRM.
    No limit when ``seconds`` is ``None``, off the main thread, or where there is no SIGALRM (Windows).
    A long call into C code (the recogniser's model) is stopped when it returns."""
    if seconds is None or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise TimeLimitExceeded()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Worker:
    """Reads and extracts sources; one per process."""

    def __init__(self, resources: Resources, use_lac: bool, known: _Known, limits: Limits = Limits(),
                 reading: Reading | None = None):
        self.extractor = Extractor(resources, use_lac=use_lac)
        self.known = known
        self.limits = limits
        self.reading = reading

    def run(self, unit: _Unit) -> list[tuple]:
        """The items of one unit of work (see ``_units``): each source's, or each record's, in order."""
        if unit.records is not None:
            return [item for record in unit.records for item in self.record(unit.dump, record)]
        return [item for source in unit.sources for item in self.process(source)]

    def process(self, source) -> list[tuple]:
        """Read and extract one source. Returns ``(label, status, payload)`` items: ``("ok", (article,
        reports))``, ``("unchanged", None)`` or ``("error", reason)``; a feed or a dump gives one item per
        entry or record."""
        label = source if isinstance(source, str) else (source.path if isinstance(source, Article) else source)
        too_big = self._too_big(source)
        if too_big:
            return [(label, "error", too_big)]
        try:
            with time_limit(self.limits.seconds):
                items = [source] if isinstance(source, Article) else read_source(source, self.reading)
        except ArticleError as e:
            return [(label, "error", _reason_of(e))]
        except TimeLimitExceeded:
            return [(label, "error", f"not read: reading took longer than the limit of {self.limits.seconds:g} s")]
        out = [(label, "error", _reason_of(e)) for e in items if isinstance(e, ArticleError)]
        for article in (a for a in items if isinstance(a, Article)):
            item_label = label if len(items) == 1 else _item_label(label, article)
            if not isinstance(source, Article) and self.known.unchanged(article):
                out.append((item_label, "unchanged", None))
            else:
                out.append(self._extract(item_label, article))
        return out

    def record(self, dump: Path, record: Record) -> list[tuple]:
        """Read and extract one record of a dump (``dumps.Record``), as ``process`` a source: the items
        are labelled ``DUMP:LINE`` (an error: ``DUMP`` and a reason that names the line)."""
        try:
            with time_limit(self.limits.seconds):
                article = read_record(record, dump, self.reading)
        except ArticleError as e:
            return [(dump, "error", _reason_of(e))]
        except TimeLimitExceeded:
            return [(dump, "error", f"line {record.line}: not read: reading took longer than the limit of "
                                    f"{self.limits.seconds:g} s")]
        label = _item_label(dump, article)
        if self.known.unchanged(article):
            return [(label, "unchanged", None)]
        return [self._extract(label, article)]

    def _extract(self, label, article: Article) -> tuple:
        """``(label, "ok", (article, reports))``, or an ``"error"`` item when extraction fails or takes
        longer than the limit."""
        try:
            with time_limit(self.limits.seconds):
                reports = self.extractor.extract(article)
            return (label, "ok", (article, reports))
        except TimeLimitExceeded:
            return (label, "error", f"not read: extraction took longer than the limit of {self.limits.seconds:g} s")
        except Exception as e:  # one broken article never stops a build of a thousand
            log.exception("extraction failed on %s", label)
            return (label, "error", f"extraction failed: {type(e).__name__}: {e}")

    def _too_big(self, source) -> str | None:
        """The reason to skip the file ``source`` unread when it is larger than the limit, else ``None``."""
        if self.limits.max_bytes is None or isinstance(source, (str, Article)):
            return None
        try:
            size = os.stat(source).st_size
        except OSError:
            return None  # reading it says why
        if size <= self.limits.max_bytes:
            return None
        return f"not read: {size:,} bytes, more than the limit of {self.limits.max_bytes:,} (--max-bytes)"


def _reason_of(e: ArticleError) -> str:
    """The reason an input was skipped, with its line: ``line 2: not UTF-8 …`` (once, when the reason names it)."""
    if e.line is None or e.reason.startswith(f"line {e.line} "):
        return e.reason
    return f"line {e.line}: {e.reason}"


def _item_label(label, article: Article) -> str:
    """How one article of a multi-article source is named: a dump's record by its line, a feed's entry
    by its URL (or id)."""
    if article.provenance.reader == "dump":
        return f"{label}:{article.provenance.line}"
    return f"{label}#{article.url or article.id}"


@dataclass
class _Unit:
    """One piece of work for a worker: some ``sources`` (files, URLs, stored articles), or some
    ``records`` of the dump at ``dump``; or, with ``items``, what is known without one (a dump that
    cannot be read). ``progress``: how many inputs of the progress bar it finishes (a part of one
    for the records of a dump)."""

    sources: list = field(default_factory=list)
    dump: Path | None = None
    records: list[Record] | None = None
    items: list[tuple] | None = None
    progress: float = 0.0


SOURCES_A_UNIT = 8          # files sent to a worker at a time
RECORDS_A_UNIT = 32         # dump records sent to a worker at a time ...
RECORD_BYTES_A_UNIT = 1 << 21  # ... or fewer, when they hold more than 2 MiB
UNITS_A_WORKER = 4          # units waiting or in work for each worker: bounds what is held in memory


def _units(sources: list, limits: Limits, batch_size: int = SOURCES_A_UNIT):
    """The work of ``sources`` in ``_Unit``s, in input order: runs of up to ``batch_size`` files and URLs,
    and each dump (a ``.jsonl``/``.csv`` file) record by record, read as the units are taken
    (``dumps.iter_records``), so a dump of any size is never held whole. A dump's ``--max-bytes`` limit is
    for each of its records."""
    batch: list = []
    for source in sources:
        if not isinstance(source, Path) or not is_dump(source):
            batch.append(source)
            if len(batch) == batch_size:
                yield _Unit(sources=batch, progress=len(batch))
                batch = []
            continue
        if batch:
            yield _Unit(sources=batch, progress=len(batch))
            batch = []
        yield from _dump_units(source, limits)
    if batch:
        yield _Unit(sources=batch, progress=len(batch))


def _dump_units(dump: Path, limits: Limits):
    """The records of one dump in ``_Unit``s; one of ``items`` when the dump cannot be read."""
    try:
        total = max(os.stat(dump).st_size, 1)
    except OSError:
        total = 1
    done, records, size = 0.0, [], 0
    try:
        for record in iter_records(dump, limits.max_bytes):
            records.append(record)
            size += record.size
            if len(records) == RECORDS_A_UNIT or size >= RECORD_BYTES_A_UNIT:
                yield _Unit(dump=dump, records=records, progress=size / total)
                done += size / total
                records, size = [], 0
    except ArticleError as e:
        if records:
            yield _Unit(dump=dump, records=records, progress=size / total)
            done += size / total
        yield _Unit(items=[(dump, "error", _reason_of(e))], progress=max(1.0 - done, 0.0))
        return
    rest = max(1.0 - done, 0.0)
    yield _Unit(dump=dump, records=records, progress=rest) if records else _Unit(items=[], progress=rest)


# A worker process's own _Worker, set by the pool's initializer in that process (never in the parent):
# the standard way to give each process of a ProcessPoolExecutor one long-lived object.
_PROCESS_WORKER: list[_Worker] = []


def _init_process(resources: Resources, use_lac: bool, known: _Known, limits: Limits, reading: Reading | None) -> None:
    _PROCESS_WORKER.append(_Worker(resources, use_lac, known, limits, reading))


def _run_in_worker(unit: _Unit) -> list[tuple]:
    return _PROCESS_WORKER[0].run(unit)


def iter_extracted(sources: list, resources: Resources, use_lac: bool, jobs: int = 1, known: _Known | None = None,
                   progress: bool = False, limits: Limits = Limits(), reading: Reading | None = None):
    """Yield ``(label, status, payload)`` for every source, in input order (see ``_Worker.process``); a
    dump's records are read as the work goes (``_units``) and spread over the workers as files are.

    ``jobs > 1`` extracts in that many worker processes (``jobs=0``: one per CPU); the order and the
    results are the same as with one. ``limits``: each source's size and time (``Limits``); an input
    past one is an ``"error"`` item saying which. ``reading``: how inputs are read (``readers.Reading``).
    """
    from tqdm import tqdm

    known = known or _Known()
    reading = reading or Reading()
    jobs = jobs or os.cpu_count() or 1
    bar = tqdm(total=len(sources), unit="input", disable=not progress, dynamic_ncols=True,
               bar_format="{l_bar}{bar}| {n:.0f}/{total_fmt} [{elapsed}<{remaining}]")
    try:
        if jobs <= 1:
            worker = _Worker(resources, use_lac, known, limits, reading)
            for unit in _units(sources, limits, batch_size=1):
                yield from (unit.items if unit.items is not None else worker.run(unit))
                bar.update(unit.progress)
            return
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init_process,
                                 initargs=(resources, use_lac, known, limits, reading)) as pool:
            for unit, items in _in_order(pool, _units(sources, limits), jobs * UNITS_A_WORKER):
                yield from items
                bar.update(unit.progress)
    finally:
        bar.close()


def _in_order(pool: ProcessPoolExecutor, units, window: int):
    """``(unit, items)`` for each unit, in order, run in ``pool``; at most ``window`` units are taken from
    ``units`` ahead of the one waited for (``Executor.map`` would take them all at once)."""
    pending: deque = deque()
    for unit in units:
        pending.append((unit, unit.items if unit.items is not None else pool.submit(_run_in_worker, unit)))
        while len(pending) >= window:
            yield _result(*pending.popleft())
    while pending:
        yield _result(*pending.popleft())


def _result(unit: _Unit, work) -> tuple[_Unit, list[tuple]]:
    return unit, work if isinstance(work, list) else work.result()


# ---------------------------------------------------------------------- builds

def build(inputs: list[Path | str], out_dir: Path | str | None = None, resources: Resources | None = None,
          use_lac: bool = True, store: Path | str | None = None, jobs: int = 1, progress: bool = False,
          batch_size: int = 500, endpoint=None, limits: Limits = Limits(), reading: Reading | None = None) -> BuildResult:
    """Build the knowledge graph of ``inputs`` (see ``expand_inputs``) and, when ``out_dir`` is given, write
    the exports there (``EXPORTS``).

    ``store``: a store folder (``persist.Store``) to add to; articles already in it with the same URL and
    content are not read again, a new version of a stored URL replaces the old one. ``None`` builds in
    memory. ``endpoint`` (a ``remote.SparqlEndpoint``): keep the store's RDF on that SPARQL server, with
    ``store`` the folder of its index. ``batch_size`` articles are committed to the store at a time.
    ``limits``: the most bytes of one input file and seconds for one article (``Limits``); an input past
    one is skipped with the reason.
    Raises ``persist.StoreError`` when the store cannot be opened, ``remote.RemoteError`` when the server
    cannot be reached or refuses a write. ``reading`` (``readers.Reading``): the fallback publication time,
    dump field names and outlet zones the readers use.
    """
    resources = resources or load_resources()
    result = BuildResult()
    sources, problems = expand_inputs(inputs)
    result.skipped.extend(problems)
    if store is None:
        _build_in_memory(sources, resources, use_lac, jobs, progress, result, limits, reading)
        if out_dir is not None:
            ds = result.dataset
            result.outputs = write_exports(Path(out_dir), result.events, result.entities,
                                           lambda f, fmt: f.write(_rdflib_bytes(ds, fmt)))
        return result
    from .persist import Store, fingerprint

    with Store(store, resources, endpoint=endpoint) as st:
        result.stored_before = st.article_count()
        mark = fingerprint(resources, use_lac)
        if st.get_meta("fingerprint") not in (None, mark):
            log.warning("%s was built by another version of kg or other knowledge files: extracting its articles again", store)
            stale = st.articles()
            _add_to_store(st, iter_extracted(stale, resources, use_lac, jobs, progress=progress, limits=limits), batch_size,
                          BuildResult(), again=True)
        st.set_meta("fingerprint", mark)
        known = _Known()
        for url, h, aid in st.db.execute("SELECT url, content_hash, id FROM articles"):
            if url:
                known.by_url[url] = h
            known.by_hash[h] = aid
        _add_to_store(st, iter_extracted(sources, resources, use_lac, jobs, known, progress, limits, reading),
                      batch_size, result)
        st.refresh()
        result.stored = st.article_count()
        if out_dir is not None:
            consolidated = st.consolidated()
            _, result.events, result.entities = consolidated
            result.outputs = write_exports(Path(out_dir), result.events, result.entities, st.writer(consolidated),
                                           former=st.former_ids())
    return result


def _build_in_memory(sources, resources, use_lac, jobs, progress, result: BuildResult, limits: Limits,
                     reading: Reading | None = None) -> None:
    seen_urls: dict[str, str] = {}   # URL -> the file name that had it first
    seen_texts: dict[str, str] = {}  # content hash (title and text) -> the same
    for label, status, payload in iter_extracted(sources, resources, use_lac, jobs, progress=progress,
                                                 limits=limits, reading=reading):
        if status == "error":
            result.skipped.append((Path(str(label)), payload))
            continue
        article, reports = payload
        if article.url and article.url in seen_urls:
            result.skipped.append((Path(str(label)), f"same URL as {seen_urls[article.url]}"))
            continue
        if article.content_hash in seen_texts:
            result.skipped.append((Path(str(label)), f"same article as {seen_texts[article.content_hash]}"))
            continue
        seen_urls[article.url] = seen_texts[article.content_hash] = Path(str(label)).name
        result.articles.append(article)
        result.warnings.extend((Path(str(label)), w) for w in article.warnings)
        result.reports.extend(reports)
    result.events, result.entities = consolidate(result.reports)
    result.dataset = build_dataset(result.articles, result.events, result.entities)


def _add_to_store(st, items, batch_size: int, result: BuildResult, again: bool = False) -> None:
    """Commit extracted articles to store ``st`` in batches; within one run the first of two inputs with
    the same URL or content wins, and the other is skipped with the reason. ``again``: the items are the
    store's own articles extracted anew, each replacing its stored reports."""
    from .persist import Lookup

    add = Lookup("add")
    batch: list[tuple[Article, list[EventReport]]] = []
    replace: set[str] = set()
    this_run: dict[str, str] = {}
    for label, status, payload in items:
        if status == "error":
            result.skipped.append((Path(str(label)), payload))
            continue
        if status == "unchanged":
            result.unchanged.append(Path(str(label)))
            continue
        article, reports = payload
        first = this_run.get(article.url) or this_run.get(article.content_hash)
        if first:
            result.skipped.append((Path(str(label)), f"same article as {first}"))
            continue
        looked = add if again else st.lookup(article)
        if looked.action == "same":  # stored since the workers' snapshot was taken
            result.unchanged.append(Path(str(label)))
            continue
        if looked.action == "duplicate":
            result.skipped.append((Path(str(label)), f"same content as the stored {looked.other}"))
            continue
        if looked.action == "replace":
            replace.add(looked.old_id)
        for key in (article.url, article.content_hash):
            if key:
                this_run[key] = Path(str(label)).name
        batch.append((article, reports))
        result.articles.append(article)
        result.warnings.extend((Path(str(label)), w) for w in article.warnings)
        result.reports.extend(reports)
        if len(batch) >= batch_size:
            st.add(batch, replace)
            batch, replace = [], set()
    if batch or replace:
        st.add(batch, replace)


# ---------------------------------------------------------------------- exports

def _rdflib_bytes(ds: Dataset, fmt: str) -> bytes:
    if fmt == "trig":
        return ds.serialize(format="trig", encoding="utf-8")
    if fmt == "nq":
        return ds.serialize(format="nquads", encoding="utf-8")
    return union_graph(ds).serialize(format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt], encoding="utf-8")


def write_exports(out: Path, events: list[Event], entities: dict[str, Entity], write_rdf,
                  former: dict[str, list[str]] | None = None) -> list[Path]:
    """Write ``EXPORTS`` into ``out`` as a set: each into a temporary folder in ``out`` first, then all
    moved into place one by one once every one is complete, so a failure (disk full) while writing
    leaves the earlier set as it was. Temporary files and folders an earlier run left (killed while
    writing) are removed first. ``write_rdf(file, fmt)`` writes the RDF (``fmt`` ``trig`` or ``ttl``)
    to a binary file; ``former``: the events' former IRIs (``persist.Store.former_ids``). Raises
    ``OSError`` naming the path it could not write.
    """
    out.mkdir(parents=True, exist_ok=True)
    remove_stray_temporaries(out)
    with tempfile.TemporaryDirectory(prefix=_EXPORT_TMP, dir=out) as tmp:
        new = Path(tmp)
        for name, fmt in (("graph.trig", "trig"), ("graph.ttl", "ttl")):
            with atomic_file(new / name) as f:
                write_rdf(f, fmt)
        encounters = link_encounters(events, entities)
        graph = contact_graph(events, entities, encounters)
        write_graphml(graph, new / "graph.graphml")
        write_html(graph, events + encounters.inferred, new / "graph.html")
        write_events(event_records(events, entities, former, encounters), new / "events.jsonl")
        for name in EXPORTS:
            os.replace(new / name, out / name)
    return [out / name for name in EXPORTS]


_EXPORT_TMP = ".kg-export-"


def remove_stray_temporaries(out: Path) -> list[Path]:
    """Remove from ``out`` what a killed export left: ``.kg-export-*`` folders and ``atomic_file``'s
    ``.NAME.XXXX`` files of the ``EXPORTS`` names; nothing else. Returns what was removed."""
    removed = []
    for p in sorted(out.glob(".*")):
        if p.is_dir() and not p.is_symlink() and p.name.startswith(_EXPORT_TMP):
            shutil.rmtree(p)
        elif p.is_file() and any(p.name.startswith(f".{name}.") for name in EXPORTS):
            p.unlink()
        else:
            continue
        removed.append(p)
    return removed
