"""Time expressions normalised against the publication date."""

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from kg.timex import cn_number, find_time_expressions, reference_date

WED = date(2024, 4, 10)  # a Wednesday


def resolve(text, ref=WED, future=False):
    exprs = find_time_expressions(text)
    assert exprs, f"no time expression in {text!r}"
    value = exprs[0].resolve(ref, future=future)
    return value.iso() if value else None


@pytest.mark.parametrize("text, expected", [
    ("2024年4月9日", "2024-04-09"),
    ("二〇二四年四月九日", "2024-04-09"),
    ("四月九日，", "2024-04-09"),
    ("3月16号和乌克兰外长", "2024-03-16"),
    ("9日", "2024-04-09"),
    ("30日", "2024-03-30"),  # a day after the reference is last month's, in past tense
    ("去年9月", "2023-09"),
    ("去年十月", "2023-10"),
    ("今年2月", "2024-02"),
    ("今年3月份", "2024-03"),
    ("今年五月", "2024-05"),
    ("今年", "2024"),
    ("2022年2月", "2022-02"),
    ("上个月", "2024-03"),
    ("下个月", "2024-05"),
    ("本月31日与特朗普进行会谈", "2024-04"),  # April has no 31st: the month
    ("本月30日与特朗普进行会谈", "2024-04-30"),
    ("上月5日", "2024-03-05"),
    ("周二", "2024-04-09"),  # past tense: the Tuesday before
    ("周一和周二", "2024-04-08"),  # a span of weekdays: its first day
    ("上周四至周五", "2024-04-04"),
    ("周一、二", "2024-04-08"),
    ("周三", "2024-04-10"),  # the same day
    ("星期四", "2024-04-04"),
    ("本周一", "2024-04-08"),
    ("上周五", "2024-04-05"),
    ("下周一", "2024-04-15"),
    ("昨天", "2024-04-09"),
    ("安倍晋三今早与美国总统特朗普通电话", "2024-04-10"),  # a part of the day in one word (眾新聞 2020-08-31)
    ("昨晚", "2024-04-09"),
    ("明晚", "2024-04-11"),
    ("12月", "2023-12"),
    ("年初，习近平主席同科斯塔主席通话", "2024"),
    ("去年年底", "2023"),  # past tense: December before an April reference is last year's
])
def test_resolves(text, expected):
    assert resolve(text) == expected


def test_future_clause_points_forward():
    assert resolve("周二", future=True) == "2024-04-16"
    assert resolve("周三", future=True) == "2024-04-10"
    assert resolve("12月", future=True) == "2024-12"


def test_ranges():
    for text in ("3月20日至22日", "3月20-22日", "3月20日到22日"):
        v = find_time_expressions(text)[0].resolve(date(2023, 3, 17), future=True)
        assert v.iso() == "2023-03-20" and v.end.iso() == "2023-03-22", text


def test_local_time_marker_and_anaphora():
    e = find_time_expressions("当地时间11日上午")[0]
    assert e.local and e.text == "11日"
    same_day = find_time_expressions("当天早些时候")[0]
    assert same_day.anaphoric
    from kg.timex import DateValue
    assert same_day.resolve(WED, context=DateValue(2024, 4, 9)).iso() == "2024-04-09"
    assert find_time_expressions("次日")[0].resolve(WED, context=DateValue(2024, 4, 9)).iso() == "2024-04-10"


def test_part_of_day_alone_is_the_day_in_context():
    from kg.timex import DateValue
    [e] = find_time_expressions("上午，习近平主席同国王陛下举行会晤")
    assert e.anaphoric and e.resolve(WED, context=DateValue(2024, 4, 9)).iso() == "2024-04-09"
    # after a date or weekday, the part of the day belongs to it
    assert [x.text for x in find_time_expressions("11月12日下午在京会见")] == ["11月12日"]
    assert [x.text for x in find_time_expressions("周一上午")] == ["周一"]


def test_impossible_dates_resolve_to_none():
    assert find_time_expressions("2月30日")[0].resolve(WED) is None


def test_not_dates():
    lines = (Path(__file__).parent / "timex_not_dates.txt").read_text(encoding="utf-8").splitlines()
    for line in lines:
        if line and not line.startswith("#"):
            assert find_time_expressions(line) == [], line


def test_cn_number():
    assert [cn_number(s) for s in ("二十二", "十", "十一", "三十一", "二〇二四", "１６", "两")] == [22, 10, 11, 31, 2024, 16, 2]
    with pytest.raises(ValueError):
        cn_number("abc")


def test_reference_date_uses_beijing_time():
    # 2024-04-10 01:07 UTC is 09:07 on the 10th in Beijing
    assert reference_date(datetime(2024, 4, 10, 1, 7, tzinfo=timezone.utc)) == date(2024, 4, 10)
    assert reference_date(datetime(2024, 4, 9, 17, 0, tzinfo=timezone.utc)) == date(2024, 4, 10)
    with pytest.raises(ValueError):
        reference_date(datetime(2024, 4, 9))


def test_a_span_back_is_that_year_month_or_day():
    """四年前，特朗普曾以候任总统身份和蔡英文通电话 (BBC, 2021-01-21): 2017; 3个月前, 两天前; not 2016年前往, 几年前."""
    ref = date(2021, 1, 21)
    got = {t.text: t.resolve(ref).iso() for t in find_time_expressions("四年前通电话，3个月前会面，两天前会谈，几年前访华。")}
    assert got == {"四年前": "2017", "3个月前": "2020-10", "两天前": "2021-01-19"}
    assert [t.kind for t in find_time_expressions("2016年前往北京")] == ["date"]


def test_weeks_back_are_the_month_of_that_week():
    """兩個星期前與特朗普通電話 (眾新聞, 2020-04-14; read in simplified script): a week is given as its month;
    两周前 from 2021-01-10 is December."""
    got = {t.text: t.resolve(date(2020, 4, 14)).iso() for t in find_time_expressions("两个星期前通电话，一个礼拜前会面")}
    assert got == {"两个星期前": "2020-03", "一个礼拜前": "2020-04"}
    [t] = find_time_expressions("两周前会谈")
    assert t.resolve(date(2021, 1, 10)).iso() == "2020-12"


def test_a_few_days_ago_is_the_month_three_days_back():
    """德国之声 2020-12-18: 马克龙近日曾和米歇尔…共进午餐: December; 日前 on 2 December: November. Not 节日前夕, nor
    a few days before what the text names (美国之音: 2022年2月，在俄罗斯军队入侵乌克兰的几天前)."""
    got = {t.text: t.resolve(date(2020, 12, 18)).iso() for t in find_time_expressions("近日曾共进午餐，日前会面，前几天通话。")}
    assert got == {"近日": "2020-12", "日前": "2020-12", "前几天": "2020-12"}
    assert find_time_expressions("特朗普日前会见")[0].resolve(date(2020, 12, 2)).iso() == "2020-11"
    assert [t.kind for t in find_time_expressions("节日前夕，生日前往")] == []
    assert [t.kind for t in find_time_expressions("在俄罗斯军队入侵乌克兰的几天前")] == []


def test_weekday_span_is_one_expression_but_not_a_count():
    assert [t.text for t in find_time_expressions("下周一、周二在新德里会见")] == ["下周一、周二"]
    assert [t.text for t in find_time_expressions("周二和三名官员会面")] == ["周二"]


def test_a_count_of_days_is_no_day_of_the_month():
    assert [t.text for t in find_time_expressions("美卫生部长访台预计停留3日，为期5日的访问")] == []
    assert [t.text for t in find_time_expressions("他3日抵达")] == ["3日"]


@pytest.mark.parametrize("text, expected", [
    ("日本首相安倍晋三8日与二阶俊博会谈", "2024-04-08"),  # a name ending in a numeral (晋三, 健一) before a date
    ("日本议员佐藤健一2023年3月访华", "2023-03"),
    ("安倍晋三3月5日访美", "2024-03-05"),
    ("二十八日", "2024-03-28"),  # a numeral of the date itself stays part of it
])
def test_a_numeral_that_ends_a_name_does_not_hide_the_date_after_it(text, expected):
    assert resolve(text) == expected
