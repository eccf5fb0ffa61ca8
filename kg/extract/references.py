"""Mentions that refer back to a person named before: honorifics (总统先生), pronouns (他, 其), the
addressee of reported speech (你, 您) and pair references (两国元首, 双方).

Cue kinds read: ``honorific``, ``pronoun``, ``addressee``, ``speech``, ``message``, ``pair_ref``,
``pair_ref_role``, ``head_of_state``, ``deputy``.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

from .lexicon import Lexicon
from .model import EventReport, Mention, TriggerContext
from .text import clause_around


def same_role(a: str | None, b: str | None, lex: Lexicon) -> bool:
    """主席 and 国家主席 name the same office here: equal, or one ends with the other, unless what the longer
    adds holds a word of cue ``deputy`` (副总统 is not 总统)."""
    if not (a and b):
        return False
    longer, shorter = (a, b) if len(a) >= len(b) else (b, a)
    added = longer[:len(longer) - len(shorter)]
    return longer.endswith(shorter) and not any(w in added for w in lex.cue("deputy"))


def distinct(persons: list[Mention]) -> list[Mention]:
    """``persons`` without a second mention of the same person, in order."""
    out: list[Mention] = []
    for p in persons:
        if all(p.key != q.key for q in out):
            out.append(p)
    return out


def honorific_mentions(text: str, mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    """总统先生, 首相先生: the person of that role named earlier in the article (the latest such), not the
    speaker of the sentence and not a person named before it in its clause."""
    out = []
    for h in lex.honorific.finditer(text):
        role = lex.role_of(h.group("title"))
        if any(m.start <= h.start() < m.end or h.start() <= m.start < h.end() for m in mentions):
            continue
        # the title must not be part of a longer title naming a person right after (总统先生 vs 总统X)
        speakers = [m.key for m in mentions if m.end <= h.start() and lex.is_speaker(text, m)]
        speaker = speakers[-1] if speakers else None
        # 李强表示，习近平主席同总理先生…: the honorific is the guest, never the one speaking, nor a person
        # its clause names (习近平主席在北京会见主席女士: not 习近平)
        clause_start, _ = clause_around(text, h.start())
        named_here = {m.key for m in mentions if clause_start <= m.start < h.start()}
        earlier = [m for m in mentions if m.end <= h.start() and same_role(m.role, role, lex) and m.key != speaker
                   and m.key not in named_here]
        if earlier:
            out.append(earlier[-1].referred_by(h.start(), h.end(), h.group(0), "honorific"))
    return out


def surname_title_mentions(text: str, mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    """蔡总统, 习主席, 李总理: one character before a title, outside any name, that is the first character of a
    gazetteer person of two or three characters named in the article with that role: that person (the latest
    named before it, else the first named after it)."""
    out = []
    named = [m for m in mentions if not m.is_reference and m.entry is not None and 2 <= len(m.name) <= 3 and m.role]
    if not named:
        return out  # no one to refer to: no pass over the text
    for t in lex.title_any.finditer(text):
        pos = t.start() - 1
        if pos < 0 or any(m.start <= pos < m.end or t.start() <= m.start < t.end() for m in mentions):
            continue
        role = lex.role_of(t.group(0))
        fits = [m for m in named if m.name[0] == text[pos] and same_role(m.role, role, lex)]
        earlier = [m for m in fits if m.end <= pos]
        person = earlier[-1] if earlier else (fits[0] if fits else None)
        if person is not None:
            out.append(person.referred_by(pos, t.end(), text[pos:t.end()], "honorific"))
    return out


def demonstrative_mentions(text: str, mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    """这位美国最高外交官, 這名巴西官員, 这位总统: a demonstrative (cue ``demonstrative``) before a description
    that names a country (within its first three characters) or holds a title refers to the latest person
    named before it of that country and role; no country and no title, no reference. The mention spans
    the demonstrative to the end of the country or title."""
    out = []
    for d in lex.demonstrative.finditer(text):
        window = text[d.end():d.end() + 12]
        country = lex.place_regex.search(window)
        if country is not None and (country.start() > 2 or lex.place_by_alias[country.group(0)].kind != "country"):
            country = None
        title = lex.title_any.search(window)
        if country is None and title is None:
            continue
        name = lex.place_by_alias[country.group(0)].name if country else None
        role = lex.role_of(title.group(0)) if title else None
        earlier = [m for m in mentions if m.end <= d.start() and not m.is_reference
                   and (name is None or m.country == name) and (role is None or same_role(m.role, role, lex))]
        if earlier:
            end = d.end() + max(country.end() if country else 0, title.end() if title else 0)
            out.append(earlier[-1].referred_by(d.start(), end, text[d.start():end], "pronoun"))
    return out


def addressee_at(text: str, span: tuple[int, int], mentions: list[Mention], reports: list[EventReport],
                 lex: Lexicon, exclude: set[str]) -> Mention | None:
    """你/您 in ``text[span]``, in reported speech: the speaker is the latest person followed by a speech
    verb (X表示); the addressee is the person spoken to (X对Y说: Y, ``_told_by``), else the other person of the
    speaker's latest two-person contact in ``reports``, else of the latest message before it
    (``message_pairs``); never one of ``exclude``."""
    a = lex.addressee.search(text, *span)
    if not a:
        return None
    speakers = [m for m in mentions if m.end <= a.start() and lex.is_speaker(text, m)]
    if not speakers:
        return None
    if _told_by(text, speakers[-1], mentions, lex) is not None and speakers[-1].key not in exclude:
        # 金正恩对特朗普说，「我…与你在新加坡会面」: 你 is the one spoken to
        return speakers[-1].referred_by(a.start(), a.end(), a.group(0), "pronoun")
    speaker = speakers[-1].key
    contacts = (r.participants for r in reversed(reports))
    for persons in chain(contacts, message_pairs(text, a.start(), mentions, lex)):  # messages only if needed
        keys = [p.key for p in persons]
        if speaker in keys and len(keys) == 2:
            other = next(p for p in persons if p.key != speaker)
            if other.key not in exclude:
                return other.referred_by(a.start(), a.end(), a.group(0), "pronoun")
    return None


def _told_by(text: str, m: Mention, mentions: list[Mention], lex: Lexicon) -> Mention | None:
    """The person who speaks to ``m`` (金正恩对特朗普说, 金正恩周二对美国总统特朗普说: 金正恩 for 特朗普): the nearest
    person before a word of cue ``speech_to`` (对, 向) that stands right before ``m`` or before its titles, in the
    same clause and at most 8 characters before that word; ``None`` otherwise."""
    start = lex.title_chain_start(text, m.start)  # 对博雷亚总理丁戊己说: over the name's title and country
    to = next((w for w in lex.cue("speech_to") if text.endswith(w, 0, start)), None)
    if to is None:
        return None
    at = start - len(to)
    before = [p for p in mentions if p.end <= at and at - p.end <= 8 and p.key != m.key
              and not any(c in text[p.end:at] for c in "，,。；;：:")]
    return before[-1] if before else None


def message_pairs(text: str, pos: int, mentions: list[Mention], lex: Lexicon) -> Iterator[list[Mention]]:
    """Yield the two persons of each message exchange before offset ``pos``, latest first: the distinct
    persons of a clause with a ``message`` cue (习近平同…迪亚斯-卡内尔互致贺电, X致电Y). A message is no
    contact, but 你 in the speech that quotes it is the other person of the message."""
    for m in reversed([m for m in lex.message.finditer(text, 0, pos)] if lex.message else []):
        c0, c1 = clause_around(text, m.start())
        persons = distinct([p for p in mentions if c0 <= p.start and p.end <= c1])
        if len(persons) == 2:
            yield persons


def pronoun_at(text: str, span: tuple[int, int], mentions: list[Mention], lex: Lexicon,
               exclude: set[str]) -> Mention | None:
    """A third-person pronoun in ``text[span]`` (他, 其): the latest person named before the span who is
    not one of ``exclude``."""
    p = lex.pronoun.search(text, *span)
    if not p or lex.addressee.fullmatch(p.group(0)):
        return None
    earlier = [m for m in mentions if m.end <= span[0] and m.key not in exclude]
    if not earlier:
        return None
    return earlier[-1].referred_by(p.start(), p.end(), p.group(0), "pronoun")


def pair_reference(ctx: TriggerContext, lex: Lexicon) -> list[Mention]:
    """两国元首, 双方, 这两位领导人 in the clause of ``ctx`` before its trigger: the participants of the
    latest two-person contact of the doc's reports whose roles fit the reference, or the two latest
    distinct persons named before it (a role's anywhere before, and the second, of another country, later in
    the article when only one is named before: 两国国防部长也举行了会面。…印度国防部长辛格…; for 双方 and 两人,
    in this sentence or the one before: further back, 双方 are more
    likely the sides of a contact of countries: 北京方面与梵蒂冈外长…会晤，标志着双方…); ``[]`` when there
    is no reference, when two countries' one-character forms stand before a reference that names no person
    (中美双方: the countries; cue ``state_actor_pair``) or a
    modifier does (建制及泛民的双方: cue ``not_pair_ref_after``), or
    when the sentence's latest contact names one person only."""
    text, reports, mentions = ctx.text, ctx.doc.reports, ctx.doc.mentions
    span = (ctx.clause[0], ctx.hit.start)
    c0, _ = span
    m = lex.pair_ref.search(text, *span)
    if not m or (m.group(0) in lex.cue("state_actor_pair")
                 and all(c in lex.place_abbrs for c in text[m.start() - 2:m.start()] or "x")):
        return []  # 中美双方: the two countries, not two persons (but 中美两国元首, 俄美两国领袖: persons)
    if text.endswith(lex.cue("not_pair_ref_after"), 0, m.start()):
        return []  # 建制及泛民的双方: the sides of what the modifier names
    heads = lex.cue("head_of_state")
    roles = [lex.role_of(w) for w in lex.cue("pair_ref_role") if w in m.group(0)]

    def fits(p: Mention) -> bool:  # 两国元首 are heads of state, 两国总理 premiers; 双方 and 两人 may be anyone
        return all(any(same_role(p.role, h, lex) for h in heads) if r in heads else same_role(p.role, r, lex)
                   for r in roles)

    def referred(persons):
        return [p.referred_by(m.start(), m.end(), m.group(0), "pair_ref") for p in persons]

    same_sentence = [r for r in reports if r.sentence[0] <= c0 < r.sentence[1]]
    if same_sentence and len(same_sentence[-1].participants) < 2:
        return []  # 习近平去年访问泰国，双方宣布…: the two sides of that visit, whose host is not named
    for r in reversed(reports):
        if len(r.participants) == 2 and all(fits(p) for p in r.participants):
            return referred(r.participants)
    earlier = [x for x in ctx.doc.sentences if x.end <= ctx.sentence.start]
    window = earlier[-1].start if earlier else ctx.sentence.start
    seen: list[Mention] = []
    if roles:  # 两国元首, 两国总理: the role picks the persons, however far back
        window = 0
    for p in reversed([x for x in mentions if window <= x.start and x.end <= m.start()]):
        if all(p.key != s.key for s in seen) and fits(p):
            seen.append(p)
        if len(seen) == 2:
            return referred(reversed(seen))
    if roles and len(seen) == 1:  # 两国国防部长也举行了会面。…印度国防部长辛格…: the other one named later
        later = next((p for p in mentions if p.start >= m.end() and p.key != seen[0].key and fits(p)
                      and p.country != seen[0].country), None)
        if later is not None:
            return referred([seen[0], later])
    return []


def after_aspect(ctx: TriggerContext, lex: Lexicon) -> int:
    """The offset right after the trigger and an aspect marker that follows it (会见了|: cue ``aspect``)."""
    return ctx.hit.end + next((len(w) for w in lex.cue("aspect") if ctx.text.startswith(w, ctx.hit.end)), 0)


def role_pair_object(ctx: TriggerContext, lex: Lexicon, subject: list[Mention]) -> list[Mention]:
    """毕根昨天会见两国外长, 蓬佩奥分别会见双方外长: a pair reference with a role (cue ``pair_ref_role``) right
    after a pair-frame trigger (and 了) is its object: the two latest distinct persons of that role named
    before it in the article and not in ``subject``, else the first two named after it; ``[]`` when there is
    no such reference or not two such persons."""
    if ctx.trigger.frame != "pair":
        return []
    text = ctx.text
    m = lex.pair_ref.match(text, after_aspect(ctx, lex))
    roles = [lex.role_of(w) for w in lex.cue("pair_ref_role") if m and w in m.group(0)]
    if not roles:
        return []
    keys = {s.key for s in subject}
    fitting = [p for p in ctx.doc.mentions if p.key not in keys and not p.is_reference
               and all(same_role(p.role, r, lex) for r in roles)]
    before = distinct(list(reversed([p for p in fitting if p.end <= m.start()])))[:2]
    persons = before if len(before) == 2 else distinct([p for p in fitting if p.start >= m.end()])[:2]
    if len(persons) < 2:
        return []
    return [p.referred_by(m.start(), m.end(), m.group(0), "pair_ref") for p in sorted(persons, key=lambda p: p.start)]
