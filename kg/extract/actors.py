"""State actors: a country acting as one side of a contact, where the text names no person for that side.

中方和俄方代表团举行会谈, 两国外交部举行会谈, 中美双方举行会谈, 甲乙丙会见博雷亚代表团: the persons rules
(``participants``) find fewer than two persons and give no contact; ``state_contacts`` then reads the
trigger's clause again with the *state actors* of its sentence standing beside its persons. A state actor
is a ``Mention`` of ``kind`` ``country`` whose ``name`` and ``country`` are the country's canonical name
(``places.tsv``) and whose ``via`` is ``state``. It is written as

- a country's one-character form or name with a side word: 中方, 俄方, 美国方面 (cue ``state_actor_suffix``);
- a country (or its side) with a body that acts for the state: 俄方代表团, 中国外交部 (cue ``state_actor_head``);
- a list of countries with one such body: 俄罗斯和美国代表团, 乌克兰和美国的代表团 (each country its own);
- two countries' one-character forms with a pair word or a body: 中美双方, 中俄两国, 俄乌代表团 (cue
  ``state_actor_pair``; not when the two are a person's name, nor three: 哈马斯代表团);
- a pair word with a body and no country: 两国外交部, 两国代表团, the two countries the sentence names (places,
  state actors, persons' countries), when it names exactly two.

Only the one-character forms ``places.tsv`` gives to one country alone are read (巴 is no country's). A
state actor must start and end on word boundaries of the private tokenizer (立法方面 holds 法方面, 外交部长
holds 外交部: neither is one), is no word of cue ``not_state_actor`` (西方, 南方), and describes a person when
a title, a person, 的 (cue ``modifier``) or a word of cue ``not_state_actor_after`` (团长) follows it.

The sides are read as for persons (``participants.with_position``, ``nearest_group``, ``objects_after``,
cue ``separately``), in the trigger's clause only; a ``with`` word before the trigger with no state actor
or person after it leaves the other side unknown (俄白两国对与欧洲展开对话持开放态度: no contact), and so
does a trigger that names a thing (``_named_thing``). A contact keeps a state actor only when it holds
one, at most one person, two sides or more, and no country on two sides or facing its own person
(李强会见中国代表团 is no contact between states). Only meetings, talks and calls (frames ``pair`` and
``joint``; no visit, no summit).

Cue kinds read: ``state_actor_suffix``, ``state_actor_head``, ``state_actor_pair``, ``not_state_actor``,
``not_state_actor_after``, ``conj``, ``modifier``, ``with``, ``separately``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import Lexicon, alt
from .model import Mention, TriggerContext
from .participants import Contact, nearest_group, objects_after, two_sides, with_position

STATE_TYPES = ("Meeting", "Talks", "PhoneCall")


@dataclass(frozen=True)
class StateUnit:
    """The words ``start``–``end`` that name one group of state actors (中方, 俄罗斯和美国代表团, 中美双方):
    its ``members``, one country ``Mention`` each, in text order."""

    start: int
    end: int
    members: tuple[Mention, ...]


class StateActors:
    """The state-actor patterns of one extractor, compiled once from its ``Lexicon`` (countries of
    ``places.tsv``, their unambiguous one-character forms, and the cue words above)."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        self.country_of = {form: e.name for form, e in lex.place_by_alias.items() if e.kind == "country"}
        self.abbr_of = {a: e.name for a, e in lex.res.place_by_abbr.items() if e.kind == "country"}
        full, abbr = alt(self.country_of), alt(self.abbr_of)
        suffix, head = alt(lex.cue("state_actor_suffix")), alt(lex.cue("state_actor_head"))
        pair, conj, mod = alt(lex.cue("state_actor_pair")), alt(lex.cue("conj")), alt(lex.cue("modifier"))
        if not (full and abbr and suffix and head and pair):
            self.unit = None
            return
        self.term = re.compile(f"(?P<full>{full})(?:{suffix})?|(?P<abbr>{abbr})(?:{suffix})")
        term = f"(?:(?:{full})(?:{suffix})?|(?:{abbr})(?:{suffix}))"
        self.conj = re.compile(conj)
        self.abbr = re.compile(abbr)
        self.unit = re.compile(
            f"(?P<list>{term}(?:(?:{conj}){term})+(?:(?:{pair})(?:{mod})?(?:{head})?|(?:{mod})?(?:{head})))"
            f"|(?P<abbrs>(?:{abbr}){{2}}(?:(?:{pair})(?:{head})?|(?:{head})))"
            f"|(?P<pair>(?:{pair})(?:{head}))"
            f"|(?P<one>(?:{full})(?:{suffix})?(?:{mod})?(?:{head})|(?:{full})(?:{suffix})"
            f"|(?:{abbr})(?:{suffix})(?:{head})?)")

    def units(self, ctx: TriggerContext) -> list[StateUnit]:
        """The state actors of the hit's sentence, in text order (see the module docstring); found once per
        sentence (``Doc.state_units``), so a sentence of many hits is tokenised once."""
        if self.unit is None:
            return []
        text, s0, s1 = ctx.text, ctx.sentence.start, ctx.sentence.end
        if s0 not in ctx.doc.state_units:
            ctx.doc.state_units[s0] = self._units_of_sentence(ctx, text, s0, s1)
        return ctx.doc.state_units[s0]

    def _units_of_sentence(self, ctx: TriggerContext, text: str, s0: int, s1: int) -> list[StateUnit]:
        bounds = {s0, s1}
        for _, a, b in self.lex.tokenizer.tokenize(text[s0:s1], HMM=False):
            bounds.update((s0 + a, s0 + b))
        found = [m for m in self.unit.finditer(text, s0, s1)
                 if m.start() in bounds and m.end() in bounds and not self._describes_person(ctx, m.start(), m.end())]
        named = {id(m): self._named(text, m) for m in found if not m.group("pair")}
        out = []
        for m in found:
            if m.group("pair"):  # 两国外交部: the two countries the rest of the sentence names
                members = [(m.start(), m.end(), c) for c in self._sentence_countries(ctx, named.values())]
            else:
                members = named[id(m)]
            if members and len({c for _, _, c in members}) == len(members) and (len(members) > 1 or m.group("one")):
                out.append(StateUnit(m.start(), m.end(), tuple(self._mention(a, b, text, c) for a, b, c in members)))
        return out

    def _describes_person(self, ctx: TriggerContext, start: int, end: int) -> bool:
        """A person, a title, a modifier or a ``not_state_actor_after`` word follows (中国外交部发言人汪文斌,
        中方的立场, 中方代表团团长), a person is inside, or the words are one of ``not_state_actor``."""
        text, lex = ctx.text, self.lex
        if text[start:end] in lex.cue("not_state_actor"):
            return True
        if text.startswith(lex.cue("modifier") + lex.cue("not_state_actor_after"), end):
            return True
        if lex.title_any.match(text, end):
            return True
        return any(m.start <= end and m.end > start for m in ctx.sentence_mentions if not m.is_reference)

    def _named(self, text: str, m: re.Match) -> list[tuple[int, int, str]]:
        """``(start, end, country)`` of each country a unit other than a bare pair word names: one each
        character of 中美双方 (the whole words as its span), one each term of a list (the body after the
        last going with it); ``[]`` when a term is a ``not_state_actor`` word."""
        if m.group("abbrs"):
            names, pos = [], m.start()
            while (a := self.abbr.match(text, pos, m.end())) is not None and len(names) < 2:
                names.append(self.abbr_of[a.group(0)])
                pos = a.end()
            if text[m.start():pos] in self.lex.person_by_alias:
                return []
            return [(m.start(), m.end(), c) for c in names]
        terms, pos = [], m.start()
        while (t := self.term.match(text, pos, m.end())) is not None:
            if text[t.start():t.end()] in self.lex.cue("not_state_actor"):
                return []
            terms.append((t.start(), t.end(), self.country_of[t.group("full")] if t.group("full")
                          else self.abbr_of[t.group("abbr")]))
            c = self.conj.match(text, t.end(), m.end())
            if c is None:
                break
            pos = c.end()
        if terms:
            terms[-1] = (terms[-1][0], m.end(), terms[-1][2])
        return terms

    def _sentence_countries(self, ctx: TriggerContext, named) -> list[str]:
        """The distinct countries the hit's sentence names: its country places, its persons' countries,
        the countries of its other state actors (``named``); ``[]`` unless there are exactly two."""
        found = [p.name for p in ctx.sentence_places if p.kind == "country"]
        found += [m.country for m in ctx.sentence_mentions if m.country in self.country_of]
        found += [c for terms in named for _, _, c in terms]
        found = list(dict.fromkeys(self.country_of[c] for c in found if c in self.country_of))
        return found if len(found) == 2 else []

    @staticmethod
    def _mention(start: int, end: int, text: str, country: str) -> Mention:
        return Mention(start, end, text[start:end], country, None, None, country, via="state", kind="country")


def state_contacts(ctx: TriggerContext, lex: Lexicon, actors: StateActors) -> list[Contact]:
    """The contacts of the hit at ``ctx`` that have a state actor on a side (see the module docstring);
    ``[]`` when there is none. For a hit whose persons gave no contact."""
    if ctx.trigger.frame not in ("pair", "joint") or ctx.trigger.type not in STATE_TYPES or _named_thing(ctx, lex):
        return []
    units = actors.units(ctx)
    (c0, c1), (t0, t1) = ctx.clause, (ctx.hit.start, ctx.hit.end)
    if not any(c0 <= u.start and u.end <= c1 for u in units):
        return []
    persons = [m for m in ctx.sentence_mentions if all(m.end <= u.start or m.start >= u.end for u in units)]
    items = sorted(units + persons, key=lambda x: x.start)
    before = [x for x in items if c0 <= x.start and x.end <= t0]
    after = [x for x in items if t1 <= x.start and x.end <= c1]
    with_pos = with_position(ctx.text, (c0, t0), before, lex)
    if with_pos is not None:
        subject = nearest_group(ctx.text, [x for x in before if x.end <= with_pos], lex.conj)
        objects = [x for x in before if x.start >= with_pos]
    else:
        subject = nearest_group(ctx.text, before, lex.conj)
        objects = objects_after(ctx, lex, after)
        if subject and any(w in ctx.text[subject[-1].end:t0] for w in lex.cue("with")):
            return []  # 俄白两国对与欧洲展开对话持开放态度: the other side is no state actor the text names
    subject, objects = _members(subject), _members(objects)
    if any(w in ctx.before for w in lex.cue("separately")) and subject and objects:
        if len(objects) > 1:  # 甲方分别与乙方、丙方举行会谈
            found = [two_sides(subject, [o]) for o in objects]
        else:  # 俄乌代表团将分别与美方举行会谈: 俄–美, 乌–美
            found = [two_sides([s], objects) for s in subject]
    else:
        found = [two_sides(subject, objects)]
    return [c for c in found if _between_states(c)]


def _named_thing(ctx: TriggerContext, lex: Lexicon) -> bool:
    """The trigger names a thing, not a contact the clause tells: inside a title in 《》 (中美双方发布《中美
    斯德哥尔摩经贸会谈联合声明》), or before a modifier (cue ``modifier``: 向普京汇报了与美国方面会谈的细节,
    where the talks' own side is not the clause's subject)."""
    before = ctx.text[ctx.sentence.start:ctx.hit.start]
    return before.count("《") > before.count("》") or ctx.text.startswith(lex.cue("modifier"), ctx.hit.end)


def _members(items: list) -> list[Mention]:
    return [m for x in items for m in (x.members if isinstance(x, StateUnit) else (x,))]


def _between_states(contact: Contact) -> bool:
    """A state actor, at most one person, two sides or more, and no country on two sides or facing its own
    person."""
    ps = contact.persons
    if len(ps) < 2 or not any(m.kind == "country" for m in ps) or sum(m.kind == "person" for m in ps) > 1:
        return False
    if len(set(contact.sides)) < 2:
        return False
    return not any(contact.sides[i] != contact.sides[j] and "country" in (a.kind, b.kind) and a.country == b.country
                   for i, a in enumerate(ps) for j, b in enumerate(ps) if a.country)
