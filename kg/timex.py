"""Time expressions in Chinese news, normalised against the article's publication date.

``find_time_expressions(text)`` finds the expressions and what they say (``TimeExpression``);
``TimeExpression.resolve(reference, future=...)`` turns one into a ``DateValue`` (a start date with its
precision, and an end for ranges). The reference is always passed in, never "now": it is the
publication date in the newsroom's time zone (see ``reference_date``).

Covered: parts of the day standing alone (上午, 当晚: the day in context), absolute dates (2024年4月9日, 二〇二四年, 四月九日, 9日, 3月16号, 3月份), ranges
(3月20日至22日, 3月20-22日), relative days (今天, 昨天, 前天, 明天), anaphoric days (当天, 同日, 次日:
resolved by the caller against the date in context), weekdays (周二, 本周一, 上周五, 星期四), relative
years and months (今年, 去年9月, 今年2月, 上个月, 下个月), spans back (四年前, 3个月前, 五天前: the year, month
or day that far before the reference). A bare weekday in a past-tense clause is
the most recent such day on or before the reference; in a future clause, the next one on or after it.

Not dates: 75周年, 一周年, 12点, 20国集团, 90%, 1900亿; digits with no date unit are never read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

REFERENCE_ZONE = ZoneInfo("Asia/Shanghai")

_CN_DIGIT = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": None}

_D = r"[0-9０-９]"
_CN = r"[〇零○一二两三四五六七八九十]"
_YEAR = rf"(?P<year>{_D}{{4}}|[〇零○一二三四五六七八九]{{4}})年"
_RELYEAR = r"(?P<relyear>今年|去年|明年|前年|本年|当年|同年|上一年|翌年)"
_MONTH = r"(?P<month>1[0-2]|0?[1-9]|１[０-２]|０?[１-９]|十[一二]?|[一二三四五六七八九])月(?:份)?"
_DAY = r"(?P<day>3[01]|[12][0-9]|0?[1-9]|[３][０１]|[１２][０-９]|０?[１-９]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])(?:日|号|號)"
_DAY_ONLY = r"(?P<day>3[01]|[12][0-9]|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])日"
_RANGE_END = (r"(?:至|到|—|–|－|-|~|～)(?:(?P<month2>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月)?"
              r"(?P<day2>3[01]|[12][0-9]|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])(?:日|号)?")
_RANGE_END_BEFORE = r"(?:(?:至|到|—|–|－|-|~|～)(?P<day2b>3[01]|[12][0-9]|0?[1-9]))"

# A Chinese numeral right before a date is part of it (二十八日 is not 八日), unless the date starts with a digit:
# then the numeral ends a name (安倍晋三28日, 小泉纯一郎8月).
_NOT_AFTER_CN_NUMBER = r"(?:(?<![〇零○一二两三四五六七八九十])|(?=[0-9０-９]))"

_PATTERNS: list[tuple[str, re.Pattern]] = [
    # 2024年4月9日, 2024年4月, 2024年; with a relative year: 去年9月, 今年2月; ranges after the day.
    ("date", re.compile(
        rf"(?<![0-9０-９周]){_NOT_AFTER_CN_NUMBER}(?:{_YEAR}|{_RELYEAR})"
        rf"(?:{_MONTH}(?:(?:(?P<day_a>3[01]|[12][0-9]|0?[1-9])(?:{_RANGE_END_BEFORE})?(?:日|号|號))|"
        rf"(?:(?P<day_c>三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])日))?"
        rf"(?:{_RANGE_END})?)?")),
    # 4月9日, 四月九日, 3月16号, 3月20日至22日, 3月20-22日, 3月份
    ("date", re.compile(
        rf"(?<![0-9０-９年个]){_NOT_AFTER_CN_NUMBER}(?:{_MONTH})"
        rf"(?:(?:(?P<day_a>3[01]|[12][0-9]|0?[1-9])(?:{_RANGE_END_BEFORE})?(?:日|号|號))|"
        rf"(?:(?P<day_c>三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])日))?"
        rf"(?:{_RANGE_END})?")),
    # 9日, 20日至22日 (day of the reference month)
    ("day", re.compile(rf"(?<![0-9０-９月周星期年个]){_NOT_AFTER_CN_NUMBER}(?:{_DAY_ONLY})(?:{_RANGE_END})?(?![0-9])")),
    # 周一和周二, 星期三至星期五, 周一、二: a span of weekdays, dated by its first day
    ("weekday", re.compile(r"(?P<wrel>本|这|上个?|下个?)?(?:周|星期|礼拜|禮拜)(?P<wd>[一二三四五六日天])"
                           r"(?:(?:和|與|与|及|至|到|、|-|－)(?:(?:周|星期|礼拜|禮拜)[一二三四五六日天]|[一二三四五六日](?![0-9一二三四五六七八九十名个個位人国國家次天日号號年月方党黨届屆项項份])))?")),
    ("relday", re.compile(r"(?P<rel>今天|今日|昨天|昨日|前天|明天|明日|后天|當天|当天|当日|同日|同一天|次日|翌日|第二天|前一天"
                          r"|今早|今晨|今午|今晚|昨早|昨晨|昨午|昨晚|昨夜|明早|明晚)")),
    # 上午, 当晚 alone: a part of the day in context (the story's day); after a date or weekday it is part of it.
    ("partday", re.compile(r"(?<![日号號天一二三四五六0-9])(?P<part>当晚|当天上午|当天下午|上午|下午|中午|晚上|傍晚|早上|凌晨)")),
    # 本月, 上月5日, 本月31日: a relative month, with a day when one follows
    ("relmonth", re.compile(rf"(?P<relm>上个月|上月|下个月|下月|本月|这个月|当月|同月)(?:{_DAY_ONLY})?")),
    # 下周, 上星期 with no weekday after: a week, given as the month of its Wednesday (most of its workdays)
    ("relweek", re.compile(r"(?P<wkrel>本|这|上|下)个?(?:周|星期|礼拜|禮拜)(?![一二三四五六日天末年])")),
    ("relyear", re.compile(rf"(?:{_RELYEAR}|(?<![0-9０-９〇零一二三四五六七八九十两半几多每周年]))(?P<yearpart>年初|年底|年末|年中|年内)")),
    ("relyear", re.compile(rf"{_RELYEAR}(?![0-9一二三四五六七八九十]+月)")),
    # 日前, 近日, 几天前: a few days before the reference, given as the month of three days before it (not
    # 入侵乌克兰的几天前: a few days before what the text names; not 节日前夕, 生日前往: 日 of another word)
    ("recent", re.compile(r"(?P<recent>(?<![0-9０-９〇零○一二三四五六七八九十节節假生今昨明周週期念末每终終次当當平往元首吉忌庆慶选選])日前(?![夕往])"
                          r"|(?<![最])近日|(?<![的之])(?:几天前|幾天前|前几天|前幾天))")),
    # 四年前, 3个月前, 五天前, 兩個星期前: that many years, months, days or weeks before the reference (not
    # 几年前, 多年前); a week back is given as its month
    ("ago", re.compile(r"(?<![0-9０-９〇零○一二两三四五六七八九十几多])(?P<ago>[0-9]{1,2}|[一二两三四五六七八九十]{1,3})"
                       r"(?P<unit>年|个月|個月|天|周|週|(?:个|個)?(?:星期|礼拜|禮拜))前(?![往夕])")),
]

_RELDAY_OFFSET = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2, "明天": 1, "明日": 1, "后天": 2,
                  # a part of a relative day in one word (眾新聞, 中央社: 安倍晋三今早与特朗普通电话, 昨晚)
                  "今早": 0, "今晨": 0, "今午": 0, "今晚": 0, "昨早": -1, "昨晨": -1, "昨午": -1, "昨晚": -1, "昨夜": -1,
                  "明早": 1, "明晚": 1}
_ANAPHORIC_OFFSET = {"当天": 0, "當天": 0, "当日": 0, "同日": 0, "同一天": 0, "次日": 1, "翌日": 1, "第二天": 1, "前一天": -1}
_RELYEAR_OFFSET = {"今年": 0, "本年": 0, "去年": -1, "上一年": -1, "前年": -2, "明年": 1}
_ANAPHORIC_YEAR = {"当年": 0, "同年": 0, "翌年": 1}
_RELMONTH_OFFSET = {"上个月": -1, "上月": -1, "下个月": 1, "下月": 1, "本月": 0, "这个月": 0}
_ANAPHORIC_MONTH = {"当月": 0, "同月": 0}
_AFTER_NOON = ("下午", "晚上", "傍晚", "当晚", "当天下午")  # the parts of a day (``part``) after noon


def _with_day(year: int, month: int, day: str | None) -> DateValue:
    """The month, or its day ``day`` (as written, 31 or 三十一) when given and real (本月31日 in June: the month)."""
    if day:
        try:
            return DateValue(year, month, date(year, month, cn_number(day)).day)
        except ValueError:
            pass
    return DateValue(year, month)


def cn_number(s: str) -> int:
    """Read a number written in Arabic, full-width or Chinese digits: ``"二十二"`` -> 22, ``"二〇二四"`` -> 2024.

    Raises ``ValueError`` when ``s`` is not such a number.
    """
    s = s.translate(_FULLWIDTH)
    if s.isdigit():
        return int(s)
    if not s:
        raise ValueError("empty number")
    if "十" not in s:
        if all(c in _CN_DIGIT for c in s):
            return int("".join(str(_CN_DIGIT[c]) for c in s))
        raise ValueError(f"not a number: {s!r}")
    tens, _, ones = s.partition("十")
    t = _CN_DIGIT[tens] if tens else 1
    o = _CN_DIGIT[ones] if ones else 0
    return t * 10 + o


@dataclass(frozen=True)
class DateValue:
    """A resolved date: ``year``, ``month`` (or ``None``: year precision), ``day`` (or ``None``: month
    precision), and for a range the end (``end``: a ``DateValue`` or ``None``)."""

    year: int
    month: int | None = None
    day: int | None = None
    end: "DateValue | None" = None

    @property
    def precision(self) -> str:
        """``"day"``, ``"month"`` or ``"year"``."""
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``."""
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def as_date(self) -> date | None:
        """The day as a ``datetime.date``; ``None`` below day precision."""
        return date(self.year, self.month, self.day) if self.day else None


@dataclass(frozen=True)
class TimeExpression:
    """One time expression found in a text.

    ``start``/``end``: code-point offsets into the searched text (end-exclusive); ``text``: the surface form.
    ``kind``: ``date`` (explicit month and/or year), ``day`` (day of month only), ``weekday``, ``relday``,
    ``relweek`` (下周: the month of that week's Wednesday), ``relmonth``, ``relyear``, ``ago`` (三天前),
    ``recent`` (日前, 近日: the month of three days before the reference). ``anaphoric`` is
    true for 当天/次日/同年… which resolve against the date in context rather than the publication date.
    ``local`` is true when 当地时间 precedes it.
    """

    text: str
    start: int
    end: int
    kind: str
    fields: tuple[tuple[str, str], ...]
    local: bool = False

    @property
    def after_noon(self) -> bool:
        """Whether the expression is a part of a day after noon (下午, 晚上, 当晚)."""
        return dict(self.fields).get("part") in _AFTER_NOON

    @property
    def anaphoric(self) -> bool:
        f = dict(self.fields)
        return (f.get("rel") in _ANAPHORIC_OFFSET or "part" in f or f.get("relm") in _ANAPHORIC_MONTH
                or f.get("relyear") in _ANAPHORIC_YEAR)

    def resolve(self, reference: date, future: bool = False, context: DateValue | None = None) -> DateValue | None:
        """Resolve against ``reference`` (the publication date).

        ``future``: the clause speaks of a planned contact, so bare weekdays and days point forward.
        ``context``: the date in context, for anaphoric expressions (当天, 次日); without it they resolve
        against ``reference``. Returns ``None`` when the fields do not make a real date (2月30日).
        """
        try:
            return _resolve(self, reference, future, context)
        except ValueError:
            return None


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _resolve(t: TimeExpression, ref: date, future: bool, context: DateValue | None) -> DateValue | None:
    f = dict(t.fields)
    if t.kind == "relday":
        rel = f["rel"]
        if rel in _ANAPHORIC_OFFSET:
            base = context.as_date() if context and context.day else ref
            if context and not context.day and _ANAPHORIC_OFFSET[rel] == 0:
                return context
            d = base + timedelta(days=_ANAPHORIC_OFFSET[rel])
        else:
            d = ref + timedelta(days=_RELDAY_OFFSET[rel])
        return DateValue(d.year, d.month, d.day)
    if t.kind == "partday":
        if context is not None:
            return context
        return DateValue(ref.year, ref.month, ref.day)
    if t.kind == "relmonth":
        relm = f["relm"]
        if relm in _ANAPHORIC_MONTH:
            y, m = (context.year, context.month) if context and context.month else (ref.year, ref.month)
        else:
            y, m = _shift_month(ref.year, ref.month, _RELMONTH_OFFSET[relm])
        return _with_day(y, m, f.get("day"))
    if t.kind == "recent":
        d = ref - timedelta(days=3)
        return DateValue(d.year, d.month)
    if t.kind == "ago":
        n = int(f["ago"]) if f["ago"].isdigit() else cn_number(f["ago"])
        if f["unit"] == "年":
            return DateValue(ref.year - n)
        if f["unit"] == "天":
            d = ref - timedelta(days=n)
            return DateValue(d.year, d.month, d.day)
        if f["unit"] not in ("个月", "個月"):  # weeks
            d = ref - timedelta(days=7 * n)
            return DateValue(d.year, d.month)
        return DateValue(*_shift_month(ref.year, ref.month, -n))
    if t.kind == "relweek":
        offset = {"本": 0, "这": 0, "上": -7, "下": 7}[f["wkrel"]]
        wednesday = ref - timedelta(days=ref.weekday()) + timedelta(days=2 + offset)
        return DateValue(wednesday.year, wednesday.month)
    if t.kind == "weekday":
        wd = _WEEKDAY[f["wd"]]
        rel = (f.get("wrel") or "").rstrip("个")
        monday = ref - timedelta(days=ref.weekday())
        if rel in ("本", "这"):
            d = monday + timedelta(days=wd)
        elif rel == "上":
            d = monday + timedelta(days=wd - 7)
        elif rel == "下":
            d = monday + timedelta(days=wd + 7)
        elif future:
            d = ref + timedelta(days=(wd - ref.weekday()) % 7)
        else:
            d = ref - timedelta(days=(ref.weekday() - wd) % 7)
        return DateValue(d.year, d.month, d.day)
    # date, day, relyear
    year = None
    if f.get("year"):
        year = cn_number(f["year"])
    elif f.get("yearpart") and not f.get("relyear"):
        year = ref.year
    elif f.get("relyear"):
        ry = f["relyear"]
        if ry in _ANAPHORIC_YEAR:
            year = (context.year if context else ref.year) + _ANAPHORIC_YEAR[ry]
        else:
            year = ref.year + _RELYEAR_OFFSET[ry]
    month = cn_number(f["month"]) if f.get("month") else None
    day_s = f.get("day") or f.get("day_a") or f.get("day_c")
    day = cn_number(day_s) if day_s else None
    if month is not None and not 1 <= month <= 12:
        return None
    if t.kind == "day":
        # A bare day: this month, unless that lands too far on the wrong side of the reference.
        y, m = ref.year, ref.month
        cand = date(y, m, day) if day <= _days_in(y, m) else None
        if cand is None or (not future and cand > ref + timedelta(days=1)):
            y, m = _shift_month(ref.year, ref.month, -1)
        elif future and cand < ref - timedelta(days=1):
            y, m = _shift_month(ref.year, ref.month, 1)
        start = DateValue(y, m, day)
        date(y, m, day)  # raises ValueError for a day the month lacks
        return _with_end(start, f)
    if year is None:
        # Month (and day) with no year: the reference year, unless that is far on the wrong side.
        year = ref.year
        probe = date(year, month, min(day or 1, _days_in(year, month)))
        if not future and probe > ref + timedelta(days=31 if day is None else 7):
            year -= 1
        elif future and probe < ref - timedelta(days=183):
            year += 1
    if day is not None:
        date(year, month, day)
    start = DateValue(year, month, day)
    return _with_end(start, f)


def _days_in(year: int, month: int) -> int:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - timedelta(days=1)).day


def _with_end(start: DateValue, f: dict) -> DateValue:
    day2 = f.get("day2") or f.get("day2b")
    if not day2 or start.day is None:
        return start
    month2 = cn_number(f["month2"]) if f.get("month2") else start.month
    year2 = start.year + (1 if month2 < start.month else 0)
    d2 = cn_number(day2)
    end = date(year2, month2, d2)
    if end <= start.as_date():
        return start
    return DateValue(start.year, start.month, start.day, DateValue(end.year, end.month, end.day))


# before a count of days (停留3日: three days), never a day of the month
_DURATION_BEFORE = ("停留", "逗留", "为期", "為期", "历时", "歷時", "长达", "長達", "连续", "連續", "一连", "一連", "短短")
_DOCUMENT_TITLE = re.compile(r"《[^《》]*》")


def find_time_expressions(text: str) -> list[TimeExpression]:
    """All time expressions of ``text``, in text order, non-overlapping (the longest wins at a position).

    Offsets are code-point indices into ``text``, end-exclusive. A weekday followed by a bracketed date
    (周四（5月16日）) yields both; the caller prefers the explicit date. Nothing inside a title in 《》 is
    read: a date there names the document (《…行动计划（2024－2028年）》), not a time of the text.
    """
    titles = [(t.start(), t.end()) for t in _DOCUMENT_TITLE.finditer(text)]
    found: list[TimeExpression] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if m.end() == m.start():
                continue
            if any(a < m.start() and m.end() < b for a, b in titles):
                continue
            groups = tuple((k, v) for k, v in m.groupdict().items() if v)
            if kind == "date" and not any(k in ("year", "month", "relyear") for k, _ in groups):
                continue
            if kind == "date" and _not_a_date(text, m):
                continue
            if kind == "day" and text.endswith(_DURATION_BEFORE, 0, m.start()):
                continue  # 预计停留3日, 为期5日: days counted, not a day of the month
            local = text[max(0, m.start() - 6):m.start()].endswith(("当地时间", "當地時間", "北京时间"))
            found.append(TimeExpression(m.group(0), m.start(), m.end(), kind, groups, local))
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    out: list[TimeExpression] = []
    for t in found:
        if out and t.start < out[-1].end:
            continue
        out.append(t)
    return out


def _not_a_date(text: str, m: re.Match) -> bool:
    """Filter readings that the date pattern allows but the context rules out."""
    after = text[m.end():m.end() + 2]
    g = m.groupdict()
    # 2023年 followed by 度 (fiscal year), 代 (decade), 级 (class), 年会 (a meeting's name) is not a date.
    if g.get("year") and not g.get("month") and after[:1] in ("度", "代", "级", "间", "期", "年", "版", "届"):
        return True
    # A lone Chinese-numeral month with no day (一月, 十月) inside a word like 一月份工资 is still a month;
    # but 五月花, 七月流火 are rare enough to ignore. A bare month number followed by 个 is a duration.
    if g.get("month") and not (g.get("day_a") or g.get("day_c")) and after[:1] == "个":
        return True
    return False


def reference_date(published: datetime, zone: ZoneInfo = REFERENCE_ZONE) -> date:
    """The calendar date of ``published`` (timezone-aware) in ``zone`` (default Asia/Shanghai).

    Raises ``ValueError`` for a naive datetime.
    """
    if published.tzinfo is None:
        raise ValueError("publication time must be timezone-aware")
    return published.astimezone(zone).date()
