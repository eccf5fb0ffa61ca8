"""Stage 4, triggers: the contact words of ``kg/data/triggers.tsv`` (会见, 会谈, 访问, 通电话 …), each with
its event type and frame (``pair``: A同B会谈; ``joint``: A和B共同宣布; ``visit``: A访问X; ``travel``: A前往X).
"""

from __future__ import annotations

from ..resources import Resources
from .model import Mention, Sentence, TriggerHit


def find_triggers(text: str, res: Resources) -> list[TriggerHit]:
    """The trigger candidates of ``text``, in text order: the match of the trigger alternation (its groups
    are named ``t<row index>``) at every code point where one starts, so candidates may overlap (何立峰会面
    holds 峰会 and 会面); ``settle_hits`` chooses among them once the names are known."""
    out = []
    m = res.trigger_regex.search(text)
    while m:
        out.append(TriggerHit(m.start(), m.end(), res.triggers[int(m.lastgroup[1:])]))
        m = res.trigger_regex.search(text, m.start() + 1)
    return out


def settle_hits(hits: list[TriggerHit], mentions: list[Mention]) -> list[TriggerHit]:
    """The trigger hits of the candidates ``hits`` (text order), none overlapping another: leftmost first, as
    one pass of the alternation would find them, except that a candidate starting inside a person's name
    gives way to one starting where the name ends (何立峰|会面: 会面, not 峰会); a candidate whose trigger
    needs a person right after it (``person_after``: 見林鄭時) holds only where the name of a person of the
    gazetteer starts (not a name the recogniser guessed: 見佢哋 is Cantonese for "see them")."""
    ends = {m.end for m in mentions if m.kind == "person"}
    starts = {m.start for m in mentions if m.kind == "person" and m.via == "gazetteer"}
    hits = [h for h in hits if not h.entry.person_after or h.end in starts]
    inside = {i for m in mentions if m.kind == "person" for i in range(m.start + 1, m.end)}
    kept: list[TriggerHit] = []
    for h in hits:
        if kept and h.start < kept[-1].end:
            continue
        if h.start in inside and any(o.start in ends and h.start < o.start < h.end for o in hits):
            continue
        kept.append(h)
    return kept


def pair_sentences(sentences: list[Sentence], hits: list[TriggerHit]) -> set[int]:
    """The starts of the sentences that hold a ``pair`` or ``joint`` trigger: such a sentence states the
    contact itself, so a visit in it takes no host by office or country."""
    return {s.start for s in sentences for h in hits
            if h.entry.frame in ("pair", "joint") and s.start <= h.start < s.end}


def visit_time_end(text: str, hit: TriggerHit, limit: int, ends: tuple[str, ...]) -> int | None:
    """访问越南时|将与…: where the clause of time that a visit ``hit`` opens ends, right after the first of
    ``ends`` (cue ``adverbial_end``: 时, 期间) within 8 characters after it and before ``limit``; ``None`` when
    the hit is no visit or no such word follows."""
    if hit.entry.frame != "visit":
        return None
    stop = min(hit.end + 8, limit)
    found = [i + len(w) for w in ends if (i := text.find(w, hit.end, stop)) >= 0 and i + len(w) <= stop]
    return min(found, default=None)
