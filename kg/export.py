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
from .encounters import Encounters, link_encounters
from .interop import Interop, country_code, date_basis, entity_qid, name_en, participant_fields
from .store import article_iri, place_iri


@contextmanager
def atomic_file(path: Path):
    """A binary file to write ``path`` through: a temporary file beside it (``.NAME.XXXX``), renamed over
    ``path`` when the block ends normally and removed when it raises, so ``path`` is never half-written.
    The file gets the mode the umask gives a new file (0644 under umask 022)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~current_umask())  # mkstemp makes it 0600; an export is as open() would make it
        with os.fdopen(fd, "wb") as f:
            yield f
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def current_umask() -> int:
    """The process's umask: from ``/proc/self/status`` on Linux, else by setting it and back."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


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


def event_records(events: list[Event], entities: dict[str, Entity], former: dict[str, list[str]] | None = None,
                  encounters: Encounters | None = None, interop: Interop | None = None) -> list[dict]:
    """The event table: one JSON-ready dict per event (the shape documented in the README: persons in
    ``participants``, state and organisation actors in ``actors``, so that a table of person pairs, such as
    a gold scorer's, counts persons only; ``side`` numbers both lists alike), the visits
    inferred for trips without a visit report included (``encounters``; computed when not given), in date
    order. ``former`` maps an event IRI to the IRIs it replaced in earlier builds of its store
    (``persist.Store.former_ids``). ``interop`` gives codes, ISO codes and coordinates (``Interop.load()``
    when not given)."""
    former = former or {}
    encounters = encounters or link_encounters(events, entities)
    interop = interop or Interop.load()
    out = []
    everything = sorted(list(events) + encounters.inferred, key=lambda e: (e.date.iso() if e.date else "9999", e.iri))
    by_iri = {e.iri: e for e in everything}
    for e in everything:
        protocol, cameo, plover = participant_fields(e, entities, interop, encounters, by_iri)
        first_forms: dict[str, list[str]] = defaultdict(list)
        vias: dict[str, set[str]] = defaultdict(set)
        roles: dict[str, str] = {}
        countries: dict[str, str] = {}
        for r in e.reports:
            for m in r.participants:
                form = r.article.text[slice(*m.antecedent)] if m.antecedent else m.text  # 他, 習主席: as named
                if form not in first_forms[m.key]:
                    first_forms[m.key].append(form)
                vias[m.key].add("gazetteer office" if m.via == "office" and m.antecedent is None else m.via)
                if m.role:
                    roles.setdefault(m.key, m.role)
                if m.country:
                    countries.setdefault(m.key, m.country)
        participants, actors = [], []
        for i, key in enumerate(e.participants):
            ent = entities[key]
            country = countries.get(key) or ent.country
            (participants if ent.kind == "person" else actors).append({
                "id": ent.iri, "name": key, "mention": first_forms[key][0] if first_forms[key] else key,
                "mentions": first_forms[key], "role": roles.get(key) or ent.role,
                "country": country, "linked": ent.linked, "qid": entity_qid(ent, interop),
                "side": e.sides.get(key, i), "protocol_role": protocol.get(key), "kind": ent.kind,
                "country_code": country_code(ent, country, interop), "name_en": name_en(ent, interop),
                "resolved_by": "office" if vias[key] == {"gazetteer office"} else None,
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
            "id": e.iri, "former_ids": former.get(e.iri, []), "super_event": encounters.super_event.get(e.iri),
            "realises": encounters.realises.get(e.iri), "type": e.type, "status": e.status,
            "date": e.date.iso() if e.date else None,
            "date_end": e.date.end.iso() if e.date and e.date.end else None,
            "date_precision": e.date.precision if e.date else None, "date_basis": date_basis(e),
            "cameo": cameo, "plover": plover,
            "place": interop.place_record(e.place, e.place_kind, str(place_iri(e.place))) if e.place else None,
            "venue": interop.place_record(e.venue, "venue", str(place_iri(e.venue))) if e.venue else None,
            "participants": participants, "actors": actors,
            "hosts": [entities[k].iri for k in e.hosts if k in entities],
            "visitors": [entities[k].iri for k in e.visitors if k in entities],
            "confidence": e.confidence,
            "sources": sources,
        })
    return out


def contact_graph(events: list[Event], entities: dict[str, Entity], encounters: Encounters | None = None) -> nx.Graph:
    """Persons as nodes (state actors are not), encounters as edges, with plain (str/int/float/bool) attributes only, so that
    GraphML and Gephi read them. An edge counts the encounters (``encounters.link_encounters``: a visit
    with the talks held during it is one) in which the two met in any of its events. Edge attributes:
    ``count``, ``dates`` (the encounters'), ``types`` (of the contact where they met) and ``events`` (the
    encounters' IRIs), ``;``-joined."""
    encounters = encounters or link_encounters(events, entities)
    g = nx.Graph()
    for key, ent in sorted(entities.items()):
        if ent.kind != "person":
            continue
        g.add_node(ent.iri, label=key, country=ent.country or "", role=ent.role or "", linked=bool(ent.linked),
                   qid=ent.qid or "", contacts=0)
    edges: dict[tuple[str, str], list[tuple[Event, Event]]] = defaultdict(list)
    for members in encounters.members(events).values():
        met: dict[tuple[str, str], Event] = {}
        for e in members:
            for x, y in e.pairs():  # persons on one side of a contact did not meet there
                if entities[x].kind != "person" or entities[y].kind != "person":
                    continue  # a state actor is no node of the persons' graph (kg panel counts countries)
                met.setdefault(tuple(sorted((entities[x].iri, entities[y].iri))), e)
        for pair, contact in met.items():
            edges[pair].append((members[0], contact))
    for (a, b), evs in sorted(edges.items()):
        g.add_edge(a, b, count=len(evs), dates=";".join(e.date.iso() if e.date else "" for e, _ in evs),
                   types=";".join(c.type for _, c in evs), events=";".join(e.iri for e, _ in evs))
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
                 "hosts", "visitors", "confidence", "sources", "first_url", "first_sentence", "participant_sides",
                 "super_event", "cameo", "plover", "plover_mode", "date_precision", "date_basis",
                 "participant_country_codes", "participant_protocol_roles", "place_lat", "place_lon",
                 "actors", "actor_sides", "actor_country_codes")


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
                    ";".join(str(p["side"]) for p in r["participants"]), r["super_event"] or "", r["cameo"],
                    r["plover"]["category"], r["plover"]["mode"] or "", r["date_precision"] or "", r["date_basis"] or "",
                    ";".join(p["country_code"] or "" for p in r["participants"]),
                    ";".join(p["protocol_role"] or "" for p in r["participants"]),
                    "" if not r["place"] or r["place"]["lat"] is None else r["place"]["lat"],
                    "" if not r["place"] or r["place"]["lon"] is None else r["place"]["lon"],
                    ";".join(a["name"] for a in r["actors"]), ";".join(str(a["side"]) for a in r["actors"]),
                    ";".join(a["country_code"] or "" for a in r["actors"])])
    atomic_write(path, "\ufeff" + buf.getvalue())


def jsonld_context() -> dict:
    """The JSON-LD context shipped in ``ontology/context.jsonld`` (schema.org terms plus kg's)."""
    from importlib.resources import files

    return json.loads((files("kg.ontology") / "context.jsonld").read_text(encoding="utf-8"))["@context"]


def write_jsonld(graph: Graph, path: Path) -> None:
    """``graph`` (a build's union graph) as compacted JSON-LD with the shipped context."""
    atomic_write(path, graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True))


# ---------------------------------------------------------------------- event-data formats: PLOVER, ICEWS, dyad panel

def _actor_sides(record: dict) -> tuple[list[dict], list[dict]]:
    """``(actors, recipients)`` of an event record, persons and state actors alike: the guests and the hosts
    where the protocol roles are known (a visit: the visitor acts), else the first side and the others."""
    parts = record["participants"] + record.get("actors", [])
    guests = [p for p in parts if p["protocol_role"] == "guest"]
    hosts = [p for p in parts if p["protocol_role"] == "host"]
    if guests:
        return guests, hosts
    first = min((p["side"] for p in parts), default=None)
    return [p for p in parts if p["side"] == first], [p for p in parts if p["side"] != first]


def _actor_name(p: dict | None) -> str | None:
    return None if p is None else p["name_en"] or p["name"]


def plover_records(records: list[dict]) -> list[dict]:
    """The event table as PLOVER event records (Open Event Data Alliance's PLOVER/POLECAT fields), one per
    event: ``event_id``, ``event_date``, ``event_type`` (the PLOVER category), ``mode``, ``context``
    (``["diplomatic"]``), ``actor``/``actor_country``/``actor_qid`` and ``recipient``/… (the first of each
    side: the visitor acts, the host receives; names in English where the gazetteer has them, ISO 3166-1
    alpha-3 countries), ``cameo``, ``status``, ``location`` (place name, country, latitude, longitude,
    GeoNames id), ``event_text`` and ``story_id``/``story_date``/``publisher`` of the first source, and
    ``super_event`` (the encounter it belongs to)."""
    out = []
    for r in records:
        actors, recipients = _actor_sides(r)
        a, b = (actors or [None])[0], (recipients or [None])[0]
        src = r["sources"][0] if r["sources"] else {}
        place = r["place"] or {}
        out.append({
            "event_id": r["id"], "event_date": r["date"], "event_date_precision": r["date_precision"],
            "event_type": r["plover"]["category"], "mode": r["plover"]["mode"], "context": ["diplomatic"],
            "actor": _actor_name(a), "actor_country": a and a["country_code"], "actor_qid": a and a["qid"],
            "recipient": _actor_name(b), "recipient_country": b and b["country_code"], "recipient_qid": b and b["qid"],
            "cameo": r["cameo"], "status": r["status"],
            "location": {"place_name": place.get("name"), "place_kind": place.get("kind"), "lat": place.get("lat"),
                         "lon": place.get("lon"), "geonames_id": place.get("geonames"), "qid": place.get("qid")},
            "event_text": src.get("sentence"), "story_id": src.get("article"), "story_url": src.get("url"),
            "story_date": src.get("published"), "publisher": src.get("outlet"), "super_event": r["super_event"],
        })
    return out


def write_plover(records: list[dict], path: Path) -> None:
    """``plover_records`` as one JSON array (``pandas.read_json(path)`` reads it), written atomically."""
    atomic_write(path, json.dumps(plover_records(records), ensure_ascii=False, indent=1) + "\n")


ICEWS_COLUMNS = ("Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
                 "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
                 "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude", "Longitude")


def sentence_number(text: str, start: int) -> int:
    """The 1-based number of the sentence starting at code-point offset ``start`` of ``text``: one more
    than the sentence ends (。！？!? and line breaks) before it."""
    return sum(text.count(c, 0, start) for c in "。！？!?\n") + 1


def write_icews(records: list[dict], events: list[Event], path: Path, interop: Interop | None = None) -> None:
    """The event table with ICEWS's columns (``ICEWS_COLUMNS``; tab-separated, UTF-8), one row per event:
    source and target as in ``plover_records``, countries by English name, Event Text the CAMEO code's
    name, Story ID the source article's IRI, Sentence Number that of its evidence sentence, City the place
    when a city, Country the place's country. Columns kg has no value for (sectors, intensity, district,
    province) are empty. ``events``: the events (inferred visits included) whose reports give the
    sentence numbers."""
    import csv
    import io

    interop = interop or Interop.load()
    labels = {rule.cameo: rule.label for rule in interop.rules}
    numbers = {(str(article_iri(r.article)), r.sentence[0]): sentence_number(r.article.text, r.sentence[0])
               for e in events for r in e.reports}

    def country_en(iso3):
        p = next((p for p in interop.places.values() if p.iso3 == iso3 and p.kind == "country"), None) if iso3 else None
        return p.en if p else ""

    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n")
    w.writerow(ICEWS_COLUMNS)
    for r in records:
        actors, recipients = _actor_sides(r)
        a, b = (actors or [None])[0], (recipients or [None])[0]
        src = r["sources"][0] if r["sources"] else {}
        place = r["place"] or {}
        entry = interop.place(place.get("name"))
        country = (entry.name if entry.kind == "country" else entry.country) if entry else None
        w.writerow([r["id"], r["date"] or "", _actor_name(a) or "", "", country_en(a and a["country_code"]),
                    labels.get(r["cameo"], ""), r["cameo"], "", _actor_name(b) or "", "",
                    country_en(b and b["country_code"]), src.get("article", ""),
                    numbers.get((src.get("article"), src.get("start")), ""), src.get("outlet", ""),
                    place.get("name", "") if place.get("kind") == "city" else "", "", "",
                    country_en(interop.country_code(country)) if country else "",
                    "" if place.get("lat") is None else place["lat"], "" if place.get("lon") is None else place["lon"]])
    atomic_write(path, buf.getvalue())


PANEL_COLUMNS = ("country_a", "country_b", "month", "contacts")


def dyad_panel(records: list[dict]) -> list[tuple[str, str, str, int]]:
    """Contacts per country dyad and month: ``(country_a, country_b, YYYY-MM, count)`` with ``a < b`` (ISO
    3166-1 alpha-3), sorted. A count is of encounters (a visit and the contacts held during it count once),
    by the encounter's month, in which persons or state actors of the two countries met (on different
    sides); encounters not dated to a month, and participants without a country code, are left out.
    Planned contacts are not counted."""
    by_id = {r["id"]: r for r in records}

    def root(r):
        seen = set()
        while r["super_event"] and r["super_event"] in by_id and r["id"] not in seen:
            seen.add(r["id"])
            r = by_id[r["super_event"]]
        return r

    dyads: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in records:
        top = root(r)
        if r["status"] != "happened" or not top["date"] or len(top["date"]) < 7:
            continue
        parts = r["participants"] + r.get("actors", [])
        for i, p in enumerate(parts):
            for q in parts[i + 1:]:
                a, b = p["country_code"], q["country_code"]
                if p["side"] != q["side"] and a and b and a != b:
                    dyads[(min(a, b), max(a, b), top["date"][:7])].add(top["id"])
    return sorted((a, b, m, len(ids)) for (a, b, m), ids in dyads.items())


def write_panel(rows: list[tuple[str, str, str, int]], path: Path) -> None:
    """``dyad_panel`` rows as CSV with ``PANEL_COLUMNS``, written atomically."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(PANEL_COLUMNS)
    w.writerows(rows)
    atomic_write(path, buf.getvalue())
