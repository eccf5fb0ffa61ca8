"""Stage 5, participants: who is on each side of a trigger, and how one trigger gives several contacts.

``contacts(ctx, lex)`` returns the contacts of one trigger hit as ``Contact`` drafts, in the order their
reports are made. The sides come from the clause (the subject before the trigger, the other side after
同/与/和 or after 会见); a clause with no subject takes it from context. A visit's hosts are in ``hosts``.

Cue kinds read: ``with``, ``not_with``, ``conj``, ``accompany``, ``accompanied``, ``passive``,
``not_passive_after``, ``not_object``, ``topic``, ``adverbial_end``, ``setting_end``, ``locative``,
``title_prefix``, ``including``, ``light_verb``, ``separately``, ``speech``, ``speaker``, ``invite``,
``pronoun``, ``addressee``, ``pair_ref``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..timex import find_time_expressions
from .hosts import domestic_trip, invite_hosts, visit_hosts
from .lexicon import Lexicon
from .model import Mention, TriggerContext
from .places import contact_place
from .references import addressee_at, after_aspect, distinct, pair_reference, pronoun_at, role_pair_object
from .triggers import visit_time_end


_GLOSS = re.compile(r"[（(][^（()）\u4e00-\u9fff]*[)）]")  # a bracketed name in Latin letters


@dataclass
class Contact:
    """A contact before it is dated and placed: its ``persons`` (distinct, subject first), their
    ``sides`` (one integer each; the same side did not meet each other: empty means each person is a
    side of its own) and, for a visit, the entity keys of its ``hosts`` and ``visitors``."""

    persons: list[Mention]
    hosts: list[str] = field(default_factory=list)
    visitors: list[str] = field(default_factory=list)
    sides: list[int] = field(default_factory=list)


def two_sides(subject: list[Mention], others: list[Mention], **visit) -> Contact:
    """The contact of the ``subject`` group with the ``others`` (习近平会见A和B: 习近平 on side 0, A and B on
    side 1). With no one on one of the two sides, the persons met each other (A和B举行会谈): each is a
    side of its own, or, when every one has a known country and they are of two or more, the persons of one
    country are one side (莱特希泽、姆努钦，和刘鹤…会谈: the two Americans did not meet each other there).
    ``visit`` may give ``hosts`` and ``visitors``."""
    persons = distinct(subject + others)
    if not subject or not others:
        countries = [m.country for m in persons]
        if all(countries) and len(set(countries)) > 1:
            order = list(dict.fromkeys(countries))
            return Contact(persons, sides=[order.index(c) for c in countries], **visit)
        return Contact(persons, sides=list(range(len(persons))), **visit)
    first = {m.key for m in subject}
    return Contact(persons, sides=[0 if m.key in first else 1 for m in persons], **visit)


def contacts(ctx: TriggerContext, lex: Lexicon) -> list[Contact]:
    """The contacts the hit at ``ctx`` reports (``[]`` when fewer than two persons, or a visit with no
    visitor): ``visit_contacts`` for the visit and travel frames, else ``pair_contacts``."""
    subject, objects = sides(ctx, lex)
    if ctx.trigger.frame in ("visit", "travel"):
        return visit_contacts(ctx, lex, subject, objects)
    return pair_contacts(ctx, lex, subject, objects)


def names_host_and_guest(ctx: TriggerContext, lex: Lexicon) -> bool:
    """The hit is a word that names its host and guest (A会见B, cue ``needs_object``), not a mutual contact."""
    return ctx.text.startswith(lex.cue("needs_object"), ctx.hit.start)


def pair_contacts(ctx: TriggerContext, lex: Lexicon, subject: list[Mention], objects: list[Mention]) -> list[Contact]:
    """A meeting, talks or call: the subject and the other side; with fewer than two persons, a pair
    reference (两国元首; not one the subject meets: 与两国领袖会谈); 分别会见A、B (cue ``separately``) is one
    contact with each. A trigger that names its host and guest (cue ``needs_object``: 会见, 接见) with persons
    before it and none on the other side is no contact among them."""
    if not objects and names_host_and_guest(ctx, lex) and len(subject) > 1:
        return []  # 獲美國總統克林頓及副總統戈爾、…接見: the hosts of a guest left unread, no contact of theirs
    contact = two_sides(subject, objects)
    if len(contact.persons) < 2 and not ctx.trigger.with_only:
        pair = pair_reference(ctx, lex)
        if pair and subject and ctx.text.endswith(lex.cue("with"), 0, pair[0].start):
            pair = []  # 菅义伟预计将与两国领袖举行会谈: the leaders he meets, not a pair of his
        contact = Contact(pair, sides=[0, 1]) if pair else contact
    if len(contact.persons) < 2:
        return []
    if any(w in ctx.before for w in lex.cue("separately")) and len(objects) > 1 and subject:
        return [two_sides(subject, [obj]) for obj in objects[1:]] + [two_sides(subject, objects[:1])]
    return [contact]


def visit_contacts(ctx: TriggerContext, lex: Lexicon, subject: list[Mention], objects: list[Mention]) -> list[Contact]:
    """A visit of the subject to its hosts (``hosts.visit_hosts``). 布林肯和耶伦访问中国 with no host:
    each visitor's own visit, co-visitors being no contact; 应A、B邀请…访问甲国、乙国: one visit to each
    host, the hosts being no contact. The first visitor's and first host's visit comes last. A trip at home
    is no visit (``domestic_trip``), and neither is one with no host and no place."""
    host_mentions = visit_hosts(ctx, lex, subject, objects)
    if not subject or domestic_trip(ctx, lex, subject[0]):
        return []
    if not host_mentions and contact_place(ctx, lex)[0] is None:
        return []  # 在訪問中, 做訪問, 韓國瑜出訪找訂單: no host and no place, no visit (an interview, as often)
    extra = []
    if not host_mentions and len(subject) > 1:
        extra += [Contact([visitor], [], [visitor.key], [0]) for visitor in subject[1:]]
        subject = subject[:1]
    visitors = [m.key for m in subject]
    if len(host_mentions) > 1:
        extra += [two_sides(subject, [host], hosts=[host.key], visitors=visitors) for host in host_mentions[1:]]
        host_mentions = host_mentions[:1]
    return extra + [two_sides(subject, host_mentions, hosts=[m.key for m in host_mentions], visitors=visitors)]


def sides(ctx: TriggerContext, lex: Lexicon) -> tuple[list[Mention], list[Mention]]:
    """``(subject, other side)`` of the hit: with 同/与/和 before the trigger (pair and joint frames), the
    group before it and the persons after it (or a pronoun there); else the group before the trigger and,
    for the pair frame, the persons right after it (会见A和B). Persons who accompany (陪同X访华的Y) are left
    out; no subject in the clause: ``subject_from_context``. A trigger of object ``with`` (讨论) has only a
    with-phrase's persons as its other side, and no contact without one. A with-phrase followed by a word of
    cue ``together`` (与X一同会见) puts X on the subject's side; with no subject before it in the clause, the
    person after the trigger heads a relative clause, on X's side, and there is no contact
    (與林鄭月娥一同會見選委的查史美倫)."""
    text, (c0, c1), (t0, t1) = ctx.text, ctx.clause, (ctx.hit.start, ctx.hit.end)
    in_before = [m for m in ctx.sentence_mentions if c0 <= m.start and m.end <= t0
                 and not accompanying(text, m, lex.cue("accompany"), lex.cue("accompanied"))
                 and not _in_clause_of_time(ctx, lex, m) and not _kin_named(text, m, lex)]
    in_after = [m for m in ctx.sentence_mentions if t1 <= m.start and m.end <= c1]
    if not in_before and not in_after:
        pair = _pair_of_main_clause(ctx, lex) or _with_phrase_before(ctx, lex)
        if pair:
            return pair
    passive = _passive_agents(ctx, lex, in_before)
    if passive:
        subject = [m for m in in_before if m.end <= passive[0].start] or subject_from_context(ctx, lex)
        return [m for m in nearest_group(text, subject, lex.conj) if all(m.key != a.key for a in passive)], passive
    with_pos = (with_position(text, (c0, t0), in_before, lex, ctx.trigger.with_words)
                if ctx.trigger.frame in ("pair", "joint") else None)
    if with_pos is not None and _closes_a_list_of_nations(ctx, lex, in_before, with_pos):
        with_pos = None
    if ctx.trigger.with_only:
        return _with_phrase_sides(ctx, lex, in_before, with_pos)
    after = (objects_after(ctx, lex, in_after) or _pronoun_object(ctx, lex, in_before)
             or role_pair_object(ctx, lex, in_before))
    if with_pos is not None and ctx.near.endswith(lex.cue("together")) and not (
            any(m.end <= with_pos for m in in_before) or lex.pronoun.search(text, c0, with_pos)):
        return [], []  # 昨日與林鄭月娥一同會見…選委的…查史美倫: one side (and a relative clause's head), no other
    if with_pos is not None and after:
        # 特朗普与姆努钦周一会晤了麦康奈尔和麦卡锡, 他还同纳哈拉共同会见了哈梅内伊: 与 joins the subject's side
        head = nearest_group(text, [m for m in in_before if m.end <= with_pos], lex.conj) or subject_from_context(ctx, lex)
        subject = [m for m in head + [m for m in in_before if m.start >= with_pos] if all(m.key != o.key for o in after)]
        return subject, after
    if with_pos is not None:
        head = nearest_group(text, [m for m in in_before if m.end <= with_pos], lex.conj)
        # 与亨特·拜登的前商业伙伴托尼·博布林斯基进行了通话: the possessor is no participant
        objects = (head_of_phrase(text, [m for m in in_before if m.start >= with_pos], lex)
                   or _referred_object(ctx, lex, with_pos, head))
        subject = head or _pronoun_before_with(ctx, lex, with_pos, objects)
    else:
        relative = [] if in_before else _relative_clause_subject(ctx, lex, in_after)
        if relative:
            return relative, [m for m in after if m.end <= relative[0].start] or head_of_phrase(
                text, [m for m in in_after if m.end <= relative[0].start], lex)
        subject = nearest_group(text, in_before, lex.conj)
        objects = after or _implicit_object(ctx, lex, subject) or _included_objects(ctx, lex)
    if not subject:
        subject = subject_from_context(ctx, lex)
    subject = [m for m in subject if all(m.key != o.key for o in objects)]
    if not subject and objects:  # 将到特朗普在佛罗里达州的庄园与特朗普会晤: before 与, the other side's possessor
        subject = [m for m in subject_from_context(ctx, lex) if all(m.key != o.key for o in objects)]
    if not subject and with_pos is not None and len(objects) > 1 and not any(
            m.start < with_pos for m in ctx.sentence_mentions):
        # 据悉，行程中也安排与前港督彭定康和…罗冠聪会面: no one of the sentence before 与, A and B are one side; the
        # other is the subject of the sentence before, else unknown
        subject = [m for m in _first_of_sentence_before(ctx) if all(m.key != o.key for o in objects)]
        if not subject:
            return [], []
    return subject, objects


def _closes_a_list_of_nations(ctx: TriggerContext, lex: Lexicon, in_before: list[Mention], with_pos: int) -> bool:
    """美国总统拜登、日本首相岸田文雄和韩国总统尹锡悦举行三方会谈: the with word at ``with_pos`` is also a ``conj``
    word and closes a list of persons joined by 、, each of a known country, three or more countries in all: the
    persons are one group (each country a side, ``two_sides``), not a subject and its other side."""
    text = ctx.text
    word = next((w for w in lex.cue("with") if text.endswith(w, 0, with_pos)), "")
    if word not in lex.cue("conj"):
        return False
    before = [m for m in in_before if m.end <= with_pos - len(word)]
    after = [m for m in in_before if m.start >= with_pos]
    if len(before) < 2 or len(after) != 1 or before[-1].end != with_pos - len(word):
        return False  # 梅克爾、范德賴恩以及米歇爾今天與習近平: 与 after a time is the with word
    if not all(text.startswith("、", a.end) for a in before[:-1]):
        return False  # only a list of 、 that 和 closes
    countries = [m.country for m in before + after]
    return all(countries) and len(set(countries)) > 2


def _with_phrase_sides(ctx: TriggerContext, lex: Lexicon, in_before: list[Mention],
                       with_pos: int | None) -> tuple[list[Mention], list[Mention]]:
    """王毅与该国…部长卢胡特讨论了…: for a ``with_only`` trigger (object ``with``), the persons before a with word of cue
    ``with_only_with`` (与, 同, 跟, 和; not 对: 对默克尔政府正在讨论的措施) and the persons between it and the
    trigger, both in the trigger's clause; ``([], [])`` when either is missing (双方讨论的议题, 与其同僚讨论)."""
    if with_pos is None or not ctx.text.endswith(lex.cue("with_only_with"), 0, with_pos):
        return [], []
    subject = nearest_group(ctx.text, [m for m in in_before if m.end <= with_pos], lex.conj)
    objects = head_of_phrase(ctx.text, [m for m in in_before if m.start >= with_pos], lex)
    return (subject, objects) if subject and objects else ([], [])


def _kin_named(text: str, m: Mention, lex: Lexicon) -> bool:
    """邓恩的父母前往美国: the mention is followed by a ``possessive`` word and a relative (cue ``kin_suffix``), who
    acts, not the person."""
    rest = text[m.end:m.end + 4]
    return any(rest.startswith(p + k) for p in lex.cue("possessive") for k in lex.cue("kin_suffix"))


def _relative_clause_subject(ctx: TriggerContext, lex: Lexicon, in_after: list[Mention]) -> list[Mention]:
    """1月28日，會晤中國國家主席習近平的譚德塞指，…: a pair-frame trigger that opens its clause, its objects, 的 and
    a person who speaks (cue ``speech`` right after the name) tell a relative clause: that person met the
    objects. ``[]`` otherwise (会见陪同X访华的Y: X accompanies; 会见普京的特使: a possessive)."""
    if ctx.trigger.frame != "pair" or ctx.before.strip(" ，,") or len(in_after) < 2:
        return []
    for obj, subj in zip(in_after, in_after[1:]):
        gap = ctx.text[obj.end:subj.start]
        if (gap.startswith(lex.cue("modifier")) and ctx.text.startswith(lex.cue("speech"), subj.end)
                and not any(accompanying(ctx.text, m, lex.cue("accompany")) for m in in_after if m.end <= obj.end)):
            return [subj]
    return []


def _with_phrase_before(ctx: TriggerContext, lex: Lexicon) -> tuple[list[Mention], list[Mention]] | None:
    """他曾與時任政務司長林鄭月娥，單對單以電話溝通: a pair-frame trigger whose clause names no one, right after a
    clause that ends in a preposition (cue ``with``) and persons: those persons and the subject before the
    preposition (a pronoun there: the latest person named before it); ``None`` otherwise, and when that
    clause holds a trigger or the contact's clause opens with 他们 (cue ``plural_pronoun``)."""
    if ctx.trigger.frame != "pair" or _holds_preposition(ctx.text, (ctx.clause[0], ctx.hit.start), lex):
        return None  # …李希，23日中午…同采访…的中外记者见面: the clause has a with-phrase of its own
    earlier = [c for c in ctx.sentence.clauses if c[1] <= ctx.clause[0]]
    if not earlier:
        return None
    text, (k0, k1) = ctx.text, earlier[-1]
    if any(k0 <= h.start < k1 for h in ctx.doc.hits) or text.startswith(lex.cue("plural_pronoun"), ctx.clause[0]):
        return None  # 甲会见了乙和丙，他们随后举行会谈: the persons of another contact, and a subject of its own
    persons = [m for m in ctx.sentence_mentions if k0 <= m.start and m.end <= k1]
    pos = with_position(text, (k0, k1), persons, lex)
    objects = head_of_phrase(text, [m for m in persons if m.start >= pos], lex) if pos is not None else []
    if not objects or text[objects[-1].end:k1].strip("，,、 "):
        return None
    keys = {m.key for m in objects}
    subject = [m for m in nearest_group(text, [m for m in persons if m.end <= pos], lex.conj) if m.key not in keys]
    if not subject:
        pron = pronoun_at(text, (k0, min(k0 + 2, pos)), ctx.doc.mentions, lex, keys)
        subject = [pron] if pron else []
    return (subject, objects) if subject else None


def _in_clause_of_time(ctx: TriggerContext, lex: Lexicon, m: Mention) -> bool:
    """王毅为何在…拜登声明继续强化日韩关系的时候访问韩国: ``m`` stands in a clause of time (在 … 时候, cues
    ``locative`` … ``adverbial_end``) that ends right before the trigger, with a person before 在 in the
    trigger's clause: the time's person, not the subject."""
    text, c0, t0 = ctx.text, ctx.clause[0], ctx.hit.start
    end = next((w for w in lex.cue("adverbial_end") if text.endswith(w, 0, t0)), None)
    at = max((text.rfind(w, c0, m.start) for w in lex.cue("locative")), default=-1)
    if end is None or at < 0:
        return False
    return any(c0 <= o.start and o.end <= at for o in ctx.sentence_mentions)


def _first_of_sentence_before(ctx: TriggerContext) -> list[Mention]:
    """The first person the sentence before names, as a ``zero`` reference at the hit's clause start; ``[]``
    when it names no one."""
    doc, start = ctx.doc, ctx.sentence.start
    previous = next((s for s in reversed(doc.sentences) if s.end <= start), None)
    first = previous and next((m for m in doc.mentions if previous.start <= m.start < previous.end), None)
    return [first.referred_by(ctx.clause[0], ctx.clause[0], "", "zero")] if first else []


def _pronoun_before_with(ctx: TriggerContext, lex: Lexicon, with_pos: int, objects: list[Mention]) -> list[Mention]:
    """外交部网站刊登的他与法国外长勒得里昂通话内容: a pronoun right before the preposition, inside the clause (not
    at its start), is the subject: the latest person named before it who is not of ``objects``; ``[]``
    without one."""
    doc, c0 = ctx.doc, ctx.clause[0]
    word = next((w for w in ctx.trigger.with_words + lex.cue("with") if doc.text.endswith(w, 0, with_pos)), "")
    at = with_pos - len(word)
    pron = pronoun_at(doc.text, (max(c0, at - 2), at), doc.mentions, lex, {m.key for m in objects})
    return [pron] if pron and pron.end == at and pron.start > c0 else []  # at the clause start: subject_from_context


def _passive_agents(ctx: TriggerContext, lex: Lexicon, in_before: list[Mention]) -> list[Mention]:
    """林鄭月娥下午將會獲國家主席習近平接見, 並獲最高人民法院院長周強等接見: before a pair-frame trigger in its
    clause, a passive marker (cue ``passive``: 获, 受到; not before cue ``not_passive_after``: 获准, 获奖)
    followed by persons, the last of them at most 10 characters before the trigger: those persons (the
    hosts), the other side of the ones before the marker; ``[]`` without one."""
    if ctx.trigger.frame != "pair" or not in_before:
        return []
    text, c0, t0 = ctx.text, ctx.clause[0], ctx.hit.start
    words = ctx.before_words
    for w in lex.cue("passive"):
        i = words.rfind(w)
        end = c0 + i + len(w)
        if i < 0 or text.startswith(lex.cue("not_passive_after"), end):
            continue
        agents = nearest_group(text, [m for m in in_before if m.start >= end], lex.conj)
        if agents and t0 - agents[-1].end <= 10:
            return agents
    return []


def _implicit_object(ctx: TriggerContext, lex: Lexicon, subject: list[Mention]) -> list[Mention]:
    """森喜朗9日將率…來台…，總統蔡英文下午將予接見; 王若望到了台湾，李登辉亲自接见: a pair-frame trigger after a word
    that leaves its object unsaid (cue ``implicit_object``: 予, 予以), or one that names host and guest (cue
    ``needs_object``: 接见) ending its clause with no with-phrase before it, meets the first person of the
    nearest earlier clause of the sentence that names one who is not the subject; none past a speech verb
    (马哈茂德表示，感谢习近平主席拨冗会见)."""
    ends_clause = not ctx.text[after_aspect(ctx, lex):ctx.clause[1]].strip(" ，,。；;")
    receives = (ends_clause and names_host_and_guest(ctx, lex)
                and not _holds_preposition(ctx.text, (ctx.clause[0], ctx.hit.start), lex))
    if ctx.trigger.frame != "pair" or not (ctx.near.endswith(lex.cue("implicit_object")) or receives):
        return []
    keys = {m.key for m in subject}
    for k0, k1 in reversed([c for c in ctx.sentence.clauses if c[1] <= ctx.clause[0]]):
        if lex.speech_end.search(ctx.text[k0:k1].rstrip("，,：: ")):
            return []  # 李强表示，习近平主席…举行会见: the speaker is no guest
        persons = [m for m in ctx.sentence_mentions if k0 <= m.start < k1 and m.key not in keys]
        if persons:
            return persons[:1]
    return []


def _pronoun_object(ctx: TriggerContext, lex: Lexicon, before: list[Mention]) -> list[Mention]:
    """董建華致電給她數次, 会见了他: for a pair-frame trigger, a singular pronoun right after it (and 了) is its
    object, the latest person named before it who is none of ``before`` (the persons before the trigger in
    its clause); not 他们 (cue ``plural_pronoun``) nor 他的."""
    pos = after_aspect(ctx, lex)
    if ctx.trigger.frame != "pair":
        return []
    if ctx.text.startswith(lex.cue("plural_pronoun"), pos) or ctx.text.startswith(lex.cue("modifier"), pos + 1):
        return []
    doc = ctx.doc
    pron = pronoun_at(doc.text, (pos, pos + 1), doc.mentions, lex, {m.key for m in before})
    return [pron] if pron and pron.start == pos else []


def objects_after(ctx: TriggerContext, lex: Lexicon, in_after: list[Mention]) -> list[Mention]:
    """The persons a pair-frame trigger takes as its object (会见A和B), or ``[]``: not when a word of cue
    ``not_object`` stands between (会晤被认为是为普京…: the trigger is a noun there), nor another meeting
    trigger (会谈并会见了C: C is the object of 会见), unless that one is inside a modifier ending in 的
    (会见来华出席…峰会的C), nor after a word that ends a clause of time right after the trigger (cue
    ``adverbial_end``: 与文在寅会晤时谈到习近平访韩; not 会见时任…, cue ``not_office_before``), nor after a
    word of cue ``topic`` (会晤及不点名提及蔡英文). A ``not_object`` word inside a modifier of the object (with
    的 after it: 会见了被北京视为危险人物的黎智英) does not stand between."""
    if ctx.trigger.frame != "pair":
        return []
    t1 = ctx.hit.end
    if ctx.text.startswith(lex.cue("adverbial_end"), t1) and not ctx.text.startswith(lex.cue("not_office_before"), t1):
        return []
    objects = head_of_phrase(ctx.text, in_after, lex)
    if not objects:
        return []
    o0 = objects[0].start
    if any(w in ctx.text[t1:o0] for w in lex.cue("topic")):
        return []  # 实现两岸领导人历史性会晤及不点名提及民进党蔡英文: 蔡英文 is what is spoken of
    # (a title's characters are none of these words: the 使 of 大使 in 会晤中国驻德大使吴恳; nor is one inside
    # a modifier of the object: 会见了被北京视为危险人物的出版商黎智英)
    between = lex.title_any.sub(" ", ctx.text[t1:o0])
    if any("的" not in between[w.end():] for w in lex.not_object.finditer(between)) or any(
            t1 <= h.start < o0 and h.entry.frame == "pair" and "的" not in ctx.text[h.end:o0] for h in ctx.doc.hits):
        return []
    return objects


def _included_objects(ctx: TriggerContext, lex: Lexicon) -> list[Mention]:
    """会见了来自世界各地的宗教领袖，包括…主席卡拉姆·萨姆森: a pair-frame trigger with words but no person after it
    in its clause, the next clause opening with a word of cue ``including``: the persons of that clause (as
    ``head_of_phrase`` reads them); ``[]`` otherwise."""
    c1 = ctx.clause[1]
    rest = ctx.text[ctx.hit.end:c1].rstrip("，,；; ")
    if ctx.trigger.frame != "pair" or rest in ("",) + lex.cue("aspect"):
        return []  # 会见了，包括…: no words after the trigger, no plural object to include them
    nxt = next((c for c in ctx.sentence.clauses if c[0] >= c1), None)
    if nxt is None or not ctx.text.startswith(lex.cue("including"), nxt[0]):
        return []
    return head_of_phrase(ctx.text, [m for m in ctx.sentence_mentions if nxt[0] <= m.start and m.end <= nxt[1]], lex)


def _referred_object(ctx: TriggerContext, lex: Lexicon, with_pos: int, subject: list[Mention]) -> list[Mention]:
    """我同你再次会晤, 与他会面: the other side is a pronoun between 同 and the trigger (not one with 的 after
    it: 与其竞选团队的…交谈; but 同你举行富有成果的会晤, where the modifier after a ``light_verb`` describes the
    contact)."""
    span, exclude = (with_pos, ctx.hit.start), {m.key for m in subject}
    doc = ctx.doc
    pron = (addressee_at(doc.text, span, doc.mentions, doc.reports, lex, exclude)
            or pronoun_at(doc.text, span, doc.mentions, lex, exclude))
    between = doc.text[pron.end:ctx.hit.start] if pron else ""
    verb = min((i for w in lex.cue("light_verb") if (i := between.find(w)) >= 0), default=len(between))
    if pron and any(w in between[:verb] for w in lex.cue("modifier")):
        return []  # 与其竞选团队的进行电话交谈: 其 is a possessive, the other side is no person
    return [pron] if pron else []


def with_position(text: str, span: tuple[int, int], persons: list[Mention], lex: Lexicon,
                  extra: tuple[str, ...] = ()) -> int | None:
    """Index just after the preposition (the trigger's own ``extra`` ones first: 向 for 述职, then 同/跟/与/和,
    cue ``with``) in ``text[span]`` that introduces the other side, if any: outside any name, with a person
    or a pronoun after it, not inside a word of cue ``not_with`` (曾俊华的主要对手林郑月娥); of several, an occurrence
    of the word that comes first (甲和乙同丙会谈: 同; 和 joins 甲 and 乙; 向习近平与李克强述职: 向): its first one
    with a person before it (外交与安全政策高级代表…博雷利…与…蓬佩奥通话: the second 与), else its first one."""
    c0, t0 = span
    part = text[c0:t0]
    for w in extra + lex.cue("with"):
        found = []
        i = part.find(w)
        while i >= 0:
            pos = c0 + i
            inside = any(p.start <= pos < p.end for p in persons) or _inside_word(text, pos, lex.cue("not_with"))
            after = any(p.start >= pos + len(w) for p in persons) or lex.pronoun.search(part, i + len(w))
            if not inside and after:
                found.append(pos + len(w))
            i = part.find(w, i + 1)
        if found:
            return next((pos for pos in found if any(p.end <= pos for p in persons)), found[0])
    return None


def _holds_preposition(text: str, span: tuple[int, int], lex: Lexicon) -> bool:
    """Whether ``text[span]`` holds a preposition of cue ``with`` outside the words of cue ``not_with``."""
    for w in lex.cue("with"):
        i = text.find(w, *span)
        while 0 <= i and i + len(w) <= span[1]:
            if not _inside_word(text, i, lex.cue("not_with")):
                return True
            i = text.find(w, i + 1, span[1])
    return False


def _inside_word(text: str, pos: int, words: tuple[str, ...]) -> bool:
    """Whether one of ``words`` covers the character at ``pos``."""
    return any(text.startswith(w, i) for w in words for i in range(max(0, pos - len(w) + 1), pos + 1)
               if i + len(w) > pos)


def subject_from_context(ctx: TriggerContext, lex: Lexicon) -> list[Mention]:
    """No person before the trigger in its clause: 我 before 同/和/与 at the clause start (我同阮富仲总书记
    一道宣布) is the latest speaker (X指出，…); else the first person of the nearest earlier clause of the
    sentence that names one (not an inviter, not one who accompanies; stopping at a speech verb: X表示，, where
    X is the subject when the clauses after it name no one: X表示，很高兴会晤Y; 李家超指，在北京還拜訪了…，和張曉明見面);
    else a pronoun at the clause or sentence start, the latest person named before the sentence. A plural
    pronoun at the clause start (他们, cue ``plural_pronoun``) that names no group of the article: none.
    Persons joined at the start of the clause right before come first (``_group_of_clause_before``); in a
    clause of time, the main clause's subject comes last (``_subject_of_main_clause``)."""
    text, c0 = ctx.text, ctx.clause[0]
    group = plural_subject(ctx, lex) or _group_of_clause_before(ctx, lex)
    if group:
        return group
    if text.startswith(lex.cue("plural_pronoun"), c0):
        return []  # 他们还…与X进行了通话, 他们 a group the article does not name: no person of an earlier clause
    speaker = speaker_at_clause_start(ctx, lex)
    if speaker:
        return speaker
    earlier = [c for c in ctx.sentence.clauses if c[1] <= c0]
    for k0, k1 in reversed(earlier):
        if lex.speech_end.search(text[k0:k1].rstrip("，,：: ")):
            # 麥可穆倫…表示，很高興正式會晤黃偉峰: the speaker speaks of himself (no one named since)
            speaker = [m for m in ctx.sentence_mentions if k0 <= m.start < k1][:1]
            if speaker and _speaks_of_self(ctx, lex):
                return speaker
            break
        inviters = {m.start for m in invite_hosts(text, (k0, k1), ctx.sentence_mentions, lex)}
        persons = [m for m in ctx.sentence_mentions if k0 <= m.start < k1 and m.start not in inviters
                   and not accompanying(text, m, lex.cue("accompany"), lex.cue("accompanied"))
                   and not _object_of_clause(ctx, lex, m, (k0, k1))]
        if persons:  # (很高兴应马克龙总统邀请，…进行国事访问: the inviter is the host, never the subject)
            return persons[:1]
    pron = lex.pronoun.match(text, c0, c0 + 2) or lex.pronoun.match(text, ctx.sentence.start, ctx.sentence.start + 1)
    if pron:
        ref = _pronoun_referent(ctx, lex)
        if ref is not None:
            return [ref.referred_by(pron.start(), pron.end(), pron.group(0), "pronoun")]
    return _subject_of_main_clause(ctx, lex) or _zero_subject(ctx, lex)


def _object_of_clause(ctx: TriggerContext, lex: Lexicon, m: Mention, clause: tuple[int, int]) -> bool:
    """上午首先会见总统蔡英文，下午拜会…陈时中; 将会对首相洪森进行礼节性的拜访，并与…布拉索昆举行会谈: in an
    earlier clause of the sentence, a person after a meeting, talks or call trigger of that clause, or after
    a preposition (cue ``with``) and before such a trigger or a joint one (同A共同主持…，同B共同主持…), is that
    contact's other side, not the subject a later clause leaves unsaid."""
    k0, k1 = clause
    for h in ctx.doc.hits:
        if h.entry.frame not in ("pair", "joint") or not k0 <= h.start < k1 or h.start == ctx.hit.start:
            continue
        if h.end <= m.start:
            return True
        if m.end <= h.start and _holds_preposition(ctx.text, (k0, m.start), lex):
            return not any(p.start < m.start and p.key != m.key for p in ctx.sentence_mentions if k0 <= p.start)
    return False


def _group_of_clause_before(ctx: TriggerContext, lex: Lexicon) -> list[Mention]:
    """美國總統特朗普與俄羅斯總統普京，在德國漢堡參加G20峰會期間會面: for a meeting, talks or a call, two or
    more persons joined at the start of the clause right before (``_clause_subject_group``), not before a
    speech verb (X和Y表示，…), are its subject, each a side of their own; not when the trigger's clause has
    a subject of its own before it (a pair reference, or a noun phrase with 的: cue ``modifier``)."""
    if ctx.trigger.frame != "pair" or lex.pair_ref.search(ctx.before) or any(
            w in ctx.before_words for w in lex.cue("modifier")):
        return []  # 建制及泛民的双方会谈: the clause has a subject of its own, no person
    group = _clause_subject_group(ctx, lex)
    if not group:
        return []
    k0, k1 = ctx.sentence.clause_of(group[0].start)
    if k1 != ctx.clause[0] or lex.speech_end.search(ctx.text[k0:k1].rstrip("，,：: ")):
        return []
    return group


def _pair_of_main_clause(ctx: TriggerContext, lex: Lexicon) -> tuple[list[Mention], list[Mention]] | None:
    """在约25分钟的通话中，菅义伟向特朗普表明…; 在长达一小时的通话中，特朗普时而抨击拉芬斯佩格: a meeting, talks or
    call told as the setting of the main clause (a clause that opens with 在, cue ``locative``, names no person
    and ends in the trigger and a word of cue ``setting_end``: 中, 过程中) is between the person who opens the main clause and the next other person
    named there; ``None`` otherwise."""
    if ctx.trigger.frame != "pair" or not _is_setting(ctx, lex):
        return None
    subject = _subject_of_main_clause(ctx, lex, any_end=True)
    if not subject:
        return None
    _, k1 = ctx.sentence.clause_of(subject[0].start)
    other = next((m for m in ctx.sentence_mentions if subject[0].end <= m.start < k1 and m.key != subject[0].key), None)
    return (subject, [other]) if other else None


def _is_setting(ctx: TriggerContext, lex: Lexicon) -> bool:
    """The hit's clause opens with 在 (cue ``locative``) and ends in the trigger and a word of cue
    ``setting_end`` (在约25分钟的通话中，; 在上周四与菅义伟的通话中，): the contact is the setting of the main clause."""
    text, (c0, c1) = ctx.text, ctx.clause
    return text.startswith(lex.cue("locative"), c0) and text[ctx.hit.end:c1].rstrip("，,；; ") in lex.cue("setting_end")


def _subject_of_main_clause(ctx: TriggerContext, lex: Lexicon, any_end: bool = False) -> list[Mention]:
    """同英国外交大臣拉布…举行会谈时，德国外长马斯首次公开表达…; 在会见巴巴科夫时，赵乐际表示; 在上周四与菅义伟的通话
    中，美国当选总统拜登表示: a meeting, talks or call told in a clause of time (ending in a word of cue
    ``adverbial_end``: 时, 期间, 之际; any word when ``any_end``) or as a setting (``_is_setting``) whose subject
    is unsaid has the subject of the main clause after it: its first person, when it opens that clause."""
    if ctx.trigger.frame != "pair":
        return []
    text, (c0, c1) = ctx.text, ctx.clause
    of_time = text[c0:c1].rstrip("，,；; ").endswith(lex.cue("adverbial_end"))
    if not (any_end or of_time or _is_setting(ctx, lex)):
        return []
    nxt = next((c for c in ctx.sentence.clauses if c[0] >= c1), None)
    if nxt is None:
        return []
    first = next((m for m in ctx.sentence_mentions if nxt[0] <= m.start < nxt[1]), None)
    if first is None:
        return []
    before = lex.title_prefix.sub("", lex.title_any.sub("", lex.place_regex.sub("", text[nxt[0]:first.start])))
    if before.strip():
        return []  # only places, titles and their prefixes before the person (德国外长马斯, 美国当选总统拜登)
    return [first]


def _after_visit_time(ctx: TriggerContext, lex: Lexicon, c0: int) -> int:
    """Where the clause at ``c0`` goes on after a visit's clause of time that opens it (访问越南时|将与…), else
    ``c0``."""
    ends = lex.cue("adverbial_end")
    at = (visit_time_end(ctx.text, h, ctx.hit.start, ends) for h in ctx.doc.hits if h.start == c0)
    return next((e for e in at if e is not None), c0)


def _zero_subject(ctx: TriggerContext, lex: Lexicon) -> list[Mention]:
    """黎智英以公司名义…支付…广告费用。去年7月8日…期间，前往美国会见国务卿蓬佩奥: a clause that starts with a
    verb or adverb of a subject left unsaid (cue ``zero_subject``: 前往, 随后, 将与; also after a visit's clause of
    time, 访问越南时将与…) in a sentence that names no one before the trigger (or before its 与) continues the
    sentence before: its subject, the first person it names, is the subject.
    Only for a meeting, talks or a call (pair frame)."""
    c0 = ctx.clause[0]
    if ctx.trigger.frame != "pair" or not ctx.text.startswith(lex.cue("zero_subject"), _after_visit_time(ctx, lex, c0)):
        return []  # a visit or a trip (…启程，前往哈萨克斯坦) may be a train's
    with_at = min((i for w in lex.cue("with") if (i := ctx.text.find(w, c0, ctx.hit.start)) >= 0),
                  default=ctx.hit.start)
    if any(m.start < with_at for m in ctx.sentence_mentions):
        return []  # someone named before the trigger (or before 与: 将与…阮春福会谈 names only the other side)
    return _first_of_sentence_before(ctx)


def _speaks_of_self(ctx: TriggerContext, lex: Lexicon) -> bool:
    """After X表示，: whether the trigger's clause tells X's own contact. A meeting or call, unless a noun
    phrase stands before the trigger (美国提出的计划与…会晤所讨论: 的; an office: 期间总统亦将接见…); a visit or trip only in the first
    person (这是我第四次访问南非, not 乌克兰将派出代表团前往沙特, 救援物资正陆续抵达). A modifier after a
    ``light_verb`` describes the contact (特朗普說，與習主席進行了很好的通話)."""
    if ctx.trigger.frame in ("visit", "travel"):
        return any(w in ctx.before_words for w in lex.cue("speaker"))
    before = ctx.before_words
    verb = min((i for w in lex.cue("light_verb") if (i := before.find(w)) >= 0), default=len(before))
    return not _office_alone_before(ctx, lex) and not any(w in before[:verb] for w in lex.cue("modifier"))


def _office_alone_before(ctx: TriggerContext, lex: Lexicon) -> bool:
    """期间总统亦将接见阿萨尔: a title before the trigger in its clause that is no person's: not inside a mention
    (副总理先生), not right before a name (主任张晓明) nor right after one (习近平主席)."""
    c0, t0 = ctx.clause[0], ctx.hit.start
    persons = [m for m in ctx.sentence_mentions if m.end > c0 and m.start < t0]
    for t in lex.title_any.finditer(ctx.text, c0, t0):
        if not any(m.start <= t.start() < m.end or m.start == t.end() or m.end == t.start() for m in persons):
            return True
    return False


def _pronoun_referent(ctx: TriggerContext, lex: Lexicon) -> Mention | None:
    """Whom 他 at a clause start means: the speaker of its sentence (泽连斯基25日说，他当天与…通电话); else
    the first person of the sentence before, its subject (10日，甲会见了乙。同一天，他还…: 甲; 霍利參議員
    是…聯署支持者。他周一…會見了黃之鋒: 霍利); else the latest person named before the sentence."""
    doc, start = ctx.doc, ctx.sentence.start
    for k0, k1 in reversed([c for c in ctx.sentence.clauses if c[1] <= ctx.clause[0]]):
        if lex.speech_end.search(ctx.text[k0:k1].rstrip("，,：: ")):  # X25日说，: X speaks
            speaker = next((m for m in ctx.sentence_mentions if k0 <= m.start < k1), None)
            if speaker is not None:
                return speaker
    previous = next((s for s in reversed(doc.sentences) if s.end <= start), None)
    if previous is not None:
        first = next((m for m in doc.mentions if previous.start <= m.start < previous.end), None)
        if first is not None:
            return first
    persons = [m for m in doc.mentions if m.end <= start]
    return persons[-1] if persons else None


def speaker_at_clause_start(ctx: TriggerContext, lex: Lexicon) -> list[Mention]:
    """我 at the clause start, in what a person says (赵乐际表示，…我此次率代表团对朝鲜进行正式友好访问; 我同阮富仲
    总书记一道宣布): the latest person before it followed by a speech verb. Not 我们, 我国 (cue
    ``not_speaker_after``), and, in a sentence with no speaker, only before a ``with`` word."""
    text, c0, doc = ctx.text, ctx.clause[0], ctx.doc
    before_with = bool(lex.speaker_with is not None and lex.speaker_with.match(text, c0))
    alone = bool(lex.speaker_alone is not None and lex.speaker_alone.match(text, c0))
    if not (alone or before_with):
        return []
    speakers = [m for m in doc.mentions if m.end <= c0 and lex.is_speaker(text, m)]
    if not speakers or (not before_with and speakers[-1].start < ctx.sentence.start):
        return []
    return [speakers[-1].referred_by(c0, c0 + 1, text[c0], "pronoun")]


def plural_subject(ctx: TriggerContext, lex: Lexicon) -> list[Mention]:
    """A plural pronoun (cue ``plural_pronoun``) at the clause start is the group of persons named together
    (two or more, joined as in ``nearest_group``): the subject of an earlier clause of the sentence, with
    no trigger after it (A、B和C发表联合声明说，他们今天进行电话会谈), else the group named last before the
    sentence (他们将在下周在华盛顿会见…, after …外长佩恩和国防部长雷诺茨准备出访美国); ``[]`` when there is none."""
    text, c0 = ctx.text, ctx.clause[0]
    word = next((w for w in lex.cue("plural_pronoun") if text.startswith(w, c0)), None)
    if word is None:
        return []
    group = _clause_subject_group(ctx, lex)
    if len(group) < 2:
        group = distinct(nearest_group(text, [m for m in ctx.doc.mentions if m.end <= ctx.sentence.start], lex.conj))
    if len(group) < 2:
        return []
    return [m.referred_by(c0, c0 + len(word), word, "pronoun") for m in group]


def _clause_subject_group(ctx: TriggerContext, lex: Lexicon) -> list[Mention]:
    """The distinct persons of the sentence's latest group before the trigger's clause when they open their
    own clause (no other person before them there) and no trigger word stands after them: the subject of a
    verb of their own (发表联合声明说), not the object of a contact; ``[]`` for fewer than two. A visit after
    them is theirs (陳方安生、郭榮鏗、莫乃光同月訪美，獲…彭斯…等會見). Another trigger after them is no bar when the trigger's clause has a time of its own before it: a second contact of theirs
    (佩洛希和努钦周一进行了电话交谈，并准备周二再次会谈)."""
    before = [m for m in ctx.sentence_mentions if m.end <= ctx.clause[0]]
    group = nearest_group(ctx.text, before, lex.conj)
    if len(distinct(group)) < 2:
        return []
    k0 = ctx.sentence.clause_of(group[0].start)[0]
    if any(m.start < group[0].start for m in before if m.start >= k0):
        return []
    if any(group[-1].end <= h.start < ctx.clause[0] and h.entry.frame != "visit" for h in ctx.doc.hits) and not (
            find_time_expressions(ctx.before)):
        return []
    return distinct(group)


def nearest_group(text: str, persons: list[Mention], conj: re.Pattern) -> list[Mention]:
    """The persons before a trigger that form one coordinated phrase with the nearest of them
    (习近平和普京 -> both; 拉夫罗夫的访问也正值拜登总统 -> 拜登)."""
    if not persons:
        return []
    group = [persons[-1]]
    for p in reversed(persons[:-1]):
        gap = _GLOSS.sub("", text[p.end:group[0].start])  # 梅克爾（Angela Merkel）、…主席范德賴恩
        if len(gap) <= 30 and "的" not in gap and conj.search(gap) and not re.search(r"[，,。；]", gap):
            group.insert(0, p)
        else:
            break
    return group


def head_of_phrase(text: str, persons: list[Mention], lex: Lexicon) -> list[Mention]:
    """Persons right after 会见: keep coordinated ones (A、B和C); drop one inside a modifier that ends in
    的 (cue ``modifier``) before another person (陪同X访华的Y -> Y), but not one joined to the rest by a
    ``conj`` word before that modifier (和姆努钦以及特朗普的高级顾问库什纳 -> 姆努钦, 库什纳)."""
    out: list[Mention] = []
    for p in persons:
        if out and any(w in text[out[-1].end:p.start] for w in lex.cue("modifier")):
            out = [q for q in out if not any(w in text[q.end:p.start] for w in lex.cue("modifier"))
                   or lex.conj.search(text, q.end, p.start)]
        out.append(p)
    return out


def accompanying(text: str, m: Mention, words: tuple[str, ...], after: tuple[str, ...] = ()) -> bool:
    """陪同X访华的Y (``words``: cue ``accompany``): X accompanies; X is not a participant. ``after`` (cue
    ``accompanied``): 在X陪同下, that word within two characters after X."""
    before = text[max(0, m.start - 12):m.start]
    if any(w in before for w in words) and "的" in text[m.end:m.end + 12]:
        return True
    return bool(after) and any(text.startswith(after, i) for i in range(m.end, m.end + 3))
