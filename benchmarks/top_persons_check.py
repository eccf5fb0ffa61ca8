"""Check that the persons with the most contacts in a store hold no person twice under two names.

Prints the top N persons by contacts (with partners, role, country, gazetteer link) and every pair among
them whose names could be one person: one name inside the other (普京 / 弗拉基米尔·普京), the same name
after traditional-to-simplified conversion, or the same last part of a transliterated name (·, -).
A human reads both lists; the script only points at what to look at.

    python benchmarks/top_persons_check.py [--store kg-store] [--top 50]
"""

from __future__ import annotations

import argparse
from itertools import combinations
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, default=Path("kg-store"))
    ap.add_argument("--top", type=int, default=50)
    args = ap.parse_args()

    import opencc

    from kg.export import contact_graph
    from kg.persist import Store
    from kg.resources import load_resources

    with Store(args.store, load_resources(), read_only=True) as st:
        _, events, entities = st.consolidated()
    g = contact_graph(events, entities)
    top = sorted(g.nodes(data=True), key=lambda nd: (-nd[1]["contacts"], nd[1]["label"]))[:args.top]
    for i, (node, d) in enumerate(top, start=1):
        print(f"{i:3}. {d['label']:12} contacts {d['contacts']:4}  partners {g.degree(node):3}  "
              f"{d['role'] or '-':8} {d['country'] or '-':8} {'linked' if d['linked'] else 'not linked'}")
    t2s = opencc.OpenCC("t2s")
    names = [d["label"] for _, d in top]

    def last_part(name: str) -> str:
        return name.replace("-", "·").split("·")[-1]

    suspects = []
    for a, b in combinations(names, 2):
        if a in b or b in a:
            suspects.append((a, b, "one name inside the other"))
        elif t2s.convert(a) == t2s.convert(b):
            suspects.append((a, b, "same name in simplified script"))
        elif ("·" in a or "·" in b or "-" in a or "-" in b) and last_part(a) == last_part(b):
            suspects.append((a, b, "same last part"))
    print(f"\n{len(suspects)} pairs to look at" + (":" if suspects else ""))
    for a, b, why in suspects:
        print(f"  {a} / {b}: {why}")


if __name__ == "__main__":
    main()
