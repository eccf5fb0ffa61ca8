"""Writing a build's outputs: Turtle, TriG, GraphML, the interactive HTML graph and the event table.

Every file is written to a temporary file in the target folder and moved into place with
``os.replace``, so a crash never leaves a half-written export.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

import networkx as nx
from rdflib import Dataset, Graph

from .consolidate import Entity, Event
from .store import article_iri, place_iri


@contextmanager
def atomic_file(path: Path):
    """A binary file to write ``path`` through: a temporary file beside it, renamed over ``path`` when the
    block ends normally and removed when it raises, so ``path`` is never half-written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` (text is encoded as UTF-8) to ``path`` with ``atomic_file``."""
    with atomic_file(path) as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)


def union_graph(ds: Dataset) -> Graph:
    """All triples of all named graphs as one plain graph (what graph.ttl holds)."""
    g = Graph()
    for prefix, ns in ds.namespaces():
        g.bind(prefix, ns)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def event_records(events: list[Event], entities: dict[str, Entity]) -> list[dict]:
    """The event table: one JSON-ready dict per event (the shape documented in the README)."""
    out = []
    for e in events:
        first_forms: dict[str, list[str]] = defaultdict(list)
        roles: dict[str, str] = {}
        countries: dict[str, str] = {}
        for r in e.reports:
            for m in r.participants:
                if m.text not in first_forms[m.key]:
                    first_forms[m.key].append(m.text)
                if m.role:
                    roles.setdefault(m.key, m.role)
                if m.country:
                    countries.setdefault(m.key, m.country)
        participants = []
        for key in e.participants:
            ent = entities[key]
            participants.append({
                "id": ent.iri, "name": key, "mention": first_forms[key][0] if first_forms[key] else key,
                "mentions": first_forms[key], "role": roles.get(key) or ent.role,
                "country": countries.get(key) or ent.country, "linked": ent.linked, "qid": ent.qid,
                "side": e.sides.get(key, len(participants)),
            })
        sources = []
        for r in sorted(e.reports, key=lambda r: (r.article.published, r.article.id, r.sentence[0])):
            a = r.article
            sources.append({
                "article": str(article_iri(a)), "file": a.file, "url": a.url, "outlet": a.outlet, "title": a.title,
                "published": a.published.isoformat(), "sentence": r.evidence, "start": r.sentence[0],
                "end": r.sentence[1], "trigger": r.trigger, "date": r.date.iso() if r.date else None,
                "date_text": r.date_text, "status": r.status,
            })
        out.append({
            "id": e.iri, "type": e.type, "status": e.status,
            "date": e.date.iso() if e.date else None,
            "date_end": e.date.end.iso() if e.date and e.date.end else None,
            "place": {"id": str(place_iri(e.place)), "name": e.place} if e.place else None,
            "venue": {"id": str(place_iri(e.venue)), "name": e.venue} if e.venue else None,
            "participants": participants,
            "hosts": [entities[k].iri for k in e.hosts if k in entities],
            "visitors": [entities[k].iri for k in e.visitors if k in entities],
            "confidence": e.confidence,
            "sources": sources,
        })
    return out


def contact_graph(events: list[Event], entities: dict[str, Entity]) -> nx.Graph:
    """Persons as nodes, contacts as edges, with plain (str/int/float/bool) attributes only, so that
    GraphML and Gephi read them. Edge attributes: ``count``, ``dates`` and ``types`` (``;``-joined)."""
    g = nx.Graph()
    for key, ent in sorted(entities.items()):
        g.add_node(ent.iri, label=key, country=ent.country or "", role=ent.role or "", linked=bool(ent.linked),
                   qid=ent.qid or "", contacts=0)
    edges: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for e in events:
        for x, y in e.pairs():  # persons on one side of a contact did not meet there
            a, b = sorted((entities[x].iri, entities[y].iri))
            edges[(a, b)].append(e)
    for (a, b), evs in sorted(edges.items()):
        g.add_edge(a, b, count=len(evs), dates=";".join(e.date.iso() if e.date else "" for e in evs),
                   types=";".join(e.type for e in evs), events=";".join(e.iri for e in evs))
        g.nodes[a]["contacts"] += len(evs)
        g.nodes[b]["contacts"] += len(evs)
    return g


def write_graphml(graph: nx.Graph, path: Path) -> None:
    with atomic_file(path) as f:  # the ElementTree writer, whether lxml is installed or not: the same bytes
        nx.write_graphml_xml(graph, f)


_TYPE_STYLE = {"Meeting": "#4e79a7", "Talks": "#59a14f", "Visit": "#f28e2b", "PhoneCall": "#b07aa1", "Summit": "#e15759"}


def write_html(graph: nx.Graph, events: list[Event], path: Path, title: str = "kg: diplomatic contacts") -> None:
    """The interactive contact graph (pyvis / vis-network), self-contained: its JavaScript and CSS are
    inlined from the pyvis package, so the page works offline.

    Persons are nodes coloured by country and sized by contacts; contacts are edges weighted by count and
    coloured by type. A panel (``kg/assets/graph-controls.*``) filters by date range, contact type and
    person, finds a name, and draws a monthly timeline of the selected person or pair; an edge's tooltip
    lists its dated contacts with their source headlines linked to the articles. Text from articles is
    embedded as JSON with ``<`` and ``>`` escaped and put in the page with ``textContent``, so a headline
    holding ``<script>`` shows as text. Physics stops once the layout is stable.
    """
    from pyvis.network import Network

    by_iri = {e.iri: e for e in events}
    net = Network(height="760px", width="100%", directed=False, cdn_resources="in_line", heading="")
    net.set_options(json.dumps({
        "physics": {"enabled": True, "solver": "barnesHut", "stabilization": {"enabled": True, "iterations": 300, "updateInterval": 25},
                    "barnesHut": {"gravitationalConstant": -8000, "springLength": 120}},
        "layout": {"improvedLayout": graph.number_of_nodes() <= 300},
        "edges": {"smooth": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": graph.number_of_edges() > 1000},
    }))
    palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"]
    countries = sorted({d["country"] for _, d in graph.nodes(data=True)})
    colour = {c: palette[i % len(palette)] for i, c in enumerate(countries)}
    for node, d in graph.nodes(data=True):
        tip = "\n".join(x for x in (d["label"], d["role"], d["country"], f"{d['contacts']} contacts") if x)
        net.add_node(node, label=d["label"], title=tip, color=colour[d["country"]], value=max(1, d["contacts"]))
    for a, b, d in graph.edges(data=True):
        contacts = []
        for iri in d["events"].split(";"):
            e = by_iri[iri]
            sources = {}
            for r in sorted(e.reports, key=lambda r: (r.article.published, r.article.id)):
                sources.setdefault(r.article.id, {"title": r.article.title, "url": r.article.url})
            contacts.append({"date": e.date.iso() if e.date else None, "type": e.type, "status": e.status,
                             "sources": list(sources.values())})
        lines = [f"{c['date'] or '?'} {c['type']}: " + " | ".join(s["title"] for s in c["sources"]) for c in contacts]
        types = d["types"].split(";")
        net.add_edge(a, b, value=d["count"], title="\n".join(lines), color=_TYPE_STYLE.get(types[0], "#999999"),
                     contacts=contacts)
    page = _escape_data(net.generate_html())
    atomic_write(path, _add_controls(_inline_assets(page, title)))


def _add_controls(page: str) -> str:
    """Put the control panel above the graph and its script after pyvis's."""
    from importlib.resources import files

    from bs4 import BeautifulSoup

    assets = files("kg") / "assets"
    soup = BeautifulSoup(page, "html.parser")
    panel = BeautifulSoup((assets / "graph-controls.html").read_text(encoding="utf-8"), "html.parser")
    graph_div = soup.find(id="mynetwork")
    card = graph_div.find_parent(class_="card") or graph_div
    card.insert_before(panel)
    script = soup.new_tag("script")
    script.string = (assets / "graph-controls.js").read_text(encoding="utf-8")
    soup.body.append(script)
    return str(soup)


_DATASET = re.compile(r"(new vis\.DataSet\()(.*?)(\);)", re.S)


def _escape_data(page: str) -> str:
    """Inside the node and edge data pyvis embeds in a <script>, write < and > as JSON escapes, so that
    text such as ``</script><script>…`` in a headline stays a string and never ends the script element."""
    return _DATASET.sub(lambda m: m.group(1) + m.group(2).replace("<", "\\u003c").replace(">", "\\u003e")
                        + m.group(3), page)


def _inline_assets(page: str, title: str) -> str:
    """Replace the CDN links pyvis writes with the files the pyvis package ships."""
    import pyvis
    from bs4 import BeautifulSoup

    lib = Path(pyvis.__file__).parent / "lib"
    assets = {
        "vis-network.min.js": lib / "vis-9.1.2" / "vis-network.min.js",
        "vis-network.min.css": lib / "vis-9.1.2" / "vis-network.css",
        "tom-select.complete.js": lib / "tom-select" / "tom-select.complete.min.js",
        "tom-select.complete.min.js": lib / "tom-select" / "tom-select.complete.min.js",
        "tom-select.min.css": lib / "tom-select" / "tom-select.css",
        "tom-select.css": lib / "tom-select" / "tom-select.css",
        "utils.js": lib / "bindings" / "utils.js",
    }
    soup = BeautifulSoup(page, "html.parser")
    for tag in soup.find_all("script", src=True):
        name = tag["src"].rsplit("/", 1)[-1]
        if name in assets:
            new = soup.new_tag("script")
            new.string = assets[name].read_text(encoding="utf-8")
            tag.replace_with(new)
        else:
            tag.decompose()  # bootstrap and other CDN scripts the graph does not need
    for tag in soup.find_all("link", href=True):
        name = tag["href"].rsplit("/", 1)[-1]
        if name in assets:
            new = soup.new_tag("style")
            new.string = assets[name].read_text(encoding="utf-8")
            tag.replace_with(new)
        else:
            tag.decompose()
    if soup.head is not None:
        t = soup.new_tag("title")
        t.string = title
        soup.head.insert(0, t)
        meta = soup.new_tag("meta", charset="utf-8")
        soup.head.insert(0, meta)
    return str(soup)


def write_events(records: list[dict], path: Path) -> None:
    atomic_write(path, "".join(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n" for r in records))


def write_gexf(graph: nx.Graph, path: Path) -> None:
    """The contact graph as GEXF 1.2 (Gephi's own format), plain attribute types only."""
    with atomic_file(path) as f:
        nx.write_gexf(graph, f)


EVENT_COLUMNS = ("id", "type", "status", "date", "date_end", "place", "venue", "participants", "participant_ids",
                 "hosts", "visitors", "confidence", "sources", "first_url", "first_sentence", "participant_sides")


def write_event_csv(records: list[dict], path: Path) -> None:
    """The event table as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese):
    one row per event, ``EVENT_COLUMNS``; several values in one cell are joined with ``;``."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(EVENT_COLUMNS)
    for r in records:
        first = r["sources"][0] if r["sources"] else {}
        w.writerow([r["id"], r["type"], r["status"], r["date"] or "", r["date_end"] or "",
                    (r["place"] or {}).get("name", ""), (r["venue"] or {}).get("name", ""),
                    ";".join(p["name"] for p in r["participants"]), ";".join(p["id"] for p in r["participants"]),
                    ";".join(r["hosts"]), ";".join(r["visitors"]), r["confidence"], len(r["sources"]),
                    first.get("url", ""), first.get("sentence", ""),
                    ";".join(str(p["side"]) for p in r["participants"])])
    atomic_write(path, "\ufeff" + buf.getvalue())


def jsonld_context() -> dict:
    """The JSON-LD context shipped in ``ontology/context.jsonld`` (schema.org terms plus kg's)."""
    from importlib.resources import files

    return json.loads((files("kg.ontology") / "context.jsonld").read_text(encoding="utf-8"))["@context"]


def write_jsonld(graph: Graph, path: Path) -> None:
    """``graph`` (a build's union graph) as compacted JSON-LD with the shipped context."""
    atomic_write(path, graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True))
