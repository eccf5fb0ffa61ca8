"""Stage 5, status: whether a trigger reports a contact at all, and whether it happened or is planned.

``NOT_A_CONTACT`` lists, in the order they are tried, the rules that drop a trigger hit; each reads a
``TriggerContext`` and the lexicon and says ``True`` when the hit is no contact. ``is_planned`` gives the
status of the rest. A date after the publication day also makes a contact planned (see ``pipeline``).
"""

from __future__ import annotations

from .lexicon import Lexicon
from .model import TriggerContext
from .text import COUNT


def followed_by_a_non_contact(ctx: TriggerContext, lex: Lexicon) -> bool:
    """会见厅, 访问学者: what follows the trigger makes it another word (cue ``after_not``); after a summit or a
    visit, also a place in the text (cue ``after_not_summit``: 在峰会上), which a meeting, talks or a call with
    both sides named are not (习近平与默克尔在上周三的视频会议上达成…)."""
    words = lex.cue("after_not") + (lex.cue("after_not_summit") if ctx.trigger.type in ("Summit", "Visit") else ())
    return any(ctx.after.startswith(w) for w in words)


def preceded_by_a_non_contact(ctx: TriggerContext, lex: Lexicon) -> bool:
    """接受记者访问: what stands right before the trigger makes it no contact (cue ``not_contact``)."""
    return any(ctx.near.endswith(w) for w in lex.cue("not_contact"))


def travel_without_a_place(ctx: TriggerContext, lex: Lexicon) -> bool:
    """前往机场: a travel word (frame ``travel``) is a visit only to a known place right after it."""
    t1 = ctx.hit.end
    return ctx.trigger.frame == "travel" and not any(p.start in (t1, t1 + 1) for p in ctx.doc.places)


def visit_modifies_a_noun(ctx: TriggerContext, lex: Lexicon) -> bool:
    """来华进行国事访问的X总统: the visit or summit ends a relative clause (a 的 follows it before the next
    person or the clause end); the sentence reports something else."""
    if ctx.trigger.type not in ("Visit", "Summit"):
        return False
    t1, c1 = ctx.hit.end, ctx.clause[1]
    nxt = min([m.start for m in ctx.doc.mentions if m.start >= t1] + [c1])
    return "的" in ctx.text[t1:nxt]


def interview(ctx: TriggerContext, lex: Lexicon) -> bool:
    """接受台北綠色和平電台《台灣人俱樂部》訪問時表示: 访问 after an ``interview`` cue (接受) in its clause is an
    interview, however long the outlet's name; not when an invitation follows (接受普京邀请访问俄罗斯)."""
    if ctx.trigger.type != "Visit":
        return False
    before = ctx.before
    at = max((before.rfind(w) for w in lex.cue("interview")), default=-1)
    return at >= 0 and "邀请" not in before[at:]


def counted(ctx: TriggerContext, lex: Lexicon) -> bool:
    """陳大光曾6次前往日本, 两度访美, 两人已会晤40多次, 多次通话: a count before the trigger in its clause, or
    right after it (会晤过两次), is an aggregate of contacts, not one contact, and no report (第12次正式访问 is
    one, an ordinal; so are 一次会晤 and, of a meeting, talks or a call, 两轮会谈: rounds of one talks)."""
    if ctx.trigger.type == "Visit":
        return bool(COUNT.search(ctx.before))
    after = ctx.text[ctx.hit.end:min(ctx.hit.end + _COUNT_AFTER, ctx.clause[1])]
    return any(not c.group(0).startswith("一") and not c.group(0).endswith("轮")
               for c in (*COUNT.finditer(ctx.before), *COUNT.finditer(after)))


_COUNT_AFTER = 6  # characters after the trigger where a count is the trigger's: 会晤过40多次


def custody_visit(ctx: TriggerContext, lex: Lexicon) -> bool:
    """本来戴佩清預約9月1日會見張展，看守所取消會見: a meeting in a sentence that names a place of detention (cue
    ``custody``), or one whose clause names a lawyer before the trigger, the word next to the name (张展的律师闻宇会见张展时,
    戴佩清律师去会见了: cue ``custody_subject``; not 大律师公会主席林定国…拜会), is a lawyer's or family's visit to a detainee, not a political contact."""
    if ctx.trigger.type != "Meeting":
        return False
    return (any(w in ctx.text[ctx.sentence.start:ctx.sentence.end] for w in lex.cue("custody"))
            or any(ctx.text.startswith(w, m.end) or ctx.text.endswith(w, 0, m.start)
                   for m in ctx.sentence_mentions if ctx.clause[0] <= m.start < ctx.hit.start
                   for w in lex.cue("custody_subject")))


def attendance(ctx: TriggerContext, lex: Lexicon) -> bool:
    """王沪宁、蔡奇等参加会见: the persons attend someone else's meeting (cue ``attendance``)."""
    return ctx.near.endswith(lex.cue("attendance"))


def summit_only_named(ctx: TriggerContext, lex: Lexicon) -> bool:
    """峰会成果, 在峰会上: a summit is a contact only when someone is said to attend it (cue ``summit_verb``
    before the trigger in its clause: 出席, 举行)."""
    return ctx.trigger.type == "Summit" and not any(w in ctx.before for w in lex.cue("summit_verb"))


def called_off(ctx: TriggerContext, lex: Lexicon) -> bool:
    """林郑月娥…确认赴北京述职一事遭押后, 会面告吹: a word after the trigger in its clause, within 12
    characters, says the contact was put off or called off (cue ``called_off``)."""
    after = ctx.text[ctx.hit.end:min(ctx.clause[1], ctx.hit.end + 12)]
    return any(w in after for w in lex.cue("called_off"))


def former_plan(ctx: TriggerContext, lex: Lexicon) -> bool:
    """克拉夫特原订于今天起访台三天，…，并与台湾总统蔡英文会面: a word before the trigger in its sentence says
    the contact was once planned, so it did not happen as planned (cue ``former_plan``)."""
    before = ctx.text[ctx.sentence.start:ctx.hit.start]
    return any(w in before for w in lex.cue("former_plan"))


def unnamed_visitors(ctx: TriggerContext, lex: Lexicon) -> bool:
    """美国在派出官员访问台湾事情上保持克制, 台湾部长级或次长级官员前往英国: a visit or trip right after a word for
    people in general (cue ``generic_agent``) is theirs, no named person's; not when a lead verb stands before
    it in the clause (蔡英文率代表团访问…, cue ``lead_verb``)."""
    if ctx.trigger.frame not in ("visit", "travel") or not ctx.near.endswith(lex.cue("generic_agent")):
        return False
    return not any(w in ctx.before for w in lex.cue("lead_verb"))


def asked(ctx: TriggerContext, lex: Lexicon) -> bool:
    """她是否会如4年前与特朗普通电话一样，也和拜登通电话…引起各方猜测: a question word before the trigger in its
    sentence (cue ``question``) asks about the contact, in every clause after it, unless a speech verb
    after it (cue ``speech``) starts an answer (被问及是否…时，他说已与X通电话), or the contact is what the
    question compares with (是否会如4年前与特朗普通电话一样)."""
    before = ctx.text[ctx.sentence.start:ctx.hit.start]
    at = max((before.rfind(w) for w in lex.cue("question")), default=-1)
    turned = any(stop + w in before[at:] for stop in "，,；;" for w in lex.cue("turn"))
    if at < 0 or turned or any(w in before[at:] for w in lex.cue("speech")):
        return False  # (没有透露何时访华，但他…与易纲会面时说: a clause that turns, cue ``turn``, ends the question)
    # 是否会如4年前与特朗普通电话一样: the contact compared with is a fact (cues comparison, comparison_end)
    return not (any(w in before[at:] for w in lex.cue("comparison"))
                and any(w in ctx.text[ctx.hit.end:ctx.clause[1]] for w in lex.cue("comparison_end")))


def negated(ctx: TriggerContext, lex: Lexicon) -> bool:
    """甲乙丙没有会见丁戊己, 拒绝同…会面: a negation before the trigger in its clause (cue ``negation``), not
    inside a word that negates nothing (习近平主席不久前同…通话: cue ``not_negation``) nor inside a clause of
    time that ends before the trigger (克拉夫特1月14日在取消访台计划后与蔡英文举行视频通话: ``Lexicon.after_clause``); or
    an item of a negated list (``_negated_list``)."""
    return _holds_negation(lex.after_clause.sub(" ", ctx.before_words), lex) or _negated_list(ctx, lex)


def _holds_negation(words: str, lex: Lexicon) -> bool:
    """A word of cue ``negation`` in ``words`` outside the words of cue ``not_negation`` (不久前)."""
    for w in lex.cue("not_negation"):
        words = words.replace(w, " ")
    return any(w in words for w in lex.cue("negation"))


def _negated_list(ctx: TriggerContext, lex: Lexicon) -> bool:
    """取消本周所有已计划好的出访，包括…蓬佩奥…和…克拉夫特访台: a contact in a clause that opens with a word of
    cue ``including`` (or continues such a clause with a conjunction: 以及) is one of the items of the clause
    before it, negated when that clause holds a negation before a trigger of its own."""
    text, clauses = ctx.text, [c for c in ctx.sentence.clauses if c[1] <= ctx.clause[0]] + [ctx.clause]
    i = len(clauses) - 1
    while i > 0 and lex.conj.match(text, clauses[i][0]):
        i -= 1  # …，包括蓬佩奥的欧洲之行，以及克拉夫特今天对台湾的访问: a later item of the list
    if i == 0 or not text.startswith(lex.cue("including"), clauses[i][0]):
        return False
    k0, k1 = clauses[i - 1]
    hit = next((h for h in ctx.doc.hits if k0 <= h.start < k1), None)
    return hit is not None and _holds_negation(text[k0:hit.start], lex)


def hypothetical(ctx: TriggerContext, lex: Lexicon) -> bool:
    """愿意与…会晤, 希望同…会谈, 可能通话 (cue ``hypothetical``), unless the clause is an invitation (应…邀请,
    cue ``invite``) or the hedge is a likelihood word after a forecast (预计…可能于, cues ``forecast`` and
    ``likelihood``)."""
    before = ctx.before_words
    if not any(w in before for w in lex.cue("hypothetical")):
        return False
    return not _invite_clause(before, lex.cue("invite")) and not _forecast(before, lex)


NOT_A_CONTACT = (
    followed_by_a_non_contact,
    preceded_by_a_non_contact,
    travel_without_a_place,
    visit_modifies_a_noun,
    interview,
    counted,
    custody_visit,
    attendance,
    summit_only_named,
    called_off,
    former_plan,
    asked,
    unnamed_visitors,
    negated,
    hypothetical,
)


def is_contact(ctx: TriggerContext, lex: Lexicon) -> bool:
    """No rule of ``NOT_A_CONTACT`` drops the hit."""
    return not any(rule(ctx, lex) for rule in NOT_A_CONTACT)


def is_planned(ctx: TriggerContext, lex: Lexicon) -> bool:
    """将于周五同…会谈, 计划访问: a ``planned`` or ``forecast`` cue before the trigger in its clause, or a
    ``planned_sentence`` cue (将于) in an earlier clause of the sentence."""
    c0, before = ctx.clause[0], lex.after_clause.sub(" ", ctx.before)  # (在取消访台计划后: a plan of before)
    return (any(w in before for w in lex.cue("planned") + lex.cue("forecast"))
            or any(w in ctx.text[ctx.sentence.start:c0] for w in lex.cue("planned_sentence")))


def held_online(ctx: TriggerContext, lex: Lexicon) -> bool:
    """能在线上与克拉夫特见面, 以视频方式会见: a meeting held online, a call (cue ``remote`` before the trigger
    in its clause)."""
    return any(w in ctx.before for w in lex.cue("remote"))


def _forecast(before: str, lex: Lexicon) -> bool:
    """Are the hedges in ``before`` only likelihood words that follow a forecast word (预计…可能于)?"""
    start = min((i for w in lex.cue("forecast") if (i := before.find(w)) >= 0), default=-1)
    if start < 0:
        return False
    likelihoods = lex.cue("likelihood")
    return all(w in likelihoods and before.find(w) > start for w in lex.cue("hypothetical") if w in before)


def _invite_clause(before: str, invite_words) -> bool:
    return any(w in before for w in invite_words) and "邀请" in before
