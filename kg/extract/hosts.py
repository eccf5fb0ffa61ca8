"""Who hosts a visit: the inviter (应X邀请), the persons the visit is with, else the leader of the visited
country named in the sentence, else the head of state the gazetteer's offices give.

``HOST_RULES`` lists, in order, the rules tried when the sentence names no inviter and no other side.
Cue kinds read: ``invite``, ``host_role``, ``head_of_state``, ``speech``, ``deputy`` (in ``same_role``).
"""

from __future__ import annotations

import re
from datetime import date

from .dates import contact_date, told_as_past
from .lexicon import Lexicon
from .model import Mention, TriggerContext
from .places import clause_countries, visited_country
from .references import distinct, same_role


def visit_hosts(ctx: TriggerContext, lex: Lexicon, visitors: list[Mention], others: list[Mention]) -> list[Mention]:
    """The hosts of the visit at ``ctx``: the sentence's inviters whose country is visited (应沙特王储…邀请
    …访问沙特…，…赴卡塔尔出席…: the Saudi host does not host the Qatar trip) and ``others``, never a
    visitor; when there are none and the sentence holds no meeting trigger (a sentence with 会见/会谈
    states the contact itself: …抵达中国…，先后与李强会晤), the first rule of ``HOST_RULES`` that finds one."""
    invited_by = invite_hosts(ctx.text, (ctx.sentence.start, ctx.sentence.end), ctx.sentence_mentions, lex)
    visited = clause_countries(ctx)
    if visited:
        # the inviter's country, or that a region of his lies in (台湾's 游锡堃 hosts a visit to 台湾, 中国)
        invited_by = [m for m in invited_by if not m.country or _country_name(m.country, lex) in visited]
    hosts = [m for m in distinct(invited_by + others) if all(m.key != v.key for v in visitors)]
    if not hosts and visitors and ctx.sentence.start not in ctx.doc.pair_sentences:
        for rule in HOST_RULES:
            hosts = rule(ctx, lex, visitors)
            if hosts:
                break
    return hosts


def invite_hosts(text: str, span: tuple[int, int], mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    """应 X 邀请 / 应 X 的邀请 in ``text[span]``: X (of ``mentions``) is the host."""
    start, end = span
    out = []
    for w in lex.cue("invite"):
        for im in re.finditer(re.escape(w) + r"(?P<who>[^，。,]{1,40}?)(?:的)?邀请", text[start:end]):
            a, b = start + im.start("who"), start + im.end("who")
            out += [m for m in mentions if a <= m.start < b]
    return out


def host_by_country(ctx: TriggerContext, lex: Lexicon, visitors: list[Mention]) -> list[Mention]:
    """访问了莫斯科，…俄罗斯总统普京: a leader (cue ``host_role``) of the visited country named in the same
    sentence, and not as the speaker of the sentence, hosts the visit."""
    country = visited_country(ctx, lex)
    if not country:
        return []
    roles = lex.cue("host_role")
    # a speaker (梁强表示，习近平主席此次访越，与苏林…) reports the visit; the host is named in what is said
    return [m for m in distinct(ctx.sentence_mentions)
            if m.country == country and any(same_role(m.role, r, lex) for r in roles)
            and all(m.key != v.key for v in visitors) and not lex.is_speaker(ctx.text, m)][:1]


def host_by_office(ctx: TriggerContext, lex: Lexicon, visitors: list[Mention]) -> list[Mention]:
    """普京预计下个月访华, with 习近平 named elsewhere in the article: a head of state's visit to another
    country is hosted by that country's head of state. Only when the visitor is the sentence's first person
    (its subject: not 王庭惠欢迎习近平…对越南进行国事访问, where the visit is what someone speaks of) and
    holds a ``head_of_state`` role, and the host is the one person whom positions.tsv shows holding a
    ``head_of_state`` office of that country on the visit's date (the article's date when the text gives
    no day or month; none for an undated visit told as background or experience, ``dates.told_as_past``:
    拜登在担任副总统的时候已访问过柏林) and whom the article names (its first mention is returned); else ``[]``."""
    if len(visitors) != 1:
        return []
    visitor = visitors[0]
    if visitor.role not in lex.cue("head_of_state"):
        return []
    if any(m.start < visitor.start and m.key != visitor.key for m in ctx.sentence_mentions):
        return []
    country = visited_country(ctx, lex)
    if not country or country == visitor.country:
        return []
    when, _ = contact_date(ctx, lex, ctx.planned)
    if when is None and told_as_past(ctx, lex):
        return []  # 拜登在担任副总统的时候已访问过柏林: a visit of some time past, when others held the offices
    on = ctx.doc.ref if when is None or when.month is None else date(when.year, when.month, when.day or 1)
    holders = {name for name, pos in lex.head_offices.get(country, ()) if pos.held_on(on)}
    if len(holders) != 1:
        return []
    return [m for m in ctx.doc.mentions if m.entry is not None and m.entry.name in holders][:1]


HOST_RULES = (host_by_country, host_by_office)


def domestic_trip(ctx: TriggerContext, lex: Lexicon, visitor: Mention) -> bool:
    """习近平总书记赴重庆考察, 蔡英文…前往台北荣民总医院探视: the place is in the visitor's own country (a region
    of the gazetteer counts as its country), so the trip is no diplomatic visit."""
    home = _country_name(visitor.country, lex)
    return home is not None and home == _country_name(visited_country(ctx, lex), lex)


def _country_name(name: str | None, lex: Lexicon) -> str | None:
    """The gazetteer country that ``name`` (a country or a region, any alias) is or lies in, or ``None``."""
    place = lex.place_by_alias.get(name) if name else None
    if place is None:
        return None
    return place.country if place.kind == "region" else place.name if place.kind == "country" else None
