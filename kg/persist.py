"""The persistent store: Oxigraph on disk for the RDF, SQLite beside it for what consolidation needs.

A store is a folder::

    oxigraph/      the RDF dataset (``pyoxigraph.Store``): one named graph per article, the events graph
                   and the entities graph, the same graphs ``store.build_dataset`` makes in memory
    index.sqlite   each article (URL, content hash, metadata, text) and its reports as JSON, the events
                   of each consolidation bucket with their reports, the former event IRIs and their
                   successors, the mentions behind each entity, and the buckets and persons still to refresh

or, for a store whose RDF is kept on a SPARQL server (``remote``), ``index.sqlite`` alone, which records
the server's URLs; the same graphs are written there, in requests of bounded size.

Event IRIs are durable: when a refresh gives a bucket's events other IRIs (a more precise date, two
events merged), each old IRI points to the new event holding most of its reports (``former``), which
the RDF states as ``owl:sameAs`` and ``dcterms:isReplacedBy`` and ``events.jsonl`` as ``former_ids``.
Links across buckets (``encounters``) and the codes that depend on them are rewritten from every event
after each refresh that touched a bucket (the graph ``graph/encounters``).

Adding articles is incremental. Consolidation groups reports only within a *bucket* (type group and
participant set, see ``consolidate``), so adding an article re-consolidates only the buckets its reports
fall in, and rewrites only the entities it mentions.

Crash safety: each batch of articles is one Oxigraph transaction followed by one SQLite transaction,
and the buckets a batch touches are marked dirty in that same SQLite transaction. An article counts as
stored only once its SQLite row is committed. Before its graphs are written, a batch's article ids
(new and replaced) are recorded as *pending*; its SQLite transaction clears them. A store opened for
writing with pending articles was stopped between the two (a crash): their graphs are dropped, and
those the index records (the older version of a replaced article) written again from the index, so
the RDF holds what the index does, whatever the next build reads (on a server, each request is
atomic, and a batch may have been written in part). Dirty buckets and persons are refreshed before
any build ends, and by the next build after a crash, so ``kill -9`` at any point leaves a store that
opens, answers queries with the articles committed so far (and, until the next build, with those of
the batch that was being committed, whole on a local store), and completes on a rerun.

Every SQLite transaction that follows a write to the RDF also adds one to the store's *generation*
(``meta`` key ``generation``), so a reader that opened the RDF read-only (``kg serve``'s workers) can
tell, with one small read, that its view is older than the last commit and open it again.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from . import __version__
from .article import Article, Provenance, paragraph_spans, text_hash
from .consolidate import ENTITY_KINDS, Entity, Event, add_mention, bucket_key, consolidate, entity_iri
from .encounters import link_encounters
from .extract import EventReport, Mention, PlaceMention
from .resources import Resources
from .store import (
    ENCOUNTERS_GRAPH,
    ENTITIES_GRAPH,
    EVENTS_GRAPH,
    PREFIXES,
    STORE_GRAPH,
    article_graph_iri,
    article_quads,
    dataset_quads,
    encounter_quads,
    entity_quads,
    event_quads,
    place_names,
    place_quads,
    replaced_quads,
    report_iri,
)
from .timex import DateValue
from .vocab import KG

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, url TEXT, content_hash TEXT, path TEXT NOT NULL, title TEXT NOT NULL,
    outlet TEXT NOT NULL, published TEXT NOT NULL, text TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS articles_url ON articles(url);
CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash);
CREATE TABLE IF NOT EXISTS provenance (article_id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reports (article_id TEXT NOT NULL, bucket TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS reports_bucket ON reports(bucket);
CREATE INDEX IF NOT EXISTS reports_article ON reports(article_id);
CREATE TABLE IF NOT EXISTS mentions (article_id TEXT NOT NULL, key TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS mentions_key ON mentions(key);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);
CREATE TABLE IF NOT EXISTS events (bucket TEXT NOT NULL, iri TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_bucket ON events(bucket);
CREATE TABLE IF NOT EXISTS dirty (kind TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (kind, key));
CREATE TABLE IF NOT EXISTS event_reports (iri TEXT NOT NULL, report TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS event_reports_iri ON event_reports(iri);
CREATE TABLE IF NOT EXISTS former (iri TEXT PRIMARY KEY, successor TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS former_successor ON former(successor);
CREATE TABLE IF NOT EXISTS pending (article_id TEXT PRIMARY KEY);
"""


_BUMP_GENERATION = ("INSERT INTO meta VALUES ('generation', '1') "
                    "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")


def read_generation(db: sqlite3.Connection) -> int:
    """The generation recorded in the index ``db`` (0 for a store that never committed, or one made before
    kg counted them). Raises ``sqlite3.Error`` when the index cannot be read (locked past the connection's
    timeout, missing)."""
    rows = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchall()
    return int(rows[0][0]) if rows else 0


class StoreError(RuntimeError):
    """A store folder that cannot be opened or was made by an incompatible build; the message names it."""


def fingerprint(resources: Resources, use_lac: bool) -> str:
    """What the stored reports depend on: the kg version, the knowledge files' contents and the recogniser."""
    h = hashlib.sha1(f"{__version__}|lac={use_lac}".encode())
    for path in sorted(resources.files):
        h.update(Path(path).name.encode())
        h.update(Path(path).read_bytes())
    return h.hexdigest()


@dataclass
class Lookup:
    """What the store knows of an article: ``action`` is ``"add"`` (new), ``"same"`` (stored with the same
    content: skip), ``"replace"`` (same URL, new content: ``old_id`` goes) or ``"duplicate"`` (the same
    content is stored under another URL or file: ``other`` names it)."""

    action: str
    old_id: str | None = None
    other: str | None = None


class Store:
    """A persistent store folder (created when missing). Use as a context manager, or call ``close()``.

    The RDF is kept in the folder (``oxigraph/``) or, when ``endpoint`` is given, on that SPARQL server
    (``remote.SparqlEndpoint``); the folder's index then records the server's URLs, so opening the folder
    later needs no ``endpoint``, and the server holds the index's id, so two indexes never write into one
    server's graphs. ``resources`` resolve gazetteer entries when reports are read back. Raises
    ``StoreError`` when the folder holds something else (files but no ``index.sqlite``: kg makes a store only
    in a new or empty folder), is locked by another process, or belongs to
    another server; ``remote.RemoteError`` when the server cannot be reached.
    """

    def __init__(self, path: Path | str, resources: Resources, read_only: bool = False, endpoint=None):
        self.path = Path(path)
        self.resources = resources
        self._consolidated = None  # (events, entities) of the last refresh, until the next add
        self._interop = None
        self.read_only = read_only
        if read_only:
            if not (self.path / "index.sqlite").is_file():
                raise StoreError(f"{self.path}: no kg store here; run `kg build --store {self.path}` first")
            self.db = sqlite3.connect(f"file:{self.path / 'index.sqlite'}?mode=ro", uri=True)
        else:
            if self.path.exists() and not self.path.is_dir():
                raise StoreError(f"{self.path}: not a folder")
            if not (self.path / "index.sqlite").exists() and self.path.is_dir() and any(self.path.iterdir()):
                raise StoreError(f"{self.path} holds files but no kg store; a store goes into a new or empty "
                                 f"folder (give another with --store)")
            self.path.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path / "index.sqlite")
            self.db.executescript(_SCHEMA)
            self._hash_texts()
        try:
            self.rdf = self._open_rdf(endpoint)
        except BaseException:
            self.db.close()
            raise
        if not read_only:
            try:
                self._restore_pending()
            except BaseException:
                self.close()
                raise

    def _open_rdf(self, endpoint):
        from .remote import SparqlEndpoint

        recorded = self.get_meta("endpoint")
        recorded_urls = json.loads(recorded) if recorded else None  # [query URL, update URL]
        if endpoint is None and recorded_urls is None:
            try:
                return _LocalRdf(self.path / "oxigraph", self.read_only)
            except OSError as e:
                raise StoreError(f"{self.path}: cannot open the RDF store ({e})") from e
        if endpoint is None:
            endpoint = SparqlEndpoint(*recorded_urls)
        elif (self.path / "oxigraph").is_dir():
            raise StoreError(f"{self.path} holds a store of its own; give another folder (--index) for the "
                             f"index of the graph on {endpoint.query_url}")
        elif recorded_urls is not None and recorded_urls[0] != endpoint.query_url:
            raise StoreError(f"{self.path} is the index of the graph on {recorded_urls[0]}, "
                             f"not of {endpoint.query_url}; give another folder (--index)")
        if not self.read_only:
            self._claim(endpoint)
        return endpoint

    def _claim(self, endpoint) -> None:
        """Record the server in the index and the index's id on the server; refuse a server that holds
        the graph of another index, or lost this index's graph."""
        import uuid

        store_id = self.get_meta("store_id")
        on_server = endpoint.get_marker(STORE_GRAPH)
        if store_id is not None and on_server != store_id:
            raise StoreError(f"{endpoint.query_url} no longer holds the graph this index ({self.path}) wrote "
                             f"there; delete {self.path} to build it again")
        if store_id is None:
            if on_server is not None:
                raise StoreError(f"{endpoint.query_url} holds a kg graph written from another index ({on_server}); "
                                 f"build with that index folder, or drop the server's kg graphs first")
            store_id = str(uuid.uuid4())
            endpoint.set_marker(STORE_GRAPH, store_id)
            self.set_meta("store_id", store_id)
        self.set_meta("endpoint", json.dumps([endpoint.query_url, endpoint.update_url]))

    def _hash_texts(self) -> None:
        """Give every stored article the content hash of its title and text (``article.text_hash``), in
        one transaction, if the store was made when the hash was of the file's bytes."""
        if self.get_meta("content_hash") == "title+text":
            return
        with self.db:
            rows = self.db.execute("SELECT id, title, text FROM articles").fetchall()
            self.db.executemany("UPDATE articles SET content_hash = ? WHERE id = ?",
                                [(text_hash(title, text), aid) for aid, title, text in rows])
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('content_hash', 'title+text')")

    @property
    def interop(self):
        """The codes, ISO codes and coordinates (``interop.Interop``) of this store's gazetteer, loaded once."""
        if self._interop is None:
            from .interop import Interop
            self._interop = Interop.load(self.resources.places)
        return self._interop

    @property
    def remote(self) -> bool:
        """Is the RDF on a SPARQL server?"""
        return not isinstance(self.rdf, _LocalRdf)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if isinstance(self.rdf, _LocalRdf):
            self.rdf.close()
        self.rdf = None
        self.db.close()

    # ------------------------------------------------------------------ metadata

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def generation(self) -> int:
        """How many commits of RDF this store has recorded (see ``read_generation``)."""
        return read_generation(self.db)

    def article_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def lookup(self, article: Article) -> Lookup:
        """Is ``article`` stored already (by URL, else by content hash)?"""
        if article.url:
            row = self.db.execute("SELECT id, content_hash FROM articles WHERE url = ?", (article.url,)).fetchone()
            if row:
                return Lookup("same") if row[1] == article.content_hash else Lookup("replace", old_id=row[0])
        row = self.db.execute("SELECT id, path, url FROM articles WHERE content_hash = ?", (article.content_hash,)).fetchone()
        if row:
            return Lookup("same") if row[0] == article.id else Lookup("duplicate", other=row[2] or row[1])
        row = self.db.execute("SELECT id FROM articles WHERE id = ?", (article.id,)).fetchone()
        return Lookup("replace", old_id=row[0]) if row else Lookup("add")

    # ------------------------------------------------------------------ writing

    def add(self, batch: list[tuple[Article, list[EventReport]]], replace: Iterable[str] = ()) -> None:
        """Store a batch of articles with their reports, removing the articles ``replace`` names first.

        One Oxigraph transaction writes the article graphs; one SQLite transaction then records them
        and marks the buckets and persons they touch for ``refresh``.
        """
        self._consolidated = None
        replace = set(replace) | {a.id for a, _ in batch if self._has(a.id)}
        with self.db:  # what a crash before the next commit leaves for _restore_pending to put right
            self.db.executemany("INSERT OR IGNORE INTO pending VALUES (?)",
                                [(aid,) for aid in sorted(replace | {a.id for a, _ in batch})])
        # the replaced graphs, and any graph written before a crash but never recorded
        self.rdf.drop_graphs([article_graph_iri(old) for old in replace] + [article_graph_iri(a) for a, _ in batch])
        self.rdf.insert(q for article, reports in batch for q in article_quads(article, reports))
        seq = self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0]
        with self.db:
            for old in sorted(replace):
                self._mark_dirty_of(old)
                for table in ("reports", "mentions", "provenance"):
                    self.db.execute(f"DELETE FROM {table} WHERE article_id = ?", (old,))
                self.db.execute("DELETE FROM articles WHERE id = ?", (old,))
            for article, reports in batch:
                seq += 1
                self.db.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (
                    article.id, article.url or None, article.content_hash, str(article.path), article.title,
                    article.outlet, article.published.isoformat(), article.text, seq))
                self.db.execute("INSERT OR REPLACE INTO provenance VALUES (?, ?)",
                                (article.id, json.dumps(asdict(article.provenance))))
                for r in reports:
                    bucket = bucket_key(r)
                    self.db.execute("INSERT INTO reports VALUES (?, ?, ?)", (article.id, bucket, json.dumps(report_to_dict(r), ensure_ascii=False)))
                    self.db.execute("INSERT OR IGNORE INTO dirty VALUES ('bucket', ?)", (bucket,))
                    for m in r.participants:
                        self.db.execute("INSERT INTO mentions VALUES (?, ?, ?)", (article.id, m.key, json.dumps(_mention_to_dict(m), ensure_ascii=False)))
                        self.db.execute("INSERT OR IGNORE INTO dirty VALUES ('person', ?)", (m.key,))
            self.db.execute("DELETE FROM pending")
            self.db.execute(_BUMP_GENERATION)

    def _restore_pending(self) -> None:
        """Make the RDF hold what the index does after a crash during ``add``: drop the graphs of the
        pending articles (a batch written to the RDF, or in part, but not recorded), and write again from
        the index the graphs of those it records (replaced articles, whose older version it still holds)."""
        pending = [aid for (aid,) in self.db.execute("SELECT article_id FROM pending ORDER BY article_id")]
        if not pending:
            return
        self.rdf.drop_graphs([article_graph_iri(aid) for aid in pending])
        recorded = {a.id: (a, []) for a in self.articles() if a.id in set(pending)}
        for r in self._reports_where("a.id IN (SELECT value FROM json_each(?))", (json.dumps(pending),)):
            recorded[r.article.id][1].append(r)
        self.rdf.insert(q for article, reports in recorded.values() for q in article_quads(article, reports))
        with self.db:
            self.db.execute("DELETE FROM pending")
            self.db.execute(_BUMP_GENERATION)

    def _has(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def _mark_dirty_of(self, article_id: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO dirty SELECT DISTINCT 'bucket', bucket FROM reports WHERE article_id = ?", (article_id,))
        self.db.execute("INSERT OR IGNORE INTO dirty SELECT DISTINCT 'person', key FROM mentions WHERE article_id = ?", (article_id,))

    def refresh(self) -> None:
        """Re-consolidate every dirty bucket and rewrite every dirty person, then clear the marks.

        Deterministic, so a refresh cut short by a crash is simply done again by the next one. The IRIs
        of a bucket's new events are recorded before they are written, so a crash never leaves an event
        in the RDF that the index does not know of.
        """
        buckets = [k for (k,) in self.db.execute("SELECT key FROM dirty WHERE kind = 'bucket' ORDER BY key")]
        if buckets:  # links across buckets change with any bucket: marked before, rewritten after
            with self.db:
                self.db.execute("INSERT OR IGNORE INTO dirty VALUES ('encounters', '')")
        for i in range(0, len(buckets), 2000):
            self._refresh_buckets(buckets[i:i + 2000])
        persons = [k for (k,) in self.db.execute("SELECT key FROM dirty WHERE kind = 'person' ORDER BY key")]
        for i in range(0, len(persons), 2000):
            self._refresh_persons(persons[i:i + 2000])
        if self.db.execute("SELECT 1 FROM dirty WHERE kind = 'encounters'").fetchone():
            self._refresh_encounters()

    def _refresh_encounters(self) -> None:
        """Rewrite the encounters graph (``store.encounter_quads``) from every event: links across buckets
        need them all. The consolidation it makes is kept for ``consolidated`` until the next write."""
        events, entities = consolidate(self.reports())
        encounters = link_encounters(events, entities)
        trips = {t.iri: sorted(sub for sub, sup in encounters.super_event.items() if sup == t.iri)
                 for t in encounters.inferred}
        with self.db:  # an inferred visit whose IRI changed points to the one holding most of its contacts
            self._record_trip_successors(json.loads(self.get_meta("inferred_visits") or "{}"), trips)
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('inferred_visits', ?)", (json.dumps(trips),))
        former = self.former_ids(trips)
        self.rdf.replace_graph(ENCOUNTERS_GRAPH, encounter_quads(encounters, events, entities, self.interop)
                               + replaced_quads(former, ENCOUNTERS_GRAPH))
        with self.db:
            self.db.execute("DELETE FROM dirty WHERE kind = 'encounters'")
            self.db.execute(_BUMP_GENERATION)
        self._consolidated = (events, entities)

    def _refresh_buckets(self, buckets: list[str]) -> None:
        keys = json.dumps(buckets)
        events, _ = consolidate(self._reports_where("r.bucket IN (SELECT value FROM json_each(?))", (keys,)))
        new_rows = sorted({(bucket_key(e.reports[0]), e.iri) for e in events})
        issued = self._issued_reports(keys)  # the reports of each event the buckets had, before this refresh
        with self.db:  # 1. record the new IRIs beside the old ones
            self.db.executemany("INSERT INTO events VALUES (?, ?)", new_rows)
        known = {iri for (iri,) in self.db.execute(
            "SELECT DISTINCT iri FROM events WHERE bucket IN (SELECT value FROM json_each(?))", (keys,))}
        with self.db:  # 2. record where the old IRIs went (the same answer when done again after a crash)
            self._record_successors(known, successor_iris(issued, events), events)
        # 3. remove every event the buckets had or may have had, write the new and the links of the old IRIs
        self.rdf.delete_nodes(EVENTS_GRAPH, known, follow=KG.hasSide)
        self.rdf.insert(event_quads(events) + place_quads(place_names(events), self.interop)
                        + replaced_quads(self.former_ids([e.iri for e in events])))
        with self.db:  # 4. keep only the new IRIs, clear the marks
            self.db.execute("DELETE FROM events WHERE bucket IN (SELECT value FROM json_each(?))", (keys,))
            self.db.executemany("INSERT INTO events VALUES (?, ?)", new_rows)
            self.db.execute("DELETE FROM dirty WHERE kind = 'bucket' AND key IN (SELECT value FROM json_each(?))", (keys,))
            self.db.execute(_BUMP_GENERATION)

    def _issued_reports(self, keys: str) -> dict[str, set[str]]:
        """The report IRIs of each event IRI recorded for the buckets ``keys`` (a JSON list)."""
        out: dict[str, set[str]] = {}
        for iri, report in self.db.execute(
                "SELECT e.iri, r.report FROM events e JOIN event_reports r ON r.iri = e.iri "
                "WHERE e.bucket IN (SELECT value FROM json_each(?))", (keys,)):
            out.setdefault(iri, set()).add(report)
        return out

    def _record_successors(self, known: set[str], successors: dict[str, str], events: list[Event]) -> None:
        """In the open transaction: each old IRI of ``known`` that no event has any more points to its
        successor (and so do the IRIs that pointed to it); an IRI issued again is no former one."""
        live = {e.iri for e in events}
        for old in sorted(known - live):
            new = successors.get(old)
            if new is None:
                continue
            self.db.execute("UPDATE former SET successor = ? WHERE successor = ?", (new, old))
            self.db.execute("INSERT OR REPLACE INTO former VALUES (?, ?)", (old, new))
        self.db.executemany("DELETE FROM former WHERE iri = ?", [(iri,) for iri in sorted(live)])
        self.db.executemany("DELETE FROM event_reports WHERE iri = ?", [(iri,) for iri in sorted(known)])
        self.db.executemany("INSERT INTO event_reports VALUES (?, ?)",
                            sorted({(e.iri, str(report_iri(r))) for e in events for r in e.reports}))

    def _record_trip_successors(self, old: dict[str, list[str]], new: dict[str, list[str]]) -> None:
        """In the open transaction: each inferred visit of ``old`` (IRI -> its contacts' IRIs) that ``new``
        lacks points to the new one holding most of its contacts (their IRIs followed to their successors)."""
        moved = dict(self.db.execute("SELECT iri, successor FROM former"))
        holder = {sub: trip for trip, subs in new.items() for sub in subs}
        for trip in sorted(set(old) - set(new)):
            votes: dict[str, int] = {}
            for sub in old[trip]:
                now = holder.get(moved.get(sub, sub))
                if now:
                    votes[now] = votes.get(now, 0) + 1
            if votes:
                successor = min(votes, key=lambda iri: (-votes[iri], iri))
                self.db.execute("UPDATE former SET successor = ? WHERE successor = ?", (successor, trip))
                self.db.execute("INSERT OR REPLACE INTO former VALUES (?, ?)", (trip, successor))
        self.db.executemany("DELETE FROM former WHERE iri = ?", [(iri,) for iri in sorted(new)])

    def former_ids(self, iris: Iterable[str] | None = None) -> dict[str, list[str]]:
        """The former IRIs of events: ``{current IRI: [IRIs it replaced, sorted]}``, for the events ``iris``
        (all when ``None``). An IRI is replaced when a later build refined its event (a more precise date)
        or merged it into another; it then names its successor (``owl:sameAs``, ``dcterms:isReplacedBy``)."""
        rows = self.db.execute("SELECT iri, successor FROM former ORDER BY iri")
        wanted = None if iris is None else set(iris)
        out: dict[str, list[str]] = {}
        for old, new in rows:
            if wanted is None or new in wanted:
                out.setdefault(new, []).append(old)
        return out

    def _refresh_persons(self, keys: list[str]) -> None:
        entities: dict[str, Entity] = {}
        rows = self.db.execute("SELECT data FROM mentions WHERE key IN (SELECT value FROM json_each(?)) ORDER BY rowid",
                               (json.dumps(keys),))
        for (data,) in rows:
            add_mention(entities, self._mention_from_dict(json.loads(data)))
        # the persons' triples, and those of the positions they hold
        self.rdf.delete_nodes(ENTITIES_GRAPH, [entity_iri(k, kind) for k in keys for kind in ENTITY_KINDS],
                              follow=KG.position)
        self.rdf.insert(entity_quads(entities.values(), interop=self.interop))
        with self.db:
            self.db.execute("DELETE FROM dirty WHERE kind = 'person' AND key IN (SELECT value FROM json_each(?))", (json.dumps(keys),))
            self.db.execute(_BUMP_GENERATION)

    # ------------------------------------------------------------------ reading

    def articles(self) -> list[Article]:
        """Every stored article, in the order they were added (text and metadata; no captions)."""
        rows = self.db.execute("SELECT id, url, content_hash, path, title, outlet, published, text FROM articles ORDER BY seq")
        articles = [_article_from_row(r) for r in rows]
        kept = dict(self.db.execute("SELECT article_id, data FROM provenance"))
        for a in articles:  # an article stored before provenance was kept reads as the seed format's
            if a.id in kept:
                a.provenance = Provenance(**json.loads(kept[a.id]))
        return articles

    def reports(self) -> list[EventReport]:
        """Every stored report, read back with its article."""
        return self._reports_where("1", ())

    def _reports_where(self, where: str, params: tuple) -> list[EventReport]:
        rows = self.db.execute(
            "SELECT a.id, a.url, a.content_hash, a.path, a.title, a.outlet, a.published, a.text, r.data "
            f"FROM reports r JOIN articles a ON a.id = r.article_id WHERE {where} ORDER BY a.seq, r.rowid", params)
        articles: dict[str, Article] = {}
        out = []
        for row in rows:
            article = articles.get(row[0]) or articles.setdefault(row[0], _article_from_row(row[:8]))
            out.append(self._report_from_dict(json.loads(row[8]), article))
        return out

    def consolidated(self) -> tuple[list[Article], list[Event], dict[str, Entity]]:
        """The stored articles, and every report consolidated anew (what the exports are written from; the
        last ``refresh`` made it already when it rewrote the encounters)."""
        if self._consolidated is not None:
            return (self.articles(), *self._consolidated)
        events, entities = consolidate(self.reports())
        return self.articles(), events, entities

    def query(self, sparql: str, bindings: dict | None = None):
        """Run SPARQL on the store, the union of all graphs as the default graph: pyoxigraph results for a
        store in its folder, an rdflib ``Result`` for one on a SPARQL server.

        ``bindings`` maps variable names to values (IRIs as strings starting ``http``, else literals); see
        ``bind_values`` for how they enter the query.
        """
        if bindings:
            sparql = bind_values(sparql, bindings)
        return self.rdf.query(sparql)

    def dump(self, out, fmt: str) -> None:
        """Write the store to the binary file ``out``: ``trig`` or ``nq`` (every graph), or ``ttl``, ``nt``,
        ``jsonld`` (the union of the graphs as one graph)."""
        self.writer()(out, fmt)

    def writer(self, consolidated: tuple | None = None):
        """A function ``(out, fmt)`` that writes the store as ``dump`` does. A store on a server is written
        from its index (``consolidated``, when the caller has it already, else ``self.consolidated()``),
        which holds everything its graphs were made from; the server's graphs are not read back. The
        in-memory copy this needs is made once, for any number of calls."""
        if not self.remote:
            return self.rdf.dump
        articles, events, entities = consolidated or self.consolidated()
        copy = _LocalRdf(None, False)
        copy.insert(dataset_quads(articles, events, entities))
        return copy.dump

    # ------------------------------------------------------------------ (de)serialising reports

    def _mention_from_dict(self, d: dict) -> Mention:
        entry = self.resources.person_by_name.get(d["entry"]) if d.get("entry") else None
        return Mention(d["start"], d["end"], d["text"], d["name"], entry, d.get("role"), d.get("country"), d.get("via", "gazetteer"),
                       d.get("kind", "person"),
                       tuple(d["antecedent"]) if d.get("antecedent") else None)

    def _report_from_dict(self, d: dict, article: Article) -> EventReport:
        def place(p):
            if p is None:
                return None
            return PlaceMention(p["start"], p["end"], p["text"], p["name"], p["kind"],
                                self.resources.place_by_alias.get(p["entry"]) if p.get("entry") else None)
        return EventReport(article, d["type"], d["status"], d["trigger"], tuple(d["trigger_span"]), tuple(d["sentence"]),
                           [self._mention_from_dict(m) for m in d["participants"]], _date_from(d.get("date")),
                           d.get("date_text"), place(d.get("place")), place(d.get("venue")), d.get("hosts", []),
                           d.get("visitors", []), d.get("sides", []))


def successor_iris(issued: dict[str, set[str]], events: list[Event]) -> dict[str, str]:
    """Where each event IRI of an earlier consolidation went: ``issued`` maps an old IRI to the IRIs of its
    reports, ``events`` are the bucket's events now. The successor is the event holding most of the old
    event's reports (ties: the smallest IRI); an old IRI none of whose reports is left has none."""
    holder = {str(report_iri(r)): e.iri for e in events for r in e.reports}
    out = {}
    for old, reports in issued.items():
        votes: dict[str, int] = {}
        for rep in reports:
            if rep in holder:
                votes[holder[rep]] = votes.get(holder[rep], 0) + 1
        if votes:
            out[old] = min(votes, key=lambda iri: (-votes[iri], iri))
    return out


_WHERE = re.compile(r"\bWHERE\s*\{", re.I)


def bind_values(sparql: str, bindings: dict) -> str:
    """``sparql`` with each variable of ``bindings`` bound to its value (written as an N-Triples term by
    pyoxigraph). A variable the query does not project is replaced by the term itself, which keeps
    Oxigraph's index lookups (a ``VALUES`` block first defeats its join ordering: 0.03 s against 0.3 s on
    the corpus); a projected one is bound by ``VALUES ?name { value }`` opening the WHERE group."""
    head = _WHERE.search(sparql)
    projection = re.sub(r"(?m)^\s*#.*$", "", sparql[:head.start()]) if head else ""
    values = []
    for name, value in bindings.items():
        var = re.compile(r"[?$]" + re.escape(name) + r"\b")
        if var.search(projection) or head is None:
            values.append(f"VALUES ?{name} {{ {_node(value)} }}")
        else:
            sparql = var.sub(lambda _m, t=str(_node(value)): t, sparql)
    if values:
        m = _WHERE.search(sparql) or re.search(r"\{", sparql)
        if m is None:
            raise ValueError("the query has no WHERE group to bind variables in")
        sparql = sparql[:m.end()] + " " + " ".join(values) + " " + sparql[m.end():]
    return sparql


def report_to_dict(r: EventReport) -> dict:
    """A report as JSON-ready data, without its article (stored beside it)."""
    def place(p: PlaceMention | None):
        return None if p is None else {"start": p.start, "end": p.end, "text": p.text, "name": p.name, "kind": p.kind,
                                       "entry": p.entry.name if p.entry else None}
    return {"type": r.type, "status": r.status, "trigger": r.trigger, "trigger_span": list(r.trigger_span),
            "sentence": list(r.sentence), "participants": [_mention_to_dict(m) for m in r.participants],
            "date": _date_to(r.date), "date_text": r.date_text, "place": place(r.place), "venue": place(r.venue),
            "hosts": r.hosts, "visitors": r.visitors, "sides": r.sides}


def _mention_to_dict(m: Mention) -> dict:
    return {"start": m.start, "end": m.end, "text": m.text, "name": m.name, "entry": m.entry.name if m.entry else None,
            "role": m.role, "country": m.country, "via": m.via, "kind": m.kind,
            "antecedent": list(m.antecedent) if m.antecedent else None}


def _date_to(d: DateValue | None):
    return None if d is None else [d.year, d.month, d.day, _date_to(d.end)]


def _date_from(v) -> DateValue | None:
    return None if v is None else DateValue(v[0], v[1], v[2], _date_from(v[3]))


def _article_from_row(row) -> Article:
    aid, url, content_hash, path, title, outlet, published, text = row
    return Article(id=aid, path=Path(path), url=url or "", title=title, outlet=outlet,
                   published=datetime.fromisoformat(published), text=text, paragraphs=paragraph_spans(text.split("\n")),
                   content_hash=content_hash)


# ---------------------------------------------------------------------- the RDF in the store folder

class _LocalRdf:
    """The store folder's Oxigraph dataset (``path`` ``None``: in memory), with the few writes a store
    makes; ``remote.SparqlEndpoint`` offers the same for a SPARQL server."""

    def __init__(self, path: Path | None, read_only: bool):
        self.read_only = read_only
        if path is None:
            self.ox = ox.Store()
        else:
            self.ox = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))

    def close(self) -> None:
        if not self.read_only:
            self.ox.flush()
        self.ox = None  # dropping the pyoxigraph Store releases its lock

    def insert(self, quads) -> None:
        terms: dict = {}
        self.ox.extend(_ox_quad(q, terms) for q in quads)

    def drop_graphs(self, graphs) -> None:
        for g in sorted({str(g) for g in graphs}):
            node = ox.NamedNode(g)
            if self.ox.contains_named_graph(node):
                self.ox.remove_graph(node)

    def replace_graph(self, graph, quads) -> None:
        """Make the named graph ``graph`` hold exactly ``quads`` (rdflib quads in that graph), removing and
        adding only what differs (a refresh changes few of the encounters graph's quads)."""
        terms: dict = {}
        new = {_ox_quad(q, terms) for q in quads}
        old = set(self.ox.quads_for_pattern(None, None, None, ox.NamedNode(str(graph))))
        for q in old - new:
            self.ox.remove(q)
        self.ox.extend(new - old)

    def delete_nodes(self, graph, nodes, follow=None) -> None:
        """In ``graph``, delete every triple whose subject or object is one of ``nodes`` (IRIs), and the
        triples of the nodes they link to by the predicate ``follow`` (a person's positions, an event's sides)."""
        g = ox.NamedNode(str(graph))
        for n in sorted({str(n) for n in nodes}):
            node = ox.NamedNode(n)
            doomed = list(self.ox.quads_for_pattern(node, None, None, g))
            if follow is not None:
                for q in list(doomed):
                    if q.predicate.value == str(follow):
                        doomed += list(self.ox.quads_for_pattern(q.object, None, None, g))
            doomed += list(self.ox.quads_for_pattern(None, None, node, g))
            for q in set(doomed):
                self.ox.remove(q)

    def query(self, sparql: str):
        return self.ox.query(sparql, use_default_graph_as_union=True)

    def dump(self, out, fmt: str) -> None:
        formats = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS, "ttl": ox.RdfFormat.TURTLE,
                   "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
        if fmt in ("trig", "nq"):
            self.ox.dump(out, formats[fmt], prefixes=PREFIXES if fmt == "trig" else None)
            return
        triples = self.ox.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        ox.serialize(triples, out, formats[fmt], prefixes=PREFIXES if fmt == "ttl" else None)


# ---------------------------------------------------------------------- rdflib terms -> pyoxigraph terms

def _node(term):
    """An IRI for an rdflib URIRef or a string starting ``http://``, ``https://`` or ``urn:``; else a literal."""
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term
    if isinstance(term, URIRef) or (isinstance(term, str) and term.startswith(("http://", "https://", "urn:"))):
        return ox.NamedNode(str(term))
    return _term(term)


def _term(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    return ox.Literal(str(term))


def _ox_quad(q, cache: dict) -> ox.Quad:
    """An rdflib quad as a pyoxigraph ``Quad``; ``cache`` reuses the terms already made in one batch."""
    out = []
    for t in q:
        o = cache.get(t)
        if o is None:
            o = cache[t] = _term(t)
        out.append(o)
    return ox.Quad(*out)
