"""Stage 6, dates: the time expression that dates a contact, resolved against the publication date or
the day in context. Finding and normalising time expressions is ``kg/timex.py``'s job; this module
chooses among them.

Cue kinds read: ``sequence`` (随后: the contact came after the date before it), ``topic`` (谈及: a time
before it dates the speech), ``speech`` (reported
speech dates 今天 by the day of the speech), ``this_event`` (这是…访问), ``during`` (期间).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..timex import DateValue, TimeExpression, find_time_expressions
from .lexicon import Lexicon
from .model import Doc, TriggerContext
from .text import COUNT
from .triggers import visit_time_end

Dated = tuple[DateValue | None, str | None]  # the date and the words that gave it

# （中央社記者唐佩君布魯塞爾14日專電）, （法新社巴黎6日电）, 路透华盛顿10月14日 - : the place and day of writing
_DATELINE = re.compile(r"\s*[（(【]?[^（）()【】\n，。：:]{2,30}?(?:(?P<month>1[0-2]|0?[1-9])月)?"
                       r"(?P<day>3[01]|[12][0-9]|0?[1-9])日(?:[^（）()【】\n，。]{0,6}?(?:电|讯|报道|报导))?(?:[）)】]|\s*[-–—])")


def dateline_day(text: str, published: date) -> date | None:
    """The day of the article's dateline (（中央社記者…布魯塞爾14日專電）, 路透华盛顿10月14日 - ), the local day
    of writing, against which the article's 今天 and 周二 resolve; ``None`` without a dateline, or when
    its day is not within a week before ``published`` (the publication day in the newsroom's zone)."""
    m = _DATELINE.match(text)
    if not m:
        return None
    day = int(m.group("day"))
    for back in range(8):
        d = published - timedelta(days=back - 1)  # from the day after publication (a zone ahead) back a week
        if d.day == day and (m.group("month") is None or d.month == int(m.group("month"))):
            return d
    return None


def contact_date(ctx: TriggerContext, lex: Lexicon, future: bool) -> Dated:
    """The date of the contact at ``ctx`` and its time expression's text, or ``(None, None)``.

    ``future`` is whether the contact is planned (a bare weekday then points forward). The rules of
    ``DATE_RULES`` are tried in order; each answers ``None`` (not mine: try the next) or its final answer,
    which may be ``(None, None)`` (undated, whatever later rules would say)."""
    for rule in DATE_RULES:
        answer = rule(ctx, lex, future)
        if answer is not None:
            return answer
    return None, None


def expression_near_trigger(ctx: TriggerContext, lex: Lexicon, future: bool) -> Dated | None:
    """A time expression of the sentence: in the trigger's clause before it, the most precise and then
    the nearest (将于1月14日至17日出席…并…访问); else the nearest in an earlier clause; else one after
    the trigger in its clause. 于周二…，随后…会晤 (a ``sequence`` cue between): the month of that expression
    only, the day being later; 19日…谈及与X
    会谈时 (a ``topic`` cue between): that expression dates the speech, not the contact; 自3月以来首次通话 (a
    ``period_start`` cue after it): the start of a period, no date of the contact."""
    doc, (c0, c1), (t0, t1) = ctx.doc, ctx.clause, (ctx.hit.start, ctx.hit.end)
    shifted = sentence_times(doc, ctx.sentence.start, ctx.sentence.end)
    before_in = sorted((x for x in shifted if c0 <= x[0] < t0), key=lambda x: (precision_rank(x[1]), -x[0]))
    earlier = [x for x in shifted if x[0] < c0]
    after_in = [x for x in shifted if t1 <= x[0] < c1]
    for pos, e in before_in + list(reversed(earlier)) + after_in:
        if pos < t0 and any(w in doc.text[pos:t0] for w in lex.cue("sequence")):
            value = _resolve(ctx, lex, pos, e, future)  # 在周五与阮春福见面，之后也与…会晤: later, in that month
            return (month_of(value), e.text) if value is not None else (None, None)
        if pos < t0 and any(w in doc.text[pos:t0] for w in lex.cue("topic")):
            continue  # 菅义伟19日…谈及与拜登举行电话会谈时: the day of the speech, not of the call
        if starts_a_period(doc.text, pos, e, lex):
            continue  # 这是两国防长自3月以来首次通话: March is when the last one was, not this one
        value = _resolve(ctx, lex, pos, e, future)
        if value is not None:
            return value, e.text
    return None


def starts_a_period(text: str, pos: int, e: TimeExpression, lex: Lexicon) -> bool:
    """Whether the time expression ``e`` at offset ``pos`` starts a period up to now (a ``period_start`` cue
    right after it: 自3月以来, 去年10月来对该地区的第二次访问), so it dates nothing told there."""
    return text.startswith(lex.cue("period_start"), pos + len(e.text))


def _resolve(ctx: TriggerContext, lex: Lexicon, pos: int, e: TimeExpression, future: bool) -> DateValue | None:
    """``e`` (at offset ``pos``) resolved: 今天 in reported speech against the day of the lead contact (王沪宁
    表示，今天下午…: the day of the speech, not of publication); 当天/当晚 against the day its paragraph names;
    an afternoon with no day in context, in an article published that morning (``Doc.before_noon``), against
    the day before (中央社 3日 08:59: 下午3时30分与西村康稔会谈 was on the 2nd)."""
    doc = ctx.doc
    base = doc.ref
    if (e.kind == "relday" and not e.anaphoric and doc.lead and doc.lead.as_date()
            and in_reported_speech(doc.text, ctx.sentence.start, pos, lex)):
        base = doc.lead.as_date()
    anchor = doc.lead
    if e.anaphoric and e.kind in ("relday", "partday"):
        anchor = anchor_day(ctx, pos, future) or doc.lead
        if anchor is None and e.kind == "partday" and _background(ctx, lex):
            return None  # 李登辉…还曾花一整个下午时间接见李净瑜: no day
        if anchor is None and e.after_noon and doc.before_noon and not future:
            day = doc.ref - timedelta(days=1)  # 下午 told in a morning's article: yesterday
            anchor = DateValue(day.year, day.month, day.day)
    elif (e.anaphoric or _bare_month(e)) and not future:
        return narrative_month(ctx, pos, e) or e.resolve(base, future=future, context=anchor)
    return e.resolve(base, future=future, context=anchor)


def narrative_month(ctx: TriggerContext, pos: int, e: TimeExpression) -> DateValue | None:
    """``e`` at offset ``pos`` (同年7月, 同月, or a bare month: 10月) read along its paragraph's narrative:
    同年/同月 take the year or month of the latest month named before it (…2019年5月訪美。黎智英同年7月訪美:
    2019-07), and a bare month after a month of an earlier year takes that year when it does not go back
    (2019年5月…。克魯茲10月訪港: 2019-10, not the publication's year). ``None`` when the paragraph names no
    month before ``pos``, or when that reading gives what the publication date gives."""
    ref, anchor = ctx.doc.ref, None
    for _, x in paragraph_times_before(ctx, pos):
        value = _along(x, ref, anchor)
        if value is not None and value.month is not None and x.kind in ("date", "relmonth"):
            anchor = DateValue(value.year, value.month)
    return _along(e, ref, anchor) if anchor is not None else None


def _along(e: TimeExpression, ref: date, anchor: DateValue | None) -> DateValue | None:
    """``e`` resolved against the narrative's latest month ``anchor`` (``narrative_month``)."""
    if e.anaphoric:
        return e.resolve(ref, context=anchor)
    value = e.resolve(ref)
    if (_bare_month(e) and anchor is not None and value is not None and anchor.year < value.year
            and value.month >= anchor.month):
        return e.resolve(date(anchor.year, 12, 31))
    return value


def _bare_month(e: TimeExpression) -> bool:
    """A month with no year (10月, 10月5日)."""
    f = dict(e.fields)
    return e.kind == "date" and "month" in f and not f.get("year") and not f.get("relyear")


def this_event(ctx: TriggerContext, lex: Lexicon, future: bool) -> Dated | None:
    """这是普京半年内第二次访问中国 (cue ``this_event`` before the trigger): the visit the article reports,
    dated as its lead contact."""
    lead = ctx.doc.lead
    if future or lead is None:
        return None
    this = next((w for w in lex.cue("this_event") if w in ctx.text[ctx.sentence.start:ctx.hit.start]), None)
    return (lead, this) if this else None


def during_a_trip(ctx: TriggerContext, lex: Lexicon, future: bool) -> Dated | None:
    """当地时间1月20日，韩正…出席…。在美期间，韩正同…万斯举行会见 (cue ``during``; or a visit's clause of time,
    访问越南时将与…会谈): some time in the month of that trip, the lead contact's, or, before any contact, the
    trip the article opens with."""
    doc = ctx.doc
    during = next((w for w in lex.cue("during") if w in doc.text[ctx.sentence.start:ctx.hit.start]), None)
    if not during:  # 访问越南时将与…会谈: a visit's clause of time before the trigger
        during = next((doc.text[h.start:h.end] for h in doc.hits if ctx.sentence.start <= h.start < ctx.hit.start
                       and visit_time_end(doc.text, h, ctx.hit.start, lex.cue("adverbial_end")) is not None), None)
    if not during:
        return None
    trip = doc.lead
    if trip is None:  # no contact yet: the trip is the one the article opens with
        trip = next((v for pos, e in times_of(doc.text, 0, ctx.sentence.start) if not e.anaphoric
                     and not starts_a_period(doc.text, pos, e, lex)
                     and (v := e.resolve(doc.ref, future=future)) is not None), None)
    if trip is None:
        return None
    return month_of(trip), during


DATE_RULES = (expression_near_trigger, this_event, during_a_trip)  # then, per contact, date_of_series


def date_of_series(ctx: TriggerContext, lex: Lexicon, persons: list) -> Dated:
    """德国总理办公室周二（10日）表示，默克尔与拜登通电话…。英国首相府透露，约翰逊与拜登通电话约25分钟; 巴雷特
    周二与…会晤…。巴雷特还拜会了…格雷厄姆: a phone call, or a meeting or talks, whose sentence names no time
    up to the end of its clause (a later clause's 1998年 is of something else), after a dated contact of the
    article of that kind with its status and with one person in common but not the same persons (the same
    pair again is that contact told again; the earlier contact may be one with no named other side, in
    ``doc.lone``), is one of a series (a president-elect's calls, a nominee's round
    of meetings: a meeting or talks only after a cue ``also`` in its clause, 还, 也) and takes its day. Not
    when told as background: a ``background`` cue before the trigger
    (曾, 此前) or a count in its clause (已会晤40多次). ``(None, None)`` otherwise. Not in ``DATE_RULES``: it
    reads the contact's persons, so ``pipeline`` tries it after them, for a contact they left undated."""
    doc = ctx.doc
    own = [x for x in sentence_times(doc, ctx.sentence.start, ctx.sentence.end) if x[0] < ctx.clause[1]]
    group = _SERIES.get(ctx.trigger.type)
    if group is None or own or _background(ctx, lex):
        return None, None
    if ctx.trigger.type != "PhoneCall" and not any(w in ctx.before_words for w in lex.cue("also")):
        return None, None  # a meeting joins a series only when told as one more (还, 也): 韩正还会见了…
    keys = {p.key for p in persons}
    for r in sorted(doc.reports + doc.lone, key=lambda r: r.trigger_span, reverse=True):
        if r.type in group and r.date is not None and r.date.day and r.status == ctx.status:
            theirs = {p.key for p in r.participants}
            return (r.date, None) if keys & theirs and keys != theirs else (None, None)
    return None, None


def date_of_the_news(ctx: TriggerContext, lex: Lexicon, persons: list) -> Dated:
    """王毅8月25日起访问欧洲…。王毅与荷兰外交大臣布洛克会面后，荷方发表声明说…: a contact that happened, told
    with no time expression in its sentence, not as background (``_background``) nor as experience (cue
    ``experiential``: 访问过, 进行过通话), took place in the
    news: in the month of the article's lead contact; with none, on the day of the article's first sentence
    when that sentence tells a contact of this kind (``news_day``), else in the month of the reference day
    (its basis ``inferred``: no dating words). ``(None, None)`` otherwise, and when an earlier dated report
    has the same ``persons`` (the contact told again, whose date consolidation gives it); the date of an
    earlier contact of the same trigger (分别会谈: one date for all) when it has one. Tried by
    ``pipeline`` after ``date_of_series``."""
    doc = ctx.doc
    if ctx.planned or sentence_times(doc, ctx.sentence.start, ctx.sentence.end) or told_as_past(ctx, lex):
        return None, None
    keys = {p.key for p in persons}
    if any({p.key for p in r.participants} == keys and r.date is not None for r in doc.reports):
        return None, None
    same_hit = next((r.date for r in doc.reports if r.trigger_span == (ctx.hit.start, ctx.hit.end) and r.date), None)
    if same_hit is not None:
        return same_hit, None  # 蓬佩奥与约翰逊及拉布分别会谈: the two contacts of one trigger share its date
    if doc.lead is None and (day := news_day(ctx)) is not None:
        return day, None
    return month_of(doc.lead or DateValue(doc.ref.year, doc.ref.month)), None


def told_as_past(ctx: TriggerContext, lex: Lexicon) -> bool:
    """The contact is told as background (``_background``: 曾, 此前, a count) or as experience (cue
    ``experiential`` right after the trigger or before it: 已访问过柏林, 进行过通话): a contact of some past
    time, not of the news."""
    past = lex.cue("experiential")
    return (_background(ctx, lex) or ctx.text.startswith(past, ctx.hit.end)
            or ctx.before.endswith(tuple(w for w in past if len(w) > 1)))


def news_day(ctx: TriggerContext) -> DateValue | None:
    """路透华盛顿7月28日 - 美国和亲密盟友澳大利亚周二…举行了高层会谈。…蓬佩奥…与澳大利亚外长举行了为期两天的会谈:
    the day the article's first sentence names, when that sentence holds a trigger of the contact's kind (told
    there of the countries, here of the persons) or of a stay (visit frame: 正在英国访问的美国国务卿蓬佩奥周二呼吁…。…
    蓬佩奥与…约翰逊及…拉布分别会谈; not an arrival, 抵达); ``None`` otherwise."""
    doc = ctx.doc
    first = doc.sentences[0] if doc.sentences else None
    group = _SERIES.get(ctx.trigger.type, (ctx.trigger.type,))
    if first is None or first.start == ctx.sentence.start or not any(
            first.start <= h.start < first.end and (h.entry.type in group or h.entry.frame == "visit")
            for h in doc.hits):
        return None
    for _, e in sentence_times(doc, first.start, first.end):
        if not e.anaphoric:
            value = e.resolve(doc.ref, future=False)
            if value is not None and value.day and not value.end:
                return value
    return None


_SERIES = {"PhoneCall": ("PhoneCall",), "Meeting": ("Meeting", "Talks"), "Talks": ("Meeting", "Talks")}


def _background(ctx: TriggerContext, lex: Lexicon) -> bool:
    """The contact is told as background: a ``background`` cue in the sentence before the trigger, or a
    ``topic`` one (谈及与X的会谈: spoken of), or a count (40多次, 两度) in the trigger's clause."""
    before = _clauses_of_time_blanked(ctx, lex, ctx.text[ctx.sentence.start:ctx.hit.start])
    return (any(w in before for w in lex.cue("background") + lex.cue("topic"))
            or bool(COUNT.search(ctx.text, *ctx.clause)))


def _clauses_of_time_blanked(ctx: TriggerContext, lex: Lexicon, before: str) -> str:
    """``before`` (the sentence up to the trigger) with each ``background`` word right after a contact word
    blanked: 在与韩正见面之前，…还见了 tells a clause of time, not the background (之前 alone, 此前)."""
    for h in ctx.doc.hits:
        at = h.end - ctx.sentence.start
        word = next((w for w in lex.cue("background") if 0 < at and before.startswith(w, at)), None)
        if word:
            before = before[:at] + " " * len(word) + before[at + len(word):]
    return before


def anchor_day(ctx: TriggerContext, pos: int, future: bool) -> DateValue | None:
    """The day that 当天/次日/当晚 at offset ``pos`` refers to: the day of the nearest earlier time
    expression of its paragraph that names one (克里姆林宫网站28日发布消息说，…普京当天同…通电话), or
    ``None`` when the paragraph names no day before it."""
    for _, e in reversed(paragraph_times_before(ctx, pos)):
        if not e.anaphoric:
            value = e.resolve(ctx.doc.ref, future=future)
            if value is not None and value.day:
                return value
    return None


def paragraph_times_before(ctx: TriggerContext, pos: int) -> list[tuple[int, TimeExpression]]:
    """The time expressions of the hit's paragraph before offset ``pos``, in text order (the hit's own sentence
    as ``sentence_times`` gives them)."""
    doc, sent = ctx.doc, ctx.sentence
    para = doc.text.rfind("\n", 0, sent.start) + 1
    return [x for x in times_of(doc.text, para, sent.start) + sentence_times(doc, sent.start, sent.end)
            if x[0] < pos]


def in_reported_speech(text: str, start: int, pos: int, lex: Lexicon) -> bool:
    """A speech verb followed by a comma or colon (X表示，) stands in ``text[start:pos]``."""
    return any(text.find(w + p, start, pos) >= 0 for w in lex.cue("speech") for p in "，,：:")


def precision_rank(e: TimeExpression) -> int:
    """0 for an expression that names a day, 1 for a month or a part of the day, 2 for a year."""
    f = dict(e.fields)
    if e.kind in ("day", "weekday", "relday") or f.get("day") or f.get("day_a") or f.get("day_c"):
        return 0
    if e.kind in ("relmonth", "relweek", "partday", "recent") or f.get("month"):
        return 1
    return 2


def month_of(value: DateValue) -> DateValue | None:
    """Some time during ``value``: its month, its year when it is a range over months of one year, else ``None``."""
    end = value.end or value
    if value.month is None or end.year != value.year:
        return DateValue(value.year) if end.year == value.year else None
    return DateValue(value.year, value.month) if end.month == value.month else DateValue(value.year)


def sentence_times(doc: Doc, start: int, end: int) -> list[tuple[int, TimeExpression]]:
    """The time expressions of the sentence ``doc.text[start:end]`` (``times_of``), cached in ``doc.times``;
    not the dateline's day (（中央社台北12日電）王毅…會面時表示: the day of writing, not of the contact)."""
    if start not in doc.times:
        dateline = _DATELINE.match(doc.text) if start == 0 or not doc.text[:start].strip() else None
        after = dateline.end() if dateline else start
        doc.times[start] = [x for x in times_of(doc.text, start, end) if x[0] >= after]
    return doc.times[start]


def times_of(text: str, start: int, end: int) -> list[tuple[int, TimeExpression]]:
    """The time expressions of ``text[start:end]`` as ``(offset in text, expression)``, explicit dates preferred."""
    return prefer_explicit(text, [(start + e.start, e) for e in find_time_expressions(text[start:end])])


def prefer_explicit(text: str, exprs: list[tuple[int, TimeExpression]]) -> list[tuple[int, TimeExpression]]:
    """周四（5月16日）: drop the weekday when an explicit date follows it in brackets."""
    out = []
    for i, (pos, e) in enumerate(exprs):
        if e.kind == "weekday" and i + 1 < len(exprs):
            npos, ne = exprs[i + 1]
            gap = text[pos + len(e.text):npos]
            if ne.kind in ("date", "day") and gap in ("（", "(", "，", " ", "（ ", ""):
                continue
        out.append((pos, e))
    return out
