"""Print the shares of participant mentions linked to a gazetteer person and carrying a Wikidata id, and the
most frequent unlinked names, from an event table.

A participant mention is one participant of one event in one source (an event reported by three articles
counts its participants three times); state and organisation actors are left out.

    python benchmarks/linked_shares.py exports/events.jsonl [--top 50]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("events", type=Path, help="an events.jsonl written by kg build")
    ap.add_argument("--top", type=int, default=50, help="how many unlinked names to list")
    args = ap.parse_args()
    total = linked = with_qid = 0
    unlinked: Counter[str] = Counter()
    with open(args.events, encoding="utf-8") as f:
        for line in f:
            event = json.loads(line)
            weight = len(event.get("sources") or []) or 1
            for p in event.get("participants", []):
                if p.get("kind", "person") != "person":
                    continue
                total += weight
                linked += weight * bool(p.get("linked"))
                with_qid += weight * bool(p.get("qid"))
                if not p.get("linked"):
                    unlinked[p["name"]] += weight
    if not total:
        raise SystemExit(f"{args.events}: no person participants")
    print(f"participant mentions: {total}; linked {linked / total:.1%}; with a Wikidata id {with_qid / total:.1%}")
    print(f"the {args.top} most frequent unlinked names:")
    print(", ".join(f"{name} {n}" for name, n in unlinked.most_common(args.top)))


if __name__ == "__main__":
    main()
