"""The extraction rules, tested with a fictional gazetteer (tests/fixtures/gazetteer) and no learned
recogniser, so that they do not depend on the shipped dictionaries."""

import pytest

from kg.article import article_from_text
from conftest import published

PUB = published(2024, 4, 10)  # a Wednesday


def extract(ex, text, pub=PUB):
    return ex.extract(article_from_text(text, pub))


def pairs(reports):
    return [(r.type, r.status, sorted(p.name for p in r.participants), r.date.iso() if r.date else None)
            for r in reports]


def test_pair_with_preposition_date_and_place(rule_extractor):
    [r] = extract(rule_extractor, "阿尔卡迪亚总统甲乙丙周二在奥林波斯同来访的博雷亚总理丁戊己举行会谈。")
    assert pairs([r]) == [("Talks", "happened", ["丁戊己", "甲乙丙"], "2024-04-09")]
    assert r.place.name == "奥林波斯"
    assert r.participants[0].role == "总统" and r.participants[0].country == "阿尔卡迪亚"
    assert r.evidence.startswith("阿尔卡迪亚总统甲乙丙") and r.sentence[0] == 0


def test_subject_verb_object(rule_extractor):
    assert pairs(extract(rule_extractor, "9日，甲乙丙会见了博雷亚外长癸子丑。")) == [
        ("Meeting", "happened", ["甲乙丙", "癸子丑"], "2024-04-09")]


def test_phone_call_and_local_time(rule_extractor):
    [r] = extract(rule_extractor, "当地时间8日，博雷亚外长癸子丑和阿尔卡迪亚外长庚辛壬通了电话。")
    assert (r.type, r.date.iso()) == ("PhoneCall", "2024-04-08")


def test_separately_gives_one_contact_each(rule_extractor):
    got = pairs(extract(rule_extractor, "10日，甲乙丙在水晶宫分别会见博雷亚总理丁戊己和副总理寅卯辰。"))
    assert sorted(g[2] for g in got) == [["丁戊己", "甲乙丙"], ["寅卯辰", "甲乙丙"]]


def test_separate_contacts_keep_separate_reports_in_the_store(rule_extractor):
    from kg.consolidate import consolidate
    from kg.store import build_dataset, report_iri
    from kg.vocab import KG

    a = article_from_text("10日，甲乙丙在水晶宫分别会见博雷亚总理丁戊己和副总理寅卯辰。", PUB)
    reports = rule_extractor.extract(a)
    assert len({report_iri(r) for r in reports}) == 2
    events, entities = consolidate(reports)
    ds = build_dataset([a], events, entities)
    from rdflib import RDF
    assert len(set(ds.subjects(RDF.type, KG.Report))) == 2


def test_attendees_are_not_participants(rule_extractor):
    got = pairs(extract(rule_extractor, "10日，甲乙丙会见丁戊己。庚辛壬、癸子丑等参加会见。"))
    assert got == [("Meeting", "happened", ["丁戊己", "甲乙丙"], "2024-04-10")]


def test_those_taking_part_are_not_paired_with_each_other(rule_extractor):
    got = pairs(extract(rule_extractor, "10日，甲乙丙会见丁戊己。参与会见的包括外长庚辛壬、癸子丑等。"))
    assert got == [("Meeting", "happened", ["丁戊己", "甲乙丙"], "2024-04-10")]


def test_a_former_plan_is_no_contact_in_any_clause(rule_extractor):
    text = "癸子丑原订于今天起访问博雷亚三天，讨论合作，并与博雷亚总理丁戊己会面。"
    assert extract(rule_extractor, text) == []
    assert pairs(extract(rule_extractor, "癸子丑今天起访问博雷亚三天，讨论合作，并与博雷亚总理丁戊己会面。")) == [
        ("Meeting", "happened", ["丁戊己", "癸子丑"], "2024-04-10")]


def test_a_meeting_held_online_is_a_call(rule_extractor):
    [r] = extract(rule_extractor, "甲乙丙10日以视频方式会见丁戊己。")
    assert (r.type, r.date.iso()) == ("PhoneCall", "2024-04-10")


def test_the_son_of_a_gazetteer_person_is_another_person(rule_extractor):
    [r] = extract(rule_extractor, "10日，小甲乙丙会见了丁戊己。")
    assert sorted((p.name, p.entry is None) for p in r.participants) == [("丁戊己", False), ("小甲乙丙", True)]


def test_the_weekday_span_dates_a_planned_meeting_by_its_first_day(rule_extractor):
    [r] = extract(rule_extractor, "癸子丑周四和周五将会晤丁戊己。")
    assert (r.status, r.date.iso()) == ("planned", "2024-04-11")


def test_relative_days_resolve_in_the_newsroom_zone(rule_extractor):
    from datetime import datetime, timezone
    from kg.article import article_from_text as art
    # 00:41 UTC on 11 April is 10 April in Washington (VOA) and 11 April in Beijing (an outlet not listed)
    when = datetime(2024, 4, 11, 0, 41, tzinfo=timezone.utc)
    text = "甲乙丙今天与丁戊己通了电话。"
    voa = rule_extractor.extract(art(text, when, url="https://www.voachinese.com/a/x.html"))
    other = rule_extractor.extract(art(text, when, url="https://example.cn/a.html"))
    assert (voa[0].date.iso(), other[0].date.iso()) == ("2024-04-10", "2024-04-11")


@pytest.mark.parametrize("text", [
    "甲乙丙表示愿意与丁戊己会晤。",
    "甲乙丙希望同丁戊己举行会谈。",
    "甲乙丙可能与丁戊己通话。",
    "预计甲乙丙希望同丁戊己会面。",  # a forecast of a hope is still a hope
    "甲乙丙拒绝同丁戊己会面。",
    "甲乙丙没有会见丁戊己。",
    "甲乙丙致电丁戊己，祝贺其当选。",
    "甲乙丙向丁戊己致贺电。",
    "甲乙丙给丁戊己回信。",
    "甲乙丙在讲话中提到丁戊己。",
])
def test_not_contacts(rule_extractor, text):
    assert pairs(extract(rule_extractor, text)) == []


def test_planned_contact_points_forward(rule_extractor):
    assert pairs(extract(rule_extractor, "甲乙丙将于周五同丁戊己举行会谈。")) == [
        ("Talks", "planned", ["丁戊己", "甲乙丙"], "2024-04-12")]


@pytest.mark.parametrize("text", ["预计甲乙丙最早可能于下个月与丁戊己会晤。", "甲乙丙预计有望于下个月同丁戊己会晤。"])
def test_forecast_likelihood_is_planned(rule_extractor, text):
    """A likelihood word after a forecast word gives the forecast's timing (expected as early as next
    month): a planned contact, where the likelihood word alone is a hedge."""
    assert pairs(extract(rule_extractor, text)) == [("Meeting", "planned", ["丁戊己", "甲乙丙"], "2024-05")]


def test_visit_with_inviting_host_and_range(rule_extractor):
    [r] = extract(rule_extractor, "应博雷亚总理丁戊己邀请，甲乙丙将于4月20日至22日对博雷亚进行国事访问。")
    assert (r.type, r.status, r.date.iso(), r.date.end.iso()) == ("Visit", "planned", "2024-04-20", "2024-04-22")
    assert r.visitors == ["甲乙丙"] and r.hosts == ["丁戊己"]
    assert r.place.name == "博雷亚"


def test_implied_place_of_a_visit(rule_extractor):
    [r] = extract(rule_extractor, "博雷亚总理丁戊己昨天访阿。")
    assert r.type == "Visit" and r.participants[0].name == "丁戊己"


def test_co_visitors_are_not_a_contact(rule_extractor):
    got = extract(rule_extractor, "庚辛壬和甲乙丙4月访问博雷亚。")
    assert all(len(r.participants) == 1 for r in got) and len(got) == 2


def test_pronoun_and_honorific_resolve_to_named_persons(rule_extractor):
    got = pairs(extract(rule_extractor, "10日，博雷亚总理丁戊己抵达奥林波斯。甲乙丙同他举行会谈。"))
    assert ("Talks", "happened", ["丁戊己", "甲乙丙"], "2024-04") in got  # no time of its own: the month
    got = pairs(extract(rule_extractor, "10日，庚辛壬会见博雷亚总理丁戊己。庚辛壬表示，甲乙丙同总理先生举行会见。"))
    assert any(g[2] == ["丁戊己", "甲乙丙"] for g in got)


def test_pair_reference_takes_the_last_pair(rule_extractor):
    got = pairs(extract(rule_extractor, "9日，甲乙丙同丁戊己举行会谈。会谈后，两国领导人共同会见了记者。"))
    assert got[0] == ("Talks", "happened", ["丁戊己", "甲乙丙"], "2024-04-09")
    assert all(sorted(g[2]) == ["丁戊己", "甲乙丙"] for g in got)


def test_sequence_word_keeps_only_the_month_of_an_earlier_date(rule_extractor):
    """奥布莱恩在周五与…阮春福见面，之后也与…范平明…会晤 (德国之声 2020): the later meeting is not of that day, but of
    that month."""
    reports = extract(rule_extractor, "丁戊己周一抵达阿尔卡迪亚，随后与甲乙丙会晤。")
    [meeting] = [r for r in reports if r.type == "Meeting"]
    assert meeting.date.iso() == "2024-04"
    [visit] = [r for r in reports if r.type == "Visit"]  # 抵达 + a known place is a visit, dated by its own clause
    assert visit.date.iso() == "2024-04-08" and visit.place.name == "阿尔卡迪亚"


def test_travel_to_an_unknown_place_is_not_a_visit(rule_extractor):
    assert extract(rule_extractor, "甲乙丙周一前往机场迎接丁戊己。") == []


def test_host_of_a_visit_is_the_leader_of_the_visited_country(rule_extractor):
    [r] = extract(rule_extractor, "甲乙丙3月访问了塔拉萨，并同意邀请博雷亚总理丁戊己回访。")
    assert r.type == "Visit" and r.hosts == ["丁戊己"] and r.visitors == ["甲乙丙"]


def test_the_speaker_of_a_sentence_is_not_the_host_of_the_visit_it_reports(rule_extractor):
    """博雷亚总统丁戊辛 speaks of the visit; the leader named in what he says (丁戊己) hosts it."""
    [r] = extract(rule_extractor, "博雷亚总统丁戊辛表示，甲乙丙访问博雷亚，与博雷亚总理丁戊己达成广泛共识。")
    assert r.type == "Visit" and r.hosts == ["丁戊己"] and r.visitors == ["甲乙丙"]


def test_traditional_script_reads_like_simplified(rule_extractor):
    [r] = extract(rule_extractor, "甲乙丙週二在奧林波斯同博雷亞總理丁戊己舉行會談。")
    assert sorted(p.name for p in r.participants) == ["丁戊己", "甲乙丙"]
    assert (r.type, r.date.iso(), r.place.name) == ("Talks", "2024-04-09", "奥林波斯")
    # what the text says stays as written: the trigger and each mention in traditional script
    assert r.trigger == "舉行會談" and r.evidence.startswith("甲乙丙週二")
    assert [p.role for p in r.participants] == ["总统", "总理"]


def test_traditional_mention_keeps_its_written_form(rule_extractor):
    [r] = extract(rule_extractor, "庚辛壬週二同博雷亞外長癸子醜舉行會談。")
    other = next(p for p in r.participants if p.name == "癸子丑")
    assert other.text == "癸子醜"


def test_offsets_point_into_article_text(rule_extractor):
    text = "新闻一则。\n9日，甲乙丙会见了丁戊己。"
    a = article_from_text(text, PUB)
    [r] = rule_extractor.extract(a)
    assert a.text[r.sentence[0]:r.sentence[1]] == "9日，甲乙丙会见了丁戊己。"
    assert a.text[r.trigger_span[0]:r.trigger_span[1]] == "会见"
    for m in r.participants:
        assert a.text[m.start:m.end] == m.text


def test_a_shared_name_resolves_by_title_and_date(rule_extractor):
    """丁戊 names the Borean premier 丁戊己 (office until 2024-06-30) and the president 丁戊辛 (gazetteer
    ~丁戊): the title in the text decides, then the offices held on the article's date, and a later bare
    丁戊 follows the title an earlier mention had."""
    def who(text, pub=PUB):
        return [sorted(p.name for p in r.participants) for r in extract(rule_extractor, text, pub)]

    assert who("甲乙丙9日会见博雷亚总统丁戊。") == [["丁戊辛", "甲乙丙"]]
    assert who("甲乙丙9日会见博雷亚总理丁戊。") == [["丁戊己", "甲乙丙"]]
    # No title: in 2024 both hold an office, so the name's main owner (the premier, listed first) ...
    assert who("甲乙丙9日会见丁戊。") == [["丁戊己", "甲乙丙"]]
    # ... but in 2025 only the president still does.
    assert who("甲乙丙9日会见丁戊。", published(2025, 4, 10)) == [["丁戊辛", "甲乙丙"]]
    assert who("博雷亚总统丁戊8日抵达奥林波斯。甲乙丙9日会见丁戊。")[-1] == ["丁戊辛", "甲乙丙"]


def test_gazetteer_errors_name_the_file_and_line(tmp_path):
    import shutil

    from kg.resources import DATA_DIR, DataFileError, load_resources

    for name in ("persons.tsv", "positions.tsv", "places.tsv", "titles.tsv", "triggers.tsv", "cues.tsv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    good = (tmp_path / "positions.tsv").read_text(encoding="utf-8")
    for row, message in (("秦刚\t外交部长\t中国\t2023-07-25\t2022-12-30", "ends (2022-12-30) before it starts"),
                         ("秦刚\t外交部长\t中国\t2022-12-3O\t", "dates must be YYYY-MM-DD"),
                         ("无名氏\t外交部长\t中国\t2022-12-30\t", "is not a person of persons.tsv"),
                         ("秦刚\t宇航员\t中国\t2022-12-30\t", "is not a role of titles.tsv")):
        (tmp_path / "positions.tsv").write_text(good + row + "\n", encoding="utf-8")
        with pytest.raises(DataFileError) as err:
            load_resources(tmp_path)
        assert err.value.path.name == "positions.tsv" and err.value.line == len(good.splitlines()) + 1, row
        assert message in str(err.value)
    (tmp_path / "positions.tsv").write_text(good, encoding="utf-8")
    persons = (tmp_path / "persons.tsv").read_text(encoding="utf-8")
    (tmp_path / "persons.tsv").write_text(persons + "秦刚二\t秦刚\t中国\t外交部长\t\t\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"persons.tsv:\d+: '秦刚' already names 秦刚 .*~秦刚"):
        load_resources(tmp_path)
    (tmp_path / "persons.tsv").write_text(persons, encoding="utf-8")
    cues = (tmp_path / "cues.tsv").read_text(encoding="utf-8")
    (tmp_path / "cues.tsv").write_text(cues + "pair_ref_role\t宇航员\t\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"cues.tsv:{len(cues.splitlines()) + 1}: .*'宇航员' is not a title"):
        load_resources(tmp_path)


@pytest.mark.parametrize("tail", ["庚辛壬、癸子丑等参加有关会见。", "庚辛壬、癸子丑参加上述会见。", "庚辛壬、癸子丑出席了会见。"])
def test_attendees_named_with_a_determiner_are_not_participants(rule_extractor, tail):
    reports = extract(rule_extractor, "甲乙丙9日在奥林波斯会见博雷亚总理丁戊己。" + tail)
    assert pairs(reports) == [("Meeting", "happened", ["丁戊己", "甲乙丙"], "2024-04-09")]


def test_a_title_of_another_country_unlinks_a_gazetteer_name(rule_extractor):
    """庚辛 is the gazetteer's Arcadian foreign minister; 博雷亚外长庚辛 is someone else of that name."""
    [r] = extract(rule_extractor, "甲乙丙9日会见博雷亚外长庚辛。")
    other = next(m for m in r.participants if m.text == "庚辛")
    assert other.entry is None and other.key == "庚辛" and other.country == "博雷亚"
    [r] = extract(rule_extractor, "甲乙丙9日会见阿尔卡迪亚外长庚辛。")
    assert next(m for m in r.participants if m.text == "庚辛").key == "庚辛壬"


@pytest.mark.parametrize("pattern, prefix", [
    ("会见|会谈", "(?=[会])"),
    ("(?<![走拜])访俄", "(?=[访])"),              # a lookbehind is zero-width: 访 starts the match
    ("通(?:了)?电话|(?:举行)?会谈", "(?=[举会通])"),  # an optional group adds what follows it
    ("[a-c]x|d", "(?=[abcd])"),
    (".见", ""), (r"\w+", ""), ("(?:了)?", ""), ("(?i)ab", ""),  # open or empty starts: unchanged
])
def test_trigger_regex_first_character_prefilter(pattern, prefix):
    from kg.resources import _with_first_chars
    assert _with_first_chars(pattern) == (f"{prefix}(?:{pattern})" if prefix else pattern)


def test_prefiltered_triggers_match_as_the_plain_alternation(resources):
    """The shipped triggers get the prefilter, and it finds exactly what the plain alternation finds."""
    import re

    from conftest import SEEDS
    from kg.article import read_article
    fast = resources.trigger_regex
    assert fast.pattern.startswith("(?=[")
    plain = re.compile(fast.pattern[fast.pattern.index("])(?:") + 5:-1])
    for path in sorted(SEEDS.glob("*.txt")):
        text = read_article(path).text
        found = [(m.span(), m.lastgroup) for m in fast.finditer(text)]
        assert found and found == [(m.span(), m.lastgroup) for m in plain.finditer(text)]


def test_a_longer_recognised_name_beats_the_gazetteer_name_it_starts_with():
    """拉索 from the gazetteer inside 拉索夫斯基 from the recogniser: another, longer name. A recognised span
    that only overlaps a gazetteer name, or equals it, still loses to the gazetteer, and so does one that
    only adds a conjunction (普京和)."""
    from kg.extract import Mention
    from kg.extract.mentions import resolve_overlaps
    text = "王毅会见拉索夫斯基和普京和丁戊表"
    gaz = Mention(4, 6, "拉索", "拉索", via="gazetteer")
    lac = Mention(4, 9, "拉索夫斯基", "拉索夫斯基", via="lac")
    putin = Mention(10, 12, "普京", "普京", via="gazetteer")
    putin_and = Mention(10, 13, "普京和", "普京和", via="lac")
    ding = Mention(13, 15, "丁戊", "丁戊", via="gazetteer")
    wrong = Mention(14, 16, "戊表", "戊表", via="lac")
    for m in (lac, putin_and, ding, wrong):
        assert text[m.start:m.end] == m.text
    kept = resolve_overlaps(text, [gaz, lac, putin, putin_and, ding, wrong], ("和",))
    assert [m.text for m in kept] == ["拉索夫斯基", "普京", "丁戊"]


def test_a_head_of_state_visit_is_hosted_by_the_head_of_state_the_article_names(rule_extractor):
    """博雷亚总统丁戊辛 visiting 阿尔卡迪亚, whose president 甲乙丙 (positions.tsv) the article names: 甲乙丙
    hosts. A foreign minister's visit, or a visit whose host the article never names, gets no host."""
    text = "阿尔卡迪亚总统甲乙丙周二会见了博雷亚外长癸子丑。丁戊辛总统将于下个月访问阿尔卡迪亚。"
    visits = [r for r in extract(rule_extractor, text) if r.type == "Visit"]
    assert pairs(visits) == [("Visit", "planned", ["丁戊辛", "甲乙丙"], "2024-05")]
    assert visits[0].hosts == ["甲乙丙"] and visits[0].visitors == ["丁戊辛"]
    alone = extract(rule_extractor, "丁戊辛总统将于下个月访问阿尔卡迪亚。")
    assert pairs(alone) == [("Visit", "planned", ["丁戊辛"], "2024-05")]
    minister = extract(rule_extractor, "甲乙丙周二会见了丁戊己。癸子丑外长将于下个月访问阿尔卡迪亚。")
    assert [p[2] for p in pairs(minister) if p[0] == "Visit"] == [["癸子丑"]]


def test_a_visit_someone_speaks_of_gets_no_host_by_office(rule_extractor):
    text = "甲乙丙周二会见了丁戊己。庚辛壬表示，丁戊辛总统访问阿尔卡迪亚取得成功。"
    assert [p[2] for p in pairs(extract(rule_extractor, text)) if p[0] == "Visit"] == [["丁戊辛"]]


def test_a_visit_of_a_time_the_text_does_not_give_gets_no_host_by_office(rule_extractor):
    """拜登在担任副总统的时候已访问过柏林: who held the offices then is not known; 丁戊辛 visits with no host."""
    text = "阿尔卡迪亚总统甲乙丙周二会见了博雷亚外长癸子丑。丁戊辛总统曾访问过阿尔卡迪亚。"
    assert [p[2] for p in pairs(extract(rule_extractor, text)) if p[0] == "Visit"] == [["丁戊辛"]]


def test_this_visit_is_dated_as_the_contact_the_article_reports(rule_extractor):
    got = pairs(extract(rule_extractor, "10日，甲乙丙会见了癸子丑。这是癸子丑首次访问阿尔卡迪亚。"))
    assert ("Visit", "happened", ["癸子丑"], "2024-04-10") in got
    undated = pairs(extract(rule_extractor, "甲乙丙会见了癸子丑。这是癸子丑首次访问阿尔卡迪亚。"))
    assert ("Visit", "happened", ["癸子丑"], None) in undated


def test_a_joint_declaration_is_a_contact_of_those_who_made_it(rule_extractor):
    """A和B宣布建立…伙伴关系: the joint act implies they met. One person announcing, or a person named
    after the announcement, is no contact."""
    assert pairs(extract(rule_extractor, "2022年2月，甲乙丙和丁戊辛宣布建立全面伙伴关系。")) == [
        ("Meeting", "happened", ["丁戊辛", "甲乙丙"], "2022-02")]
    assert pairs(extract(rule_extractor, "甲乙丙宣布将丁戊辛列入名单。")) == []
    assert pairs(extract(rule_extractor, "甲乙丙宣布建立新机构。")) == []


def test_i_in_reported_speech_is_the_speaker(rule_extractor):
    got = pairs(extract(rule_extractor, "甲乙丙指出，去年，我同丁戊辛总统一道宣布建立全面伙伴关系。"))
    assert got == [("Meeting", "happened", ["丁戊辛", "甲乙丙"], "2023")]


def test_a_pair_reference_with_a_title_means_persons_with_that_role(rule_extractor):
    """两国外长 after a presidents' talks: the two foreign ministers, not the latest pair."""
    text = "9日，庚辛壬同癸子丑举行会谈。10日，甲乙丙同丁戊辛举行会谈。会谈后，两国外长共同签署了合作协议。"
    joint = [r for r in extract(rule_extractor, text) if r.trigger == "共同签署"]
    assert [sorted(p.name for p in r.participants) for r in joint] == [["庚辛壬", "癸子丑"]]


def test_both_sides_of_a_visit_without_a_named_host_are_unknown(rule_extractor):
    """癸子丑去年访问阿尔卡迪亚，双方宣布…: 双方 are the sides of that visit, not the article's latest pair."""
    text = "10日，甲乙丙会见了丁戊己。癸子丑去年访问阿尔卡迪亚，双方宣布建立全面伙伴关系。"
    assert [p for p in pairs(extract(rule_extractor, text)) if p[0] == "Meeting"] == [
        ("Meeting", "happened", ["丁戊己", "甲乙丙"], "2024-04-10")]


def test_an_honorific_is_not_a_person_the_sentence_already_names(rule_extractor):
    """庚辛壬表示，甲乙丙总统会见总统先生: 总统先生 is the guest 丁戊辛 (the latest other president), not 甲乙丙."""
    text = "10日，庚辛壬会见博雷亚总统丁戊辛。庚辛壬表示，今年3月，甲乙丙总统在奥林波斯会见总统先生。"
    got = pairs(extract(rule_extractor, text))
    assert ("Meeting", "happened", ["丁戊辛", "甲乙丙"], "2024-03") in got


def test_a_bare_first_or_last_part_of_a_full_name_is_that_person():
    """鲁斯塔姆·埃莫马利 then 鲁斯塔姆, 德米特里·佩斯科夫 then 佩斯科夫: one person each (Arabic and Central Asian
    names are shortened to their first part, Western names to their last). A part two full names share
    (穆罕默德) links to neither."""
    from kg.extract import Mention
    from kg.extract.mentions import link_short_forms
    names = ["子丑·寅申酉", "亥午·未申", "亥午·卯辰", "子丑", "未申", "亥午", "丙丁"]
    mentions = [Mention(i * 10, i * 10 + len(n), n, n, via="lac") for i, n in enumerate(names)]
    link_short_forms(mentions)
    assert [m.name for m in mentions] == ["子丑·寅申酉", "亥午·未申", "亥午·卯辰", "子丑·寅申酉", "亥午·未申", "亥午", "丙丁"]


def test_one_name_spelt_with_a_character_of_the_same_sound_is_one_person():
    """亚历克斯·阿扎尔 then 阿札尔, 科弗德 then 科佛德: one article transliterates one name twice (zha/za,
    fu/fo). A character of another sound (阿萨尔), a name of two characters and two changed characters
    are other persons."""
    from kg.extract import Mention
    from kg.extract.mentions import link_variant_spellings
    names = ["子丑·寅扎卯", "寅札卯", "寅萨卯", "辰弗巳", "辰佛巳", "午扎", "午札", "未扎申", "未札酉"]
    mentions = [Mention(i * 10, i * 10 + len(n), n, n, via="lac") for i, n in enumerate(names)]
    link_variant_spellings(mentions)
    assert [m.name for m in mentions] == [
        "子丑·寅扎卯", "子丑·寅扎卯", "寅萨卯", "辰弗巳", "辰弗巳", "午扎", "午札", "未扎申", "未札酉"]


def test_an_invitation_hosts_only_the_visit_to_the_inviters_country(rule_extractor):
    text = "应博雷亚总理丁戊己邀请，甲乙丙将于5月1日至3日访问博雷亚，5月4日赴赫斯珀里亚出席论坛。"
    got = [(r.hosts, r.date.iso()) for r in extract(rule_extractor, text) if r.type == "Visit"]
    assert got == [(["丁戊己"], "2024-05-01"), ([], "2024-05-04")]


def test_after_the_talks_means_the_day_of_the_talks(rule_extractor):
    text = "10日，甲乙丙同丁戊辛举行会谈。会谈后，两国总统共同签署了合作协议。"
    assert [p[3] for p in pairs(extract(rule_extractor, text))] == ["2024-04-10", "2024-04-10"]


def test_bilateral_meetings_with_several_leaders_are_one_contact_each(rule_extractor):
    got = pairs(extract(rule_extractor, "10日，甲乙丙还同博雷亚总统丁戊辛、外长癸子丑举行双边会见。"))
    assert sorted(g[2] for g in got) == [["丁戊辛", "甲乙丙"], ["甲乙丙", "癸子丑"]]


def test_that_day_is_the_day_its_paragraph_named_last(rule_extractor):
    """当天/当晚 refer to the nearest earlier day of their paragraph, not to the publication date."""
    said = pairs(extract(rule_extractor, "博雷亚外交部7日发表声明说，甲乙丙当天同丁戊己通电话。"))
    assert said == [("PhoneCall", "happened", ["丁戊己", "甲乙丙"], "2024-04-07")]
    before = pairs(extract(rule_extractor, "丁戊己5日抵达奥林波斯。当晚，甲乙丙会见了丁戊己。"))
    assert ("Meeting", "happened", ["丁戊己", "甲乙丙"], "2024-04-05") in before
    # A new paragraph names no day before it: 当天 is the day of the lead contact, as before.
    lead = pairs(extract(rule_extractor, "甲乙丙8日会见了丁戊己。\n当天，甲乙丙还会见了癸子丑。"))
    assert lead[-1] == ("Meeting", "happened", ["甲乙丙", "癸子丑"], "2024-04-08")


def test_the_relatives_of_a_person_are_not_that_person(rule_extractor):
    assert extract(rule_extractor, "9日，甲乙丙会见了丁戊己同志亲属。") == []
    assert pairs(extract(rule_extractor, "9日，甲乙丙会见了丁戊己及其家属。")) == [
        ("Meeting", "happened", ["丁戊己", "甲乙丙"], "2024-04-09")]


def test_you_in_a_quoted_message_is_the_other_person_of_the_message(rule_extractor):
    """A message (互致贺电) is no contact, but 你 in the speech quoting it is the message's other person."""
    text = "9日，甲乙丙同丁戊己互致贺电。甲乙丙指出，去年，我同你举行会谈，达成重要共识。"
    assert pairs(extract(rule_extractor, text)) == [("Talks", "happened", ["丁戊己", "甲乙丙"], "2023")]
    assert extract(rule_extractor, "9日，甲乙丙同丁戊己互致贺电。") == []


def test_during_a_trip_is_the_month_of_that_trip(rule_extractor):
    """在X期间/其间 with no date of its own: some day of the trip the article opened with (its month; its year
    when the trip runs over two months)."""
    text = "当地时间3月20日，甲乙丙抵达奥林波斯。\n在阿期间，甲乙丙会见了丁戊己。"
    assert ("Meeting", "happened", ["丁戊己", "甲乙丙"], "2024-03") in pairs(extract(rule_extractor, text))
    text = "3月30日至4月2日，甲乙丙访问博雷亚。访问期间，甲乙丙还会见了癸子丑。"
    assert ("Meeting", "happened", ["甲乙丙", "癸子丑"], "2024") in pairs(extract(rule_extractor, text))


def test_an_inviter_in_an_earlier_clause_is_not_the_visitor(rule_extractor):
    """甲乙丙指出，很高兴应丁戊己邀请，…进行国事访问: 丁戊己 invited; he is never the one who visits."""
    reports = extract(rule_extractor, "甲乙丙指出，很高兴应博雷亚总理丁戊己邀请，再次对博雷亚进行国事访问。")
    assert all(r.visitors != ["丁戊己"] for r in reports)


class _TaggedAsPersons:
    """A stand-in for the recogniser: tags the given words ``PER`` and every other character ``O``."""

    def __init__(self, *names, rest=("", "O")):
        self.names = names
        self.rest = rest  # one more word and its tag (the recogniser's ·克鲁兹 after 泰德: "w")

    def tag(self, sentence):
        out, i = [], 0
        while i < len(sentence):
            name = next((n for n in self.names if sentence.startswith(n, i)), None)
            if self.rest[0] and sentence.startswith(self.rest[0], i):
                out.append(self.rest)
                i += len(self.rest[0])
                continue
            out.append((name, "PER") if name else (sentence[i], "O"))
            i += len(name) if name else 1
        return out


def test_a_recognised_name_that_runs_into_the_next_word_ends_before_it(rule_resources):
    """鲁比奥通电话: the recogniser's 鲁比奥通 is 鲁比奥 (cue after_name 通电话); 刘鹤应约与: 刘鹤 (应约)."""
    from kg.extract import Extractor

    ex = Extractor(rule_resources, use_lac=False)
    ex.recogniser = _TaggedAsPersons("辰巳午通", "申酉戌应")
    got = pairs(extract(ex, "甲乙丙9日与辰巳午通电话。申酉戌应约与庚辛壬10日举行会谈。"))
    assert [g[2] for g in got] == [["甲乙丙", "辰巳午"], ["庚辛壬", "申酉戌"]]


def test_a_gazetteer_name_before_a_word_that_follows_names_is_not_a_longer_name(rule_resources):
    """韩正在北京会见: the recogniser's 韩正在 does not beat the gazetteer's 韩正 (cue after_name 在)."""
    from kg.extract import Extractor

    ex = Extractor(rule_resources, use_lac=False)
    ex.recogniser = _TaggedAsPersons("甲乙丙在")
    assert pairs(extract(ex, "甲乙丙在奥林波斯会见了丁戊己。"))[0][2] == ["丁戊己", "甲乙丙"]

def sides(report):
    return {p.name: report.side_of(i) for i, p in enumerate(report.participants)}


def test_a_host_with_two_guests_meets_each_guest_not_the_guests_each_other(rule_extractor):
    """甲会见乙和丙: 甲 on one side, 乙 and 丙 on the other (they came together and did not meet each other)."""
    [r] = extract(rule_extractor, "10日，甲乙丙会见博雷亚总理丁戊己和外长癸子丑。")
    s = sides(r)
    assert s["丁戊己"] == s["癸子丑"] != s["甲乙丙"]


def test_two_groups_with_a_preposition_are_two_sides(rule_extractor):
    """甲和乙同丙举行会谈: 甲 and 乙 together on one side, 丙 on the other."""
    [r] = extract(rule_extractor, "甲乙丙和庚辛壬10日同丁戊己举行会谈。")
    s = sides(r)
    assert s["甲乙丙"] == s["庚辛壬"] != s["丁戊己"]


def test_persons_who_meet_each_other_are_each_a_side(rule_extractor):
    """甲和乙举行会谈: each is a side of their own (they met each other)."""
    [r] = extract(rule_extractor, "甲乙丙和丁戊己10日举行会谈。")
    assert len(set(sides(r).values())) == 2


def test_sides_reach_the_event_table_and_the_contact_graph(rule_extractor):
    """The event table gives each participant its side; the contact graph has no edge inside a side."""
    from kg.consolidate import consolidate
    from kg.export import contact_graph, event_records

    events, entities = consolidate(rule_extractor.extract(article_from_text("10日，甲乙丙会见丁戊己和癸子丑。", PUB)))
    [record] = event_records(events, entities)
    side = {p["name"]: p["side"] for p in record["participants"]}
    assert side["丁戊己"] == side["癸子丑"] != side["甲乙丙"]
    graph = contact_graph(events, entities)
    assert graph.number_of_edges() == 2
    assert not graph.has_edge(entities["丁戊己"].iri, entities["癸子丑"].iri)


def test_name_separators_of_other_outlets_join_a_name(rule_resources):
    """乔•拜登, 唐納德‧川普: •, ‧ and ・ between Han characters are name separators like ·, so the recogniser
    reads one name; the mention keeps the form as written."""
    from kg.extract import Extractor

    ex = Extractor(rule_resources, use_lac=False)
    ex.recogniser = _TaggedAsPersons("辰巳·午未申")
    for sep in "•‧・":
        [r] = extract(ex, f"甲乙丙10日会见了辰巳{sep}午未申。")
        assert [p.text for p in r.participants] == ["甲乙丙", f"辰巳{sep}午未申"]


def test_a_bracketed_latin_name_does_not_break_a_list_of_persons(rule_extractor):
    """梅克爾（Angela Merkel）、歐盟執委會主席范德賴恩（Ursula von der Leyen）以及…與習近平舉行視訊峰會."""
    [r] = extract(rule_extractor, "博雷亚总理丁戊己（Dingwu Ji）、外长癸子丑（Guizi Chou Longname）以及副总理寅卯辰"
                                  "（Yinmao Chen）今天与阿尔卡迪亚总统甲乙丙举行视讯峰会。")
    s = sides(r)
    assert s["丁戊己"] == s["癸子丑"] == s["寅卯辰"] != s["甲乙丙"]
    assert r.type == "PhoneCall"


def test_with_before_a_trigger_that_takes_an_object_joins_the_subject(rule_extractor):
    """特朗普与姆努钦周一在白宫会晤了麦康奈尔和麦卡锡: 与 joins the two of one side, the objects follow 会晤."""
    [r] = extract(rule_extractor, "甲乙丙与庚辛壬周一在奥林波斯会晤了丁戊己和癸子丑。")
    s = sides(r)
    assert s["甲乙丙"] == s["庚辛壬"] != s["丁戊己"] == s["癸子丑"]


def test_a_later_meeting_trigger_takes_its_own_object(rule_extractor):
    """甲同乙会谈并会见了丙: 丙 is the object of 会见, not of 会谈."""
    got = pairs(extract(rule_extractor, "甲乙丙10日同丁戊己举行会谈并会见了癸子丑。"))
    assert ["丁戊己", "甲乙丙"] in [g[2] for g in got]
    assert ["丁戊己", "癸子丑", "甲乙丙"] not in [g[2] for g in got]


def test_a_plural_pronoun_is_the_group_named_before(rule_extractor):
    """外长佩恩和国防部长雷诺茨准备出访美国。他们将在下周会见蓬佩奥和埃斯珀: both sides of two."""
    text = "博雷亚总理丁戊己和外长癸子丑准备出访阿尔卡迪亚。他们将于12日会见阿尔卡迪亚总统甲乙丙和外长庚辛壬。"
    [r] = [r for r in extract(rule_extractor, text) if r.type == "Meeting"]
    s = sides(r)
    assert s["丁戊己"] == s["癸子丑"] != s["甲乙丙"] == s["庚辛壬"]
    assert r.status == "planned"


def test_an_interview_with_a_long_outlet_name_is_no_visit(rule_extractor):
    """接受台北綠色和平電台《台灣人俱樂部》訪問時表示: an interview; 接受…邀请访问 is a visit."""
    assert pairs(extract(rule_extractor, "甲乙丙周一接受奥林波斯广播电台《晨间新闻》访问时表示，合作很重要。")) == []
    assert pairs(extract(rule_extractor, "甲乙丙接受丁戊己邀请，10日访问博雷亚。"))


def test_regional_contact_words(rule_extractor):
    """視訊會議 (Taiwan: a video meeting), 拜會, 電話會談 (a call, not talks)."""
    assert pairs(extract(rule_extractor, "甲乙丙10日與丁戊己舉行視訊會議。"))[0][0] == "PhoneCall"
    assert pairs(extract(rule_extractor, "甲乙丙10日拜會丁戊己。"))[0][0] == "Meeting"
    assert pairs(extract(rule_extractor, "甲乙丙10日與丁戊己舉行電話會談。"))[0][0] == "PhoneCall"


def test_what_was_originally_arranged_did_not_take_place(rule_extractor):
    """本来戴佩清預約9月1日會見張展，看守所取消會見: not a contact."""
    assert pairs(extract(rule_extractor, "他说，本来甲乙丙预约9月1日会见丁戊己。")) == []


def test_a_dateline_day_is_the_day_that_today_means(rule_extractor):
    """（中央社記者…布魯塞爾14日專電）…今天: the 14th, though published on the 15th in Asia."""
    pub = published(2024, 4, 11, hour=9)  # 09:00 on the 11th in Beijing
    text = "（本社记者奥林波斯10日专电）甲乙丙今天与丁戊己举行会谈。"
    assert pairs(extract(rule_extractor, text, pub))[0][3] == "2024-04-10"
    assert pairs(extract(rule_extractor, "甲乙丙今天与丁戊己举行会谈。", pub))[0][3] == "2024-04-11"


def test_next_week_is_the_month_of_its_wednesday(rule_extractor):
    """他们将在下周在华盛顿会见… (published Saturday 2020-07-25): the week of 27 July, 2020-07."""
    [r] = extract(rule_extractor, "甲乙丙将在下周会见丁戊己。", published(2020, 7, 25))
    assert (r.status, r.date.iso()) == ("planned", "2020-07")


def test_undated_contacts_of_a_series_take_its_day(rule_extractor):
    """默克尔周二（10日）与拜登通电话。…约翰逊与拜登通电话约25分钟: the same day; not a background one (曾).
    A meeting only when told as one more (巴雷特还拜会了…: cue ``also``), not 两国元首巴厘岛会晤 restated."""
    text = "甲乙丙周二与丁戊己通电话。庚辛壬也与丁戊己通电话。癸子丑曾与丁戊己通电话。"
    got = pairs(extract(rule_extractor, text))
    assert [g[3] for g in got] == ["2024-04-09", "2024-04-09", None]
    got = pairs(extract(rule_extractor, "甲乙丙周二会见了丁戊己。庚辛壬也会见了丁戊己。"))
    assert [g[3] for g in got] == ["2024-04-09", "2024-04-09"]
    got = pairs(extract(rule_extractor, "甲乙丙周二会见了丁戊己。庚辛壬会见了丁戊己。"))
    assert [g[3] for g in got] == ["2024-04-09", "2024-04"]  # not one of a series: only the month of the news


def test_a_pronoun_before_with_and_an_object_after_the_trigger(rule_extractor):
    """同一天，他还同…纳哈拉共同会见了…哈梅内伊: 他 (named before) and 纳哈拉 on one side, 哈梅内伊 the other."""
    text = "10日，甲乙丙会见了丁戊己。同一天，他还同庚辛壬共同会见了癸子丑。"
    r = extract(rule_extractor, text)[-1]
    s = sides(r)
    assert s["甲乙丙"] == s["庚辛壬"] != s["癸子丑"]


def test_i_at_a_clause_start_in_reported_speech_is_the_speaker(rule_extractor):
    """赵乐际表示，受习近平总书记…委派，我此次…对朝鲜进行正式友好访问: the visitor is 赵乐际, not 习近平."""
    text = "甲乙丙表示，受丁戊己委派，我此次对博雷亚进行正式访问。"
    [r] = extract(rule_extractor, text)
    assert r.visitors == ["甲乙丙"]


def test_he_after_a_speaker_in_the_same_sentence_is_the_speaker(rule_extractor):
    """佩斯科夫…。乌克兰总统泽连斯基25日说，他当天与…通电话: 他 is 泽连斯基, not the previous sentence's subject."""
    text = "癸子丑9日抵达奥林波斯。阿尔卡迪亚总统甲乙丙10日说，他当天与丁戊己通电话。"
    [r] = [r for r in extract(rule_extractor, text) if r.type == "PhoneCall"]
    assert sorted(p.key for p in r.participants) == ["丁戊己", "甲乙丙"]


def test_a_trip_at_home_is_no_visit(rule_extractor):
    """习近平总书记赴重庆考察: 甲乙丙 (of 阿尔卡迪亚) going to 奥林波斯 (in 阿尔卡迪亚) visits no one."""
    assert pairs(extract(rule_extractor, "阿尔卡迪亚总统甲乙丙10日赴奥林波斯考察。")) == []
    assert pairs(extract(rule_extractor, "阿尔卡迪亚总统甲乙丙10日赴塔拉萨访问。"))[0][0] == "Visit"


def test_a_count_of_visits_is_no_visit(rule_extractor):
    """你担任总统10年间8次访华, 陳曾6次前往日本: an aggregate; 第12次正式访问 is one visit."""
    assert pairs(extract(rule_extractor, "甲乙丙曾6次访问博雷亚。")) == []
    assert pairs(extract(rule_extractor, "甲乙丙10日对博雷亚进行第3次正式访问。"))[0][0] == "Visit"
    assert pairs(extract(rule_extractor, "甲乙丙将于5月1日出席第十五次会晤并对博雷亚进行国事访问。"))[0][0] == "Visit"


def test_a_count_of_meetings_or_calls_is_no_contact(rule_extractor):
    """两人已会晤40多次, 两国元首多次通话: an aggregate, which neither dates nor joins the day's talks;
    一次会晤 and 两轮会谈 (rounds of one talks) are one contact."""
    assert pairs(extract(rule_extractor, "甲乙丙和丁戊辛已会晤40多次。")) == []
    assert pairs(extract(rule_extractor, "甲乙丙同丁戊辛会晤过两次。")) == []
    assert pairs(extract(rule_extractor, "甲乙丙与丁戊辛多次通电话。")) == []
    assert pairs(extract(rule_extractor, "10日，甲乙丙同丁戊辛进行了一次会晤。"))[0][0] == "Meeting"
    assert pairs(extract(rule_extractor, "10日，甲乙丙同丁戊辛举行了两轮会谈。"))[0][0] == "Talks"


def test_a_visit_with_no_host_and_no_place_is_no_visit(rule_extractor):
    """黎智英在访问中呼吁外国制裁, 韓國瑜出訪找訂單: an interview, or a trip no one hosts to no place named."""
    assert pairs(extract(rule_extractor, "甲乙丙在访问中呼吁合作。")) == []
    assert pairs(extract(rule_extractor, "甲乙丙10日访问博雷亚。"))[0][0] == "Visit"


def test_a_visit_to_a_country_written_in_one_character(rule_extractor):
    """习近平主席今年3月对俄进行的成功国事访问: the visit is to 俄罗斯 (its one-character form)."""
    [r] = extract(rule_extractor, "博雷亚总理丁戊己今年3月对阿进行国事访问。")
    assert r.place.name == "阿尔卡迪亚"


def test_a_recognised_name_that_took_in_the_end_of_a_title_starts_after_it(rule_resources):
    """外相河野太郎: the recogniser's 相河野太郎 is 河野太郎; 访问团 is no name (a contact word inside). The 未 in
    辰巳午未 is part of a name, no negation."""
    from kg.extract import Extractor

    ex = Extractor(rule_resources, use_lac=False)
    ex.recogniser = _TaggedAsPersons("相辰巳午未", "访问团")
    got = pairs(extract(ex, "博雷亚外相辰巳午未10日会见了甲乙丙。访问团10日会见了丁戊己。"))
    assert [g[2] for g in got] == [["甲乙丙", "辰巳午未"]]


def test_a_gazetteer_name_and_one_character_more_is_the_gazetteer_name(rule_resources):
    """王毅特意选在…: the recogniser's 王毅特 is 王毅 and the word 特意; 拉索夫斯基 over 拉索 stays a longer name."""
    from kg.extract import Extractor

    ex = Extractor(rule_resources, use_lac=False)
    ex.recogniser = _TaggedAsPersons("甲乙丙特")
    assert pairs(extract(ex, "甲乙丙特意10日会见了丁戊己。"))[0][2] == ["丁戊己", "甲乙丙"]


class _Tags(_TaggedAsPersons):
    """A stand-in recogniser with given tags for given words (others: ``O``, one character each)."""

    def __init__(self, tags):
        super().__init__(*tags)
        self.tags = tags

    def tag(self, sentence):
        return [(w, self.tags.get(w, t)) for w, t in super().tag(sentence)]


def test_a_run_after_a_title_that_holds_a_time_or_a_verb_is_no_name(rule_resources):
    """习近平主席不久前同斯塔默首相通话: neither 不久前 (a time to the recogniser) nor 通话 (a contact word) is a
    name after a title; a run the recogniser does not read as such a word still is (总统西米纳时)."""
    from kg.extract import Extractor
    from kg.extract.mentions import mentions_of

    ex = Extractor(rule_resources, use_lac=False)
    ex.recogniser = _Tags({"不久前": "TIME"})
    doc = ex.read(article_from_text("甲乙丙总统不久前同丁戊己首相通话。博雷亚总统辰巳午时会见了他。", PUB))
    assert [m.text for m in mentions_of(doc, doc.sentences, ex.lex, ex.recogniser)] == ["甲乙丙", "丁戊己", "辰巳午"]


def test_a_word_that_holds_a_negation_word_negates_nothing(rule_extractor):
    """习近平主席不久前同斯塔默首相通话: 不久前 is no negation; 甲乙丙不会同丁戊己会面 is."""
    assert pairs(extract(rule_extractor, "甲乙丙总统不久前同丁戊己通话。"))
    assert pairs(extract(rule_extractor, "甲乙丙总统不会同丁戊己会面。")) == []


def test_two_countries_before_a_pair_reference_are_the_sides(rule_extractor):
    """中国商务部上周四表示，中美双方已商定将于近日举行通话: the two countries, no persons: a planned call of
    the two states (``actors``), not of the persons of the sentence before."""
    text = "甲乙丙10日会见了丁戊己。阿博双方已商定将于近日举行通话。"
    meeting, call = extract(rule_extractor, text)
    assert pairs([meeting]) == [("Meeting", "happened", ["丁戊己", "甲乙丙"], "2024-04-10")]
    assert [(m.name, m.kind) for m in call.participants] == [("阿尔卡迪亚", "country"), ("博雷亚", "country")]
    assert (call.type, call.status, call.sides) == ("PhoneCall", "planned", [0, 1])


def test_an_exclusive_interview_is_no_visit(rule_extractor):
    """總統馬克宏今晚在電視專訪中宣布: 專訪中 holds 訪中 (a visit to 中国), but is an interview."""
    assert pairs(extract(rule_extractor, "甲乙丙今晚在电视专访阿尔卡迪亚时宣布封城。")) == []


def test_a_lawyers_visit_to_a_detainee_is_no_contact(rule_extractor):
    """律师李大伟11月9日会见了张展: a visit in custody, not a political contact."""
    assert pairs(extract(rule_extractor, "律师甲乙丙9日在看守所会见了丁戊己。")) == []
    assert pairs(extract(rule_extractor, "甲乙丙9日会见了丁戊己。"))


def test_both_sides_far_back_are_not_the_persons_named_there(rule_extractor):
    """北京方面与梵蒂冈外长…会晤，标志着双方…会面: 双方 are the sides of that contact of countries, not two
    persons named sentences before; 建制及泛民的双方会谈: the sides of what the modifier names."""
    text = "甲乙丙和丁戊己是老朋友。天气晴朗。市场平稳。阿尔卡迪亚方面与博雷亚举行会晤，标志着双方最高级别的会面。"
    assert pairs(extract(rule_extractor, text)) == []
    assert pairs(extract(rule_extractor, "甲乙丙和丁戊己出席论坛，建制及泛民的双方会谈分歧严重。")) == []
    assert [g[2] for g in pairs(extract(rule_extractor, "甲乙丙和丁戊己出席论坛。双方举行了会谈。"))] == [
        ["丁戊己", "甲乙丙"]]
    far = "甲乙丙总统和丁戊辛总统是老朋友。天气晴朗。市场平稳。两国元首举行了会晤。"  # a role reaches further back
    assert [g[2] for g in pairs(extract(rule_extractor, far))] == [["丁戊辛", "甲乙丙"]]


def test_a_persons_relative_is_not_that_person(rule_extractor):
    """李大伟律师与张展母亲通了电话: the mother, not 张展."""
    assert pairs(extract(rule_extractor, "甲乙丙与丁戊己的妈妈通了电话。")) == []
    assert pairs(extract(rule_extractor, "甲乙丙与丁戊己母亲通了电话。")) == []


def test_a_lawyer_who_meets_is_on_a_custody_visit(rule_extractor):
    """张展的另一位律师闻宇会见张展时: a lawyer's visit; 大律师公会主席林定国…拜会李飞 is a contact."""
    assert pairs(extract(rule_extractor, "另一位律师甲乙丙9日会见丁戊己时，说明了情况。")) == []
    assert pairs(extract(rule_extractor, "甲乙丙律师9日去会见了丁戊己。")) == []
    assert pairs(extract(rule_extractor, "大律师公会主席甲乙丙9日会见了丁戊己。"))


def test_a_contact_to_bring_about_is_no_contact(rule_extractor):
    """可望促成帕洛林與李克強會晤: hoped for."""
    assert pairs(extract(rule_extractor, "甲乙丙可望与丁戊己会晤。")) == []
    assert pairs(extract(rule_extractor, "下阶段的安排就是促成甲乙丙与丁戊己的会晤。")) == []


def test_a_dictionary_word_is_no_unknown_name(rule_resources):
    """兩岸領導人歷史性會晤: the recogniser's 歷史性 is a common word, no person; 邱對話 is 邱 and 对话."""
    from kg.extract import Extractor

    ex = Extractor(rule_resources, use_lac=False)
    ex.recogniser = _TaggedAsPersons("历史性", "辰巳午", "邱对话")
    assert pairs(extract(ex, "历史性与甲乙丙9日会晤。")) == []
    assert pairs(extract(ex, "甲乙丙9日通过会议通话与邱对话。")) == []
    assert [g[2] for g in pairs(extract(ex, "甲乙丙9日与辰巳午会晤。"))] == [["甲乙丙", "辰巳午"]]


def test_the_speaker_of_the_clause_before_is_the_subject(rule_extractor):
    """麥可穆倫…表示，很高興正式會晤黃偉峰: the speaker meets; not 美国提出的计划与…会晤所讨论, and a trip only
    in the first person (这是我首次访问, not 将派出代表团前往)."""
    got = pairs(extract(rule_extractor, "博雷亚总统丁戊辛9日表示，很高兴正式会晤阿尔卡迪亚外长庚辛壬。"))
    assert [g[2] for g in got] == [["丁戊辛", "庚辛壬"]]
    assert pairs(extract(rule_extractor, "丁戊辛表示，阿尔卡迪亚提出的计划与庚辛壬会晤所讨论的内容一致。")) == []
    assert pairs(extract(rule_extractor, "丁戊辛9日表示，博雷亚将派出代表团前往阿尔卡迪亚。")) == []
    [visit] = extract(rule_extractor, "丁戊辛9日表示，这是我首次访问阿尔卡迪亚。")
    assert (visit.type, [m.name for m in visit.participants]) == ("Visit", ["丁戊辛"])


def test_a_pronoun_after_the_trigger_is_its_object(rule_extractor):
    """董建華致電給她; 曾俊華和林鄭月娥都曾分別致電給她: the callers on one side, she on the other."""
    got = pairs(extract(rule_extractor, "甲乙丙宣布参选后，丁戊己致电给她。"))
    assert [(g[0], g[2]) for g in got] == [("PhoneCall", ["丁戊己", "甲乙丙"])]
    [r] = extract(rule_extractor, "甲乙丙宣布参选。后来，丁戊己和庚辛壬都曾分别致电给她。")
    assert [(m.name, s) for m, s in zip(r.participants, r.sides)] == [("丁戊己", 0), ("庚辛壬", 0), ("甲乙丙", 1)]


def test_an_unsaid_object_is_the_person_of_the_clause_before(rule_extractor):
    """森喜朗9日將率…來台…，總統蔡英文下午將予接見."""
    got = pairs(extract(rule_extractor, "博雷亚总理丁戊己9日将率团来访，总统甲乙丙下午将予接见。"))
    assert [(g[1], g[2]) for g in got] == [("planned", ["丁戊己", "甲乙丙"])]


def test_an_office_named_alone_is_the_holder_the_article_names(rule_extractor):
    """台湾总统蔡英文会晤访台捷克参议长：…: the article's 捷克参议院议长米洛什·维斯特奇尔. Not 前博雷亚外长."""
    [r] = extract(rule_extractor, "甲乙丙会晤博雷亚外长：双方讨论合作。博雷亚外长癸子丑此前抵达。")
    assert sorted(m.name for m in r.participants) == ["甲乙丙", "癸子丑"]
    assert r.participants[1].is_reference and r.participants[1].antecedent is not None
    assert pairs(extract(rule_extractor, "甲乙丙会晤前博雷亚外长：双方讨论合作。博雷亚外长癸子丑此前抵达。")) == []


def test_a_dateline_day_does_not_date_a_contact(rule_extractor):
    """（中央社台北12日電）王毅在莫斯科與俄國外交部長會面時表示: 12 is the day of writing."""
    reports = extract(rule_extractor, "（通讯社奥林波斯9日电）甲乙丙与丁戊己会面时表示，合作很好。")
    assert [(r.date.iso(), r.date_text) for r in reports] == [("2024-04", None)]  # the month of the news, no day


def test_a_demonstrative_description_is_the_person_of_that_country(rule_extractor):
    """这位美国最高外交官周二在伦敦与英国首相约翰逊…举行了会晤: 蓬佩奥."""
    got = pairs(extract(rule_extractor, "博雷亚外长癸子丑抵达奥林波斯。这位博雷亚最高外交官周二与甲乙丙举行了会晤。"))
    assert [g[2] for g in got if len(g[2]) > 1] == [["甲乙丙", "癸子丑"]]


def test_the_event_table_gives_a_referred_persons_name_as_written(rule_extractor):
    """習主席, 他: the event table's ``mention`` is the name where the article names the person (習近平)."""
    from kg.consolidate import consolidate
    from kg.export import event_records

    events, entities = consolidate(extract(rule_extractor, "丁戊己8日抵达奥林波斯。甲乙丙9日会见了他。"))
    [meeting] = [e for e in event_records(events, entities) if e["type"] == "Meeting"]
    assert sorted(p["mention"] for p in meeting["participants"]) == ["丁戊己", "甲乙丙"]


def test_a_countrys_side_is_no_person(rule_resources):
    """习近平主席与瑞方领导人, 普京愿与乌方领导人会晤: the recogniser's 瑞方 is Switzerland's side, no person."""
    from kg.extract import Extractor

    ex = Extractor(rule_resources, use_lac=False)
    ex.recogniser = _TaggedAsPersons("阿方", "辰巳午")
    assert pairs(extract(ex, "甲乙丙9日与阿方举行会谈。")) == []
    assert [g[2] for g in pairs(extract(ex, "甲乙丙9日与辰巳午举行会谈。"))] == [["甲乙丙", "辰巳午"]]


def test_a_year_in_a_later_clause_does_not_stop_a_series_of_calls(rule_extractor):
    """马丁与拜登通话后表示，拜登重申他支持1998年通过的…协议: one of the president-elect's calls of that day."""
    text = "甲乙丙9日与丁戊己通电话。庚辛壬与丁戊己通话后表示，丁戊己支持1998年通过的协议。"
    assert [g[3] for g in pairs(extract(rule_extractor, text))] == ["2024-04-09", "2024-04-09"]


def test_a_name_after_a_title_ends_where_a_trigger_starts(rule_extractor):
    """同步與國務院次卿柯拉克展開對話: 柯拉克 is a name, ended by the trigger 展开对话, with no stop after it."""
    got = pairs(extract(rule_extractor, "甲乙丙9日与博雷亚外长辰巳午展开对话。"))
    assert [(g[0], g[2]) for g in got] == [("Talks", ["甲乙丙", "辰巳午"])]


def test_a_possessive_pronoun_is_no_other_side(rule_extractor):
    """特朗普在与其竞选团队的进行电话交谈后: 其 is his, the team no person; 与他通电话 has him."""
    assert pairs(extract(rule_extractor, "丁戊己抵达。甲乙丙9日在与其竞选团队的成员通电话后表态。")) == []
    assert [g[2] for g in pairs(extract(rule_extractor, "丁戊己抵达。甲乙丙9日与他通电话。"))] == [["丁戊己", "甲乙丙"]]


def test_an_office_no_one_in_the_article_holds_is_its_holder_on_the_day(rule_extractor):
    """美国国务卿…会见了日本、澳大利亚和印度外长: each office is the one person the gazetteer shows holding it
    on the article's date (a sole_office role), one mention per country of a list; none for a role many hold."""
    text = "甲乙丙周二在奥林波斯会见了赫斯珀里亚外长。"
    [(_, _, names, _)] = pairs(extract(rule_extractor, text, published(2021, 3, 3)))
    assert names == ["亢氐房", "甲乙丙"]
    [(_, _, names, _)] = pairs(extract(rule_extractor, text, published(2024, 3, 3)))
    assert names == ["心尾箕", "甲乙丙"]
    [r] = extract(rule_extractor, "丁戊己周二会见了阿尔卡迪亚、赫斯珀里亚外长。", published(2024, 3, 3))
    assert [(m.name, m.text, m.via) for m in r.participants[1:]] == [
        ("阿尔卡迪亚外交部长（2024年）", "阿尔卡迪亚", "unnamed_office"), ("心尾箕", "赫斯珀里亚外长", "office")]
    assert pairs(extract(rule_extractor, "甲乙丙周二会见了赫斯珀里亚副总理。")) == []


def test_two_offices_named_alone_are_their_holders(rule_extractor):
    """中国外长同美国国务卿当天在雅加达举行会谈: an office followed by a time expression or a word that follows
    names (在, 表示) stands alone; 当选…总统后 names an office taken, not its holder."""
    text = "阿尔卡迪亚总统同赫斯珀里亚外长当天在奥林波斯举行会谈。"
    assert [g[2] for g in pairs(extract(rule_extractor, text, published(2024, 3, 3)))] == [["心尾箕", "甲乙丙"]]
    text = "丁戊己周二会见了赫斯珀里亚外长。赫斯珀里亚外长在奥林波斯会见了甲乙丙。"
    assert ["心尾箕", "甲乙丙"] in [g[2] for g in pairs(extract(rule_extractor, text, published(2024, 3, 3)))]
    text = "丁戊己担任阿尔卡迪亚总统时会见了赫斯珀里亚外长心尾箕。"
    assert [g[2] for g in pairs(extract(rule_extractor, text, published(2024, 3, 3)))] == [["丁戊己", "心尾箕"]]


def test_an_office_no_one_is_known_to_hold_is_an_unnamed_holder_of_the_contacts_year(rule_extractor):
    """比根与立陶宛的外长和防长举行会晤: offices the gazetteer knows no holder of are unnamed holders, one per
    country, office and year (的 between the country and the title, a second title sharing the country); an
    office named alone in a contact dated years before the article is its holder on that date."""
    [r] = extract(rule_extractor, "甲乙丙周二与阿尔卡迪亚的外长和防长举行会晤。", published(2024, 3, 3))
    assert [(m.name, m.text) for m in r.participants[1:]] == [
        ("阿尔卡迪亚外交部长（2024年）", "阿尔卡迪亚的外长"), ("阿尔卡迪亚国防部长（2024年）", "防长")]
    assert r.sides == [0, 1, 1]
    [(_, _, names, _)] = pairs(extract(rule_extractor, "2020年，甲乙丙会见了赫斯珀里亚外长。", published(2024, 3, 3)))
    assert names == ["亢氐房", "甲乙丙"]  # the holder of 2020, not of the article's 2024


def test_an_office_shared_by_a_list_of_countries_is_each_ones_holder(rule_resources):
    """会见了日本、澳大利亚和印度外长: three foreign ministers, one mention each, on the other side."""
    import dataclasses
    from kg.extract import Extractor

    res = dataclasses.replace(rule_resources, persons=[
        dataclasses.replace(p, positions=(*p.positions, _office("外交部长", "阿尔卡迪亚")))
        if p.name == "庚辛壬" else p for p in rule_resources.persons])
    [r] = extract(Extractor(res, use_lac=False), "丁戊己周二会见了阿尔卡迪亚和赫斯珀里亚外长。", published(2024, 3, 3))
    assert [(m.name, m.text) for m in r.participants] == [("丁戊己", "丁戊己"), ("庚辛壬", "阿尔卡迪亚"),
                                                         ("心尾箕", "赫斯珀里亚外长")]
    assert r.sides == [0, 1, 1]


def _office(role, country):
    from datetime import date
    from kg.resources import Position

    return Position(role, country, date(2019, 1, 1), None)


def test_a_name_glossed_by_a_known_original_script_name_is_that_person(rule_extractor):
    """迈克·庞皮欧(Mike Pompeo): the gazetteer's 蓬佩奥, also where the article writes 庞皮欧 alone."""
    [r] = extract(rule_extractor, "赫斯珀里亚外长乌维申(Wu Weishen)周二会见了甲乙丙。", published(2021, 3, 3))
    assert sorted((m.name, m.text) for m in r.participants) == [("亢氐房", "乌维申"), ("甲乙丙", "甲乙丙")]


def test_a_country_name_inside_a_states_name_is_no_country(rule_extractor):
    """前往新墨西哥州: the US state, not the country 墨西哥."""
    from kg.extract.places import place_mentions

    assert [p.name for p in place_mentions("甲乙丙前往博雷亚州之前，访问了博雷亚。", rule_extractor.lex)] == ["博雷亚"]


def test_a_name_ending_with_a_known_family_name_is_another_person(rule_resources):
    """与亨特·拜登的前商业伙伴…通话: 亨特·拜登 is not the gazetteer's 拜登 (乔·拜登, an alias, is)."""
    from kg.extract import Extractor

    ex = Extractor(rule_resources, use_lac=False)
    ex.recogniser = _TaggedAsPersons("子午·癸子丑", "子午·庚辛壬")
    [r] = extract(ex, "甲乙丙周二会见了子午·癸子丑。")  # 癸子丑's own full form is 寅·癸子丑
    assert sorted((m.name, m.entry is not None) for m in r.participants) == [("子午·癸子丑", False), ("甲乙丙", True)]
    [r] = extract(ex, "甲乙丙周二会见了子午·庚辛壬。")  # no full form known: 庚辛壬 himself
    assert sorted(m.name for m in r.participants) == ["庚辛壬", "甲乙丙"]


def test_a_possessor_before_the_other_side_is_no_participant(rule_extractor):
    """与亨特·拜登的前商业伙伴托尼·博布林斯基进行了通话: the partner is the other side, not 亨特·拜登."""
    got = pairs(extract(rule_extractor, "丁戊己周二与甲乙丙的前助手庚辛壬进行了通话。"))
    assert [g[2] for g in got] == [["丁戊己", "庚辛壬"]]


def test_an_unnamed_group_as_subject_takes_no_earlier_person(rule_extractor):
    """一批详细记录亨特·拜登商业活动的电子邮件，他们还…与…博布林斯基进行了通话: 他们 is no one the article names."""
    assert pairs(extract(rule_extractor, "他们带来了记录甲乙丙行程的文件，他们还与庚辛壬进行了通话。")) == []


def test_a_group_report_whose_pairs_are_each_reported_is_no_other_contact(rule_extractor):
    """蓬佩奥在巴黎逗留期间将与马克龙和勒德里昂会面 … 将在周六…与勒德里昂会面 … 马克龙将在11月16日…接见…蓬佩奥:
    two contacts, not three; a group report with a pair told nowhere else stays."""
    text = "甲乙丙本月将与丁戊己和庚辛壬会面。甲乙丙将在周六与丁戊己会面。庚辛壬将在4月14日会见甲乙丙。"
    assert sorted(g[2] for g in pairs(extract(rule_extractor, text))) == [["丁戊己", "甲乙丙"], ["庚辛壬", "甲乙丙"]]
    text = "甲乙丙本月将与丁戊己和庚辛壬会面。甲乙丙将在周六与丁戊己会面。"
    assert len(pairs(extract(rule_extractor, text))) == 2


def test_a_known_family_name_ending_a_longer_written_name_spans_it(rule_resources):
    """安哥拉共和国总统若昂·曼努埃尔·贡萨尔维斯·洛伦索将于…进行国事访问: the mention of 洛伦索 spans the whole
    name, so that 若 in it is no hypothetical (若, if)."""
    from kg.extract import Extractor

    ex = Extractor(rule_resources, use_lac=False)
    ex.recogniser = _TaggedAsPersons("若昂·庚辛壬")
    [r] = extract(ex, "应丁戊己邀请，阿尔卡迪亚外长若昂·庚辛壬将于4月20日访问博雷亚。")
    assert [(m.name, m.text) for m in r.participants if m.name == "庚辛壬"] == [("庚辛壬", "若昂·庚辛壬")]


def test_a_call_named_as_a_noun_is_a_call(rule_extractor):
    """1月25日，英国首相约翰逊在与美国总统特朗普的电话中表示: a phone call of the two."""
    got = pairs(extract(rule_extractor, "4月2日，甲乙丙在与博雷亚总理丁戊己的电话中表示，双方应加强合作。"))
    assert got == [("PhoneCall", "happened", ["丁戊己", "甲乙丙"], "2024-04-02")]


def test_a_clause_with_no_subject_continues_the_sentence_before(rule_extractor):
    """黎智英以公司名义…支付…广告费用。去年7月8日…期间，前往美国会见国务卿蓬佩奥: 黎智英 met 蓬佩奥."""
    text = "去年8月，甲乙丙替庚辛壬支付了费用。去年7月8日运动期间，前往博雷亚会见博雷亚总理丁戊己。"
    assert [g[2] for g in pairs(extract(rule_extractor, text)) if len(g[2]) == 2] == [["丁戊己", "甲乙丙"]]
    assert [g[2] for g in pairs(extract(rule_extractor, "运动期间，前往博雷亚会见博雷亚总理丁戊己。"))
            if len(g[2]) == 2] == []


def test_a_recognised_run_that_cuts_a_word_is_no_name(rule_resources):
    """"香港民主委员会"总监朱牧民 (员会), 吉新任外长卡扎克巴耶夫 (吉 + 新任): the recogniser's junk is no person."""
    from kg.extract import Extractor

    ex = Extractor(rule_resources, use_lac=False)
    ex.recogniser = _TaggedAsPersons("员会", "阿新")
    got = pairs(extract(ex, "甲乙丙昨天与民主委员会总监庚辛壬会面。"))
    assert [g[2] for g in got] == [["庚辛壬", "甲乙丙"]]
    got = pairs(extract(ex, "博雷亚大使丁戊己昨天与阿新任外长庚辛壬举行会见。"))
    assert [g[2] for g in got] == [["丁戊己", "庚辛壬"]]


def test_a_plan_given_up_and_an_earlier_talks_consensus_are_no_contacts(rule_extractor):
    """蓬佩奧與布林肯原先計劃在去年12月17日會面 (given up); 破坏前期双方多层级会谈会晤达成的共识 (no contact told)."""
    assert pairs(extract(rule_extractor, "甲乙丙与丁戊己原先计划在3月17日会面，但甲乙丙决定自我隔离。")) == []
    assert pairs(extract(rule_extractor, "甲乙丙表示，丁戊己破坏了双方会谈达成的共识。")) == []


def test_a_title_across_two_words_is_no_title(rule_extractor):
    """"香港民主委员会"总监朱牧民: 主委 (a Taiwan title) straddles 民主 and 委员会; 员会 is no person."""
    got = pairs(extract(rule_extractor, "甲乙丙昨天与“博雷亚民主委员会”总监庚辛壬会面。"))
    assert [g[2] for g in got] == [["庚辛壬", "甲乙丙"]]


def test_the_event_table_says_a_person_was_resolved_by_office(rule_extractor):
    """美国国务卿 alone: the event table's participant is the holder on the day, ``resolved_by: office``."""
    from kg.consolidate import consolidate
    from kg.export import event_records

    events, entities = consolidate(extract(rule_extractor, "甲乙丙周二会见了赫斯珀里亚外长。", published(2021, 3, 3)))
    [meeting] = event_records(events, entities)
    assert sorted((p["name"], p["resolved_by"]) for p in meeting["participants"]) == [("亢氐房", "office"),
                                                                                     ("甲乙丙", None)]


def test_a_contact_put_off_or_only_possible_is_none(rule_extractor):
    """林鄭月娥…確認赴北京述職一事遭押後; 美國財長姆欽或訪華 (may visit)."""
    assert pairs(extract(rule_extractor, "甲乙丙确认与丁戊己会面一事遭押后。")) == []
    assert pairs(extract(rule_extractor, "博雷亚总理丁戊己或访问阿尔卡迪亚。")) == []
    assert [g[0] for g in pairs(extract(rule_extractor, "博雷亚总理丁戊己访问阿尔卡迪亚。"))] == ["Visit"]
def states(reports):
    """Each report as (type, status, [(name, kind, side)], date)."""
    return [(r.type, r.status, [(m.name, m.kind, r.side_of(i)) for i, m in enumerate(r.participants)],
             r.date.iso() if r.date else None) for r in reports]


A, B, H = "阿尔卡迪亚", "博雷亚", "赫斯珀里亚"


def test_countries_named_by_their_sides_and_delegations_are_state_actors(rule_extractor):
    """中方和俄方代表团举行会谈, 中美双方举行会谈, 俄罗斯和美国代表团在沙特举行会谈: no person, two states."""
    assert states(extract(rule_extractor, "阿方和博方代表团9日举行会谈。")) == [
        ("Talks", "happened", [(A, "country", 0), (B, "country", 1)], "2024-04-09")]
    assert states(extract(rule_extractor, "阿博双方9日举行会谈。")) == [
        ("Talks", "happened", [(A, "country", 0), (B, "country", 1)], "2024-04-09")]
    [r] = extract(rule_extractor, "阿尔卡迪亚和博雷亚代表团9日在赫斯珀里亚举行会谈。")
    assert [(m.name, m.text, m.via) for m in r.participants] == [(A, A, "state"), (B, "博雷亚代表团", "state")]
    assert r.place.name == H


def test_the_two_countries_of_a_pair_word_come_from_the_sentence(rule_extractor):
    """两国外交部举行磋商: the two countries the sentence names (a place, a person's country); none when it
    names fewer or more."""
    text = "阿尔卡迪亚总统甲乙丙访问博雷亚期间，两国外交部9日举行磋商。"
    assert [g for g in states(extract(rule_extractor, text)) if g[0] == "Talks"] == [
        ("Talks", "happened", [(A, "country", 0), (B, "country", 1)], "2024-04-09")]
    assert states(extract(rule_extractor, "两国外交部9日举行磋商。")) == []
    assert states(extract(rule_extractor, "阿尔卡迪亚、博雷亚和赫斯珀里亚关系良好，两国外交部9日举行磋商。")) == []


def test_a_person_meets_a_state_actor(rule_extractor):
    """习近平会见美方代表团, 古特雷斯会见…代表团: a person on one side, a country on the other; never a country
    facing its own leader (李强会见中国代表团)."""
    assert states(extract(rule_extractor, "甲乙丙9日会见博雷亚代表团。")) == [
        ("Meeting", "happened", [("甲乙丙", "person", 0), (B, "country", 1)], "2024-04-09")]
    assert states(extract(rule_extractor, "甲乙丙9日会见阿尔卡迪亚代表团。")) == []
    assert states(extract(rule_extractor, "甲乙丙9日与阿方举行会谈。")) == []


def test_separately_with_a_state_actor_gives_one_contact_each(rule_extractor):
    """俄乌代表团将分别与美方举行会谈: 俄–美 and 乌–美, planned."""
    got = states(extract(rule_extractor, "阿博代表团将分别与赫斯珀里亚方面举行会谈。"))
    assert sorted(g[2][0][0] for g in got) == sorted([A, B])
    assert all(g[1] == "planned" and g[2][1] == (H, "country", 1) for g in got)


def test_persons_win_and_a_state_actor_describing_a_person_is_none(rule_extractor):
    """王毅同俄方代表团团长拉夫罗夫举行会谈: the persons' contact, no state actor; 中方代表团团长 (a person
    not named), 博方的代表 (a modifier), a trigger inside a 《》 title or before 的 (向普京汇报了与美国方面
    会谈的细节) and a with word with no actor after it (俄白两国对与欧洲展开对话持开放态度) give none."""
    assert states(extract(rule_extractor, "甲乙丙9日与博方代表团团长丁戊己举行会谈。")) == [
        ("Talks", "happened", [("甲乙丙", "person", 0), ("丁戊己", "person", 1)], "2024-04-09")]
    for text in ("博方代表团团长9日与阿方举行会谈。", "博方的代表9日与阿方举行会谈。",
                 "阿博双方9日发布《阿博会谈联合声明》。", "庚辛壬已向甲乙丙汇报了与博雷亚方面会谈的细节。",
                 "阿博两国对与赫斯珀里亚展开对话持开放态度。", "阿方愿同博方举行会谈。"):
        assert states(extract(rule_extractor, text)) == [], text



def test_a_dateline_ending_in_a_wire_report_word_gives_the_day(rule_extractor):
    """（中央社紐約16日綜合外電報導）…今天: the 16th, though published on the 17th in Taipei."""
    pub = published(2024, 4, 11, hour=9)
    text = "（本社奥林波斯10日综合外电报导）甲乙丙今天与丁戊己共进午餐。"
    assert pairs(extract(rule_extractor, text, pub))[0][3] == "2024-04-10"


def test_they_after_a_list_of_subjects_are_the_persons_of_the_list(rule_extractor):
    """川普、尼坦雅胡和穆罕默德发表联合声明说，他们今天进行电话会谈: one call of the three (of three countries),
    each a side."""
    [r] = extract(rule_extractor, "甲乙丙、丁戊己和心尾箕发表联合声明说，他们今天进行电话会谈。")
    assert pairs([r]) == [("PhoneCall", "happened", ["丁戊己", "心尾箕", "甲乙丙"], "2024-04-10")]
    assert len(set(sides(r).values())) == 3
    # the persons a contact names as its other side are no subject of a 他们 after it
    reports = extract(rule_extractor, "甲乙丙会见了丁戊己和庚辛壬，他们随后举行会谈。")
    assert all(sorted(p.name for p in x.participants) != ["丁戊己", "庚辛壬"] for x in reports)


def test_a_dated_contact_with_no_named_other_side_dates_the_series_after_it(rule_extractor):
    """巴雷特星期二前往国会山，与共和党籍参议员们进行一系列会晤。…巴雷特还拜会了…格雷厄姆: the 29th."""
    got = pairs(extract(rule_extractor, "甲乙丙周二前往奥林波斯，与议员们进行一系列会晤。甲乙丙还会见了丁戊己。"))
    assert got == [("Meeting", "happened", ["丁戊己", "甲乙丙"], "2024-04-09")]


def test_a_name_the_recogniser_found_once_is_found_where_it_is_written_again(rule_resources):
    """艾米·康尼·巴雷特 … 巴雷特星期二（9月29日）前往国会山: the recogniser reads the bare 巴雷特 as another
    word there; the article's other uses of the name (or of its last part) are mentions of the person."""
    from kg.extract import Extractor

    ex = Extractor(rule_resources, use_lac=False)
    ex.recogniser = _TaggedAsPersons("申酉·辰巳午")
    got = pairs(extract(ex, "甲乙丙9日会见了申酉·辰巳午。辰巳午10日与庚辛壬举行会谈。"))
    assert got[1] == ("Talks", "happened", ["庚辛壬", "申酉·辰巳午"], "2024-04-10")


def test_a_recognised_name_ends_before_a_time_expression_or_a_title(rule_resources):
    """巴雷特本星期 is 巴雷特; 阿布达比邦王储 is no name (王 begins 王储)."""
    from kg.extract import Extractor

    ex = Extractor(rule_resources, use_lac=False)
    ex.recogniser = _TaggedAsPersons("辰巳午星期二", "奥林波斯邦王", "申酉戌王")
    assert pairs(extract(ex, "辰巳午星期二与甲乙丙举行会谈。")) == [
        ("Talks", "happened", ["甲乙丙", "辰巳午"], "2024-04-09")]
    [r] = extract(ex, "甲乙丙、丁戊己和奥林波斯邦王储庚辛壬发表联合声明说，他们今天进行电话会谈。")
    assert sorted(p.name for p in r.participants) == ["丁戊己", "庚辛壬", "甲乙丙"]
    [r] = extract(ex, "甲乙丙9日会见了博雷亚申酉戌王储。")
    assert [p.text for p in r.participants] == ["甲乙丙", "申酉戌"]


def test_a_recognised_name_goes_on_after_its_separator(rule_resources):
    """泰德|·克鲁兹（Ted Cruz）, 罗伯特|·R·雷德菲尔德: the recogniser stops at the separator; the name does not."""
    from kg.extract import Extractor

    ex = Extractor(rule_resources, use_lac=False)
    for written in ("辰巳·午未申", "辰巳·R·午未申"):
        ex.recogniser = _TaggedAsPersons("辰巳", rest=(written[2:], "w"))
        [r] = extract(ex, f"甲乙丙10日会见了{written}（Chensi Wuweishen）。")
        assert [p.text for p in r.participants] == ["甲乙丙", written]


def test_a_contact_told_with_no_time_took_place_in_the_month_of_the_news(rule_extractor):
    """王毅与荷兰外交大臣布洛克会面后，荷方发表声明说…: no time in the sentence, not background: the month of
    the article's lead contact (else of its day), with no dating words; not for background (曾), a
    planned contact, nor the same pair told again (consolidation dates it)."""
    [r] = extract(rule_extractor, "甲乙丙与丁戊己会面后，博方发表声明。")
    assert (r.date.iso(), r.date_text) == ("2024-04", None)
    got = pairs(extract(rule_extractor, "3月28日，甲乙丙会见了丁戊己。甲乙丙与癸子丑会面后，博方发表声明。"))
    assert got == [("Meeting", "happened", ["丁戊己", "甲乙丙"], "2024-03-28"),
                   ("Meeting", "happened", ["甲乙丙", "癸子丑"], "2024-03")]
    assert pairs(extract(rule_extractor, "甲乙丙曾与丁戊己会面。"))[0][3] is None
    assert pairs(extract(rule_extractor, "甲乙丙将与丁戊己会面。"))[0][3] is None
    got = pairs(extract(rule_extractor, "3月28日，甲乙丙会见了丁戊己。甲乙丙与丁戊己会面后，博方发表声明。"))
    assert [g[3] for g in got] == ["2024-03-28", None]
    for text in ("甲乙丙当时与丁戊己会面。", "甲乙丙访问过奥林波斯，与丁戊己会面过。", "甲乙丙与丁戊己进行过通话。"):
        assert all(g[3] is None for g in pairs(extract(rule_extractor, text))), text
    assert pairs(extract(rule_extractor, "甲乙丙通过视频会晤与丁戊己交谈。"))[0][3] == "2024-04"


def test_a_contact_in_a_clause_of_time_has_the_subject_of_the_main_clause(rule_extractor):
    """同英国外交大臣拉布…举行会谈时，德国外长马斯首次公开表达…; 在会见X时，Y表示: Y met X."""
    got = pairs(extract(rule_extractor, "周二，同博雷亚外长癸子丑在奥林波斯举行会谈时，阿尔卡迪亚外长庚辛壬首次公开表示支持。"))
    assert got == [("Talks", "happened", ["庚辛壬", "癸子丑"], "2024-04-09")]
    assert pairs(extract(rule_extractor, "9日，在会见丁戊己时，甲乙丙表示，合作很好。"))[0][2] == ["丁戊己", "甲乙丙"]
    # no clause of time: the main clause's person is no subject of it
    assert pairs(extract(rule_extractor, "9日，会见丁戊己，甲乙丙表示，合作很好。")) == []


def test_persons_joined_in_the_clause_before_are_the_subject(rule_extractor):
    """美國總統特朗普與俄羅斯總統普京，在德國漢堡參加G20峰會期間會面超過兩小時: one meeting of the two."""
    [r] = extract(rule_extractor, "阿尔卡迪亚总统甲乙丙与博雷亚总理丁戊己，9日在奥林波斯出席峰会期间会面。")
    assert pairs([r]) == [("Meeting", "happened", ["丁戊己", "甲乙丙"], "2024-04-09")]
    assert len(set(sides(r).values())) == 2


def test_two_countries_leaders_name_persons_not_the_countries(rule_extractor):
    """俄美兩國領袖上月20日通電話: the two leaders named before, not Russia and the US (but 中美双方 are the
    countries)."""
    text = "阿尔卡迪亚总统甲乙丙和博雷亚总统丁戊辛去年见过面。阿博两国领袖9日通电话。"
    assert ("PhoneCall", "happened", ["丁戊辛", "甲乙丙"], "2024-04-09") in pairs(extract(rule_extractor, text))


def test_a_trigger_starting_inside_a_name_gives_way_to_the_one_after_it(rule_extractor):
    """何立峰会见耶伦, 与…何立峰会面: 峰会 inside the name is no summit; 会见 and 会面 after it are the triggers."""
    assert pairs(extract(rule_extractor, "9日，阿尔卡迪亚副总理斗牛峰会见博雷亚外长癸子丑。")) == [
        ("Meeting", "happened", ["斗牛峰", "癸子丑"], "2024-04-09")]
    assert pairs(extract(rule_extractor, "9日，博雷亚总理丁戊己与斗牛峰会面。")) == [
        ("Meeting", "happened", ["丁戊己", "斗牛峰"], "2024-04-09")]
    # no name around it, 峰会 stays the trigger
    assert [r.type for r in extract(rule_extractor, "9日，甲乙丙和丁戊己出席峰会并举行会谈。")] == ["Talks"]


def test_the_persons_after_a_passive_word_host_the_meeting(rule_extractor):
    """林鄭月娥下午將會獲國家主席習近平接見; 並獲…周強等接見: the one after 获 meets the one before it; 获准 is
    no passive."""
    got = pairs(extract(rule_extractor, "9日，博雷亚外长癸子丑获阿尔卡迪亚总统甲乙丙接见。"))
    assert got == [("Meeting", "happened", ["甲乙丙", "癸子丑"], "2024-04-09")]
    got = pairs(extract(rule_extractor, "9日，癸子丑访问奥林波斯，并获甲乙丙等接见。"))
    assert ("Meeting", "happened", ["甲乙丙", "癸子丑"], "2024-04-09") in got
    assert pairs(extract(rule_extractor, "9日，癸子丑获准会见甲乙丙。")) == [
        ("Meeting", "happened", ["甲乙丙", "癸子丑"], "2024-04-09")]


def test_a_list_of_visitors_is_the_subject_of_the_passive_meeting_after_their_visit(rule_extractor):
    """陳方安生、郭榮鏗、莫乃光同月訪美，獲…彭斯、…佩洛西等會見: every visitor of the list meets each host."""
    got = pairs(extract(rule_extractor, "9日，癸子丑、寅卯辰访问阿尔卡迪亚，获甲乙丙、庚辛壬等会见。"))
    assert [set(g[2]) for g in got if g[0] == "Meeting"] == [{"庚辛壬", "癸子丑", "寅卯辰", "甲乙丙"}]
    [r] = [r for r in extract(rule_extractor, "9日，癸子丑、寅卯辰访问阿尔卡迪亚，获甲乙丙、庚辛壬等会见。")
           if r.type == "Meeting"]
    side = {p.name: s for p, s in zip(r.participants, r.sides)}
    assert side["癸子丑"] == side["寅卯辰"] != side["甲乙丙"] == side["庚辛壬"]


def test_same_year_and_bare_months_follow_the_narrative_of_their_paragraph(rule_extractor):
    """…2019年5月訪美…。黎智英同年7月訪美…。克魯茲10月訪港: 2019-07 and 2019-10 in an article of 2024, not
    2024; a bare month in a paragraph with no earlier month, or one before the month in context, keeps the
    publication's year."""
    text = ("癸子丑2021年5月访问阿尔卡迪亚，与甲乙丙会谈。寅卯辰同年7月访问阿尔卡迪亚，同甲乙丙会谈。"
            "丁戊己10月与甲乙丙会谈。\n庚辛壬3月会见丁戊己。")
    got = {frozenset(g[2]): g[3] for g in pairs(extract(rule_extractor, text)) if g[0] in ("Talks", "Meeting")}
    assert got[frozenset({"癸子丑", "甲乙丙"})] == "2021-05"
    assert got[frozenset({"寅卯辰", "甲乙丙"})] == "2021-07"
    assert got[frozenset({"丁戊己", "甲乙丙"})] == "2021-10"
    assert got[frozenset({"丁戊己", "庚辛壬"})] == "2024-03"
    earlier = pairs(extract(rule_extractor, "癸子丑2021年5月访问阿尔卡迪亚，与甲乙丙会谈。丁戊己3月与甲乙丙会谈。"))
    assert ("Talks", "happened", ["丁戊己", "甲乙丙"], "2024-03") in earlier


def test_see_alone_is_a_meeting_only_right_before_a_gazetteer_person(rule_extractor):
    """習近平11月4日在上海進博會期間見林鄭時: 见 before a person's name is a meeting; not 见记者, not a count
    before it (七次見黎智英: named seven times)."""
    assert pairs(extract(rule_extractor, "甲乙丙9日在奥林波斯见丁戊己时表示，两国关系良好。")) == [
        ("Meeting", "happened", ["丁戊己", "甲乙丙"], "2024-04-09")]
    assert pairs(extract(rule_extractor, "甲乙丙9日见记者时表示，丁戊己很好。")) == []
    assert pairs(extract(rule_extractor, "报告中甲乙丙的名字出现三次，七次见丁戊己。")) == []


def test_a_contact_told_as_a_relative_clause_of_a_speaker(rule_extractor):
    """1月28日，會晤中國國家主席習近平的譚德塞指，…: the one who speaks after 的 met the object; 会见陪同X访问的Y
    is no relative clause of Y (X accompanies)."""
    assert pairs(extract(rule_extractor, "9日，会晤阿尔卡迪亚总统甲乙丙的丁戊己指，双方谈得很好。")) == [
        ("Meeting", "happened", ["丁戊己", "甲乙丙"], "2024-04-09")]
    assert pairs(extract(rule_extractor, "9日，会见陪同甲乙丙访问的庚辛壬表示，双方谈得很好。")) == []


def test_a_speaker_is_the_subject_of_his_own_contacts_clauses_after_his_speech(rule_extractor):
    """李家超指，在北京還拜訪了港澳辦…，分別和…張曉明…見面: the speaker met them, even with a clause between."""
    got = pairs(extract(rule_extractor, "庚辛壬表示，在奥林波斯还拜访了外交部，和癸子丑见面。"))
    assert [g[2] for g in got] == [["庚辛壬", "癸子丑"]]
    # 谷辣斯…表示，总统府表达诚挚欢迎，期间总统亦将接见阿萨尔: the office before the trigger is the subject
    got = pairs(extract(rule_extractor, "庚辛壬表示，外交部表示欢迎，届时总统将接见癸子丑。"))
    assert all("庚辛壬" not in g[2] for g in got)


def test_a_with_phrase_before_a_comma_gives_the_sides_of_the_contact_after_it(rule_extractor):
    """陳指，他曾與時任政務司長林鄭月娥，單對單以電話溝通: the call is between 他 (陳) and 林鄭月娥."""
    got = pairs(extract(rule_extractor, "9日，甲乙丙表示，他曾与博雷亚外长癸子丑，单独以电话沟通。"))
    assert [(g[0], g[2]) for g in got] == [("PhoneCall", ["甲乙丙", "癸子丑"])]
    got = pairs(extract(rule_extractor, "甲乙丙和庚辛壬、斗牛峰，9日在水晶宫同来访的记者们见面。"))
    assert got == []


def test_the_items_of_a_called_off_list_are_no_contacts(rule_extractor):
    """取消本周所有已计划好的出访，包括…蓬佩奥…和…克拉夫特访台: neither trip; 不久前会见了…，包括A和B: both met."""
    assert pairs(extract(rule_extractor, "阿尔卡迪亚9日宣布取消所有已计划的出访，包括甲乙丙访问博雷亚。")) == []
    text = "阿尔卡迪亚9日宣布取消所有已计划的出访，包括甲乙丙的博雷亚之行，以及庚辛壬对赫斯珀里亚的访问。"
    assert pairs(extract(rule_extractor, text)) == []
    got = pairs(extract(rule_extractor, "甲乙丙不久前会见了多国代表，包括丁戊己和癸子丑。"))
    assert [set(g[2]) for g in got] == [{"丁戊己", "癸子丑", "甲乙丙"}]


def test_a_person_of_a_clause_of_time_before_the_trigger_is_not_its_subject(rule_extractor):
    """王毅为何在…拜登声明继续强化日韩关系的时候访问韩国: 王毅 visits; 庚辛壬在甲乙丙访问…期间会见了丁戊己: 庚辛壬 meets."""
    got = pairs(extract(rule_extractor, "9日，庚辛壬在甲乙丙访问博雷亚期间会见了丁戊己。"))
    assert ("Meeting", "happened", ["丁戊己", "庚辛壬"], "2024-04-09") in got
    got = pairs(extract(rule_extractor, "记者问癸子丑为何在甲乙丙发表声明的时候访问奥林波斯。"))
    assert all("癸子丑" in g[2] for g in got if g[0] == "Visit") and any(g[0] == "Visit" for g in got)


def test_one_who_goes_along_to_a_meeting_is_no_participant(rule_extractor):
    """本次与韩正同行会见林郑月娥的中央官员包括…: those listed accompany 韩正."""
    text = "9日，甲乙丙会见丁戊己。与甲乙丙同行会见丁戊己的官员包括庚辛壬和斗牛峰。"
    assert pairs(extract(rule_extractor, text)) == [("Meeting", "happened", ["丁戊己", "甲乙丙"], "2024-04-09")]


def test_a_contact_spoken_of_takes_no_date_from_the_speech(rule_extractor):
    """菅义伟首相19日…谈及与美国下届总统拜登举行电话会谈时…。菅义伟11月12日上午与拜登进行了首次电话会谈: one call,
    of the 12th."""
    text = "甲乙丙9日在奥林波斯演讲，谈及与丁戊己举行电话会谈时说，合作很好。甲乙丙3月12日与丁戊己通电话。"
    got = pairs(extract(rule_extractor, text))
    assert [g[3] for g in got] == [None, "2024-03-12"]


def test_a_clause_starts_after_the_white_space_of_its_break(rule_extractor):
    """眾新聞 2020: 2018年， 她与正访问中国的德国总理默克尔会面: the pronoun opens its clause after the space."""
    got = pairs(extract(rule_extractor, "甲乙丙周三表示感谢。2023年， 他与来访的博雷亚总理丁戊己会面。"))
    assert got == [("Meeting", "happened", ["丁戊己", "甲乙丙"], "2023")]


def test_a_trigger_of_its_own_preposition_reports_to_the_other_side(rule_extractor):
    """林郑月娥周一下午到中南海瀛台，向国家主席习近平述职: 向 introduces the other side of 述职 (triggers.tsv's
    column with), and of that trigger only."""
    assert pairs(extract(rule_extractor, "博雷亚外长癸子丑周二向阿尔卡迪亚总统甲乙丙述职。")) == [
        ("Meeting", "happened", ["甲乙丙", "癸子丑"], "2024-04-09")]
    assert extract(rule_extractor, "博雷亚外长癸子丑周二向甲乙丙介绍会谈情况。") == []
    # 向 first: 林郑原定近日赴北京向中国国家主席习近平与国务院总理李克强述职
    [r] = extract(rule_extractor, "癸子丑周二向甲乙丙与丁戊己述职。")
    s = sides(r)
    assert s["甲乙丙"] == s["丁戊己"] != s["癸子丑"]


def test_a_possessor_before_the_preposition_leaves_the_subject_to_the_context(rule_extractor):
    """习近平四月六日至七日访问美国，将到美国总统特朗普在佛罗里达州的庄园与特朗普会晤: 习近平 meets 特朗普."""
    got = pairs(extract(rule_extractor, "甲乙丙9日访问博雷亚，到丁戊己在奥林波斯的庄园与丁戊己会晤。"))
    assert ("Meeting", "happened", ["丁戊己", "甲乙丙"], "2024-04-09") in got


def test_whether_they_will_meet_is_no_contact(rule_extractor):
    """习近平会否与特朗普在G20峰会举行会谈仍未表态 (眾新聞)."""
    assert extract(rule_extractor, "博雷亚对于丁戊己会否与甲乙丙举行会谈仍未表态。") == []


def test_a_surname_and_a_title_name_the_person_and_one_who_accompanies_is_none(rule_extractor):
    """中央社: 总统蔡英文…。蔡总统上午在副总统赖清德陪同下，接见捷克参议院议长维特齐: 蔡英文 met 维特齐."""
    text = "阿尔卡迪亚总统甲乙丙8日抵达奥林波斯。甲总统9日在外长庚辛壬陪同下，会见博雷亚总理丁戊己。"
    got = pairs(extract(rule_extractor, text))
    assert got == [("Meeting", "happened", ["丁戊己", "甲乙丙"], "2024-04-09")]


def test_a_pronoun_inside_a_word_and_a_person_spoken_of_are_no_other_side(rule_extractor):
    """孟晚舟与其中一家美国金融机构主管会面 (其中 is no 其); 实现两岸领导人历史性会晤及不点名提及民进党蔡英文."""
    assert extract(rule_extractor, "庚辛壬指，甲乙丙9日与其中一家银行的主管会面。") == []
    assert extract(rule_extractor, "甲乙丙回顾，实现历史性会晤及不点名提及丁戊己当选总理。") == []


def test_a_call_that_sets_the_main_clause_is_between_its_persons(rule_extractor):
    """德国之声: 在约25分钟的通话中，菅义伟向特朗普表明…; 在长达一小时的通话中，特朗普时而抨击拉芬斯佩格."""
    got = pairs(extract(rule_extractor, "9日，在约25分钟的通话中，甲乙丙向博雷亚总理丁戊己表明，合作很好。"))
    assert got == [("PhoneCall", "happened", ["丁戊己", "甲乙丙"], "2024-04-09")]
    assert extract(rule_extractor, "9日，在会谈中，甲乙丙表示满意。") == []


def test_a_pronoun_right_before_the_preposition_is_the_subject(rule_extractor):
    """路透: 王毅周二表示…。外交部网站刊登的他与法国外长勒得里昂通话内容称: 王毅 called 勒德里安."""
    text = "甲乙丙周二表示，合作很好。外交部网站刊登的他与博雷亚总理丁戊己通话内容称，双方满意。"
    assert [g[2] for g in pairs(extract(rule_extractor, text))] == [["丁戊己", "甲乙丙"]]


def cross_pairs(reports):
    """Every pair of persons of different sides, each as a sorted list of names."""
    from kg.extract.pipeline import cross_side_pairs

    return sorted(sorted(p) for r in reports for p in cross_side_pairs(r))


def test_an_earlier_clause_object_is_not_the_next_clause_subject(rule_extractor):
    """中央社: 艾薩…上午首先會見總統蔡英文，下午拜會衛生福利部長陳時中; 美国之音: 王毅…访问柬埔寨期间，将会对首相洪森
    进行礼节性的拜访，并与副首相…布拉索昆举行正式会谈: each contact is the visitor's."""
    text = "阿尔卡迪亚总统甲乙丙9日抵达博雷亚，上午首先会见总理丁戊己，下午拜会副总理寅卯辰。"
    assert cross_pairs(extract(rule_extractor, text)) == [["丁戊己", "甲乙丙"], ["寅卯辰", "甲乙丙"]]
    text = "甲乙丙在10日访问博雷亚期间，将会对总理丁戊己进行礼节性的拜访，并与外长癸子丑举行正式会谈。"
    got = [(g[0], g[2]) for g in pairs(extract(rule_extractor, text))]
    assert ("Meeting", ["丁戊己", "甲乙丙"]) in got and ("Talks", ["甲乙丙", "癸子丑"]) in got
    assert ["丁戊己", "癸子丑"] not in [g[1] for g in got]


def test_a_preposition_inside_a_word_joins_no_sides(rule_extractor):
    """眾新聞: 曾俊華的主要對手、前政務司司長林鄭月娥日前拜訪總商會時: 對 of 對手 is no preposition."""
    assert extract(rule_extractor, "甲乙丙的主要对手、外长庚辛壬9日拜会商会时表示满意。") == []


def test_the_preposition_with_a_person_before_it_joins_the_sides(rule_extractor):
    """新华社 via 美国之音: 欧盟外交与安全政策高级代表…博雷利…10月23日与美国国务卿蓬佩奥通话: the first 与 is
    inside the office's name, the second joins the sides."""
    got = pairs(extract(rule_extractor, "外交与安全事务代表甲乙丙9日与博雷亚外长癸子丑通话。"))
    assert got == [("PhoneCall", "happened", ["甲乙丙", "癸子丑"], "2024-04-09")]


def test_a_call_with_its_other_side_that_sets_the_main_clause(rule_extractor):
    """路透: 在上周四与菅义伟的通话中，美国当选总统拜登表示: the call is the speaker's, 当选 a part of his title."""
    got = pairs(extract(rule_extractor, "在上周四与丁戊己的通话中，阿尔卡迪亚当选总统甲乙丙表示，合作很好。"))
    assert got == [("PhoneCall", "happened", ["丁戊己", "甲乙丙"], "2024-04-04")]


def test_the_persons_a_plural_object_includes_are_met(rule_extractor):
    """纽约时报中文网: 特朗普在白宫会见了来自世界各地的宗教领袖，包括…主席卡拉姆·萨姆森."""
    got = pairs(extract(rule_extractor, "9日，甲乙丙会见了来自各国的宗教领袖，包括博雷亚总理丁戊己，双方合影。"))
    assert got == [("Meeting", "happened", ["丁戊己", "甲乙丙"], "2024-04-09")]


def test_a_with_list_without_subject_is_one_side(rule_extractor):
    """德国之声: 蓬佩奥在会见约翰逊和拉布前…。据悉，行程中也安排与前港督彭定康和…罗冠聪会面: the two meet 蓬佩奥,
    not each other; with no one named before, no contact."""
    text = "甲乙丙9日抵达博雷亚。据悉，行程中也安排与总理丁戊己和外长癸子丑会面。"
    assert cross_pairs(extract(rule_extractor, text)) == [["丁戊己", "甲乙丙"], ["甲乙丙", "癸子丑"]]
    assert extract(rule_extractor, "据悉，行程中也安排与总理丁戊己和外长癸子丑会面。") == []


def test_a_contact_without_time_takes_the_day_of_the_first_sentence_that_tells_one(rule_extractor):
    """路透华盛顿7月28日 - 美国和亲密盟友澳大利亚周二就中国问题举行了高层会谈。…蓬佩奥…与澳大利亚外长举行了为期两天
    的会谈: the talks of the countries and of their ministers are one, on 周二; not when the first sentence tells
    no contact of that kind."""
    text = "阿尔卡迪亚和博雷亚周二举行了高层会谈。庚辛壬在奥林波斯与博雷亚外长癸子丑举行了会谈。"
    assert [g[3] for g in pairs(extract(rule_extractor, text))] == ["2024-04-09"]
    text = "阿尔卡迪亚周二表示满意。庚辛壬在奥林波斯与博雷亚外长癸子丑举行了会谈。"
    assert [g[3] for g in pairs(extract(rule_extractor, text))] == ["2024-04"]


def test_a_modifier_after_a_light_verb_describes_the_contact(rule_extractor):
    """新闻联播: 王沪宁表示，今天下午，习近平主席同你举行富有成果的会晤: 你 is the addressee, 富有成果的 describes the
    meeting (unlike 与其竞选团队的…通电话)."""
    text = "9日，甲乙丙会见了博雷亚外长癸子丑。甲乙丙表示，今天下午，丁戊辛总统同你举行了富有成果的会晤。"
    assert ["丁戊辛", "癸子丑"] in [g[2] for g in pairs(extract(rule_extractor, text))]


def test_a_shared_name_under_a_title_none_of_its_persons_holds_is_another_person(rule_extractor):
    """新闻联播: 李希还会见…里约州州长卡斯特罗 is not 洪都拉斯总统卡斯特罗, whose short name it shares (~卡斯特罗)."""
    [r] = extract(rule_extractor, "9日，甲乙丙会见了州长丁戊。")
    assert [(p.text, p.entry) for p in r.participants[1:]] == [("丁戊", None)]
    [r] = extract(rule_extractor, "9日，甲乙丙会见了博雷亚总统丁戊。")
    assert r.participants[1].name == "丁戊辛"


def test_an_inviter_of_a_region_hosts_a_visit_to_it(rule_extractor):
    """中央社: 應立法院長游錫堃邀請，捷克參議院議長維特齊即將在29日…訪問台灣: the inviter of 台湾 (a region of 中国)
    hosts the visit."""
    [r] = extract(rule_extractor, "应院长井鬼柳邀请，阿尔卡迪亚总统甲乙丙即将在12日访问卡利斯托。")
    assert (r.type, sorted(p.name for p in r.participants), r.hosts) == ("Visit", ["井鬼柳", "甲乙丙"], ["井鬼柳"])


def test_co_chairing_is_a_meeting(rule_extractor):
    """联合早报: 此次对话…以视频形式举行，中国国务院副总理胡春华与法国经济和财政部长勒梅尔共同主持."""
    got = pairs(extract(rule_extractor, "4月9日，甲乙丙同博雷亚外长癸子丑共同主持合作委员会会议。"))
    assert got == [("Meeting", "happened", ["甲乙丙", "癸子丑"], "2024-04-09")]


def test_a_deputy_s_honorific_is_the_deputy(rule_extractor):
    """新闻联播 2025-07-17: 韩正…会见南非副总统马沙蒂莱。…转达拉马福萨总统的问候…。前年，我同副总统先生共同主持…:
    副总统先生 is 马沙蒂莱, not the president named after him (副总统 is no 总统)."""
    text = "9日，甲乙丙会见博雷亚副总理寅卯辰。甲乙丙请他转达对丁戊己总理的问候。甲乙丙表示，去年我同副总理先生共同主持会议。"
    got = [(g[2], g[3]) for g in pairs(extract(rule_extractor, text))]
    assert (["寅卯辰", "甲乙丙"], "2023") in got and (["丁戊己", "甲乙丙"], "2023") not in got


def test_the_other_side_of_an_earlier_joint_clause_is_no_subject(rule_extractor):
    """新闻联播 2024-07-24: 丁薛祥访问俄罗斯，同…曼图罗夫共同主持…会议，同…诺瓦克共同主持…会议: both are 丁薛祥's."""
    text = "9日，甲乙丙访问博雷亚，同总理丁戊己共同主持合作委员会会议，同外长癸子丑共同主持能源委员会会议。"
    assert cross_pairs(extract(rule_extractor, text)) == [["丁戊己", "甲乙丙"], ["甲乙丙", "癸子丑"]]


def test_a_pair_reference_the_subject_meets_is_not_a_pair_of_its_own(rule_extractor):
    """中央社: 加藤勝信今天宣布，首相菅義偉18日起將前往越南及印尼…。菅義偉預計將與兩國領袖舉行會談: not 加藤–菅."""
    text = "外长庚辛壬今天宣布，总统甲乙丙12日起将前往博雷亚。甲乙丙预计将与两国领导人举行会谈。"
    assert [g for g in pairs(extract(rule_extractor, text)) if g[0] == "Talks"] == []


def test_a_contact_without_time_takes_the_day_of_a_visit_the_first_sentence_tells(rule_extractor):
    """法广: 正在英国访问的美国国务卿蓬佩奥周二呼吁…。…蓬佩奥与英国首相约翰逊及外交大臣拉布分别会谈: 周二."""
    text = "正在博雷亚访问的阿尔卡迪亚外长庚辛壬周二呼吁合作。庚辛壬与博雷亚总理丁戊己举行了会谈。"
    assert [g[3] for g in pairs(extract(rule_extractor, text)) if g[0] == "Talks"] == ["2024-04-09"]


def test_the_two_foreign_ministers_after_a_meeting_are_the_ones_named(rule_extractor):
    got = pairs(extract(rule_extractor, "阿尔卡迪亚外长庚辛壬和博雷亚外长癸子丑谈判。甲乙丙9日分别会见双方外长。"))
    assert sorted(g[2] for g in got) == [["庚辛壬", "甲乙丙"], ["甲乙丙", "癸子丑"]]
    # named only after the meeting, in the next sentence
    [r] = extract(rule_extractor, "甲乙丙9日会见了两国外长。阿尔卡迪亚外长庚辛壬和博雷亚外长癸子丑随后发表声明。")
    assert [(p.name, s) for p, s in zip(r.participants, r.sides)] == [("甲乙丙", 0), ("庚辛壬", 1), ("癸子丑", 1)]


def test_the_start_of_a_period_does_not_date_a_call(rule_extractor):
    reports = extract(rule_extractor, "甲乙丙周二与丁戊己通了电话。这是两人自3月以来首次通话。")
    assert {(r.type, r.date.iso() if r.date else None) for r in reports} == {("PhoneCall", "2024-04-09")}


def test_a_pair_goes_on_to_a_second_contact_of_its_own_day(rule_extractor):
    got = pairs(extract(rule_extractor, "甲乙丙和丁戊己周一通了电话，并准备周四再次会谈。"))
    assert got == [("PhoneCall", "happened", ["丁戊己", "甲乙丙"], "2024-04-08"),
                   ("Talks", "planned", ["丁戊己", "甲乙丙"], "2024-04-11")]


def test_jian_le_is_a_meeting_but_kan_jian_is_not(rule_extractor):
    assert [g[2] for g in pairs(extract(rule_extractor, "9日，甲乙丙还见了博雷亚总理丁戊己。"))] == [["丁戊己", "甲乙丙"]]
    assert extract(rule_extractor, "9日，甲乙丙在电视上看见了丁戊己。") == []


def test_groups_and_forms_of_address_are_no_names(rule_resources):
    from kg.extract.lexicon import Lexicon
    from kg.extract.mentions import plausible_name

    lex = Lexicon(rule_resources)
    assert [w for w in ("麻生派", "蓝营", "黄生", "范太", "唐姑娘", "何女", "黄指", "陈称", "彦霖外公", "维特齐", "黄之锋",
                        "张晓明") if plausible_name(w, lex)] == ["维特齐", "黄之锋", "张晓明"]


def test_an_undated_mention_joins_its_own_article_s_event(rule_extractor):
    from kg.consolidate import consolidate

    first = extract(rule_extractor, "甲乙丙昨天与丁戊己通了电话。双方通话后发表声明。")  # 9 April
    other = rule_extractor.extract(article_from_text("甲乙丙今天与丁戊己再次通了电话。", published(2024, 4, 10),
                                                     url="https://example.org/4"))
    assert other[0].article.id < first[0].article.id  # the other article's event is made first
    for reports in (first + other, other + first):
        events, _ = consolidate(reports)
        by_date = {e.date.iso(): {r.article.id for r in e.reports} for e in events}
        assert by_date == {"2024-04-09": {first[0].article.id}, "2024-04-10": {other[0].article.id}}


def test_a_contact_asked_about_is_none_but_the_answer_is(rule_extractor):
    assert extract(rule_extractor, "外界关注甲乙丙是否会如去年一样，也和丁戊己通电话。") == []
    assert pairs(extract(rule_extractor, "甲乙丙没有透露何时访问，但他周二与丁戊己会面。")) == [
        ("Meeting", "happened", ["丁戊己", "甲乙丙"], "2024-04-09")]
    got = pairs(extract(rule_extractor, "被问及是否与丁戊己会面时，甲乙丙说，他周二已与丁戊己通了电话。"))
    assert got == [("PhoneCall", "happened", ["丁戊己", "甲乙丙"], "2024-04-09")]


def test_putonghua_holds_no_call(rule_extractor):
    assert extract(rule_extractor, "甲乙丙和丁戊己今天用普通话宣誓。") == []


def test_trump_s_call_is_a_call(extractor):
    # DW 2020-09-23: the 普 of 特朗普 before 通话 is no 普通话
    got = pairs(extract(extractor, "此前，菅义伟已在20日与美国总统特朗普通话。", published(2020, 9, 23)))
    assert got == [("PhoneCall", "happened", ["特朗普", "菅义伟"], "2020-09-20")]


def test_a_name_cut_by_one_character_is_the_longer_form_of_the_article(rule_resources):
    from kg.extract.mentions import complete_cut_names
    from kg.extract.model import Mention

    text = "将与甲乙丙、陈时中会面。部长陈时中表示欢迎。"
    cut = Mention(6, 8, "陈时", "陈时", via="lac")
    whole = Mention(14, 17, "陈时中", "陈时中", via="title")
    got = complete_cut_names(text, [cut, whole])
    assert [(m.start, m.end, m.name) for m in got] == [(6, 9, "陈时中"), (14, 17, "陈时中")]


def test_a_visit_s_clause_of_time_gives_the_trip_s_subject_and_month(rule_extractor):
    text = "甲乙丙18日起将前往博雷亚，为期4天。访问博雷亚时将与博雷亚总理丁戊己举行会谈。"
    talks = [g for g in pairs(extract(rule_extractor, text)) if g[0] == "Talks"]
    assert talks == [("Talks", "planned", ["丁戊己", "甲乙丙"], "2024-04")]


def test_a_contact_compared_with_in_a_question_is_a_fact(rule_extractor):
    got = pairs(extract(rule_extractor, "不过甲乙丙是否会如去年与丁戊己通电话一样，也和庚辛壬通电话引起猜测。"))
    assert got == [("PhoneCall", "happened", ["丁戊己", "甲乙丙"], "2023")]


def test_before_a_meeting_is_a_clause_of_time_not_background(rule_extractor):
    got = pairs(extract(rule_extractor, "甲乙丙10日会见丁戊己。在与丁戊己见面之前，甲乙丙还见了庚辛壬。"))
    assert ("Meeting", "happened", ["庚辛壬", "甲乙丙"], "2024-04-10") in got  # one of a series (还)


def test_the_shi_of_an_ambassador_is_no_causative(rule_extractor):
    got = pairs(extract(rule_extractor, "甲乙丙9日会晤博雷亚驻阿尔卡迪亚大使卯辰巳。"))
    assert got == [("Meeting", "happened", ["卯辰巳", "甲乙丙"], "2024-04-09")]


def test_rumours_lies_and_earliest_possible_days_are_no_visits(rule_extractor):
    for text in ("2015年，一度盛传甲乙丙将会访问博雷亚。", "甲乙丙谎称自己计划9日启程前往博雷亚。",
                 "甲乙丙最快可于上周五抵达博雷亚。", "这牵扯到甲乙丙什么时候要访问博雷亚。"):
        assert extract(rule_extractor, text) == [], text


def test_undated_visits_to_two_countries_are_two_events(rule_extractor):
    from kg.consolidate import consolidate

    one = extract(rule_extractor, "甲乙丙访问了博雷亚。")
    two = rule_extractor.extract(article_from_text("甲乙丙访问了赫斯珀里亚。", PUB, url="https://example.org/b"))
    assert one[0].date is None and two[0].date is None
    events, _ = consolidate(one + two)
    assert sorted(e.place for e in events) == ["博雷亚", "赫斯珀里亚"]


def test_officials_in_general_visit_no_named_person(rule_extractor):
    assert extract(rule_extractor, "甲乙丙说，过去40年，博雷亚在派出官员访问阿尔卡迪亚事情上保持克制。") == []
    [r] = extract(rule_extractor, "甲乙丙9日率代表团访问博雷亚。")
    assert [p.name for p in r.participants] == ["甲乙丙"]


def test_a_second_title_or_a_body_is_no_name_after_a_title(rule_extractor):
    got = pairs(extract(rule_extractor, "甲乙丙9日会见博雷亚国会主席兼下议院议长卯辰巳。"))
    assert got == [("Meeting", "happened", ["卯辰巳", "甲乙丙"], "2024-04-09")]
    got = pairs(extract(rule_extractor, "甲乙丙9日会见博雷亚国王顾问团主席卯辰巳。"))
    assert got == [("Meeting", "happened", ["卯辰巳", "甲乙丙"], "2024-04-09")]


def test_a_short_talk_is_talks_and_its_partner_no_subject_of_the_next_meeting(rule_extractor):
    got = pairs(extract(rule_extractor, "9日，甲乙丙同博雷亚总理丁戊己进行了简短交谈，并会见了博雷亚外长癸子丑。"))
    assert sorted(got) == [("Meeting", "happened", ["甲乙丙", "癸子丑"], "2024-04-09"),
                           ("Talks", "happened", ["丁戊己", "甲乙丙"], "2024-04-09")]


def test_a_gazetteer_name_spelt_with_a_character_of_the_same_sound_is_that_person(rule_extractor):
    text = "阿尔卡迪亚总统甲乙丙8日抵达奥林波斯。9日，总统甲乙柄会见了博雷亚总理丁戊己。"
    assert pairs(extract(rule_extractor, text)) == [("Meeting", "happened", ["丁戊己", "甲乙丙"], "2024-04-09")]


def test_a_passive_inside_a_modifier_of_the_object_leaves_the_object(rule_extractor):
    """会见了被北京视为危险人物的出版商黎智英: 被 describes the object, the meeting's object stays."""
    text = "9日，甲乙丙会见了被博雷亚视为英雄的外长癸子丑。"
    assert pairs(extract(rule_extractor, text)) == [("Meeting", "happened", ["甲乙丙", "癸子丑"], "2024-04-09")]


def test_a_speaker_is_the_subject_of_a_contact_a_modifier_after_the_light_verb_describes(rule_extractor):
    """特朗普說，與習主席進行了很好的通話: the 的 after 进行 describes the call, the speaker made it."""
    text = "9日，甲乙丙说，与丁戊己进行了很好的通话。"
    assert pairs(extract(rule_extractor, text)) == [("PhoneCall", "happened", ["丁戊己", "甲乙丙"], "2024-04-09")]


def test_the_end_of_a_title_is_no_name(rule_extractor):
    """州务卿拉芬斯伯格: the recogniser's 务卿 is the end of the title 州务卿, not a name."""
    from kg.extract.mentions import _cuts_a_word
    text = "阿尔卡迪亚州务卿子丑寅"
    lex = rule_extractor.lex
    assert _cuts_a_word(text, text.index("务卿"), text.index("务卿") + 2, lex)
    assert not _cuts_a_word(text, text.index("子丑寅"), len(text), lex)


def test_an_afternoon_told_in_a_morning_article_is_the_day_before(rule_extractor):
    """中央社 published 3日 08:59: 下午3时30分与西村康稔会谈 was on the 2nd; published in the afternoon, the
    same afternoon; 今天下午 says its day; an afternoon of a contact told as background (曾) is no day."""
    text = "阿尔卡迪亚总统甲乙丙下午3时30分与博雷亚总理丁戊己会谈。"
    assert pairs(extract(rule_extractor, text, published(2024, 4, 10, hour=9)))[0][3] == "2024-04-09"
    assert pairs(extract(rule_extractor, text, published(2024, 4, 10, hour=18)))[0][3] == "2024-04-10"
    text = "阿尔卡迪亚总统甲乙丙今天下午与博雷亚总理丁戊己会谈。"
    assert pairs(extract(rule_extractor, text, published(2024, 4, 10, hour=9)))[0][3] == "2024-04-10"
    text = "阿尔卡迪亚总统甲乙丙曾花一整个下午时间会见博雷亚总理丁戊己。"  # background: no day
    assert pairs(extract(rule_extractor, text, published(2024, 4, 10, hour=9)))[0][3] is None


def test_the_contacts_of_one_trigger_share_its_date(rule_extractor):
    """正在英国访问的蓬佩奥周二呼吁…。蓬佩奥与约翰逊及拉布分别会谈: both talks on the Tuesday, not one on the day
    and the other in the month of the lead."""
    text = "正在博雷亚访问的阿尔卡迪亚总统甲乙丙周二呼吁合作。甲乙丙与博雷亚总理丁戊己及副总理寅卯辰分别会谈。"
    got = [g for g in pairs(extract(rule_extractor, text)) if g[0] == "Talks"]
    assert sorted((g[2], g[3]) for g in got) == [(["丁戊己", "甲乙丙"], "2024-04-09"), (["寅卯辰", "甲乙丙"], "2024-04-09")]


def test_a_video_conference_of_persons_is_a_call(rule_extractor):
    """习近平将于9月14日与…米歇尔、…默克尔举行视频会议 (联合早报 2020-09-12): a call of each with him."""
    got = pairs(extract(rule_extractor, "甲乙丙将于4月15日与博雷亚总理丁戊己举行视频会议。"))
    assert got == [("PhoneCall", "planned", ["丁戊己", "甲乙丙"], "2024-04-15")]


def test_a_capital_the_recogniser_reads_as_a_name_is_no_person(extractor):
    """新闻联播 2025-06-02: …代表团1日在约旦首都安曼与巴勒斯坦总统阿巴斯举行视频会议: 安曼 is the capital, and a
    delegation no person, so there is no pair of persons."""
    text = "由沙特阿拉伯、巴林、埃及、约旦四国外长和阿拉伯国家联盟秘书长组成的代表团1日在约旦首都安曼与巴勒斯坦总统阿巴斯举行视频会议。"
    assert all(len(r.participants) < 2 or "安曼" not in [m.name for m in r.participants]
               for r in extract(extractor, text, published(2025, 6, 2)))
    assert any(m.name == "安曼" for r in extract(extractor, text.replace("首都", ""), published(2025, 6, 2))
               for m in r.participants)


def test_a_talk_of_minutes_is_talks_and_a_speech_is_none(rule_extractor):
    """眾新聞 2020-08-28: 安倍…與幹事長二階俊博談話約10分鐘 is a contact; 发表重要谈话 (a speech) is none."""
    got = pairs(extract(rule_extractor, "阿尔卡迪亚总统甲乙丙与博雷亚总理丁戊己谈话10分钟。"))
    assert [(g[0], g[2]) for g in got] == [("Talks", ["丁戊己", "甲乙丙"])]
    got = pairs(extract(rule_extractor, "阿尔卡迪亚总统甲乙丙同博雷亚总理丁戊己进行了亲切谈话。"))
    assert [(g[0], g[2]) for g in got] == [("Talks", ["丁戊己", "甲乙丙"])]
    assert pairs(extract(rule_extractor, "阿尔卡迪亚总统甲乙丙发表重要谈话，博雷亚总理丁戊己出席。")) == []


def test_hosts_of_a_guest_left_unread_are_no_contact_of_theirs(rule_extractor):
    """…獲時任美國總統克林頓及副總統戈爾、加拿大首相Jean Chretien接見 (眾新聞 2021): with the passive unread, the
    persons before 接见 and none after it are hosts, not a contact among themselves; 会谈 joins them."""
    assert pairs(extract(rule_extractor, "阿尔卡迪亚总统甲乙丙及博雷亚总理丁戊己接见。")) == []
    got = pairs(extract(rule_extractor, "阿尔卡迪亚总统甲乙丙和博雷亚总理丁戊己周二会谈。"))
    assert [g[2] for g in got] == [["丁戊己", "甲乙丙"]]


def test_meeting_the_press_is_no_contact(rule_extractor):
    """周浩鼎和梁振英會見傳媒時的發言 (眾新聞 2020): 会见传媒 is a press conference."""
    assert pairs(extract(rule_extractor, "甲乙丙和丁戊己周二会见传媒时表示支持。")) == []
    assert [g[2] for g in pairs(extract(rule_extractor, "甲乙丙周二会见丁戊己。"))] == [["丁戊己", "甲乙丙"]]


def test_a_discussion_is_talks_only_with_a_with_phrase(rule_extractor):
    """访问期间，王毅与该国…部长卢胡特讨论了…合作 (VOA 2021): talks; 讨论了X的提议, 对…正在讨论的措施, 双方讨论的
    议题 after a call, 与其同僚讨论: none."""
    got = pairs(extract(rule_extractor, "访问期间，甲乙丙周二与博雷亚总理丁戊己讨论了合作。"))
    assert got == [("Talks", "happened", ["丁戊己", "甲乙丙"], "2024-04-09")]
    assert pairs(extract(rule_extractor, "甲乙丙周二讨论了丁戊己的提议。")) == []
    assert pairs(extract(rule_extractor, "寅卯辰说，自己对丁戊己政府正在讨论的措施感到鼓舞。")) == []
    assert pairs(extract(rule_extractor, "甲乙丙与其同僚正在讨论两件事。")) == []
    got = pairs(extract(rule_extractor, "甲乙丙周二同丁戊己通电话，双方讨论了合作。"))
    assert [(g[0], g[2]) for g in got] == [("PhoneCall", ["丁戊己", "甲乙丙"])]


def test_a_surname_and_an_adverb_are_no_name(rule_extractor):
    """潘曾與Rodgers和…蘇耀華…討論 (眾新聞 2018): the recogniser's 潘曾 is the surname 潘 and the adverb 曾."""
    from kg.extract.mentions import glued_to_next_word

    assert glued_to_next_word("潘曾与丁戊己讨论", 0, 2, rule_extractor.lex) == 0
    assert glued_to_next_word("鲁比奥通电话", 0, 4, rule_extractor.lex) == 3


def test_a_month_that_starts_a_period_dates_no_trip(rule_extractor):
    """这是王毅去年10月来对该地区的第二次访问。…访问期间，王毅与…卢胡特讨论了… (VOA 2021-01-19): 去年10月来 is
    'since last October', not the month of the trip."""
    text = "这是甲乙丙去年10月来对该地区的第二次访问。访问期间，甲乙丙与博雷亚总理丁戊己讨论了合作。"
    assert all(g[3] != "2023-10" for g in pairs(extract(rule_extractor, text)))
    text = "这是甲乙丙去年10月对该地区的第二次访问。访问期间，甲乙丙与博雷亚总理丁戊己讨论了合作。"
    assert "2023-10" in [g[3] for g in pairs(extract(rule_extractor, text))]


def test_persons_who_meet_others_together_are_one_side(rule_extractor):
    """據悉昨日與林鄭月娥一同會見金融服務界選委的…查史美倫 (眾新聞 2017): 一同 puts the with-phrase on the side of the
    relative clause's head, so no contact; with a subject and an object (与X一道会见Y) X joins the subject."""
    assert pairs(extract(rule_extractor, "据悉周二与甲乙丙一同会见选委的博雷亚总理丁戊己亦获邀加入。")) == []
    [r] = extract(rule_extractor, "甲乙丙周二与丁戊己一道会见了寅卯辰。")
    assert sorted(zip((p.name for p in r.participants), r.sides)) == [("丁戊己", 0), ("寅卯辰", 1), ("甲乙丙", 0)]
    assert [g[2] for g in pairs(extract(rule_extractor, "甲乙丙周二与丁戊己就共同关心的问题举行会谈。"))] == [
        ["丁戊己", "甲乙丙"]]


def test_a_call_told_as_the_place_of_an_agreement_is_a_call(rule_extractor):
    """习近平与…默克尔、…马克龙…在上周三的视频会议上达成中欧投资协定 (纽约时报中文网 2021): 在…上 after a call or a
    meeting with both sides named is that contact; after a summit (在峰会上) it names a place only."""
    got = pairs(extract(rule_extractor, "甲乙丙与博雷亚总理丁戊己在上周三的视频会议上达成协定。"))
    assert got == [("PhoneCall", "happened", ["丁戊己", "甲乙丙"], "2024-04-03")]
    assert pairs(extract(rule_extractor, "甲乙丙与博雷亚总理丁戊己在峰会上发表讲话。")) == []


def test_a_cancellation_in_a_clause_of_time_before_the_contact_does_not_negate_it(rule_extractor):
    """克拉夫特1月14日在取消访台计划后与台湾总统蔡英文举行视频通话 (联合早报 2021): the cancelled plan came before the
    call, which happened; 取消与…通话 negates it."""
    got = pairs(extract(rule_extractor, "甲乙丙4月8日在取消访问计划后与博雷亚总理丁戊己举行视频通话。"))
    assert got == [("PhoneCall", "happened", ["丁戊己", "甲乙丙"], "2024-04-08")]
    assert pairs(extract(rule_extractor, "甲乙丙4月8日取消与博雷亚总理丁戊己举行视频通话。")) == []


def test_you_in_a_quote_is_the_person_spoken_to(rule_extractor):
    """金正恩對特朗普說，「我非常高興與你在新加坡會面」 (眾新聞 2018): 你 is the one the speaker speaks to."""
    got = pairs(extract(rule_extractor, "甲乙丙周二对博雷亚总理丁戊己说：“我很高兴与你会面。”"))
    assert [(g[0], g[2]) for g in got] == [("Meeting", ["丁戊己", "甲乙丙"])]


def test_a_relative_of_a_person_travels_not_the_person(rule_extractor):
    """2019年10月，邓恩的父母前往美国 (RFA 2020): the parents go; 推动台湾高层领导人访美: leaders in general."""
    assert pairs(extract(rule_extractor, "周二，甲乙丙的父母前往博雷亚会见丁戊己。")) == []
    assert pairs(extract(rule_extractor, "甲乙丙推动阿尔卡迪亚高层领导人访问博雷亚。")) == []
    assert [g[0] for g in pairs(extract(rule_extractor, "甲乙丙周二访问博雷亚。"))] == ["Visit"]


def test_a_role_pair_reference_finds_its_second_person_later(rule_extractor):
    """在访问行程第一天，两国国防部长也举行了会面。…印度国防部长辛格… (德国之声 2020): one defence minister named
    before, the other, of the other country, after."""
    text = "阿尔卡迪亚总统甲乙丙和外长庚辛壬访问博雷亚。周二，两国外长也举行了会面。博雷亚外长癸子丑表示满意。"
    assert ["庚辛壬", "癸子丑"] in [g[2] for g in pairs(extract(rule_extractor, text))]


def test_a_bare_office_after_a_with_word_is_the_articles_holder(rule_extractor):
    """台湾外交部长吴钊燮今天表示，…克拉夫特…将会晤总统蔡英文，并将与外交部长会谈 (联合早报 2021): 外交部长 is the one
    foreign minister the article names."""
    text = "博雷亚外长癸子丑表示，甲乙丙周二将会见博雷亚总理丁戊己，并将与外长会谈。"
    assert ["甲乙丙", "癸子丑"] in [g[2] for g in pairs(extract(rule_extractor, text))]


def test_a_host_who_receives_ending_a_clause_meets_the_person_of_the_clause_before(rule_extractor):
    """王若望到了台湾，李登辉亲自接见 (自由亚洲电台 2020): 接见 with nothing after it receives the earlier clause's person."""
    got = pairs(extract(rule_extractor, "丁戊己周二到了阿尔卡迪亚，甲乙丙亲自接见，待遇很高。"))
    assert [g[2] for g in got if g[0] == "Meeting"] == [["丁戊己", "甲乙丙"]]


def test_consultations_are_talks_only_with_a_with_phrase(rule_extractor):
    """在英国首相约翰逊和…冯德莱恩紧急磋商之后 (法广 2020): talks; 将与欧盟磋商 (a body) and 双方举行了磋商 stay as before."""
    got = pairs(extract(rule_extractor, "在阿尔卡迪亚总统甲乙丙和博雷亚总理丁戊己周二紧急磋商之后，双方决定重开谈判。"))
    assert [(g[0], g[2]) for g in got] == [("Talks", ["丁戊己", "甲乙丙"])]
    assert pairs(extract(rule_extractor, "甲乙丙将与博雷亚磋商。")) == []


def test_a_group_of_two_nations_meets_across_them(rule_extractor):
    """美国贸易代表莱特希泽、美国财政部长姆努钦，和…刘鹤…会谈: with no other side, persons of one country are one side
    (the two Americans did not meet each other there); persons of unknown country each a side of their own."""
    [r] = extract(rule_extractor, "阿尔卡迪亚总统甲乙丙、外长庚辛壬及博雷亚总理丁戊己周二举行会谈。", published(2024, 3, 3))
    assert sorted(zip((p.name for p in r.participants), r.sides)) == [("丁戊己", 1), ("庚辛壬", 0), ("甲乙丙", 0)]


def test_a_list_of_three_nations_closed_by_and_is_one_group(rule_extractor):
    """美国总统拜登、日本首相岸田文雄和韩国总统尹锡悦举行三方会谈: 和 closes the list; each country is a side (not
    拜登 and 岸田 on one side against 尹锡悦)."""
    [r] = extract(rule_extractor, "阿尔卡迪亚总统甲乙丙、博雷亚总理丁戊己和赫斯珀里亚外长心尾箕周二举行三方会谈。",
                  published(2024, 3, 3))
    assert len(set(r.sides)) == 3
