"""Scoring an event table against gold contacts (the format of ``../shared/bench/seeds_gold.jsonl``).

Unit: an unordered pair of participants in an article. A predicted event counts for an article when one of
its sources names the article's file (or URL); two participants with the same ``side`` are no pair. A
participant matches when the gold name equals, contains or is contained in the predicted name or one of
its mentions (middle dots and spaces ignored). Strict scoring (the default) leaves out gold contacts
marked ``borderline`` or ``implicit`` and does not count predictions that match them. Date accuracy: of the matched pairs whose gold date is set, the share whose
predicted date agrees at the gold's precision.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path


@dataclass
class Score:
    """Counts and rates of one evaluation; ``misses`` lists human-readable FN, FP and DATE lines."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    dated: int = 0
    date_ok: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def date_accuracy(self) -> float:
        return self.date_ok / self.dated if self.dated else 0.0

    def summary(self) -> str:
        return (f"tp={self.tp} fp={self.fp} fn={self.fn} dated={self.dated}\n"
                f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} date_acc={self.date_accuracy:.3f}")


def _norm(s: str | None) -> str:
    return (s or "").replace("·", "").replace("・", "").replace(" ", "").strip()


def _name_match(gold: list[str], pred: list[str]) -> bool:
    for g in map(_norm, gold):
        for p in map(_norm, pred):
            if g and p and (g == p or (len(p) >= 2 and (g in p or p in g))):
                return True
    return False


def date_agrees(gold: str | None, pred: str | None) -> bool:
    """True when ``pred`` equals ``gold`` at the gold's precision (gold 2024-05 accepts 2024-05-16)."""
    if not gold or not pred:
        return False
    return len(pred) >= len(gold) and pred[: len(gold)] == gold


def _read_jsonl(path: Path) -> list[dict]:
    out = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise ValueError(f"{path}:{number}: not JSON: {e.msg}") from e
    return out


def evaluate(gold_path: Path | str, events_path: Path | str, lenient: bool = False) -> Score:
    """Score ``events_path`` (events.jsonl) against ``gold_path``. Raises ``ValueError`` (file and line)
    on a line that is not JSON."""
    gold = _read_jsonl(Path(gold_path))
    preds = _read_jsonl(Path(events_path))
    by_key: dict[str, list[dict]] = {}
    for e in preds:
        for s in e.get("sources", []):
            for k in (s.get("file"), s.get("url")):
                if k:
                    by_key.setdefault(os.path.basename(str(k)), []).append(e)
                    by_key.setdefault(str(k), []).append(e)
    score = Score()
    for art in gold:
        f = art["file"]
        evs = {id(e): e for e in by_key.get(f, []) + by_key.get(art.get("url") or "\0", [])}.values()
        gold_pairs, ignored = [], []
        for m in art.get("meetings", []):
            soft = (m.get("borderline") or m.get("implicit")) and not lenient
            for x, y in combinations(m["participants"], 2):
                (ignored if soft else gold_pairs).append(([x], [y], m.get("date")))
        pred_pairs, seen = [], set()
        for e in evs:
            for p, q in combinations(e.get("participants", []), 2):
                if p.get("side") is not None and p.get("side") == q.get("side"):
                    continue  # one side of the contact: they did not meet each other there
                pn = [p.get("name"), p.get("mention"), *(p.get("mentions") or [])]
                qn = [q.get("name"), q.get("mention"), *(q.get("mentions") or [])]
                key = (frozenset((_norm(pn[0]), _norm(qn[0]))), e.get("date"))
                if key not in seen:
                    seen.add(key)
                    pred_pairs.append((pn, qn, e.get("date")))

        def matches(g, pp):
            return ((_name_match(g[0], pp[0]) and _name_match(g[1], pp[1]))
                    or (_name_match(g[0], pp[1]) and _name_match(g[1], pp[0])))

        used: set[int] = set()
        for g in gold_pairs:
            cands = [i for i, pp in enumerate(pred_pairs) if i not in used and matches(g, pp)]
            if not cands:
                score.fn += 1
                score.misses.append(f"FN {f}: {g[0][0]}–{g[1][0]} {g[2]}")
                continue
            hit = next((i for i in cands if date_agrees(g[2], pred_pairs[i][2])), cands[0])
            used.add(hit)
            score.tp += 1
            if g[2]:
                score.dated += 1
                if date_agrees(g[2], pred_pairs[hit][2]):
                    score.date_ok += 1
                else:
                    score.misses.append(f"DATE {f}: {g[0][0]}–{g[1][0]} gold {g[2]} predicted {pred_pairs[hit][2]}")
        for i, pp in enumerate(pred_pairs):
            if i in used or any(matches(g, pp) for g in ignored):
                continue
            score.fp += 1
            score.misses.append(f"FP {f}: {pp[0][0]}–{pp[1][0]} {pp[2]}")
    return score
