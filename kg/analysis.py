"""``kg stats``: the contact network seen through networkx.

``network_stats(events, entities)`` returns plain data (lists of dicts) for: the most connected persons
(by distinct partners and by contacts), betweenness centrality, communities (Louvain, fixed seed, so
the same graph gives the same communities), the pairs with the most contacts, and contacts per month.
Contacts are counted by encounter (``encounters``): a visit and the talks held during it are one.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from .consolidate import Entity, Event
from .encounters import link_encounters
from .export import contact_graph


def network_stats(events: list[Event], entities: dict[str, Entity], top: int = 20) -> dict:
    """Statistics of the contact graph; each list is cut to ``top`` entries (communities: the largest
    ``top``, each listing up to ``top`` members by contacts)."""
    encounters = link_encounters(events, entities)
    g = contact_graph(events, entities, encounters)
    roots = [members[0] for members in encounters.members(events).values()]
    label = nx.get_node_attributes(g, "label")
    contacts = nx.get_node_attributes(g, "contacts")
    persons = sorted(g.nodes, key=lambda n: (-g.degree(n), -contacts[n], label[n]))
    k = min(len(g), 500) if len(g) > 500 else None  # sampled betweenness on large graphs, fixed seed
    between = nx.betweenness_centrality(g, k=k, seed=0) if len(g) > 2 else dict.fromkeys(g.nodes, 0.0)
    communities = nx.community.louvain_communities(g, weight="count", seed=0) if g.number_of_edges() else []
    communities = sorted(communities, key=lambda c: (-len(c), min(label[n] for n in c)))
    pairs = sorted(g.edges(data=True), key=lambda e: (-e[2]["count"], label[e[0]], label[e[1]]))
    months = Counter(e.date.iso()[:7] for e in roots if e.date and e.date.month)
    return {
        "persons": len(g), "pairs": g.number_of_edges(), "events": len(roots), "reported_events": len(events),
        "most_connected": [{"name": label[n], "partners": g.degree(n), "contacts": contacts[n],
                            "country": g.nodes[n]["country"]} for n in persons[:top]],
        "betweenness": [{"name": label[n], "betweenness": round(b, 4)} for n, b in
                        sorted(between.items(), key=lambda kv: (-kv[1], label[kv[0]]))[:top] if b > 0],
        "communities": [{"size": len(c), "members": [label[n] for n in sorted(c, key=lambda n: (-contacts[n], label[n]))[:top]]}
                        for c in communities[:top]],
        "top_pairs": [{"a": label[a], "b": label[b], "contacts": d["count"]} for a, b, d in pairs[:top]],
        "per_month": [{"month": m, "contacts": n} for m, n in sorted(months.items())],
    }


def format_stats(stats: dict) -> str:
    """The statistics as text for a terminal."""
    from .query import format_table

    out = [f"{stats['persons']} persons, {stats['pairs']} pairs in contact, {stats['events']} encounters "
           f"({stats['reported_events']} events before linking visits and the contacts held during them)", ""]
    sections = (("Most connected persons", "most_connected", ["name", "partners", "contacts", "country"]),
                ("Betweenness centrality", "betweenness", ["name", "betweenness"]),
                ("Pairs with the most contacts", "top_pairs", ["a", "b", "contacts"]),
                ("Contacts per month", "per_month", ["month", "contacts"]))
    for title, key, cols in sections:
        out += [title, format_table(cols, [[row[c] for c in cols] for row in stats[key]]), ""]
    out.append("Communities (Louvain)")
    for i, c in enumerate(stats["communities"], start=1):
        out.append(f"{i:3}. ({c['size']}) " + "、".join(c["members"]))
    return "\n".join(out)


def monthly_contacts(events: list[Event], person: str, other: str | None = None,
                     entities: dict[str, Entity] | None = None) -> list[tuple[str, int]]:
    """``(YYYY-MM, count)`` of the encounters (``encounters.link_encounters``: a visit with the talks held
    during it counts once) ``person`` took part in (and, when ``other`` is given, in which the two met),
    every month from the first to the last included (months with none count 0), by the encounter's date.
    Encounters dated only to a year are left out. ``entities`` (the build's) let trips without a visit
    report be found; without them each such trip's contacts count apart."""
    encounters = link_encounters(events, entities or {})
    months: Counter = Counter()
    for members in encounters.members(events).values():
        root = members[0]
        if not (root.date and root.date.month):
            continue
        if any(e.met(person, other) if other else person in e.participants for e in members):
            months[root.date.iso()[:7]] += 1
    if not months:
        return []
    first, last = min(months), max(months)
    y, m = int(first[:4]), int(first[5:])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        key = f"{y:04d}-{m:02d}"
        out.append((key, months.get(key, 0)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def write_timeline_png(series: list[tuple[str, int]], title: str, path) -> None:
    """A bar chart of ``series`` (from ``monthly_contacts``) as a PNG, written atomically. Needs
    matplotlib (``pip install kg[plot]``); ``ImportError`` says so when it is missing."""
    try:
        import matplotlib
    except ImportError as e:
        raise ImportError("the timeline PNG needs matplotlib: pip install 'kg[plot]'") from e
    matplotlib.use("Agg")
    import io
    import warnings

    import matplotlib.pyplot as plt

    from .export import atomic_write

    # A CJK font where the machine has one, so the names in the title show; else boxes, and no warnings.
    fonts = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "PingFang SC", "Microsoft YaHei",
             "SimHei", "DejaVu Sans"]
    buf = io.BytesIO()
    with warnings.catch_warnings(), plt.rc_context({"font.sans-serif": fonts}):
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        fig, ax = plt.subplots(figsize=(max(6, len(series) * 0.25), 3), dpi=120)
        ax.bar(range(len(series)), [n for _, n in series], color="#4e79a7")
        step = max(1, len(series) // 24)
        ax.set_xticks(range(0, len(series), step), [k for k, _ in series][::step], rotation=90, fontsize=7)
        ax.set_ylabel("contacts")
        ax.set_title(title)
        fig.tight_layout()
        fig.savefig(buf, format="png")
        plt.close(fig)
    atomic_write(path, buf.getvalue())
