"""Stage 4, triggers: the contact words of ``kg/data/triggers.tsv`` (会见, 会谈, 访问, 通电话 …), each with
its event type and frame (``pair``: A同B会谈; ``joint``: A和B共同宣布; ``visit``: A访问X; ``travel``: A前往X).
"""

from __future__ import annotations

from ..resources import Resources
from .model import Sentence, TriggerHit


def find_triggers(text: str, res: Resources) -> list[TriggerHit]:
    """Every trigger of ``text``, in text order (one alternation; its groups are named ``t<row index>``)."""
    out = []
    for m in res.trigger_regex.finditer(text):
        out.append(TriggerHit(m.start(), m.end(), res.triggers[int(m.lastgroup[1:])]))
    return out


def pair_sentences(sentences: list[Sentence], hits: list[TriggerHit]) -> set[int]:
    """The starts of the sentences that hold a ``pair`` or ``joint`` trigger: such a sentence states the
    contact itself, so a visit in it takes no host by office or country."""
    return {s.start for s in sentences for h in hits
            if h.entry.frame in ("pair", "joint") and s.start <= h.start < s.end}
