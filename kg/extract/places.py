"""Stage: places. Place mentions (the gazetteer's names), and the place and venue of a contact.

Cue kinds read: ``locative`` (在, 于, 飞往), ``visit_target`` (the character before a visited place: 赴).
"""

from __future__ import annotations

import re

from .lexicon import Lexicon
from .model import PlaceMention, TriggerContext

_RANK = {"city": 0, "country": 1, "region": 2}  # the most specific place first


def place_mentions(text: str, lex: Lexicon) -> list[PlaceMention]:
    """Every gazetteer place of ``text``, longest alias first where two overlap, in text order. A country's
    name right before a ``not_place_after`` word names something else (新墨西哥州 is a US state, not 墨西哥)."""
    out = []
    for m in lex.place_regex.finditer(text):
        entry = lex.place_by_alias[m.group(0)]
        if entry.kind == "country" and text.startswith(lex.cue("not_place_after"), m.end()):
            continue
        out.append(PlaceMention(m.start(), m.end(), m.group(0), entry.name, entry.kind, entry))
    return out


def contact_place(ctx: TriggerContext, lex: Lexicon) -> tuple[PlaceMention | None, PlaceMention | None]:
    """``(place, venue)`` of the contact at ``ctx``; either may be ``None``.

    Candidates: places after a locative before the trigger in its sentence (在北京人民大会堂); for a visit
    also the place right after the trigger (访问莫斯科) or after a ``visit_target`` word, else the trigger's
    implied place (访华: 中国). The place is the most specific candidate (city, then country), preferring
    the clause nearest the trigger; the venue is the last venue candidate. Chosen once per hit (``ctx.place``)."""
    if ctx.place is None:
        ctx.place = _choose_place(ctx, lex)
    return ctx.place


def _choose_place(ctx: TriggerContext, lex: Lexicon) -> tuple[PlaceMention | None, PlaceMention | None]:
    text, (t0, t1) = ctx.text, (ctx.hit.start, ctx.hit.end)
    in_sent = ctx.sentence_places
    located = [p for p in in_sent if p.start < t0 and located_at(text, p, in_sent, lex.cue("locative"))]
    if ctx.trigger.frame in ("visit", "travel"):
        after = [p for p in in_sent if t1 <= p.start <= t1 + 1]
        target = [p for p in in_sent if p.start < t0
                  and text[max(ctx.sentence.start, p.start - 1):p.start] in lex.cue("visit_target")]
        candidates = after or target or located or _abbreviated_target(ctx, lex)
        if not candidates and ctx.trigger.place:
            entry = lex.place_by_alias.get(ctx.trigger.place)
            return PlaceMention(t0, t1, text[t0:t1], ctx.trigger.place, entry.kind if entry else "country", entry), None
    else:
        candidates = located
    if not candidates:
        return None, None
    venues = [p for p in candidates if p.kind == "venue"]
    venue = venues[-1] if venues else None
    nearest_clause = max(p.start for p in candidates)
    others = sorted((p for p in candidates if p.kind != "venue"),
                    key=lambda p: (_RANK.get(p.kind, 3) + (p.start < nearest_clause - 40) * 10, -p.start))
    place = others[0] if others else None
    if place is None and venue is not None and venue.entry is not None:
        place = venue
    return place, venue


def _abbreviated_target(ctx: TriggerContext, lex: Lexicon) -> list[PlaceMention]:
    """习近平主席今年3月对俄进行的成功国事访问: a country's one-character form (``places.tsv`` abbr) after a
    ``visit_target`` word and before 进行 in the trigger's clause."""
    for m in re.finditer(r"(?P<abbr>[\u4e00-\u9fff])(?=进行)", ctx.text[ctx.clause[0]:ctx.hit.start]):
        start = ctx.clause[0] + m.start()
        place = lex.res.place_by_abbr.get(m.group("abbr"))
        if place is not None and ctx.text[start - 1:start] in lex.cue("visit_target"):
            return [PlaceMention(start, start + 1, m.group("abbr"), place.name, place.kind, place)]
    return []


def located_at(text: str, p: PlaceMention, places: list[PlaceMention], words: tuple[str, ...]) -> bool:
    """The place follows a locative (在, 于, 飞往), possibly after another place: 在北京人民大会堂."""
    if text[max(0, p.start - 3):p.start].endswith(words):
        return True
    prev = [q for q in places if q.end == p.start]
    return bool(prev) and located_at(text, prev[0], places, words)


def visited_country(ctx: TriggerContext, lex: Lexicon) -> str | None:
    """The country of a visit's place (the place itself, or the country of a gazetteer city), or ``None``."""
    place, _ = contact_place(ctx, lex)
    return place.country if place is not None else None


def clause_countries(ctx: TriggerContext) -> set[str]:
    """The countries of the places in the trigger's clause (a city's country), and the trigger's implied
    place (中国 for 访华)."""
    c0, c1 = ctx.clause
    out = {p.country for p in ctx.doc.places if c0 <= p.start < c1} | {ctx.trigger.place}
    return {c for c in out if c}
